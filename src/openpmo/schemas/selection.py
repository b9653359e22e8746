"""The JSON input of ``pmo portfolio optimize`` (see ``docs/portfolio-selection.md``).

Periods and skills are named; candidates refer to them, and to each other, by name.
:meth:`PortfolioInput.to_problem` checks those references and builds the engine's problem;
a bad reference raises :class:`PortfolioReferenceError` naming the JSON path.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field

from openpmo.engines.selection import Candidate, Dependency, SelectionProblem
from openpmo.schemas.common import Input, Name, VersionedRead

__all__ = [
    "CandidateInput",
    "DependencyInput",
    "PortfolioInput",
    "PortfolioReferenceError",
    "ScenarioDependency",
    "ScenarioWindow",
    "SelectionScenarioCreate",
    "SelectionScenarioDetailRead",
    "SelectionScenarioRead",
]

Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Label = Annotated[str, Field(min_length=1, max_length=200)]


class PortfolioReferenceError(ValueError):
    """A name that refers to nothing, or a list of the wrong length, at JSON ``path``."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class CandidateInput(Input):
    name: Label
    value: Amount
    cost: list[Amount] = Field(min_length=1)
    demand: dict[str, list[Amount]] = Field(default_factory=dict)
    earliest: str | None = None
    latest: str | None = None
    must: bool = False
    forced_out: bool = False
    running: bool = False


class DependencyInput(Input):
    prerequisite: Label
    dependent: Label
    min_lead: int | None = Field(default=None, ge=0)


class PortfolioInput(Input):
    periods: list[Label] = Field(min_length=1)
    skills: list[Label] = Field(default_factory=list)
    budget: list[Amount]
    capacity: dict[str, list[Amount]] = Field(default_factory=dict)
    candidates: list[CandidateInput]
    exclusive: list[list[Label]] = Field(default_factory=list)
    dependencies: list[DependencyInput] = Field(default_factory=list)

    def to_problem(self) -> SelectionProblem:
        """The engine's problem; raises :class:`PortfolioReferenceError` for a bad reference."""
        t_count = len(self.periods)
        _unique("periods", self.periods)
        _unique("skills", self.skills)
        if len(self.budget) != t_count:
            raise PortfolioReferenceError("budget", f"must list {t_count} amounts, one per period")
        skill_at = {s: k for k, s in enumerate(self.skills)}
        capacity = np.zeros((t_count, len(self.skills)))
        for skill in self.skills:
            if skill not in self.capacity:
                raise PortfolioReferenceError(f"capacity.{skill}", "is required for every skill")
        for skill, row in self.capacity.items():
            k = _skill(skill_at, skill, f"capacity.{skill}")
            if len(row) != t_count:
                raise PortfolioReferenceError(f"capacity.{skill}", f"must list {t_count} amounts")
            capacity[:, k] = row
        period_at = {p: t for t, p in enumerate(self.periods)}
        cands = tuple(
            self._candidate(i, c, period_at, skill_at) for i, c in enumerate(self.candidates)
        )
        _unique("candidates", [c.name for c in self.candidates], ".name")
        index = {c.name: i for i, c in enumerate(self.candidates)}
        exclusive = tuple(
            tuple(_ref(index, name, f"exclusive[{g}][{j}]") for j, name in enumerate(group))
            for g, group in enumerate(self.exclusive)
        )
        deps = tuple(
            Dependency(
                _ref(index, d.prerequisite, f"dependencies[{n}].prerequisite"),
                _ref(index, d.dependent, f"dependencies[{n}].dependent"),
                d.min_lead,
            )
            for n, d in enumerate(self.dependencies)
        )
        return SelectionProblem(
            cands,
            np.array(self.budget, float),
            capacity,
            exclusive,
            deps,
            tuple(self.periods),
            tuple(self.skills),
        )

    def _candidate(
        self, i: int, c: CandidateInput, period_at: dict[str, int], skill_at: dict[str, int]
    ) -> Candidate:
        where = f"candidates[{i}]"
        earliest = 0 if c.earliest is None else _period(period_at, c.earliest, f"{where}.earliest")
        latest = earliest if c.latest is None else _period(period_at, c.latest, f"{where}.latest")
        if latest < earliest:
            raise PortfolioReferenceError(f"{where}.latest", "must not be before earliest")
        if c.must and c.forced_out:
            raise PortfolioReferenceError(f"{where}.forced_out", "cannot be true for a must-do")
        demand = np.zeros((len(c.cost), len(skill_at)))
        for skill, row in c.demand.items():
            k = _skill(skill_at, skill, f"{where}.demand.{skill}")
            if len(row) != len(c.cost):
                raise PortfolioReferenceError(
                    f"{where}.demand.{skill}", f"must list {len(c.cost)} amounts, like cost"
                )
            demand[:, k] = row
        return Candidate(
            c.name,
            c.value,
            np.array(c.cost, float),
            demand,
            earliest=earliest,
            latest=latest,
            must=c.must,
            forced_out=c.forced_out,
            running=c.running,
        )


