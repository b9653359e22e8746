"""Scoring: a PMO's criteria, reviewers' score sheets, aggregation and the ranked list.

Each reviewer scores a proposal (or a project) 0-10 on each criterion of the PMO. Per
criterion the mean of the reviewers is taken, with min, max and standard deviation
(population, ``ddof=0``); the total is ``sum(mean_k * w_k)`` with the weights normalised to
sum to 1, so it is on the same 0-10 scale. The spread of the total is over the totals of the
reviewers who scored every criterion. Unscored criteria count 0 and mark the score
incomplete. The ranking uses :func:`openpmo.engines.ahp.rank`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Pmo, Project, Proposal, Score, ScoringCriterion
from openpmo.engines.ahp import rank
from openpmo.enums import ProposalStatus, Role
from openpmo.errors import Conflict, FieldError, InvalidInput
from openpmo.schemas.intake import AhpWeightsInput, CriterionCreate, ScoreSheet
from openpmo.services import authz, crud
from openpmo.services.principal import Principal, org_subtree
from openpmo.services.prioritization import AhpWeights, compute_ahp
from openpmo.services.registers import Register

__all__ = [
    "REVIEWERS",
    "SCORABLE",
    "Summary",
    "create_criterion",
    "criteria",
    "criteria_of",
    "ranking",
    "score_project",
    "score_proposal",
    "summarise",
    "summary_of",
    "weights_from_ahp",
]

REVIEWERS = (Role.PMO, Role.EXECUTIVE)
SCORABLE = (ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW, ProposalStatus.DEFERRED)

criteria: Register[ScoringCriterion] = Register(
    entity="scoring_criterion",
    model=ScoringCriterion,
    search=("code", "name", "name_zh"),
    sortable=("code", "name", "weight"),
    default_sort="code",
    filters=("pmo_id",),
    editors=(Role.PMO,),
)


def criteria_of(session: Session, pmo_id: int) -> list[ScoringCriterion]:
    return list(
        session.scalars(
            select(ScoringCriterion)
            .where(ScoringCriterion.pmo_id == pmo_id)
            .order_by(ScoringCriterion.code)
        )
    )


def create_criterion(
    session: Session, principal: Principal, pmo_id: int, data: CriterionCreate
) -> ScoringCriterion:
    pmo = crud.get_one(session, Pmo, pmo_id, "pmo")
    authz.ensure_role(principal, Role.PMO)
    authz.ensure_pmo_scope(principal, pmo.org_unit_id)
    taken = session.scalar(
        select(ScoringCriterion.id).where(
            ScoringCriterion.pmo_id == pmo_id, ScoringCriterion.code == data.code
        )
    )
    if taken is not None:
        raise InvalidInput(
            [FieldError(("body", "code"), "error.field.duplicate", {"value": data.code})]
        )
    record = ScoringCriterion(pmo_id=pmo_id)
    crud.assign(session, record, data.model_dump())
    session.flush()
    return record


def weights_from_ahp(
    session: Session, principal: Principal, pmo_id: int, data: AhpWeightsInput
) -> tuple[AhpWeights, list[ScoringCriterion]]:
    """Set the weights of the PMO's criteria from pairwise comparisons (stored as given by
    the principal eigenvector, even when inconsistent: the warning says so)."""
    pmo = crud.get_one(session, Pmo, pmo_id, "pmo")
    authz.ensure_role(principal, Role.PMO)
    authz.ensure_pmo_scope(principal, pmo.org_unit_id)
    own = {c.id: c for c in criteria_of(session, pmo_id)}
    errors = [
        FieldError(("body", "criterion_ids", i), "error.field.not_found", {"value": cid})
        for i, cid in enumerate(data.criterion_ids)
        if cid not in own
    ]
    if errors:
        raise InvalidInput(errors)
    chosen = [own[cid] for cid in data.criterion_ids]
    result = compute_ahp(
        criteria=[c.code for c in chosen], matrix=data.matrix, language=principal.language
    )
    for criterion, weight in zip(chosen, result.result.weights, strict=True):
        criterion.weight = max(float(weight), 1e-6)
    session.flush()
    return result, chosen


def _replace_sheet(
    session: Session,
    principal: Principal,
    pmo_id: int,
    sheet: ScoreSheet,
    subject: dict[str, int],
) -> None:
    authz.ensure_role(principal, *REVIEWERS, action="score")
    own = {c.id for c in criteria_of(session, pmo_id)}
    errors = [
        FieldError(
            ("body", "scores", i, "criterion_id"),
            "error.field.not_found",
            {"value": s.criterion_id},
        )
        for i, s in enumerate(sheet.scores)
        if s.criterion_id not in own
    ]
    if errors:
        raise InvalidInput(errors)
    column = Score.proposal_id if "proposal_id" in subject else Score.project_id
    for old in session.scalars(
        select(Score).where(
            column == next(iter(subject.values())), Score.reviewer_id == principal.user_id
        )
    ):
        session.delete(old)
    session.flush()
    for item in sheet.scores:
        session.add(Score(**subject, reviewer_id=principal.user_id, **item.model_dump()))
    session.flush()


def score_proposal(
    session: Session, principal: Principal, proposal_id: int, sheet: ScoreSheet
) -> Summary:
    """Record the principal's score sheet of a proposal in review."""
    proposal = crud.get_one(session, Proposal, proposal_id, "proposal")
    if proposal.status not in SCORABLE:
        raise Conflict("error.proposal_not_scorable", current=proposal.status.value)
    _replace_sheet(session, principal, proposal.pmo_id, sheet, {"proposal_id": proposal.id})
    return summarise(session, proposal.pmo_id, proposal_id=proposal.id)


