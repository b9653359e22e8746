"""The schedule of a project and its baselines. Schedule datetimes are naive local times
of the project (``Project.time_zone``); variances are in working days."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import Field

from openpmo.schemas.common import Input, Name, Read, VersionedRead

BaselineNumber = Annotated[int, Field(ge=0, le=10)]


class MovedProjectRead(Read):
    project_id: int
    code: str
    tasks_changed: int
    finish: datetime


class ScheduleSummaryRead(Read):
    project_id: int
    start: datetime
    finish: datetime
    tasks_scheduled: int
    critical_tasks: int
    tasks_changed: int
    external_links: int
    years_without_holidays: list[int] = Field(
        default_factory=list,
        description="Years of the schedule for which a China calendar has no holiday data "
        "(it falls back to its plain week there until a PMO adds that year's notice).",
    )
    downstream: list[MovedProjectRead] = Field(
        default_factory=list,
        description="Projects of the program that depend on this one through cross-project "
        "links, rescheduled with it in the same transaction, whose dates moved.",
    )


class BaselineCreate(Input):
    """Save the current schedule as baseline ``number`` (the lowest free one if omitted)."""

    name: Name
    number: BaselineNumber | None = None


class BaselineRead(VersionedRead):
    project_id: int
    number: int
    name: str
    created_by_id: int | None


class TaskVarianceRead(Read):
    task_id: int
    wbs: str
    name: str
    baseline_start: datetime | None
    baseline_finish: datetime | None
    start: datetime | None
    finish: datetime | None
    start_variance_days: float | None
    finish_variance_days: float | None
    duration_variance_days: float
    work_variance_hours: float
    cost_variance: Decimal


class VarianceRead(Read):
    """Positive variances are later or longer than the baseline."""

    project_id: int
    number: int
    name: str
    start_variance_days: float | None
    finish_variance_days: float | None
    duration_variance_days: float | None
    cost_variance: Decimal
    tasks_late: int
    tasks: list[TaskVarianceRead]
