"""Intake: proposals (立项申请), their workflow, business case and conversion to a project.

Workflow (:data:`openpmo.enums.PROPOSAL_TRANSITIONS`): draft → submitted → under review →
approved / rejected / deferred; a submitted or deferred proposal may go back to draft. Approving
creates the project from the proposal's lifecycle template in the same transaction.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from openpmo.db.base import utcnow
from openpmo.db.models import (
    LifecycleTemplate,
    Pmo,
    Project,
    Proposal,
    Skill,
    StrategicObjective,
    project_objectives,
)
from openpmo.engines.finance import BusinessCase, business_case
from openpmo.enums import PROPOSAL_TRANSITIONS, ProjectStatus, ProposalStatus, Role
from openpmo.errors import FieldError, Forbidden, IllegalTransition, InvalidInput
from openpmo.schemas.intake import ProposalCreate, ProposalUpdate, TransitionInput
from openpmo.schemas.strategy import ProjectCreate
from openpmo.services import authz, crud, projects
from openpmo.services.lifecycles import instantiate_lifecycle, policy_of
from openpmo.services.principal import Principal
from openpmo.services.registers import Register

__all__ = [
    "AUTHORS",
    "DECIDERS",
    "EDITABLE",
    "compute_business_case",
    "create_proposal",
    "ensure_may_move",
    "may_edit",
    "proposals",
    "transition_proposal",
    "update_proposal",
]

#: Who may write proposals; members and resource managers read the pipeline only.
AUTHORS = (Role.PMO, Role.EXECUTIVE, Role.PROJECT_MANAGER)
#: Who approves, rejects or defers.
DECIDERS = (Role.PMO, Role.EXECUTIVE)
#: Who moves a proposal into review.
REVIEW_OPENERS = (Role.PMO,)
#: The states in which the author (or a PMO) may still change a proposal.
EDITABLE = (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.DEFERRED)
_EDITABLE = EDITABLE


def _reference_errors(session: Session, values: dict[str, Any]) -> list[FieldError]:
    errors = []
    objective_ids = [c["objective_id"] for c in values.get("contributions") or []]
    found = set(
        session.scalars(
            select(StrategicObjective.id).where(StrategicObjective.id.in_(objective_ids))
        )
    )
    errors += [
        FieldError(
            ("body", "contributions", i, "objective_id"), "error.field.not_found", {"value": o}
        )
        for i, o in enumerate(objective_ids)
        if o not in found
    ]
    skill_ids = [s["skill_id"] for s in values.get("skills") or []]
    known = set(session.scalars(select(Skill.id).where(Skill.id.in_(skill_ids))))
    errors += [
        FieldError(("body", "skills", i, "skill_id"), "error.field.not_found", {"value": s})
        for i, s in enumerate(skill_ids)
        if s not in known
    ]
    return errors


def _validate(session: Session, record: Proposal, values: dict[str, Any]) -> list[FieldError]:
    for name in ("key_risks", "costs", "benefits", "skills", "contributions"):
        if values.get(name, ...) is None:
            values[name] = []
    if values.get("currency", ...) is None:
        values.pop("currency")
    return _reference_errors(session, values)


proposals: Register[Proposal] = Register(
    entity="proposal",
    model=Proposal,
    search=("code", "title", "title_zh"),
    sortable=("code", "title", "status", "first_year", "updated_at"),
    default_sort="-updated_at",
    filters=("status", "pmo_id", "org_unit_id"),
    validate=_validate,
    editors=AUTHORS,
    readers=(Role.PMO, Role.EXECUTIVE, Role.PROJECT_MANAGER, Role.RESOURCE_MANAGER),
)


def create_proposal(session: Session, principal: Principal, data: ProposalCreate) -> Proposal:
    authz.ensure_role(principal, *AUTHORS)
    authz.ensure_pmo_scope(principal, data.org_unit_id)
    values = data.model_dump(mode="json")
    values["methodology"] = data.methodology
    values["planned_start"], values["planned_finish"] = data.planned_start, data.planned_finish
    values["submitted_by_id"] = principal.user_id
    values["status"] = ProposalStatus.DRAFT
    record = Proposal()
    crud.assign(session, record, values, _validate(session, record, values))
    session.flush()
    return record


def _ensure_author(principal: Principal, proposal: Proposal) -> None:
    """The author edits its own proposal; a PMO (in scope) edits any."""
    if principal.role in (Role.ADMIN, Role.PMO):
        authz.ensure_pmo_scope(principal, proposal.org_unit_id)
        return
    authz.ensure_role(principal, *AUTHORS)
    if proposal.submitted_by_id != principal.user_id:
        raise Forbidden(role=principal.role.value, action="edit_proposal")


def may_edit(principal: Principal, proposal: Proposal) -> bool:
    """Whether the principal may change the proposal (its author, or a PMO in scope)."""
    try:
        _ensure_author(principal, proposal)
    except Forbidden:
        return False
    return True


def update_proposal(
    session: Session,
    principal: Principal,
    proposal_id: int,
    data: ProposalUpdate,
    *,
    version: int | None = None,
) -> Proposal:
    proposal = proposals.get(session, principal, proposal_id)
    _ensure_author(principal, proposal)
    crud.check_version(proposal, version if version is not None else data.version, "proposal")
    if proposal.status not in _EDITABLE:
        raise IllegalTransition(
            "error.proposal_locked", entity="proposal", current=proposal.status.value
        )
    values = data.model_dump(mode="json", exclude_unset=True, exclude={"version"})
    for name in ("methodology", "planned_start", "planned_finish"):
        if name in values:
            values[name] = getattr(data, name)
    crud.assign(session, proposal, values, _validate(session, proposal, values))
    session.flush()
    return proposal


def compute_business_case(
    session: Session, principal: Principal, proposal_id: int
) -> tuple[Proposal, BusinessCase]:
    """NPV, IRR, payback and ROI at the discount rate of the proposal's PMO."""
    proposal = proposals.get(session, principal, proposal_id)
    rate = policy_of(session, session.get(Pmo, proposal.pmo_id)).discount_rate
    return proposal, business_case(proposal.costs, proposal.benefits, rate)


