"""The progress workbook: a template to fill in, and reading it back cell by cell.

One sheet, ``Progress``: a header row, then one row per task (``task_id``, ``wbs`` and
``name`` to recognise it, then the progress columns). Empty cells leave a value as it is.
Reading reports every bad cell (``Progress!D7``) at once, with a message key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

__all__ = ["COLUMNS", "SHEET", "CellError", "column_letters", "read_progress", "write_template"]

SHEET = "Progress"
#: Column name → kind of value (``int``, ``text``, ``number``, ``datetime``, ``money``).
COLUMNS: dict[str, str] = {
    "task_id": "int",
    "wbs": "text",
    "name": "text",
    "percent_complete": "number",
    "remaining_days": "number",
    "actual_start": "datetime",
    "actual_finish": "datetime",
    "actual_hours": "number",
    "actual_cost": "money",
}
_READ_ONLY = ("wbs", "name")


@dataclass(frozen=True)
class CellError:
    """A bad cell: its sheet, row (1-based) and column letter, and a message key."""

    row: int
    column: str
    key: str
    params: dict[str, Any]

    @property
    def cell(self) -> str:
        return f"{SHEET}!{self.column}{self.row}"


def write_template(rows: Iterable[Sequence[Any]]) -> bytes:
    """The workbook with a header and ``rows`` (values in :data:`COLUMNS` order)."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(list(row))
    for k, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(k)].width = 40 if name == "name" else 16
        if COLUMNS[name] == "datetime":
            for cell in sheet[get_column_letter(k)][1:]:
                cell.number_format = "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _value(kind: str, raw: Any) -> tuple[Any, str | None]:
    """The cell's value as ``kind``, or the message key of why it is not one."""
    if kind == "int":
        if isinstance(raw, bool) or not isinstance(raw, int | float) or float(raw) != int(raw):
            return None, "error.field.not_integer"
        return int(raw), None
    if kind in ("number", "money"):
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            return None, "error.field.not_number"
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            return None, "error.field.not_number"
        if not number.is_finite():
            return None, "error.field.not_number"
        return (number.quantize(Decimal("0.01")) if kind == "money" else float(number)), None
    if kind == "datetime":
        if isinstance(raw, datetime):
            return raw.replace(second=0, microsecond=0, tzinfo=None), None
        if isinstance(raw, date):
            return datetime.combine(raw, time()), None
        try:
            return datetime.fromisoformat(str(raw).strip()).replace(second=0, microsecond=0), None
        except ValueError:
            return None, "error.field.not_date"
    return raw, None


def read_progress(data: bytes) -> tuple[list[tuple[int, dict[str, Any]]], list[CellError]]:
    """``(row number, {column: value})`` of each filled row, and every bad cell.

    A workbook that cannot be read, or without the ``Progress`` sheet or a ``task_id``
    column, is one error on row 1.
    """
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return [], [CellError(1, "A", "error.field.not_xlsx", {})]
    if SHEET not in book.sheetnames:
        return [], [CellError(1, "A", "error.field.sheet_missing", {"sheet": SHEET})]
    lines = book[SHEET].iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(lines, ())]
    if "task_id" not in header:
        return [], [CellError(1, "A", "error.field.column_missing", {"column": "task_id"})]
    rows: list[tuple[int, dict[str, Any]]] = []
    errors: list[CellError] = []
    for number, line in enumerate(lines, start=2):
        values: dict[str, Any] = {}
        for k, name in enumerate(header):
            raw = line[k] if k < len(line) else None
            if name not in COLUMNS or name in _READ_ONLY or raw is None or raw == "":
                continue
            value, key = _value(COLUMNS[name], raw)
            if key is not None:
                errors.append(CellError(number, get_column_letter(k + 1), key, {}))
            else:
                values[name] = value
        if values:
            rows.append((number, values))
    book.close()
    return rows, errors


def column_letters(data: bytes) -> dict[str, str]:
    """Column name → letter in the uploaded workbook's header (for errors found later)."""
    book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    header = next(book[SHEET].iter_rows(values_only=True, max_row=1), ())
    book.close()
    return {str(h).strip(): str(get_column_letter(k + 1)) for k, h in enumerate(header) if h}
