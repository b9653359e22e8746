"""Strategic alignment: project contributions and the coverage map with progress."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from openpmo.api.deps import ApiRoute, CurrentUser, DbSession
from openpmo.enums import ProjectStatus
from openpmo.schemas.intake import Contribution
from openpmo.services import alignment

__all__ = ["router"]

router = APIRouter(tags=["strategy"], route_class=ApiRoute)


class ContributionRead(BaseModel):
    objective_id: int
    contribution: float | None


class CoverageObjective(BaseModel):
    id: int
    code: str
    name: str
    name_zh: str | None
    parent_id: int | None
    measure: str | None
    unit: str | None
    baseline_value: float | None
    target_value: float | None
    current_value: float | None
    target_date: date | None
    projects: int
    projects_total: int
    budget: dict[str, float]
    progress_percent: float | None
    measure_percent: float | None


class UnalignedProject(BaseModel):
    id: int
    code: str
    name: str
    name_zh: str | None
    status: ProjectStatus


class CoverageRead(BaseModel):
    objectives: list[CoverageObjective]
    objectives_without_projects: list[int]
    projects_without_objectives: list[UnalignedProject]


@router.get(
    "/projects/{project_id}/contributions",
    response_model=list[ContributionRead],
    name="list_contributions",
)
def list_contributions(session: DbSession, principal: CurrentUser, project_id: int) -> Any:
    return alignment.contributions_of(session, principal, project_id)


@router.put(
    "/projects/{project_id}/contributions",
    response_model=list[ContributionRead],
    name="set_contributions",
)
def set_contributions(
    session: DbSession, principal: CurrentUser, project_id: int, body: list[Contribution]
) -> Any:
    """Replace the objectives the project serves, each with its contribution in %."""
    return alignment.set_contributions(session, principal, project_id, body)


@router.get("/strategy/coverage", response_model=CoverageRead, name="strategy_coverage")
def coverage(session: DbSession, principal: CurrentUser) -> Any:
    """Objectives with their projects, budget and derived progress; the gaps both ways."""
    return alignment.coverage(session, principal)
