"""The demo's fixed clock: a status date and Monday-to-Friday working days.

Nothing reads the wall clock, so the same seed always builds the same rows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

__all__ = ["REFERENCE_TIME", "STATUS_DATE", "STATUS_DAY", "workday", "workday_index"]

#: The day the demo's progress is measured on (a Monday).
STATUS_DATE = date(2026, 11, 16)
#: Every row's ``created_at``/``updated_at`` (08:00 in Beijing on the status date).
REFERENCE_TIME = datetime(2026, 11, 16, 0, 0, tzinfo=UTC)
#: Working day 0 (a Monday); working days are counted Monday to Friday from it.
EPOCH = date(2023, 1, 2)

_TABLE = [EPOCH + timedelta(days=7 * (i // 5) + i % 5) for i in range(5 * 52 * 12)]


def workday(index: int) -> date:
    """The date of working day ``index`` (may be negative: before the epoch)."""
    if 0 <= index < len(_TABLE):
        return _TABLE[index]
    return EPOCH + timedelta(days=7 * (index // 5) + index % 5)


def workday_index(day: date) -> int:
    """The working day on or after ``day``."""
    days = (day - EPOCH).days
    weeks, weekday = divmod(days, 7)
    return 5 * weeks + min(weekday, 5)


#: The status date as a working day: work on days before it is done.
STATUS_DAY = workday_index(STATUS_DATE)
