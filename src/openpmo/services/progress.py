"""Progress per status date: record it (one task or many), take snapshots, list them.

A status date is a snapshot of the whole project (:class:`StatusDate`): one
:class:`TaskProgress` row per task, seeded from the previous snapshot (or the tasks' current
values) when the date is first used, and the register figures the health KPIs need that
keep no history of their own (open risks' exposure, overdue issues, over-allocation), taken
again each time the snapshot is written. A later status date never touches an earlier one,
so a past status date is recomputed exactly. Writing the project's latest status date also
copies the progress onto the tasks (percent complete, actual dates, remaining days), which
is what the scheduler reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, insert, select
from sqlalchemy.orm import Session

from openpmo.db.base import utcnow
from openpmo.db.models import (
    Baseline,
    Issue,
    Project,
    Resource,
    Risk,
    StatusDate,
    Task,
    TaskProgress,
)
from openpmo.enums import IssueStatus, RiskStatus
from openpmo.errors import FieldError, InvalidInput, NotFound
from openpmo.services import authz
from openpmo.services.principal import Principal

__all__ = [
    "ProgressEntry",
    "get_status_date",
    "list_status_dates",
    "progress_rows",
    "record_progress",
    "take_snapshot",
    "validate_entries",
]

#: The fields a progress entry may set, beside ``task_id``.
PROGRESS_FIELDS = (
    "percent_complete",
    "remaining_days",
    "actual_start",
    "actual_finish",
    "actual_hours",
    "actual_cost",
)
#: Days of the look-ahead window of the over-allocation figure (four weeks).
WINDOW_DAYS = 28


@dataclass(frozen=True)
class ProgressEntry:
    """One task's progress as of a status date; ``None`` leaves a value as it is."""

    task_id: int
    percent_complete: float | None = None
    remaining_days: float | None = None
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    actual_hours: float | None = None
    actual_cost: Decimal | None = None

    def given(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "task_id" and getattr(self, f.name) is not None
        }


def _error(index: int, name: str, key: str, **params: Any) -> FieldError:
    return FieldError(("body", f"tasks[{index}]", name), key, params)


def _entry_errors(index: int, entry: ProgressEntry, status_date: date) -> list[FieldError]:
    errors = []
    if entry.percent_complete is not None and not 0 <= entry.percent_complete <= 100:
        key = (
            "error.field.greater_equal" if entry.percent_complete < 0 else "error.field.less_equal"
        )
        errors.append(_error(index, "percent_complete", key, ge=0, le=100))
    for name in ("remaining_days", "actual_hours", "actual_cost"):
        value = getattr(entry, name)
        if value is not None and value < 0:
            errors.append(_error(index, name, "error.field.greater_equal", ge=0))
    start, finish = entry.actual_start, entry.actual_finish
    if start is not None and finish is not None and finish < start:
        errors.append(_error(index, "actual_finish", "error.field.actual_finish_before_start"))
    if finish is not None and start is None:
        errors.append(_error(index, "actual_start", "error.field.finish_without_start"))
    day_after = datetime.combine(status_date + timedelta(days=1), time())
    for name, moment in (("actual_start", start), ("actual_finish", finish)):
        if moment is not None and moment >= day_after:
            errors.append(
                _error(index, name, "error.field.after_status_date", date=status_date.isoformat())
            )
    return errors


def validate_entries(
    session: Session, project_id: int, status_date: date, entries: Sequence[ProgressEntry]
) -> list[FieldError]:
    """Every problem of ``entries`` at once, each naming ``tasks[i].<field>``."""
    found = select(Task.id, Task.project_id).where(Task.id.in_({e.task_id for e in entries}))
    owners = {row[0]: row[1] for row in session.execute(found)}
    errors: list[FieldError] = []
    seen: set[int] = set()
    for index, entry in enumerate(entries):
        owner = owners.get(entry.task_id)
        if owner is None:
            errors.append(_error(index, "task_id", "error.field.not_found", value=entry.task_id))
        elif owner != project_id:
            errors.append(
                _error(index, "task_id", "error.field.other_project", value=entry.task_id)
            )
        elif entry.task_id in seen:
            errors.append(_error(index, "task_id", "error.field.duplicate", value=entry.task_id))
        seen.add(entry.task_id)
        errors.extend(_entry_errors(index, entry, status_date))
    return errors


def _editable(session: Session, principal: Principal, project_id: int) -> Project:
    project = authz.load_project(session, principal, project_id)
    authz.ensure_can_edit_project(principal, project)
    return project


def list_status_dates(session: Session, principal: Principal, project_id: int) -> list[StatusDate]:
    """The project's snapshots, oldest first."""
    authz.load_project(session, principal, project_id)
    stmt = (
        select(StatusDate)
        .where(StatusDate.project_id == project_id)
        .order_by(StatusDate.status_date)
    )
    return list(session.scalars(stmt))