def _unique(path: str, names: list[str], suffix: str = "") -> None:
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            raise PortfolioReferenceError(f"{path}[{i}]{suffix}", f"'{name}' is listed twice")
        seen.add(name)


def _period(period_at: dict[str, int], name: str, path: str) -> int:
    if name not in period_at:
        raise PortfolioReferenceError(path, f"'{name}' is not one of the periods")
    return period_at[name]


def _skill(skill_at: dict[str, int], name: str, path: str) -> int:
    if name not in skill_at:
        raise PortfolioReferenceError(path, f"'{name}' is not one of the skills")
    return skill_at[name]


def _ref(index: dict[str, int], name: str, path: str) -> int:
    if name not in index:
        raise PortfolioReferenceError(path, f"'{name}' is not a candidate")
    return index[name]


# Saved scenarios over the stored proposals and projects (services/selection.py).

#: The longest horizon a scenario covers, in years.
MAX_YEARS = 10
Year = Annotated[int, Field(ge=1900, le=2200)]
CodeRef = Annotated[str, Field(min_length=1, max_length=40)]


class ScenarioDependency(Input):
    """``dependent`` (a candidate's code) may be selected only with ``prerequisite``; with
    ``min_lead`` the prerequisite also starts at least that many years earlier."""

    prerequisite: CodeRef
    dependent: CodeRef
    min_lead: int | None = Field(default=None, ge=0, le=MAX_YEARS)


class ScenarioWindow(Input):
    """The years a candidate (by code) may start in, overriding ``max_shift``."""

    code: CodeRef
    earliest: Year
    latest: Year


class SelectionScenarioCreate(Input):
    """What to optimise: a PMO's or a portfolio's candidates, within a budget per year."""

    name: Name
    pmo_id: int | None = None
    portfolio_id: int | None = None
    #: The horizon's first year (default: the current year) and its length in years.
    first_year: Year | None = None
    years: int = Field(default=3, ge=1, le=MAX_YEARS)
    #: Money available in each year of the horizon, one amount per year.
    budget: list[Amount] = Field(min_length=1, max_length=MAX_YEARS)
    #: What a candidate is worth: its aggregated score (0-10) or its NPV.
    value: Literal["score", "npv"] = "score"
    #: Running projects are must-do (else the optimiser may stop them).
    keep_running: bool = True
    #: Respect the resource pool's capacity per skill and year.
    use_skills: bool = True
    must: list[CodeRef] = Field(default_factory=list, max_length=5000)
    forced_out: list[CodeRef] = Field(default_factory=list, max_length=5000)
    exclusive: list[list[CodeRef]] = Field(default_factory=list, max_length=1000)
    dependencies: list[ScenarioDependency] = Field(default_factory=list, max_length=5000)
    #: A proposal may start up to this many years after its planned first year.
    max_shift: int = Field(default=0, ge=0, le=MAX_YEARS)
    windows: list[ScenarioWindow] = Field(default_factory=list, max_length=5000)
    time_limit: float = Field(default=10.0, gt=0, le=600)
    gap: float = Field(default=1e-3, ge=0, le=1)
    #: Points of the efficient frontier (budget 50 % to 150 %); 0: none.
    frontier_points: int = Field(default=11, ge=0, le=40)


class SelectionScenarioRead(VersionedRead):
    name: str
    pmo_id: int | None
    portfolio_id: int | None
    owner_id: int | None
    status: str
    objective: float
    gap: float | None
    parameters: dict[str, Any]


class SelectionScenarioDetailRead(SelectionScenarioRead):
    result: dict[str, Any]
