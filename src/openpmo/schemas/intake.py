"""Proposals, their business case, scoring criteria, scores and the ranked list."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field, model_validator

from openpmo.enums import Methodology, ProposalStatus
from openpmo.schemas.common import Code, Currency, Input, Name, Read, Text, Update, VersionedRead

__all__ = [
    "AhpWeightsInput",
    "BusinessCaseRead",
    "Contribution",
    "CriterionCreate",
    "CriterionRead",
    "CriterionScoreRead",
    "CriterionUpdate",
    "ProposalCreate",
    "ProposalRead",
    "ProposalUpdate",
    "RankedRead",
    "ScoreInput",
    "ScoreSheet",
    "ScoreSummaryRead",
    "SkillNeed",
    "TransitionInput",
]

Money = Annotated[float, Field(ge=0, le=1e13, allow_inf_nan=False)]
Year = Annotated[int, Field(ge=1900, le=2200)]


class Contribution(Input):
    objective_id: int
    contribution: float = Field(ge=0, le=100, allow_inf_nan=False)


class SkillNeed(Input):
    skill_id: int
    period: int = Field(ge=0, le=200, description="quarter index from Q1 of first_year")
    hours: float = Field(gt=0, le=1e7, allow_inf_nan=False)


def _objectives_unique(items: list[Contribution] | None) -> None:
    if items is not None and len({c.objective_id for c in items}) != len(items):
        raise ValueError("duplicate_objective")


class _ProposalFields(Input):
    title_zh: Name | None = None
    lifecycle_template_id: int | None = None
    problem: Text | None = None
    objectives: Text | None = None
    scope: Text | None = None
    key_risks: list[Annotated[str, Field(min_length=1, max_length=500)]] | None = None
    currency: Currency | None = None
    costs: list[Money] | None = Field(default=None, max_length=30)
    benefits: list[Money] | None = Field(default=None, max_length=30)
    skills: list[SkillNeed] | None = Field(default=None, max_length=500)
    contributions: list[Contribution] | None = Field(default=None, max_length=100)
    planned_start: date | None = None
    planned_finish: date | None = None
    manager_id: int | None = None

    @model_validator(mode="after")
    def _check(self) -> _ProposalFields:
        _objectives_unique(self.contributions)
        if self.planned_start and self.planned_finish and self.planned_finish < self.planned_start:
            raise ValueError("planned_finish_before_start")
        return self


class ProposalCreate(_ProposalFields):
    code: Code
    title: Name
    pmo_id: int
    org_unit_id: int
    methodology: Methodology = Methodology.WATERFALL
    first_year: Year


class ProposalUpdate(_ProposalFields, Update):
    code: Code | None = None
    title: Name | None = None
    org_unit_id: int | None = None
    methodology: Methodology | None = None
    first_year: Year | None = None


class ProposalRead(VersionedRead):
    code: str
    title: str
    title_zh: str | None
    status: ProposalStatus
    pmo_id: int
    org_unit_id: int
    lifecycle_template_id: int | None
    methodology: Methodology
    problem: str | None
    objectives: str | None
    scope: str | None
    key_risks: list[str]
    first_year: int
    currency: str
    costs: list[float]
    benefits: list[float]
    skills: list[dict[str, Any]]
    contributions: list[dict[str, Any]]
    planned_start: date | None
    planned_finish: date | None
    manager_id: int | None
    submitted_by_id: int | None
    decided_by_id: int | None
    decided_at: datetime | None
    decision_note: str | None
    project_id: int | None


class TransitionInput(Input):
    """A workflow step. Approving makes the project (``project_code`` defaults to the
    proposal's code)."""

    status: ProposalStatus
    version: int | None = Field(default=None, ge=1)
    note: Text | None = None
    project_code: Code | None = None
    portfolio_id: int | None = None
    program_id: int | None = None


class BusinessCaseRead(Read):
    """Money in the proposal's currency; rates and ROI as fractions (0.12 = 12 %)."""

    currency: str
    first_year: int
    discount_rate: float
    flows: list[float]
    total_cost: float
    total_benefit: float
    npv: float
    irr: float | None
    payback_years: float | None
    discounted_payback_years: float | None
    roi: float | None


class CriterionCreate(Input):
    code: Code
    name: Name
    name_zh: Name | None = None
    description: Text | None = None
    weight: float = Field(default=1.0, gt=0, le=1000, allow_inf_nan=False)


class CriterionUpdate(Update):
    code: Code | None = None
    name: Name | None = None
    name_zh: Name | None = None
    description: Text | None = None
    weight: float | None = Field(default=None, gt=0, le=1000, allow_inf_nan=False)


class CriterionRead(VersionedRead):
    pmo_id: int
    code: str
    name: str
    name_zh: str | None
    description: str | None
    weight: float


class AhpWeightsInput(Input):
    """Pairwise comparisons of the PMO's criteria in the order of ``criterion_ids``."""

    criterion_ids: list[int] = Field(min_length=1, max_length=10)
    matrix: list[list[Annotated[float, Field(allow_inf_nan=False)]]]


class ScoreInput(Input):
    criterion_id: int
    score: float = Field(ge=0, le=10, allow_inf_nan=False)
    note: Text | None = None


class ScoreSheet(Input):
    """One reviewer's scores of one proposal or project; replaces that reviewer's earlier
    sheet."""

    scores: list[ScoreInput] = Field(min_length=1, max_length=30)

    @model_validator(mode="after")
    def _unique(self) -> ScoreSheet:
        if len({s.criterion_id for s in self.scores}) != len(self.scores):
            raise ValueError("duplicate_criterion")
        return self


class CriterionScoreRead(Read):
    """One criterion of a scored subject: the reviewers' mean and spread (0-10), the
    normalised weight and what it adds to the total."""

    criterion_id: int
    code: str
    name: str
    name_zh: str | None
    weight: float
    reviewers: int
    mean: float | None
    min: float | None
    max: float | None
    std: float | None
    weighted: float


class ScoreSummaryRead(Read):
    """The aggregated score (0-10) and its spread across the reviewers' own totals."""

    reviewers: int
    total: float
    total_min: float | None
    total_max: float | None
    total_std: float | None
    complete: bool
    criteria: list[CriterionScoreRead]


class RankedRead(Read):
    rank: int
    kind: str
    id: int
    code: str
    name: str
    name_zh: str | None
    status: str
    summary: ScoreSummaryRead