def find_status_date(session: Session, project_id: int, on: date | None) -> StatusDate | None:
    """The snapshot on ``on``, else the latest before it (the latest of all for ``None``)."""
    stmt = select(StatusDate).where(StatusDate.project_id == project_id)
    if on is not None:
        stmt = stmt.where(StatusDate.status_date <= on)
    return session.scalar(stmt.order_by(StatusDate.status_date.desc()).limit(1))


def get_status_date(
    session: Session, principal: Principal, project_id: int, on: date | None
) -> StatusDate:
    """The snapshot that holds as of ``on`` (see :func:`find_status_date`), or NotFound."""
    authz.load_project(session, principal, project_id)
    found = find_status_date(session, project_id, on)
    if found is None:
        raise NotFound(entity="status_date", id=on.isoformat() if on else project_id)
    return found


def _seed_rows(session: Session, project_id: int, snapshot: StatusDate) -> None:
    """Every task's progress as of the previous snapshot, or the task's own values."""
    previous = session.scalar(
        select(StatusDate.id)
        .where(
            StatusDate.project_id == project_id,
            StatusDate.status_date < snapshot.status_date,
        )
        .order_by(StatusDate.status_date.desc())
        .limit(1)
    )
    carried: dict[int, dict[str, Any]] = {}
    if previous is not None:
        stmt = select(TaskProgress.task_id, *(getattr(TaskProgress, n) for n in PROGRESS_FIELDS))
        for row in session.execute(stmt.where(TaskProgress.status_date_id == previous)):
            carried[row[0]] = dict(zip(PROGRESS_FIELDS, row[1:], strict=True))
    tasks = session.execute(
        select(
            Task.id,
            Task.percent_complete,
            Task.remaining_days,
            Task.actual_start,
            Task.actual_finish,
        ).where(Task.project_id == project_id)
    ).all()
    rows = []
    for task_id, percent, remaining, start, finish in tasks:
        values = carried.get(task_id) or {
            "percent_complete": percent or 0.0,
            "remaining_days": remaining,
            "actual_start": start,
            "actual_finish": finish,
            "actual_hours": 0.0,
            "actual_cost": Decimal("0.00"),
        }
        rows.append({"status_date_id": snapshot.id, "task_id": task_id, **values})
    if rows:
        session.execute(insert(TaskProgress), rows)


def _first_baseline(session: Session, project_id: int) -> int | None:
    return session.scalar(
        select(Baseline.id)
        .where(Baseline.project_id == project_id)
        .order_by(Baseline.number)
        .limit(1)
    )


def register_figures(session: Session, project_id: int, on: date) -> dict[str, float]:
    """Risk exposure, overdue issues and over-allocation of one project as of ``on``."""
    exposure = session.scalar(
        select(func.coalesce(func.sum(Risk.probability * Risk.impact), 0.0)).where(
            Risk.project_id == project_id,
            Risk.status.in_((RiskStatus.OPEN, RiskStatus.MITIGATING)),
        )
    )
    overdue = session.scalar(
        select(func.count()).where(
            Issue.project_id == project_id,
            Issue.status.in_((IssueStatus.OPEN, IssueStatus.IN_PROGRESS)),
            Issue.due_date < on,
        )
    )
    return {
        "risk_exposure": round(float(exposure or 0.0), 4),
        "overdue_issues": int(overdue or 0),
        "overallocation_hours": overallocation_hours(session, project_id, on),
    }


def overallocation_hours(session: Session, project_id: int, on: date) -> float:
    """Hours the project's assignees are booked beyond capacity in the four weeks from ``on``.

    Each unfinished leaf task (of any project) books its assignee 8 hours a working day
    (Monday to Friday) over the part of its planned span inside the window; a person's
    excess over ``capacity_hours_per_week × 4`` is shared among projects by their booked
    hours, and this project's shares are summed.
    """
    end = on + timedelta(days=WINDOW_DAYS)
    people = select(Task.assignee_id).where(
        Task.project_id == project_id, Task.assignee_id.is_not(None)
    )
    rows = session.execute(
        select(
            Task.assignee_id,
            Task.project_id,
            Task.planned_start,
            Task.planned_finish,
            Resource.capacity_hours_per_week,
        )
        .join(Resource, Resource.id == Task.assignee_id)
        .where(
            Task.assignee_id.in_(people),
            Task.is_summary.is_(False),
            Task.percent_complete < 100,
            and_(Task.planned_start < end, Task.planned_finish >= on),
        )
    ).all()
    booked: dict[int, float] = {}
    ours: dict[int, float] = {}
    capacity: dict[int, float] = {}
    for person, project, first, last, weekly in rows:
        if person is None or first is None or last is None:
            continue
        hours = 8.0 * _workdays(max(first, on), min(last, end - timedelta(days=1)))
        booked[person] = booked.get(person, 0.0) + hours
        capacity[person] = float(weekly or 0.0) * WINDOW_DAYS / 7
        if project == project_id:
            ours[person] = ours.get(person, 0.0) + hours
    total = 0.0
    for person, mine in ours.items():
        excess = booked[person] - capacity[person]
        if excess > 0 and booked[person] > 0:
            total += excess * mine / booked[person]
    return round(total, 1)


