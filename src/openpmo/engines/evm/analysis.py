"""Earned value of tasks at a status date, rolled up through any chain of groups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from openpmo.engines.evm import _validate
from openpmo.engines.evm.curve import _build_many, _weighted_count
from openpmo.engines.evm.figures import EacMethod, Figures, figures

__all__ = ["EvmResult", "Level", "Tasks", "analyse", "planned_fraction", "tasks"]

Float64Array = npt.NDArray[np.float64]
Int64Array = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class Tasks:
    """Checked task inputs of the earned value engine; build with :func:`tasks`.

    Attributes
    ----------
    budget, hours : numpy.ndarray of float64, shape (n,)
        Budget at completion in money and in hours.
    start, finish : numpy.ndarray of int64, shape (n,)
        Baseline start and finish in working-time units on one axis for all tasks.
    percent_complete : numpy.ndarray of float64, shape (n,)
        Physical percent complete, 0-100.
    actual_cost, actual_hours : numpy.ndarray of float64, shape (n,)
        Cumulative actuals up to the status date.
    etc_cost, etc_hours : numpy.ndarray of float64, shape (n,)
        Bottom-up estimate to complete; NaN where the task has none.
    """

    budget: Float64Array
    hours: Float64Array
    start: Int64Array
    finish: Int64Array
    percent_complete: Float64Array
    actual_cost: Float64Array
    actual_hours: Float64Array
    etc_cost: Float64Array
    etc_hours: Float64Array

    @property
    def n(self) -> int:
        """Number of tasks."""
        return int(self.budget.shape[0])


def tasks(
    *,
    budget: npt.ArrayLike,
    start: npt.ArrayLike,
    finish: npt.ArrayLike,
    percent_complete: npt.ArrayLike,
    actual_cost: npt.ArrayLike,
    hours: npt.ArrayLike | None = None,
    actual_hours: npt.ArrayLike | None = None,
    etc_cost: npt.ArrayLike | None = None,
    etc_hours: npt.ArrayLike | None = None,
) -> Tasks:
    """Check and convert the per-task inputs.

    Parameters
    ----------
    budget : array_like of float, shape (n,)
        Budget at completion (BAC) in money, ``>= 0``.
    start, finish : array_like of int, shape (n,)
        Baseline start and finish, ``finish >= start``, in working-time units (working minutes
        from the calendar engine, or period indexes) on one axis shared by every task that is
        rolled up together. ``start == finish`` is a milestone.
    percent_complete : array_like of float, shape (n,)
        Physical percent complete at the status date, 0-100.
    actual_cost : array_like of float, shape (n,)
        Actual cost to date, ``>= 0``.
    hours, actual_hours : array_like of float, shape (n,), optional
        Planned and actual hours; zeros when omitted.
    etc_cost, etc_hours : array_like of float, shape (n,), optional
        Bottom-up estimate to complete; NaN marks a task without one.

    Returns
    -------
    Tasks

    Raises
    ------
    ValueError
        Naming the argument and the first bad entry: wrong shape or dtype, a negative or
        non-finite amount, a percentage outside 0-100, ``finish < start``.
    """
    bac = _validate.amounts("budget", budget)
    n = bac.shape[0]
    s = _validate.offsets("start", start, n)
    f = _validate.offsets("finish", finish, n)
    if n and (f < s).any():
        at = int(np.flatnonzero(f < s)[0])
        raise ValueError(f"finish must be >= start, got finish[{at}] = {f[at]} < start {s[at]}")
    zeros, missing = np.zeros(n), np.full(n, np.nan)
    return Tasks(
        budget=bac,
        hours=zeros if hours is None else _validate.amounts("hours", hours, n),
        start=s,
        finish=f,
        percent_complete=_validate.amounts("percent_complete", percent_complete, n, upper=100),
        actual_cost=_validate.amounts("actual_cost", actual_cost, n),
        actual_hours=zeros
        if actual_hours is None
        else _validate.amounts("actual_hours", actual_hours, n),
        etc_cost=missing
        if etc_cost is None
        else _validate.amounts("etc_cost", etc_cost, n, missing=True),
        etc_hours=missing
        if etc_hours is None
        else _validate.amounts("etc_hours", etc_hours, n, missing=True),
    )


def planned_fraction(start: Int64Array, finish: Int64Array, status: int) -> Float64Array:
    """Share of each task's budget planned by ``status``: linear over ``[start, finish]``.

    0 up to the start, 1 from the finish on; a milestone (``start == finish``) is 0 before
    its finish and 1 from it.
    """
    span = (finish - start).astype(np.float64)
    elapsed = (status - start).astype(np.float64)
    share = np.divide(elapsed, span, out=(status >= finish).astype(np.float64), where=span > 0)
    return np.clip(share, 0.0, 1.0)


@dataclass(frozen=True, eq=False)
class Level:
    """Figures of one level (tasks, projects, programs, portfolios) in money and in hours.

    Attributes
    ----------
    money, hours : Figures
        One entry per member of the level.
    """

    money: Figures
    hours: Figures


@dataclass(frozen=True, eq=False)
class EvmResult:
    """Earned value at one status date, level by level.

    Attributes
    ----------
    status : int
        The status date as a working-time offset.
    levels : tuple of Level
        ``levels[0]`` the tasks, then one level per entry of ``parents`` given to
        :func:`analyse` (e.g. projects, programs, portfolios).
    """

    status: int
    levels: tuple[Level, ...]


def _sums(values: Sequence[Float64Array], group: Int64Array, size: int) -> list[Float64Array]:
    return [_weighted_count(group, v, size) for v in values]


def _level(
    items: Tasks,
    sums: list[Float64Array],
    task_group: Int64Array | None,
    size: int,
    status: int,
    method: EacMethod,
    schedule: bool,
) -> Level:
    """Figures from summed (bac, pv, ev, ac, etc) in money then hours.

    ``task_group`` None means the tasks themselves, whose earned schedule has a closed form.
    """
    timing: list[tuple[Float64Array | None, ...]] = [(None, None, None)] * 2
    if schedule and task_group is None:
        timing = [
            _task_schedule(items, weight, sums[unit * 5 + 2], status)
            for unit, weight in enumerate((items.budget, items.hours))
        ]
    elif schedule and task_group is not None:
        weights = (items.budget, items.hours)
        curves = _build_many(items.start, items.finish, weights, task_group, size)
        for unit, curve in enumerate(curves):
            origin = curve.start
            earned = curve.earned_schedule(sums[unit * 5 + 2])
            timing[unit] = (earned, status - origin, curve.finish - origin)
    result = []
    for unit in (0, 1):
        bac, pv, ev, ac, etc = sums[unit * 5 : unit * 5 + 5]
        es_, at_, pd_ = timing[unit]
        result.append(figures(bac, pv, ev, ac, etc=etc, eac_method=method, es=es_, at=at_, pd=pd_))
    return Level(money=result[0], hours=result[1])


def _task_schedule(
    items: Tasks, budget: Float64Array, ev: Float64Array, status: int
) -> tuple[Float64Array, Float64Array, Float64Array]:
    """Earned schedule of each task on its own straight line: ``ES = PD * EV / BAC``.

    The same as :meth:`PlannedCurve.earned_schedule` on one task: a task without budget has
    ``PV(t) = 0 <= EV`` throughout, so ES = PD; a milestone spans no time, so ES = PD = 0.
    """
    pd = (items.finish - items.start).astype(np.float64)
    share = np.divide(ev, budget, out=np.ones_like(ev), where=budget > 0)
    return pd * np.clip(share, 0.0, 1.0), (status - items.start).astype(np.float64), pd


def analyse(
    items: Tasks,
    status: int,
    parents: Sequence[npt.ArrayLike] = (),
    sizes: Sequence[int | None] | None = None,
    *,
    eac_method: EacMethod | str = EacMethod.CPI,
    earned_schedule: bool = True,
) -> EvmResult:
    """Earned value of every task and every group above it at one status date.

    Parameters
    ----------
    items : Tasks
        From :func:`tasks`.
    status : int
        The status date as a working-time offset on the tasks' axis. Planned value counts
        the baseline up to this instant.
    parents : sequence of array_like of int
        The roll-up chain: ``parents[0][i]`` is the group (e.g. project) of task ``i``,
        ``parents[1][j]`` the group (e.g. program) of group ``j`` of the level below, and so on.
    sizes : sequence of int or None, optional
        Number of groups per level (so empty groups get a row); ``max + 1`` when omitted.
    eac_method : EacMethod or str, default "cpi"
        The estimate at completion reported as ``eac`` (all four are always computed).
    earned_schedule : bool, default True
        Compute ES, SV(t), SPI(t) and IEAC(t) on every level (NaN when False).

    Returns
    -------
    EvmResult
        Tasks first, then one :class:`Level` per parent array. Every figure of a group is
        computed from the summed BAC, PV, EV, AC and ETC of its tasks (ratios are never
        averaged); earned schedule from the group's summed planned value curve.

    Examples
    --------
    >>> t = tasks(budget=[100.0, 300.0], start=[0, 0], finish=[10, 10],
    ...           percent_complete=[50, 50], actual_cost=[40.0, 200.0])
    >>> r = analyse(t, 5, parents=[[0, 0]])
    >>> r.levels[1].money.cpi.tolist(), r.levels[1].money.es.tolist()
    ([0.8333333333333334], [5.0])
    """
    method = EacMethod(eac_method)
    status = int(status)
    share = planned_fraction(items.start, items.finish, status)
    done = items.percent_complete / 100.0
    base = [
        items.budget,
        items.budget * share,
        items.budget * done,
        items.actual_cost,
        items.etc_cost,
        items.hours,
        items.hours * share,
        items.hours * done,
        items.actual_hours,
        items.etc_hours,
    ]
    n = items.n
    own = np.arange(n, dtype=np.int64)
    levels = [_level(items, base, None, n, status, method, earned_schedule)]
    wanted = list(sizes) if sizes is not None else [None] * len(parents)
    if len(wanted) != len(parents):
        raise ValueError(
            f"sizes must have {len(parents)} entries (one per parent), got {len(wanted)}"
        )
    task_group, count, sums = own, n, base
    for depth, (parent, size) in enumerate(zip(parents, wanted, strict=True)):
        mapping, count = _validate.parents(f"parents[{depth}]", parent, count, size)
        sums = _sums(sums, mapping, count)
        task_group = mapping[task_group]
        levels.append(_level(items, sums, task_group, count, status, method, earned_schedule))
    return EvmResult(status=status, levels=tuple(levels))
