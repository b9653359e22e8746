"""Tasks, dependencies, risks and issues of a project."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from openpmo.enums import CalendarKind, ConstraintKind, DependencyType, IssueStatus, RiskStatus
from openpmo.schemas.common import Input, Text, Update, VersionedRead
from openpmo.schemas.resources import Workdays
from openpmo.schemas.strategy import DEFAULT_WORK_HOURS, WorkHours

Title = Annotated[str, Field(min_length=1, max_length=255)]
Wbs = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$")]
Days = Annotated[float, Field(ge=0, le=100000)]
Lag = Annotated[float, Field(ge=-100000, le=100000)]
Percent = Annotated[float, Field(ge=0, le=100)]
LagPercent = Annotated[float, Field(ge=-10000, le=10000)]


def _local(value: datetime) -> datetime:
    if value.tzinfo is not None:
        raise ValueError("local_datetime_required")
    return value.replace(second=0, microsecond=0)


#: A schedule datetime: naive local time of the project (``Project.time_zone``), minutes.
LocalDateTime = Annotated[datetime, AfterValidator(_local)]
_UNDATED = (ConstraintKind.ASAP, ConstraintKind.ALAP)
Probability = Annotated[float, Field(ge=0, le=1)]
Scale = Annotated[int, Field(ge=1, le=5)]


class _TaskRules:
    planned_start: date | None
    planned_finish: date | None
    is_milestone: bool | None
    duration_days: float | None
    constraint_type: ConstraintKind | None
    constraint_date: datetime | None

    @model_validator(mode="after")
    def _consistent(self) -> _TaskRules:
        if self.planned_start and self.planned_finish and self.planned_finish < self.planned_start:
            raise ValueError("planned_finish_before_start")
        if self.is_milestone and self.duration_days:
            raise ValueError("milestone_has_duration")
        kind = self.constraint_type
        if kind is not None and kind not in _UNDATED and self.constraint_date is None:
            raise ValueError("constraint_date_required")
        return self


class TaskCreate(_TaskRules, Input):
    wbs: Wbs
    name: Title
    name_zh: Title | None = None
    parent_id: int | None = None
    is_milestone: bool = False
    duration_days: Days = 0.0
    #: ``duration_days`` and ``remaining_days`` are elapsed days (24 h, 7 days a week).
    duration_elapsed: bool = False
    #: A task calendar of the project; ``None``: the project calendar.
    calendar_id: int | None = None
    planned_start: date | None = None
    planned_finish: date | None = None
    percent_complete: Percent = 0.0
    assignee_id: int | None = None
    constraint_type: ConstraintKind = ConstraintKind.ASAP
    constraint_date: LocalDateTime | None = None
    deadline: LocalDateTime | None = None
    actual_start: LocalDateTime | None = None
    actual_finish: LocalDateTime | None = None
    remaining_days: Days | None = None


class TaskUpdate(_TaskRules, Update):
    wbs: Wbs | None = None
    name: Title | None = None
    name_zh: Title | None = None
    parent_id: int | None = None
    is_milestone: bool | None = None
    duration_days: Days | None = None
    duration_elapsed: bool | None = None
    calendar_id: int | None = None
    planned_start: date | None = None
    planned_finish: date | None = None
    percent_complete: Percent | None = None
    assignee_id: int | None = None
    #: Changing the type to one with a date needs ``constraint_date`` in the same update.
    constraint_type: ConstraintKind | None = None
    constraint_date: LocalDateTime | None = None
    deadline: LocalDateTime | None = None
    actual_start: LocalDateTime | None = None
    actual_finish: LocalDateTime | None = None
    remaining_days: Days | None = None


class TaskRead(VersionedRead):
    """A task; schedule datetimes are naive local times of the project."""

    project_id: int
    parent_id: int | None
    wbs: str
    name: str
    name_zh: str | None
    is_milestone: bool
    is_summary: bool
    duration_days: float
    duration_elapsed: bool
    calendar_id: int | None
    planned_start: date | None
    planned_finish: date | None
    percent_complete: float
    assignee_id: int | None
    constraint_type: ConstraintKind
    constraint_date: datetime | None
    deadline: datetime | None
    actual_start: datetime | None
    actual_finish: datetime | None
    remaining_days: float | None
    early_start: datetime | None
    early_finish: datetime | None
    late_start: datetime | None
    late_finish: datetime | None
    scheduled_start: datetime | None
    scheduled_finish: datetime | None
    total_float_minutes: int | None
    free_float_minutes: int | None
    is_critical: bool


class DependencyCreate(Input):
    """A link; the successor is a task of the project, the predecessor may be a task of
    another project of the same program."""

    predecessor_id: int
    successor_id: int
    type: DependencyType = DependencyType.FS
    lag_days: Lag = 0.0
    #: ``lag_days`` are elapsed days (24 h), not working days of the successor's calendar.
    lag_elapsed: bool = False
    lag_percent: LagPercent = 0.0


class DependencyUpdate(Update):
    type: DependencyType | None = None
    lag_days: Lag | None = None
    lag_elapsed: bool | None = None
    lag_percent: LagPercent | None = None


class DependencyRead(VersionedRead):
    project_id: int
    predecessor_id: int
    successor_id: int
    type: DependencyType
    lag_days: float
    lag_elapsed: bool
    lag_percent: float


class CalendarDay(Input):
    """A dated exception of a task calendar: ``hours`` ``""`` is a day off."""

    day: date
    hours: Annotated[str, Field(max_length=100)] = ""


class TaskCalendarCreate(Input):
    """A calendar tasks of the project may work; ``base`` ``None`` derives it from the
    project's calendar (its holidays and exceptions inherited)."""

    name: Annotated[str, Field(min_length=1, max_length=100)]
    base: CalendarKind | None = None
    work_hours: WorkHours = DEFAULT_WORK_HOURS
    workdays: Workdays = "12345"
    #: Weekdays (ISO digit) working other hours than ``work_hours``: ``{"6": "09:00-12:00"}``.
    weekday_hours: dict[Annotated[str, Field(pattern=r"^[1-7]$")], str] = Field(
        default_factory=dict
    )
    exceptions: list[CalendarDay] = Field(default_factory=list, max_length=3660)


