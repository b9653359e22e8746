"""Stage gates: gate reviews of a project's phases, and moving to the next phase under the
rules of the governing PMO's type.

============  ====================================  ===========================
PMO type      gate not approved (go / cond. go)     required deliverable missing
============  ====================================  ===========================
directive     refused (409 ``gate_not_approved``)   warning
controlling   warning                               refused (409 ``gate_deliverables_missing``)
supportive    warning                               warning
============  ====================================  ===========================

A project without a governing PMO follows the supportive rules. Deliverables count when
the phase's latest review attaches them (by key) with ``accepted: true``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.base import utcnow
from openpmo.db.models import GateReview, Project, ProjectPhase
from openpmo.enums import APPROVING_DECISIONS, GateDecision, PhaseStatus, PmoType, Role
from openpmo.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from openpmo.schemas.governance import GateReviewCreate, GateReviewUpdate
from openpmo.services import authz, crud
from openpmo.services.lifecycles import governing_pmo
from openpmo.services.principal import Principal

__all__ = [
    "APPROVERS",
    "Advance",
    "Assessment",
    "GateWarning",
    "advance_phase",
    "assess_advance",
    "create_review",
    "get_review",
    "list_reviews",
    "update_review",
]

#: Who may decide a gate (a project manager prepares the review, others decide).
APPROVERS = (Role.PMO, Role.EXECUTIVE)


@dataclass(frozen=True)
class GateWarning:
    """An advisory finding of a phase change: a message key and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Advance:
    project: Project
    pmo_type: PmoType
    previous: ProjectPhase
    current: ProjectPhase
    warnings: list[GateWarning]


def _phase(session: Session, project_id: int, phase_id: int, loc: str) -> ProjectPhase:
    phase = session.get(ProjectPhase, phase_id)
    if phase is None or phase.project_id != project_id:
        raise InvalidInput(
            [FieldError(("body", loc), "error.field.not_found", {"value": phase_id})]
        )
    return phase


def _content_errors(phase: ProjectPhase, values: dict[str, Any]) -> list[FieldError]:
    """Assessed criteria and attached deliverables must be the phase's own."""
    errors = []
    criteria = {c["key"] for c in phase.criteria}
    for i, item in enumerate(values.get("assessments") or []):
        if item["criterion"] not in criteria:
            errors.append(
                FieldError(
                    ("body", "assessments", i, "criterion"),
                    "error.field.not_in_gate",
                    {"value": item["criterion"], "allowed": ", ".join(sorted(criteria)) or "-"},
                )
            )
    deliverables = {d["key"]: d for d in phase.deliverables}
    for i, item in enumerate(values.get("deliverables") or []):
        if item["key"] not in deliverables:
            errors.append(
                FieldError(
                    ("body", "deliverables", i, "key"),
                    "error.field.not_in_gate",
                    {"value": item["key"], "allowed": ", ".join(sorted(deliverables)) or "-"},
                )
            )
        elif not item.get("name"):
            item["name"] = deliverables[item["key"]]["name"]
    if (
        values.get("decision") is GateDecision.CONDITIONAL_GO
        and not (values.get("conditions") or "").strip()
    ):
        errors.append(FieldError(("body", "conditions"), "error.field.conditions_required"))
    return errors


def _decide(principal: Principal, review: GateReview, values: dict[str, Any]) -> None:
    if values.get("decision") is None:
        values.pop("decision", None)
        return
    authz.ensure_role(principal, *APPROVERS, action="decide_gate")
    values["approver_id"] = principal.user_id
    values["decided_at"] = utcnow()


def list_reviews(
    session: Session, principal: Principal, project_id: int, *, phase_id: int | None = None
) -> list[GateReview]:
    authz.load_project(session, principal, project_id)
    stmt = select(GateReview).where(GateReview.project_id == project_id)
    if phase_id is not None:
        stmt = stmt.where(GateReview.phase_id == phase_id)
    return list(session.scalars(stmt.order_by(GateReview.id)))


