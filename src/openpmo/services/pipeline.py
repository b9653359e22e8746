"""The intake pipeline as a board: every proposal the user may read, by workflow state, with
its requested budget, NPV and aggregated score, loaded in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Pmo, PmoPolicy, Proposal, Score, ScoringCriterion, User
from openpmo.engines.finance import npv
from openpmo.enums import PROPOSAL_TRANSITIONS, ProposalStatus, Role
from openpmo.errors import Forbidden
from openpmo.services import authz
from openpmo.services.intake import ensure_may_move, proposals
from openpmo.services.lifecycles import DEFAULT_DISCOUNT_RATE
from openpmo.services.principal import Principal
from openpmo.services.scoring import REVIEWERS, SCORABLE, Summary, summary_of

__all__ = ["Card", "ReviewerSheet", "allowed_moves", "board", "may_score", "reviewer_sheets"]


@dataclass(frozen=True)
class Card:
    proposal: Proposal
    requested: float
    npv: float
    summary: Summary

    @property
    def total(self) -> float | None:
        """The weighted total (0-10), or ``None`` before anyone scored."""
        if not self.summary.reviewers:
            return None
        return float(sum(c.weighted for c in self.summary.criteria))


def board(session: Session, principal: Principal) -> dict[ProposalStatus, list[Card]]:
    """Cards per workflow state (every state present), by code."""
    authz.ensure_role(principal, *(proposals.readers or tuple(Role)), action="read")
    items = list(session.scalars(select(Proposal).order_by(Proposal.code)))
    pmo_ids = {p.pmo_id for p in items}
    rates = dict(
        session.execute(
            select(PmoPolicy.pmo_id, PmoPolicy.discount_rate).where(PmoPolicy.pmo_id.in_(pmo_ids))
        ).all()
    )
    criteria: dict[int, list[ScoringCriterion]] = {pmo: [] for pmo in pmo_ids}
    for criterion in session.scalars(
        select(ScoringCriterion)
        .join(Pmo, Pmo.id == ScoringCriterion.pmo_id)
        .where(ScoringCriterion.pmo_id.in_(pmo_ids))
        .order_by(ScoringCriterion.code)
    ):
        criteria[criterion.pmo_id].append(criterion)
    scores: dict[int, list[Score]] = {}
    for score in session.scalars(select(Score).where(Score.proposal_id.in_([p.id for p in items]))):
        scores.setdefault(int(score.proposal_id or 0), []).append(score)
    columns: dict[ProposalStatus, list[Card]] = {status: [] for status in ProposalStatus}
    for item in items:
        own = criteria[item.pmo_id]
        ids = {c.id for c in own}
        sheet = [s for s in scores.get(item.id, []) if s.criterion_id in ids]
        flows = _flows(item)
        rate = rates.get(item.pmo_id, DEFAULT_DISCOUNT_RATE)
        columns[item.status].append(
            Card(item, float(sum(item.costs)), npv(rate, flows), summary_of(own, sheet))
        )
    return columns


def _flows(item: Proposal) -> list[float]:
    years = max(len(item.costs), len(item.benefits), 1)
    costs = [*item.costs, *[0.0] * (years - len(item.costs))]
    benefits = [*item.benefits, *[0.0] * (years - len(item.benefits))]
    return [b - c for b, c in zip(benefits, costs, strict=True)]


def allowed_moves(principal: Principal, proposal: Proposal) -> list[ProposalStatus]:
    """The workflow steps the principal may take now (the service's own rules)."""
    moves = []
    for target in sorted(PROPOSAL_TRANSITIONS[proposal.status]):
        try:
            ensure_may_move(principal, proposal, target)
        except Forbidden:
            continue
        moves.append(target)
    return moves


def may_score(principal: Principal, proposal: Proposal) -> bool:
    allowed = principal.role is Role.ADMIN or principal.role in REVIEWERS
    return allowed and proposal.status in SCORABLE


@dataclass(frozen=True)
class ReviewerSheet:
    """One reviewer's scores by criterion id, and the reviewer's weighted total when the
    sheet is complete."""

    reviewer: User
    scores: dict[int, Score]
    total: float | None


def reviewer_sheets(session: Session, proposal: Proposal, summary: Summary) -> list[ReviewerSheet]:
    """Each reviewer's sheet of the proposal, in reviewer order."""
    weights = {c.criterion.id: c.weight for c in summary.criteria}
    by_reviewer: dict[int, dict[int, Score]] = {}
    for score in session.scalars(
        select(Score).where(Score.proposal_id == proposal.id, Score.criterion_id.in_(weights))
    ):
        by_reviewer.setdefault(score.reviewer_id, {})[score.criterion_id] = score
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(by_reviewer)))}
    sheets = []
    for reviewer_id in sorted(by_reviewer):
        sheet = by_reviewer[reviewer_id]
        complete = all(cid in sheet for cid in weights)
        total = sum(sheet[cid].score * w for cid, w in weights.items()) if complete else None
        sheets.append(ReviewerSheet(users[reviewer_id], sheet, total))
    return sheets
