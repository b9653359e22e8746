"""Input checks of the critical-path engine: each error names the argument and the reason."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from openpmo.engines.errors import CycleError

# Every date is a sum of durations and lags; below this bound no sum can overflow int64.
_LIMIT = float(2**62)


def integer_array(name: str, values: Any, length: int | None = None) -> npt.NDArray[np.int64]:
    """``values`` as a one-dimensional int64 array (no copy when it already is one)."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.size == 0 and array.dtype.kind == "f":
        array = array.astype(np.int64)  # np.asarray([]) is float64; an empty list is fine
    if array.dtype.kind not in "iu":
        raise ValueError(f"{name} must hold integers (working-time units), got dtype {array.dtype}")
    if length is not None and array.shape[0] != length:
        raise ValueError(f"{name} must have {length} entries (one per link), got {array.shape[0]}")
    if array.dtype.kind == "u" and array.size and array.max() > np.iinfo(np.int64).max:
        raise ValueError(f"{name} holds values too large for int64")
    return np.ascontiguousarray(array, dtype=np.int64)


def durations(values: Any, n: int | None = None) -> npt.NDArray[np.int64]:
    """Durations as int64, each ``>= 0``, and ``n`` of them when ``n`` is given."""
    array = integer_array("durations", values)
    if n is not None and array.shape[0] != n:
        raise ValueError(
            f"durations must have {n} entries (one per activity of the network), "
            f"got {array.shape[0]}"
        )
    if array.size:
        low = int(array.argmin())
        if array[low] < 0:
            raise ValueError(f"durations must be >= 0, got durations[{low}] = {array[low]}")
        if float(array.sum(dtype=np.float64)) >= _LIMIT:
            raise ValueError("durations are too large: their sum must stay below 2**62")
    return array


def links(
    n: int, pred: Any, succ: Any, link_type: Any, lag: Any
) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int8], npt.NDArray[np.int64]
]:
    """Link arrays as (pred, succ, link_type, lag) with dtypes int64, int64, int8, int64."""
    if n < 0:
        raise ValueError(f"the number of activities must be >= 0, got {n}")
    if n >= 2**31:
        raise ValueError(f"at most 2**31 - 1 activities are supported, got {n}")
    pred_a = integer_array("pred", pred)
    m = pred_a.shape[0]
    succ_a = integer_array("succ", succ, m)
    for name, array in (("pred", pred_a), ("succ", succ_a)):
        if m:
            low, high = int(array.argmin()), int(array.argmax())
            for at in (low, high):
                if not 0 <= array[at] < n:
                    raise ValueError(
                        f"{name}[{at}] = {array[at]} is not an activity index (0 <= index < {n})"
                    )
    if link_type is None:
        type_a = np.zeros(m, np.int8)
    else:
        codes = integer_array("link_type", link_type, m)
        bad = np.flatnonzero((codes < 0) | (codes > 3))
        if bad.size:
            at = int(bad[0])
            raise ValueError(
                f"link_type[{at}] = {codes[at]} is not a link type (0 = FS, 1 = SS, 2 = FF, 3 = SF)"
            )
        type_a = codes.astype(np.int8)
    if lag is None:
        lag_a = np.zeros(m, np.int64)
    else:
        lag_a = integer_array("lag", lag, m)
        if m and float(np.abs(lag_a.astype(np.float64)).sum()) >= _LIMIT:
            raise ValueError("lag is too large: the sum of |lag| must stay below 2**62")
    return pred_a, succ_a, type_a, lag_a


def find_cycle(
    n: int, pred: npt.NDArray[np.int64], succ: npt.NDArray[np.int64], ordered: npt.NDArray[np.int64]
) -> CycleError:
    """The error for a network whose topological sort stopped after ``ordered``.

    Every activity Kahn's algorithm left behind still has a predecessor that was left behind,
    so walking from one of them to such a predecessor, again and again, must revisit an
    activity; the walk from that activity back to itself is a cycle.
    """
    left = np.ones(n, np.bool_)
    left[ordered] = False
    inside = left[pred] & left[succ]
    previous = np.full(n, -1, np.int64)
    previous[succ[inside]] = pred[inside]
    walk: list[int] = []
    seen: dict[int, int] = {}
    v = int(np.flatnonzero(left)[0])
    while v not in seen:
        seen[v] = len(walk)
        walk.append(v)
        v = int(previous[v])
    cycle = walk[seen[v] :]
    cycle.reverse()  # the walk went against the links
    return CycleError(tuple(cycle))
