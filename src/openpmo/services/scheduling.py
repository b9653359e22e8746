"""Schedule a stored project: critical path on its calendar, written back in one transaction.

:func:`schedule_project` loads the project's tasks and links, builds a
:class:`openpmo.engines.ProjectPlan` on the project's calendar, runs the engine and writes
the early, late and scheduled dates, the floats and the critical flag back with one bulk
UPDATE of the changed rows. It never commits. Conventions (``docs/scheduling.md``):

* Schedule datetimes are naive local times of the project (``Project.time_zone``).
* A task's duration is ``duration_days`` × the working minutes of the project's day
  (``work_hours``), rounded to the minute, counted on the task's calendar if it has one;
  an elapsed duration is ``duration_days`` × 1,440 clock minutes. Lags likewise (on the
  successor's calendar, or elapsed), plus ``lag_percent``.
* Computed columns do not bump a task's ``version``: they are derived from what users
  enter, and bumping hundreds of versions on every edit would turn every other client's
  pending edit into a conflict. One audit entry per reschedule (``entity="project"``,
  ``action="schedule"``) records it instead.
* A link whose predecessor belongs to another project of the same program is an external
  constraint: that task is fixed at its *stored* schedule. Rescheduling a project then
  reschedules the projects of the program that depend on it, transitively, upstream first,
  each once, in the same transaction (:mod:`openpmo.services.downstream`); the summary names
  those whose dates moved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

import numpy as np
from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from openpmo.db.models import AuditEntry, Dependency, Project, Task
from openpmo.engines import CycleError, ProjectPlan, ProjectSchedule
from openpmo.engines import schedule_project as run_engine
from openpmo.engines.calendars import Calendar, china_holidays, to_working_minutes
from openpmo.engines.cpm import ConstraintType
from openpmo.enums import CalendarKind, ConstraintKind
from openpmo.errors import FieldError, InvalidInput
from openpmo.services import authz
from openpmo.services.calendars import (
    build_calendar,
    calendar_of,
    minutes_per_day,
    task_calendars_of,
)
from openpmo.services.downstream import downstream_projects
from openpmo.services.principal import Principal

__all__ = [
    "SCHEDULE_COLUMNS",
    "ScheduleSummary",
    "minutes_per_day",
    "project_calendar",
    "project_start",
    "reschedule",
    "reschedule_after_change",
    "schedule_project",
]

#: The task columns the scheduler writes.
SCHEDULE_COLUMNS = (
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "scheduled_start",
    "scheduled_finish",
    "total_float_minutes",
    "free_float_minutes",
    "is_critical",
)
_LINK_CODES = {"FS": 0, "SS": 1, "FF": 2, "SF": 3}
#: Minutes of an elapsed day (MS Project's ``ed``): 24 hours, whatever the calendar.
ELAPSED_DAY = 1440
_DATED = frozenset(ConstraintKind) - {ConstraintKind.ASAP, ConstraintKind.ALAP}


@dataclass(frozen=True)
class MovedProject:
    """A project of the program rescheduled because it depends on the one rescheduled."""

    project_id: int
    code: str
    tasks_changed: int
    finish: datetime


@dataclass(frozen=True)
class ScheduleSummary:
    """What a reschedule found: the project's span, and how many tasks it placed."""

    project_id: int
    start: datetime
    finish: datetime
    tasks_scheduled: int
    critical_tasks: int
    tasks_changed: int
    external_links: int
    #: Years of the schedule without Chinese holiday data (a China calendar there falls back
    #: to its plain week until a PMO adds that year's State Council notice).
    years_without_holidays: tuple[int, ...] = ()
    #: Projects of the program that depend on this one and whose schedule changed with it.
    downstream: tuple[MovedProject, ...] = ()


def years_without_holidays(kind: CalendarKind, first: datetime, last: datetime) -> tuple[int, ...]:
    """The years from ``first`` to ``last`` that a ``kind`` calendar has no holidays for."""
    if kind is not CalendarKind.CHINA:
        return ()
    holidays = china_holidays()
    return tuple(y for y in range(first.year, last.year + 1) if not holidays.covers(y))


def project_calendar(kind: CalendarKind, work_hours: str) -> Calendar:
    """The calendar of a project without dated exceptions (see :func:`calendar_of`)."""
    return build_calendar(kind, work_hours)


def _midnight(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time())


