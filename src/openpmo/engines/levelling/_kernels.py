"""Compiled loops of the levelling heuristic (numba, ``nopython``, cached on disk).

Imported lazily by :mod:`openpmo.engines.levelling` so that importing the engines does not
import numba. Inputs are validated and converted beforehand; the loops do no checking.

Layout shared by the kernels
----------------------------
``in_off``, ``in_src``, ``in_dist``
    incoming links in compressed-sparse-row form: the links into activity ``j`` are rows
    ``in_off[j]:in_off[j + 1]``, each a predecessor and a start-to-start minimum distance
    (``start[j] >= start[src] + dist``). ``out_off``, ``out_dst``, ``out_dist`` likewise for
    outgoing links.
``dem_off``, ``dem_res``, ``dem_amt``
    the non-zero demands of each activity, rows ``dem_off[j]:dem_off[j + 1]``.
``cap``, ``usage``
    capacity and usage per resource and time unit, shape (R, H); the horizon ``H`` is the
    caller's guess, and a kernel that needs more returns :data:`HORIZON` so it can retry.
``earliest``, ``latest``, ``fixed``
    per activity: release bound, latest allowed start (within-float deadlines, or a huge
    value) and the start of an activity under way (``-1`` when free).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np
import numpy.typing as npt

Int64Array = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_F = TypeVar("_F", bound=Callable[..., Any])

OK, DEADLINE, HORIZON, RELEASE = 0, 1, 2, 3


def _jit(fn: _F) -> _F:
    return cast(_F, numba.njit(cache=True, nogil=True)(fn))


@_jit
def _push(hk: FloatArray, hv: Int64Array, size: int, key: float, v: int) -> int:
    i = size
    hk[i] = key
    hv[i] = v
    while i > 0:
        parent = (i - 1) // 2
        if hk[parent] < hk[i] or (hk[parent] == hk[i] and hv[parent] < hv[i]):
            break
        hk[parent], hk[i] = hk[i], hk[parent]
        hv[parent], hv[i] = hv[i], hv[parent]
        i = parent
    return size + 1


@_jit
def _pop(hk: FloatArray, hv: Int64Array, size: int) -> tuple[int, int]:
    top = hv[0]
    size -= 1
    hk[0] = hk[size]
    hv[0] = hv[size]
    i = 0
    while True:
        left = 2 * i + 1
        if left >= size:
            break
        best = left
        right = left + 1
        if right < size and (
            hk[right] < hk[left] or (hk[right] == hk[left] and hv[right] < hv[left])
        ):
            best = right
        if hk[i] < hk[best] or (hk[i] == hk[best] and hv[i] < hv[best]):
            break
        hk[best], hk[i] = hk[i], hk[best]
        hv[best], hv[i] = hv[i], hv[best]
        i = best
    return top, size


@_jit
def _book(
    j: int,
    t: int,
    d: int,
    dem_off: Int64Array,
    dem_res: Int64Array,
    dem_amt: Int64Array,
    usage: Int64Array,
    sign: int,
) -> None:
    for k in range(dem_off[j], dem_off[j + 1]):
        r = dem_res[k]
        a = dem_amt[k] * sign
        for tau in range(t, t + d):
            usage[r, tau] += a


@_jit
def _conflict(
    j: int,
    t: int,
    d: int,
    dem_off: Int64Array,
    dem_res: Int64Array,
    dem_amt: Int64Array,
    cap: Int64Array,
    usage: Int64Array,
    last: bool,
) -> int:
    """A time unit of ``[t, t + d)`` where ``j`` does not fit, the latest one when ``last``,
    else the earliest one; ``-1`` when it fits."""
    found = -1
    for k in range(dem_off[j], dem_off[j + 1]):
        r = dem_res[k]
        a = dem_amt[k]
        if last:
            for tau in range(t + d - 1, t - 1, -1):
                if tau <= found:
                    break
                if usage[r, tau] + a > cap[r, tau]:
                    found = tau
                    break
        else:
            for tau in range(t, t + d):
                if found >= 0 and tau >= found:
                    break
                if usage[r, tau] + a > cap[r, tau]:
                    found = tau
                    break
    return found


@_jit
def _find(nxt: Int64Array, r: int, t: int) -> int:
    """First time unit ``>= t`` where resource ``r`` has a unit free (path halving)."""
    while nxt[r, t] != t:
        nxt[r, t] = nxt[r, nxt[r, t]]
        t = nxt[r, t]
    return t


@_jit
def _free_pointers(cap: Int64Array, usage: Int64Array) -> Int64Array:
    """Union-find over full time units: ``nxt[r, t]`` leads to the next unit with room.

    Usage only grows during a forward pass, so full units only join, and a start search
    skips a saturated stretch of the profile in near-constant time.
    """
    resources, horizon = cap.shape
    nxt = np.empty((resources, horizon + 1), np.int64)
    for r in range(resources):
        for t in range(horizon):
            nxt[r, t] = t if usage[r, t] < cap[r, t] else t + 1
        nxt[r, horizon] = horizon
    return nxt


@_jit
def sgs_forward(
    key: FloatArray,
    dur: Int64Array,
    in_off: Int64Array,
    in_src: Int64Array,
    in_dist: Int64Array,
    out_off: Int64Array,
    out_dst: Int64Array,
    earliest: Int64Array,
    latest: Int64Array,
    fixed: Int64Array,
    dem_off: Int64Array,
    dem_res: Int64Array,
    dem_amt: Int64Array,
    cap: Int64Array,
    usage0: Int64Array,
) -> tuple[Int64Array, int]:
    """Serial schedule generation: take the eligible activity of least ``key`` and start it
    at the earliest time its links and the free capacity allow. Returns (starts, code)."""
    n = dur.shape[0]
    horizon = cap.shape[1]
    usage = usage0.copy()
    nxt = _free_pointers(cap, usage)
    start = np.full(n, -1, np.int64)
    indeg = np.empty(n, np.int64)
    hk = np.empty(n, np.float64)
    hv = np.empty(n, np.int64)
    size = 0
    for j in range(n):
        indeg[j] = in_off[j + 1] - in_off[j]
        if indeg[j] == 0:
            size = _push(hk, hv, size, -np.inf if fixed[j] >= 0 else key[j], j)
    while size > 0:
        j, size = _pop(hk, hv, size)
        d = dur[j]
        if fixed[j] >= 0:
            t = fixed[j]
        else:
            t = earliest[j]
            for k in range(in_off[j], in_off[j + 1]):
                t = max(t, start[in_src[k]] + in_dist[k])
            while True:
                moved = d > 0
                while moved:
                    moved = False
                    for k in range(dem_off[j], dem_off[j + 1]):
                        f = _find(nxt, dem_res[k], min(t, horizon))
                        if f > t:
                            t = f
                            moved = True
                if t + d > horizon:
                    return start, HORIZON
                tau = _conflict(j, t, d, dem_off, dem_res, dem_amt, cap, usage, True)
                if tau < 0:
                    break
                t = tau + 1
            if t > latest[j]:
                return start, DEADLINE
            _book(j, t, d, dem_off, dem_res, dem_amt, usage, 1)
            for k in range(dem_off[j], dem_off[j + 1]):
                r = dem_res[k]
                for tau in range(t, t + d):
                    if usage[r, tau] >= cap[r, tau]:
                        nxt[r, tau] = tau + 1
        start[j] = t
        for k in range(out_off[j], out_off[j + 1]):
            s = out_dst[k]
            indeg[s] -= 1
            if indeg[s] == 0:
                size = _push(hk, hv, size, -np.inf if fixed[s] >= 0 else key[s], s)
    return start, OK


@_jit
def sgs_backward(
    start0: Int64Array,
    dur: Int64Array,
    project: Int64Array,
    in_off: Int64Array,
    in_src: Int64Array,
    in_dist: Int64Array,
    out_off: Int64Array,
    out_dst: Int64Array,
    out_dist: Int64Array,
    earliest: Int64Array,
    latest: Int64Array,
    fixed: Int64Array,
    dem_off: Int64Array,
    dem_res: Int64Array,
    dem_amt: Int64Array,
    cap: Int64Array,
    usage0: Int64Array,
) -> tuple[Int64Array, int]:
    """Right-justify ``start0``: in order of decreasing finish, start each free activity as
    late as its successors, its project's current finish and the capacity allow."""
    n = dur.shape[0]
    p = 0
    for j in range(n):
        p = max(p, project[j] + 1)
    finish = np.zeros(p, np.int64)
    for j in range(n):
        finish[project[j]] = max(finish[project[j]], start0[j] + dur[j])
    usage = usage0.copy()
    start = np.full(n, -1, np.int64)
    outdeg = np.empty(n, np.int64)
    hk = np.empty(n, np.float64)
    hv = np.empty(n, np.int64)
    size = 0
    for j in range(n):
        outdeg[j] = out_off[j + 1] - out_off[j]
        if outdeg[j] == 0:
            size = _push(hk, hv, size, -float(start0[j] + dur[j]), j)
    while size > 0:
        j, size = _pop(hk, hv, size)
        d = dur[j]
        if fixed[j] >= 0:
            t = fixed[j]
        else:
            t = min(finish[project[j]] - d, latest[j])
            for k in range(out_off[j], out_off[j + 1]):
                t = min(t, start[out_dst[k]] - out_dist[k])
            low = earliest[j]
            for k in range(in_off[j], in_off[j + 1]):
                if fixed[in_src[k]] >= 0:
                    low = max(low, fixed[in_src[k]] + in_dist[k])
            while True:
                if t < low:
                    return start, RELEASE
                tau = _conflict(j, t, d, dem_off, dem_res, dem_amt, cap, usage, False)
                if tau < 0:
                    break
                t = tau - d
            _book(j, t, d, dem_off, dem_res, dem_amt, usage, 1)
        start[j] = t
        for k in range(in_off[j], in_off[j + 1]):
            s = in_src[k]
            outdeg[s] -= 1
            if outdeg[s] == 0:
                size = _push(hk, hv, size, -float(start0[s] + dur[s]), s)
    return start, OK


