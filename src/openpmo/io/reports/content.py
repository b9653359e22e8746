"""What a report says, as plain frozen dataclasses: filled by the services, read by the renderers.

Nothing here reads a database or a clock. Sentences (health reasons) are kept as message keys
with parameters (:class:`Message`) so the same content renders in English and Chinese.
:func:`to_plain` and :func:`from_plain` turn content into JSON-ready dicts and back (the frozen
snapshot of a submitted status report).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from openpmo.i18n import translate

__all__ = [
    "ActionLine",
    "CurvePoint",
    "Escalation",
    "HealthLine",
    "HealthTrendPoint",
    "IssueLine",
    "Label",
    "Message",
    "MilestoneLine",
    "Narrative",
    "PipelineLine",
    "PortfolioReportContent",
    "ProjectHealthRow",
    "ProjectInfo",
    "RemediationSummary",
    "ReviewInfo",
    "RiskLine",
    "ScopeInfo",
    "StatusCount",
    "StatusReportContent",
    "TaskLine",
    "TrendPoint",
    "UtilisationLine",
    "from_plain",
    "to_plain",
]

#: Health dimensions in display order (``overall`` first).
DIMENSIONS = ("overall", "schedule", "cost", "quality", "risk", "resources")

T = TypeVar("T")


@dataclass(frozen=True)
class Message:
    """A sentence in the report's language: a message key of the locale files and its values."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str) -> str:
        return translate(self.key, language, **self.params)


@dataclass(frozen=True)
class Label:
    """A name in English and, when there is one, in Chinese."""

    en: str
    zh: str | None = None

    def get(self, language: str) -> str:
        return (self.zh or self.en) if language == "zh-CN" else self.en


@dataclass(frozen=True)
class ProjectInfo:
    id: int
    code: str
    name: str
    name_zh: str | None
    status: str
    manager: Label | None
    sponsor: Label | None
    program: Label | None
    portfolio: Label | None
    org_unit: Label | None
    currency: str
    budget: float
    planned_start: date | None
    planned_finish: date | None
    current_phase: str | None

    def title(self, language: str) -> str:
        """The project's name in ``language`` (Chinese name when there is one)."""
        return (self.name_zh or self.name) if language == "zh-CN" else self.name


@dataclass(frozen=True)
class TaskLine:
    """A task finished in the period or planned in the next one (dates are the plan's, the
    scheduled ones when the project was scheduled)."""

    wbs: str
    name: str
    name_zh: str | None
    assignee: Label | None
    start: date | None
    finish: date | None
    actual_finish: date | None
    percent_complete: float


@dataclass(frozen=True)
class MilestoneLine:
    """A milestone: ``state`` is ``done``, ``late`` (unfinished past its baseline date),
    ``due`` (in the next period) or ``upcoming``; ``variance_days`` is the actual (else
    forecast) finish minus the baseline finish, in calendar days (positive: later)."""

    wbs: str
    name: str
    name_zh: str | None
    baseline_finish: date | None
    forecast_finish: date | None
    actual_finish: date | None
    state: str
    variance_days: int | None


@dataclass(frozen=True)
class HealthLine:
    """One dimension's colour (an override if any), the computed colour and the reasons."""

    dimension: str
    colour: str
    computed_colour: str
    reasons: tuple[Message, ...]
    override_comment: str | None = None


@dataclass(frozen=True)
class RiskLine:
    title: str
    probability: float
    impact: int
    exposure: float
    status: str
    owner: Label | None
    due_date: date | None
    response: str | None


@dataclass(frozen=True)
class IssueLine:
    title: str
    severity: int
    status: str
    owner: Label | None
    due_date: date | None
    overdue: bool


@dataclass(frozen=True)
class ActionLine:
    """A remediation action (``project`` is the project's code in program and PMO reports)."""

    project: str | None
    description: str
    owner: Label | None
    due_date: date | None
    status: str
    overdue: bool


@dataclass(frozen=True)
class CurvePoint:
    """The S-curve on ``day``: planned value from the baseline; earned value and actual cost
    at the project's status dates (``None`` between them and after the report's date)."""

    day: date
    pv: float
    ev: float | None = None
    ac: float | None = None


@dataclass(frozen=True)
class TrendPoint:
    """The project's overall health and indices at one of its status dates."""

    status_date: date
    colour: str
    spi: float | None
    cpi: float | None


@dataclass(frozen=True)
class Narrative:
    """What the project manager writes."""

    summary: str | None = None
    achievements: str | None = None
    next_period_plan: str | None = None
    decisions_needed: str | None = None
    help_needed: str | None = None


@dataclass(frozen=True)
class ReviewInfo:
    state: str
    author: str | None = None
    submitted_at: datetime | None = None
    submitted_by: str | None = None
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None
    review_comment: str | None = None


