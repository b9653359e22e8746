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
schedule is found, within the time limit (see :func:`level`). Activities already started stay
put: the others get what they leave of each resource, and where they alone overload one the
result lists it (:class:`Overload`). Times are integers in one working-time unit from time 0;
see ``docs/engines/levelling.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from openpmo.engines.levelling._deadline import Deadline
from openpmo.engines.levelling._prepared import Prepared, prepare
from openpmo.engines.levelling._problem import NO_DATE, LevellingProblem, Objective, build_problem
from openpmo.engines.levelling._started import (
    Overload,
    Reason,
    extend,
    float_clash,
    float_energy,
    started_load,
)

__all__ = [
    "AUTO_CPSAT_LIMIT",
    "NO_DATE",
    "LevellingProblem",
    "LevellingResult",
    "Objective",
    "Overload",
    "Reason",
    "Status",
    "build_problem",
    "check_schedule",
    "level",
    "makespan_bound",
    "warm_up",
]

Int64Array = npt.NDArray[np.int64]

#: ``solver="auto"`` uses CP-SAT up to this many activities and the heuristic above.
AUTO_CPSAT_LIMIT = 3000

#: A warm start runs the genetic search until it stalls (:data:`PATIENCE`) or reaches this
#: share of the time limit, leaving CP-SAT the rest.
WARM_START_TIME = 0.9
#: The warm start's genetic search stops on an island once this many of its schedules, and
#: at least as many as it has bred so far, have not improved the island's best.
PATIENCE = 5000
#: When CP-SAT has not proved its answer within this share of the time left after the warm
#: start, ...
FIRST_SEARCH = 0.2
#: ... the genetic search resumes from its population (with CP-SAT's schedule) for this share
#: of what is then left, and CP-SAT searches again from the better schedule for the rest.
SECOND_WARM_START = 0.9


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
        Why there is no schedule (empty otherwise), in English with indexes.
    why : Reason or None
        The same, structured: a code and the activities, resource and time it names.
    overloads : tuple of Overload
        Where started activities alone exceed a capacity: levelling leaves it as it is.
    limit_reached : bool
        The run stopped at its time limit; ``starts`` is the best schedule found by then.
    """

    status: Status
    objective: int | None
    lower_bound: int
    starts: Int64Array | None
    project_finish: Int64Array | None
    project_delay: Int64Array | None
    solver: str
    reason: str = ""
    why: Reason | None = None
    overloads: tuple[Overload, ...] = ()
    limit_reached: bool = False

    @property
    def makespan(self) -> int | None:
        """Finish of the last activity, ``None`` without a schedule."""
        if self.project_finish is None:
            return None
        return int(self.project_finish.max(initial=0))


def _result(
    prep: Prepared,
    starts: Int64Array | None,
    lower: int,
    solver: str,
    status: Status,
    why: Reason | None = None,
    *,
    limit: bool = False,
) -> LevellingResult:
    over = prep.overloads
    if starts is None:
        text = why.text if why else ""
        return LevellingResult(
            status, None, lower, None, None, None, solver, text, why, over, limit
        )
    starts = np.ascontiguousarray(starts, dtype=np.int64)
    value = prep.objective(starts)
    lower = min(lower, value)
    if value <= lower:
        status, limit = Status.OPTIMAL, False
    finish = prep.project_finish(starts)
    delay = np.maximum(finish - prep.target, 0)
    for array in (starts, finish, delay):
        array.setflags(write=False)
    return LevellingResult(
        status, value, lower, starts, finish, delay, solver, "", None, over, limit
    )


_TIME_UP = Reason("time_limit", "no schedule found in time")


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
        Wall-clock budget of the whole call in seconds: preparation, the heuristic's
        schedules, CP-SAT's warm start (the genetic search until it stalls, see
        :data:`PATIENCE`, and at most :data:`WARM_START_TIME` of the time), model building
        and search; a search that proves nothing within :data:`FIRST_SEARCH` of the time
        hands over to the genetic search again (:data:`SECOND_WARM_START` of what is left),
        then CP-SAT searches again from the best schedule. The heuristic starts no schedule
        it expects to end past the limit, but always completes its first one, so a run may
        exceed the limit by the preparation and one schedule (a few hundredths of a second on
        a portfolio of a few thousand activities, about a second at 100,000). A run stopped
        by the limit returns the best schedule found so far (``limit_reached``). The first
        call in a process also loads OR-Tools and the compiled kernels before the limit
        starts (:func:`warm_up`).
    num_workers : int, default 2
        CP-SAT search workers, and islands (threads) of the heuristic's genetic search.
    seed : int, default 0
        Seed of the heuristic's sampling and of CP-SAT: the same seed gives the same result
        for the heuristic when it finishes its ``iterations`` within the time limit (CP-SAT
        with several workers may still vary).
    iterations : int, optional
        Schedules of the heuristic after its deterministic rules; by default fewer as the
        problem grows (5,000 up to 100 activities, 4,098 at 122, 5 at 100,000); CP-SAT's
        warm start by default breeds until it stalls or its time is up.
    warm_start : bool, default True
        Give CP-SAT the heuristic's schedule as a hint and, for the makespan, as the horizon.

    Returns
    -------
    LevellingResult
        The schedule (if any), its objective, the best lower bound, the status, and the
        over-allocation the started activities cause by themselves.

    Raises
    ------
    ValueError
        For an unknown ``solver`` or a non-positive ``time_limit`` / ``num_workers``.
    """
    if solver not in ("auto", "cpsat", "heuristic"):
        raise ValueError(f"solver must be 'auto', 'cpsat' or 'heuristic', got {solver!r}")
    if time_limit <= 0 or num_workers < 1:
        raise ValueError("time_limit must be > 0 and num_workers >= 1")
    warm_up()
    deadline = Deadline(time_limit)
    from openpmo.engines.levelling import cpsat
    from openpmo.engines.levelling.heuristic import (
        UNTIL_STALL,
        Heuristic,
        default_iterations,
        left_justify,
    )

    prep = prepare(problem)
    if prep.infeasible:
        return _result(prep, None, prep.lower_bound, solver, Status.INFEASIBLE, prep.infeasible)
    if problem.within_float:
        # A resource that cannot carry its work inside the float windows proves it at once.
        short = _infeasible(prep)
        if short.code in ("float_clash", "float_energy"):
            return _result(prep, None, prep.lower_bound, solver, Status.INFEASIBLE, short)
    if solver == "auto":
        solver = "cpsat" if problem.n_activities <= AUTO_CPSAT_LIMIT else "heuristic"
    # CP-SAT's warm start breeds until it stalls or its share of the time is up.
    runs = UNTIL_STALL if solver == "cpsat" else default_iterations(problem.n_activities)
    heuristic = Heuristic(prep)
    hint = None
    if solver == "heuristic" or warm_start:
        budget = deadline if solver == "heuristic" else deadline.share(WARM_START_TIME)
        todo = runs if iterations is None else iterations
        patience = 0 if solver == "heuristic" else PATIENCE
        hint, _ = heuristic.run(todo, seed, budget, islands=num_workers, patience=patience)
    if solver == "heuristic":
        if hint is None:
            why = _TIME_UP if heuristic.stopped else _no_schedule(prep)
            return _result(prep, None, prep.lower_bound, solver, Status.TIMED_OUT, why)
        return _result(
            prep, hint, prep.lower_bound, solver, Status.FEASIBLE, limit=heuristic.stopped
        )
    if hint is not None and prep.objective(hint) <= prep.lower_bound:
        return _result(prep, hint, prep.lower_bound, "cpsat", Status.OPTIMAL)
    again = hint is not None and FIRST_SEARCH < 1.0
    first = deadline.share(FIRST_SEARCH) if again else deadline
    outcome = cpsat.solve(prep, deadline=first, num_workers=num_workers, seed=seed, hint=hint)
    lower = max(prep.lower_bound, outcome.bound)
    if again and hint is not None and outcome.status in ("FEASIBLE", "UNKNOWN"):
        # Not proved: breed from CP-SAT's schedule too, then let CP-SAT start from the best.
        found = hint if outcome.starts is None else outcome.starts
        ga = deadline.share(SECOND_WARM_START)
        hint, value = heuristic.resume(found, seed, ga, islands=num_workers)
        if value <= lower:
            return _result(prep, hint, lower, "cpsat", Status.OPTIMAL)
        second = cpsat.solve(prep, deadline=deadline, num_workers=num_workers, seed=seed, hint=hint)
        lower = max(lower, second.bound)
        if second.starts is not None and prep.objective(second.starts) <= value:
            outcome = second
        else:
            outcome = cpsat.CpSatOutcome("FEASIBLE", hint, lower)
    if outcome.status == "INFEASIBLE":
        why = _infeasible(prep)
        return _result(prep, None, lower, "cpsat", Status.INFEASIBLE, why)
    if outcome.starts is None:
        # CP-SAT stopped before a solution of its own; the warm start is still a schedule.
        status = Status.TIMED_OUT if hint is None else Status.FEASIBLE
        return _result(prep, hint, lower, "cpsat", status, _TIME_UP, limit=True)
    starts = left_justify(heuristic, outcome.starts)
    if outcome.status == "OPTIMAL":
        return _result(prep, starts, lower, "cpsat", Status.OPTIMAL)
    return _result(prep, starts, lower, "cpsat", Status.FEASIBLE, limit=True)


