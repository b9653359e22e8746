"""A stored project → Microsoft Project XML (MSPDI).

:func:`export_mspdi` writes the project's tasks in WBS order (outline levels from the tree),
their durations, constraints, deadlines, progress and computed schedule (start, finish, early
and late dates, slack, the critical flag), the links with their types and lags, and the
project calendar: its week, its dated exceptions and, for a ``china`` calendar, the public
holidays and adjusted working days (调休) of the years the schedule spans, so that Microsoft
Project works on the same days. Task calendars are written the same way (each a base calendar
of its own, flattened) and named by the tasks' ``CalendarUID``; elapsed durations and lags
keep their elapsed formats (``ed``). Reading the file back with
:func:`openpmo.services.msproject.import_mspdi` gives the same tasks, links and dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Dependency, Project, Task, TaskCalendar
from openpmo.engines.calendars import Calendar, DayHours, working_minutes_between
from openpmo.io.msproject import (
    ConstraintType,
    DurationFormat,
    LinkType,
    MsCalendar,
    MsDuration,
    MsException,
    MsLink,
    MsProject,
    MsTask,
    MsWeekDay,
    mspdi_bytes,
)
from openpmo.services import authz
from openpmo.services.calendars import calendar_of, minutes_per_day, task_calendar
from openpmo.services.principal import Principal
from openpmo.services.scheduling import ELAPSED_DAY, project_start

__all__ = ["export_mspdi", "project_to_mspdi"]

_CALENDAR_UID = 1


def _natural(wbs: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", wbs))


def _wbs_order(tasks: list[Task]) -> list[tuple[Task, int, str]]:
    """Tasks depth first, siblings by WBS: ``(task, outline level, outline number)``."""
    children: dict[int | None, list[Task]] = defaultdict(list)
    ids = {t.id for t in tasks}
    for task in tasks:
        children[task.parent_id if task.parent_id in ids else None].append(task)
    for kids in children.values():
        kids.sort(key=lambda t: (_natural(t.wbs), t.id))
    ordered: list[tuple[Task, int, str]] = []

    def visit(parent: int | None, level: int, prefix: str) -> None:
        for k, task in enumerate(children.get(parent, []), start=1):
            number = f"{prefix}{k}"
            ordered.append((task, level, number))
            visit(task.id, level + 1, f"{number}.")

    visit(None, 1, "")
    return ordered


def _times(hours: DayHours) -> tuple[tuple[dt.time, dt.time], ...]:
    def clock(minute: int) -> dt.time:
        return dt.time(0) if minute == 1440 else dt.time(minute // 60, minute % 60)

    return tuple((clock(s.start), clock(s.end)) for s in hours)


def _exceptions(calendar: Calendar, years: range) -> tuple[MsException, ...]:
    """Dated exceptions and, for the years given, the holiday schedule's days."""
    dated: dict[dt.date, DayHours] = {}
    if calendar.holidays is not None:
        for day in (*calendar.holidays.holidays, *calendar.holidays.workdays):
            if day.year in years:
                dated[day] = calendar.hours_on(day)
    for day, _hours in calendar.exceptions:
        dated[day] = calendar.hours_on(day)
    return tuple(
        MsException(
            from_date=dt.datetime.combine(day, dt.time()),
            to_date=dt.datetime.combine(day, dt.time(23, 59)),
            working=bool(hours),
            times=_times(hours),
            name="Working day" if hours else "Day off",
            type=1,
            occurrences=1,
            period=1,
        )
        for day, hours in sorted(dated.items())
    )


def _calendar(uid: int, name: str, calendar: Calendar, years: range) -> MsCalendar:
    week = calendar.effective_week
    days = tuple(
        # MSPDI DayType 1 = Sunday ... 7 = Saturday; engine weekday 0 = Monday.
        MsWeekDay(day_type=(weekday + 1) % 7 + 1, working=bool(hours), times=_times(hours))
        for weekday, hours in enumerate(week)
    )
    days = tuple(sorted(days, key=lambda d: d.day_type))
    return MsCalendar(
        uid=uid,
        name=name[:100],
        is_base=True,
        week_days=days,
        exceptions=_exceptions(calendar, years),
    )