@dataclass(frozen=True)
class StatusReportContent:
    """A project's weekly status report: the generated part, the narrative and the review.

    ``money``, ``hours`` and ``kpis`` hold the figures of
    :func:`openpmo.services.performance.project_performance` at the status date, unchanged.
    ``finished_total`` and ``planned_total`` count every task even when the lists are cut.
    """

    project: ProjectInfo
    status_date: date
    period_start: date
    period_end: date
    next_period_end: date
    baseline: str | None
    money: dict[str, float | None]
    hours: dict[str, float | None]
    kpis: dict[str, float | None]
    overall: HealthLine
    dimensions: tuple[HealthLine, ...]
    finished: tuple[TaskLine, ...]
    finished_total: int
    planned: tuple[TaskLine, ...]
    planned_total: int
    milestones: tuple[MilestoneLine, ...]
    risks: tuple[RiskLine, ...]
    issues: tuple[IssueLine, ...]
    actions: tuple[ActionLine, ...]
    curve: tuple[CurvePoint, ...]
    trend: tuple[TrendPoint, ...]
    generated_at: datetime
    narrative: Narrative = Narrative()
    review: ReviewInfo | None = None

    def to_template_context(self, language: str = "en") -> dict[str, Any]:
        """A plain dict (strings, numbers, ``None``, and lists of such dicts) to fill a Word
        template (docxtpl) with; see :func:`openpmo.io.reports.context.status_context` for
        the keys."""
        from openpmo.io.reports.context import status_context

        context: dict[str, Any] = status_context(self, language)
        return context


@dataclass(frozen=True)
class ScopeInfo:
    """What a program or PMO report covers: ``kind`` is ``program`` or ``pmo``; ``parent``
    the program's portfolio or the PMO's org unit; ``detail`` the PMO's ``type/level``;
    ``manager`` the program's manager."""

    kind: str
    id: int
    code: str
    name: str
    name_zh: str | None
    parent: Label | None
    detail: str | None
    manager: Label | None = None

    def title(self, language: str) -> str:
        return (self.name_zh or self.name) if language == "zh-CN" else self.name


@dataclass(frozen=True)
class StatusCount:
    status: str
    count: int
    budget: float


@dataclass(frozen=True)
class PipelineLine:
    state: str
    count: int
    requested: float


@dataclass(frozen=True)
class ProjectHealthRow:
    """One active project's health at its latest status date (``colours`` by dimension,
    ``overall`` included)."""

    id: int
    code: str
    name: str
    name_zh: str | None
    manager: Label | None
    status_date: date
    colours: dict[str, str]
    overall_computed: str
    overridden: bool
    reasons: tuple[Message, ...]
    bac: float | None
    pv: float | None
    ev: float | None
    ac: float | None
    eac: float | None
    spi: float | None
    cpi: float | None

    def title(self, language: str) -> str:
        return (self.name_zh or self.name) if language == "zh-CN" else self.name


@dataclass(frozen=True)
class HealthTrendPoint:
    """Projects per overall colour at a status date, and the rolled-up indices
    (ΣEV/ΣPV and ΣEV/ΣAC of those projects)."""

    status_date: date
    counts: dict[str, int]
    spi: float | None
    cpi: float | None


@dataclass(frozen=True)
class UtilisationLine:
    """Demand over capacity of an org unit, per period (``None``: no capacity)."""

    key: str
    label: Label
    capacity: float
    demand: float
    utilisation: float | None
    periods: tuple[float | None, ...]


@dataclass(frozen=True)
class Escalation:
    """A project the PMO must look at: ``kind`` ``red`` (overall red) or ``override`` (a
    manager's colour differs from the computed one)."""

    project: str
    name: str
    name_zh: str | None
    kind: str
    dimension: str
    colour: str
    computed_colour: str
    reasons: tuple[Message, ...]
    comment: str | None

    def title(self, language: str) -> str:
        return (self.name_zh or self.name) if language == "zh-CN" else self.name


@dataclass(frozen=True)
class RemediationSummary:
    """Remediation actions by status, those overdue, and the open ones (soonest due first)."""

    counts: dict[str, int]
    overdue: int
    open: tuple[ActionLine, ...]


@dataclass(frozen=True)
class PortfolioReportContent:
    """A program report or a PMO operating report as of ``as_of``.

    ``totals`` are the money figures summed over ``projects`` (bac, pv, ev, ac, eac) with the
    indices recomputed from the sums (spi, cpi).
    """

    scope: ScopeInfo
    as_of: date
    currency: str
    statuses: tuple[StatusCount, ...]
    pipeline: tuple[PipelineLine, ...]
    pipeline_source: Label | None
    health_counts: dict[str, int]
    projects: tuple[ProjectHealthRow, ...]
    without_status_date: tuple[str, ...]
    totals: dict[str, float | None]
    trend: tuple[HealthTrendPoint, ...]
    utilisation_periods: tuple[str, ...]
    utilisation: tuple[UtilisationLine, ...]
    escalations: tuple[Escalation, ...]
    remediation: RemediationSummary
    generated_at: datetime


def to_plain(value: Any) -> Any:
    """Content as JSON-ready values: dataclasses → dicts, tuples → lists, dates → ISO text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value


def from_plain(cls: type[T], data: Any) -> T:
    """The inverse of :func:`to_plain` for the dataclass ``cls``."""
    result: T = _load(cls, data)
    return result


def _load(kind: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return _load(options[0], data)
    if origin is tuple:
        item = typing.get_args(kind)[0]
        return tuple(_load(item, v) for v in data)
    if origin is dict:
        value = typing.get_args(kind)[1]
        return {k: _load(value, v) for k, v in data.items()}
    if kind is datetime:
        return datetime.fromisoformat(data)
    if kind is date:
        return date.fromisoformat(data)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        names = {f.name for f in dataclasses.fields(kind)}
        factory: Any = kind
        return factory(**{k: _load(hints[k], v) for k, v in data.items() if k in names})
    if kind is float and isinstance(data, int):
        return float(data)
    return data
