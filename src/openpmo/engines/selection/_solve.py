"""Solving: the optimum, the greedy baseline, the efficient frontier, infeasibility reasons.

Every solve is: the LP relaxation (its bound, reduced costs and dual prices); a starting
selection by rounding it (:mod:`._incumbent`, seeded with a warm start when there is one);
reduced-cost fixing against that start; then HiGHS on the MIP from that start (:mod:`._highs`,
the HiGHS that SciPy ships) proving the bound, while a second thread searches neighbourhoods
of the LP optimum and of the best selection for better selections (:mod:`._race`). When the
rounding is already within the gap of the LP bound the MIP is skipped. The frontier walks
budget levels upwards, each optimum seeding the next.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse  # type: ignore[import-untyped]
from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]

from openpmo.engines.selection._check import Reason
from openpmo.engines.selection._explain import Explanation, Prices, explain
from openpmo.engines.selection._greedy import greedy_starts
from openpmo.engines.selection._highs import Relaxation, Relaxer, available, mip, relax
from openpmo.engines.selection._incumbent import fixings, round_relaxation
from openpmo.engines.selection._model import Layout, Model, build
from openpmo.engines.selection._problem import SelectionProblem, Status, over, usage, validate
from openpmo.engines.selection._race import race

#: A search stops this fraction of its time budget early, at most :data:`MAX_MARGIN` seconds.
MARGIN = 0.02
MAX_MARGIN = 1.0


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

    ``budget`` is the total over the horizon; ``start`` maps selected index -> start period;
    ``reasons`` say why an ``infeasible`` level has no selection.
    """

    scale: float
    budget: float
    value: float
    status: Status
    gap: float
    start: dict[int, int]
    reasons: tuple[Reason, ...] = ()

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
class _Search:
    """A solve's outcome: ``x`` is ``None`` without a selection; ``bound`` is proved."""

    status: Status
    x: npt.NDArray[np.float64] | None
    bound: float
    lp: Relaxation | None


def _margin(seconds: float) -> float:
    """What a search keeps back of its wall-clock budget for returning: HiGHS notices a time
    limit or an interrupt only at its next check, and the result is built after it (the
    20-point frontier of the benchmark ended 0.11 s past its 60 s without a margin)."""
    return min(MARGIN * seconds, MAX_MARGIN)


def _left(deadline: float) -> float:
    # Time limits are wall-clock seconds: the one clock the engine reads.
    return deadline - time.perf_counter()


def _search(
    model: Model,
    deadline: float,
    gap: float,
    seed: npt.NDArray[np.float64] | None = None,
    relaxer: Relaxer | None = None,
    concurrent: bool = True,
) -> _Search:
    """LP relaxation (warm from ``relaxer`` when given), rounding (from ``seed`` first),
    reduced-cost fixing, then the MIP until ``deadline`` (a :func:`time.perf_counter`
    reading): with ``concurrent``, the proof and the neighbourhood search at once
    (:func:`._race.race`)."""
    lp = relax(model)[0] if relaxer is None else relaxer.solve(model.row_upper)
    if lp is None:
        solved = mip(model, time_limit=_left(deadline), gap=gap)
        return _Search(solved.status, solved.x, solved.bound, None)
    # The seed (a previous optimum) is kept when it beats the plain rounding.
    starts = [
        x for x in (round_relaxation(model, lp, seed), round_relaxation(model, lp)) if x is not None
    ]
    start = max(starts, key=lambda x: float(model.value @ x)) if starts else None
    if start is not None:
        incumbent = float(model.value @ start)
        if _gap(incumbent, lp.value) <= gap:
            return _Search(Status.OPTIMAL, start, lp.value, lp)
        if _left(deadline) <= 0:
            return _Search(Status.TIMED_OUT, start, lp.value, lp)
        upper = fixings(model, lp, incumbent)
        solved = (
            race(model, lp, start, upper, deadline, gap)
            if concurrent and available()
            else mip(model, time_limit=_left(deadline), gap=gap, upper=upper, start=start)
        )
    else:
        incumbent = -np.inf
        solved = mip(model, time_limit=_left(deadline), gap=gap)
    if solved.status is Status.INFEASIBLE:
        return _Search(Status.INFEASIBLE, None, np.inf, lp)
    x = solved.x
    if start is not None and (x is None or float(model.value @ x) < incumbent):
        x = start
    # A selection the fixings cut off is worth less than the start: the bound stays valid.
    bound = min(lp.value, max(solved.bound, incumbent))
    status = solved.status
    if (
        x is not None
        and status is not Status.OPTIMAL
        and _gap(float(model.value @ x), bound) <= gap
    ):
        status = Status.OPTIMAL
    return _Search(status, x, bound, lp)


