"""Resource levelling: schedule activities of one or many projects within renewable capacity.

Build the input with :func:`build_problem` (activities with integer durations, a demand per
activity and resource, capacity per resource and period, links of any type with lags,
projects with weights, release and due dates, activities already started) and call
:func:`level`. Two solvers sit behind it:

* ``"heuristic"`` — serial schedule generation with several priority rules, random-biased
  sampling and forward–backward improvement, compiled with numba
  (:mod:`openpmo.engines.levelling.heuristic`); it levels 100,000 activities in seconds;
* ``"cpsat"`` — an OR-Tools CP-SAT model (:mod:`openpmo.engines.levelling.cpsat`), warm-started
  from the heuristic, that proves optimality or reports its best bound when time runs out;
* ``"auto"`` — CP-SAT up to :data:`AUTO_CPSAT_LIMIT` activities, the heuristic above.

Both return a :class:`LevellingResult` with a :class:`Status` rather than raising when no
schedule is found. Times are integers in one working-time unit from time 0; see
``docs/engines/levelling.md``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from openpmo.engines.levelling._prepared import Prepared, prepare
from openpmo.engines.levelling._problem import NO_DATE, LevellingProblem, Objective, build_problem

__all__ = [
    "AUTO_CPSAT_LIMIT",
    "NO_DATE",
    "LevellingProblem",
    "LevellingResult",
    "Objective",
    "Status",
    "build_problem",
    "check_schedule",
    "level",
    "makespan_bound",
]

Int64Array = npt.NDArray[np.int64]

#: ``solver="auto"`` uses CP-SAT up to this many activities and the heuristic above.
AUTO_CPSAT_LIMIT = 3000

#: A warm start runs this fraction (1/k) of the heuristic's default schedules.
WARM_START_SHARE = 2


class Status(StrEnum):
    """How a levelling run ended."""

    OPTIMAL = "optimal"
    """The schedule is proven optimal (the objective equals the lower bound)."""
    FEASIBLE = "feasible"
    """A schedule that respects every constraint; not proven optimal."""
    INFEASIBLE = "infeasible"
    """No schedule exists; ``reason`` says why."""
    TIMED_OUT = "timed_out"
    """The solver stopped (time or iteration limit) before finding any schedule."""


@dataclass(frozen=True, eq=False)
class LevellingResult:
    """The outcome of :func:`level`.

    Attributes
    ----------
    status : Status
        How the run ended.
    objective : int or None
        Objective of ``starts`` (makespan, or ``Σ weight × delay``); ``None`` without a schedule.
    lower_bound : int
        Best lower bound known on the objective: the critical-path and resource-energy bounds
        (makespan) or the critical-path delays (weighted delay), raised to CP-SAT's bound.
    starts : numpy.ndarray of int64, shape (n,), or None
        Start of every activity; ``None`` without a schedule.
    project_finish : numpy.ndarray of int64, shape (p,), or None
        Finish of every project.
    project_delay : numpy.ndarray of int64, shape (p,), or None
        ``max(0, finish - target)`` per project, the target being its due date or, without
        one, its critical-path finish.
    solver : str
        ``"heuristic"`` or ``"cpsat"``.
    reason : str
        Why there is no schedule (empty otherwise).
    """

    status: Status
    objective: int | None
    lower_bound: int
    starts: Int64Array | None
    project_finish: Int64Array | None
    project_delay: Int64Array | None
    solver: str
    reason: str = ""

    @property
    def makespan(self) -> int | None:
        """Finish of the last activity, ``None`` without a schedule."""
        if self.project_finish is None:
            return None
        return int(self.project_finish.max(initial=0))


def _result(
    prep: Prepared, starts: Int64Array | None, lower: int, solver: str, status: Status, why: str
) -> LevellingResult:
    if starts is None:
        return LevellingResult(status, None, lower, None, None, None, solver, why)
    starts = np.ascontiguousarray(starts, dtype=np.int64)
    value = prep.objective(starts)
    lower = min(lower, value)
    if value <= lower:
        status = Status.OPTIMAL
    finish = prep.project_finish(starts)
    delay = np.maximum(finish - prep.target, 0)
    for array in (starts, finish, delay):
        array.setflags(write=False)
    return LevellingResult(status, value, lower, starts, finish, delay, solver, "")


def level(
    problem: LevellingProblem,
    *,
    solver: str = "auto",
    time_limit: float = 10.0,
    num_workers: int = 2,
    seed: int = 0,
    iterations: int | None = None,
    warm_start: bool = True,
) -> LevellingResult:
    """Level ``problem``: start every activity so that no capacity is exceeded.

    Parameters
    ----------
    problem : LevellingProblem
        The checked input (see :func:`build_problem`).
    solver : {"auto", "cpsat", "heuristic"}, default "auto"
        Which solver to run (see the module docstring).
    time_limit : float, default 10.0
        Wall-clock budget of a CP-SAT run in seconds, its warm start included (CP-SAT gets
        what the heuristic left, at least a tenth). The heuristic alone is bounded by
        ``iterations``, not by time, so that it is repeatable.
    num_workers : int, default 2
        CP-SAT search workers.
    seed : int, default 0
        Seed of the heuristic's sampling and of CP-SAT: the same seed gives the same result
        for the heuristic (CP-SAT with several workers may still vary).
    iterations : int, optional
        Schedules of the heuristic after its deterministic rules; by default fewer as the
        problem grows (5,000 up to 100 activities, 4,098 at 122, 5 at 100,000), and half
        of that as CP-SAT's warm start.
    warm_start : bool, default True
        Give CP-SAT the heuristic's schedule as a hint and, for the makespan, as the horizon.

    Returns
    -------
    LevellingResult
        The schedule (if any), its objective, the best lower bound and the status.

    Raises
    ------
    ValueError
        For an unknown ``solver`` or a non-positive ``time_limit`` / ``num_workers``.
    """
    from openpmo.engines.levelling import cpsat
    from openpmo.engines.levelling.heuristic import Heuristic, default_iterations, left_justify

    if solver not in ("auto", "cpsat", "heuristic"):
        raise ValueError(f"solver must be 'auto', 'cpsat' or 'heuristic', got {solver!r}")
    if time_limit <= 0 or num_workers < 1:
        raise ValueError("time_limit must be > 0 and num_workers >= 1")
    prep = prepare(problem)
    if prep.infeasible:
        return _result(prep, None, prep.lower_bound, solver, Status.INFEASIBLE, prep.infeasible)
    if solver == "auto":
        solver = "cpsat" if problem.n_activities <= AUTO_CPSAT_LIMIT else "heuristic"
    began = time.perf_counter()
    runs = default_iterations(problem.n_activities, problem.objective)
    if solver == "cpsat":
        runs = max(4, runs // WARM_START_SHARE)
    heuristic = Heuristic(prep)
    hint = None
    if solver == "heuristic" or warm_start:
        hint, _ = heuristic.run(runs if iterations is None else iterations, seed)
    if solver == "heuristic":
        if hint is None:
            why = "no schedule found within float by the heuristic; CP-SAT can prove or refute one"
            return _result(prep, None, prep.lower_bound, solver, Status.TIMED_OUT, why)
        return _result(prep, hint, prep.lower_bound, solver, Status.FEASIBLE, "")
    if hint is not None and prep.objective(hint) <= prep.lower_bound:
        return _result(prep, hint, prep.lower_bound, "cpsat", Status.OPTIMAL, "")
    outcome = cpsat.solve(
        prep,
        time_limit=max(time_limit - (time.perf_counter() - began), 0.1 * time_limit),
        num_workers=num_workers,
        seed=seed,
        hint=hint,
    )
    lower = max(prep.lower_bound, outcome.bound)
    if outcome.status == "INFEASIBLE":
        why = "no schedule meets the within-float deadlines" if problem.within_float else ""
        return _result(prep, None, lower, "cpsat", Status.INFEASIBLE, why or "no schedule exists")
    if outcome.starts is None:
        # CP-SAT stopped before a solution of its own; the warm start is still a schedule.
        status = Status.TIMED_OUT if hint is None else Status.FEASIBLE
        return _result(prep, hint, lower, "cpsat", status, "no schedule found in time")
    starts = left_justify(heuristic, outcome.starts)
    status = Status.OPTIMAL if outcome.status == "OPTIMAL" else Status.FEASIBLE
    return _result(prep, starts, lower, "cpsat", status, "")


def check_schedule(problem: LevellingProblem, starts: npt.ArrayLike) -> list[str]:
    """Everything ``starts`` breaks: links, release dates, fixed starts and capacities.

    Parameters
    ----------
    problem : LevellingProblem
        The problem the schedule is for.
    starts : array_like of int, shape (n,)
        A start per activity.

    Returns
    -------
    list of str
        One message per kind of violation with its first instance; empty when feasible.
    """
    from openpmo.engines.levelling._prepared import distances

    s = np.asarray(starts, dtype=np.int64)
    d = problem.durations
    problems: list[str] = []
    dist = distances(problem)
    broken = np.flatnonzero(s[problem.succ] < s[problem.pred] + dist)
    if broken.size:
        k = int(broken[0])
        problems.append(f"link {problem.pred[k]} -> {problem.succ[k]} broken")
    early = np.flatnonzero((s < problem.release[problem.project]) & (problem.fixed_start < 0))
    if early.size:
        problems.append(f"activity {early[0]} starts before its project's release")
    moved = np.flatnonzero((problem.fixed_start >= 0) & (s != problem.fixed_start))
    if moved.size:
        problems.append(f"started activity {moved[0]} moved")
    horizon = int((s + d).max(initial=0))
    if horizon:
        delta = np.zeros((problem.n_resources, horizon + 1), np.int64)
        for r in range(problem.n_resources):
            np.add.at(delta[r], s, problem.demand[:, r])
            np.add.at(delta[r], s + d, -problem.demand[:, r])
        usage = np.cumsum(delta, axis=1)[:, :horizon]
        cap = problem.capacity
        full = np.concatenate(
            [cap[:, :horizon], np.repeat(cap[:, -1:], max(horizon - cap.shape[1], 0), axis=1)],
            axis=1,
        )
        over = np.argwhere(usage > full)
        if over.size:
            r, t = (int(v) for v in over[0])
            problems.append(f"resource {r} over capacity at time {t}: {usage[r, t]} > {full[r, t]}")
    return problems


def makespan_bound(problem: LevellingProblem) -> int:
    """Lower bound on the makespan: the critical path (with release dates and started
    activities) and, per resource, the time its capacity takes to cover its work.

    Parameters
    ----------
    problem : LevellingProblem
        The problem, whatever its objective.

    Returns
    -------
    int
        The bound, in working-time units from 0.
    """
    from dataclasses import replace

    return prepare(replace(problem, objective=Objective.MAKESPAN)).lower_bound
