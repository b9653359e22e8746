"""Baselines: up to 11 frozen copies (numbers 0-10) of a project's schedule, and variance.

Saving baseline N reschedules the project (so the copy matches the tasks as they are) and
copies, per task, its scheduled start and finish (the early dates; the late ones for an ALAP
task, as MS Project's Start/Finish), its duration in working minutes, its work (the duration
for a leaf task with an assignee, else 0) and its cost (work hours × the assignee's hourly
``cost_rate``). Variance compares the current schedule with a baseline in working days of the
project calendar: positive means later or longer than planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import numpy as np
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from openpmo.db.models import Baseline, BaselineTask, Project, Resource, Task
from openpmo.db.models.baselines import LAST_BASELINE
from openpmo.engines.calendars import to_working_minutes
from openpmo.errors import FieldError, InvalidInput, NotFound
from openpmo.services import authz, crud
from openpmo.services.calendars import calendar_of
from openpmo.services.principal import Principal
from openpmo.services.scheduling import minutes_per_day, reschedule

__all__ = [
    "BASELINE_LIMIT",
    "TaskVariance",
    "Variance",
    "baseline_variance",
    "delete_baseline",
    "get_baseline",
    "list_baselines",
    "save_baseline",
]

#: Baselines a project may keep (numbers 0 to 10).
BASELINE_LIMIT = LAST_BASELINE + 1


@dataclass(frozen=True)
class TaskVariance:
    """One task against the baseline; ``None`` where either side has no date."""

    task_id: int
    wbs: str
    name: str
    baseline_start: datetime | None
    baseline_finish: datetime | None
    start: datetime | None
    finish: datetime | None
    start_variance_days: float | None
    finish_variance_days: float | None
    duration_variance_days: float
    work_variance_hours: float
    cost_variance: Decimal


@dataclass(frozen=True)
class Variance:
    """Per-task variance and the project's roll-up (its first start and last finish)."""

    project_id: int
    number: int
    name: str
    start_variance_days: float | None
    finish_variance_days: float | None
    duration_variance_days: float | None
    cost_variance: Decimal
    tasks_late: int
    tasks: list[TaskVariance]


def _editable(session: Session, principal: Principal, project_id: int) -> Project:
    project = authz.load_project(session, principal, project_id)
    authz.ensure_can_edit_project(principal, project)
    return project


def list_baselines(session: Session, principal: Principal, project_id: int) -> list[Baseline]:
    authz.load_project(session, principal, project_id)
    stmt = select(Baseline).where(Baseline.project_id == project_id).order_by(Baseline.number)
    return list(session.scalars(stmt))


def get_baseline(session: Session, principal: Principal, project_id: int, number: int) -> Baseline:
    authz.load_project(session, principal, project_id)
    return _baseline(session, project_id, number)


def _baseline(session: Session, project_id: int, number: int) -> Baseline:
    found = session.scalar(
        select(Baseline).where(Baseline.project_id == project_id, Baseline.number == number)
    )
    if found is None:
        raise NotFound(entity="baseline", id=number)
    return found


def _number(session: Session, project_id: int, number: int | None) -> int:
    taken = set(session.scalars(select(Baseline.number).where(Baseline.project_id == project_id)))
    if number is not None:
        if number in taken:
            raise InvalidInput(
                [FieldError(("body", "number"), "error.field.duplicate", {"value": number})]
            )
        return number
    free = [n for n in range(BASELINE_LIMIT) if n not in taken]
    if not free:
        raise InvalidInput(
            [
                FieldError(
                    ("body", "number"), "error.field.baseline_limit", {"limit": BASELINE_LIMIT}
                )
            ]
        )
    return free[0]


def _figures(session: Session, project: Project) -> list[dict[str, Any]]:
    """Each task's current dates, duration, work and cost, as baseline rows."""
    per_day = minutes_per_day(project.work_hours)
    rows = session.execute(
        select(
            Task.id,
            Task.scheduled_start,
            Task.scheduled_finish,
            Task.duration_days,
            Task.assignee_id,
            Task.is_summary,
            Resource.cost_rate,
        )
        .outerjoin(Resource, Resource.id == Task.assignee_id)
        .where(Task.project_id == project.id)
        .order_by(Task.id)
    )
    figures = []
    for task_id, start, finish, days, assignee, summary, rate in rows:
        duration = round(days * per_day)
        work = _work(duration, assignee, summary)
        cost = _cost(work, rate)
        figures.append(
            {
                "task_id": task_id,
                "start": start,
                "finish": finish,
                "duration_minutes": duration,
                "work_minutes": work,
                "cost": cost,
            }
        )
    return figures


def _work(duration: int, assignee_id: int | None, summary: bool) -> int:
    """Work in minutes: one assignee full time on a leaf task (summaries roll up none)."""
    return duration if assignee_id is not None and not summary else 0


def _cost(work_minutes: int, rate: Decimal | None) -> Decimal:
    return (Decimal(work_minutes) / 60 * (rate or Decimal(0))).quantize(Decimal("0.01"))


