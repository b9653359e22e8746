"""Demand against capacity: hours per resource and period, vectorised over every demand item.

Days are integers ``0 .. D-1`` from the window's first day; periods (weeks, months) are
consecutive runs of days given by ``bucket[d]``. A **demand item** is a resource working
``rate`` hours on each of its working days from ``first`` to ``last`` (inclusive) for a project:
a task assignment (``source`` 0) or an allocation (``source`` 1). For one resource, project and
period the demand is the *larger* of the assignment hours and the allocation hours: an
allocation books time that the project's assignments then use, so the two are not added.

No Python loop runs per resource or per item: items expand to (item, period) pairs with
``np.repeat``, working days come from a cumulative sum per calendar, and totals from
``np.bincount``. See ``docs/resources.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "CapacityInput",
    "CapacityResult",
    "demand_cells",
    "plan_capacity",
    "project_demand",
    "sum_rows",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Hours of demand above capacity that count as an over-allocation (rounding noise below).
TOLERANCE = 0.01


@dataclass(frozen=True, eq=False)
class CapacityInput:
    """Everything :func:`plan_capacity` needs; hours as float64, days as int64.

    Attributes
    ----------
    working : numpy.ndarray of bool, shape (C, D)
        Whether day ``d`` is a working day of calendar ``c`` (weekdays, public holidays).
    capacity : numpy.ndarray of float, shape (R, D)
        Hours each resource can work each day (0 on days off and leave).
    calendar : numpy.ndarray of int, shape (R,)
        Calendar of each resource (row of ``working``).
    bucket : numpy.ndarray of int, shape (D,)
        Period of each day, non-decreasing from 0 to ``B-1``.
    item_resource, item_project, item_first, item_last, item_source : numpy.ndarray of int, (A,)
        Each demand item's resource, project index, first and last day (inclusive; may lie
        outside the window, which clips them) and source (0 assignment, 1 allocation).
    item_rate : numpy.ndarray of float, shape (A,)
        Hours per working day of the item's resource.
    item_work : numpy.ndarray of float, shape (A,)
        Total hours of the item spread evenly over its working days; ``NaN``: use the rate.
    item_actual : numpy.ndarray of float, shape (A,)
        Actual hours recorded, spread like the plan (0 when none).
    """

    working: BoolArray
    capacity: FloatArray
    calendar: IntArray
    bucket: IntArray
    item_resource: IntArray
    item_project: IntArray
    item_first: IntArray
    item_last: IntArray
    item_source: IntArray
    item_rate: FloatArray
    item_work: FloatArray
    item_actual: FloatArray

    @property
    def n_buckets(self) -> int:
        return int(self.bucket[-1]) + 1 if self.bucket.size else 0


@dataclass(frozen=True, eq=False)
class CapacityResult:
    """Hours per resource and period, and where the demand comes from.

    Attributes
    ----------
    capacity, demand, actual : numpy.ndarray of float, shape (R, B)
        Capacity, planned demand and actual hours.
    pair_item, pair_bucket : numpy.ndarray of int, shape (K,)
        Every (item, period) with hours in the window.
    pair_hours, pair_actual : numpy.ndarray of float, shape (K,)
        Planned and actual hours of the item in the period.
    over_resource, over_bucket : numpy.ndarray of int, shape (V,)
        The over-allocated cells (demand above capacity), by resource then period.
    """

    capacity: FloatArray
    demand: FloatArray
    actual: FloatArray
    pair_item: IntArray
    pair_bucket: IntArray
    pair_hours: FloatArray
    pair_actual: FloatArray
    over_resource: IntArray
    over_bucket: IntArray

    def grouped(self, group: IntArray, n_groups: int) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Capacity, demand and actual hours summed over resources by ``group[r]`` (-1: none)."""
        return (
            sum_rows(self.capacity, group, n_groups),
            sum_rows(self.demand, group, n_groups),
            sum_rows(self.actual, group, n_groups),
        )


def sum_rows(matrix: FloatArray, group: IntArray, n_groups: int) -> FloatArray:
    """Rows of ``matrix`` summed by ``group[r]`` into ``n_groups`` rows (-1: left out), in
    row order."""
    out = np.zeros((n_groups, matrix.shape[1]))
    keep = group >= 0
    np.add.at(out, group[keep], matrix[keep])
    return out


