"""The selection problem: candidates, limits, rules; its checks and the usage of a selection."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

#: Usage may exceed a limit by this fraction of the limit (plus an absolute 1e-6) before it
#: counts as a violation: the solver's own feasibility tolerance is 1e-6 relative.
TOLERANCE = 1e-6


class Status(StrEnum):
    """How a solve ended."""

    OPTIMAL = "optimal"
    """Proved optimal within the requested relative gap."""
    FEASIBLE = "feasible"
    """A selection satisfying every constraint, not proved optimal (stopped by a limit)."""
    INFEASIBLE = "infeasible"
    """No selection satisfies the must-do candidates and the constraints."""
    TIMED_OUT = "timed_out"
    """The time limit ended the search; the best selection found so far (if any) is kept."""


@dataclass(frozen=True, eq=False)
class Candidate:
    """A proposal or running project that may be selected.

    Attributes
    ----------
    name : str
        Unique name, used in explanations.
    value : float
        What selecting it is worth (any unit, e.g. weighted score or NPV), ``>= 0``.
    cost : numpy.ndarray of float64, shape (L,)
        Cost in each period of its own life, period 0 being its start.
    demand : numpy.ndarray of float64, shape (L, n_skills)
        Skill demand (e.g. FTE) in each period of its life; same length as ``cost``.
    earliest, latest : int
        Window of its start period (horizon index): it starts at one ``s`` with
        ``earliest <= s <= latest``. Periods of its life past the horizon are not limited.
    must : bool
        Forced in (must-do, e.g. regulatory or a running project).
    forced_out : bool
        Never selected.
    running : bool
        An active project (informational: its start is usually fixed, ``earliest == latest``).
    """

    name: str
    value: float
    cost: FloatArray
    demand: FloatArray
    earliest: int = 0
    latest: int = 0
    must: bool = False
    forced_out: bool = False
    running: bool = False

    @property
    def shifts(self) -> range:
        """The start periods it may have."""
        return range(self.earliest, self.latest + 1)


@dataclass(frozen=True)
class Dependency:
    """``dependent`` may be selected only if ``prerequisite`` is.

    With ``min_lead`` set, the prerequisite must also start at least ``min_lead`` periods
    before the dependent (0: no later than it).
    """

    prerequisite: int
    dependent: int
    min_lead: int | None = None


@dataclass(frozen=True, eq=False)
class SelectionProblem:
    """Candidates over a horizon of ``T`` periods and ``K`` skills, with limits and rules.

    Attributes
    ----------
    candidates : tuple of Candidate
    budget : numpy.ndarray of float64, shape (T,)
        Money available in each period, ``>= 0``.
    capacity : numpy.ndarray of float64, shape (T, K)
        Skill capacity in each period, ``>= 0``.
    exclusive : tuple of tuple of int
        Mutual exclusion groups: at most one member of each is selected.
    dependencies : tuple of Dependency
    period_names, skill_names : tuple of str
        Labels for explanations (``P0, P1, ...`` and ``S0, ...`` when empty).
    """

    candidates: tuple[Candidate, ...]
    budget: FloatArray
    capacity: FloatArray
    exclusive: tuple[tuple[int, ...], ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    period_names: tuple[str, ...] = field(default=())
    skill_names: tuple[str, ...] = field(default=())

    @property
    def n_periods(self) -> int:
        return int(self.budget.shape[0])

    @property
    def n_skills(self) -> int:
        return int(self.capacity.shape[1])

    def period(self, t: int) -> str:
        return self.period_names[t] if self.period_names else f"P{t}"

    def skill(self, k: int) -> str:
        return self.skill_names[k] if self.skill_names else f"S{k}"


def validate(problem: SelectionProblem) -> None:
    """Raise ``ValueError`` naming the first bad field of ``problem``."""
    t_count = problem.budget.shape[0] if problem.budget.ndim == 1 else -1
    if t_count < 1:
        raise ValueError(
            f"budget must be one-dimensional and non-empty, got {problem.budget.shape}"
        )
    if problem.capacity.ndim != 2 or problem.capacity.shape[0] != t_count:
        raise ValueError(
            f"capacity must have shape ({t_count}, skills), got {problem.capacity.shape}"
        )
    for label, array in (("budget", problem.budget), ("capacity", problem.capacity)):
        if not np.isfinite(array).all() or (array < 0).any():
            raise ValueError(f"{label} must hold finite numbers >= 0")
    names: set[str] = set()
    k_count = problem.capacity.shape[1]
    for i, c in enumerate(problem.candidates):
        _candidate(i, c, k_count, names)
    n = len(problem.candidates)
    for g, group in enumerate(problem.exclusive):
        for i in group:
            if not 0 <= i < n:
                raise ValueError(f"exclusive[{g}] names candidate {i}, which does not exist")
    for d, dep in enumerate(problem.dependencies):
        for i in (dep.prerequisite, dep.dependent):
            if not 0 <= i < n:
                raise ValueError(f"dependencies[{d}] names candidate {i}, which does not exist")
        if dep.prerequisite == dep.dependent:
            raise ValueError(f"dependencies[{d}]: a candidate cannot depend on itself")
        if dep.min_lead is not None and dep.min_lead < 0:
            raise ValueError(f"dependencies[{d}].min_lead must be >= 0")


def _candidate(i: int, c: Candidate, k_count: int, names: set[str]) -> None:
    where = f"candidates[{i}] ({c.name!r})"
    if c.name in names:
        raise ValueError(f"{where}: the name is used twice")
    names.add(c.name)
    if not np.isfinite(c.value) or c.value < 0:
        raise ValueError(f"{where}.value must be a finite number >= 0")
    if c.cost.ndim != 1 or c.cost.shape[0] < 1:
        raise ValueError(f"{where}.cost must list at least one period")
    if c.demand.shape != (c.cost.shape[0], k_count):
        raise ValueError(
            f"{where}.demand must have shape ({c.cost.shape[0]}, {k_count}), got {c.demand.shape}"
        )
    for label, array in (("cost", c.cost), ("demand", c.demand)):
        if not np.isfinite(array).all() or (array < 0).any():
            raise ValueError(f"{where}.{label} must hold finite numbers >= 0")
    if not 0 <= c.earliest <= c.latest:
        raise ValueError(f"{where}: need 0 <= earliest <= latest, got {c.earliest}, {c.latest}")
    if c.must and c.forced_out:
        raise ValueError(f"{where}: cannot be both must-do and forced out")


@dataclass(frozen=True, eq=False)
class Usage:
    """Budget and skill use of a selection, per period (life past the horizon ignored)."""

    budget: FloatArray
    skills: FloatArray


def profile_rows(problem: SelectionProblem, i: int, start: int) -> tuple[slice, slice]:
    """Horizon periods ``[start, start + L)`` cut to ``T``, and the matching life periods."""
    c = problem.candidates[i]
    end = min(start + c.cost.shape[0], problem.n_periods)
    if end <= start:
        return slice(0, 0), slice(0, 0)
    return slice(start, end), slice(0, end - start)


def usage(problem: SelectionProblem, start: Mapping[int, int]) -> Usage:
    """What the candidates in ``start`` (index -> start period) use in each period."""
    budget = np.zeros(problem.n_periods)
    skills = np.zeros((problem.n_periods, problem.n_skills))
    for i, s in start.items():
        horizon, life = profile_rows(problem, i, s)
        budget[horizon] += problem.candidates[i].cost[life]
        skills[horizon] += problem.candidates[i].demand[life]
    return Usage(budget, skills)


def over(used: FloatArray, limit: FloatArray) -> npt.NDArray[np.bool_]:
    """Where ``used`` exceeds ``limit`` by more than the tolerance."""
    result: npt.NDArray[np.bool_] = used > limit * (1 + TOLERANCE) + TOLERANCE
    return result


def members(problem: SelectionProblem) -> Sequence[tuple[int, ...]]:
    """Per candidate, the exclusion groups it belongs to (indexes into ``exclusive``)."""
    groups: list[list[int]] = [[] for _ in problem.candidates]
    for g, group in enumerate(problem.exclusive):
        for i in set(group):
            groups[i].append(g)
    return [tuple(g) for g in groups]
