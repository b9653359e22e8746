"""Strategic objectives, portfolios, programs and projects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, model_validator

from openpmo.engines.calendars import parse_hours
from openpmo.enums import CalendarKind, Methodology, ProjectStatus
from openpmo.schemas.common import Code, Currency, Input, Name, Text, Update, VersionedRead

Budget = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]
PriorityScore = Annotated[int, Field(ge=1, le=1000)]
DEFAULT_WORK_HOURS = "08:00-12:00, 13:00-17:00"


def _work_hours(value: str) -> str:
    try:
        shifts = parse_hours(value)
    except ValueError:
        raise ValueError("work_hours_invalid") from None
    if not shifts:
        raise ValueError("work_hours_invalid")
    return value


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("time_zone_unknown") from None
    return value


#: Working hours of every working day, e.g. ``08:00-12:00, 13:00-17:00``.
WorkHours = Annotated[str, Field(max_length=100), AfterValidator(_work_hours)]
TimeZone = Annotated[str, Field(max_length=64), AfterValidator(_time_zone)]


class ObjectiveCreate(Input):
    code: Code
    name: Name
    name_zh: Name | None = None
    description: Text | None = None
    weight: float = Field(default=1.0, gt=0, le=100)
    parent_id: int | None = None
    measure: Name | None = None
    unit: Annotated[str, Field(max_length=40)] | None = None
    baseline_value: float | None = Field(default=None, allow_inf_nan=False)
    target_value: float | None = Field(default=None, allow_inf_nan=False)
    current_value: float | None = Field(default=None, allow_inf_nan=False)
    target_date: date | None = None


class ObjectiveUpdate(Update):
    code: Code | None = None
    name: Name | None = None
    name_zh: Name | None = None
    description: Text | None = None
    weight: float | None = Field(default=None, gt=0, le=100)
    parent_id: int | None = None
    measure: Name | None = None
    unit: Annotated[str, Field(max_length=40)] | None = None
    baseline_value: float | None = Field(default=None, allow_inf_nan=False)
    target_value: float | None = Field(default=None, allow_inf_nan=False)
    current_value: float | None = Field(default=None, allow_inf_nan=False)
    target_date: date | None = None


class ObjectiveRead(VersionedRead):
    code: str
    name: str
    name_zh: str | None
    description: str | None
    weight: float
    parent_id: int | None
    measure: str | None = None
    unit: str | None = None
    baseline_value: float | None = None
    target_value: float | None = None
    current_value: float | None = None
    target_date: date | None = None


class PortfolioCreate(Input):
    code: Code
    name: Name
    name_zh: Name | None = None
    description: Text | None = None
    pmo_id: int | None = None
    owner_id: int | None = None


class PortfolioUpdate(Update):
    code: Code | None = None
    name: Name | None = None
    name_zh: Name | None = None
    description: Text | None = None
    pmo_id: int | None = None
    owner_id: int | None = None


class PortfolioRead(VersionedRead):
    code: str
    name: str
    name_zh: str | None
    description: str | None
    pmo_id: int | None
    owner_id: int | None


class ProgramCreate(Input):
    code: Code
    name: Name
    name_zh: Name | None = None
    description: Text | None = None
    portfolio_id: int
    manager_id: int | None = None


class ProgramUpdate(Update):
    code: Code | None = None
    name: Name | None = None
    name_zh: Name | None = None
    description: Text | None = None
    portfolio_id: int | None = None
    manager_id: int | None = None


class ProgramRead(VersionedRead):
    code: str
    name: str
    name_zh: str | None
    description: str | None
    portfolio_id: int
    manager_id: int | None


class _Dates:
    planned_start: date | None
    planned_finish: date | None

    @model_validator(mode="after")
    def _finish_not_before_start(self) -> _Dates:
        if self.planned_start and self.planned_finish and self.planned_finish < self.planned_start:
            raise ValueError("planned_finish_before_start")
        return self


class ProjectCreate(_Dates, Input):
    code: Code
    name: Name
    name_zh: Name | None = None
    description: Text | None = None
    status: ProjectStatus = ProjectStatus.PROPOSED
    methodology: Methodology = Methodology.WATERFALL
    current_phase: Annotated[str, Field(max_length=80)] | None = None
    priority: PriorityScore = 500
    budget: Budget = Decimal("0")
    currency: Currency = "CNY"
    planned_start: date | None = None
    planned_finish: date | None = None
    portfolio_id: int | None = None
    program_id: int | None = None
    org_unit_id: int
    manager_id: int | None = None
    sponsor_id: int | None = None
    objective_ids: list[int] = Field(default_factory=list)
    calendar: CalendarKind = CalendarKind.CHINA
    work_hours: WorkHours = DEFAULT_WORK_HOURS
    time_zone: TimeZone = "Asia/Shanghai"
    status_date: date | None = None


class ProjectUpdate(_Dates, Update):
    code: Code | None = None
    name: Name | None = None
    name_zh: Name | None = None
    description: Text | None = None
    status: ProjectStatus | None = None
    methodology: Methodology | None = None
    current_phase: Annotated[str, Field(max_length=80)] | None = None
    priority: PriorityScore | None = None
    budget: Budget | None = None
    currency: Currency | None = None
    planned_start: date | None = None
    planned_finish: date | None = None
    portfolio_id: int | None = None
    program_id: int | None = None
    org_unit_id: int | None = None
    manager_id: int | None = None
    sponsor_id: int | None = None
    objective_ids: list[int] | None = None
    calendar: CalendarKind | None = None
    work_hours: WorkHours | None = None
    time_zone: TimeZone | None = None
    status_date: date | None = None


class ProjectRead(VersionedRead):
    code: str
    name: str
    name_zh: str | None
    description: str | None
    status: ProjectStatus
    methodology: Methodology
    current_phase: str | None
    priority: int
    budget: Decimal
    currency: str
    planned_start: date | None
    planned_finish: date | None
    portfolio_id: int | None
    program_id: int | None
    org_unit_id: int
    manager_id: int | None
    sponsor_id: int | None
    objective_ids: list[int] = Field(default_factory=list)
    calendar: CalendarKind
    work_hours: str
    time_zone: str
    status_date: date | None
