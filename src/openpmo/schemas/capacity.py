"""Demand on the pool: assignments, requests, allocations, leave, rates; capacity reports and
levelling scenarios."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from openpmo.enums import RequestStatus, ScenarioScope, ScenarioStatus
from openpmo.schemas.common import Currency, Input, Name, Read, Text, Update, VersionedRead

Percent = Annotated[float, Field(gt=0, le=1000)]
Level = Annotated[int, Field(ge=1, le=5)]


class AssignmentCreate(Input):
    task_id: int
    resource_id: int
    units: Percent = 100.0
    work_hours: Annotated[float, Field(ge=0)] | None = None
    actual_hours: Annotated[float, Field(ge=0)] = 0.0


class AssignmentUpdate(Update):
    units: Percent | None = None
    work_hours: Annotated[float, Field(ge=0)] | None = None
    actual_hours: Annotated[float, Field(ge=0)] | None = None


class AssignmentRead(VersionedRead):
    task_id: int
    resource_id: int
    units: float
    work_hours: float | None
    actual_hours: float


class LeaveCreate(Input):
    resource_id: int
    start: date
    finish: date
    reason: Annotated[str, Field(max_length=200)] | None = None


class LeaveUpdate(Update):
    start: date | None = None
    finish: date | None = None
    reason: Annotated[str, Field(max_length=200)] | None = None


class LeaveRead(VersionedRead):
    resource_id: int
    start: date
    finish: date
    reason: str | None


class RateCreate(Input):
    resource_id: int
    rate: Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]
    currency: Currency = "CNY"
    valid_from: date
    valid_to: date | None = None


class RateUpdate(Update):
    rate: Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)] | None = None
    currency: Currency | None = None
    valid_from: date | None = None
    valid_to: date | None = None


class RateRead(VersionedRead):
    resource_id: int
    rate: Decimal
    currency: str
    valid_from: date
    valid_to: date | None


class RequestCreate(Input):
    project_id: int
    role: Annotated[str, Field(min_length=1, max_length=80)] | None = None
    skill: Name | None = None
    min_level: Level = 1
    count: Annotated[int, Field(ge=1, le=100)] = 1
    start: date
    finish: date
    percent: Percent = 100.0
    comment: Text | None = None
    submit: bool = False


class RequestUpdate(Update):
    role: Annotated[str, Field(min_length=1, max_length=80)] | None = None
    skill: Name | None = None
    min_level: Level | None = None
    count: Annotated[int, Field(ge=1, le=100)] | None = None
    start: date | None = None
    finish: date | None = None
    percent: Percent | None = None
    comment: Text | None = None


class RequestRead(VersionedRead):
    project_id: int
    role: str | None
    skill_id: int | None
    min_level: int
    count: int
    start: date
    finish: date
    percent: float
    status: RequestStatus
    requested_by_id: int | None
    approver_id: int | None
    decided_at: datetime | None
    comment: str | None


class ApprovalCreate(Input):
    """Approve with the people who fill the request (``count`` of them), or reject."""

    version: int | None = Field(default=None, ge=1)
    approve: bool = True
    resource_ids: list[int] = Field(default_factory=list, max_length=100)
    comment: Text | None = None


class AllocationCreate(Input):
    resource_id: int
    project_id: int
    start: date
    finish: date
    percent: Percent = 100.0


class AllocationUpdate(Update):
    start: date | None = None
    finish: date | None = None
    percent: Percent | None = None


class AllocationRead(VersionedRead):
    resource_id: int
    project_id: int
    request_id: int | None
    start: date
    finish: date
    percent: float


class PeriodRead(BaseModel):
    label: str
    start: date
    finish: date


class CapacityRowRead(BaseModel):
    key: str
    label: str
    capacity: list[float]
    demand: list[float]
    actual: list[float]
    utilisation: list[float | None]


class CauseRead(BaseModel):
    kind: Literal["task", "allocation"]
    id: int
    project_id: int
    project_code: str
    name: str
    hours: float


class OverAllocationRead(BaseModel):
    resource_id: int
    resource: str
    period: str
    capacity: float
    demand: float
    excess: float
    projects: list[dict[str, Any]]
    causes: list[CauseRead]


class CapacityRead(BaseModel):
    by: str
    period: str
    start: date
    finish: date
    what_if_project_id: int | None
    periods: list[PeriodRead]
    rows: list[CapacityRowRead]
    total: CapacityRowRead
    over_allocated_cells: int
    over_allocations: list[OverAllocationRead]


class ScenarioCreate(Input):
    name: Name | None = None
    scope: ScenarioScope = ScenarioScope.PORTFOLIO
    portfolio_id: int | None = None
    program_id: int | None = None
    objective: Literal["weighted_delay", "makespan"] = "weighted_delay"
    solver: Literal["auto", "cpsat", "heuristic"] = "auto"
    time_limit: Annotated[float, Field(gt=0, le=600)] = 10.0
    within_float: bool = False
    seed: int = 0


class ScenarioTaskRead(Read):
    task_id: int
    project_id: int
    start_before: date
    finish_before: date
    start_after: date
    finish_after: date


class ScenarioRead(VersionedRead):
    name: str
    scope: ScenarioScope
    portfolio_id: int | None
    program_id: int | None
    created_by_id: int | None
    status: ScenarioStatus
    solver_status: str
    options: dict[str, Any]
    summary: dict[str, Any]
    decided_at: datetime | None


class ScenarioDetailRead(ScenarioRead):
    moved_tasks: list[ScenarioTaskRead] = Field(default_factory=list)


class CapacityQuery(Input):
    """The capacity page's filters (its query string); empty boxes are ``None``."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, populate_by_name=True)

    by: Literal["person", "skill", "role", "org_unit"] = "person"
    period: Literal["week", "month"] = "week"
    start: date | None = Field(default=None, alias="from")
    finish: date | None = Field(default=None, alias="to")
    q: Annotated[str, Field(max_length=200)] | None = None
    skill: int | None = None
    level: Level = 1
    role: Annotated[str, Field(max_length=80)] | None = None
    org_unit: int | None = None
    portfolio: int | None = None
    program: int | None = None
    what_if: int | None = None
    stack: Literal["project", "role"] = "project"
    sort: Literal["load", "name"] = "load"
