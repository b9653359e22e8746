"""Working-time calendars and exact, vectorised datetime ↔ working-minute conversions.

Build a :class:`Calendar` (a week of shifts, dated exceptions, Chinese public holidays and
adjusted working days, inheritance from a base calendar), then convert with
:func:`to_working_minutes` and :func:`from_working_minutes`. Engines work in integer working
minutes from a project origin; this package is the only place they meet dates.
See ``docs/engines/calendars.md``.
"""

from openpmo.engines.calendars.china import HolidayNotice, HolidaySchedule, china_holidays
from openpmo.engines.calendars.convert import (
    MomentLike,
    add_working_minutes,
    from_working_minutes,
    is_working_day,
    to_working_minutes,
    working_minutes_between,
    working_minutes_per_day,
)
from openpmo.engines.calendars.model import (
    DEFAULT_HOURS,
    Calendar,
    DayHours,
    HoursLike,
    Shift,
    parse_hours,
)

__all__ = [
    "DEFAULT_HOURS",
    "Calendar",
    "DayHours",
    "HolidayNotice",
    "HolidaySchedule",
    "HoursLike",
    "MomentLike",
    "Shift",
    "add_working_minutes",
    "china_holidays",
    "from_working_minutes",
    "is_working_day",
    "parse_hours",
    "to_working_minutes",
    "working_minutes_between",
    "working_minutes_per_day",
]