def project_start(session: Session, project: Project) -> datetime | None:
    """Working minute 0: the planned start, else the earliest planned start of a task."""
    if project.planned_start is not None:
        return _midnight(project.planned_start)
    first = session.scalar(
        select(Task.planned_start)
        .where(Task.project_id == project.id)
        .order_by(Task.planned_start.is_(None), Task.planned_start)
    )
    return _midnight(first)


_TASK_COLUMNS = (
    Task.id,
    Task.wbs,
    Task.parent_id,
    Task.duration_days,
    Task.duration_elapsed,
    Task.calendar_id,
    Task.constraint_type,
    Task.constraint_date,
    Task.deadline,
    Task.actual_start,
    Task.actual_finish,
    Task.remaining_days,
    Task.percent_complete,
    Task.planned_start,
    *(getattr(Task, name) for name in SCHEDULE_COLUMNS),
)


@dataclass
class _Network:
    """Engine input columns, one entry per task (then per external predecessor)."""

    tasks: list[Any]
    labels: list[str]
    plan: ProjectPlan
    external_links: int


def _minutes(days: float | None, per_day: int) -> int | None:
    return None if days is None else round(days * per_day)


def _actual_start(task: Any, summary: bool, start: datetime) -> datetime | None:
    """A task with progress but no actual start started where it was scheduled (as MS
    Project sets it when % complete is entered), else at its planned start."""
    if summary or task.actual_start is not None or task.percent_complete <= 0:
        return None if summary else task.actual_start
    if task.actual_finish is not None:
        return None
    return task.scheduled_start or _midnight(task.planned_start) or start


def _constraint_errors(tasks: Sequence[Any]) -> list[FieldError]:
    return [
        FieldError(
            ("tasks", t.id, "constraint_date"),
            "error.field.constraint_date_required",
            {"kind": t.constraint_type.value},
        )
        for t in tasks
        if t.constraint_type in _DATED and t.constraint_date is None
    ]


def _load(session: Session, project: Project) -> tuple[list[Any], list[Any]]:
    """The project's tasks, and the links into them (a predecessor may be external)."""
    tasks = session.execute(
        select(*_TASK_COLUMNS).where(Task.project_id == project.id).order_by(Task.id)
    ).all()
    links = session.execute(
        select(
            Dependency.predecessor_id,
            Dependency.successor_id,
            Dependency.type,
            Dependency.lag_days,
            Dependency.lag_elapsed,
            Dependency.lag_percent,
        )
        .join(Task, Task.id == Dependency.successor_id)
        .where(Task.project_id == project.id)
        .order_by(Dependency.id)
    ).all()
    return list(tasks), list(links)


def _task_columns(
    tasks: list[Any], per_day: int, start: datetime, calendars: dict[int, Calendar]
) -> dict[str, list[Any]]:
    """One engine column per name, one entry per task; summaries carry no progress."""
    parents = {t.parent_id for t in tasks}
    index = {t.id: k for k, t in enumerate(tasks)}
    summary = [t.id in parents for t in tasks]
    pairs = list(zip(tasks, summary, strict=True))
    day = [ELAPSED_DAY if t.duration_elapsed else per_day for t in tasks]
    return {
        "durations": [_minutes(t.duration_days, d) or 0 for t, d in zip(tasks, day, strict=True)],
        "elapsed": [bool(t.duration_elapsed) for t in tasks],
        "task_calendar": [calendars.get(t.calendar_id) for t in tasks],
        "parent": [index.get(t.parent_id, -1) for t in tasks],
        "constraint_type": [int(ConstraintType[t.constraint_type.name]) for t in tasks],
        "constraint_date": [t.constraint_date for t in tasks],
        "deadline": [t.deadline for t in tasks],
        "actual_start": [_actual_start(t, s, start) for t, s in pairs],
        "actual_finish": [None if s else t.actual_finish for t, s in pairs],
        "remaining": [_minutes(t.remaining_days, d) for t, d in zip(tasks, day, strict=True)],
        "percent_complete": [0.0 if s else t.percent_complete for t, s in pairs],
    }