class _Writer:
    def __init__(self, project: Project, calendar: Calendar, calendars: dict[int, int]) -> None:
        self.per_day = minutes_per_day(project.work_hours)
        self.calendar = calendar
        self.calendar_uids = calendars

    def minutes(self, days: float | None, elapsed: bool = False) -> int:
        return 0 if days is None else round(days * (ELAPSED_DAY if elapsed else self.per_day))

    def duration(self, task: Task, summary: bool) -> MsDuration:
        if summary and task.scheduled_start and task.scheduled_finish:
            span = working_minutes_between(
                self.calendar, task.scheduled_start, task.scheduled_finish
            )
            return MsDuration(span, DurationFormat.D)
        if task.duration_elapsed:
            return MsDuration(self.minutes(task.duration_days, True), DurationFormat.ED)
        return MsDuration(self.minutes(task.duration_days), DurationFormat.D)

    def task(self, task: Task, uid: int, level: int, number: str, parent: int | None) -> MsTask:
        summary = task.is_summary
        constraint = ConstraintType[task.constraint_type.name]
        elapsed = bool(task.duration_elapsed) and not summary
        remaining = (
            None
            if task.remaining_days is None
            else MsDuration(
                self.minutes(task.remaining_days, elapsed),
                DurationFormat.ED if elapsed else DurationFormat.D,
            )
        )
        return MsTask(
            uid=uid,
            id=uid,
            name=task.name,
            wbs=task.wbs,
            outline_number=number,
            outline_level=level,
            parent_uid=parent,
            start=task.scheduled_start,
            finish=task.scheduled_finish,
            duration=self.duration(task, summary),
            milestone=task.is_milestone,
            summary=summary,
            critical=task.is_critical,
            early_start=task.early_start,
            early_finish=task.early_finish,
            late_start=task.late_start,
            late_finish=task.late_finish,
            free_slack=task.free_float_minutes,
            total_slack=task.total_float_minutes,
            percent_complete=round(task.percent_complete),
            actual_start=task.actual_start,
            actual_finish=task.actual_finish,
            remaining_duration=remaining,
            constraint_type=constraint,
            constraint_date=task.constraint_date,
            calendar_uid=self.calendar_uids.get(task.calendar_id or -1),
            deadline=task.deadline,
        )

    def link(self, link: Dependency, uids: dict[int, int]) -> MsLink:
        if link.lag_percent:
            return MsLink(
                uids[link.predecessor_id],
                uids[link.successor_id],
                LinkType[link.type.name],
                lag_percent=link.lag_percent,
                lag_format=DurationFormat.PERCENT,
            )
        return MsLink(
            uids[link.predecessor_id],
            uids[link.successor_id],
            LinkType[link.type.name],
            lag_minutes=self.minutes(link.lag_days, link.lag_elapsed),
            lag_format=DurationFormat.ED if link.lag_elapsed else DurationFormat.D,
        )


def _years(session: Session, project: Project, start: dt.datetime | None) -> range:
    finish = session.scalar(
        select(Task.scheduled_finish)
        .where(Task.project_id == project.id, Task.scheduled_finish.is_not(None))
        .order_by(Task.scheduled_finish.desc())
        .limit(1)
    )
    first = start.year if start else dt.date.today().year
    last = max(first, finish.year if finish else first)
    return range(first, last + 2)


def project_to_mspdi(session: Session, project: Project) -> MsProject:
    """The project as an :class:`MsProject` (no permission check)."""
    session.flush()
    calendar = calendar_of(session, project)
    start = project_start(session, project)
    tasks = list(session.scalars(select(Task).where(Task.project_id == project.id)))
    ordered = _wbs_order(tasks)
    uids = {task.id: uid for uid, (task, _, _) in enumerate(ordered, start=1)}
    years = _years(session, project, start)
    rows = session.scalars(
        select(TaskCalendar).where(TaskCalendar.project_id == project.id).order_by(TaskCalendar.id)
    ).all()
    calendar_uids = {row.id: _CALENDAR_UID + k for k, row in enumerate(rows, start=1)}
    calendars = (
        _calendar(_CALENDAR_UID, f"{project.code} calendar", calendar, years),
        *(
            _calendar(calendar_uids[row.id], row.name, task_calendar(calendar, row), years)
            for row in rows
        ),
    )
    writer = _Writer(project, calendar, calendar_uids)
    ms_tasks = tuple(
        writer.task(task, uids[task.id], level, number, uids.get(task.parent_id or -1))
        for task, level, number in ordered
    )
    links = session.scalars(
        select(Dependency)
        .where(Dependency.successor_id.in_(uids), Dependency.predecessor_id.in_(uids))
        .order_by(Dependency.id)
    )
    per_day = writer.per_day
    finishes = [t.scheduled_finish for t in tasks if t.scheduled_finish is not None]
    return MsProject(
        name=project.code,
        title=project.name,
        start_date=start,
        finish_date=max(finishes, default=None),
        currency_code=project.currency,
        calendar_uid=_CALENDAR_UID,
        minutes_per_day=per_day,
        minutes_per_week=per_day * sum(1 for hours in calendar.effective_week if hours),
        status_date=None
        if project.status_date is None
        else dt.datetime.combine(project.status_date, dt.time()),
        calendars=calendars,
        tasks=ms_tasks,
        links=tuple(writer.link(link, uids) for link in links),
    )


def export_mspdi(session: Session, principal: Principal, project_id: int) -> bytes:
    """The project as an MSPDI document (UTF-8 bytes); needs the right to read it."""
    project = authz.load_project(session, principal, project_id)
    return mspdi_bytes(project_to_mspdi(session, project))
