"""Saved portfolio-selection scenarios: ``/portfolio/selection/scenarios``.

``POST`` runs the optimiser over the PMO's (or portfolio's) proposals and running projects
and saves the result; scenarios are read, compared, their frontier read, and deleted with
their version (``If-Match``). Thin wrappers of :mod:`openpmo.services.selection`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status

from openpmo.api.deps import ApiRoute, CurrentUser, DbSession, IfMatch, etag
from openpmo.api.filters import ListParams
from openpmo.schemas.common import Page
from openpmo.schemas.selection import (
    SelectionScenarioCreate,
    SelectionScenarioDetailRead,
    SelectionScenarioRead,
)
from openpmo.services import selection

__all__ = ["router"]

router = APIRouter(tags=["selection"], route_class=ApiRoute)

SCENARIOS = "/portfolio/selection/scenarios"


class SelectionScenarioFilters(ListParams):
    pmo_id: int | None = None
    portfolio_id: int | None = None
    status: Literal["optimal", "feasible", "infeasible", "timed_out"] | None = None


@router.get(SCENARIOS, response_model=Page[SelectionScenarioRead], name="list_selection_scenarios")
def list_scenarios(
    session: DbSession,
    principal: CurrentUser,
    params: Annotated[SelectionScenarioFilters, Query()],
) -> Any:
    items, total = selection.scenarios.list(
        session,
        principal,
        filters=params.filters(),
        q=params.q,
        sort=params.sort,
        limit=params.limit,
        offset=params.offset,
    )
    return {
        "items": [SelectionScenarioRead.model_validate(i) for i in items],
        "total": total,
        "limit": params.limit,
        "offset": params.offset,
    }


@router.post(
    SCENARIOS,
    response_model=SelectionScenarioDetailRead,
    status_code=status.HTTP_201_CREATED,
    name="create_selection_scenario",
)
def create_scenario(
    session: DbSession, principal: CurrentUser, body: SelectionScenarioCreate, response: Response
) -> Any:
    """Optimise the selection under the given budget and rules, and save the scenario."""
    scenario = selection.create_scenario(session, principal, body)
    etag(response, scenario.version)
    return SelectionScenarioDetailRead.model_validate(scenario)


@router.get(f"{SCENARIOS}/compare", name="compare_selection_scenarios")
def compare_scenarios(
    session: DbSession,
    principal: CurrentUser,
    ids: Annotated[list[int], Query(min_length=2, max_length=2)],
) -> dict[str, Any]:
    """What changed from the first scenario to the second: value, budget use, in and out."""
    return selection.compare_scenarios(session, principal, ids)


@router.get(
    f"{SCENARIOS}/{{scenario_id}}",
    response_model=SelectionScenarioDetailRead,
    name="get_selection_scenario",
)
def get_scenario(
    session: DbSession, principal: CurrentUser, scenario_id: int, response: Response
) -> Any:
    scenario = selection.scenarios.get(session, principal, scenario_id)
    etag(response, scenario.version)
    return SelectionScenarioDetailRead.model_validate(scenario)


@router.get(f"{SCENARIOS}/{{scenario_id}}/frontier", name="selection_scenario_frontier")
def scenario_frontier(
    session: DbSession, principal: CurrentUser, scenario_id: int
) -> dict[str, Any]:
    """The efficient frontier (best value per budget level) and the scenario's own point."""
    return selection.frontier_of(session, principal, scenario_id)


@router.delete(
    f"{SCENARIOS}/{{scenario_id}}",
    status_code=status.HTTP_204_NO_CONTENT,
    name="delete_selection_scenario",
)
def delete_scenario(
    session: DbSession, principal: CurrentUser, scenario_id: int, version: IfMatch
) -> None:
    selection.scenarios.delete(session, principal, scenario_id, version=version)
