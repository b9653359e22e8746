"""``/projects/{id}/schedule`` and ``/projects/{id}/baselines``: thin wrappers of the
scheduling and baseline services."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from openpmo.api.deps import ApiRoute, CurrentUser, DbSession, IfMatch, etag
from openpmo.schemas.scheduling import (
    BaselineCreate,
    BaselineRead,
    ScheduleSummaryRead,
    VarianceRead,
)
from openpmo.services import baselines, scheduling

router = APIRouter(prefix="/projects/{project_id}", tags=["schedule"], route_class=ApiRoute)


@router.post("/schedule", response_model=ScheduleSummaryRead, name="schedule_project")
def schedule_project(session: DbSession, principal: CurrentUser, project_id: int) -> Any:
    summary = scheduling.schedule_project(session, principal, project_id)
    return ScheduleSummaryRead.model_validate(summary)


@router.get("/baselines", response_model=list[BaselineRead], name="list_baselines")
def list_baselines(session: DbSession, principal: CurrentUser, project_id: int) -> Any:
    return [
        BaselineRead.model_validate(b)
        for b in baselines.list_baselines(session, principal, project_id)
    ]


@router.post(
    "/baselines",
    response_model=BaselineRead,
    status_code=status.HTTP_201_CREATED,
    name="save_baseline",
)
def save_baseline(
    session: DbSession,
    principal: CurrentUser,
    project_id: int,
    body: BaselineCreate,
    response: Response,
) -> Any:
    baseline = baselines.save_baseline(
        session, principal, project_id, name=body.name, number=body.number
    )
    etag(response, baseline.version)
    return BaselineRead.model_validate(baseline)


@router.get("/baselines/{number}", response_model=BaselineRead, name="get_baseline")
def get_baseline(
    session: DbSession, principal: CurrentUser, project_id: int, number: int, response: Response
) -> Any:
    baseline = baselines.get_baseline(session, principal, project_id, number)
    etag(response, baseline.version)
    return BaselineRead.model_validate(baseline)


@router.delete(
    "/baselines/{number}", status_code=status.HTTP_204_NO_CONTENT, name="delete_baseline"
)
def delete_baseline(
    session: DbSession, principal: CurrentUser, project_id: int, number: int, version: IfMatch
) -> None:
    baselines.delete_baseline(session, principal, project_id, number, version=version)


@router.get("/baselines/{number}/variance", response_model=VarianceRead, name="baseline_variance")
def baseline_variance(
    session: DbSession, principal: CurrentUser, project_id: int, number: int
) -> Any:
    return VarianceRead.model_validate(
        baselines.baseline_variance(session, principal, project_id, number)
    )