@_jit
def forward_bounds(
    order: Int64Array,
    in_off: Int64Array,
    in_src: Int64Array,
    in_dist: Int64Array,
    earliest: Int64Array,
    fixed: Int64Array,
) -> Int64Array:
    """Earliest starts from the links and release dates alone (no resources)."""
    n = order.shape[0]
    es = np.empty(n, np.int64)
    for i in range(n):
        j = order[i]
        if fixed[j] >= 0:
            es[j] = fixed[j]
            continue
        t = earliest[j]
        for k in range(in_off[j], in_off[j + 1]):
            t = max(t, es[in_src[k]] + in_dist[k])
        es[j] = t
    return es


@_jit
def backward_bounds(
    order: Int64Array,
    dur: Int64Array,
    out_off: Int64Array,
    out_dst: Int64Array,
    out_dist: Int64Array,
    finish_bound: Int64Array,
) -> Int64Array:
    """Latest starts that keep every activity's finish within ``finish_bound`` and the links."""
    n = order.shape[0]
    ls = np.empty(n, np.int64)
    for i in range(n - 1, -1, -1):
        j = order[i]
        t = finish_bound[j] - dur[j]
        for k in range(out_off[j], out_off[j + 1]):
            t = min(t, ls[out_dst[k]] - out_dist[k])
        ls[j] = t
    return ls