def _add_external(
    columns: dict[str, list[Any]], external: list[Any], calendar: Calendar, start: datetime
) -> None:
    """External predecessors join as activities fixed (MSO) where their project put them."""
    for ext in external:
        ends = _to_minutes(calendar, start, [ext.scheduled_start, ext.scheduled_finish])
        for name, value in (
            ("durations", max(int(ends[1] - ends[0]), 0)),
            ("parent", -1),
            ("constraint_type", int(ConstraintType.MSO)),
            ("constraint_date", ext.scheduled_start),
            ("percent_complete", 0.0),
            ("elapsed", False),
        ):
            columns[name].append(value)
        for name in ("deadline", "actual_start", "actual_finish", "remaining", "task_calendar"):
            columns[name].append(None)


def _network(session: Session, project: Project, start: datetime) -> _Network:
    tasks, links = _load(session, project)
    if errors := _constraint_errors(tasks):
        raise InvalidInput(errors)
    index = {t.id: k for k, t in enumerate(tasks)}
    per_day = minutes_per_day(project.work_hours)
    calendar = calendar_of(session, project)
    external = _external_tasks(session, project, [lk.predecessor_id for lk in links], index)
    calendars = task_calendars_of(session, project.id, calendar)
    columns = _task_columns(tasks, per_day, start, calendars)
    _add_external(columns, external, calendar, start)
    outside = {e.id: len(tasks) + k for k, e in enumerate(external)}
    index.update(outside)
    kept = [lk for lk in links if lk.predecessor_id in index]
    plan = ProjectPlan(
        start=start,
        calendar=calendar,
        pred=[index[lk.predecessor_id] for lk in kept],
        succ=[index[lk.successor_id] for lk in kept],
        link_type=[_LINK_CODES[lk.type.value] for lk in kept],
        lag=[round(lk.lag_days * (ELAPSED_DAY if lk.lag_elapsed else per_day)) for lk in kept],
        lag_elapsed=[bool(lk.lag_elapsed) for lk in kept],
        lag_percent=[lk.lag_percent for lk in kept],
        status_date=_midnight(project.status_date),
        **columns,
    )
    labels = [t.wbs for t in tasks] + [f"#{e.id}" for e in external]
    return _Network(tasks, labels, plan, sum(lk.predecessor_id in outside for lk in kept))


def _to_minutes(calendar: Calendar, start: datetime, moments: list[datetime]) -> list[int]:
    array = np.array(moments, dtype="datetime64[m]")
    minutes: list[int] = to_working_minutes(calendar, start, array).tolist()
    return minutes


def _external_tasks(
    session: Session, project: Project, pred_ids: list[int], own: dict[int, int]
) -> list[Any]:
    """Scheduled predecessors in other projects of the project's program, by id."""
    wanted = sorted({p for p in pred_ids if p not in own})
    if not wanted or project.program_id is None:
        return []
    rows = session.execute(
        select(Task.id, Task.scheduled_start, Task.scheduled_finish)
        .join(Project, Project.id == Task.project_id)
        .where(
            Task.id.in_(wanted),
            Project.program_id == project.program_id,
            Task.scheduled_start.is_not(None),
            Task.scheduled_finish.is_not(None),
        )
        .order_by(Task.id)
    ).all()
    found: list[Any] = list(rows)
    return found


def _run(network: _Network) -> ProjectSchedule:
    try:
        return run_engine(network.plan)
    except CycleError as error:
        names = " → ".join(network.labels[i] for i in (*error.cycle, error.cycle[0]))
        raise InvalidInput(
            [FieldError(("dependencies",), "error.field.schedule_cycle", {"tasks": names})]
        ) from None
    except ValueError as error:
        raise InvalidInput(
            [FieldError(("tasks",), "error.field.schedule_invalid", {"msg": str(error)})]
        ) from None


def _as_datetimes(values: Any) -> list[datetime]:
    result: list[datetime] = values.astype("datetime64[m]").astype(object).tolist()
    return result


def _changed_rows(network: _Network, result: ProjectSchedule) -> list[dict[str, Any]]:
    n = len(network.tasks)
    columns: dict[str, list[Any]] = {
        name: _as_datetimes(getattr(result, name)[:n]) for name in SCHEDULE_COLUMNS[:6]
    }
    columns["total_float_minutes"] = result.total_float[:n].tolist()
    columns["free_float_minutes"] = result.free_float[:n].tolist()
    columns["is_critical"] = result.critical[:n].tolist()
    rows = []
    for k, task in enumerate(network.tasks):
        row = {name: values[k] for name, values in columns.items()}
        if any(getattr(task, name) != value for name, value in row.items()):
            rows.append({"task_id": task.id, **row})
    return rows


