"""The pool's records around a resource: leave, cost rates, task assignments and allocations.

Each is a :class:`~openpmo.services.registers.Register` with a ``validate`` hook that reports
every bad field at once. Resource managers (and the PMO) edit leave, rates and allocations;
assignments are edited by whoever may edit the task's project, and by resource managers.
Requests and their approval are in :mod:`openpmo.services.requests`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Allocation, Assignment, ResourceLeave, ResourceRate, Task
from openpmo.enums import Role
from openpmo.errors import FieldError, Forbidden
from openpmo.schemas.capacity import AssignmentCreate, AssignmentUpdate
from openpmo.services import authz, crud
from openpmo.services.principal import Principal
from openpmo.services.registers import Register

__all__ = [
    "allocations",
    "assignments",
    "create_assignment",
    "leave",
    "over_allocation_errors",
    "rates",
    "update_assignment",
]

POOL_EDITORS = (Role.RESOURCE_MANAGER, Role.PMO)


def _merged(record: Any, values: dict[str, Any], *names: str) -> list[Any]:
    return [values.get(n, getattr(record, n, None)) for n in names]


def _period_errors(record: Any, values: dict[str, Any], first: str, last: str) -> list[FieldError]:
    start, finish = _merged(record, values, first, last)
    if start is not None and finish is not None and finish < start:
        return [FieldError(("body", last), "error.field.end_before_start")]
    return []


def _leave_rules(_s: Session, record: Any, values: dict[str, Any]) -> list[FieldError]:
    return _period_errors(record, values, "start", "finish")


def _rate_rules(session: Session, record: Any, values: dict[str, Any]) -> list[FieldError]:
    errors = _period_errors(record, values, "valid_from", "valid_to")
    resource_id, first, last = _merged(record, values, "resource_id", "valid_from", "valid_to")
    if errors or first is None:
        return errors
    others = session.execute(
        select(ResourceRate.id, ResourceRate.valid_from, ResourceRate.valid_to).where(
            ResourceRate.resource_id == resource_id, ResourceRate.id != (record.id or 0)
        )
    ).all()
    for other_id, a, z in others:
        if a <= (last or date.max) and first <= (z or date.max):
            errors.append(
                FieldError(("body", "valid_from"), "error.field.rate_overlap", {"value": other_id})
            )
    return errors


def over_allocation_errors(
    session: Session,
    resource_id: int,
    start: date,
    finish: date,
    percent: float,
    *,
    loc: tuple[str | int, ...] = ("body", "percent"),
    ignore: int | None = None,
    extra: Iterable[tuple[date, date, float]] = (),
) -> list[FieldError]:
    """An error if the resource's allocations (with this one and ``extra``) exceed 100 % on
    any day of ``start``..``finish``, naming the first such day and the total."""
    rows = session.execute(
        select(Allocation.start, Allocation.finish, Allocation.percent).where(
            Allocation.resource_id == resource_id,
            Allocation.start <= finish,
            Allocation.finish >= start,
            Allocation.id != (ignore or 0),
        )
    ).all()
    events: dict[date, float] = {}
    for a, z, p in [*rows, *extra, (start, finish, percent)]:
        events[max(a, start)] = events.get(max(a, start), 0.0) + p
        end = min(z, finish) + timedelta(days=1)
        events[end] = events.get(end, 0.0) - p
    total = 0.0
    for day in sorted(events):
        total += events[day]
        if total > 100.0 + 1e-9 and day <= finish:
            params = {"resource": resource_id, "percent": round(total, 1), "day": day.isoformat()}
            return [FieldError(loc, "error.field.over_allocated", params)]
    return []


def _allocation_rules(session: Session, record: Any, values: dict[str, Any]) -> list[FieldError]:
    errors = _period_errors(record, values, "start", "finish")
    resource_id, start, finish, percent = _merged(
        record, values, "resource_id", "start", "finish", "percent"
    )
    if errors or None in (resource_id, start, finish):
        return errors
    return over_allocation_errors(
        session, resource_id, start, finish, percent or 100.0, ignore=record.id
    )


leave: Register[ResourceLeave] = Register(
    entity="resource_leave",
    model=ResourceLeave,
    search=("reason",),
    sortable=("start", "finish", "resource_id"),
    default_sort="start",
    filters=("resource_id",),
    validate=_leave_rules,
    editors=POOL_EDITORS,
)
rates: Register[ResourceRate] = Register(
    entity="resource_rate",
    model=ResourceRate,
    search=("currency",),
    sortable=("valid_from", "resource_id", "rate"),
    default_sort="valid_from",
    filters=("resource_id",),
    validate=_rate_rules,
    editors=POOL_EDITORS,
)
allocations: Register[Allocation] = Register(
    entity="allocation",
    model=Allocation,
    search=(),
    sortable=("start", "finish", "resource_id", "project_id", "percent"),
    default_sort="start",
    filters=("resource_id", "project_id", "request_id"),
    validate=_allocation_rules,
    editors=POOL_EDITORS,
)
assignments: Register[Assignment] = Register(
    entity="assignment",
    model=Assignment,
    search=(),
    sortable=("task_id", "resource_id", "units"),
    default_sort="task_id",
    filters=("task_id", "resource_id"),
    editors=(*POOL_EDITORS, Role.PROJECT_MANAGER),
)


def _ensure_task_editable(session: Session, principal: Principal, task_id: int) -> None:
    """Resource managers assign anyone; otherwise one must be able to edit the project."""
    if principal.role in (Role.ADMIN, Role.RESOURCE_MANAGER):
        return
    task = session.get(Task, task_id)
    if task is None:
        return  # crud.assign reports the unknown task with every other bad field
    project = authz.load_project(session, principal, task.project_id)
    if not authz.can_edit_project(principal, project):
        raise Forbidden(role=principal.role.value, action="edit_project", project=project.code)


def create_assignment(session: Session, principal: Principal, data: AssignmentCreate) -> Assignment:
    authz.ensure_role(principal, *assignments.editors)
    _ensure_task_editable(session, principal, data.task_id)
    record = Assignment()
    errors = []
    duplicate = session.scalar(
        select(Assignment.id).where(
            Assignment.task_id == data.task_id, Assignment.resource_id == data.resource_id
        )
    )
    if duplicate is not None:
        errors.append(
            FieldError(
                ("body", "resource_id"), "error.field.duplicate", {"value": data.resource_id}
            )
        )
    crud.assign(session, record, data.model_dump(), errors)
    session.flush()
    return record


def update_assignment(
    session: Session,
    principal: Principal,
    record_id: int,
    data: AssignmentUpdate,
    *,
    version: int | None = None,
) -> Assignment:
    record = assignments.get(session, principal, record_id)
    authz.ensure_role(principal, *assignments.editors)
    _ensure_task_editable(session, principal, record.task_id)
    return assignments._update(session, record, data, version)
