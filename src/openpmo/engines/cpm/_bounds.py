"""Inputs of :func:`openpmo.engines.cpm.schedule`: checks, then per-activity bounds.

Turns constraints, deadlines, progress, percentage lags and the summary outline into the plain
arrays the bounded kernels read (see ``_bounded_kernels`` for their meaning). Every error is a
``ValueError`` naming the argument and the first bad entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from openpmo.engines.cpm._validate import integer_array

Int64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

NO_DATE = int(np.iinfo(np.int64).min)
NO_BOUND = int(np.iinfo(np.int64).max)
# Dates far below the 2**62 overflow guard of durations and lags, so sums cannot overflow.
_DATE_LIMIT = 2**60

ASAP, ALAP, MSO, MFO, SNET, SNLT, FNET, FNLT = range(8)


def _first(mask: npt.NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(mask)[0])


def dates(name: str, values: Any, n: int) -> Int64Array:
    """Optional integer dates, one per activity; ``None`` entries (or no array) are NO_DATE."""
    if values is None:
        return np.full(n, NO_DATE, np.int64)
    array = np.asarray(values)
    if array.dtype == object:
        missing = np.array([v is None for v in array.ravel()], np.bool_).reshape(array.shape)
        filled = np.where(missing, 0, array)
        result = integer_array(name, filled.astype(np.int64) if filled.size else [])
        result = np.where(missing, NO_DATE, result)
    else:
        result = integer_array(name, array).copy()
    if result.shape[0] != n:
        raise ValueError(f"{name} must have {n} entries (one per activity), got {result.shape[0]}")
    given = result != NO_DATE
    bad = given & (np.abs(np.where(given, result, 0)) >= _DATE_LIMIT)
    if bad.any():
        raise ValueError(f"{name}[{_first(bad)}] is too large: |date| must stay below 2**60")
    return result


def percent_lag(
    lag: Int64Array, lag_percent: Any, durations: Int64Array, pred: Int64Array
) -> Int64Array:
    """``lag + lag_percent / 100 * durations[pred]``, rounded half away from zero."""
    if lag_percent is None:
        return lag
    percent = np.asarray(lag_percent)
    if percent.ndim != 1 or percent.shape[0] != lag.shape[0]:
        raise ValueError(
            f"lag_percent must have {lag.shape[0]} entries (one per link), got shape "
            f"{percent.shape}"
        )
    if percent.size and percent.dtype.kind not in "iuf":
        raise ValueError(f"lag_percent must hold numbers, got dtype {percent.dtype}")
    percent = percent.astype(np.float64)
    if percent.size and not np.isfinite(percent).all():
        raise ValueError(f"lag_percent[{_first(~np.isfinite(percent))}] is not a finite number")
    if percent.size and np.abs(percent).max() > 1e6:
        raise ValueError("lag_percent must stay within +-1,000,000 %")
    units = percent * durations[pred].astype(np.float64) / 100.0
    rounded = np.sign(units) * np.floor(np.abs(units) + 0.5)
    result: Int64Array = lag + rounded.astype(np.int64)
    return result


@dataclass(frozen=True)
class Outline:
    """The summary tree: which activities are summaries and the leaves below each."""

    summary: BoolArray
    ancestor: Int64Array  # pairs (ancestor[k], leaf[k]) for every summary and leaf below it
    leaf: Int64Array

    def leaves_of(self, v: int) -> list[int]:
        if not self.summary[v]:
            return [v]
        return [int(x) for x in self.leaf[self.ancestor == v]]


def outline(parent: Any, n: int) -> Outline:
    """Check the parent array (-1 = top level) and list each summary's leaves."""
    if parent is None:
        empty = np.zeros(0, np.int64)
        return Outline(np.zeros(n, np.bool_), empty, empty)
    up = integer_array("parent", parent)
    if up.shape[0] != n:
        raise ValueError(f"parent must have {n} entries (one per activity), got {up.shape[0]}")
    bad = (up < -1) | (up >= n)
    if bad.any():
        at = _first(bad)
        raise ValueError(f"parent[{at}] = {up[at]} is neither -1 nor an activity index")
    summary = np.zeros(n, np.bool_)
    summary[up[up >= 0]] = True
    leaves = np.flatnonzero(~summary)
    ancestors: list[Int64Array] = []
    below: list[Int64Array] = []
    current, who = up[leaves], leaves
    for _ in range(n + 1):
        keep = current >= 0
        current, who = current[keep], who[keep]
        if current.size == 0:
            break
        ancestors.append(current)
        below.append(who)
        current = up[current]
    else:
        raise ValueError("parent links form a loop: an activity is its own summary")
    # A loop that no leaf reaches leaves its summaries without leaves.
    reached = np.zeros(n, np.bool_)
    if ancestors:
        reached[np.concatenate(ancestors)] = True
    if (summary & ~reached).any():
        at = _first(summary & ~reached)
        raise ValueError(f"parent links form a loop through activity {at}")
    cat = np.concatenate(ancestors) if ancestors else np.zeros(0, np.int64)
    leaf = np.concatenate(below) if below else np.zeros(0, np.int64)
    return Outline(summary, cat.astype(np.int64), leaf.astype(np.int64))