_warm = False


def warm_up() -> None:
    """Load OR-Tools and numba's compiled kernels (from its disk cache), once per process.

    The first levelling in a process pays for that (0.5 s on a quiet machine, a few seconds
    on a loaded one); :func:`level` does it before its time limit starts, so the limit
    measures levelling, not imports. Call it at start-up to take it off the first request.
    """
    global _warm
    if _warm:
        return
    _warm = True
    from openpmo.engines.levelling import cpsat  # noqa: F401

    # A started activity, two projects waiting and a weighted delay the heuristic cannot
    # prove: every kernel runs, CP-SAT and the left-justification included.
    tiny = build_problem(
        [1, 1, 1],
        [[1], [1], [1]],
        [1],
        project=[0, 1, 2],
        fixed_start=[0, NO_DATE, NO_DATE],
        within_float=False,
        objective=Objective.WEIGHTED_DELAY,
    )
    level(tiny, solver="cpsat", time_limit=5.0, num_workers=1)


def _infeasible(prep: Prepared) -> Reason:
    if not prep.problem.within_float:
        return Reason("no_schedule", "no schedule exists")
    args = (prep.problem, prep.free_cap, prep.early_start, prep.latest)
    return float_clash(*args) or float_energy(*args)


def _no_schedule(prep: Prepared) -> Reason:
    return Reason(
        "no_schedule",
        "no schedule found within float by the heuristic; CP-SAT can prove or refute one",
    )


def check_schedule(problem: LevellingProblem, starts: npt.ArrayLike) -> list[str]:
    """Everything ``starts`` breaks: links, release dates, fixed starts and capacities.

    Capacity is what the started activities leave (never below zero): their own overload
    (:attr:`LevellingResult.overloads`) is given, not broken by the schedule.

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
        # Started activities' load is given: the others must fit in what it leaves.
        loose = problem.fixed_start < 0
        delta = np.zeros((problem.n_resources, horizon + 1), np.int64)
        for r in range(problem.n_resources):
            need = problem.demand[:, r] * loose
            np.add.at(delta[r], s, need)
            np.add.at(delta[r], s + d, -need)
        usage = np.cumsum(delta, axis=1)[:, :horizon]
        full = extend(started_load(problem)[0], horizon)
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
