"""Excel templates: Jinja in cells, and rows repeated per item of a list.

The convention (``docs/documents.md``):

- A cell's text is a small Jinja template: ``Project {{ project.code }}``. A cell holding
  nothing but one ``{{ expression }}`` gets the value itself (a number, a date), so the
  cell's number format and Excel's sums apply.
- ``{%tr for r in risks %}`` at the start of a cell (the marker docxtpl uses for Word table
  rows) makes its row the first of a block that ends with the row holding
  ``{%tr endfor %}`` at the end of a cell (the same row for a one-row block). The block is
  written once per item, with ``r`` and ``loop`` bound; an empty list removes it. Blocks
  do not nest. Each cell of the block keeps its style; merged cells, row heights,
  conditional formats, data validations, tables and the auto-filter follow the rows they
  cover, and formulas move with their rows.

Rendering rewrites each sheet in place, so everything else about the workbook (column
widths, print setup, frozen panes, other sheets) is kept.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import Any

from jinja2 import Environment, TemplateSyntaxError
from openpyxl import Workbook, load_workbook
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.formula.translate import Translator
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from openpmo.io.documents.jinja import environment, unknown_names
from openpmo.io.documents.problems import Problem, syntax_problem, unknown_problem
from openpmo.io.documents.vocabulary import Var, sample_context

__all__ = ["MEDIA_TYPE", "inspect_xlsx", "render_xlsx"]

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_START = re.compile(r"^\s*\{%-?\s*tr\s+for\s+(.+?)\s*-?%\}")
_END = re.compile(r"\{%-?\s*tr\s+endfor\s*-?%\}\s*$")
_ONE_EXPRESSION = re.compile(r"^\s*\{\{((?:(?!\}\}|\{\{|\{%|\{#).)*)\}\}\s*$", re.DOTALL)
_JINJA = ("{{", "{%", "{#")


@dataclass(frozen=True)
class _Block:
    """Rows ``first``..``last`` (1-based) written once per item of ``header``'s list."""

    first: int
    last: int
    header: str
    cell: str


@dataclass
class _Sheet:
    """A sheet's loop blocks and its cells' texts with the markers taken out."""

    blocks: list[_Block]
    texts: dict[tuple[int, int], str]
    problems: list[Problem]


def _where(sheet: Worksheet, row: int, column: int) -> str:
    return f"{sheet.title}!{get_column_letter(column)}{row}"


def _scan(sheet: Worksheet) -> _Sheet:
    """Find the blocks; report a start without an end, an end without a start, nesting."""
    blocks: list[_Block] = []
    texts: dict[tuple[int, int], str] = {}
    problems: list[Problem] = []
    open_block: tuple[int, str, str] | None = None
    for row in sheet.iter_rows():
        ends = False
        for cell in row:
            if not isinstance(cell.value, str) or not any(m in cell.value for m in _JINJA):
                continue
            text, where = cell.value, _where(sheet, cell.row, cell.column)
            start = _START.match(text)
            if start:
                if open_block is not None:
                    problems.append(Problem(where, "error.template.loop_nested"))
                else:
                    open_block = (cell.row, start.group(1), where)
                text = text[start.end() :]
            end = _END.search(text)
            if end:
                text = text[: end.start()]
                if open_block is None:
                    problems.append(Problem(where, "error.template.loop_stray"))
                ends = True
            texts[(cell.row, cell.column)] = text
        if ends and open_block is not None:
            blocks.append(_Block(open_block[0], row[0].row, open_block[1], open_block[2]))
            open_block = None
    if open_block is not None:
        problems.append(Problem(open_block[2], "error.template.loop_unclosed"))
    return _Sheet(blocks, texts, problems)


def _block_of(blocks: list[_Block], row: int) -> _Block | None:
    return next((b for b in blocks if b.first <= row <= b.last), None)


def _check_cell(
    env: Environment, where: str, text: str, block: _Block | None, variables: tuple[Var, ...]
) -> list[Problem]:
    # Inside a block the cell is checked as the loop's body, so ``r`` is an item of the list.
    source = f"{{% for {block.header} %}}{text}{{% endfor %}}" if block else text
    shown = f"{{%tr for {block.header} %}} … {text}" if block else text
    try:
        parsed = env.parse(source)
    except TemplateSyntaxError as error:
        return [syntax_problem(where, error, shown)]
    problems = [unknown_problem(where, u, shown) for u in unknown_names(parsed, variables)]
    try:
        env.compile(source)
    except TemplateSyntaxError as error:
        problems.append(syntax_problem(where, error, shown))
    return problems


def _open(data: bytes) -> Workbook | Problem:
    if not zipfile.is_zipfile(BytesIO(data)):
        return Problem("file", "error.template.corrupt")
    with zipfile.ZipFile(BytesIO(data)) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            return Problem("file", "error.template.not_xlsx")
        if archive.testzip() is not None:
            return Problem("file", "error.template.corrupt")
    try:
        return load_workbook(BytesIO(data))
    except Exception as exc:  # openpyxl raises many kinds on a damaged package
        return Problem("file", "error.template.damaged", {"msg": str(exc) or type(exc).__name__})


