"""Word templates: filled with docxtpl (Jinja placeholders inside a ``.docx``), and checked.

A template is checked part by part (the body, then each header and footer) on the text
docxtpl itself renders: its own clean-up of Word's XML (a placeholder split over several
runs, ``{%tr %}`` rows), one paragraph per line, so a problem is quoted with the text of
the paragraph it is in.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Mapping
from html import unescape
from io import BytesIO
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError

from openpmo.io.documents.jinja import environment, unknown_names
from openpmo.io.documents.problems import Problem, excerpt, syntax_problem, unknown_problem
from openpmo.io.documents.vocabulary import Var, sample_context

__all__ = ["MEDIA_TYPE", "inspect_docx", "render_docx"]

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render_docx(template: bytes, context: Mapping[str, Any]) -> bytes:
    """The template filled from ``context``; text is XML-escaped, newlines become breaks."""
    document = DocxTemplate(BytesIO(template))
    document.render(dict(context), jinja_env=environment(autoescape=True))
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _text(xml_line: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", xml_line))


def _sources(document: DocxTemplate) -> Iterator[tuple[str, str]]:
    """``(part, Jinja source)`` of the body, headers and footers: one paragraph a line."""
    yield "document", document.patch_xml(document.get_xml())
    for where, uri in (("header", document.HEADER_URI), ("footer", document.FOOTER_URI)):
        for _key, part in document.get_headers_footers(uri):
            yield where, document.patch_xml(document.get_part_xml(part))


def _open(data: bytes) -> DocxTemplate | Problem:
    if not zipfile.is_zipfile(BytesIO(data)):
        return Problem("file", "error.template.corrupt")
    with zipfile.ZipFile(BytesIO(data)) as archive:
        if "word/document.xml" not in archive.namelist():
            return Problem("file", "error.template.not_docx")
        broken = archive.testzip()
    if broken is not None:
        return Problem("file", "error.template.corrupt")
    document = DocxTemplate(BytesIO(data))
    try:
        document.init_docx()
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        return Problem("file", "error.template.damaged", {"msg": str(exc) or type(exc).__name__})
    return document


def inspect_docx(data: bytes, variables: tuple[Var, ...]) -> list[Problem]:
    """Everything wrong with a Word template: not a ``.docx``, Jinja syntax errors,
    placeholders the vocabulary lacks, unknown filters; then a trial render with sample
    values. Empty when it is fine."""
    opened = _open(data)
    if isinstance(opened, Problem):
        return [opened]
    env = environment(autoescape=True)
    problems: list[Problem] = []
    for where, xml in _sources(opened):
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
        lines = source.splitlines() or [""]

        def line_text(number: int | None, lines: list[str] = lines) -> str:
            return _text(lines[min(max((number or 1) - 1, 0), len(lines) - 1)])

        try:
            parsed = env.parse(source)
        except TemplateSyntaxError as error:
            problems.append(syntax_problem(where, error, line_text(error.lineno)))
            continue
        found = unknown_names(parsed, variables)
        problems.extend(unknown_problem(where, u, line_text(u.line)) for u in found)
        try:
            env.compile(source)
        except TemplateSyntaxError as error:  # an unknown filter or test
            problems.append(syntax_problem(where, error, line_text(error.lineno)))
    if problems:
        return problems
    try:
        render_docx(data, sample_context(variables))
    except Exception as exc:  # whatever a template does wrong at run time
        lines = list(getattr(exc, "docx_context", []) or [])
        params = {"msg": str(exc) or type(exc).__name__, "excerpt": excerpt(" ".join(lines))}
        return [Problem("document", "error.template.render", params)]
    return []
