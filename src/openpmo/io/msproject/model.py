"""Frozen dataclasses for what an MSPDI file holds.

Units: durations and work are whole minutes (see :mod:`.units`); slack is whole working
minutes (MSPDI stores tenths); lags are minutes or, for percentage lag formats, percent of the
predecessor's duration; dates are naive local datetimes as in the file; rates are per hour.
UIDs are the file's own. ``None`` means the file does not say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from openpmo.io.msproject.units import ConstraintType, DurationFormat, LinkType, MsDuration

__all__ = [
    "MsAssignment",
    "MsBaseline",
    "MsCalendar",
    "MsException",
    "MsLink",
    "MsProject",
    "MsResource",
    "MsTask",
    "MsWeekDay",
    "MsWorkWeek",
    "WorkingTime",
]

WorkingTime = tuple[dt.time, dt.time]
"""One working period; an end of ``00:00`` means midnight at the end of the day."""


@dataclass(frozen=True)
class MsBaseline:
    """One saved baseline of a task (``Number`` 0–10)."""

    number: int
    start: dt.datetime | None = None
    finish: dt.datetime | None = None
    duration: MsDuration | None = None
    work: int | None = None
    cost: Decimal | None = None


@dataclass(frozen=True)
class MsTask:
    """A task; ``parent_uid`` comes from the outline (``None`` at the top level)."""

    uid: int
    id: int | None = None
    name: str = ""
    wbs: str | None = None
    outline_number: str | None = None
    outline_level: int = 1
    parent_uid: int | None = None
    start: dt.datetime | None = None
    finish: dt.datetime | None = None
    duration: MsDuration | None = None
    work: int | None = None
    estimated: bool = False
    milestone: bool = False
    summary: bool = False
    critical: bool = False
    early_start: dt.datetime | None = None
    early_finish: dt.datetime | None = None
    late_start: dt.datetime | None = None
    late_finish: dt.datetime | None = None
    free_slack: int | None = None
    total_slack: int | None = None
    percent_complete: int | None = None
    cost: Decimal | None = None
    actual_start: dt.datetime | None = None
    actual_finish: dt.datetime | None = None
    actual_duration: MsDuration | None = None
    remaining_duration: MsDuration | None = None
    constraint_type: ConstraintType | None = None
    calendar_uid: int | None = None
    constraint_date: dt.datetime | None = None
    deadline: dt.datetime | None = None
    notes: str | None = None
    baselines: tuple[MsBaseline, ...] = ()


@dataclass(frozen=True)
class MsLink:
    """A ``PredecessorLink`` of ``successor_uid``, its ``type`` in our codes (0=FS…3=SF)."""

    predecessor_uid: int
    successor_uid: int
    type: LinkType = LinkType.FS
    lag_minutes: int = 0
    lag_percent: float | None = None
    lag_format: DurationFormat = DurationFormat.D
    cross_project: bool = False
    cross_project_name: str | None = None


@dataclass(frozen=True)
class MsWeekDay:
    """A regular weekday: ``day_type`` 1=Sunday … 7=Saturday as in MSPDI."""

    day_type: int
    working: bool
    times: tuple[WorkingTime, ...] = ()


@dataclass(frozen=True)
class MsException:
    """A calendar exception from ``from_date`` to ``to_date`` (inclusive days).

    ``type`` is MSPDI's recurrence type (1 daily, 2 yearly by day of month, 3 yearly by
    position, 4 monthly by day, 5 monthly by position, 6 weekly, 7 by day count, 8 by weekday
    count, 9 none); ``None`` for a plain range such as an old-style ``DayType`` 0 entry.
    """

    from_date: dt.datetime
    to_date: dt.datetime
    working: bool = False
    times: tuple[WorkingTime, ...] = ()
    name: str | None = None
    type: int | None = None
    occurrences: int | None = None
    period: int | None = None
    days_of_week: int | None = None
    month_item: int | None = None
    month_position: int | None = None
    month: int | None = None
    month_day: int | None = None


@dataclass(frozen=True)
class MsWorkWeek:
    """A work week that replaces the calendar's regular week between two dates."""

    from_date: dt.datetime
    to_date: dt.datetime
    name: str | None = None
    week_days: tuple[MsWeekDay, ...] = ()


@dataclass(frozen=True)
class MsCalendar:
    """A calendar; a derived one inherits the weekdays it does not list from ``base_uid``."""

    uid: int
    name: str = ""
    is_base: bool = True
    base_uid: int | None = None
    week_days: tuple[MsWeekDay, ...] = ()
    exceptions: tuple[MsException, ...] = ()
    work_weeks: tuple[MsWorkWeek, ...] = ()


@dataclass(frozen=True)
class MsResource:
    """A resource: ``type`` 0=material, 1=work, 2=cost; ``standard_rate`` per hour."""

    uid: int
    id: int | None = None
    name: str = ""
    type: int | None = None
    initials: str | None = None
    group: str | None = None
    max_units: float | None = None
    standard_rate: Decimal | None = None
    calendar_uid: int | None = None


@dataclass(frozen=True)
class MsAssignment:
    """A resource on a task: ``units`` 1.0 = 100 %, ``work`` in minutes."""

    uid: int
    task_uid: int
    resource_uid: int
    units: float | None = None
    work: int | None = None
    start: dt.datetime | None = None
    finish: dt.datetime | None = None


@dataclass(frozen=True)
class MsProject:
    """A whole MSPDI file: project properties and its collections, in file order."""

    name: str | None = None
    title: str | None = None
    author: str | None = None
    company: str | None = None
    save_version: int = 14
    schedule_from_start: bool = True
    start_date: dt.datetime | None = None
    finish_date: dt.datetime | None = None
    currency_digits: int | None = None
    currency_symbol: str | None = None
    currency_code: str = "USD"
    calendar_uid: int | None = None
    default_start_time: dt.time | None = None
    default_finish_time: dt.time | None = None
    minutes_per_day: int = 480
    minutes_per_week: int = 2400
    days_per_month: int = 20
    status_date: dt.datetime | None = None
    calendars: tuple[MsCalendar, ...] = ()
    tasks: tuple[MsTask, ...] = ()
    links: tuple[MsLink, ...] = ()
    resources: tuple[MsResource, ...] = ()
    assignments: tuple[MsAssignment, ...] = ()

    def task(self, uid: int) -> MsTask:
        """The task with this UID (``KeyError`` if none)."""
        for task in self.tasks:
            if task.uid == uid:
                return task
        raise KeyError(uid)

    def calendar(self, uid: int) -> MsCalendar:
        """The calendar with this UID (``KeyError`` if none)."""
        for calendar in self.calendars:
            if calendar.uid == uid:
                return calendar
        raise KeyError(uid)
