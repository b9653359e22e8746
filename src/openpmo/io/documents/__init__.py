"""Document templates: Word (docxtpl) and Excel files with Jinja placeholders, filled from
a context dict and checked against a kind's vocabulary. Pure: no database.

- :mod:`~openpmo.io.documents.vocabulary` — the placeholders of each kind;
- :mod:`~openpmo.io.documents.docx` / :mod:`~openpmo.io.documents.xlsx` — render, inspect;
- ``builtin/`` — the templates shipped with OpenPMO (``scripts/make_document_templates.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Any

from openpmo.io.documents import docx, xlsx
from openpmo.io.documents.problems import Problem
from openpmo.io.documents.vocabulary import DOCUMENT_KINDS, FORMATS, KIND_VARS, Var

__all__ = [
    "DOCUMENT_KINDS",
    "FORMATS",
    "KIND_VARS",
    "MEDIA_TYPES",
    "Problem",
    "Var",
    "builtin_template",
    "inspect_template",
    "render_template",
]

MEDIA_TYPES = {"docx": docx.MEDIA_TYPE, "xlsx": xlsx.MEDIA_TYPE}


def builtin_template(kind: str, language: str) -> bytes:
    """The template OpenPMO ships for ``kind`` in ``language`` (``en`` or ``zh-CN``)."""
    name = f"{kind}.{language}.{FORMATS[kind]}"
    return resources.files("openpmo.io.documents").joinpath("builtin", name).read_bytes()


def render_template(file_format: str, template: bytes, context: Mapping[str, Any]) -> bytes:
    """``template`` (a ``docx`` or ``xlsx`` file) filled from ``context``."""
    if file_format == "xlsx":
        return xlsx.render_xlsx(template, context)
    return docx.render_docx(template, context)


def inspect_template(file_format: str, data: bytes, variables: tuple[Var, ...]) -> list[Problem]:
    """Every problem of ``data`` as a ``file_format`` template over ``variables``."""
    if file_format == "xlsx":
        return xlsx.inspect_xlsx(data, variables)
    return docx.inspect_docx(data, variables)