def get_review(
    session: Session, principal: Principal, project_id: int, review_id: int
) -> GateReview:
    authz.load_project(session, principal, project_id)
    review = session.get(GateReview, review_id)
    if review is None or review.project_id != project_id:
        raise NotFound(entity="gate_review", id=review_id)
    return review


def _ensure_reviewer(session: Session, principal: Principal, project: Project) -> None:
    """The project's editors prepare reviews; approvers may record them too."""
    if authz.can_edit_project(principal, project) or principal.role in APPROVERS:
        return
    raise Forbidden(role=principal.role.value, action="gate_review", project=project.code)


def create_review(
    session: Session, principal: Principal, project_id: int, data: GateReviewCreate
) -> GateReview:
    project = authz.load_project(session, principal, project_id)
    _ensure_reviewer(session, principal, project)
    phase = _phase(session, project_id, data.phase_id, "phase_id")
    values = data.model_dump(mode="json", exclude={"decision"})
    values["decision"] = data.decision
    review = GateReview(project_id=project_id)
    errors = _content_errors(phase, values)
    if errors:
        raise InvalidInput(errors)
    _decide(principal, review, values)
    crud.assign(session, review, values)
    session.flush()
    return review


def update_review(
    session: Session,
    principal: Principal,
    project_id: int,
    review_id: int,
    data: GateReviewUpdate,
    *,
    version: int | None = None,
) -> GateReview:
    """Change a review still open; a decided review is a record and stays as it is."""
    review = get_review(session, principal, project_id, review_id)
    project = authz.load_project(session, principal, project_id)
    _ensure_reviewer(session, principal, project)
    crud.check_version(review, version if version is not None else data.version, "gate_review")
    if review.decision is not None:
        raise Conflict("error.gate_review_decided", id=review.id, decision=review.decision.value)
    values = data.model_dump(
        mode="json",
        exclude_unset=True,
        exclude={"version", "decision", "assessments", "deliverables"},
    )
    for name in ("assessments", "deliverables"):
        items = getattr(data, name)
        if items is not None:
            values[name] = [item.model_dump(mode="json") for item in items]
    if data.decision is not None:
        values["decision"] = data.decision
        values.setdefault("conditions", review.conditions)
    phase = _phase(session, project_id, review.phase_id, "phase_id")
    errors = _content_errors(phase, values)
    if errors:
        raise InvalidInput(errors)
    _decide(principal, review, values)
    crud.assign(session, review, values)
    session.flush()
    return review


def _missing_deliverables(
    phase: ProjectPhase, review: GateReview | None, name: str = "name"
) -> list[str]:
    accepted = {
        d["key"] for d in (review.deliverables if review else []) if d.get("accepted") is True
    }
    return [
        str(d.get(name) or d.get("name") or d["key"])
        for d in phase.deliverables
        if d.get("required") and d["key"] not in accepted
    ]


@dataclass(frozen=True)
class Assessment:
    """What moving past ``phase`` would meet: the rules of the PMO's type that refuse it
    (``blocking``: message keys of :class:`~openpmo.errors.Conflict`) and the warnings."""

    phase: ProjectPhase
    following: ProjectPhase
    pmo_type: PmoType
    review: GateReview | None
    blocking: list[GateWarning]
    warnings: list[GateWarning]


