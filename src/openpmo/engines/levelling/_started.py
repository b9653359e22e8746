"""Started activities' load, and the reasons a levelling run finds no schedule.

Activities already under way stay where they are. Their load is a given: the activities
still to level may use only what it leaves of each resource (never below zero), and where it
alone exceeds a capacity that over-allocation is reported (:class:`Overload`) rather than
making the whole problem infeasible, as Microsoft Project and Primavera do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from openpmo.engines.levelling._problem import LevellingProblem

Int64Array = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Overload:
    """A run of time units where started activities alone need more of a resource than it has.

    Attributes
    ----------
    resource : int
        The resource index.
    start, end : int
        The run ``[start, end)`` of time units.
    peak : int
        The most units the started activities need at one time unit of the run.
    capacity : int
        The least capacity of the resource over the run.
    activities : tuple of int
        The started activities that need the resource during the run.
    """

    resource: int
    start: int
    end: int
    peak: int
    capacity: int
    activities: tuple[int, ...]


@dataclass(frozen=True)
class Reason:
    """Why no schedule was found, with what it names.

    Attributes
    ----------
    code : str
        ``"started_link"``: started ``activities[0]`` and ``activities[1]`` break the link
        between them. ``"float_clash"``: at ``time``, ``activities`` (which cannot move out of
        it within float) need ``need`` units of ``resource``, more than the ``available``.
        ``"float_energy"``: ``resource`` cannot carry the ``need`` units × time
        of work of ``activities`` between ``time`` and ``end`` when every project keeps its
        float; only ``available`` is there. ``"within_float"``: no schedule keeps every
        project within its float, with no single resource to blame. ``"no_schedule"``: the
        heuristic found none within float (CP-SAT can prove or refute one).
        ``"time_limit"``: time ran out before any schedule.
    text : str
        The reason in English, with indexes.
    activities : tuple of int
        The activities it names.
    resource, time, end : int
        The resource and time window it names (``-1`` when none).
    need, available : int
        Work needed and capacity available in the window (``"float_energy"``).
    """

    code: str
    text: str
    activities: tuple[int, ...] = ()
    resource: int = -1
    time: int = -1
    end: int = -1
    need: int = 0
    available: int = 0


def extend(cap: Int64Array, horizon: int) -> Int64Array:
    """``cap`` (R, P) over ``[0, horizon)``, its last period repeated."""
    out = np.empty((cap.shape[0], horizon), np.int64)
    width = min(horizon, cap.shape[1])
    out[:, :width] = cap[:, :width]
    out[:, width:] = cap[:, -1:]
    return out


def _load(problem: LevellingProblem, active: npt.NDArray[np.bool_], horizon: int) -> Int64Array:
    """Units of every resource the ``active`` activities (at their fixed starts) use per time."""
    d = problem.durations
    delta = np.zeros((problem.n_resources, horizon + 1), np.int64)
    rows, res = np.nonzero(problem.demand[active])
    which = np.flatnonzero(active)[rows]
    units = problem.demand[which, res]
    start = problem.fixed_start[which]
    np.add.at(delta, (res, start), units)
    np.add.at(delta, (res, start + d[which]), -units)
    return np.cumsum(delta, axis=1)[:, :horizon]


def started_load(problem: LevellingProblem) -> tuple[Int64Array, tuple[Overload, ...]]:
    """What the started activities leave of each resource, and where they overload it.

    Returns
    -------
    free : numpy.ndarray of int64, shape (R, P')
        ``max(capacity - started load, 0)`` per resource and period; ``P'`` covers the last
        started activity's finish plus one period, the last period repeating.
    overloads : tuple of Overload
        Runs where the started load exceeds the capacity, by resource then time.
    """
    fixed = problem.fixed_start
    d = problem.durations
    active = (fixed >= 0) & (d > 0) & problem.demand.any(axis=1)
    if not active.any():
        return problem.capacity, ()
    horizon = int((fixed + d)[active].max())
    free = extend(problem.capacity, max(problem.capacity.shape[1], horizon + 1))
    load = _load(problem, active, horizon)
    over = load > free[:, :horizon]
    free[:, :horizon] = np.maximum(free[:, :horizon] - load, 0)
    if not over.any():
        return free, ()
    cap = extend(problem.capacity, horizon)
    runs = []
    for r in np.flatnonzero(over.any(axis=1)).tolist():
        edges = np.flatnonzero(np.diff(np.concatenate([[0], over[r].astype(np.int8), [0]])))
        users = np.flatnonzero(active & (problem.demand[:, r] > 0))
        for a, z in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
            causes = users[(fixed[users] < z) & (fixed[users] + d[users] > a)]
            runs.append(
                Overload(
                    r,
                    a,
                    z,
                    int(load[r, a:z].max()),
                    int(cap[r, a:z].min()),
                    tuple(int(j) for j in causes),
                )
            )
    return free, tuple(runs)


def started_link(problem: LevellingProblem, dist: Int64Array) -> Reason | None:
    """The first link two started activities break, if any."""
    fixed = problem.fixed_start
    both = np.flatnonzero((fixed[problem.pred] >= 0) & (fixed[problem.succ] >= 0))
    bad = both[fixed[problem.succ[both]] < fixed[problem.pred[both]] + dist[both]]
    if not bad.size:
        return None
    a, b = int(problem.pred[bad[0]]), int(problem.succ[bad[0]])
    return Reason(
        "started_link", f"started activities {a} and {b} break the link between them", (a, b)
    )


def float_clash(
    problem: LevellingProblem, free: Int64Array, early: Int64Array, latest: Int64Array
) -> Reason | None:
    """A time where activities that must run then (within float) need more than is free.

    An activity that may start no later than ``latest`` and no earlier than ``early`` runs
    during ``[latest, early + d)`` whatever its start (its compulsory part); where the
    compulsory parts on a resource exceed what the started activities leave, no schedule
    within float exists. Returns the time with the largest excess, naming its activities.
    """
    d = problem.durations
    must = (problem.fixed_start < 0) & (d > 0) & (latest < early + d)
    rows, res = np.nonzero(problem.demand * must[:, None])
    if rows.size == 0:
        return None
    first, last = latest[rows], early[rows] + d[rows]
    horizon = int(last.max())
    load = np.zeros((problem.n_resources, horizon + 1), np.int64)
    units = problem.demand[rows, res]
    np.add.at(load, (res, first), units)
    np.add.at(load, (res, last), -units)
    load = np.cumsum(load, axis=1)[:, :horizon]
    excess = load - extend(free, horizon)
    r, t = (int(v) for v in np.unravel_index(int(excess.argmax()), excess.shape))
    if excess[r, t] <= 0:
        return None
    acts = rows[(res == r) & (first <= t) & (last > t)]
    need, have = int(load[r, t]), int(extend(free[r : r + 1], t + 1)[0, t])
    return Reason(
        "float_clash",
        f"resource {r} is needed {need} at time {t} by activities that cannot move within "
        f"float: {have} available",
        tuple(int(j) for j in acts[:20]),
        r,
        t,
        t + 1,
        need,
        have,
    )


def float_energy(
    problem: LevellingProblem, free: Int64Array, early: Int64Array, latest: Int64Array
) -> Reason:
    """Name a resource that cannot carry its work inside the float windows, if one can't.

    Every free activity needing resource ``r`` must run inside ``[early start, latest
    finish]``; when their work exceeds what ``r`` has over the union of those windows, no
    schedule within float exists, and ``r`` is why. Otherwise the reason names no resource.
    """
    d = problem.durations
    rows, res = np.nonzero(problem.demand * ((problem.fixed_start < 0) & (d > 0))[:, None])
    if rows.size == 0:
        return Reason("within_float", "no schedule meets the within-float deadlines")
    n_res = problem.n_resources
    first = np.full(n_res, np.iinfo(np.int64).max, np.int64)
    last = np.zeros(n_res, np.int64)
    need = np.zeros(n_res, np.int64)
    np.minimum.at(first, res, early[rows])
    np.maximum.at(last, res, latest[rows] + d[rows])
    np.add.at(need, res, problem.demand[rows, res] * d[rows])
    used = np.unique(res)
    cum = np.zeros((used.size, int(last.max()) + 1), np.int64)
    np.cumsum(extend(free[used], cum.shape[1] - 1), axis=1, out=cum[:, 1:])
    rows_used = np.arange(used.size)
    have = np.zeros(n_res, np.int64)
    have[used] = cum[rows_used, last[used]] - cum[rows_used, first[used]]
    short = need - have
    r = int(used[np.argmax(short[used])])
    if short[r] <= 0:
        return Reason("within_float", "no schedule meets the within-float deadlines")
    a, z = int(first[r]), int(last[r])
    users = rows[res == r]
    return Reason(
        "float_energy",
        f"resource {r} cannot carry {need[r]} units of work between {a} and {z} "
        f"within float: {have[r]} available",
        tuple(int(j) for j in users[:20]),
        r,
        a,
        z,
        int(need[r]),
        int(have[r]),
    )
