"""A stored project's working calendar: its kind, hours, weekdays and dated exceptions.

:func:`calendar_of` builds the :class:`openpmo.engines.calendars.Calendar` the scheduler,
the baselines and the MSPDI export use; conversions are cached per distinct calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import CalendarException, Project, TaskCalendar
from openpmo.engines.calendars import Calendar, DayHours, china_holidays, parse_hours
from openpmo.enums import CalendarKind

__all__ = [
    "build_calendar",
    "calendar_of",
    "exceptions_of",
    "format_hours",
    "minutes_per_day",
    "task_calendar",
    "task_calendars_of",
]

#: ``(day, hours)``: ``""`` a day off, else its shifts.
Exceptions = tuple[tuple[date, str], ...]


def minutes_per_day(work_hours: str) -> int:
    """Working minutes of one day of ``work_hours`` (480 for 08:00-12:00, 13:00-17:00)."""
    return sum(shift.minutes for shift in parse_hours(work_hours))


def format_hours(hours: DayHours) -> str:
    """Shifts as stored: ``"08:00-12:00, 13:00-17:00"`` (``""`` for a day off)."""
    return ", ".join(
        f"{s.start // 60:02d}:{s.start % 60:02d}-{s.end // 60:02d}:{s.end % 60:02d}" for s in hours
    )


@cache
def build_calendar(
    kind: CalendarKind, work_hours: str, workdays: str = "12345", exceptions: Exceptions = ()
) -> Calendar:
    """The calendar of a project; cached, as the engine caches conversion tables per one.

    ``workdays`` are ISO weekday digits (1 = Monday); ``exceptions`` override single dates.
    """
    days = sorted({int(d) - 1 for d in workdays})
    week = Calendar.standard(hours=work_hours, workdays=days).week
    china = kind is CalendarKind.CHINA
    return Calendar(
        name="中国标准 China standard" if china else "Standard",
        week=week,
        exceptions=tuple((day, parse_hours(hours)) for day, hours in sorted(exceptions)),
        holidays=china_holidays() if china else None,
    )


def exceptions_of(session: Session, project_id: int) -> Exceptions:
    """The project's dated exceptions, by date."""
    rows = session.execute(
        select(CalendarException.day, CalendarException.hours)
        .where(CalendarException.project_id == project_id)
        .order_by(CalendarException.day)
    )
    return tuple((day, hours) for day, hours in rows)


def calendar_of(session: Session, project: Project) -> Calendar:
    """The working calendar ``project`` is scheduled on."""
    return build_calendar(
        project.calendar,
        project.work_hours,
        project.workdays or "12345",
        exceptions_of(session, project.id),
    )


def add_exceptions(
    session: Session, project_id: int, entries: Iterable[tuple[date, str, str | None]]
) -> int:
    """Store ``(day, hours, name)`` exceptions of a project; returns how many."""
    rows = [
        CalendarException(project_id=project_id, day=day, hours=hours, name=name)
        for day, hours, name in entries
    ]
    session.add_all(rows)
    return len(rows)


def task_calendar(project_calendar: Calendar, row: TaskCalendar) -> Calendar:
    """The engine calendar of a stored task calendar (see :class:`TaskCalendar`)."""
    exceptions: Exceptions = tuple(
        (date.fromisoformat(e["day"]), e["hours"]) for e in row.exceptions or ()
    )
    days = sorted({int(d) - 1 for d in row.workdays})
    week = Calendar.standard(hours=row.work_hours, workdays=days).with_week(
        {int(d) - 1: hours for d, hours in (row.weekday_hours or {}).items()}
    )
    if row.base is not None:
        base = build_calendar(row.base, row.work_hours, row.workdays, exceptions)
        return base.with_week(dict(enumerate(week.week))).with_name(row.name)
    return Calendar(
        name=row.name,
        week=week.week,
        exceptions=tuple((day, parse_hours(hours)) for day, hours in sorted(exceptions)),
        base=project_calendar,
    )


def task_calendars_of(
    session: Session, project_id: int, project_calendar: Calendar
) -> dict[int, Calendar]:
    """The project's task calendars by id."""
    rows = session.scalars(select(TaskCalendar).where(TaskCalendar.project_id == project_id))
    return {row.id: task_calendar(project_calendar, row) for row in rows}
