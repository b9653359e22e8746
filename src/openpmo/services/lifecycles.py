"""Lifecycles: the methodology library, each PMO's policy, and a project's own phases.

A project's lifecycle is a copy of a template (its phases, gates and deliverables), made
once; the project may then tailor its copy within what the governing PMO's policy allows.
The governing PMO of a project is the PMO of its org unit, or of the nearest org unit above.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.base import utcnow
from openpmo.db.models import LifecycleTemplate, OrgUnit, Pmo, PmoPolicy, Project, ProjectPhase
from openpmo.enums import PhaseStatus, Role
from openpmo.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from openpmo.schemas.governance import PhaseSpec, PhaseTailor, PmoPolicyUpdate
from openpmo.services import authz, crud
from openpmo.services.principal import Principal
from openpmo.services.registers import Register

__all__ = [
    "DEFAULT_DISCOUNT_RATE",
    "governing_pmo",
    "instantiate_lifecycle",
    "list_phases",
    "phase_field_errors",
    "policy_of",
    "read_policy",
    "tailor_phase",
    "templates",
    "update_policy",
]

DEFAULT_DISCOUNT_RATE = 0.08


def _template_errors(
    session: Session, record: LifecycleTemplate, values: dict[str, Any]
) -> list[FieldError]:
    phases = values.get("phases")
    if phases is not None:
        # Stored as plain JSON with every default filled in.
        values["phases"] = [PhaseSpec.model_validate(p).model_dump(mode="json") for p in phases]
    return []


templates: Register[LifecycleTemplate] = Register(
    entity="lifecycle_template",
    model=LifecycleTemplate,
    search=("code", "name", "name_zh"),
    sortable=("code", "name", "methodology"),
    default_sort="code",
    filters=("methodology", "pmo_id", "is_active"),
    validate=_template_errors,
    editors=(Role.PMO,),
)


def governing_pmo(session: Session, org_unit_id: int) -> Pmo | None:
    """The PMO of ``org_unit_id`` or of its nearest ancestor that has one."""
    parents: dict[int, int | None] = dict(
        session.execute(select(OrgUnit.id, OrgUnit.parent_id)).all()
    )
    pmos: dict[int, Pmo] = {}
    for pmo in session.scalars(select(Pmo).order_by(Pmo.id.desc())):
        pmos[pmo.org_unit_id] = pmo  # the lowest id wins when a unit has several
    unit: int | None = org_unit_id
    seen: set[int] = set()
    while unit is not None and unit not in seen:
        if unit in pmos:
            return pmos[unit]
        seen.add(unit)
        unit = parents.get(unit)
    return None


def policy_of(session: Session, pmo: Pmo | None) -> PmoPolicy:
    """The PMO's stored policy, or the defaults (not stored) when it has none."""
    if pmo is not None:
        found = session.scalar(select(PmoPolicy).where(PmoPolicy.pmo_id == pmo.id))
        if found is not None:
            return found
    return PmoPolicy(
        pmo_id=pmo.id if pmo else 0,
        default_template_id=None,
        discount_rate=DEFAULT_DISCOUNT_RATE,
        may_skip_phases=False,
        may_add_deliverables=True,
        may_waive_deliverables=False,
        may_edit_criteria=False,
    )


def _policy_read(pmo: Pmo, policy: PmoPolicy) -> dict[str, Any]:
    return {
        "pmo_id": pmo.id,
        "pmo_type": pmo.type,
        "version": policy.version,
        **{
            k: getattr(policy, k)
            for k in (
                "default_template_id",
                "discount_rate",
                "may_skip_phases",
                "may_add_deliverables",
                "may_waive_deliverables",
                "may_edit_criteria",
            )
        },
    }


def read_policy(session: Session, principal: Principal, pmo_id: int) -> dict[str, Any]:
    pmo = crud.get_one(session, Pmo, pmo_id, "pmo")
    return _policy_read(pmo, policy_of(session, pmo))


def update_policy(
    session: Session, principal: Principal, pmo_id: int, data: PmoPolicyUpdate
) -> dict[str, Any]:
    """Set the PMO's policy; the first change stores it (no version needed then)."""
    pmo = crud.get_one(session, Pmo, pmo_id, "pmo")
    authz.ensure_role(principal, Role.PMO)
    authz.ensure_pmo_scope(principal, pmo.org_unit_id)
    policy = session.scalar(select(PmoPolicy).where(PmoPolicy.pmo_id == pmo.id))
    if policy is None:
        policy = policy_of(session, None)
        policy.pmo_id = pmo.id
    else:
        crud.check_version(policy, data.version, "pmo_policy")
    values = data.model_dump(exclude_unset=True, exclude={"version"})
    crud.assign(session, policy, values)
    session.flush()
    return _policy_read(pmo, policy)


def list_phases(session: Session, principal: Principal, project_id: int) -> list[ProjectPhase]:
    authz.load_project(session, principal, project_id)
    return list(
        session.scalars(
            select(ProjectPhase).where(ProjectPhase.project_id == project_id).order_by("seq")
        )
    )


