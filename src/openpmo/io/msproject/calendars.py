"""MSPDI calendars → :class:`openpmo.engines.calendars.Calendar`.

A derived MSPDI calendar (``BaseCalendarUID``) becomes an engine calendar whose ``base`` is
its converted base, with ``None`` for the weekdays it does not list, so inheritance works the
same way in both. Work weeks and exceptions become dated exceptions: each day of a work week's
period takes that week's hours for the weekdays it lists, and exceptions (expanded by their
recurrence) win over work weeks, as in Microsoft Project.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections.abc import Iterator

from openpmo.engines.calendars import DEFAULT_HOURS, Calendar, DayHours, Shift, parse_hours
from openpmo.io.msproject.errors import MsProjectError
from openpmo.io.msproject.model import MsCalendar, MsException, MsProject, MsWeekDay, WorkingTime

__all__ = ["engine_calendar", "engine_calendars", "exception_dates"]


def engine_calendars(project: MsProject) -> dict[int, Calendar]:
    """Every calendar of ``project`` converted, by UID."""
    done: dict[int, Calendar] = {}
    for calendar in project.calendars:
        _convert(project, calendar.uid, done, ())
    return done


def engine_calendar(project: MsProject, uid: int | None = None) -> Calendar:
    """The engine calendar for MSPDI calendar ``uid`` (default: the project calendar).

    Raises
    ------
    MsProjectError
        If the calendar or one of its bases is missing, or the bases form a loop.
    """
    target = project.calendar_uid if uid is None else uid
    if target is None:
        raise MsProjectError("<project>", None, "CalendarUID", "the project names no calendar")
    return _convert(project, target, {}, ())


def _convert(
    project: MsProject, uid: int, done: dict[int, Calendar], path: tuple[int, ...]
) -> Calendar:
    if uid in done:
        return done[uid]
    if uid in path:
        chain = " → ".join(str(u) for u in (*path, uid))
        raise MsProjectError("<project>", None, "BaseCalendarUID", f"calendar loop {chain}")
    try:
        source = project.calendar(uid)
    except KeyError:
        raise MsProjectError("<project>", None, "Calendar", f"no calendar {uid}") from None
    base = (
        None if source.base_uid is None else _convert(project, source.base_uid, done, (*path, uid))
    )
    week: list[DayHours | None] = [None] * 7
    for day in source.week_days:
        week[_weekday(day.day_type)] = _day_hours(day)
    result = Calendar(
        name=source.name or f"Calendar {uid}",
        week=tuple(week),
        exceptions=tuple(sorted(_dated(source).items())),
        base=base,
    )
    done[uid] = result
    return result


def _weekday(day_type: int) -> int:
    """MSPDI ``DayType`` 1=Sunday … 7=Saturday → engine weekday 0=Monday … 6=Sunday."""
    return (day_type - 2) % 7


def _shifts(times: tuple[WorkingTime, ...]) -> DayHours:
    shifts = [
        Shift(start.hour * 60 + start.minute, (end.hour * 60 + end.minute) or 1440)
        for start, end in times
    ]
    return parse_hours(shifts)


def _day_hours(day: MsWeekDay) -> DayHours:
    if not day.working:
        return ()
    # A working day without times works Microsoft Project's default day.
    return _shifts(day.times) if day.times else DEFAULT_HOURS


def _dated(source: MsCalendar) -> dict[dt.date, DayHours | None]:
    dated: dict[dt.date, DayHours | None] = {}
    for week in source.work_weeks:
        days = {_weekday(day.day_type): _day_hours(day) for day in week.week_days}
        for date in _days(week.from_date.date(), week.to_date.date()):
            if date.weekday() in days:
                dated[date] = days[date.weekday()]
    for exception in source.exceptions:
        if not exception.working:
            hours: DayHours | None = ()
        else:
            hours = _shifts(exception.times) if exception.times else None
        for date in exception_dates(exception):
            dated[date] = hours
    return dated


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    for ordinal in range(first.toordinal(), last.toordinal() + 1):
        yield dt.date.fromordinal(ordinal)


def exception_dates(exception: MsException) -> list[dt.date]:
    """The days an exception covers, its recurrence expanded within its time period.

    Types: 1 daily (every ``period`` days), 2 yearly on ``month``/``month_day``, 3 yearly by
    position, 4 monthly on ``month_day``, 5 monthly by position, 6 weekly on ``days_of_week``
    (bit 1 = Sunday … 64 = Saturday); ``None``, 7, 8 and 9 cover every day of the period.
    ``occurrences``, when given, caps the count.
    """
    first, last = exception.from_date.date(), exception.to_date.date()
    period = max(exception.period or 1, 1)
    kind = exception.type
    if kind == 1:
        dates = [d for d in _days(first, last) if (d - first).days % period == 0]
    elif kind == 6:
        mask = exception.days_of_week or 0
        dates = [
            d
            for d in _days(first, last)
            if mask & (1 << ((d.weekday() + 1) % 7)) and ((d - first).days // 7) % period == 0
        ]
    elif kind in (2, 3, 4, 5):
        dates = [d for d in _monthly(exception, first, last, period) if first <= d <= last]
    else:
        dates = list(_days(first, last))
    return dates[: exception.occurrences] if exception.occurrences else dates


def _monthly(
    exception: MsException, first: dt.date, last: dt.date, period: int
) -> Iterator[dt.date]:
    yearly = exception.type in (2, 3)
    step = 12 * period if yearly else period
    month = (exception.month or 0) + 1 if yearly else first.month
    year = first.year
    if yearly and month < first.month:
        year += 1
    while dt.date(year, month, 1) <= last:
        if exception.type in (2, 4):
            day = min(exception.month_day or 1, pycalendar.monthrange(year, month)[1])
            yield dt.date(year, month, day)
        else:
            found = _by_position(
                year, month, exception.month_item or 0, exception.month_position or 0
            )
            if found is not None:
                yield found
        index = year * 12 + month - 1 + step
        year, month = divmod(index, 12)
        month += 1


def _by_position(year: int, month: int, item: int, position: int) -> dt.date | None:
    """``MonthItem`` 0 day, 1 weekday, 2 weekend day, 3–9 Sunday–Saturday; ``position`` 4 = last."""
    days = [dt.date(year, month, d) for d in range(1, pycalendar.monthrange(year, month)[1] + 1)]
    if item == 1:
        days = [d for d in days if d.weekday() < 5]
    elif item == 2:
        days = [d for d in days if d.weekday() >= 5]
    elif 3 <= item <= 9:
        days = [d for d in days if d.weekday() == _weekday(item - 2)]
    if not days:
        return None
    return days[-1] if position >= 4 else days[min(position, len(days) - 1)]