class TaskCalendarUpdate(Update):
    name: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    base: CalendarKind | None = None
    work_hours: WorkHours | None = None
    workdays: Workdays | None = None
    weekday_hours: dict[Annotated[str, Field(pattern=r"^[1-7]$")], str] | None = None
    exceptions: list[CalendarDay] | None = Field(default=None, max_length=3660)


class TaskCalendarRead(VersionedRead):
    project_id: int
    name: str
    base: CalendarKind | None
    work_hours: str
    workdays: str
    weekday_hours: dict[str, str]
    exceptions: list[CalendarDay]


class RiskCreate(Input):
    title: Title
    description: Text | None = None
    probability: Probability = 0.5
    impact: Scale = 3
    status: RiskStatus = RiskStatus.OPEN
    owner_id: int | None = None
    response: Text | None = None
    due_date: date | None = None


class RiskUpdate(Update):
    title: Title | None = None
    description: Text | None = None
    probability: Probability | None = None
    impact: Scale | None = None
    status: RiskStatus | None = None
    owner_id: int | None = None
    response: Text | None = None
    due_date: date | None = None


class RiskRead(VersionedRead):
    project_id: int
    title: str
    description: str | None
    probability: float
    impact: int
    status: RiskStatus
    owner_id: int | None
    response: str | None
    due_date: date | None
    exposure: float = 0.0

    @model_validator(mode="after")
    def _exposure(self) -> RiskRead:
        self.exposure = round(self.probability * self.impact, 4)
        return self


class IssueCreate(Input):
    title: Title
    description: Text | None = None
    severity: Scale = 3
    status: IssueStatus = IssueStatus.OPEN
    owner_id: int | None = None
    due_date: date | None = None
    resolution: Text | None = None


class IssueUpdate(Update):
    title: Title | None = None
    description: Text | None = None
    severity: Scale | None = None
    status: IssueStatus | None = None
    owner_id: int | None = None
    due_date: date | None = None
    resolution: Text | None = None


class IssueRead(VersionedRead):
    project_id: int
    title: str
    description: str | None
    severity: int
    status: IssueStatus
    owner_id: int | None
    due_date: date | None
    resolution: str | None
