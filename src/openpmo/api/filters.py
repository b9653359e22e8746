"""Query-string filters of each list endpoint."""

from __future__ import annotations

from fastapi import Query
from pydantic import BaseModel, ConfigDict

from openpmo.enums import (
    DependencyType,
    IssueStatus,
    OrgUnitKind,
    PmoLevel,
    PmoType,
    ProjectStatus,
    ResourceKind,
    RiskStatus,
    Role,
)


class ListParams(BaseModel):
    """Paging, sorting and free-text search, common to every list; unknown parameters are
    an error rather than silently ignored (a misspelt filter would return everything)."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Query(default=50, ge=1, le=500)
    offset: int = Query(default=0, ge=0)
    sort: str | None = Query(default=None, description="Comma-separated fields, '-' descending")
    q: str | None = Query(default=None, max_length=200, description="Free-text search")

    def filters(self) -> dict[str, object]:
        """The area-specific filters that were given."""
        return self.model_dump(exclude={"limit", "offset", "sort", "q"}, exclude_none=True)


Filters = ListParams


class ProjectFilters(Filters):
    status: list[ProjectStatus] | None = None
    portfolio_id: int | None = None
    program_id: int | None = None
    org_unit_id: int | None = None
    manager_id: int | None = None


class OrgUnitFilters(Filters):
    kind: OrgUnitKind | None = None
    parent_id: int | None = None


class PmoFilters(Filters):
    type: PmoType | None = None
    level: PmoLevel | None = None
    org_unit_id: int | None = None


class ObjectiveFilters(Filters):
    parent_id: int | None = None


class PortfolioFilters(Filters):
    pmo_id: int | None = None


class ProgramFilters(Filters):
    portfolio_id: int | None = None
    manager_id: int | None = None


class ResourceFilters(Filters):
    org_unit_id: int | None = None
    kind: ResourceKind | None = None
    is_active: bool | None = None


class UserFilters(Filters):
    role: Role | None = None
    pmo_id: int | None = None
    is_active: bool | None = None


class TaskFilters(Filters):
    parent_id: int | None = None
    is_milestone: bool | None = None
    assignee_id: int | None = None
    calendar_id: int | None = None


class TaskCalendarFilters(Filters):
    pass


class DependencyFilters(Filters):
    predecessor_id: int | None = None
    successor_id: int | None = None
    type: DependencyType | None = None


class RiskFilters(Filters):
    status: RiskStatus | None = None
    owner_id: int | None = None


class IssueFilters(Filters):
    status: IssueStatus | None = None
    owner_id: int | None = None
