"""What is wrong with an uploaded template: where, and a message key with its parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jinja2 import TemplateSyntaxError

from openpmo.io.documents.jinja import Unknown

__all__ = ["EXCERPT", "Problem", "excerpt", "syntax_problem", "unknown_problem"]

#: At most this many characters of the text around a problem are quoted.
EXCERPT = 80


@dataclass(frozen=True)
class Problem:
    """``where``: ``document``, ``header`` or ``footer`` of a Word file, ``Sheet!B7`` of a
    workbook, ``file`` for the file as a whole; ``key``: the message (``error.template.*``)."""

    where: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)


def excerpt(text: str) -> str:
    """``text`` on one line, cut to :data:`EXCERPT` characters."""
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1] + "…"


def syntax_problem(where: str, error: TemplateSyntaxError, text: str) -> Problem:
    return Problem(where, "error.template.syntax", {"msg": error.message, "excerpt": excerpt(text)})


def unknown_problem(where: str, unknown: Unknown, text: str) -> Problem:
    params = {"name": unknown.name, "excerpt": excerpt(text)}
    if unknown.suggestion:
        return Problem(
            where, "error.template.unknown_hint", {**params, "suggestion": unknown.suggestion}
        )
    return Problem(where, "error.template.unknown", params)
