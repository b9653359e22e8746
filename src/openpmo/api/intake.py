"""Intake: proposals with their workflow and business case, the PMO's scoring criteria,
reviewers' score sheets and the ranked list."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from openpmo.api.deps import ApiRoute, CurrentUser, DbSession, IfMatch, etag
from openpmo.api.filters import Filters
from openpmo.api.prioritization import ahp_read
from openpmo.api.routes import add_register_routes
from openpmo.enums import ProposalStatus
from openpmo.schemas import intake as s
from openpmo.schemas.prioritization import AhpRead
from openpmo.services import intake, scoring

__all__ = ["router"]

router = APIRouter(tags=["intake"], route_class=ApiRoute)


class ProposalFilters(Filters):
    status: ProposalStatus | None = None
    pmo_id: int | None = None
    org_unit_id: int | None = None


class CriterionFilters(Filters):
    pmo_id: int | None = None


add_register_routes(
    router,
    "/proposals",
    intake.proposals,
    s.ProposalCreate,
    s.ProposalUpdate,
    s.ProposalRead,
    ProposalFilters,
    create_fn=intake.create_proposal,
    update_fn=intake.update_proposal,
)


@router.post(
    "/proposals/{proposal_id}/transition",
    response_model=s.ProposalRead,
    name="transition_proposal",
)
def transition(
    session: DbSession,
    principal: CurrentUser,
    proposal_id: int,
    body: s.TransitionInput,
    version: IfMatch,
    response: Response,
) -> Any:
    """Move the proposal along draft → submitted → under_review → approved / rejected /
    deferred; approving creates the project from the lifecycle template."""
    if body.version is None and version is not None:
        body = body.model_copy(update={"version": version})
    proposal = intake.transition_proposal(session, principal, proposal_id, body)
    etag(response, proposal.version)
    return proposal


@router.get(
    "/proposals/{proposal_id}/business-case",
    response_model=s.BusinessCaseRead,
    name="proposal_business_case",
)
def business_case(session: DbSession, principal: CurrentUser, proposal_id: int) -> Any:
    proposal, case = intake.compute_business_case(session, principal, proposal_id)
    return s.BusinessCaseRead(
        currency=proposal.currency,
        first_year=proposal.first_year,
        discount_rate=case.rate,
        flows=list(case.flows),
        total_cost=case.total_cost,
        total_benefit=case.total_benefit,
        npv=case.npv,
        irr=case.irr,
        payback_years=case.payback_years,
        discounted_payback_years=case.discounted_payback_years,
        roi=case.roi,
    )


@router.get(
    "/proposals/{proposal_id}/score", response_model=s.ScoreSummaryRead, name="proposal_score"
)
def proposal_score(session: DbSession, principal: CurrentUser, proposal_id: int) -> Any:
    proposal = intake.proposals.get(session, principal, proposal_id)
    return scoring.summarise(session, proposal.pmo_id, proposal_id=proposal.id).read()


@router.put(
    "/proposals/{proposal_id}/scores/mine",
    response_model=s.ScoreSummaryRead,
    name="score_proposal",
)
def score_proposal(
    session: DbSession, principal: CurrentUser, proposal_id: int, body: s.ScoreSheet
) -> Any:
    return scoring.score_proposal(session, principal, proposal_id, body).read()


@router.put(
    "/pmos/{pmo_id}/projects/{project_id}/scores/mine",
    response_model=s.ScoreSummaryRead,
    name="score_project",
)
def score_project(
    session: DbSession, principal: CurrentUser, pmo_id: int, project_id: int, body: s.ScoreSheet
) -> Any:
    return scoring.score_project(session, principal, project_id, pmo_id, body).read()


add_register_routes(
    router,
    "/scoring-criteria",
    scoring.criteria,
    s.CriterionCreate,
    s.CriterionUpdate,
    s.CriterionRead,
    CriterionFilters,
)


@router.post(
    "/pmos/{pmo_id}/scoring-criteria",
    response_model=s.CriterionRead,
    status_code=status.HTTP_201_CREATED,
    name="create_pmo_criterion",
)
def create_criterion(
    session: DbSession,
    principal: CurrentUser,
    pmo_id: int,
    body: s.CriterionCreate,
    response: Response,
) -> Any:
    record = scoring.create_criterion(session, principal, pmo_id, body)
    etag(response, record.version)
    return record


@router.post(
    "/pmos/{pmo_id}/scoring-criteria/ahp", response_model=AhpRead, name="criteria_weights_ahp"
)
def criteria_from_ahp(
    session: DbSession, principal: CurrentUser, pmo_id: int, body: s.AhpWeightsInput
) -> Any:
    """Set the PMO's criteria weights from AHP pairwise comparisons."""
    out, _ = scoring.weights_from_ahp(session, principal, pmo_id, body)
    return ahp_read(out)


@router.get("/pmos/{pmo_id}/ranking", response_model=list[s.RankedRead], name="pmo_ranking")
def ranking(session: DbSession, principal: CurrentUser, pmo_id: int) -> Any:
    """Scored proposals and projects of the PMO, best first, each total broken down by
    criterion."""
    return scoring.ranking(session, principal, pmo_id)