@_jit
def objective_value(
    start: Int64Array,
    dur: Int64Array,
    project: Int64Array,
    weight: Int64Array,
    target: Int64Array,
    weighted: bool,
) -> int:
    """Makespan, or ``Σ weight × max(0, finish - target)`` over projects when ``weighted``."""
    p = weight.shape[0]
    finish = np.zeros(p, np.int64)
    for j in range(start.shape[0]):
        finish[project[j]] = max(finish[project[j]], start[j] + dur[j])
    if not weighted:
        return finish.max() if p else 0
    total = 0
    for q in range(p):
        total += weight[q] * max(0, finish[q] - target[q])
    return total


@_jit
def decode(
    key: FloatArray,
    rounds: int,
    dur: Int64Array,
    project: Int64Array,
    weight: Int64Array,
    target: Int64Array,
    weighted: bool,
    in_off: Int64Array,
    in_src: Int64Array,
    in_dist: Int64Array,
    out_off: Int64Array,
    out_dst: Int64Array,
    out_dist: Int64Array,
    earliest: Int64Array,
    latest: Int64Array,
    fixed: Int64Array,
    dem_off: Int64Array,
    dem_res: Int64Array,
    dem_amt: Int64Array,
    cap: Int64Array,
    usage0: Int64Array,
) -> tuple[Int64Array, int, int]:
    """Serial SGS by ``key``, then up to ``rounds`` of forward–backward improvement while the
    objective drops. Returns (starts, objective, code of the first pass)."""
    start, code = sgs_forward(
        key, dur, in_off, in_src, in_dist, out_off, out_dst, earliest, latest, fixed,
        dem_off, dem_res, dem_amt, cap, usage0,
    )  # fmt: skip
    if code != OK:
        return start, -1, code
    value = objective_value(start, dur, project, weight, target, weighted)
    scale = 0.0
    for j in range(dur.shape[0]):
        scale = max(scale, float(dur[j]))
    for _ in range(rounds):
        right, code = sgs_backward(
            start, dur, project, in_off, in_src, in_dist, out_off, out_dst, out_dist,
            earliest, latest, fixed, dem_off, dem_res, dem_amt, cap, usage0,
        )  # fmt: skip
        if code != OK:
            break
        order = np.empty(dur.shape[0], np.float64)
        for j in range(dur.shape[0]):
            order[j] = right[j] + 0.5 * dur[j] / (scale + 1.0)
        left, code = sgs_forward(
            order, dur, in_off, in_src, in_dist, out_off, out_dst, earliest, latest, fixed,
            dem_off, dem_res, dem_amt, cap, usage0,
        )  # fmt: skip
        if code != OK:
            break
        new = objective_value(left, dur, project, weight, target, weighted)
        if new > value:
            break
        improved = new < value
        start, value = left, new
        if not improved:
            break
    return start, value, OK


