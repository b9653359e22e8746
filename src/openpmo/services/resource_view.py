"""One person's load over a window: their capacity and demand per period, the projects and
tasks behind it, allocations, leave, and the calendar's public holidays and adjusted working
days (调休) — what a resource manager looks at before booking or relieving someone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from openpmo.db.models import Allocation, Assignment, Project, Resource, ResourceLeave, Task
from openpmo.engines.calendars import is_working_day
from openpmo.enums import CalendarKind
from openpmo.errors import NotFound
from openpmo.schemas.capacity import CapacityRead
from openpmo.services import capacity
from openpmo.services.calendars import build_calendar
from openpmo.services.principal import Principal

__all__ = ["PersonLoad", "person_load"]

#: Assignments listed (the most recent first beyond it are left out).
MAX_ASSIGNMENTS = 300


@dataclass(frozen=True)
class TaskLine:
    """The task of an assignment: what the person page shows of it."""

    project_id: int
    wbs: str
    name: str
    name_zh: str | None
    start: Any
    finish: Any


@dataclass
class PersonLoad:
    resource: Resource
    report: CapacityRead
    by_project: list[tuple[int, str, list[float]]]
    allocations: list[tuple[Allocation, str]]  # with the project code
    assignments: list[tuple[Assignment, TaskLine, str]]
    leave: list[ResourceLeave]
    holidays: list[date]
    extra_workdays: list[date]


def _calendar_days(resource: Resource, start: date, finish: date) -> tuple[list[date], list[date]]:
    """Weekdays off (public holidays) and weekend days worked (调休) of the resource's
    calendar between ``start`` and ``finish``."""
    workdays = resource.workdays or "12345"
    calendar = build_calendar(CalendarKind(resource.calendar), "08:00-12:00, 13:00-17:00", workdays)
    days = np.arange(np.datetime64(start, "D"), np.datetime64(finish, "D") + 1, dtype="M8[D]")
    working = is_working_day(calendar, days)
    weekday = ((days.view("int64") - 4) % 7) + 1  # ISO weekday; 1970-01-01 was a Thursday
    usual = np.isin(weekday, [int(d) for d in workdays])
    dates: list[date] = days.astype(object).tolist()
    holidays = [d for d, u, w in zip(dates, usual, working, strict=True) if u and not w]
    extra = [d for d, u, w in zip(dates, usual, working, strict=True) if w and not u]
    return holidays, extra


def _assignments(
    session: Session, resource_id: int, start: date, finish: date
) -> list[tuple[Assignment, TaskLine, str]]:
    after = datetime.combine(finish + timedelta(days=1), time())
    before = datetime.combine(start, time())
    meets = and_(
        or_(
            Task.scheduled_start < after,
            and_(Task.scheduled_start.is_(None), Task.planned_start <= finish),
        ),
        or_(
            Task.scheduled_finish >= before,
            and_(Task.scheduled_finish.is_(None), Task.planned_finish >= start),
        ),
    )
    rows = session.execute(
        select(
            Assignment,
            Task.project_id,
            Task.wbs,
            Task.name,
            Task.name_zh,
            func.coalesce(func.date(Task.scheduled_start), Task.planned_start).label("start"),
            func.coalesce(func.date(Task.scheduled_finish), Task.planned_finish).label("finish"),
            Project.code,
        )
        .join(Task, Task.id == Assignment.task_id)
        .join(Project, Project.id == Task.project_id)
        .where(Assignment.resource_id == resource_id, meets)
        .order_by(Task.scheduled_start, Task.planned_start, Task.id)
        .limit(MAX_ASSIGNMENTS)
    ).all()
    return [(row[0], TaskLine(*row[1:7]), row[7]) for row in rows]


def person_load(
    session: Session,
    principal: Principal,
    resource_id: int,
    *,
    period: str = "week",
    start: date | None = None,
    finish: date | None = None,
) -> PersonLoad:
    """The person's load (see the module docstring); capacity readers only."""
    resource = session.get(Resource, resource_id)
    if resource is None:
        raise NotFound(entity="resource", id=resource_id)
    plan = capacity.capacity_plan(
        session,
        principal,
        period=period,
        start=start,
        finish=finish,
        scope=capacity.ResourceScope(resource_ids=(resource_id,)),
    )
    report = capacity.report_of(session, plan, by="person", over_limit=1000)
    first, last = report.start, report.finish
    allocations = session.execute(
        select(Allocation, Project.code)
        .join(Project, Project.id == Allocation.project_id)
        .where(
            Allocation.resource_id == resource_id,
            Allocation.finish >= first,
            Allocation.start <= last,
        )
        .order_by(Allocation.start)
    ).all()
    leave = session.scalars(
        select(ResourceLeave)
        .where(
            ResourceLeave.resource_id == resource_id,
            ResourceLeave.finish >= first,
            ResourceLeave.start <= last,
        )
        .order_by(ResourceLeave.start)
    )
    holidays, extra = _calendar_days(resource, first, last)
    return PersonLoad(
        resource=resource,
        report=report,
        by_project=capacity.demand_by_project(plan),
        allocations=[(a, code) for a, code in allocations],
        assignments=_assignments(session, resource_id, first, last),
        leave=list(leave),
        holidays=holidays,
        extra_workdays=extra,
    )