def optimize(
    problem: SelectionProblem,
    *,
    time_limit: float = 10.0,
    gap: float = 1e-3,
    explain_result: bool = True,
    start: Mapping[int, int] | None = None,
    concurrent: bool = True,
) -> SelectionResult:
    """The selection of greatest total value that satisfies every constraint.

    Parameters
    ----------
    problem : SelectionProblem
    time_limit : float
        Wall-clock seconds from the call (building the model included); the search stops
        2 % (at most 1 s) early to return in time, and the best selection found by then is
        returned as ``timed_out``.
    gap : float
        Stop when the relative gap to the proved bound is at most this (``1e-3`` = 0.1 %).
    explain_result : bool
        Compute :attr:`SelectionResult.explanations` (the LP relaxation's dual prices come
        from the solve itself).
    start : mapping of int to int, optional
        A selection (index -> start period) to start from, e.g. a previous optimum; a
        candidate in it that does not fit is dropped, so any selection is accepted.
    concurrent : bool
        Search for better selections near the LP optimum in a second thread while HiGHS
        proves the bound (see ``docs/engines/selection.md``); ``False``: HiGHS alone, on
        one thread.

    Returns
    -------
    SelectionResult
        Never raises for an infeasible or too large problem: the status says so.

    Raises
    ------
    ValueError
        If the problem is malformed (names the field), or ``start`` names no candidate.
    """
    deadline = time.perf_counter() + time_limit - _margin(time_limit)
    validate(problem)
    model, layout = build(problem)
    seed = None if start is None else _columns(layout, problem, start)
    solved = _search(model, deadline, gap, seed, concurrent=concurrent)
    if solved.x is None:
        reasons = infeasibility(problem) if solved.status is Status.INFEASIBLE else ()
        return SelectionResult(solved.status, {}, 0.0, np.inf, np.inf, (), reasons)
    chosen = _starts(layout, solved.x)
    objective = _value(problem, chosen)
    bound = max(objective, solved.bound)
    explanations: tuple[Explanation, ...] = ()
    if explain_result:
        prices = None if solved.lp is None else _prices(solved.lp, layout, problem)
        explanations = explain(problem, chosen, prices, proved=solved.status is Status.OPTIMAL)
    return SelectionResult(
        solved.status, chosen, objective, bound, _gap(objective, bound), explanations, ()
    )


def _columns(
    layout: Layout, problem: SelectionProblem, start: Mapping[int, int]
) -> npt.NDArray[np.float64]:
    """The 0/1 column vector of a selection (starts outside a window are ignored)."""
    x = np.zeros(layout.col_candidate.shape[0])
    for i, s in start.items():
        if not 0 <= i < len(problem.candidates):
            raise ValueError(f"start: there is no candidate {i}")
        c = problem.candidates[i]
        if c.earliest <= s <= c.latest:
            x[layout.first_col[i] + s - c.earliest] = 1.0
    return x


def _prices(lp: Relaxation, layout: Layout, problem: SelectionProblem) -> Prices:
    """Dual prices of budget and skill rows in the LP relaxation."""
    budget = lp.dual[layout.budget_row : layout.skill_row]
    skills = lp.dual[layout.skill_row : layout.exclusive_row].reshape(problem.n_periods, -1)
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
    total_time: float | None = None,
    concurrent: bool = True,
) -> tuple[FrontierPoint, ...]:
    """The best value with every period's budget multiplied by each of ``scales``.

    Levels are solved from the smallest budget up: each optimum fits the next, larger budget
    and seeds its search. A level where the must-do candidates with a fixed start already
    exceed the budget is reported ``infeasible`` with the periods short, without a solve.

    Parameters
    ----------
    problem : SelectionProblem
    scales : sequence of float
        Budget multipliers (``>= 0``).
    time_limit : float
        Seconds at most per point.
    gap : float
        Relative gap to prove at each point.
    total_time : float, optional
        Wall-clock seconds for the whole frontier (2 %, at most 1 s, kept back for
        returning): each point gets at most an equal share of what the points before it left.
    concurrent : bool
        As for :func:`optimize`, at each level.

    Returns
    -------
    tuple of FrontierPoint
        In increasing budget.
    """
    end = None if total_time is None else time.perf_counter() + total_time - _margin(total_time)
    validate(problem)
    levels = sorted(float(s) for s in scales)
    if levels and levels[0] < 0:
        raise ValueError(f"frontier scales must be >= 0, got {levels[0]}")
    model, layout = build(problem)
    fixed = _fixed_must_budget(problem)
    relaxer = Relaxer(model)
    seed: npt.NDArray[np.float64] | None = None
    points: list[FrontierPoint] = []
    for k, scale in enumerate(levels):
        budget = problem.budget * scale
        total = float(budget.sum())
        short = _budget_shortfalls(problem, fixed, budget)
        if short:
            points.append(FrontierPoint(scale, total, 0.0, Status.INFEASIBLE, np.inf, {}, short))
            continue
        limit = time_limit if end is None else min(time_limit, _left(end) / (len(levels) - k))
        upper = model.row_upper.copy()
        upper[layout.budget_row : layout.skill_row] = budget
        deadline = time.perf_counter() + limit
        solved = _search(replace(model, row_upper=upper), deadline, gap, seed, relaxer, concurrent)
        if solved.x is None:
            reasons: tuple[Reason, ...] = ()
            if solved.status is Status.INFEASIBLE:
                reasons = infeasibility(replace(problem, budget=budget))
            points.append(FrontierPoint(scale, total, 0.0, solved.status, np.inf, {}, reasons))
            continue
        seed = solved.x
        start = _starts(layout, solved.x)
        value = _value(problem, start)
        bound = max(value, solved.bound)
        points.append(FrontierPoint(scale, total, value, solved.status, _gap(value, bound), start))
    return tuple(points)


def _fixed_must_budget(problem: SelectionProblem) -> npt.NDArray[np.float64]:
    """Budget per period that the must-do candidates with a one-period window use."""
    fixed = {
        i: c.earliest for i, c in enumerate(problem.candidates) if c.must and len(c.shifts) == 1
    }
    return usage(problem, fixed).budget


def _budget_shortfalls(
    problem: SelectionProblem, fixed: npt.NDArray[np.float64], budget: npt.NDArray[np.float64]
) -> tuple[Reason, ...]:
    return tuple(
        Reason(
            "budget",
            f"the must-do candidates with a fixed start need {fixed[t] - budget[t]:.6g} more "
            f"budget in {problem.period(int(t))} than this level has",
            period=int(t),
            amount=float(fixed[t] - budget[t]),
        )
        for t in np.flatnonzero(over(fixed, budget))
    )


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
