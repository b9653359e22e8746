"""Compiled loops of the critical-path engine (numba, ``nopython``, cached on disk).

Imported lazily by :mod:`openpmo.engines.cpm` so that importing the engines does not import
numba. Inputs are already validated and converted to the dtypes named in each signature; the
loops do no checking of their own (bounds checks are off in numba).

Layout shared by the kernels
----------------------------
``order``
    activity indexes in topological order (Kahn's algorithm, first-in first-out).
``offsets``, ``edges``
    outgoing links in compressed-sparse-row form, *rows in topological order*: the links of
    activity ``order[i]`` are ``edges[offsets[i]:offsets[i + 1]]``, so both passes read the
    link arrays front to back (or back to front). ``edges[k, 0]`` packs the successor and the
    link type as ``succ * 4 + type``; ``edges[k, 1]`` is the lag.
``state``
    one row of four int64 per activity, indexed by activity: duration, early start, late
    finish, free float. Early finish and late start are derived (``ES + d``, ``LF - d``), and
    the row is 32 bytes, so a link's far end costs one cache line in each pass.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np
import numpy.typing as npt

Int64Array = npt.NDArray[np.int64]
Int8Array = npt.NDArray[np.int8]
BoolArray = npt.NDArray[np.bool_]

_F = TypeVar("_F", bound=Callable[..., Any])

FS, SS, FF, SF = 0, 1, 2, 3


def _jit(fn: _F) -> _F:
    # nogil lets a later Monte Carlo run passes on several threads over one network.
    return cast(_F, numba.njit(cache=True, nogil=True)(fn))


@_jit
def build(
    n: int, pred: Int64Array, succ: Int64Array, link_type: Int8Array, lag: Int64Array
) -> tuple[Int64Array, Int64Array, Int64Array, int]:
    """Topological order and topologically ordered outgoing CSR; also the count ordered.

    If the count is below ``n`` the links contain a cycle and ``order[count:]`` is garbage.
    """
    m = pred.shape[0]
    indeg = np.zeros(n, np.int64)
    by_pred = np.zeros(n + 1, np.int64)
    for e in range(m):
        by_pred[pred[e] + 1] += 1
        indeg[succ[e]] += 1
    for v in range(n):
        by_pred[v + 1] += by_pred[v]
    cursor = by_pred[:-1].copy()
    packed = np.empty((m, 2), np.int64)
    for e in range(m):
        p = pred[e]
        pos = cursor[p]
        cursor[p] = pos + 1
        packed[pos, 0] = succ[e] * 4 + link_type[e]
        packed[pos, 1] = lag[e]

    order = np.empty(n, np.int64)
    tail = 0
    for v in range(n):
        if indeg[v] == 0:
            order[tail] = v
            tail += 1
    # Kahn's algorithm; each row is copied out as its activity is dequeued, which lays the
    # links out in topological order without a second pass.
    offsets = np.empty(n + 1, np.int64)
    offsets[0] = 0
    edges = np.empty((m, 2), np.int64)
    head = 0
    k = 0
    while head < tail:
        v = order[head]
        for pos in range(by_pred[v], by_pred[v + 1]):
            code = packed[pos, 0]
            edges[k, 0] = code
            edges[k, 1] = packed[pos, 1]
            k += 1
            s = code >> 2
            indeg[s] -= 1
            if indeg[s] == 0:
                order[tail] = s
                tail += 1
        head += 1
        offsets[head] = k
    return order, offsets, edges, head


@_jit
def forward(order: Int64Array, offsets: Int64Array, edges: Int64Array, state: Int64Array) -> int:
    """Early starts into ``state[:, 1]`` (which must hold 0, the project start); returns T."""
    finish = 0
    for i in range(order.shape[0]):
        v = order[i]
        d = state[v, 0]
        es = state[v, 1]
        ef = es + d
        finish = max(finish, ef)
        for k in range(offsets[i], offsets[i + 1]):
            code = edges[k, 0]
            s = code >> 2
            kind = code & 3
            if kind == FS:
                bound = ef + edges[k, 1]
            elif kind == SS:
                bound = es + edges[k, 1]
            elif kind == FF:
                bound = ef + edges[k, 1] - state[s, 0]
            else:
                bound = es + edges[k, 1] - state[s, 0]
            if bound > state[s, 1]:
                state[s, 1] = bound
    return finish


@_jit
def backward(
    order: Int64Array, offsets: Int64Array, edges: Int64Array, state: Int64Array, finish: int
) -> None:
    """Late finishes into ``state[:, 2]`` and free floats into ``state[:, 3]``."""
    for i in range(order.shape[0] - 1, -1, -1):
        v = order[i]
        d = state[v, 0]
        es = state[v, 1]
        ef = es + d
        lf = finish
        ff = finish - ef
        for k in range(offsets[i], offsets[i + 1]):
            code = edges[k, 0]
            lag = edges[k, 1]
            s = code >> 2
            kind = code & 3
            d_s = state[s, 0]
            es_s = state[s, 1]
            lf_s = state[s, 2]
            if kind == FS:
                late = lf_s - d_s - lag
                slack = es_s - lag - ef
            elif kind == SS:
                late = lf_s - d_s - lag + d
                slack = es_s - lag - es
            elif kind == FF:
                late = lf_s - lag
                slack = es_s + d_s - lag - ef
            else:
                late = lf_s - lag + d
                slack = es_s + d_s - lag - es
            lf = min(lf, late)
            ff = min(ff, slack)
        state[v, 2] = lf
        state[v, 3] = ff


@_jit
def schedule(
    order: Int64Array, offsets: Int64Array, edges: Int64Array, durations: Int64Array
) -> tuple[Int64Array, Int64Array, Int64Array, Int64Array, Int64Array, Int64Array, BoolArray]:
    """Both passes and the seven result arrays, in activity order."""
    n = durations.shape[0]
    state = np.zeros((n, 4), np.int64)
    for v in range(n):
        state[v, 0] = durations[v]
    finish = forward(order, offsets, edges, state)
    backward(order, offsets, edges, state, finish)
    early_start = np.empty(n, np.int64)
    early_finish = np.empty(n, np.int64)
    late_start = np.empty(n, np.int64)
    late_finish = np.empty(n, np.int64)
    total_float = np.empty(n, np.int64)
    free_float = np.empty(n, np.int64)
    critical = np.empty(n, np.bool_)
    for v in range(n):
        d = state[v, 0]
        es = state[v, 1]
        lf = state[v, 2]
        early_start[v] = es
        early_finish[v] = es + d
        late_start[v] = lf - d
        late_finish[v] = lf
        total_float[v] = lf - es - d
        free_float[v] = state[v, 3]
        critical[v] = lf - es - d <= 0
    return early_start, early_finish, late_start, late_finish, total_float, free_float, critical


@_jit
def project_finish_batch(
    order: Int64Array, offsets: Int64Array, edges: Int64Array, durations: Int64Array
) -> tuple[Int64Array, Int64Array]:
    """Project finish per row of ``durations`` (runs x activities) and critical counts.

    One ``state`` buffer is reused for every run, so a Monte Carlo sample costs no allocation.
    """
    runs, n = durations.shape
    finishes = np.empty(runs, np.int64)
    critical_runs = np.zeros(n, np.int64)
    state = np.empty((n, 4), np.int64)
    for r in range(runs):
        for v in range(n):
            state[v, 0] = durations[r, v]
            state[v, 1] = 0
        finish = forward(order, offsets, edges, state)
        backward(order, offsets, edges, state, finish)
        finishes[r] = finish
        for v in range(n):
            if state[v, 2] - state[v, 1] - state[v, 0] <= 0:
                critical_runs[v] += 1
    return finishes, critical_runs
