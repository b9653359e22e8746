"""Solving: the optimum, the greedy baseline, the efficient frontier, infeasibility reasons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from openpmo.engines.selection._check import Reason
from openpmo.engines.selection._explain import Explanation, Prices, explain
from openpmo.engines.selection._greedy import greedy_starts
from openpmo.engines.selection._model import INF, Layout, build, solver
from openpmo.engines.selection._problem import SelectionProblem, Status, validate

_MS = highspy.HighsModelStatus


@dataclass(frozen=True, eq=False)
class SelectionResult:
    """A selection and how it was found.

    Attributes
    ----------
    status : Status
    start : dict of int to int
        Selected candidate index -> start period (horizon index); empty when infeasible.
    objective : float
        Total value of the selection.
    bound : float
        Best proved upper bound on the value (``objective`` for greedy: none is proved).
    gap : float
        ``(bound - objective) / max(|objective|, 1e-9)``; ``inf`` with no selection.
    explanations : tuple of Explanation
        One per candidate, in input order (empty when infeasible or not asked for).
    infeasibility : tuple of Reason
        Why no selection exists (status ``infeasible``).
    seconds : float
        Solver time (HiGHS's own clock).
    """

    status: Status
    start: dict[int, int]
    objective: float
    bound: float
    gap: float
    explanations: tuple[Explanation, ...]
    infeasibility: tuple[Reason, ...]
    seconds: float

    @property
    def selected(self) -> tuple[int, ...]:
        """Selected candidate indexes, ascending."""
        return tuple(sorted(self.start))


@dataclass(frozen=True)
class FrontierPoint:
    """One point of the efficient frontier: the best value with the budget scaled.

    ``budget`` is the total over the horizon; ``start`` maps selected index -> start period.
    """

    scale: float
    budget: float
    value: float
    status: Status
    gap: float
    start: dict[int, int]

    @property
    def selected(self) -> tuple[int, ...]:
        return tuple(sorted(self.start))


def _value(problem: SelectionProblem, start: Mapping[int, int]) -> float:
    return float(sum(problem.candidates[i].value for i in start))


def _starts(layout: Layout, x: Sequence[float]) -> dict[int, int]:
    chosen = np.flatnonzero(np.asarray(x) > 0.5)
    return {int(layout.col_candidate[j]): int(layout.col_start[j]) for j in chosen}


def _status(h: highspy.Highs, has_solution: bool) -> Status:
    status = h.getModelStatus()
    if status == _MS.kOptimal:
        return Status.OPTIMAL
    if status in (_MS.kInfeasible, _MS.kUnboundedOrInfeasible):
        return Status.INFEASIBLE
    if status == _MS.kTimeLimit:
        return Status.TIMED_OUT
    return Status.FEASIBLE if has_solution else Status.TIMED_OUT


def _gap(objective: float, bound: float) -> float:
    return max(0.0, bound - objective) / max(abs(objective), 1e-9)


def optimize(
    problem: SelectionProblem,
    *,
    time_limit: float = 10.0,
    gap: float = 1e-3,
    seed: int = 0,
    threads: int = 0,
    explain_result: bool = True,
) -> SelectionResult:
    """The selection of greatest total value that satisfies every constraint.

    Parameters
    ----------
    problem : SelectionProblem
    time_limit : float
        Seconds for the solver; the best selection found by then is returned as ``timed_out``.
    gap : float
        Stop when the relative gap to the proved bound is at most this (``1e-3`` = 0.1 %).
    seed : int
        HiGHS's random seed (the same seed gives the same answer).
    threads : int
        HiGHS threads (0: its default).
    explain_result : bool
        Compute :attr:`SelectionResult.explanations` (solves the LP relaxation once more
        for the dual prices).

    Returns
    -------
    SelectionResult
        Never raises for an infeasible or too large problem: the status says so.

    Raises
    ------
    ValueError
        If the problem is malformed (names the field).
    """
    validate(problem)
    lp, layout = build(problem)
    h = solver(lp, time_limit=time_limit, gap=gap, seed=seed, threads=threads)
    h.run()
    info = h.getInfo()
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    status = _status(h, has_solution)
    seconds = h.getRunTime()
    if status is Status.INFEASIBLE or not has_solution:
        reasons = infeasibility(problem) if status is Status.INFEASIBLE else ()
        return SelectionResult(status, {}, 0.0, float("inf"), float("inf"), (), reasons, seconds)
    start = _starts(layout, h.getSolution().col_value)
    objective = _value(problem, start)
    bound = max(objective, float(info.mip_dual_bound))
    explanations: tuple[Explanation, ...] = ()
    if explain_result:
        explanations = explain(
            problem, start, _prices(h, layout, problem), proved=status is Status.OPTIMAL
        )
    return SelectionResult(
        status, start, objective, bound, _gap(objective, bound), explanations, (), seconds
    )


def _prices(h: highspy.Highs, layout: Layout, problem: SelectionProblem) -> Prices | None:
    """Dual prices of budget and skill rows in the LP relaxation of the model in ``h``."""
    n = h.getNumCol()
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kContinuous] * n)
    )
    h.setOptionValue("time_limit", 60.0)
    h.run()
    if h.getModelStatus() != _MS.kOptimal:
        return None
    dual = np.abs(np.asarray(h.getSolution().row_dual))
    budget = dual[layout.budget_row : layout.skill_row]
    skills = dual[layout.skill_row : layout.exclusive_row].reshape(problem.n_periods, -1)
    return Prices(budget, skills)


def greedy(problem: SelectionProblem, *, explain_result: bool = True) -> SelectionResult:
    """The ranking baseline: must-do first, then best ``value / total cost`` first, each at
    the earliest start that breaks no constraint given those already in (see
    ``docs/engines/selection.md``). Status ``feasible``, or ``infeasible`` when a must-do
    candidate does not fit."""
    validate(problem)
    start, missed = greedy_starts(problem)
    if missed:
        reasons = tuple(
            Reason("must", f"greedy could not fit must-do {problem.candidates[i].name}", other=i)
            for i in missed
        )
        return SelectionResult(
            Status.INFEASIBLE, {}, 0.0, float("inf"), float("inf"), (), reasons, 0.0
        )
    objective = _value(problem, start)
    explanations = explain(problem, start, None, proved=False) if explain_result else ()
    return SelectionResult(Status.FEASIBLE, start, objective, objective, 0.0, explanations, (), 0.0)


def frontier(
    problem: SelectionProblem,
    scales: Sequence[float],
    *,
    time_limit: float = 10.0,
    gap: float = 1e-3,
    seed: int = 0,
) -> tuple[FrontierPoint, ...]:
    """The best value with every period's budget multiplied by each of ``scales``.

    One model is built; the points are solved in increasing budget, each starting from the
    previous point's selection (still feasible with more budget). ``time_limit`` is per point.
    """
    validate(problem)
    lp, layout = build(problem)
    h = solver(lp, time_limit=time_limit, gap=gap, seed=seed, threads=0)
    rows = np.arange(layout.budget_row, layout.skill_row, dtype=np.int32)
    lower = np.full(rows.size, -INF)
    points: list[FrontierPoint] = []
    previous: Sequence[float] | None = None
    for scale in sorted(float(s) for s in scales):
        if scale < 0:
            raise ValueError(f"frontier scales must be >= 0, got {scale}")
        h.changeRowsBounds(rows.size, rows, lower, problem.budget * scale)  # type: ignore[attr-defined]
        if previous is not None:
            warm = highspy.HighsSolution()
            warm.col_value = list(previous)
            h.setSolution(warm)
        h.run()
        has_solution = h.getInfo().primal_solution_status == 2
        status = _status(h, has_solution)
        total = float(problem.budget.sum() * scale)
        if not has_solution:
            points.append(FrontierPoint(scale, total, 0.0, status, float("inf"), {}))
            continue
        previous = list(h.getSolution().col_value)
        start = _starts(layout, previous)
        value = _value(problem, start)
        bound = max(value, float(h.getInfo().mip_dual_bound))
        points.append(FrontierPoint(scale, total, value, status, _gap(value, bound), start))
    return tuple(points)


def infeasibility(problem: SelectionProblem) -> tuple[Reason, ...]:
    """Why the must-do candidates cannot all be selected.

    Budget and skill rows get a penalised overshoot column each and the value is dropped: the
    rows that must still overshoot are the reasons. When even that has no solution, the
    conflict is in the rules (exclusions, dependencies, windows) and is looked for directly.
    """
    lp, layout = build(problem)
    h = solver(lp, time_limit=30.0, gap=1e-6, seed=0, threads=0)
    n = h.getNumCol()
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
    first, last = layout.budget_row, layout.exclusive_row
    limits = np.concatenate([problem.budget, problem.capacity.reshape(-1)])
    count = last - first
    h.addCols(
        count,
        -1.0 / np.maximum(limits, 1.0),
        np.zeros(count),
        np.full(count, INF),
        count,
        np.arange(count, dtype=np.int32),
        np.arange(first, last, dtype=np.int32),
        np.full(count, -1.0),
    )
    h.run()
    if h.getModelStatus() != _MS.kOptimal:
        return _rule_conflicts(problem)
    excess = np.asarray(h.getSolution().col_value)[n:]
    reasons: list[Reason] = []
    t_count = problem.n_periods
    for r in np.flatnonzero(excess > 1e-6 * np.maximum(limits, 1.0)):
        amount = float(excess[r])
        if r < t_count:
            reasons.append(
                Reason(
                    "budget",
                    f"the must-do candidates need {amount:.6g} more budget in "
                    f"{problem.period(int(r))} than there is",
                    period=int(r),
                    amount=amount,
                )
            )
        else:
            t, k = divmod(int(r) - t_count, problem.n_skills)
            reasons.append(
                Reason(
                    "skill",
                    f"the must-do candidates need {amount:.6g} more {problem.skill(k)} in "
                    f"{problem.period(t)} than there is",
                    period=t,
                    skill=k,
                    amount=amount,
                )
            )
    return tuple(reasons)


def _rule_conflicts(problem: SelectionProblem) -> tuple[Reason, ...]:
    cands = problem.candidates
    reasons: list[Reason] = []
    for group in problem.exclusive:
        musts = sorted({i for i in group if cands[i].must})
        if len(musts) > 1:
            names = ", ".join(cands[i].name for i in musts)
            reasons.append(Reason("exclusive", f"must-do candidates exclude each other: {names}"))
    for dep in problem.dependencies:
        a, b = cands[dep.prerequisite], cands[dep.dependent]
        if b.must and a.forced_out:
            reasons.append(
                Reason("dependency", f"must-do {b.name} needs {a.name}, which is forced out")
            )
        elif b.must and dep.min_lead is not None and a.earliest > b.latest - dep.min_lead:
            reasons.append(
                Reason(
                    "order",
                    f"must-do {b.name} cannot start {dep.min_lead} period(s) after {a.name} "
                    "within their windows",
                )
            )
    if not reasons:
        reasons.append(
            Reason(
                "rules",
                "the must-do candidates conflict through exclusions, dependencies or start windows",
            )
        )
    return tuple(reasons)