def _write(session: Session, project_id: int, rows: list[dict[str, Any]]) -> None:
    """One executemany UPDATE, bypassing the ORM's version counter on purpose."""
    if rows:
        table = Task.__table__
        assert isinstance(table, Table)
        session.execute(
            update(table)
            .where(table.c.id == bindparam("task_id"))
            .values({name: bindparam(name) for name in SCHEDULE_COLUMNS}),
            rows,
        )
    changed = {row["task_id"] for row in rows}
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Task) and obj.__dict__.get("id") in changed:
            session.expire(obj, list(SCHEDULE_COLUMNS))


def _audit(session: Session, summary: ScheduleSummary) -> None:
    session.execute(
        insert(AuditEntry),
        [
            {
                "user_id": session.info.get("actor_id"),
                "entity": "project",
                "entity_id": summary.project_id,
                "action": "schedule",
                "before": None,
                "after": {
                    "start": summary.start.isoformat(),
                    "finish": summary.finish.isoformat(),
                    "tasks_scheduled": summary.tasks_scheduled,
                    "tasks_changed": summary.tasks_changed,
                    "critical_tasks": summary.critical_tasks,
                },
            }
        ],
    )


def reschedule(
    session: Session, project: Project, *, cascade: bool = True
) -> ScheduleSummary | None:
    """Schedule ``project`` without a permission check; ``None`` if it has no start date.

    With ``cascade`` the projects of its program that depend on it through cross-project
    links are rescheduled after it (see :mod:`openpmo.services.downstream`). The callers (the
    schedule endpoint, task and link edits) have checked permissions.
    """
    summary = _reschedule_one(session, project)
    if not cascade:
        return summary
    moved = []
    for other in downstream_projects(session, project):
        result = _reschedule_one(session, other)
        if result is not None and result.tasks_changed:
            moved.append(MovedProject(other.id, other.code, result.tasks_changed, result.finish))
    if summary is None or not moved:
        return summary
    return replace(summary, downstream=tuple(moved))


def _reschedule_one(session: Session, project: Project) -> ScheduleSummary | None:
    session.flush()
    start = project_start(session, project)
    if start is None:
        return None
    network = _network(session, project, start)
    result = _run(network)
    n = len(network.tasks)
    rows = _changed_rows(network, result)
    _write(session, project.id, rows)
    first, last = start, start
    if n:
        first = _as_datetimes(result.scheduled_start[:n].min(keepdims=True))[0]
        last = _as_datetimes(result.scheduled_finish[:n].max(keepdims=True))[0]
    summary = ScheduleSummary(
        project_id=project.id,
        start=first,
        finish=last,
        tasks_scheduled=n,
        critical_tasks=int(result.critical[:n].sum()),
        tasks_changed=len(rows),
        external_links=network.external_links,
        years_without_holidays=years_without_holidays(project.calendar, first, last),
    )
    _audit(session, summary)
    return summary


def reschedule_all(session: Session) -> int:
    """Schedule every project that has a start date (for ``pmo demo`` and bulk imports);
    returns how many were scheduled. No permission check: callers act as the system."""
    projects = list(session.scalars(select(Project).order_by(Project.id)))
    return sum(reschedule(session, project, cascade=False) is not None for project in projects)


def schedule_project(session: Session, principal: Principal, project_id: int) -> ScheduleSummary:
    """Schedule the project and write the results back; needs the right to edit it.

    A project without a planned start (and no task with one) is a 422 naming
    ``planned_start``; a cycle of links a 422 naming the tasks in it.
    """
    project = authz.load_project(session, principal, project_id)
    authz.ensure_can_edit_project(principal, project)
    summary = reschedule(session, project)
    if summary is None:
        raise InvalidInput(
            [FieldError(("project", "planned_start"), "error.field.schedule_start_required")]
        )
    return summary


def reschedule_after_change(session: Session, project_id: int) -> None:
    """The ``after_change`` of tasks and links: every change reschedules the project.

    Rescheduling here, in the service, rather than in the API keeps the stored schedule
    true whoever edits (API, web pages, CLI); bulk importers write rows directly and call
    :func:`reschedule` once.
    """
    project = session.get(Project, project_id)
    if project is not None:
        reschedule(session, project)
