"""One layout for every format: a report is a title, facts and sections of blocks.

The builders (:mod:`openpmo.io.reports.status_layout`, :mod:`.portfolio_layout`) turn content
into this; the writers (:mod:`.docx_writer`, :mod:`.xlsx_writer`, :mod:`.pdf_writer`) turn it
into a file, so the three formats say the same things in the same order. Cells keep their
raw values and a kind, so a workbook gets numbers and a document gets formatted text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpmo.io.reports.words import Words

__all__ = ["Cell", "Facts", "Image", "Layout", "Paragraph", "Section", "Table", "cell_text"]

#: Cell kinds that hold numbers.
NUMERIC = frozenset({"int", "number", "money", "ratio", "percent"})
#: RGB fills of the health colours (cells of colour kind and the RAG matrix).
RAG_FILL = {
    "green": (0x2E, 0x9E, 0x5B),
    "amber": (0xF2, 0xA9, 0x00),
    "red": (0xD6, 0x3B, 0x3B),
    "grey": (0x9A, 0xA0, 0xA6),
}
#: Soft fills and text colours of health colours in table cells (easier to read in long tables).
RAG_SOFT = {
    "green": ((0xD9, 0xF2, 0xE1), (0x1B, 0x6B, 0x3A)),
    "amber": ((0xFF, 0xEC, 0xB8), (0x85, 0x57, 0x00)),
    "red": ((0xF9, 0xD4, 0xD4), (0x9E, 0x1C, 0x1C)),
    "grey": ((0xE6, 0xE8, 0xEB), (0x4A, 0x4F, 0x55)),
}
#: The report's accent colour (headings, table headers).
ACCENT = (0x1F, 0x3A, 0x5F)


@dataclass(frozen=True)
class Cell:
    """A value and how to show it: ``text``, ``int``, ``number`` (1 place), ``money``,
    ``ratio`` (2 places), ``percent`` (a fraction), ``date`` or ``colour`` (a health colour,
    shown translated on its fill)."""

    value: Any
    kind: str = "text"


def cell_text(cell: Cell, words: Words) -> str:
    value, kind = cell.value, cell.kind
    if value is None or value == "":
        return "—"
    if kind == "int":
        return words.number(value, 0)
    if kind == "number":
        return words.number(value, 1)
    if kind == "money":
        return words.money(value)
    if kind == "ratio":
        return words.ratio(value)
    if kind == "percent":
        return words.percent(value)
    if kind == "date":
        return words.day(value)
    if kind == "colour":
        return words.colour(value)
    return str(value)


@dataclass(frozen=True)
class Table:
    """Rows under a header; ``widths`` are relative column widths."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    empty: str = ""
    more: str | None = None
    #: Share of the text width the table takes.
    width: float = 1.0
    #: Rows a printed format (PDF, Word) shows at most; the workbook has them all.
    print_rows: int | None = None
    #: The note under a printed table cut at ``print_rows`` ({count}: the rows left out).
    print_more: str | None = None

    def printed(self) -> tuple[tuple[tuple[Cell, ...], ...], str | None]:
        """The rows a printed format shows, and the note on those it leaves out."""
        if self.print_rows is None or len(self.rows) <= self.print_rows:
            return self.rows, self.more
        note = (self.print_more or "{count}").format(count=len(self.rows) - self.print_rows)
        return self.rows[: self.print_rows], note

    def numeric(self, column: int) -> bool:
        """Whether the column holds numbers (right-aligned, header included)."""
        return any(row[column].kind in NUMERIC for row in self.rows)


@dataclass(frozen=True)
class Facts:
    """Label-value pairs, shown as a two-column table."""

    pairs: tuple[tuple[str, Cell], ...]
    width: float = 1.0


@dataclass(frozen=True)
class Paragraph:
    """Text; ``style`` is ``body``, ``note`` (small, grey) or ``subheading``."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Image:
    """A PNG chart; ``width`` is the share of the text width it takes (0-1)."""

    png: bytes
    width: float = 1.0
    caption: str | None = None


Block = Table | Facts | Paragraph | Image


@dataclass
class Section:
    """A heading and its blocks; ``sheet`` names its worksheet (31 characters at most)."""

    title: str
    sheet: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self


@dataclass
class Layout:
    title: str
    subtitle: str
    words: Words
    facts: Facts
    note: str | None = None
    sections: list[Section] = field(default_factory=list)
    footer: str = ""
