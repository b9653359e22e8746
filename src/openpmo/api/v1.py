"""The ``/api/v1`` router: every area wired to its service."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from openpmo.api import (
    auth,
    capacity,
    documents,
    filters,
    governance,
    intake,
    msproject,
    performance,
    prioritization,
    projects,
    reports,
    scheduling,
    selection,
)
from openpmo.api import strategy as alignment
from openpmo.api.deps import ApiRoute, CurrentUser, DbSession
from openpmo.api.routes import add_project_part_routes, add_register_routes
from openpmo.schemas import org, resources, strategy, work
from openpmo.schemas.audit import AuditRead
from openpmo.schemas.common import Page
from openpmo.services import (
    audit,
    dependencies,
    issues,
    objectives,
    org_units,
    pmos,
    portfolios,
    programs,
    risks,
    task_calendars,
    tasks,
    users,
)
from openpmo.services import resources as resource_service

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", route_class=ApiRoute)


@router.get("/health", tags=["health"])
def health() -> dict[str, str]:
    return {"status": "ok"}


router.include_router(auth.router)
router.include_router(capacity.router)  # before /resources/{id}
router.include_router(projects.router)
router.include_router(scheduling.router)
router.include_router(msproject.router)
router.include_router(performance.router)
router.include_router(reports.router)
router.include_router(prioritization.router)
router.include_router(governance.router)
router.include_router(intake.router)
router.include_router(alignment.router)
router.include_router(documents.router)
router.include_router(selection.router)

add_register_routes(
    router,
    "/org-units",
    org_units.org_units,
    org.OrgUnitCreate,
    org.OrgUnitUpdate,
    org.OrgUnitRead,
    filters.OrgUnitFilters,
)
add_register_routes(
    router, "/pmos", pmos.pmos, org.PmoCreate, org.PmoUpdate, org.PmoRead, filters.PmoFilters
)
add_register_routes(
    router,
    "/users",
    users.users,
    org.UserCreate,
    org.UserUpdate,
    org.UserRead,
    filters.UserFilters,
    create_fn=users.create_user,
    update_fn=users.update_user,
)
add_register_routes(
    router,
    "/objectives",
    objectives.objectives,
    strategy.ObjectiveCreate,
    strategy.ObjectiveUpdate,
    strategy.ObjectiveRead,
    filters.ObjectiveFilters,
)
add_register_routes(
    router,
    "/portfolios",
    portfolios.portfolios,
    strategy.PortfolioCreate,
    strategy.PortfolioUpdate,
    strategy.PortfolioRead,
    filters.PortfolioFilters,
)
add_register_routes(
    router,
    "/programs",
    programs.programs,
    strategy.ProgramCreate,
    strategy.ProgramUpdate,
    strategy.ProgramRead,
    filters.ProgramFilters,
)
add_register_routes(
    router,
    "/resources",
    resource_service.resources,
    resources.ResourceCreate,
    resources.ResourceUpdate,
    resources.ResourceRead,
    filters.ResourceFilters,
    create_fn=resource_service.create_resource,
    update_fn=resource_service.update_resource,
)
add_project_part_routes(
    router,
    "/tasks",
    tasks.tasks,
    work.TaskCreate,
    work.TaskUpdate,
    work.TaskRead,
    filters.TaskFilters,
)
add_project_part_routes(
    router,
    "/dependencies",
    dependencies.dependencies,
    work.DependencyCreate,
    work.DependencyUpdate,
    work.DependencyRead,
    filters.DependencyFilters,
)
add_project_part_routes(
    router,
    "/calendars",
    task_calendars.task_calendars,
    work.TaskCalendarCreate,
    work.TaskCalendarUpdate,
    work.TaskCalendarRead,
    filters.TaskCalendarFilters,
)
add_project_part_routes(
    router,
    "/risks",
    risks.risks,
    work.RiskCreate,
    work.RiskUpdate,
    work.RiskRead,
    filters.RiskFilters,
)
add_project_part_routes(
    router,
    "/issues",
    issues.issues,
    work.IssueCreate,
    work.IssueUpdate,
    work.IssueRead,
    filters.IssueFilters,
)


@router.get("/audit", response_model=Page[AuditRead], tags=["audit"])
def list_audit(
    session: DbSession,
    principal: CurrentUser,
    entity: str | None = None,
    entity_id: int | None = None,
    user_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Any:
    items, total = audit.list_audit(
        session,
        principal,
        entity=entity,
        entity_id=entity_id,
        user_id=user_id,
        limit=min(max(limit, 1), 500),
        offset=max(offset, 0),
    )
    return {
        "items": [AuditRead.model_validate(i) for i in items],
        "total": total,
        "limit": limit,
        "offset": offset,
    }
