"""The exact/anytime levelling model on OR-Tools CP-SAT.

Variables: a start per activity (a constant for started ones) with a fixed-size interval;
per resource one cumulative constraint over the intervals of the activities still to level
that need it, plus fixed intervals that take away what a period lacks below the peak of the
capacity the started activities leave; per link a start-to-start
distance; per project a finish ``>=`` every activity's end. The objective is the makespan
(``>=`` every project finish) or ``Σ weight × delay`` with ``delay >= finish - target``.
A heuristic schedule is given as a hint and, for the makespan, bounds the horizon.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from ortools.sat.python import cp_model

from openpmo.engines.levelling._deadline import Deadline
from openpmo.engines.levelling._prepared import Prepared
from openpmo.engines.levelling._problem import Objective

Int64Array = npt.NDArray[np.int64]

__all__ = ["MIN_SEARCH", "CpSatOutcome", "solve"]

#: Seconds of search below which CP-SAT is not started (the warm start is kept instead).
MIN_SEARCH = 0.02


@dataclass(frozen=True, eq=False)
class CpSatOutcome:
    """What the solver said: its status name, the starts found (if any) and its bound."""

    status: str
    starts: Int64Array | None
    bound: int


def _horizon(prep: Prepared, hint: Int64Array | None) -> int:
    problem = prep.problem
    d = problem.durations
    if hint is not None and problem.objective is Objective.MAKESPAN:
        return int((hint + d).max(initial=0))
    naive = (
        int(problem.release.max(initial=0))
        + int(problem.capacity.shape[1])
        + int(d.sum())
        + int(np.maximum(prep.in_dist, 0).sum())
        + int((prep.fixed + d).max(initial=0))
    )
    if hint is not None:
        naive = max(naive, int((hint + d).max(initial=0)))
    return naive


def _starts(model: cp_model.CpModel, prep: Prepared, horizon: int) -> list[cp_model.IntVar]:
    d = prep.problem.durations
    starts = []
    for j in range(prep.problem.n_activities):
        if prep.fixed[j] >= 0:
            starts.append(model.new_constant(int(prep.fixed[j])))
            continue
        high = min(horizon - int(d[j]), int(prep.latest[j]))
        starts.append(model.new_int_var(int(prep.early_start[j]), max(high, 0), f"s{j}"))
    return starts


def _runs(cap: Int64Array, horizon: int) -> list[tuple[int, int]]:
    """Runs ``[t, end)`` of equal capacity that start before ``horizon``."""
    edges = np.flatnonzero(np.diff(cap)) + 1
    first = np.concatenate([[0], edges])
    last = np.concatenate([edges, [cap.shape[0]]])
    keep = first < horizon
    return list(zip(first[keep].tolist(), last[keep].tolist(), strict=True))


def _resources(
    model: cp_model.CpModel, prep: Prepared, starts: list[cp_model.IntVar], horizon: int
) -> None:
    problem = prep.problem
    d = problem.durations
    loose = (prep.fixed < 0) & (d > 0)
    intervals = {
        int(j): model.new_fixed_size_interval_var(starts[j], int(d[j]), f"i{j}")
        for j in np.flatnonzero(loose & problem.demand.any(axis=1))
    }
    for r in range(problem.n_resources):
        users = np.flatnonzero(loose & (problem.demand[:, r] > 0))
        if users.size == 0:
            continue
        # Started activities are constants: what they leave is the capacity (never < 0).
        cap = prep.free_cap[r]
        peak = int(cap.max())
        chosen = [intervals[int(j)] for j in users]
        needs = [int(problem.demand[j, r]) for j in users]
        # Runs of periods below the peak hold a fixed interval taking the difference.
        for t, end in _runs(cap, horizon):
            if cap[t] < peak:
                chosen.append(model.new_fixed_size_interval_var(t, end - t, f"c{r}_{t}"))
                needs.append(peak - int(cap[t]))
        if cap[-1] < peak:
            tail = max(horizon - cap.shape[0], 1)
            chosen.append(model.new_fixed_size_interval_var(cap.shape[0], tail, f"c{r}_tail"))
            needs.append(peak - int(cap[-1]))
        model.add_cumulative(chosen, needs, peak)
        # Activities needing more than half the peak can never overlap one another; a
        # no-overlap over them adds disjunctive reasoning (edge finding) the cumulative lacks.
        big = [intervals[int(j)] for j in users if 2 * int(problem.demand[j, r]) > peak]
        if len(big) > 1:
            model.add_no_overlap(big)


def _objective(
    model: cp_model.CpModel, prep: Prepared, starts: list[cp_model.IntVar], horizon: int
) -> None:
    problem = prep.problem
    d = problem.durations
    finish = [model.new_int_var(0, horizon, f"f{p}") for p in range(problem.n_projects)]
    for j in range(problem.n_activities):
        model.add(finish[int(problem.project[j])] >= starts[j] + int(d[j]))
    if problem.objective is Objective.MAKESPAN:
        makespan = model.new_int_var(prep.lower_bound, horizon, "makespan")
        model.add_max_equality(makespan, finish)
        model.minimize(makespan)
        return
    delays = []
    for p in range(problem.n_projects):
        late = model.new_int_var(0, horizon, f"late{p}")
        model.add(late >= finish[p] - int(prep.target[p]))
        delays.append(int(problem.weight[p]) * late)
    model.minimize(sum(delays))


def solve(
    prep: Prepared,
    *,
    deadline: Deadline,
    num_workers: int,
    seed: int,
    hint: Int64Array | None,
    parameters: dict[str, Any] | None = None,
) -> CpSatOutcome:
    """Build the model and solve it, both before ``deadline``.

    Parameters
    ----------
    prep : Prepared
        The prepared problem.
    deadline : Deadline
        When the search must stop; building the model counts against it, and when nothing
        is left once it is built the search does not start (status ``UNKNOWN``).
    num_workers : int
        Search workers (threads) CP-SAT may use.
    seed : int
        CP-SAT's random seed.
    hint : numpy.ndarray of int64, optional
        A feasible schedule to start from (and, for the makespan, the horizon).
    parameters : dict, optional
        Further ``SatParameters`` fields by name (they override the defaults of this module).

    Returns
    -------
    CpSatOutcome
        ``status`` is CP-SAT's status name (``OPTIMAL``, ``FEASIBLE``, ``INFEASIBLE``,
        ``UNKNOWN``); ``bound`` its best objective bound, rounded up.
    """
    problem = prep.problem
    horizon = _horizon(prep, hint)
    model = cp_model.CpModel()
    starts = _starts(model, prep, horizon)
    for p, s, dist in zip(
        np.repeat(np.arange(problem.n_activities), np.diff(prep.out_off)).tolist(),
        prep.out_dst.tolist(),
        prep.out_dist.tolist(),
        strict=True,
    ):
        model.add(starts[s] >= starts[p] + dist)
    _resources(model, prep, starts, horizon)
    _objective(model, prep, starts, horizon)
    if hint is not None:
        for j in np.flatnonzero(prep.fixed < 0).tolist():
            model.add_hint(starts[j], int(hint[j]))
    left = deadline.left()
    if left < MIN_SEARCH:
        return CpSatOutcome(status="UNKNOWN", starts=None, bound=0)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = left
    solver.parameters.num_workers = int(num_workers)
    solver.parameters.random_seed = int(seed)
    for name, value in (parameters or {}).items():
        if isinstance(value, list | tuple):
            getattr(solver.parameters, name).extend(value)  # a repeated field
        else:
            setattr(solver.parameters, name, value)
    code = solver.solve(model)
    name = solver.status_name(code)
    found = None
    bound = 0
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found = np.array([solver.value(v) for v in starts], dtype=np.int64)
        bound = int(np.ceil(solver.best_objective_bound - 1e-9))
    return CpSatOutcome(status=name, starts=found, bound=bound)
