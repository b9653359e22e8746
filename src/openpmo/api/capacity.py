"""The pool's demand and capacity: ``/resources/{assignments,requests,allocations,leave,rates}``,
``/capacity`` and ``/levelling/scenarios``; thin wrappers of the services.

Included in ``/api/v1`` before the ``/resources/{id}`` routes, so that ``/resources/leave`` is not
read as a resource id.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from openpmo.api.deps import ApiRoute, CurrentUser, DbSession, IfMatch, etag
from openpmo.api.filters import ListParams
from openpmo.api.routes import add_register_routes
from openpmo.enums import RequestStatus, ScenarioStatus
from openpmo.schemas import capacity as s
from openpmo.schemas.common import Page
from openpmo.services import capacity, levelling, requests, resource_pool

__all__ = ["router"]

router = APIRouter(route_class=ApiRoute)


class AssignmentFilters(ListParams):
    task_id: int | None = None
    resource_id: int | None = None


class ResourceFilters(ListParams):
    resource_id: int | None = None


class AllocationFilters(ListParams):
    resource_id: int | None = None
    project_id: int | None = None
    request_id: int | None = None


class RequestFilters(ListParams):
    project_id: int | None = None
    status: RequestStatus | None = None
    skill_id: int | None = None


class ScenarioFilters(ListParams):
    status: ScenarioStatus | None = None
    portfolio_id: int | None = None
    program_id: int | None = None


add_register_routes(
    router,
    "/resources/assignments",
    resource_pool.assignments,
    s.AssignmentCreate,
    s.AssignmentUpdate,
    s.AssignmentRead,
    AssignmentFilters,
    create_fn=resource_pool.create_assignment,
    update_fn=resource_pool.update_assignment,
)
add_register_routes(
    router,
    "/resources/allocations",
    resource_pool.allocations,
    s.AllocationCreate,
    s.AllocationUpdate,
    s.AllocationRead,
    AllocationFilters,
)
add_register_routes(
    router, "/resources/leave", resource_pool.leave, s.LeaveCreate, s.LeaveUpdate, s.LeaveRead,
    ResourceFilters,
)  # fmt: skip
add_register_routes(
    router, "/resources/rates", resource_pool.rates, s.RateCreate, s.RateUpdate, s.RateRead,
    ResourceFilters,
)  # fmt: skip


@router.post(
    "/resources/requests/{record_id}/submit",
    response_model=s.RequestRead,
    tags=["resource_request"],
    name="submit_resource_request",
)
def submit_request(
    session: DbSession, principal: CurrentUser, record_id: int, version: IfMatch, response: Response
) -> Any:
    record = requests.submit_request(session, principal, record_id, version=version)
    etag(response, record.version)
    return s.RequestRead.model_validate(record)


@router.post(
    "/resources/requests/{record_id}/decision",
    response_model=s.RequestRead,
    tags=["resource_request"],
    name="decide_resource_request",
)
def decide_request(
    session: DbSession,
    principal: CurrentUser,
    record_id: int,
    body: s.ApprovalCreate,
    version: IfMatch,
    response: Response,
) -> Any:
    """Approve (naming ``count`` people) or reject a submitted request; resource managers only."""
    record = requests.decide_request(session, principal, record_id, body, version=version)
    etag(response, record.version)
    return s.RequestRead.model_validate(record)


add_register_routes(
    router,
    "/resources/requests",
    requests.requests,
    s.RequestCreate,
    s.RequestUpdate,
    s.RequestRead,
    RequestFilters,
    create_fn=requests.create_request,
    update_fn=requests.update_request,
)


@router.get("/capacity", response_model=s.CapacityRead, tags=["capacity"], name="capacity")
def capacity_report(
    session: DbSession,
    principal: CurrentUser,
    by: str = "person",
    period: str = "week",
    start: Annotated[date | None, Query(alias="from")] = None,
    finish: Annotated[date | None, Query(alias="to")] = None,
    org_unit_id: int | None = None,
    what_if_project_id: int | None = None,
    over_limit: Annotated[int, Query(ge=0, le=5000)] = 200,
) -> Any:
    """Demand against capacity per person, skill, role or org unit, per week or month."""
    return capacity.capacity_report(
        session,
        principal,
        by=by,
        period=period,
        start=start,
        finish=finish,
        org_unit_id=org_unit_id,
        what_if_project_id=what_if_project_id,
        over_limit=over_limit,
    )


SCENARIOS = "/levelling/scenarios"


@router.get(
    SCENARIOS, response_model=Page[s.ScenarioRead], tags=["levelling"], name="list_scenarios"
)
def list_scenarios(
    session: DbSession, principal: CurrentUser, params: Annotated[ScenarioFilters, Query()]
) -> Any:
    items, total = levelling.scenarios.list(
        session,
        principal,
        filters=params.filters(),
        q=params.q,
        sort=params.sort,
        limit=params.limit,
        offset=params.offset,
    )
    return {
        "items": [s.ScenarioRead.model_validate(i) for i in items],
        "total": total,
        "limit": params.limit,
        "offset": params.offset,
    }


@router.post(
    SCENARIOS,
    response_model=s.ScenarioDetailRead,
    status_code=status.HTTP_201_CREATED,
    tags=["levelling"],
    name="create_scenario",
)
def create_scenario(
    session: DbSession, principal: CurrentUser, body: s.ScenarioCreate, response: Response
) -> Any:
    """Level the portfolio (or program) and store the proposal; nothing else changes."""
    scenario = levelling.create_scenario(session, principal, body)
    etag(response, scenario.version)
    return _detail(session, scenario)


@router.get(f"{SCENARIOS}/compare", tags=["levelling"], name="compare_scenarios")
def compare_scenarios(
    session: DbSession, principal: CurrentUser, ids: Annotated[list[int], Query(max_length=20)]
) -> list[dict[str, Any]]:
    return levelling.compare_scenarios(session, principal, ids)


def _detail(session: Any, scenario: Any) -> s.ScenarioDetailRead:
    read = s.ScenarioDetailRead.model_validate(scenario)
    read.moved_tasks = [
        s.ScenarioTaskRead.model_validate(t) for t in levelling.moved_tasks(session, scenario.id)
    ]
    return read


@router.get(
    f"{SCENARIOS}/{{scenario_id}}",
    response_model=s.ScenarioDetailRead,
    tags=["levelling"],
    name="get_scenario",
)
def get_scenario(
    session: DbSession, principal: CurrentUser, scenario_id: int, response: Response
) -> Any:
    scenario = levelling.scenarios.get(session, principal, scenario_id)
    etag(response, scenario.version)
    return _detail(session, scenario)


@router.post(
    f"{SCENARIOS}/{{scenario_id}}/apply",
    response_model=s.ScenarioRead,
    tags=["levelling"],
    name="apply_scenario",
)
def apply_scenario(
    session: DbSession,
    principal: CurrentUser,
    scenario_id: int,
    version: IfMatch,
    response: Response,
) -> Any:
    """Write the proposed dates in one transaction (409 naming a task changed since)."""
    scenario = levelling.apply_scenario(session, principal, scenario_id, version=version)
    etag(response, scenario.version)
    return s.ScenarioRead.model_validate(scenario)


@router.post(
    f"{SCENARIOS}/{{scenario_id}}/discard",
    response_model=s.ScenarioRead,
    tags=["levelling"],
    name="discard_scenario",
)
def discard_scenario(
    session: DbSession,
    principal: CurrentUser,
    scenario_id: int,
    version: IfMatch,
    response: Response,
) -> Any:
    scenario = levelling.discard_scenario(session, principal, scenario_id, version=version)
    etag(response, scenario.version)
    return s.ScenarioRead.model_validate(scenario)
