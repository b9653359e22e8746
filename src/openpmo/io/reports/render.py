"""Render a status, program or PMO report: content in, file bytes out.

>>> data = render_status(content, "pdf", "zh-CN")  # doctest: +SKIP
"""

from __future__ import annotations

from openpmo.io.reports.content import PortfolioReportContent, StatusReportContent
from openpmo.io.reports.layout import Layout
from openpmo.io.reports.words import Words

__all__ = ["FORMATS", "MEDIA_TYPES", "render_portfolio", "render_status"]

#: The formats, with their media types.
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
FORMATS = tuple(MEDIA_TYPES)


def _write(layout: Layout, fmt: str, *, landscape: bool) -> bytes:
    if fmt == "pdf":
        from openpmo.io.reports.pdf_writer import write_pdf

        return write_pdf(layout, landscape=landscape)
    if fmt == "docx":
        from openpmo.io.reports.docx_writer import write_docx

        return write_docx(layout, landscape=landscape)
    if fmt == "xlsx":
        from openpmo.io.reports.xlsx_writer import write_xlsx

        return write_xlsx(layout)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def render_status(content: StatusReportContent, fmt: str, language: str = "en") -> bytes:
    """A project's weekly status report as ``docx``, ``xlsx`` or ``pdf``."""
    from openpmo.io.reports.status_layout import status_layout

    if fmt not in MEDIA_TYPES:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return _write(status_layout(content, Words.of(language)), fmt, landscape=False)


def render_portfolio(content: PortfolioReportContent, fmt: str, language: str = "en") -> bytes:
    """A program report or a PMO operating report as ``docx``, ``xlsx`` or ``pdf``."""
    from openpmo.io.reports.portfolio_layout import portfolio_layout

    if fmt not in MEDIA_TYPES:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return _write(portfolio_layout(content, Words.of(language)), fmt, landscape=True)