def ensure_may_move(principal: Principal, proposal: Proposal, new: ProposalStatus) -> None:
    if new in (ProposalStatus.SUBMITTED, ProposalStatus.DRAFT):
        _ensure_author(principal, proposal)
    elif new is ProposalStatus.UNDER_REVIEW:
        authz.ensure_role(principal, *REVIEW_OPENERS, action="review_proposal")
    else:
        authz.ensure_role(principal, *DECIDERS, action="decide_proposal")


def transition_proposal(
    session: Session, principal: Principal, proposal_id: int, data: TransitionInput
) -> Proposal:
    """Move the proposal along its workflow; approval makes the project."""
    proposal = proposals.get(session, principal, proposal_id)
    crud.check_version(proposal, data.version, "proposal")
    old, new = proposal.status, data.status
    if new not in PROPOSAL_TRANSITIONS[old]:
        raise IllegalTransition(
            entity="proposal",
            current=old.value,
            requested=new.value,
            allowed=", ".join(sorted(s.value for s in PROPOSAL_TRANSITIONS[old])) or "-",
        )
    ensure_may_move(principal, proposal, new)
    if new in (ProposalStatus.APPROVED, ProposalStatus.REJECTED, ProposalStatus.DEFERRED):
        proposal.decided_by_id = principal.user_id
        proposal.decided_at = utcnow()
        proposal.decision_note = data.note
    if new is ProposalStatus.APPROVED:
        proposal.project_id = _make_project(session, principal, proposal, data).id
    proposal.status = new
    session.flush()
    return proposal


def _make_project(
    session: Session, principal: Principal, proposal: Proposal, data: TransitionInput
) -> Project:
    code = data.project_code or proposal.code
    if session.scalar(select(Project.id).where(Project.code == code)) is not None:
        raise InvalidInput(
            [FieldError(("body", "project_code"), "error.field.duplicate", {"value": code})]
        )
    create = ProjectCreate(
        code=code,
        name=proposal.title,
        name_zh=proposal.title_zh,
        description=proposal.scope or proposal.problem,
        status=ProjectStatus.APPROVED,
        methodology=proposal.methodology,
        budget=Decimal(str(round(sum(proposal.costs), 2))),
        currency=proposal.currency,
        planned_start=proposal.planned_start,
        planned_finish=proposal.planned_finish,
        portfolio_id=data.portfolio_id,
        program_id=data.program_id,
        org_unit_id=proposal.org_unit_id,
        manager_id=proposal.manager_id,
        objective_ids=[c["objective_id"] for c in proposal.contributions],
    )
    # The decider's approval is the authority: the project is made on its behalf even
    # when its role (an executive) may not create projects directly.
    acting = replace(principal, role=Role.ADMIN, scope=None)
    project = projects.create_project(session, acting, create)
    for item in proposal.contributions:
        session.execute(
            update(project_objectives)
            .where(
                project_objectives.c.project_id == project.id,
                project_objectives.c.objective_id == item["objective_id"],
            )
            .values(contribution=item["contribution"])
        )
    template = proposal.lifecycle_template_id
    if template is not None and session.get(LifecycleTemplate, template) is None:
        template = None
    instantiate_lifecycle(session, acting, project.id, template)
    return project
