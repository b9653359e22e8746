"""Query-string filters of each list endpoint."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from openpmo.enums import (
    DependencyType,
    IssueStatus,
    OrgUnitKind,
    PmoLevel,
    PmoType,
    ResourceKind,
    RiskStatus,
    Role,
)


class Filters(BaseModel):
    model_config = ConfigDict(extra="forbid")


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
