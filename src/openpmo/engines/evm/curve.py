"""Cumulative planned value over time: build, evaluate (S-curves), invert (earned schedule).

A group's planned value ``PV(t)`` is the sum of its tasks' linear spreads, so it is piecewise
linear in time with breakpoints at the tasks' baseline starts and finishes, plus a step at a
milestone (a task with ``start == finish`` plans its whole budget at that instant).
:class:`PlannedCurve` stores, per group, the breakpoints in time order with the value just
before (``before``) and at (``after``) each one; between two breakpoints the curve is the
straight line from ``after[k]`` to ``before[k + 1]``. All groups share one compressed layout
(rows ``offsets[g]:offsets[g + 1]``), so every operation is a handful of array passes and a
vectorised binary search, with no Python loop per task or per group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from openpmo.engines.evm import _validate

__all__ = ["PlannedCurve", "planned_curve"]

Float64Array = npt.NDArray[np.float64]
Int64Array = npt.NDArray[np.int64]


def _weighted_count(index: Int64Array, weights: Float64Array, size: int) -> Float64Array:
    """``numpy.bincount`` with weights, typed as the float64 array it returns."""
    return np.asarray(np.bincount(index, weights=weights, minlength=size), np.float64)


def _group_cumsum(values: Float64Array, first: Int64Array, group_of: Int64Array) -> Float64Array:
    """Cumulative sum restarting at each group (rows of a group are contiguous).

    One ``cumsum`` per group rather than one over all rows minus each group's base: the
    subtraction leaves rounding noise of the size of the earlier groups' total, which
    turned flat stretches of a late group's curve into tiny slopes (moving its earned
    schedule off the plateau's end), so a project's figures depended on the projects
    evaluated with it.
    """
    del group_of  # the group of each row is implied by ``first``
    result: Float64Array = np.empty_like(values)
    ends = np.append(first[1:], values.size)[: first.size]  # no groups: no ends
    for begin, end in zip(first.tolist(), ends.tolist(), strict=True):
        if end > begin:
            np.cumsum(values[begin:end], out=result[begin:end])
    return result


def _search(
    keys: npt.NDArray[np.float64] | Int64Array,
    lo: Int64Array,
    hi: Int64Array,
    query: npt.NDArray[np.float64] | Int64Array,
) -> Int64Array:
    """Per row ``i``: the first index in ``[lo[i], hi[i])`` with ``keys > query[i]``.

    ``keys`` is non-decreasing within each range, so this is ``searchsorted(side="right")``
    done for every range at once: about log2(longest range) vectorised steps.
    """
    lo, hi = lo.copy(), hi.copy()
    last = max(keys.shape[0] - 1, 0)
    while True:
        active = lo < hi
        if not active.any():
            return lo
        mid = (lo + hi) // 2
        go_right = active & (keys[np.minimum(mid, last)] <= query)
        lo = np.where(go_right, mid + 1, lo)
        hi = np.where(active & ~go_right, mid, hi)


@dataclass(frozen=True, eq=False)
class PlannedCurve:
    """Cumulative planned value of each group as a piecewise-linear function of time.

    Build it with :func:`planned_curve` (from tasks) or :meth:`from_table` (from cumulative
    values per period).

    Attributes
    ----------
    offsets : numpy.ndarray of int64, shape (n_groups + 1,)
        Breakpoints of group ``g`` are rows ``offsets[g]:offsets[g + 1]``.
    time : numpy.ndarray of int64, shape (points,)
        Breakpoint times, increasing within a group (working-time units).
    before, after : numpy.ndarray of float64, shape (points,)
        Cumulative planned value just before and at each breakpoint (they differ by the
        budget of the milestones planned there).
    """

    offsets: Int64Array
    time: Int64Array
    before: Float64Array
    after: Float64Array

    @property
    def n_groups(self) -> int:
        """Number of groups."""
        return int(self.offsets.shape[0] - 1)

    @property
    def start(self) -> Float64Array:
        """Baseline start of each group (first breakpoint); NaN for a group without tasks."""
        return self._ends(self.offsets[:-1])

    @property
    def finish(self) -> Float64Array:
        """Baseline finish of each group (last breakpoint); NaN for a group without tasks."""
        return self._ends(self.offsets[1:] - 1)

    @property
    def total(self) -> Float64Array:
        """Budget at completion of each group (the curve's final value); 0 without tasks."""
        empty = self.offsets[1:] == self.offsets[:-1]
        last = np.maximum(self.offsets[1:] - 1, 0)
        values = self.after[last] if self.after.size else np.zeros(self.n_groups)
        return np.where(empty, 0.0, values)

    def _ends(self, rows: Int64Array) -> Float64Array:
        empty = self.offsets[1:] == self.offsets[:-1]
        if not self.time.size:
            return np.full(self.n_groups, np.nan)
        values = self.time[np.clip(rows, 0, self.time.size - 1)].astype(np.float64)
        return np.where(empty, np.nan, values)

    @classmethod
    def from_table(cls, cumulative: npt.ArrayLike) -> PlannedCurve:
        """A curve per row of a table of cumulative planned value at the end of each period.

        Parameters
        ----------
        cumulative : array_like of float, shape (n_groups, periods)
            ``cumulative[g, p]`` is group ``g``'s planned value at the end of period ``p + 1``;
            non-decreasing along each row. Time is the period index: period ``p + 1`` ends at
            time ``p + 1`` and the plan starts at time 0 with value 0, so the curve is Lipke's
            straight-line interpolation between period ends.

        Returns
        -------
        PlannedCurve
        """
        table = np.asarray(cumulative, np.float64)
        if table.ndim != 2:
            raise ValueError(f"cumulative must be two-dimensional, got shape {table.shape}")
        if not np.isfinite(table).all() or (np.diff(table, axis=1) < 0).any() or (table < 0).any():
            raise ValueError("cumulative must be finite, >= 0 and non-decreasing along each row")
        groups, periods = table.shape
        values = np.concatenate((np.zeros((groups, 1)), table), axis=1).reshape(-1)
        time = np.tile(np.arange(periods + 1, dtype=np.int64), groups)
        offsets = np.arange(groups + 1, dtype=np.int64) * (periods + 1)
        return cls(offsets, time, values, values.copy())

    def value_at(self, times: npt.ArrayLike) -> Float64Array:
        """Planned value of every group at each time (the PV S-curve).

        Parameters
        ----------
        times : array_like of int, shape (k,) or (n_groups, k)
            The moments (same working-time units and origin as the baseline); a 1-D array is
            used for every group.

        Returns
        -------
        numpy.ndarray of float64, shape (n_groups, k)
            ``PV(t)``: 0 before a group's first breakpoint, its total after the last.
        """
        query = np.asarray(times)
        if query.dtype.kind not in "iu":
            raise ValueError(f"times must hold integers (working-time units), got {query.dtype}")
        query = np.broadcast_to(query.astype(np.int64), (self.n_groups, query.shape[-1]))
        k = query.shape[1]
        lo = np.repeat(self.offsets[:-1], k)
        hi = np.repeat(self.offsets[1:], k)
        flat = query.reshape(-1)
        row = _search(self.time, lo, hi, flat) - 1  # last breakpoint at or before the time
        return self._interpolate(row, lo, hi, flat).reshape(self.n_groups, k)

    def _interpolate(
        self, row: Int64Array, lo: Int64Array, hi: Int64Array, t: Int64Array
    ) -> Float64Array:
        if not self.time.size:
            return np.zeros(row.shape)
        at = np.clip(row, 0, self.time.size - 1)
        nxt = np.clip(row + 1, 0, self.time.size - 1)
        inside = (row >= lo) & (row + 1 < hi)
        span = np.where(inside, self.time[nxt] - self.time[at], 1).astype(np.float64)
        rise = np.where(inside, self.before[nxt] - self.after[at], 0.0)
        value = self.after[at] + rise * (t - self.time[at]) / span
        return np.where(row < lo, 0.0, value)

    def earned_schedule(self, ev: npt.ArrayLike) -> Float64Array:
        """Earned schedule of each group: when the plan reached the value now earned.

        ``ES = sup {t : PV(t) <= EV}`` within the group's baseline, as a time from the
        group's baseline start. On a period table this is Lipke's ``ES = C + I`` with
        ``C`` the periods whose cumulative PV is ``<= EV`` and
        ``I = (EV - PV_C) / (PV_{C+1} - PV_C)``; inside a milestone's step it is the
        milestone's time.

        Parameters
        ----------
        ev : array_like of float, shape (n_groups,)
            Earned value of each group, in the curve's unit.

        Returns
        -------
        numpy.ndarray of float64, shape (n_groups,)
            In ``[0, planned duration]``; NaN for a group without tasks or a NaN ``ev``.
        """
        earned = np.asarray(ev, np.float64)
        if earned.shape != (self.n_groups,):
            raise ValueError(f"ev must have shape ({self.n_groups},), got {earned.shape}")
        lo, hi = self.offsets[:-1], self.offsets[1:]
        # the last breakpoint whose value just before it is still <= EV (before[lo] == 0)
        row = _search(self.before, lo, hi, np.nan_to_num(earned, nan=-1.0)) - 1
        at = np.clip(row, 0, max(self.time.size - 1, 0))
        nxt = np.clip(row + 1, 0, max(self.time.size - 1, 0))
        if not self.time.size:
            return np.full(self.n_groups, np.nan)
        inside = row + 1 < hi
        rise = self.before[nxt] - self.after[at]
        span = (self.time[nxt] - self.time[at]).astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            step = np.where(inside & (rise > 0), (earned - self.after[at]) / rise, 0.0)
        moment = self.time[at] + np.clip(step, 0.0, 1.0) * np.where(inside, span, 0.0)
        es = moment - self.time[np.clip(lo, 0, self.time.size - 1)]
        return np.where((row < lo) | np.isnan(earned), np.nan, es)


def planned_curve(
    start: npt.ArrayLike,
    finish: npt.ArrayLike,
    budget: npt.ArrayLike,
    group: npt.ArrayLike | None = None,
    n_groups: int | None = None,
) -> PlannedCurve:
    """The cumulative planned value curve of each group of tasks.

    Each task spreads its budget evenly over ``[start, finish]``; a milestone
    (``start == finish``) plans it all at ``finish``.

    Parameters
    ----------
    start, finish : array_like of int, shape (n,)
        Baseline start and finish of each task (working-time units, one axis for all).
    budget : array_like of float, shape (n,)
        Budget (money or hours) of each task, ``>= 0``.
    group : array_like of int, shape (n,), optional
        Group index of each task; every task is its own group when omitted.
    n_groups : int, optional
        Number of groups (``max(group) + 1`` when omitted).

    Returns
    -------
    PlannedCurve
    """
    s = _validate.offsets("start", start)
    n = s.shape[0]
    f = _validate.offsets("finish", finish, n)
    w = _validate.amounts("budget", budget, n)
    if n and (f < s).any():
        at = int(np.flatnonzero(f < s)[0])
        raise ValueError(f"finish must be >= start, got finish[{at}] = {f[at]} < {s[at]}")
    if group is None:
        g, size = np.arange(n, dtype=np.int64), n if n_groups is None else n_groups
        g, size = _validate.parents("group", g, n, size)
    else:
        g, size = _validate.parents("group", group, n, n_groups)
    return _build(s, f, w, g, size)


def _build(s: Int64Array, f: Int64Array, w: Float64Array, g: Int64Array, size: int) -> PlannedCurve:
    return _build_many(s, f, (w,), g, size)[0]


def _event_order(group: Int64Array, time: Int64Array, size: int) -> Int64Array:
    """Indexes that sort events by (group, time): one argsort of a combined key if it fits."""
    if not time.size:
        return np.zeros(0, np.int64)
    low, high = int(time.min()), int(time.max())
    if (high - low + 1) * max(size, 1) < 2**62:
        return np.argsort(group * (high - low + 1) + (time - low))
    return np.lexsort((time, group))


def _build_many(
    s: Int64Array,
    f: Int64Array,
    weights: Sequence[Float64Array],
    g: Int64Array,
    size: int,
) -> list[PlannedCurve]:
    """Curves of the same tasks and groups for several budgets (money, hours): one sort."""
    span = f - s
    linear = span > 0
    # events: every task's finish (slope off, or the milestone's step), and linear tasks' start
    ev_group = np.concatenate((g, g[linear]))
    ev_time = np.concatenate((f, s[linear]))
    order = _event_order(ev_group, ev_time, size)
    ev_group, ev_time = ev_group[order], ev_time[order]
    new = np.ones(order.shape[0], np.bool_)
    new[1:] = (ev_group[1:] != ev_group[:-1]) | (ev_time[1:] != ev_time[:-1])
    point = np.cumsum(new) - 1
    points = int(new.sum())
    p_group, p_time = ev_group[new], ev_time[new]
    offsets = np.zeros(size + 1, np.int64)
    np.cumsum(np.bincount(p_group, minlength=size), out=offsets[1:])
    first = offsets[:-1]
    same = p_group[1:] == p_group[:-1]
    elapsed = np.where(same, p_time[1:] - p_time[:-1], 0)
    curves = []
    for w in weights:
        rate = np.divide(w, span, out=np.zeros_like(w), where=linear)
        ev_slope = np.concatenate((-rate, rate[linear]))[order]
        ev_jump = np.concatenate((np.where(linear, 0.0, w), np.zeros(int(linear.sum()))))[order]
        slope_delta = _weighted_count(point, ev_slope, points)
        jump = _weighted_count(point, ev_jump, points)
        # slope after each breakpoint; rounding must not make a flat stretch slope downwards
        slope = np.maximum(_group_cumsum(slope_delta, first, p_group), 0.0)
        rise = np.zeros(points)
        rise[1:] = slope[:-1] * elapsed
        after = _group_cumsum(rise + jump, first, p_group)
        before = after - jump
        before[first[first < points]] = 0.0
        curves.append(PlannedCurve(offsets, p_time, before, after))
    return curves
