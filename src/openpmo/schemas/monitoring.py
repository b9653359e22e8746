"""Progress, performance, health, quality checks, remediation actions and KPI thresholds.

Progress values are checked by the service, not here, so that every bad one is reported
at once as ``tasks[i].<field>`` (a percentage of 120 and a negative cost in one answer).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field

from openpmo.enums import HealthColour, QualityCheckKind, RemediationStatus
from openpmo.schemas.common import Input, Read, Text, Update, VersionedRead
from openpmo.schemas.work import LocalDateTime

__all__ = [
    "DimensionRead",
    "OverrideCreate",
    "OverrideRead",
    "PerformanceRead",
    "PortfolioHealthRead",
    "ProgressBulk",
    "ProgressEntryInput",
    "ProgressResult",
    "QualityCheckCreate",
    "QualityCheckRead",
    "QualityCheckUpdate",
    "ReasonRead",
    "RemediationCreate",
    "RemediationRead",
    "RemediationUpdate",
    "StatusDateRead",
    "ThresholdRead",
    "ThresholdsRead",
    "ThresholdsUpdate",
]


class ProgressEntryInput(Input):
    task_id: int
    percent_complete: float | None = None
    remaining_days: float | None = None
    actual_start: LocalDateTime | None = None
    actual_finish: LocalDateTime | None = None
    actual_hours: float | None = None
    actual_cost: Decimal | None = None


class ProgressBulk(Input):
    """Progress of one or many tasks as of ``status_date``."""

    status_date: date
    tasks: Annotated[list[ProgressEntryInput], Field(min_length=1, max_length=20000)]


class StatusDateRead(VersionedRead):
    project_id: int
    status_date: date
    taken_at: datetime
    taken_by_id: int | None
    baseline_id: int | None
    risk_exposure: float
    overdue_issues: int
    overallocation_hours: float


class ProgressResult(Read):
    status_date: StatusDateRead
    tasks_recorded: int


class ReasonRead(Read):
    key: str
    params: dict[str, Any]
    text: str


class OverrideRead(Read):
    id: int
    colour: HealthColour
    computed_colour: HealthColour
    comment: str
    by_id: int | None
    updated_at: datetime
    version: int


class DimensionRead(Read):
    dimension: str
    #: The override's colour if there is one, else the computed one.
    colour: HealthColour
    computed_colour: HealthColour
    reasons: list[ReasonRead]
    #: One sentence: the computed colour and its reasons, in the request's language.
    summary: str
    override: OverrideRead | None


class PerformanceRead(Read):
    project_id: int
    code: str
    name: str
    status_date: date
    baseline_id: int | None
    money: dict[str, float | None]
    hours: dict[str, float | None]
    kpis: dict[str, float | None]
    overall: DimensionRead
    dimensions: list[DimensionRead]


class PortfolioHealthRead(Read):
    as_of: date | None
    counts: dict[str, int]
    projects: list[PerformanceRead]
    without_status_date: list[int]


class OverrideCreate(Input):
    """``status_date`` names the snapshot (the latest on or before it; the latest if
    omitted). ``comment`` is mandatory."""

    status_date: date | None = None
    dimension: str
    colour: HealthColour
    comment: Text | None = None


class QualityCheckCreate(Input):
    kind: QualityCheckKind
    checked_on: date
    passed: bool
    note: Text | None = None


class QualityCheckUpdate(Update):
    kind: QualityCheckKind | None = None
    checked_on: date | None = None
    passed: bool | None = None
    note: Text | None = None


class QualityCheckRead(VersionedRead):
    project_id: int
    kind: QualityCheckKind
    checked_on: date
    passed: bool
    note: str | None


Description = Annotated[str, Field(min_length=1, max_length=20000)]


class RemediationCreate(Input):
    description: Description
    owner_id: int | None = None
    due_date: date | None = None
    status: RemediationStatus = RemediationStatus.OPEN


class RemediationUpdate(Update):
    description: Description | None = None
    owner_id: int | None = None
    due_date: date | None = None
    status: RemediationStatus | None = None


class RemediationRead(VersionedRead):
    project_id: int
    description: str
    owner_id: int | None
    due_date: date | None
    status: RemediationStatus
    closed_at: datetime | None


class ThresholdRead(Read):
    kpi: str
    amber: float
    red: float
    higher_is_better: bool


class ThresholdsRead(Read):
    pmo_id: int
    is_default: bool
    thresholds: list[ThresholdRead]


class ThresholdSpec(Input):
    amber: float
    red: float
    higher_is_better: bool | None = None


class ThresholdsUpdate(Input):
    """Every KPI the PMO rates, with its boundaries; KPIs left out are not rated. An empty
    mapping restores the defaults."""

    thresholds: dict[str, ThresholdSpec]
