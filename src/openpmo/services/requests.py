"""Role-based resource requests: a project asks, a resource manager decides.

``draft`` → ``submitted`` (by whoever may edit the project) → ``approved`` or ``rejected`` (by a
resource manager or an admin). Approving names ``count`` people, each active, of the requested
role and with the skill at ``min_level`` or better, and not allocated above 100 % on any day;
it creates one :class:`~openpmo.db.models.Allocation` per person. Every bad field is reported
at once and nothing changes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.base import utcnow
from openpmo.db.models import Allocation, Project, Resource, ResourceRequest, ResourceSkill, Skill
from openpmo.enums import RequestStatus, Role
from openpmo.errors import FieldError, IllegalTransition, InvalidInput
from openpmo.schemas.capacity import ApprovalCreate, RequestCreate, RequestUpdate
from openpmo.services import authz, crud
from openpmo.services.principal import Principal
from openpmo.services.registers import Register
from openpmo.services.resource_pool import over_allocation_errors

__all__ = [
    "APPROVERS",
    "create_request",
    "decide_request",
    "person_errors",
    "requests",
    "submit_request",
    "update_request",
]

#: Who approves and rejects requests.
APPROVERS = (Role.RESOURCE_MANAGER,)

requests: Register[ResourceRequest] = Register(
    entity="resource_request",
    model=ResourceRequest,
    search=("role", "comment"),
    sortable=("start", "finish", "status", "project_id", "created_at"),
    default_sort="start",
    filters=("project_id", "status", "skill_id"),
    editors=(Role.PMO, Role.PROJECT_MANAGER, Role.RESOURCE_MANAGER),
)


def _skill_id(session: Session, name: str | None, errors: list[FieldError]) -> int | None:
    if name is None:
        return None
    found = session.scalar(select(Skill.id).where(Skill.name == name))
    if found is None:
        errors.append(FieldError(("body", "skill"), "error.field.not_found", {"value": name}))
    return found


def _values(
    session: Session, record: ResourceRequest, data: Any
) -> tuple[dict[str, Any], list[FieldError]]:
    """The request's columns from ``data`` and their errors, checked with the stored ones
    (:func:`crud.assign` adds unknown references and raises them all together)."""
    values = data.model_dump(exclude_unset=True, exclude={"version", "skill", "submit"})
    errors: list[FieldError] = []
    if "skill" in data.model_fields_set:
        values["skill_id"] = _skill_id(session, data.skill, errors)
    start = values.get("start", record.start)
    finish = values.get("finish", record.finish)
    if start is not None and finish is not None and finish < start:
        errors.append(FieldError(("body", "finish"), "error.field.end_before_start"))
    role = values.get("role", record.role)
    skill = values.get("skill_id", record.skill_id)
    if not role and not skill and not any(e.loc == ("body", "skill") for e in errors):
        errors.append(FieldError(("body", "role"), "error.field.role_or_skill"))
    return values, errors


def _ensure_project_editor(session: Session, principal: Principal, project_id: int) -> None:
    project = authz.load_project(session, principal, project_id)
    if principal.role is not Role.RESOURCE_MANAGER:
        authz.ensure_can_edit_project(principal, project)


def create_request(session: Session, principal: Principal, data: RequestCreate) -> ResourceRequest:
    """A draft request, or a submitted one with ``submit``; needs the right to edit the project."""
    authz.ensure_role(principal, *requests.editors)
    record = ResourceRequest()
    values, errors = _values(session, record, data)
    if session.get(Project, data.project_id) is not None:
        _ensure_project_editor(session, principal, data.project_id)
    values["status"] = RequestStatus.SUBMITTED if data.submit else RequestStatus.DRAFT
    values["requested_by_id"] = principal.user_id
    crud.assign(session, record, values, errors)
    session.flush()
    return record


def _load(
    session: Session, principal: Principal, request_id: int, version: int | None
) -> ResourceRequest:
    record = requests.get(session, principal, request_id)
    crud.check_version(record, version, "resource_request")
    return record


def _ensure_status(record: ResourceRequest, *allowed: RequestStatus, action: str) -> None:
    if record.status not in allowed:
        raise IllegalTransition(
            "error.request_status",
            id=record.id,
            status=record.status.value,
            action=action,
            expected=", ".join(s.value for s in allowed),
        )


def update_request(
    session: Session,
    principal: Principal,
    request_id: int,
    data: RequestUpdate,
    *,
    version: int | None = None,
) -> ResourceRequest:
    """Change a draft or submitted request (not a decided one)."""
    record = _load(session, principal, request_id, version if version is not None else data.version)
    _ensure_project_editor(session, principal, record.project_id)
    _ensure_status(record, RequestStatus.DRAFT, RequestStatus.SUBMITTED, action="change")
    values, errors = _values(session, record, data)
    crud.assign(session, record, values, errors)
    session.flush()
    return record


def submit_request(
    session: Session, principal: Principal, request_id: int, *, version: int | None
) -> ResourceRequest:
    record = _load(session, principal, request_id, version)
    _ensure_project_editor(session, principal, record.project_id)
    _ensure_status(record, RequestStatus.DRAFT, action="submit")
    record.status = RequestStatus.SUBMITTED
    session.flush()
    return record


def person_errors(
    session: Session, record: ResourceRequest, k: int, resource_id: int, seen: set[int]
) -> list[FieldError]:
    """Why the resource cannot fill the request (the ``k``-th named): inactive or unknown,
    named twice, another role, the skill below the level, or above 100 % allocated."""
    loc: tuple[str | int, ...] = ("body", "resource_ids", k)
    resource = session.get(Resource, resource_id)
    if resource is None or not resource.is_active:
        return [FieldError(loc, "error.field.not_found", {"value": resource_id})]
    errors = []
    if resource_id in seen:
        errors.append(FieldError(loc, "error.field.duplicate", {"value": resource_id}))
    seen.add(resource_id)
    if record.role and resource.role != record.role:
        errors.append(
            FieldError(
                loc, "error.field.role_mismatch", {"value": resource.name, "role": record.role}
            )
        )
    if record.skill_id is not None:
        level = session.scalar(
            select(ResourceSkill.level).where(
                ResourceSkill.resource_id == resource_id, ResourceSkill.skill_id == record.skill_id
            )
        )
        if level is None or level < record.min_level:
            skill = session.get(Skill, record.skill_id)
            params = {
                "value": resource.name,
                "skill": skill.name if skill else "",
                "level": record.min_level,
            }
            errors.append(FieldError(loc, "error.field.skill_mismatch", params))
    errors += over_allocation_errors(
        session, resource_id, record.start, record.finish, record.percent, loc=loc
    )
    return errors


def decide_request(
    session: Session,
    principal: Principal,
    request_id: int,
    data: ApprovalCreate,
    *,
    version: int | None = None,
) -> ResourceRequest:
    """Approve a submitted request into allocations of the named people, or reject it."""
    authz.ensure_role(principal, *APPROVERS, action="approve")
    record = _load(session, principal, request_id, version if version is not None else data.version)
    _ensure_status(record, RequestStatus.SUBMITTED, action="approve" if data.approve else "reject")
    errors: list[FieldError] = []
    if data.approve:
        if len(data.resource_ids) != record.count:
            errors.append(
                FieldError(
                    ("body", "resource_ids"), "error.field.resource_count", {"count": record.count}
                )
            )
        seen: set[int] = set()
        for k, rid in enumerate(data.resource_ids):
            errors += person_errors(session, record, k, rid, seen)
    elif not data.comment:
        errors.append(FieldError(("body", "comment"), "error.field.reject_comment_required"))
    if errors:
        raise InvalidInput(errors)
    if data.approve:
        session.add_all(
            Allocation(
                resource_id=rid,
                project_id=record.project_id,
                request_id=record.id,
                start=record.start,
                finish=record.finish,
                percent=record.percent,
            )
            for rid in data.resource_ids
        )
    record.status = RequestStatus.APPROVED if data.approve else RequestStatus.REJECTED
    record.approver_id = principal.user_id
    record.decided_at = utcnow()
    if data.comment:
        record.comment = data.comment
    session.flush()
    return record
