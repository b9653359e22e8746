"""A report layout as PDF (fpdf2), with Noto Sans CJK SC embedded as a subset.

A status report is A4 portrait; program and PMO reports are A4 landscape (their project
table has fourteen columns). The font has one weight, so headings stand out by size and
colour rather than by bold.
"""

from __future__ import annotations

import io
from typing import Any

from openpmo.io.reports.fonts import cjk_font_path
from openpmo.io.reports.layout import (
    ACCENT,
    NUMERIC,
    RAG_SOFT,
    Cell,
    Facts,
    Image,
    Layout,
    Paragraph,
    Section,
    Table,
    cell_text,
)
from openpmo.io.reports.words import Words

__all__ = ["write_pdf"]

FONT = "noto"
_GREY = (0x5F, 0x66, 0x6D)
_LINE = (0xD5, 0xDA, 0xE0)
_HEAD_FILL = (0xE8, 0xED, 0xF3)
_ZEBRA = (0xF6, 0xF8, 0xFA)


def _document(layout: Layout, landscape: bool) -> Any:
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

    words = layout.words

    class Report(FPDF):
        def header(self) -> None:
            if self.page_no() == 1:
                return
            self.set_font(FONT, size=7.5)
            self.set_text_color(*_GREY)
            self.cell(0, 5, layout.subtitle, new_x="LMARGIN", new_y="NEXT")
            self.set_draw_color(*_LINE)
            self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
            self.ln(3)

        def footer(self) -> None:
            self.set_y(-11)
            self.set_font(FONT, size=7)
            self.set_text_color(*_GREY)
            self.cell(0, 5, layout.footer, align="L")
            self.set_x(self.l_margin)
            page = words("report.page", page=self.page_no(), pages="{nb}")
            self.cell(0, 5, page, align="R")

    pdf = Report(orientation="L" if landscape else "P", unit="mm", format="A4")
    pdf.set_margins(14, 14, 14)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font(FONT, "", str(cjk_font_path()))
    # The subset keeps the whole font's bounding box: recomputing it walks every used CFF
    # glyph and took half the time of a report.
    for font in pdf.fonts.values():
        if isinstance(font, TTFFont):
            font.ttfont.recalcBBoxes = False
    pdf.set_title(f"{layout.title} — {layout.subtitle}")
    pdf.set_creator("OpenPMO")
    pdf.set_lang("zh-CN" if words.zh else "en")
    return pdf