def score_project(
    session: Session, principal: Principal, project_id: int, pmo_id: int, sheet: ScoreSheet
) -> Summary:
    """Record the principal's score sheet of a running project on ``pmo_id``'s criteria."""
    project = authz.load_project(session, principal, project_id)
    crud.get_one(session, Pmo, pmo_id, "pmo")
    _replace_sheet(session, principal, pmo_id, sheet, {"project_id": project.id})
    return summarise(session, pmo_id, project_id=project.id)


@dataclass(frozen=True)
class CriterionScore:
    criterion: ScoringCriterion
    weight: float
    values: tuple[float, ...]

    @property
    def mean(self) -> float | None:
        return float(np.mean(self.values)) if self.values else None

    @property
    def weighted(self) -> float:
        return (self.mean or 0.0) * self.weight


@dataclass(frozen=True)
class Summary:
    reviewers: int
    criteria: list[CriterionScore]
    reviewer_totals: list[float]

    @property
    def means(self) -> list[float]:
        return [c.mean or 0.0 for c in self.criteria]

    @property
    def weights(self) -> list[float]:
        return [c.weight for c in self.criteria]

    def read(self) -> dict[str, Any]:
        totals = self.reviewer_totals
        items: list[dict[str, Any]] = [
            {
                "criterion_id": c.criterion.id,
                "code": c.criterion.code,
                "name": c.criterion.name,
                "name_zh": c.criterion.name_zh,
                "weight": c.weight,
                "reviewers": len(c.values),
                "mean": c.mean,
                "min": min(c.values) if c.values else None,
                "max": max(c.values) if c.values else None,
                "std": float(np.std(c.values)) if c.values else None,
                "weighted": (c.mean or 0.0) * c.weight,
            }
            for c in self.criteria
        ]
        return {
            "reviewers": self.reviewers,
            "total": float(sum(c.weighted for c in self.criteria)),
            "total_min": min(totals) if totals else None,
            "total_max": max(totals) if totals else None,
            "total_std": float(np.std(totals)) if totals else None,
            "complete": bool(items) and all(c.values for c in self.criteria),
            "criteria": items,
        }


def summary_of(own: list[ScoringCriterion], scores: list[Score]) -> Summary:
    total_weight = sum(c.weight for c in own) or 1.0
    weights = {c.id: c.weight / total_weight for c in own}
    by_reviewer: dict[int, dict[int, float]] = {}
    for s in scores:
        by_reviewer.setdefault(s.reviewer_id, {})[s.criterion_id] = s.score
    per_criterion = [
        CriterionScore(
            c,
            weights[c.id],
            tuple(sheet[c.id] for _, sheet in sorted(by_reviewer.items()) if c.id in sheet),
        )
        for c in own
    ]
    totals = [
        float(sum(sheet[c.id] * weights[c.id] for c in own))
        for sheet in by_reviewer.values()
        if all(c.id in sheet for c in own)
    ]
    return Summary(len(by_reviewer), per_criterion, totals)


def summarise(
    session: Session, pmo_id: int, *, proposal_id: int | None = None, project_id: int | None = None
) -> Summary:
    """The aggregated score of one proposal or project on the PMO's criteria."""
    column = Score.proposal_id if proposal_id is not None else Score.project_id
    subject = proposal_id if proposal_id is not None else project_id
    own = criteria_of(session, pmo_id)
    ids = [c.id for c in own]
    scores = list(
        session.scalars(select(Score).where(column == subject, Score.criterion_id.in_(ids)))
    )
    return summary_of(own, scores)


def ranking(session: Session, principal: Principal, pmo_id: int) -> list[dict[str, Any]]:
    """The PMO's scored proposals (not yet projects) and scored projects, best first."""
    pmo = crud.get_one(session, Pmo, pmo_id, "pmo")
    authz.ensure_role(principal, Role.PMO, Role.EXECUTIVE, action="read")
    own = criteria_of(session, pmo_id)
    ids = [c.id for c in own]
    scores = list(session.scalars(select(Score).where(Score.criterion_id.in_(ids))))
    by_proposal: dict[int, list[Score]] = {}
    by_project: dict[int, list[Score]] = {}
    for s in scores:
        if s.proposal_id is not None:
            by_proposal.setdefault(s.proposal_id, []).append(s)
        elif s.project_id is not None:
            by_project.setdefault(s.project_id, []).append(s)
    entries: list[tuple[dict[str, Any], Summary]] = []
    for proposal in session.scalars(select(Proposal).where(Proposal.id.in_(by_proposal))):
        if proposal.project_id is not None and proposal.project_id not in by_project:
            by_project[proposal.project_id] = by_proposal[proposal.id]
            continue
        entry = {"kind": "proposal", "id": proposal.id, "code": proposal.code}
        entry |= {"name": proposal.title, "name_zh": proposal.title_zh, "status": proposal.status}
        entries.append((entry, summary_of(own, by_proposal[proposal.id])))
    scope = None if pmo.org_unit_id is None else org_subtree(session, pmo.org_unit_id)
    for project in session.scalars(
        select(Project).where(Project.id.in_(by_project), authz.visible_projects(principal))
    ):
        if scope is not None and project.org_unit_id not in scope:
            continue
        entry = {"kind": "project", "id": project.id, "code": project.code}
        entry |= {"name": project.name, "name_zh": project.name_zh, "status": project.status}
        entries.append((entry, summary_of(own, by_project[project.id])))
    if not entries:
        return []
    ranked = rank([s.means for _, s in entries], entries[0][1].weights)
    out = []
    for position in ranked.order:
        entry, summary = entries[int(position)]
        out.append({"rank": int(ranked.rank[position]), **entry, "summary": summary.read()})
    return out
