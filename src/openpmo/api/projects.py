"""``/projects``: the portfolio's projects, filtered, sorted and paged."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from openpmo.api.deps import ApiRoute, CurrentUser, DbSession, IfMatch, etag
from openpmo.api.filters import ProjectFilters
from openpmo.db.models import Project
from openpmo.schemas.common import Page
from openpmo.schemas.strategy import ProjectCreate, ProjectRead, ProjectUpdate
from openpmo.services import projects

router = APIRouter(tags=["project"], route_class=ApiRoute)


def project_read(project: Project, objective_ids: list[int] | None = None) -> ProjectRead:
    read = ProjectRead.model_validate(project, from_attributes=True)
    if objective_ids is None:
        objective_ids = sorted(o.id for o in project.objectives)
    read.objective_ids = objective_ids
    return read


@router.get("/projects", response_model=Page[ProjectRead], name="list_projects")
def list_projects(
    session: DbSession,
    principal: CurrentUser,
    params: Annotated[ProjectFilters, Query()],
) -> Any:
    filters = projects.ProjectFilter(
        status=tuple(params.status or ()),
        portfolio_id=params.portfolio_id,
        program_id=params.program_id,
        org_unit_id=params.org_unit_id,
        manager_id=params.manager_id,
        q=params.q,
    )
    items, total = projects.list_projects(
        session,
        principal,
        filters=filters,
        sort=params.sort,
        limit=params.limit,
        offset=params.offset,
    )
    return {
        "items": items,
        "total": total,
        "limit": params.limit,
        "offset": params.offset,
    }


@router.post(
    "/projects",
    response_model=ProjectRead,
    status_code=status.HTTP_201_CREATED,
    name="create_project",
)
def create_project(
    session: DbSession, principal: CurrentUser, body: ProjectCreate, response: Response
) -> Any:
    project = projects.create_project(session, principal, body)
    etag(response, project.version)
    return project_read(project)


@router.get("/projects/{project_id}", response_model=ProjectRead, name="get_project")
def get_project(
    session: DbSession, principal: CurrentUser, project_id: int, response: Response
) -> Any:
    project = projects.get_project(session, principal, project_id)
    etag(response, project.version)
    return project_read(project)


@router.patch("/projects/{project_id}", response_model=ProjectRead, name="update_project")
def update_project(
    session: DbSession,
    principal: CurrentUser,
    project_id: int,
    body: ProjectUpdate,
    version: IfMatch,
    response: Response,
) -> Any:
    project = projects.update_project(session, principal, project_id, body, version=version)
    etag(response, project.version)
    return project_read(project)


@router.delete(
    "/projects/{project_id}", status_code=status.HTTP_204_NO_CONTENT, name="delete_project"
)
def delete_project(
    session: DbSession, principal: CurrentUser, project_id: int, version: IfMatch
) -> None:
    projects.delete_project(session, principal, project_id, version=version)
