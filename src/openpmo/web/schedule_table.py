"""The schedule table's cells, formatted once on the server.

The template draws the first rows from them and ``static/gantt.js`` draws the rest, as they
scroll into view, from the same strings in the page's row JSON: numbers are formatted here
(thousands separators, one decimal, the variance's sign) so both draw the same text.
"""

from __future__ import annotations

from collections.abc import Mapping

from openpmo.db.models import Task
from openpmo.services.baselines import TaskVariance
from openpmo.web.templating import iso_date, number

__all__ = ["CELLS", "Variance", "table_cells"]

#: What :func:`table_cells` returns, in order (indexes into a row's cells).
CELLS = (
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float",
    "free_float",
    "duration",
    "calendar",
    "start_variance",
    "finish_variance",
    "duration_variance",
)

#: A variance cell: its text and its class (``late``, ``early`` or empty); ``None``: no value.
Variance = tuple[str, str] | None


def _days(minutes: int | None, per_day: int) -> str:
    return "—" if minutes is None else number(minutes / per_day, 1)


def _variance(value: float | None) -> Variance:
    if value is None:
        return None
    text = "%+.1f" % value if value else "0.0"  # noqa: UP031 - the sign is the point
    return text, "late" if value > 0 else "early" if value < 0 else ""


def _duration(task: Task, units: tuple[str, str]) -> str:
    if task.is_summary:
        return "—"
    days = task.duration_days
    unit = units[1] if task.duration_elapsed else units[0]
    return f"{number(days, 0 if days == int(days) else 1)} {unit}"


def table_cells(
    task: Task,
    *,
    per_day: int,
    units: tuple[str, str],
    calendars: Mapping[int, str],
    variance: TaskVariance | None,
    with_variance: bool,
) -> list[object]:
    """``task``'s cells in the order of :data:`CELLS`.

    Dates as the page shows them (``YYYY-MM-DD HH:MM``, empty when unscheduled), floats in
    working days of ``per_day`` minutes, the duration with its unit (``units``: working days,
    elapsed days; summaries ``—``), the name of the task's own calendar (``None``: the
    project's), and, when ``with_variance``, the three variances against the chosen baseline
    (``None`` for a task the baseline does not have).
    """
    cells: list[object] = [
        iso_date(task.early_start),
        iso_date(task.early_finish),
        iso_date(task.late_start),
        iso_date(task.late_finish),
        _days(task.total_float_minutes, per_day),
        _days(task.free_float_minutes, per_day),
        _duration(task, units),
        calendars.get(task.calendar_id) if task.calendar_id is not None else None,
    ]
    if with_variance:
        cells += [
            _variance(variance.start_variance_days) if variance else None,
            _variance(variance.finish_variance_days) if variance else None,
            _variance(variance.duration_variance_days) if variance else None,
        ]
    return cells
