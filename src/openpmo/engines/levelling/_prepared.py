"""What both solvers derive from a problem once: start-to-start distances, bounds, targets.

Every link becomes a minimum distance between starts, ``start[s] >= start[p] + dist``:

====  ==================
type  dist
====  ==================
FS    ``d_p + lag``
SS    ``lag``
FF    ``d_p - d_s + lag``
SF    ``lag - d_s``
====  ==================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from openpmo.engines.cpm import prepare as prepare_network
from openpmo.engines.levelling._problem import NO_DATE, LevellingProblem, Objective
from openpmo.engines.levelling._started import Overload, Reason, extend, started_link, started_load

if TYPE_CHECKING:
    from types import ModuleType

Int64Array = npt.NDArray[np.int64]

#: Latest start of an activity that has no deadline.
UNBOUNDED = 2**60


def kernels() -> ModuleType:
    # numba is imported on first use, not when the engines are imported.
    from openpmo.engines.levelling import _kernels

    return _kernels


def _csr(n: int, rows: Int64Array, cols: Int64Array, vals: Int64Array) -> tuple[Int64Array, ...]:
    order = np.argsort(rows, kind="stable")
    offsets = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=offsets[1:])
    return offsets, np.ascontiguousarray(cols[order]), np.ascontiguousarray(vals[order])


@dataclass(frozen=True, eq=False)
class Prepared:
    """Derived arrays of one problem (see the kernels module for the CSR layouts)."""

    problem: LevellingProblem
    order: Int64Array
    in_off: Int64Array
    in_src: Int64Array
    in_dist: Int64Array
    out_off: Int64Array
    out_dst: Int64Array
    out_dist: Int64Array
    dem_off: Int64Array
    dem_res: Int64Array
    dem_amt: Int64Array
    earliest: Int64Array
    fixed: Int64Array
    early_start: Int64Array
    latest: Int64Array
    cp_finish: Int64Array
    target: Int64Array
    free_cap: Int64Array
    lower_bound: int
    infeasible: Reason | None
    overloads: tuple[Overload, ...]

    def objective(self, starts: Int64Array) -> int:
        """Objective value of ``starts`` (assumed feasible)."""
        finish = self.project_finish(starts)
        if self.problem.objective is Objective.MAKESPAN:
            return int(finish.max()) if finish.size else 0
        late = np.maximum(finish - self.target, 0)
        return int((late * self.problem.weight).sum())

    def project_finish(self, starts: Int64Array) -> Int64Array:
        """Finish of each project: the latest finish of its activities (0 when empty)."""
        finish = np.zeros(self.problem.n_projects, np.int64)
        np.maximum.at(finish, self.problem.project, starts + self.problem.durations)
        return finish

    def capacity(self, horizon: int) -> Int64Array:
        """Capacity per resource and time unit over ``[0, horizon)``, last period repeated."""
        return extend(self.problem.capacity, horizon)

    def free_capacity(self, horizon: int) -> Int64Array:
        """What the started activities leave of each resource over ``[0, horizon)``, never
        below zero: the capacity the activities still to level may use."""
        return extend(self.free_cap, horizon)

    def usage(self, horizon: int) -> Int64Array:
        """Usage of the fixed (started) activities over ``[0, horizon)``."""
        usage = np.zeros((self.problem.n_resources, horizon), np.int64)
        for j in np.flatnonzero(self.fixed >= 0):
            kernels()._book(j, self.fixed[j], self.problem.durations[j], *self.demand_csr, usage, 1)
        return usage

    @property
    def demand_csr(self) -> tuple[Int64Array, Int64Array, Int64Array]:
        return self.dem_off, self.dem_res, self.dem_amt

    def horizon_guess(self) -> int:
        """A first horizon for the profiles; kernels ask for more when they need it.

        Every pass costs time in proportion to resources × horizon, so the guess stays near
        the schedule: twice the critical-path span (or the makespan bound). The weighted
        delay's bound is no time and the capacity's periods may run years past the work.
        """
        d = self.problem.durations
        span = int((self.early_start + d).max()) if d.size else 0
        fixed_end = int((self.fixed + d)[self.fixed >= 0].max(initial=0))
        bound = self.lower_bound if self.problem.objective is Objective.MAKESPAN else 0
        return 2 * max(span, bound, fixed_end) + int(d.max(initial=0)) + 1


def distances(problem: LevellingProblem) -> Int64Array:
    """Start-to-start minimum distance of every link (see the module docstring)."""
    d = problem.durations
    p, s, kind, lag = problem.pred, problem.succ, problem.link_type, problem.lag
    return np.select(
        [kind == 0, kind == 1, kind == 2],
        [d[p] + lag, lag, d[p] - d[s] + lag],
        lag - d[s],
    ).astype(np.int64)


def _energy_bound(problem: LevellingProblem, free: Int64Array) -> int:
    """Smallest T such that what the started activities leave of every resource over
    [0, T) covers the work of the activities still to level."""
    loose = (problem.fixed_start < 0)[:, None]
    work = (problem.demand * problem.durations[:, None] * loose).sum(axis=0)
    best = 0
    for r, need in enumerate(work):
        if need <= 0:
            continue
        cap = free[r]
        cum = np.cumsum(cap)
        if cum[-1] >= need:
            best = max(best, int(np.searchsorted(cum, need)) + 1)
        else:
            rest = int(need - cum[-1])
            best = max(best, cap.shape[0] + -(-rest // int(cap[-1])))
    return best


def prepare(problem: LevellingProblem) -> Prepared:
    """Derive the arrays both solvers use; ``infeasible`` says why none can succeed, if so,
    and ``overloads`` where the started activities alone exceed a capacity."""
    n = problem.n_activities
    k = kernels()
    dist = distances(problem)
    network = prepare_network(n, problem.pred, problem.succ, problem.link_type, problem.lag)
    in_off, in_src, in_dist = _csr(n, problem.succ, problem.pred, dist)
    out_off, out_dst, out_dist = _csr(n, problem.pred, problem.succ, dist)
    rows, cols = np.nonzero(problem.demand)
    dem_off, dem_res, dem_amt = _csr(
        n, rows.astype(np.int64), cols.astype(np.int64), problem.demand[rows, cols]
    )
    fixed = np.ascontiguousarray(problem.fixed_start)
    earliest = problem.release[problem.project] if n else np.zeros(0, np.int64)
    order = np.ascontiguousarray(network.order)
    es = k.forward_bounds(order, in_off, in_src, in_dist, earliest, fixed)
    cp_finish = np.zeros(problem.n_projects, np.int64)
    np.maximum.at(cp_finish, problem.project, es + problem.durations)
    target = np.where(problem.due == NO_DATE, cp_finish, problem.due)
    if problem.within_float:
        bound = np.maximum(target, cp_finish)[problem.project]
        latest = k.backward_bounds(order, problem.durations, out_off, out_dst, out_dist, bound)
    else:
        latest = np.full(n, UNBOUNDED, np.int64)
    free, overloads = started_load(problem)
    if problem.objective is Objective.MAKESPAN:
        lower = max(int(cp_finish.max(initial=0)), _energy_bound(problem, free))
    else:
        lower = int((np.maximum(cp_finish - target, 0) * problem.weight).sum())
    return Prepared(
        problem=problem,
        order=order,
        in_off=in_off,
        in_src=in_src,
        in_dist=in_dist,
        out_off=out_off,
        out_dst=out_dst,
        out_dist=out_dist,
        dem_off=dem_off,
        dem_res=dem_res,
        dem_amt=dem_amt,
        earliest=np.ascontiguousarray(earliest, dtype=np.int64),
        fixed=fixed,
        early_start=es,
        latest=latest,
        cp_finish=cp_finish,
        target=target,
        free_cap=free,
        lower_bound=lower,
        infeasible=started_link(problem, dist),
        overloads=overloads,
    )
