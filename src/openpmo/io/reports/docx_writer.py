"""A report layout as a Word document (python-docx).

Word documents name their fonts rather than embed them: every style names Calibri for Latin
text and Microsoft YaHei for East Asian text (``w:eastAsia``), and the text is marked
``zh-CN`` for East Asian, so Chinese displays in Chinese glyphs (a reader without that font
gets Word's own Chinese fallback). Charts are PNG pictures.
"""

from __future__ import annotations

import io
from typing import Any

from openpmo.io.reports.fonts import WORD_EAST_ASIAN_FONT, WORD_LATIN_FONT
from openpmo.io.reports.layout import (
    ACCENT,
    NUMERIC,
    RAG_SOFT,
    Cell,
    Facts,
    Image,
    Layout,
    Paragraph,
    Table,
    cell_text,
)
from openpmo.io.reports.words import Words

__all__ = ["write_docx"]

_GREY = "5F666D"
_HEAD_FILL = "E8EDF3"


def _hex(rgb: tuple[int, int, int]) -> str:
    return "{:02X}{:02X}{:02X}".format(*rgb)


def _set_fonts(element: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), WORD_LATIN_FONT)
    fonts.set(qn("w:eastAsia"), WORD_EAST_ASIAN_FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _styles(doc: Any) -> None:
    from docx.shared import Pt, RGBColor

    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Caption"):
        style = doc.styles[name]
        style.font.name = WORD_LATIN_FONT
        _set_fonts(style.element)
    doc.styles["Normal"].font.size = Pt(9.5)
    for name, size in (("Title", 24), ("Heading 1", 14), ("Heading 2", 11)):
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(*ACCENT)


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _write_cell(target: Any, cell: Cell, words: Words, *, left: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import RGBColor

    paragraph = target.paragraphs[0]
    run = paragraph.add_run(cell_text(cell, words))
    if cell.kind == "colour":
        fill, ink = RAG_SOFT.get(str(cell.value), RAG_SOFT["grey"])
        _shade(target, _hex(fill))
        run.font.color.rgb = RGBColor(*ink)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif cell.kind in NUMERIC and not left:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _widths(table: Any, weights: tuple[float, ...], total_mm: float) -> None:
    from docx.shared import Mm

    scale = total_mm / sum(weights)
    table.autofit = False
    for column, weight in zip(table.columns, weights, strict=False):
        column.width = Mm(weight * scale)
    for row in table.rows:
        for cell, weight in zip(row.cells, weights, strict=False):
            cell.width = Mm(weight * scale)


def _table(doc: Any, block: Table, words: Words, text_mm: float) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    if not block.rows:
        _paragraph(doc, Paragraph(block.empty or "—", "note"))
        return
    table = doc.add_table(rows=1, cols=len(block.columns))
    table.style = doc.styles["Table Grid"]
    size = Pt(8.5 if len(block.columns) < 9 else 7.5)
    for k, (cell, name) in enumerate(zip(table.rows[0].cells, block.columns, strict=True)):
        run = cell.paragraphs[0].add_run(name)
        run.font.color.rgb = RGBColor(*ACCENT)
        run.font.bold = True
        _shade(cell, _HEAD_FILL)
        if block.numeric(k):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    rows, more = block.printed()
    for values in rows:
        cells = table.add_row().cells
        for target, value in zip(cells, values, strict=True):
            _write_cell(target, value, words)
    for row in table.rows:
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = size
    _widths(table, block.widths, text_mm * block.width)
    if more:
        _paragraph(doc, Paragraph(more, "note"))
    doc.add_paragraph()


def _facts(doc: Any, facts: Facts, words: Words, columns: int, text_mm: float) -> None:
    from docx.shared import RGBColor

    pairs = list(facts.pairs)
    rows = -(-len(pairs) // columns)
    table = doc.add_table(rows=rows, cols=2 * columns)
    for index, (name, value) in enumerate(pairs):
        row, column = divmod(index, columns)
        label = table.rows[row].cells[2 * column]
        run = label.paragraphs[0].add_run(name)
        run.font.color.rgb = RGBColor.from_string(_GREY)
        _write_cell(table.rows[row].cells[2 * column + 1], value, words, left=True)
    _widths(table, (1.0, 2.2) * columns, text_mm * facts.width)
    doc.add_paragraph()


def _paragraph(doc: Any, block: Paragraph) -> None:
    from docx.shared import Pt, RGBColor

    if block.style == "subheading":
        doc.add_heading(block.text, level=2)
        return
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(block.text)
    if block.style == "note":
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor.from_string(_GREY)


def _image(doc: Any, block: Image, text_mm: float) -> None:
    from docx.shared import Mm

    doc.add_picture(io.BytesIO(block.png), width=Mm(min(text_mm * block.width, 180)))
    if block.caption:
        doc.add_paragraph(block.caption, style="Caption")


def _page_numbers(section: Any, footer: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = section.footer.paragraphs[0]
    run = paragraph.add_run(f"{footer}    ")
    run.font.size = Pt(7.5)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    paragraph._p.append(field)


def write_docx(layout: Layout, *, landscape: bool = False) -> bytes:
    """The layout as a .docx file."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = (
        (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    )
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(16))
    text_mm = (297 if landscape else 210) - 32
    doc.core_properties.title = f"{layout.title} — {layout.subtitle}"
    doc.core_properties.author = "OpenPMO"
    doc.core_properties.language = "zh-CN" if layout.words.zh else "en"
    doc.add_heading(layout.title, level=0)
    doc.add_paragraph(layout.subtitle, style="Subtitle")
    words = layout.words
    _facts(doc, layout.facts, words, 2, text_mm)
    if layout.note:
        _paragraph(doc, Paragraph(layout.note, "note"))
    for part in layout.sections:
        doc.add_heading(part.title, level=1)
        for block in part.blocks:
            if isinstance(block, Table):
                _table(doc, block, words, text_mm)
            elif isinstance(block, Facts):
                _facts(doc, block, words, 1, text_mm)
            elif isinstance(block, Image):
                _image(doc, block, text_mm)
            else:
                _paragraph(doc, block)
    _page_numbers(section, layout.footer)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