def _workdays(first: date, last: date) -> int:
    """Monday-to-Friday days from ``first`` to ``last`` inclusive (0 if empty)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    weeks, rest = divmod(days, 7)
    extra = sum(1 for k in range(rest) if (first.weekday() + k) % 7 < 5)
    return weeks * 5 + extra


def _snapshot(
    session: Session, principal: Principal, project: Project, on: date
) -> tuple[StatusDate, bool]:
    """The snapshot on ``on``, created (and seeded) if new; its register figures refreshed."""
    found = session.scalar(
        select(StatusDate).where(StatusDate.project_id == project.id, StatusDate.status_date == on)
    )
    created = found is None
    if found is None:
        found = StatusDate(
            project_id=project.id,
            status_date=on,
            baseline_id=_first_baseline(session, project.id),
        )
        session.add(found)
        session.flush()
        _seed_rows(session, project.id, found)
    for name, value in register_figures(session, project.id, on).items():
        setattr(found, name, value)
    found.taken_at = utcnow()
    found.taken_by_id = principal.user_id
    return found, created


def take_snapshot(
    session: Session, principal: Principal, project_id: int, *, status_date: date
) -> StatusDate:
    """Freeze the project as of ``status_date``: each task's progress (from the previous
    snapshot, or the task) and the registers' figures. Taking it again refreshes the
    register figures and keeps the recorded progress."""
    project = _editable(session, principal, project_id)
    snapshot, _ = _snapshot(session, principal, project, status_date)
    session.flush()
    return snapshot


def _is_latest(session: Session, snapshot: StatusDate) -> bool:
    later = session.scalar(
        select(StatusDate.id)
        .where(
            StatusDate.project_id == snapshot.project_id,
            StatusDate.status_date > snapshot.status_date,
        )
        .limit(1)
    )
    return later is None


_TASK_FIELDS = ("percent_complete", "remaining_days", "actual_start", "actual_finish")


def record_progress(
    session: Session,
    principal: Principal,
    project_id: int,
    *,
    status_date: date,
    entries: Sequence[ProgressEntry],
) -> StatusDate:
    """Record the progress of one or many tasks as of ``status_date``.

    Every bad value is reported at once (``tasks[3].percent_complete``) and nothing is
    written. The status date's snapshot is created if new; on the project's latest status
    date the tasks themselves get the new values too.
    """
    project = _editable(session, principal, project_id)
    errors = validate_entries(session, project_id, status_date, entries)
    if errors:
        raise InvalidInput(errors)
    snapshot, _ = _snapshot(session, principal, project, status_date)
    session.flush()
    by_task = {
        p.task_id: p
        for p in session.scalars(
            select(TaskProgress).where(
                TaskProgress.status_date_id == snapshot.id,
                TaskProgress.task_id.in_([e.task_id for e in entries]),
            )
        )
    }
    latest = _is_latest(session, snapshot)
    for entry in entries:
        row = by_task.get(entry.task_id)
        if row is None:
            row = TaskProgress(
                status_date_id=snapshot.id,
                task_id=entry.task_id,
                percent_complete=0.0,
                actual_hours=0.0,
                actual_cost=Decimal("0.00"),
            )
            session.add(row)
        values = entry.given()
        for name, value in values.items():
            setattr(row, name, value)
        if latest:
            task = session.get(Task, entry.task_id)
            assert task is not None
            for name in _TASK_FIELDS:
                if name in values and getattr(task, name) != values[name]:
                    setattr(task, name, values[name])
    session.flush()
    return snapshot


def progress_rows(
    session: Session, principal: Principal, project_id: int, on: date | None
) -> tuple[StatusDate, list[tuple[Task, TaskProgress | None]]]:
    """The snapshot holding as of ``on`` and each task with its progress there."""
    snapshot = get_status_date(session, principal, project_id, on)
    rows = session.execute(
        select(Task, TaskProgress)
        .outerjoin(
            TaskProgress,
            and_(TaskProgress.task_id == Task.id, TaskProgress.status_date_id == snapshot.id),
        )
        .where(Task.project_id == project_id)
        .order_by(Task.wbs, Task.id)
    ).all()
    return snapshot, [(t, p) for t, p in rows]