def save_baseline(
    session: Session,
    principal: Principal,
    project_id: int,
    *,
    name: str,
    number: int | None = None,
) -> Baseline:
    """Save baseline ``number`` (the lowest free one if ``None``) of the current schedule.

    An 12th baseline, or a number already used, is a 422 naming ``number``.
    """
    project = _editable(session, principal, project_id)
    chosen = _number(session, project_id, number)
    reschedule(session, project)
    baseline = Baseline(
        project_id=project_id,
        number=chosen,
        name=name,
        created_by_id=principal.user_id,
    )
    session.add(baseline)
    session.flush()
    rows = _figures(session, project)
    if rows:
        session.execute(insert(BaselineTask), [{"baseline_id": baseline.id, **r} for r in rows])
    return baseline


def delete_baseline(
    session: Session, principal: Principal, project_id: int, number: int, *, version: int | None
) -> None:
    """Delete baseline ``number``; ``version`` must be the one read (no silent overwrite)."""
    _editable(session, principal, project_id)
    baseline = _baseline(session, project_id, number)
    crud.check_version(baseline, version, "baseline")
    session.execute(delete(BaselineTask).where(BaselineTask.baseline_id == baseline.id))
    session.delete(baseline)
    session.flush()


def _days(minutes: Any, per_day: int) -> Any:
    return np.round(minutes / per_day, 2)


def _offsets(project: Project, moments: list[datetime | None]) -> Any:
    """Working minutes of each moment from a fixed origin, NaN where there is none."""
    session = Session.object_session(project)
    assert session is not None
    calendar = calendar_of(session, project)
    result = np.full(len(moments), np.nan)
    given = [k for k, m in enumerate(moments) if m is not None]
    if given:
        array = np.array([moments[k] for k in given], dtype="datetime64[m]")
        result[given] = to_working_minutes(calendar, array.min(), array)
    return result


def _task_variances(session: Session, baseline: Baseline) -> list[Any]:
    rows = session.execute(
        select(Task, BaselineTask, Resource.cost_rate)
        .join(BaselineTask, BaselineTask.task_id == Task.id)
        .outerjoin(Resource, Resource.id == Task.assignee_id)
        .where(BaselineTask.baseline_id == baseline.id)
        .order_by(Task.wbs, Task.id)
    ).all()
    return list(rows)


def baseline_variance(
    session: Session, principal: Principal, project_id: int, number: int
) -> Variance:
    """The current schedule against baseline ``number``, per task and for the project."""
    project = authz.load_project(session, principal, project_id)
    baseline = _baseline(session, project_id, number)
    rows = _task_variances(session, baseline)
    per_day = minutes_per_day(project.work_hours)
    n = len(rows)
    moments = [t.scheduled_start for t, _, _ in rows] + [b.start for _, b, _ in rows]
    moments += [t.scheduled_finish for t, _, _ in rows] + [b.finish for _, b, _ in rows]
    at = _offsets(project, moments)
    start, base_start, finish, base_finish = at[:n], at[n : 2 * n], at[2 * n : 3 * n], at[3 * n :]
    tasks = [
        _task_variance(row, per_day, start[k] - base_start[k], finish[k] - base_finish[k])
        for k, row in enumerate(rows)
    ]
    return Variance(
        project_id=project_id,
        number=baseline.number,
        name=baseline.name,
        start_variance_days=_rolled(np.nanmin, start, base_start, per_day),
        finish_variance_days=_rolled(np.nanmax, finish, base_finish, per_day),
        duration_variance_days=_span_variance(start, finish, base_start, base_finish, per_day),
        cost_variance=sum((t.cost_variance for t in tasks), Decimal("0.00")),
        tasks_late=sum(1 for t in tasks if (t.finish_variance_days or 0) > 0),
        tasks=tasks,
    )


def _optional_days(minutes: float, per_day: int) -> float | None:
    return None if np.isnan(minutes) else float(_days(minutes, per_day))


def _task_variance(row: Any, per_day: int, start: float, finish: float) -> TaskVariance:
    task, base, rate = row
    duration = round(task.duration_days * per_day)
    work = _work(duration, task.assignee_id, task.is_summary)
    cost = _cost(work, rate)
    return TaskVariance(
        task_id=task.id,
        wbs=task.wbs,
        name=task.name,
        baseline_start=base.start,
        baseline_finish=base.finish,
        start=task.scheduled_start,
        finish=task.scheduled_finish,
        start_variance_days=_optional_days(start, per_day),
        finish_variance_days=_optional_days(finish, per_day),
        duration_variance_days=float(_days(duration - base.duration_minutes, per_day)),
        work_variance_hours=round((work - base.work_minutes) / 60, 2),
        cost_variance=cost - base.cost,
    )


def _rolled(pick: Any, current: Any, planned: Any, per_day: int) -> float | None:
    if np.isnan(current).all() or np.isnan(planned).all():
        return None
    return float(_days(pick(current) - pick(planned), per_day))


def _span_variance(
    start: Any, finish: Any, base_start: Any, base_finish: Any, per_day: int
) -> float | None:
    if any(np.isnan(a).all() for a in (start, finish, base_start, base_finish)):
        return None
    span = np.nanmax(finish) - np.nanmin(start)
    planned = np.nanmax(base_finish) - np.nanmin(base_start)
    return float(_days(span - planned, per_day))