def expand_links(
    tree: Outline, pred: Int64Array, succ: Int64Array, kind: npt.NDArray[np.int8], lag: Int64Array
) -> tuple[Int64Array, Int64Array, npt.NDArray[np.int8], Int64Array]:
    """Replace each link to or from a summary by links between the leaves below it."""
    touches = tree.summary[pred] | tree.summary[succ]
    if not touches.any():
        return pred, succ, kind, lag
    new: list[tuple[int, int, int, int]] = []
    for k in np.flatnonzero(touches).tolist():
        p_leaves, s_leaves = tree.leaves_of(int(pred[k])), tree.leaves_of(int(succ[k]))
        if set(p_leaves) & set(s_leaves):
            raise ValueError(
                f"link {k} ({pred[k]} -> {succ[k]}) joins a summary to an activity inside it"
            )
        new.extend((p, s, int(kind[k]), int(lag[k])) for p in p_leaves for s in s_leaves)
    keep = ~touches
    extra = np.array(new, np.int64).reshape(-1, 4)
    return (
        np.concatenate([pred[keep], extra[:, 0]]),
        np.concatenate([succ[keep], extra[:, 1]]),
        np.concatenate([kind[keep], extra[:, 2].astype(np.int8)]),
        np.concatenate([lag[keep], extra[:, 3]]),
    )


def constraints(kind: Any, when: Any, n: int) -> tuple[npt.NDArray[np.int8], Int64Array]:
    """Constraint codes (0-7, ASAP when omitted) and their dates (needed except ASAP/ALAP)."""
    if kind is None:
        codes = np.zeros(n, np.int8)
    else:
        raw = integer_array("constraint_type", kind)
        if raw.shape[0] != n:
            raise ValueError(
                f"constraint_type must have {n} entries (one per activity), got {raw.shape[0]}"
            )
        bad = (raw < 0) | (raw > 7)
        if bad.any():
            at = _first(bad)
            raise ValueError(
                f"constraint_type[{at}] = {raw[at]} is not a constraint type (0-7, see "
                "ConstraintType)"
            )
        codes = raw.astype(np.int8)
    day = dates("constraint_date", when, n)
    missing = (codes > ALAP) & (day == NO_DATE)
    if missing.any():
        at = _first(missing)
        raise ValueError(f"constraint_date[{at}] is missing for constraint type {codes[at]}")
    return codes, day


def _percent(values: Any, n: int) -> npt.NDArray[np.float64]:
    """Percent complete per activity, NaN where not given; each in 0..100."""
    if values is None:
        return np.full(n, np.nan)
    if np.ndim(values) != 1 or len(values) != n:
        raise ValueError(f"percent_complete must have {n} entries (one per activity)")
    try:
        result = np.array([np.nan if v is None else v for v in values], np.float64)
    except (TypeError, ValueError):
        raise ValueError("percent_complete must hold numbers from 0 to 100 (or None)") from None
    bad = ~np.isnan(result) & ((result < 0) | (result > 100))
    if bad.any():
        at = _first(bad)
        raise ValueError(f"percent_complete[{at}] = {result[at]} is not between 0 and 100")
    return result


@dataclass(frozen=True)
class Progress:
    """Actual start of every started activity and its actual or expected finish."""

    started: BoolArray
    complete: BoolArray
    start: Int64Array
    finish: Int64Array