def inspect_xlsx(data: bytes, variables: tuple[Var, ...]) -> list[Problem]:
    """Everything wrong with an Excel template, cell by cell (``Risks!B7``); then a trial
    render with sample values. Empty when it is fine."""
    book = _open(data)
    if isinstance(book, Problem):
        return [book]
    env = environment(autoescape=False)
    problems: list[Problem] = []
    for sheet in book.worksheets:
        scanned = _scan(sheet)
        problems.extend(scanned.problems)
        for (row, column), text in scanned.texts.items():
            block = _block_of(scanned.blocks, row)
            problems.extend(_check_cell(env, _where(sheet, row, column), text, block, variables))
        for block in scanned.blocks:
            problems.extend(_check_cell(env, block.cell, "", block, variables))
    if problems:
        return _unique(problems)
    try:
        render_xlsx(data, sample_context(variables))
    except Exception as exc:  # whatever a template does wrong at run time
        params = {"msg": str(exc) or type(exc).__name__, "excerpt": ""}
        return [Problem("file", "error.template.render", params)]
    return []


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for p in problems:
        key = (p.where, p.key, str(sorted(p.params.items())))
        if key not in seen:
            seen.add(key)
            kept.append(p)
    return kept


# --- rendering ---------------------------------------------------------------------------


class _Loop:
    """What ``loop`` offers inside a block: ``index`` (from 1), ``index0``, ``first``,
    ``last``, ``length``."""

    def __init__(self, index0: int, length: int) -> None:
        self.index0 = index0
        self.index = index0 + 1
        self.first = index0 == 0
        self.last = index0 == length - 1
        self.length = length


