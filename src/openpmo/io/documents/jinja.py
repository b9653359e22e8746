"""The Jinja side of document templates: the environment (filters, empty ``None``) and the
check of a parsed template's placeholders against a kind's vocabulary.

The check follows names through the template: ``{% for r in risks %}`` binds ``r`` to an
item of ``risks``, so ``r.ownr`` is reported as ``risks[].ownr``; ``{% set %}``, macro
arguments and ``loop`` are accepted as they come. Attributes of text, numbers and dates
(``project.name.upper()``) are Python's and are not checked.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from jinja2 import Environment, nodes
from jinja2.defaults import DEFAULT_NAMESPACE
from jinja2.sandbox import SandboxedEnvironment

from openpmo.io.documents.vocabulary import Var

__all__ = ["FILTERS", "Unknown", "environment", "unknown_names"]


def _blank(value: Any) -> Any:
    return "" if value is None else value


def _money(value: Any, places: int = 2) -> str:
    """``1234567.5`` → ``1,234,567.50``; empty for ``None``."""
    return "" if value is None else f"{float(value):,.{places}f}"


def _number(value: Any, places: int = 0) -> str:
    """Thousands separated, ``places`` decimals; empty for ``None``."""
    return "" if value is None else f"{float(value):,.{places}f}"


def _percent(value: Any, places: int = 0) -> str:
    """A 0–100 value as ``45%``; empty for ``None``."""
    return "" if value is None else f"{float(value):.{places}f}%"


def _date(value: Any, format: str = "%Y-%m-%d") -> str:
    """A date as text (``format`` as Python's ``strftime``); empty for ``None``."""
    if value is None or value == "":
        return ""
    if isinstance(value, date | datetime):
        return value.strftime(format)
    return str(value)


#: Filters added to Jinja's own, documented in ``docs/documents.md``.
FILTERS = {"money": _money, "number": _number, "percent": _percent, "date": _date}


def environment(*, autoescape: bool) -> Environment:
    """The environment every document template is parsed and rendered in. ``autoescape``
    for Word (the text goes into XML), not for Excel cells."""
    env = SandboxedEnvironment(autoescape=autoescape, finalize=_blank)
    env.filters.update(FILTERS)
    return env


@dataclass(frozen=True)
class Unknown:
    """A placeholder not in the vocabulary, its line in the parsed source, and the nearest
    known name (``""`` when none is close)."""

    name: str
    line: int
    suggestion: str


class _Any:
    """A value whose shape is not known (a ``set`` variable, a macro argument, ``loop``)."""


ANY = _Any()
_Shape = Var | _Any | tuple[Var, ...] | None
#: Filters that give back (part of) the list they are given.
_SAME_LIST = frozenset(
    {"sort", "selectattr", "rejectattr", "reverse", "list", "unique", "batch", "slice"}
)
_ITEM = frozenset({"first", "last", "random", "min", "max"})


def _written(node: nodes.Node) -> str:
    """An expression as the template spells it (``r.owner``, ``project['code']``)."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_written(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_written(node.node)}[{node.arg.value!r}]"
    return "…"


class _Checker:
    def __init__(self, variables: tuple[Var, ...]) -> None:
        self.top = {v.name: v for v in variables}
        self.found: list[Unknown] = []

    def report(self, name: str, line: int, choices: list[str]) -> None:
        close = difflib.get_close_matches(name.rsplit(".", 1)[-1], choices, n=1)
        prefix = name.rsplit(".", 1)[0] + "." if "." in name else ""
        self.found.append(Unknown(name, line, prefix + close[0] if close else ""))

    def item(self, shape: _Shape) -> _Shape:
        """The shape of one item of ``shape`` when iterated."""
        if isinstance(shape, Var) and shape.kind == "list":
            return Var(shape.name + "[]", "object", shape.doc, shape.doc_zh, shape.fields)
        return ANY

    def attribute(self, shape: _Shape, attr: str, node: nodes.Node) -> _Shape:
        if not isinstance(shape, Var) or shape.kind not in ("object", "list"):
            return ANY  # text, numbers, dates: Python's own attributes
        if shape.kind == "list":
            return ANY  # ``risks|length`` is a filter; list methods are Python's
        found = shape.field(attr)
        if found is None:
            self.report(_written(node), node.lineno, [f.name for f in shape.fields])
            return ANY
        return Var(f"{shape.name}.{attr}", found.kind, found.doc, found.doc_zh, found.fields)

    def expr(self, node: nodes.Node, scope: dict[str, _Shape]) -> _Shape:
        """Check an expression; its shape when it can be told."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.top:
                return self.top[node.name]
            if node.name not in DEFAULT_NAMESPACE and node.ctx == "load":
                self.report(node.name, node.lineno, list(self.top))
            return ANY
        if isinstance(node, nodes.Getattr):
            return self.attribute(self.expr(node.node, scope), node.attr, node)
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope)
            arg = node.arg
            if isinstance(arg, nodes.Slice):  # ``risks[:5]``: still the list
                self.children(arg, scope)
                return base
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                return self.attribute(base, arg.value, node)
            self.expr(arg, scope)
            return self.item(base) if isinstance(arg, nodes.Const) else ANY
        if isinstance(node, nodes.Filter | nodes.Test):
            base = self.expr(node.node, scope) if node.node is not None else ANY
            self.children(node, scope, skip=("node",))
            if node.name in _SAME_LIST:
                return base
            if node.name in _ITEM:
                return self.item(base)
            if node.name == "default":
                return base
            return ANY
        self.children(node, scope)
        return ANY

    def children(
        self, node: nodes.Node, scope: dict[str, _Shape], skip: tuple[str, ...] = ()
    ) -> None:
        for name, value in node.iter_fields():
            if name in skip:
                continue
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, nodes.Expr):
                    self.expr(child, scope)
                elif isinstance(child, nodes.Node):
                    self.stmt(child, scope)

    def bind(self, target: nodes.Node, shape: _Shape, scope: dict[str, _Shape]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = shape
        elif isinstance(target, nodes.Tuple):
            for sub in target.items:
                self.bind(sub, ANY, scope)
        elif isinstance(target, nodes.NSRef):
            scope.setdefault(target.name, ANY)

    def body(self, statements: list[nodes.Node], scope: dict[str, _Shape]) -> None:
        for statement in statements:
            self.stmt(statement, scope)

    def stmt(self, node: nodes.Node, scope: dict[str, _Shape]) -> None:
        if isinstance(node, nodes.For):
            shape = self.expr(node.iter, scope)
            inner = {**scope, "loop": ANY}
            self.bind(node.target, self.item(shape), inner)
            if node.test is not None:
                self.expr(node.test, inner)
            self.body(node.body, inner)
            self.body(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.expr(node.node, scope), scope)
        elif isinstance(node, nodes.AssignBlock):
            self.body(node.body, scope)
            self.bind(node.target, ANY, scope)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = {**scope, "caller": ANY, "varargs": ANY, "kwargs": ANY}
            if isinstance(node, nodes.Macro):
                scope[node.name] = ANY
            else:
                self.expr(node.call, scope)
            for arg in node.args:
                self.bind(arg, ANY, inner)
            for default in node.defaults:
                self.expr(default, scope)
            self.body(node.body, inner)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                self.bind(target, self.expr(value, scope), inner)
            self.body(node.body, inner)
        elif isinstance(node, nodes.Expr):
            self.expr(node, scope)
        else:
            self.children(node, scope)


def unknown_names(template: nodes.Template, variables: tuple[Var, ...]) -> list[Unknown]:
    """Every placeholder of the parsed ``template`` that ``variables`` does not have, in
    the order they appear, each once per line."""
    checker = _Checker(variables)
    checker.body(template.body, {})
    seen: set[tuple[str, int]] = set()
    result = []
    for found in checker.found:
        if (found.name, found.line) not in seen:
            seen.add((found.name, found.line))
            result.append(found)
    return result