def _assess(
    phase: ProjectPhase, review: GateReview | None, pmo_type: PmoType
) -> tuple[list[GateWarning], list[GateWarning]]:
    """The findings the PMO's type forbids, and the rest as warnings."""
    gate = phase.gate_name
    decision = review.decision.value if review and review.decision else "none"
    approved = review is not None and review.decision in APPROVING_DECISIONS
    missing = _missing_deliverables(phase, review)
    # The Chinese names ride along for pages that speak Chinese; messages use {gate}.
    zh = {"gate_zh": phase.gate_name_zh or gate}
    if missing:
        zh["deliverables_zh"] = ", ".join(_missing_deliverables(phase, review, "name_zh"))
    blocking: list[GateWarning] = []
    warnings: list[GateWarning] = []
    if not approved:
        if pmo_type is PmoType.DIRECTIVE:
            blocking.append(
                GateWarning("error.gate_not_approved", {"gate": gate, "decision": decision, **zh})
            )
        else:
            warnings.append(
                GateWarning("gate.warning.not_approved", {"gate": gate, "decision": decision, **zh})
            )
    if missing:
        names = ", ".join(missing)
        if pmo_type is PmoType.CONTROLLING:
            blocking.append(
                GateWarning(
                    "error.gate_deliverables_missing",
                    {"gate": gate, "deliverables": names, **zh},
                )
            )
        else:
            warnings.append(
                GateWarning(
                    "gate.warning.deliverables_missing",
                    {"gate": gate, "deliverables": names, **zh},
                )
            )
    if review is not None and review.decision is GateDecision.CONDITIONAL_GO:
        warnings.append(
            GateWarning(
                "gate.warning.conditions", {"gate": gate, "conditions": review.conditions, **zh}
            )
        )
    return blocking, warnings


def _findings(
    phase: ProjectPhase, review: GateReview | None, pmo_type: PmoType
) -> list[GateWarning]:
    """Refuse what the PMO's type forbids; return the rest as warnings."""
    blocking, warnings = _assess(phase, review, pmo_type)
    if blocking:
        raise Conflict(blocking[0].code, **blocking[0].params)
    return warnings


def _next_step(
    session: Session, project: Project
) -> tuple[ProjectPhase, ProjectPhase, GateReview | None, PmoType]:
    """The active phase, the one that would follow, its latest review and the PMO's type."""
    phases = list(
        session.scalars(
            select(ProjectPhase).where(ProjectPhase.project_id == project.id).order_by("seq")
        )
    )
    active = next((p for p in phases if p.status is PhaseStatus.ACTIVE), None)
    if active is None:
        raise Conflict("error.no_active_phase", project=project.code)
    following = next(
        (p for p in phases if p.seq > active.seq and p.status is PhaseStatus.PENDING), None
    )
    if following is None:
        raise Conflict("error.last_phase", project=project.code, phase=active.name)
    review = session.scalar(
        select(GateReview)
        .where(GateReview.phase_id == active.id)
        .order_by(GateReview.id.desc())
        .limit(1)
    )
    pmo = governing_pmo(session, project.org_unit_id)
    return active, following, review, pmo.type if pmo is not None else PmoType.SUPPORTIVE


def assess_advance(session: Session, principal: Principal, project_id: int) -> Assessment | None:
    """What :func:`advance_phase` would do now, changing nothing; ``None`` when the project
    has no active phase or no phase after it."""
    project = authz.load_project(session, principal, project_id)
    try:
        active, following, review, pmo_type = _next_step(session, project)
    except Conflict:
        return None
    blocking, warnings = _assess(active, review, pmo_type)
    return Assessment(active, following, pmo_type, review, blocking, warnings)


def advance_phase(
    session: Session, principal: Principal, project_id: int, *, version: int | None
) -> Advance:
    """Close the project's active phase and start the next one not skipped, if the
    governing PMO's rules allow it (see the module's table)."""
    project = authz.load_project(session, principal, project_id)
    authz.ensure_can_edit_project(principal, project)
    crud.check_version(project, version, "project")
    active, following, review, pmo_type = _next_step(session, project)
    warnings = _findings(active, review, pmo_type)
    today = utcnow().date()
    active.status, active.finished_on = PhaseStatus.COMPLETED, today
    following.status, following.started_on = PhaseStatus.ACTIVE, today
    project.current_phase = following.name
    session.flush()
    return Advance(project, pmo_type, active, following, warnings)