def _choose_template(
    session: Session, project: Project, template_id: int | None
) -> LifecycleTemplate:
    if template_id is not None:
        template = session.get(LifecycleTemplate, template_id)
        if template is None or not template.is_active:
            raise InvalidInput(
                [
                    FieldError(
                        ("body", "template_id"), "error.field.not_found", {"value": template_id}
                    )
                ]
            )
        return template
    pmo = governing_pmo(session, project.org_unit_id)
    default = policy_of(session, pmo).default_template_id
    if default is not None and (found := session.get(LifecycleTemplate, default)) is not None:
        return found
    found = session.scalar(
        select(LifecycleTemplate)
        .where(
            LifecycleTemplate.methodology == project.methodology,
            LifecycleTemplate.is_active.is_(True),
        )
        .order_by(LifecycleTemplate.pmo_id.is_not(None), LifecycleTemplate.id)
        .limit(1)
    )
    if found is None:
        raise InvalidInput([FieldError(("body", "template_id"), "error.field.missing")])
    return found


def instantiate_lifecycle(
    session: Session, principal: Principal, project_id: int, template_id: int | None
) -> list[ProjectPhase]:
    """Give the project its own copy of a lifecycle template's phases.

    The phase named by the project's ``current_phase`` (else the first) becomes active and
    the phases before it completed, so a running project keeps its place.
    """
    project = authz.load_project(session, principal, project_id)
    authz.ensure_can_edit_project(principal, project)
    if session.scalar(select(ProjectPhase.id).where(ProjectPhase.project_id == project.id)):
        raise Conflict("error.lifecycle_exists", project=project.code)
    template = _choose_template(session, project, template_id)
    specs = template.phases
    names = [str(spec["name"]) for spec in specs]
    current = names.index(project.current_phase) if project.current_phase in names else 0
    today = utcnow().date()
    phases = []
    for seq, spec in enumerate(specs):
        status = (
            PhaseStatus.COMPLETED
            if seq < current
            else PhaseStatus.ACTIVE
            if seq == current
            else PhaseStatus.PENDING
        )
        phase = ProjectPhase(
            project_id=project.id,
            template_id=template.id,
            seq=seq,
            key=spec["key"],
            name=spec["name"],
            name_zh=spec.get("name_zh"),
            status=status,
            iterations=spec.get("iterations"),
            gate_name=spec["gate_name"],
            gate_name_zh=spec.get("gate_name_zh"),
            criteria=list(spec.get("criteria", [])),
            deliverables=list(spec.get("deliverables", [])),
            started_on=today if seq == current else None,
        )
        session.add(phase)
        phases.append(phase)
    project.current_phase = names[current]
    project.methodology = template.methodology
    session.flush()
    return phases


def phase_field_errors(
    session: Session, project: Project, values: dict[str, Any]
) -> list[FieldError]:
    """A project with a lifecycle changes phase only through its gates (``advance``)."""
    if "current_phase" not in values or values["current_phase"] == project.current_phase:
        return []
    if session.scalar(select(ProjectPhase.id).where(ProjectPhase.project_id == project.id)):
        return [FieldError(("body", "current_phase"), "error.field.phase_by_gate")]
    return []


def _deliverable_errors(
    old: list[dict[str, Any]], new: list[dict[str, Any]], policy: PmoPolicy
) -> list[FieldError]:
    loc = ("body", "deliverables")
    before = {d["key"]: d for d in old}
    after = {d["key"]: d for d in new}
    errors = []
    if not policy.may_add_deliverables and set(after) - set(before):
        errors.append(FieldError(loc, "error.field.tailoring", {"rule": "may_add_deliverables"}))
    waived = [
        key
        for key, d in before.items()
        if d.get("required") and not after.get(key, {}).get("required")
    ]
    if waived and not policy.may_waive_deliverables:
        errors.append(FieldError(loc, "error.field.tailoring", {"rule": "may_waive_deliverables"}))
    return errors


def tailor_phase(
    session: Session,
    principal: Principal,
    project_id: int,
    phase_id: int,
    data: PhaseTailor,
    *,
    version: int | None = None,
) -> ProjectPhase:
    """Change one of the project's phases if the governing PMO's policy allows it."""
    project = authz.load_project(session, principal, project_id)
    if not authz.can_edit_project(principal, project):
        raise Forbidden(role=principal.role.value, action="edit_project", project=project.code)
    phase = session.get(ProjectPhase, phase_id)
    if phase is None or phase.project_id != project_id:
        raise NotFound(entity="project_phase", id=phase_id)
    crud.check_version(phase, version if version is not None else data.version, "project_phase")
    policy = policy_of(session, governing_pmo(session, project.org_unit_id))
    values = data.model_dump(exclude_unset=True, exclude={"version", "criteria", "deliverables"})
    for name in ("criteria", "deliverables"):
        items = getattr(data, name)
        if items is not None:
            values[name] = [item.model_dump(mode="json") for item in items]
    errors: list[FieldError] = []
    if "skipped" in values:
        skipped = values.pop("skipped")
        if not policy.may_skip_phases:
            errors.append(
                FieldError(
                    ("body", "skipped"), "error.field.tailoring", {"rule": "may_skip_phases"}
                )
            )
        elif phase.status not in (PhaseStatus.PENDING, PhaseStatus.SKIPPED):
            errors.append(FieldError(("body", "skipped"), "error.field.phase_not_pending"))
        else:
            values["status"] = PhaseStatus.SKIPPED if skipped else PhaseStatus.PENDING
    if "criteria" in values and not policy.may_edit_criteria:
        errors.append(
            FieldError(("body", "criteria"), "error.field.tailoring", {"rule": "may_edit_criteria"})
        )
    if "deliverables" in values:
        errors += _deliverable_errors(phase.deliverables, values["deliverables"], policy)
    crud.assign(session, phase, values, errors)
    session.flush()
    return phase