def _expand(first_bucket: IntArray, last_bucket: IntArray) -> tuple[IntArray, IntArray]:
    """Item index and period of every (item, period) an item touches."""
    counts = np.maximum(last_bucket - first_bucket + 1, 0)
    item = np.repeat(np.arange(first_bucket.size, dtype=np.int64), counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    bucket = first_bucket[item] + (np.arange(item.size, dtype=np.int64) - starts)
    return item, bucket


def _pairs(data: CapacityInput) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
    days = data.bucket.size
    first = np.clip(data.item_first, 0, days)
    last = np.clip(data.item_last, -1, days - 1)
    inside = np.flatnonzero(last >= first)
    item, bucket = _expand(data.bucket[first[inside]], data.bucket[last[inside]])
    item = inside[item]
    n_buckets = data.n_buckets
    starts = np.searchsorted(data.bucket, np.arange(n_buckets + 1))
    lo = np.maximum(first[item], starts[bucket])
    hi = np.minimum(last[item], starts[bucket + 1] - 1)
    cum = np.zeros((data.working.shape[0], days + 1), np.int64)
    np.cumsum(data.working, axis=1, out=cum[:, 1:])
    cal = data.calendar[data.item_resource[item]]
    worked = cum[cal, hi + 1] - cum[cal, lo]
    spans = (
        cum[data.calendar[data.item_resource], last + 1]
        - cum[data.calendar[data.item_resource], first]
    )
    span = np.maximum(spans[item], 1)
    work = data.item_work[item]
    rate = np.where(np.isnan(work), data.item_rate[item], work / span)
    share = worked / span
    hours = rate * worked
    actual = data.item_actual[item] * share
    return item, bucket, hours, actual


def _combined(
    data: CapacityInput, item: IntArray, bucket: IntArray, hours: FloatArray
) -> tuple[IntArray, IntArray, IntArray, FloatArray]:
    """Hours per (resource, project, period) cell: the larger of its assignment hours and its
    allocation hours; returned as the cells' resource, project, period and hours."""
    n_projects = max(int(data.item_project.max(initial=-1)) + 1, 1)
    n_buckets = max(data.n_buckets, 1)
    cell = (data.item_resource[item] * n_projects + data.item_project[item]) * n_buckets + bucket
    keys, inverse = np.unique(cell, return_inverse=True)
    by_source = np.zeros((2, keys.size))
    np.add.at(by_source, (data.item_source[item], inverse), hours)
    return (
        keys // (n_projects * n_buckets),
        (keys // n_buckets) % n_projects,
        keys % n_buckets,
        by_source.max(axis=0),
    )


def demand_cells(
    data: CapacityInput, result: CapacityResult
) -> tuple[IntArray, IntArray, IntArray, FloatArray]:
    """Demand hours per (resource, project, period) cell, as :func:`plan_capacity` adds them.

    Parameters
    ----------
    data, result : CapacityInput, CapacityResult
        The input and the result of :func:`plan_capacity`.

    Returns
    -------
    resource, project, period : numpy.ndarray of int, shape (N,)
        Each cell's resource, project index and period, sorted by resource, then project,
        then period (the order ``result.demand`` sums them in).
    hours : numpy.ndarray of float, shape (N,)
        The larger of the cell's assignment hours and allocation hours.
    """
    return _combined(data, result.pair_item, result.pair_bucket, result.pair_hours)


def project_demand(data: CapacityInput, result: CapacityResult, n_projects: int) -> FloatArray:
    """Demand hours per project and period, summed over resources.

    Parameters
    ----------
    data, result : CapacityInput, CapacityResult
        The input and the result of :func:`plan_capacity`.
    n_projects : int
        Number of project indices (``P``); ``item_project`` lies in ``0 .. P-1``.

    Returns
    -------
    numpy.ndarray of float, shape (P, B)
        Each project's share of ``result.demand``: its rows add up to the demand summed over
        resources, period by period.
    """
    _, project, period, combined = _combined(
        data, result.pair_item, result.pair_bucket, result.pair_hours
    )
    out = np.zeros((n_projects, data.n_buckets))
    np.add.at(out, (project, period), combined)
    return out


def plan_capacity(data: CapacityInput) -> CapacityResult:
    """Demand, capacity and actual hours per resource and period, and the over-allocations.

    Parameters
    ----------
    data : CapacityInput
        Calendars, capacity per day, periods and demand items.

    Returns
    -------
    CapacityResult
        Hours per resource and period (``demand`` combines each project's assignments and
        allocations by their maximum), the (item, period) pairs behind them, and the cells
        where demand exceeds capacity by more than :data:`TOLERANCE` hours.
    """
    n_res, n_buckets = data.capacity.shape[0], data.n_buckets
    starts = np.searchsorted(data.bucket, np.arange(n_buckets))
    capacity = (
        np.add.reduceat(data.capacity, starts, axis=1) if data.bucket.size else np.zeros((n_res, 0))
    )
    item, bucket, hours, actual = _pairs(data)
    resource, _, period, combined = _combined(data, item, bucket, hours)
    demand = np.zeros((n_res, n_buckets))
    np.add.at(demand, (resource, period), combined)
    spent = np.zeros((n_res, n_buckets))
    np.add.at(spent, (data.item_resource[item], bucket), actual)
    over_r, over_b = np.nonzero(demand > capacity + TOLERANCE)
    return CapacityResult(
        capacity=capacity,
        demand=demand,
        actual=spent,
        pair_item=item,
        pair_bucket=bucket,
        pair_hours=hours,
        pair_actual=actual,
        over_resource=over_r.astype(np.int64),
        over_bucket=over_b.astype(np.int64),
    )
