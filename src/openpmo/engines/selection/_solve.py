"""Solving: the optimum, the greedy baseline, the efficient frontier, infeasibility reasons.

The MIP goes to HiGHS through :func:`scipy.optimize.milp`; the LP relaxation for dual prices
through :func:`scipy.optimize.linprog` (HiGHS too). SciPy links its own HiGHS privately, so it
can share a process with OR-Tools (whose wheel ships a ``libhighs.so.1`` that clashes with the
``highspy`` wheel's; see ``docs/engines/selection.md``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse  # type: ignore[import-untyped]
from scipy.optimize import Bounds, LinearConstraint, linprog, milp  # type: ignore[import-untyped]

from openpmo.engines.selection._check import Reason
from openpmo.engines.selection._explain import Explanation, Prices, explain
from openpmo.engines.selection._greedy import greedy_starts
from openpmo.engines.selection._model import Layout, Model, build
from openpmo.engines.selection._problem import SelectionProblem, Status, validate


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
    """

    status: Status
    start: dict[int, int]
    objective: float
    bound: float
    gap: float
    explanations: tuple[Explanation, ...]
    infeasibility: tuple[Reason, ...]

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


def _starts(layout: Layout, x: npt.NDArray[np.float64]) -> dict[int, int]:
    chosen = np.flatnonzero(x > 0.5)
    return {int(layout.col_candidate[j]): int(layout.col_start[j]) for j in chosen}


def _gap(objective: float, bound: float) -> float:
    return max(0.0, bound - objective) / max(abs(objective), 1e-9)


@dataclass(frozen=True, eq=False)
class _Solved:
    status: Status
    x: npt.NDArray[np.float64] | None
    bound: float


def _solve(model: Model, time_limit: float, gap: float) -> _Solved:
    """HiGHS on the MIP (minimising ``-value``); the status in our terms."""
    res: Any = milp(
        -model.value,
        integrality=np.ones(model.value.shape[0]),
        bounds=Bounds(np.zeros(model.value.shape[0]), model.col_upper),
        constraints=LinearConstraint(model.matrix, model.row_lower, model.row_upper),
        options={"time_limit": float(time_limit), "mip_rel_gap": float(gap), "presolve": True},
    )
    x = None if res.x is None else np.asarray(res.x)
    bound = -float(res.mip_dual_bound) if res.mip_dual_bound is not None else np.inf
    if res.status == 0:
        return _Solved(Status.OPTIMAL, x, bound)
    if res.status == 2:
        return _Solved(Status.INFEASIBLE, None, np.inf)
    timed_out = "time limit" in str(res.message).lower()
    status = Status.FEASIBLE if x is not None and not timed_out else Status.TIMED_OUT
    return _Solved(status, x, bound)


def optimize(
    problem: SelectionProblem,
    *,
    time_limit: float = 10.0,
    gap: float = 1e-3,
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
    model, layout = build(problem)
    solved = _solve(model, time_limit, gap)
    if solved.x is None:
        reasons = infeasibility(problem) if solved.status is Status.INFEASIBLE else ()
        return SelectionResult(solved.status, {}, 0.0, np.inf, np.inf, (), reasons)
    start = _starts(layout, solved.x)
    objective = _value(problem, start)
    bound = max(objective, solved.bound)
    explanations: tuple[Explanation, ...] = ()
    if explain_result:
        prices = _prices(model, layout, problem)
        explanations = explain(problem, start, prices, proved=solved.status is Status.OPTIMAL)
    return SelectionResult(
        solved.status, start, objective, bound, _gap(objective, bound), explanations, ()
    )


def _prices(model: Model, layout: Layout, problem: SelectionProblem) -> Prices | None:
    """Dual prices of budget and skill rows in the LP relaxation of ``model``."""
    low = np.flatnonzero(np.isfinite(model.row_lower))
    a_ub = sparse.vstack([model.matrix, -model.matrix[low]], format="csc")
    b_ub = np.concatenate([model.row_upper, -model.row_lower[low]])
    res: Any = linprog(
        -model.value,
        A_ub=a_ub,
        b_ub=b_ub,
        bounds=np.column_stack([np.zeros_like(model.col_upper), model.col_upper]),
        method="highs",
    )
    if res.status != 0:
        return None
    dual = -np.asarray(res.ineqlin.marginals)[: model.row_upper.shape[0]]
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
        return SelectionResult(Status.INFEASIBLE, {}, 0.0, np.inf, np.inf, (), reasons)
    objective = _value(problem, start)
    explanations = explain(problem, start, None, proved=False) if explain_result else ()
    return SelectionResult(Status.FEASIBLE, start, objective, objective, 0.0, explanations, ())


def frontier(
    problem: SelectionProblem,
    scales: Sequence[float],
    *,
    time_limit: float = 10.0,
    gap: float = 1e-3,
) -> tuple[FrontierPoint, ...]:
    """The best value with every period's budget multiplied by each of ``scales``.

    The model is built once; each point changes only the budget rows' limits. ``time_limit``
    is per point. Points come back in increasing budget.
    """
    validate(problem)
    model, layout = build(problem)
    points: list[FrontierPoint] = []
    for scale in sorted(float(s) for s in scales):
        if scale < 0:
            raise ValueError(f"frontier scales must be >= 0, got {scale}")
        upper = model.row_upper.copy()
        upper[layout.budget_row : layout.skill_row] = problem.budget * scale
        solved = _solve(replace(model, row_upper=upper), time_limit, gap)
        total = float(problem.budget.sum() * scale)
        if solved.x is None:
            points.append(FrontierPoint(scale, total, 0.0, solved.status, np.inf, {}))
            continue
        start = _starts(layout, solved.x)
        value = _value(problem, start)
        bound = max(value, solved.bound)
        points.append(FrontierPoint(scale, total, value, solved.status, _gap(value, bound), start))
    return tuple(points)


def infeasibility(problem: SelectionProblem) -> tuple[Reason, ...]:
    """Why the must-do candidates cannot all be selected.

    Budget and skill rows get a penalised overshoot column each and the value is dropped: the
    rows that must still overshoot are the reasons. When even that has no solution, the
    conflict is in the rules (exclusions, dependencies, windows) and is looked for directly.
    """
    model, layout = build(problem)
    first, last = layout.budget_row, layout.exclusive_row
    count = last - first
    limits = np.concatenate([problem.budget, problem.capacity.reshape(-1)])
    n = model.value.shape[0]
    slack = sparse.csc_array(
        (np.full(count, -1.0), (np.arange(first, last), np.arange(count))),
        shape=(layout.n_rows, count),
    )
    res: Any = milp(
        np.concatenate([np.zeros(n), 1.0 / np.maximum(limits, 1.0)]),
        integrality=np.concatenate([np.ones(n), np.zeros(count)]),
        bounds=Bounds(
            np.zeros(n + count), np.concatenate([model.col_upper, np.full(count, np.inf)])
        ),
        constraints=LinearConstraint(
            sparse.hstack([model.matrix, slack], format="csc"), model.row_lower, model.row_upper
        ),
        options={"time_limit": 30.0},
    )
    if res.x is None:
        return _rule_conflicts(problem)
    excess = np.asarray(res.x)[n:]
    return tuple(_shortfalls(problem, excess, limits))


def _shortfalls(
    problem: SelectionProblem, excess: npt.NDArray[np.float64], limits: npt.NDArray[np.float64]
) -> list[Reason]:
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
    return reasons


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