def progress(
    durations: Int64Array,
    summary: BoolArray,
    actual_start: Any,
    actual_finish: Any,
    remaining: Any,
    percent_complete: Any,
    status_date: int | None,
) -> Progress:
    """Which activities started or finished, and when the unfinished ones will finish."""
    n = durations.shape[0]
    start = dates("actual_start", actual_start, n)
    finish = dates("actual_finish", actual_finish, n)
    left = dates("remaining", remaining, n)
    pct = _percent(percent_complete, n)
    has_start, has_finish, has_left, has_pct = (
        start != NO_DATE,
        finish != NO_DATE,
        left != NO_DATE,
        ~np.isnan(pct),
    )
    if (has_left & (left < 0)).any():
        at = _first(has_left & (left < 0))
        raise ValueError(f"remaining[{at}] = {left[at]} is negative")
    needs_start = ~has_start & ~has_finish & has_pct & (pct > 0)
    if needs_start.any():
        raise ValueError(
            f"percent_complete[{_first(needs_start)}] > 0 needs an actual_start (or finish)"
        )
    start = np.where(~has_start & has_finish, finish - durations, start)
    done = ~has_finish & has_pct & (pct >= 100)
    finish = np.where(done, start + durations, finish)
    complete = (has_finish | done) & ~summary
    backwards = complete & (finish < start)
    if backwards.any():
        raise ValueError(f"actual_finish[{_first(backwards)}] is before its actual_start")
    started = (start != NO_DATE) & ~summary
    active = started & ~complete
    by_pct = np.floor(durations * (100.0 - np.nan_to_num(pct)) / 100.0 + 0.5).astype(np.int64)
    if status_date is None:
        resume = start
        elapsed_left = durations
    else:
        resume = np.maximum(start, status_date)
        elapsed_left = durations - np.clip(status_date - start, 0, durations)
    rest = np.where(has_left, left, np.where(has_pct, by_pct, elapsed_left))
    finish = np.where(active, resume + rest, finish)
    return Progress(started, complete, start, finish)


@dataclass(frozen=True)
class Bounds:
    """Per-activity arrays of the bounded kernels (see ``_bounded_kernels``)."""

    span: Int64Array
    low: Int64Array
    fixed: Int64Array
    high: Int64Array
    late_fixed: Int64Array
    cut: BoolArray
    alap: BoolArray


def bounds(
    durations: Int64Array,
    codes: npt.NDArray[np.int8],
    day: Int64Array,
    deadline: Int64Array,
    tree: Outline,
    done: Progress,
    status_date: int | None,
) -> Bounds:
    """Fold constraints, deadlines, the outline and progress into the kernels' bounds."""
    n, d = durations.shape[0], durations
    c = np.where(day == NO_DATE, 0, day)
    low = np.full(n, max(0, status_date or 0), np.int64)
    low = np.where(codes == SNET, np.maximum(low, c), low)
    low = np.where(codes == FNET, np.maximum(low, c - d), low)
    fixed = np.select([codes == MSO, codes == MFO], [c, c - d], NO_DATE)
    late_fixed = np.select([codes == MSO, codes == MFO], [c + d, c], NO_DATE)
    due = np.where(deadline == NO_DATE, NO_BOUND, deadline)
    high = np.select([codes == SNLT, codes == FNLT], [c + d, c], NO_BOUND)
    # Constraints of a summary that bind each of its leaves exactly as they bind the summary.
    a, leaf = tree.ancestor, tree.leaf
    pushed = codes[a] == SNET
    np.maximum.at(low, leaf[pushed], c[a[pushed]])
    capped = codes[a] == FNLT
    np.minimum.at(high, leaf[capped], c[a[capped]])
    np.minimum.at(due, leaf, due[a])
    high = np.minimum(high, due)

    started = done.started
    span = np.where(started, done.finish - done.start, d)
    fixed = np.where(started, done.start, fixed)
    high = np.where(started, due, high)
    late_fixed = np.where(started, np.where(done.complete, done.finish, NO_DATE), late_fixed)
    alap = (codes == ALAP) & ~started & ~tree.summary

    summary = tree.summary
    span = np.where(summary, 0, span)
    fixed = np.where(summary, NO_DATE, fixed)
    high = np.where(summary, NO_BOUND, high)
    late_fixed = np.where(summary, NO_DATE, late_fixed)
    return Bounds(
        span=np.ascontiguousarray(span, np.int64),
        low=np.ascontiguousarray(low, np.int64),
        fixed=np.ascontiguousarray(fixed, np.int64),
        high=np.ascontiguousarray(high, np.int64),
        late_fixed=np.ascontiguousarray(late_fixed, np.int64),
        cut=np.ascontiguousarray(started),
        alap=alap,
    )