@_jit
def _next(state: npt.NDArray[np.uint64]) -> np.uint64:
    """xorshift64* step on ``state[0]`` (never 0): the genetic search's own generator, so
    that a seed gives the same schedules whatever else uses numba's random numbers."""
    x = state[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    state[0] = x
    return np.uint64(x * np.uint64(2685821657736338717))


@_jit
def _uniform(state: npt.NDArray[np.uint64]) -> float:
    """A float in [0, 1)."""
    return float(_next(state) >> np.uint64(11)) / 9007199254740992.0


@_jit
def _below(state: npt.NDArray[np.uint64], k: int) -> int:
    """An int in [0, k)."""
    return int(_uniform(state) * k)


@_jit
def breed(
    pop_starts: Int64Array,
    pop_value: Int64Array,
    size: int,
    count: int,
    mutation: float,
    rng: npt.NDArray[np.uint64],
    rounds: int,
    dur: Int64Array,
    project: Int64Array,
    weight: Int64Array,
    target: Int64Array,
    weighted: bool,
    in_off: Int64Array,
    in_src: Int64Array,
    in_dist: Int64Array,
    out_off: Int64Array,
    out_dst: Int64Array,
    out_dist: Int64Array,
    earliest: Int64Array,
    latest: Int64Array,
    fixed: Int64Array,
    dem_off: Int64Array,
    dem_res: Int64Array,
    dem_amt: Int64Array,
    cap: Int64Array,
    usage0: Int64Array,
    lower: int,
) -> tuple[int, int]:
    """``count`` steps of the steady-state genetic search over the population
    ``pop_starts[:size]`` (justified schedules) and their objective ``pop_value``.

    Each step picks two parents by binary tournament, takes the mother's activity list (by
    start) up to a first cut, then the father's order of the activities not taken up to a
    second cut, then the mother's order of the rest (two-point order crossover, Hartmann
    1998), swaps each neighbour pair with probability ``mutation``, decodes the list by the
    serial SGS with ``rounds`` of justification and replaces the worst member when the child
    is better and not a copy of a member. Returns (steps done, code): it stops early with
    :data:`HORIZON` when a pass needs a longer profile, or with ``OK`` once a member's value
    reaches ``lower``.
    """
    n = dur.shape[0]
    scale = 1.0
    for j in range(n):
        scale = max(scale, float(dur[j]) + 1.0)
    key = np.empty(n, np.float64)
    order = np.empty(n, np.int64)
    taken = np.zeros(n, np.bool_)
    for step in range(count):
        a = _below(rng, size)
        b = _below(rng, size)
        mother = a if pop_value[a] <= pop_value[b] else b
        a = _below(rng, size)
        b = _below(rng, size)
        father = a if pop_value[a] <= pop_value[b] else b
        for j in range(n):
            key[j] = pop_starts[mother, j] + 0.5 * dur[j] / scale
        by_mother = np.argsort(key)
        for j in range(n):
            key[j] = pop_starts[father, j] + 0.5 * dur[j] / scale
        by_father = np.argsort(key)
        q1 = _below(rng, n + 1)
        q2 = _below(rng, n + 1)
        if q1 > q2:
            q1, q2 = q2, q1
        taken[:] = False
        pos = 0
        for i in range(q1):
            order[pos] = by_mother[i]
            taken[by_mother[i]] = True
            pos += 1
        for i in range(n):
            if pos >= q2:
                break
            j = by_father[i]
            if not taken[j]:
                order[pos] = j
                taken[j] = True
                pos += 1
        for i in range(n):
            j = by_mother[i]
            if not taken[j]:
                order[pos] = j
                pos += 1
        for i in range(n - 1):
            if _uniform(rng) < mutation:
                order[i], order[i + 1] = order[i + 1], order[i]
        for i in range(n):
            key[order[i]] = float(i)
        start, value, code = decode(
            key, rounds, dur, project, weight, target, weighted, in_off, in_src, in_dist,
            out_off, out_dst, out_dist, earliest, latest, fixed, dem_off, dem_res, dem_amt,
            cap, usage0,
        )  # fmt: skip
        if code == HORIZON:
            return step, HORIZON
        if code != OK:
            continue
        worst = 0
        for i in range(size):
            if pop_value[i] > pop_value[worst]:
                worst = i
        if value >= pop_value[worst]:
            continue
        copy = False
        for i in range(size):
            if pop_value[i] == value:
                same = True
                for j in range(n):
                    if pop_starts[i, j] != start[j]:
                        same = False
                        break
                if same:
                    copy = True
                    break
        if copy:
            continue
        pop_starts[worst, :] = start
        pop_value[worst] = value
        if value <= lower:
            return step + 1, OK
    return count, OK