def _items(env: Environment, header: str, context: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The variables of each pass of ``for <header>``, found by letting Jinja run the loop
    (so ``if`` filters and tuple targets behave as in Word)."""
    parsed = env.parse(f"{{% for {header} %}}{{% endfor %}}")
    loop = parsed.body[0]
    target = loop.target  # type: ignore[attr-defined]
    names = [target.name] if hasattr(target, "name") else [n.name for n in target.items]
    passes: list[dict[str, Any]] = []

    def collect(*values: Any) -> str:
        passes.append(dict(zip(names, values, strict=True)))
        return ""

    args = ", ".join(names)
    template = env.from_string(f"{{% for {header} %}}{{{{ __collect({args}) }}}}{{% endfor %}}")
    template.render({**context, "__collect": collect})
    return passes


def _evaluate(env: Environment, text: str, context: Mapping[str, Any]) -> Any:
    one = _ONE_EXPRESSION.match(text)
    if one:
        value = env.compile_expression(one.group(1), undefined_to_none=True)(**context)
        return value if value is None or isinstance(value, int | float | str) else _typed(value)
    return env.from_string(text).render(context)


def _typed(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value
    return str(value)


@dataclass(frozen=True)
class _Copy:
    value: Any
    style: Any
    hyperlink: Any


def _snapshot(sheet: Worksheet) -> dict[int, dict[int, _Copy]]:
    rows: dict[int, dict[int, _Copy]] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None or cell.has_style:
                rows.setdefault(cell.row, {})[cell.column] = _Copy(
                    cell.value, copy(cell._style), copy(cell.hyperlink)
                )
    return rows


class _RowMap:
    """Where each template row went: a list of output rows (empty for a block with no item)."""

    def __init__(self) -> None:
        self.rows: dict[int, list[int]] = {}

    def add(self, template_row: int, out_row: int) -> None:
        self.rows.setdefault(template_row, []).append(out_row)

    def span(self, first: int, last: int) -> tuple[int, int] | None:
        outs = [o for r in range(first, last + 1) for o in self.rows.get(r, [])]
        return (min(outs), max(outs)) if outs else None


def _render_sheet(sheet: Worksheet, env: Environment, context: Mapping[str, Any]) -> None:
    scanned = _scan(sheet)
    snapshot = _snapshot(sheet)
    heights = {r: d.height for r, d in sheet.row_dimensions.items() if d.height is not None}
    merged = [str(r) for r in sheet.merged_cells.ranges]
    for ranges in merged:
        sheet.unmerge_cells(ranges)
    last_row = max([*snapshot, *heights, 0])
    sheet.delete_rows(1, last_row + 1)
    for r in list(sheet.row_dimensions):
        sheet.row_dimensions[r].height = None

    mapping = _RowMap()
    formulas: list[tuple[int, int, int, bool]] = []
    out = 1
    row = 1
    in_block = False

    def write(template_row: int, local: Mapping[str, Any]) -> None:
        nonlocal out
        for column, saved in snapshot.get(template_row, {}).items():
            cell = sheet.cell(row=out, column=column)
            text = scanned.texts.get((template_row, column))
            if text is not None:
                value = _evaluate(env, text, local)
                cell.value = None if value == "" else value
            elif isinstance(saved.value, str) and saved.value.startswith("="):
                formulas.append((out, column, template_row, in_block))
                cell.value = saved.value
            else:
                cell.value = saved.value
            cell._style = copy(saved.style)
            if isinstance(cell.value, date | datetime) and cell.number_format == "General":
                cell.number_format = "yyyy-mm-dd"
            if saved.hyperlink is not None:
                cell.hyperlink = copy(saved.hyperlink)
        if template_row in heights:
            sheet.row_dimensions[out].height = heights[template_row]
        mapping.add(template_row, out)
        out += 1

    while row <= last_row:
        block = next((b for b in scanned.blocks if b.first == row), None)
        if block is None:
            write(row, context)
            row += 1
            continue
        passes = _items(env, block.header, context)
        in_block = True
        for k, names in enumerate(passes):
            local = {**context, **names, "loop": _Loop(k, len(passes))}
            for template_row in range(block.first, block.last + 1):
                write(template_row, local)
        in_block = False
        row = block.last + 1

    for out_row, column, template_row, repeated in formulas:
        cell = sheet.cell(row=out_row, column=column)
        if repeated:  # each copy refers to its own rows, as when Excel copies a row
            origin = f"{get_column_letter(column)}{template_row}"
            target = f"{get_column_letter(column)}{out_row}"
            cell.value = Translator(str(cell.value), origin=origin).translate_formula(target)
        else:
            cell.value = _remap_formula(str(cell.value), mapping)
    _follow_rows(sheet, mapping, merged)


def _moved(ref: str, mapping: _RowMap, *, per_row: bool = False) -> list[str]:
    """A range after the rows moved: stretched from its first row's first output to its
    last row's last (a sum over a repeated row covers every copy); ``per_row``: one copy
    per output row of a range inside one row (merged cells of a repeated row)."""
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    left, right = get_column_letter(min_col), get_column_letter(max_col)
    if per_row and min_row == max_row:
        return [f"{left}{o}:{right}{o}" for o in mapping.rows.get(min_row, [])]
    span = mapping.span(min_row, max_row)
    return [] if span is None else [f"{left}{span[0]}:{right}{span[1]}"]


def _moved_many(sqref: Any, mapping: _RowMap) -> str:
    return " ".join(m for ref in str(sqref).split() for m in _moved(ref, mapping))


_REF = re.compile(r"^(\$?[A-Z]{1,3})(\$?)(\d+)(?::(\$?[A-Z]{1,3})(\$?)(\d+))?$")


def _remap_ref(ref: str, mapping: _RowMap) -> str:
    match = _REF.match(ref)
    if match is None:
        return ref  # a name, a whole column, another sheet's cells: left as written
    col1, abs1, row1, col2, abs2, row2 = match.groups()
    first, last = int(row1), int(row2 or row1)
    span = mapping.span(first, last)
    if span is None:
        return "0"  # every row it covered was a block with no item
    if row2 is None and first == last:
        return f"{col1}{abs1}{span[0]}"
    return f"{col1}{abs1}{span[0]}:{col2 or col1}{abs2}{span[1]}"


def _remap_formula(formula: str, mapping: _RowMap) -> str:
    """A formula outside the blocks with its references following the rows: a range over
    a repeated row grows to cover every copy, a cell below a block moves down with it."""
    tokens = Tokenizer(formula)
    for token in tokens.items:
        if token.type == Token.OPERAND and token.subtype == Token.RANGE:
            token.value = _remap_ref(token.value, mapping)
    return "=" + "".join(t.value for t in tokens.items)


def _shift_formula(formula: str, old: str, new: str) -> str:
    moved: str = Translator(f"={formula}", origin=old).translate_formula(new)
    return moved[1:]


def _follow_rows(sheet: Worksheet, mapping: _RowMap, merged: list[str]) -> None:
    for ref in merged:
        for moved in _moved(ref, mapping, per_row=True):
            if moved.split(":")[0] != moved.split(":")[1]:
                sheet.merge_cells(moved)
    if sheet.auto_filter.ref:
        sheet.auto_filter.ref = _moved_many(sheet.auto_filter.ref, mapping) or None
    old_formats = sheet.conditional_formatting
    sheet.conditional_formatting = ConditionalFormattingList()
    for entry in old_formats:
        ref = _moved_many(entry.sqref, mapping)
        if not ref:
            continue
        old_corner = str(entry.sqref).split()[0].split(":")[0]
        new_corner = ref.split()[0].split(":")[0]
        for rule in entry.rules:
            rule.formula = [_shift_formula(f, old_corner, new_corner) for f in rule.formula]
            sheet.conditional_formatting.add(ref, rule)
    for validation in sheet.data_validations.dataValidation:
        validation.sqref = _moved_many(validation.sqref, mapping) or validation.sqref
    for table in sheet.tables.values():
        moved = _moved_many(table.ref, mapping)
        if moved:
            table.ref = moved
            if table.autoFilter is not None:
                table.autoFilter.ref = moved


def render_xlsx(template: bytes, context: Mapping[str, Any]) -> bytes:
    """The workbook filled from ``context`` (see the module's convention)."""
    book = load_workbook(BytesIO(template))
    env = environment(autoescape=False)
    for sheet in book.worksheets:
        _render_sheet(sheet, env, context)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