def _title(pdf: Any, layout: Layout) -> None:
    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, pdf.w, 30, style="F")
    pdf.set_xy(pdf.l_margin, 8)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(FONT, size=19)
    pdf.cell(0, 9, layout.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    pdf.cell(0, 6, layout.subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(35)
    pdf.set_text_color(0, 0, 0)
    pdf.set_fill_color(255, 255, 255)


def _wrap(words: Words) -> str:
    return "CHAR" if words.zh else "WORD"


def _facts(pdf: Any, facts: Facts, words: Words, columns: int) -> None:
    from fpdf.fonts import FontFace

    pairs = list(facts.pairs)
    per_row = columns
    width = pdf.epw * facts.width
    widths = (1.0, 2.2) * per_row
    label = FontFace(color=_GREY)
    pdf.set_font(FONT, size=8.5)
    with pdf.table(
        col_widths=widths,
        width=width,
        first_row_as_headings=False,
        borders_layout="NONE",
        line_height=5,
        text_align="LEFT",
        align="LEFT",
        padding=(0.8, 1.5),
        wrapmode=_wrap(words),
    ) as table:
        for start in range(0, len(pairs), per_row):
            row = table.row()
            for name, cell in pairs[start : start + per_row]:
                row.cell(name, style=label)
                _cell(row, cell, words, left=True)
            for _ in range(per_row - len(pairs[start : start + per_row])):
                row.cell("")
                row.cell("")
    pdf.ln(2)


def _cell(row: Any, cell: Cell, words: Words, *, left: bool = False) -> None:
    from fpdf.fonts import FontFace

    text = cell_text(cell, words)
    if cell.kind == "colour":
        fill, ink = RAG_SOFT.get(str(cell.value), RAG_SOFT["grey"])
        row.cell(text, align="C", style=FontFace(color=ink, fill_color=fill))
    elif cell.kind in NUMERIC and not left:
        row.cell(text, align="R")
    else:
        row.cell(text)


def _table(pdf: Any, table: Table, words: Words) -> None:
    from fpdf.fonts import FontFace

    if not table.rows:
        _paragraph(pdf, Paragraph(table.empty or "—", "note"), words)
        return
    pdf.set_font(FONT, size=8 if len(table.columns) < 9 else 7)
    heading = FontFace(color=ACCENT, fill_color=_HEAD_FILL)
    pdf.set_draw_color(*_LINE)
    with pdf.table(
        col_widths=table.widths,
        width=pdf.epw * table.width,
        align="LEFT",
        headings_style=heading,
        borders_layout="HORIZONTAL_LINES",
        cell_fill_color=_ZEBRA,
        cell_fill_mode="ROWS",
        line_height=4.6,
        text_align="LEFT",
        padding=(1.0, 1.4),
        wrapmode=_wrap(words),
        v_align="MIDDLE",
    ) as grid:
        head = grid.row()
        for k, name in enumerate(table.columns):
            head.cell(name, align="R" if table.numeric(k) else "L")
        rows, more = table.printed()
        for values in rows:
            row = grid.row()
            for cell in values:
                _cell(row, cell, words)
    if more:
        _paragraph(pdf, Paragraph(more, "note"), words)
    pdf.ln(2)


def _paragraph(pdf: Any, paragraph: Paragraph, words: Words) -> None:
    if paragraph.style == "subheading":
        pdf.ln(1)
        pdf.set_font(FONT, size=10)
        pdf.set_text_color(*ACCENT)
        pdf.multi_cell(0, 5.5, paragraph.text, new_x="LMARGIN", new_y="NEXT")
    elif paragraph.style == "note":
        pdf.set_font(FONT, size=8)
        pdf.set_text_color(*_GREY)
        pdf.multi_cell(0, 4.4, paragraph.text, new_x="LMARGIN", new_y="NEXT", wrapmode=_wrap(words))
    else:
        pdf.set_font(FONT, size=9.5)
        pdf.set_text_color(0x20, 0x24, 0x28)
        pdf.multi_cell(0, 5.2, paragraph.text, new_x="LMARGIN", new_y="NEXT", wrapmode=_wrap(words))
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1)


def _image(pdf: Any, image: Image) -> None:
    from PIL import Image as Pil

    with Pil.open(io.BytesIO(image.png)) as picture:
        ratio = picture.height / picture.width
    width = min(pdf.epw * image.width, 180.0)
    height = width * ratio
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    pdf.image(io.BytesIO(image.png), x=pdf.l_margin, w=width, h=height, alt_text=image.caption)
    pdf.ln(3)


def _heading(pdf: Any, section: Section) -> None:
    if pdf.get_y() > pdf.page_break_trigger - 30:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT, size=13)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 7.5, section.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.4)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    pdf.set_line_width(0.2)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2.5)


def write_pdf(layout: Layout, *, landscape: bool = False) -> bytes:
    """The layout as PDF bytes."""
    pdf = _document(layout, landscape)
    words = layout.words
    pdf.add_page()
    _title(pdf, layout)
    _facts(pdf, layout.facts, words, 3 if landscape else 2)
    if layout.note:
        _paragraph(pdf, Paragraph(layout.note, "note"), words)
    for section in layout.sections:
        _heading(pdf, section)
        for block in section.blocks:
            if isinstance(block, Table):
                _table(pdf, block, words)
            elif isinstance(block, Facts):
                _facts(pdf, block, words, 1)
            elif isinstance(block, Image):
                _image(pdf, block)
            else:
                _paragraph(pdf, block, words)
    return bytes(pdf.output())
