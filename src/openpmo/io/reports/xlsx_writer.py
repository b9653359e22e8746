"""A report layout as an Excel workbook (openpyxl): an overview sheet, then a sheet per section.

Numbers stay numbers with a number format (money ``#,##0.00``, ratios ``0.00``, fractions as
``0.0%``), dates are dates, health colours are filled cells; each sheet's first table header
is frozen; charts are PNG pictures placed beside or below the tables.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

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

__all__ = ["write_xlsx"]

FORMATS = {
    "int": "#,##0",
    "number": "#,##0.0",
    "money": "#,##0.00",
    "ratio": "0.00",
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
}
_BAD = re.compile(r"[\[\]:*?/\\]")
#: Column width (characters) per unit of a table's relative widths.
_UNIT = 9.0
#: Rows a picture of this height (pixels) covers.
_ROW_PIXELS = 20


def _hex(rgb: tuple[int, int, int]) -> str:
    return "{:02X}{:02X}{:02X}".format(*rgb)


def _sheet_name(name: str, taken: set[str]) -> str:
    base = _BAD.sub(" ", name).strip()[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


class _Sheet:
    """Writes blocks down one worksheet."""

    def __init__(self, ws: Any, words: Words) -> None:
        from openpyxl.styles import Font, PatternFill

        self.ws = ws
        self.words = words
        self.row = 1
        self.frozen = False
        self.widths: dict[int, float] = {}
        self.header_font = Font(color=_hex(ACCENT), bold=True)
        self.header_fill = PatternFill("solid", fgColor="E8EDF3")
        self.label_font = Font(color="5F666D")

    def title(self, text: str, size: int = 14) -> None:
        from openpyxl.styles import Font

        cell = self.ws.cell(self.row, 1, text)
        cell.font = Font(size=size, color=_hex(ACCENT), bold=size >= 14)
        self.row += 1

    def _value(self, target: Any, cell: Cell) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        if cell.kind in NUMERIC or cell.kind == "date":
            target.value = cell.value
            if isinstance(cell.value, date | int | float):
                target.number_format = FORMATS[cell.kind]
        elif cell.kind == "colour":
            target.value = cell_text(cell, self.words)
            fill, ink = RAG_SOFT.get(str(cell.value), RAG_SOFT["grey"])
            target.fill = PatternFill("solid", fgColor=_hex(fill))
            target.font = Font(color=_hex(ink))
            target.alignment = Alignment(horizontal="center")
        else:
            target.value = cell_text(cell, self.words) if cell.value is not None else None
            target.alignment = Alignment(wrap_text=True, vertical="top")

    def _width(self, column: int, chars: float) -> None:
        self.widths[column] = max(self.widths.get(column, 8.0), min(chars, 70.0))

    def table(self, block: Table) -> None:
        if not block.rows:
            self.paragraph(Paragraph(block.empty or "—", "note"))
            return
        for k, name in enumerate(block.columns, start=1):
            cell = self.ws.cell(self.row, k, name)
            cell.font, cell.fill = self.header_font, self.header_fill
            self._width(
                k, max(block.widths[k - 1] * _UNIT, len(name) * (2.0 if self.words.zh else 1.1))
            )
        if not self.frozen:
            self.ws.freeze_panes = self.ws.cell(self.row + 1, 1)
            self.frozen = True
        self.row += 1
        for values in block.rows:
            for k, value in enumerate(values, start=1):
                self._value(self.ws.cell(self.row, k), value)
            self.row += 1
        if block.more:
            self.paragraph(Paragraph(block.more, "note"))
        self.row += 1

    def facts(self, block: Facts) -> None:
        for name, value in block.pairs:
            label = self.ws.cell(self.row, 1, name)
            label.font = self.label_font
            self._value(self.ws.cell(self.row, 2), value)
            self.row += 1
        self._width(1, 26)
        self._width(2, 40)
        self.row += 1

    def paragraph(self, block: Paragraph) -> None:
        from openpyxl.styles import Alignment, Font

        if block.style == "subheading":
            self.title(block.text, 11)
            return
        cell = self.ws.cell(self.row, 1, block.text)
        cell.alignment = Alignment(wrap_text=False, vertical="top")
        if block.style == "note":
            cell.font = Font(color="5F666D", italic=True, size=9)
        self.row += 1

    def image(self, block: Image) -> None:
        from openpyxl.drawing.image import Image as Picture

        picture = Picture(io.BytesIO(block.png))
        scale = 760 / picture.width
        picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
        self.ws.add_image(picture, f"A{self.row}")
        self.row += int(picture.height / _ROW_PIXELS) + 2

    def finish(self) -> None:
        from openpyxl.utils import get_column_letter

        for column, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(column)].width = width


def write_xlsx(layout: Layout) -> bytes:
    """The layout as an .xlsx workbook."""
    from openpyxl import Workbook

    book = Workbook()
    taken: set[str] = set()
    overview = book.active
    overview.title = _sheet_name(layout.title, taken)
    sheet = _Sheet(overview, layout.words)
    sheet.title(layout.title, 16)
    sheet.paragraph(Paragraph(layout.subtitle))
    sheet.row += 1
    sheet.facts(layout.facts)
    if layout.note:
        sheet.paragraph(Paragraph(layout.note, "note"))
    sheet.finish()
    for section in layout.sections:
        ws = book.create_sheet(_sheet_name(section.sheet, taken))
        sheet = _Sheet(ws, layout.words)
        sheet.title(section.title)
        for block in section.blocks:
            if isinstance(block, Table):
                sheet.table(block)
            elif isinstance(block, Facts):
                sheet.facts(block)
            elif isinstance(block, Image):
                sheet.image(block)
            else:
                sheet.paragraph(block)
        sheet.finish()
    book.properties.title = f"{layout.title} — {layout.subtitle}"
    book.properties.creator = "OpenPMO"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
