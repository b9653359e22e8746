"""Compiled passes of :func:`openpmo.engines.cpm.schedule`: links plus per-activity bounds.

The plain kernels in ``_kernels`` stay untouched (and as fast as they were); these add, per
activity, the bounds that constraints, deadlines and progress put on its dates. They reuse the
prepared network's layout (``order``, ``offsets``, ``edges``; see ``_kernels``). Inputs are
validated and derived in ``_bounds``; ``NO_DATE`` (the smallest int64) marks "no value".

Per activity ``v``:

``span[v]``
    time from its start to its finish in the passes (the duration; for a started activity the
    time from its actual start to its actual or expected finish).
``low[v]``
    lower bound on the early start (project start, status date, SNET, FNET).
``fixed[v]``
    early start that ignores the links (MSO, MFO, actual start, a pinned ALAP), or NO_DATE.
``high[v]``
    upper bound on the late finish (SNLT, FNLT, deadline), ``INT64_MAX`` when none.
``late_fixed[v]``
    late finish that ignores the links (MSO, MFO, actual finish), or NO_DATE.
``cut[v]``
    the activity has started: links into it bind neither it nor its predecessor.
``skip[v]``
    a summary: not an activity of the passes, so it does not count in the project finish.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from openpmo.engines.cpm._kernels import FF, FS, SS, _jit

Int64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

NO_DATE = np.iinfo(np.int64).min


@_jit
def forward(
    order: Int64Array,
    offsets: Int64Array,
    edges: Int64Array,
    span: Int64Array,
    low: Int64Array,
    fixed: Int64Array,
    skip: BoolArray,
) -> tuple[Int64Array, int]:
    """Early starts and the project finish (the latest early finish, at least 0)."""
    start = low.copy()
    finish = 0
    for i in range(order.shape[0]):
        v = order[i]
        if fixed[v] != NO_DATE:
            start[v] = fixed[v]
        es = start[v]
        ef = es + span[v]
        if not skip[v] and ef > finish:
            finish = ef
        for k in range(offsets[i], offsets[i + 1]):
            code = edges[k, 0]
            s = code >> 2
            kind = code & 3
            if kind == FS:
                bound = ef + edges[k, 1]
            elif kind == SS:
                bound = es + edges[k, 1]
            elif kind == FF:
                bound = ef + edges[k, 1] - span[s]
            else:
                bound = es + edges[k, 1] - span[s]
            if bound > start[s]:
                start[s] = bound
    return start, finish


@_jit
def backward(
    order: Int64Array,
    offsets: Int64Array,
    edges: Int64Array,
    span: Int64Array,
    high: Int64Array,
    late_fixed: Int64Array,
    cut: BoolArray,
    finish: int,
) -> Int64Array:
    """Late finishes: ``min(finish, high, link bounds)`` unless fixed."""
    n = order.shape[0]
    late_finish = np.empty(n, np.int64)
    for i in range(n - 1, -1, -1):
        v = order[i]
        if late_fixed[v] != NO_DATE:
            late_finish[v] = late_fixed[v]
            continue
        d = span[v]
        lf = min(finish, high[v])
        for k in range(offsets[i], offsets[i + 1]):
            code = edges[k, 0]
            s = code >> 2
            if cut[s]:
                continue
            kind = code & 3
            lag = edges[k, 1]
            lf_s = late_finish[s]
            if kind == FS:
                late = lf_s - span[s] - lag
            elif kind == SS:
                late = lf_s - span[s] - lag + d
            elif kind == FF:
                late = lf_s - lag
            else:
                late = lf_s - lag + d
            lf = min(lf, late)
        late_finish[v] = lf
    return late_finish


@_jit
def free_float(
    order: Int64Array,
    offsets: Int64Array,
    edges: Int64Array,
    span: Int64Array,
    start: Int64Array,
    cut: BoolArray,
    finish: int,
) -> Int64Array:
    """``min(finish - EF, free slack of every link into an activity that has not started)``."""
    n = order.shape[0]
    result = np.empty(n, np.int64)
    for i in range(n):
        v = order[i]
        es = start[v]
        ef = es + span[v]
        ff = finish - ef
        for k in range(offsets[i], offsets[i + 1]):
            code = edges[k, 0]
            s = code >> 2
            if cut[s]:
                continue
            kind = code & 3
            lag = edges[k, 1]
            if kind == FS:
                slack = start[s] - lag - ef
            elif kind == SS:
                slack = start[s] - lag - es
            elif kind == FF:
                slack = start[s] + span[s] - lag - ef
            else:
                slack = start[s] + span[s] - lag - es
            ff = min(ff, slack)
        result[v] = ff
    return result
