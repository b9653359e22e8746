"""Critical path with constraints, deadlines, percentage lags, summaries and progress.

:func:`schedule` extends :func:`openpmo.engines.cpm.cpm` with what a real plan (an MS Project
or Primavera file) carries; with none of it given, its dates and floats equal ``cpm()``'s. All
times are integers in one working-time unit counted from the project start 0 (the calendar
wrapper :mod:`openpmo.engines.scheduling` uses working minutes). The plain ``cpm()`` path and
its kernels are untouched: the extra bounds live in separate kernels.

Rules (``d`` duration, ``c`` constraint date, ``T`` project finish; see
``docs/engines/cpm.md`` for worked examples):

* ``ES = max(0, status_date, SNET c, FNET c - d, link bounds)``; MSO fixes ``ES = c``, MFO
  fixes ``EF = c`` whatever the links say (Primavera's mandatory dates; MS Project with "tasks
  always honor their constraint dates"). The conflict shows as negative float on the other
  activities of the violated path.
* ``T = max(EF)`` over activities (summaries excluded), 0 at least.
* ``LF = min(T, SNLT c + d, FNLT c, deadline, link bounds)``; MSO/MFO fix ``LF`` to their
  date as well (so the constrained activity itself has zero float). SNLT and FNLT, like
  deadlines, act on late dates only (Primavera's rule; MS Project would also pull the early
  dates back when honouring constraints). ``TF = LF - EF`` and may be negative;
  ``critical = TF <= 0`` and not complete.
* ALAP activities are placed at their late dates (``scheduled_start = max(ES, LS)``), and
  activities after them follow in a second forward pass, as in MS Project; their own
  ``early_*`` columns keep the as-soon-as-possible dates.
* Progress (``status_date``, actuals): see :class:`ScheduleInput`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from openpmo.engines.cpm import _bounds, _validate

if TYPE_CHECKING:
    from types import ModuleType

__all__ = ["NO_DATE", "ConstraintType", "ScheduleInput", "ScheduleResult", "schedule"]

Int64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

NO_DATE: int = _bounds.NO_DATE
"""Marks a missing date in an integer date array (``None`` entries in a list work too)."""


class ConstraintType(IntEnum):
    """Codes of ``constraint_type``: MS Project's (MSPDI ``ConstraintType``) numbering."""

    ASAP = 0
    """as soon as possible (the default)."""
    ALAP = 1
    """as late as possible: placed at its late dates; successors follow it."""
    MSO = 2
    """must start on the date: fixes early and late start."""
    MFO = 3
    """must finish on the date: fixes early and late finish."""
    SNET = 4
    """start no earlier than: ``ES >= date``."""
    SNLT = 5
    """start no later than: ``LS <= date``."""
    FNET = 6
    """finish no earlier than: ``EF >= date``."""
    FNLT = 7
    """finish no later than: ``LF <= date``."""


@dataclass(frozen=True, kw_only=True, eq=False)
class ScheduleInput:
    """One network to schedule; every argument but ``durations`` is optional.

    Dates are integers in the durations' unit from the project start 0; in a date array
    ``None`` (in a list) or :data:`NO_DATE` means "no date".

    Parameters
    ----------
    durations : array_like of int, shape (n,)
        Planned duration of each activity, ``>= 0`` (0 makes a milestone). A summary's own
        entry is only used for percentage lags from it.
    pred, succ, link_type, lag : array_like of int, shape (m,)
        Links as in :func:`openpmo.engines.cpm.cpm`.
    lag_percent : array_like of float, shape (m,), optional
        Lag as a percentage of the predecessor's duration, added to ``lag``:
        ``round(lag_percent / 100 * durations[pred])``, halves away from zero.
    constraint_type : array_like of int, shape (n,), optional
        :class:`ConstraintType` codes; ASAP when omitted.
    constraint_date : array_like of int or None, shape (n,), optional
        Date of each constraint; required for MSO, MFO, SNET, SNLT, FNET and FNLT.
    deadline : array_like of int or None, shape (n,), optional
        ``LF <= deadline``; never moves early dates.
    parent : array_like of int, shape (n,), optional
        Summary of each activity, -1 at the top level. An activity that is some activity's
        parent is a summary: it takes no part in the passes, its dates are rolled up from the
        leaves below it, and each link to or from it stands for links to or from each of
        those leaves. Its SNET, FNLT and deadline bind every leaf below; its other
        constraints and its progress are ignored.
    actual_start, actual_finish : array_like of int or None, shape (n,), optional
        An activity with an actual finish (or 100 % complete) is complete: its dates are its
        actual dates, early and late alike, with zero float. An actual finish without an
        actual start implies ``start = finish - duration``.
    remaining : array_like of int or None, shape (n,), optional
        Remaining duration of an activity in progress (started, not complete).
    percent_complete : array_like of float or None, shape (n,), optional
        0-100; gives the remaining duration ``round(duration * (100 - pct) / 100)`` when
        ``remaining`` is not given. Above 0 it needs an actual start.
    status_date : int, optional
        The "as of" date. Activities not started cannot start before it; an activity in
        progress finishes at ``max(status_date, actual_start) + remaining`` (remaining
        defaulting to ``duration - (status_date - actual_start)``, at least 0). Without a
        status date an activity in progress finishes at ``actual_start + remaining``.

    Notes
    -----
    Links into an activity that has started bind neither end any more (Primavera's
    "progress override"): its start is a fact, and its predecessors are not held to it.
    """

    durations: npt.ArrayLike
    pred: npt.ArrayLike = ()
    succ: npt.ArrayLike = ()
    link_type: npt.ArrayLike | None = None
    lag: npt.ArrayLike | None = None
    lag_percent: npt.ArrayLike | None = None
    constraint_type: npt.ArrayLike | None = None
    constraint_date: npt.ArrayLike | None = None
    deadline: npt.ArrayLike | None = None
    parent: npt.ArrayLike | None = None
    actual_start: npt.ArrayLike | None = None
    actual_finish: npt.ArrayLike | None = None
    remaining: npt.ArrayLike | None = None
    percent_complete: npt.ArrayLike | None = None
    status_date: int | None = None


@dataclass(frozen=True, eq=False)
class ScheduleResult:
    """Dates and floats of every activity (summaries rolled up), read-only int64 arrays.

    Attributes
    ----------
    early_start, early_finish, late_start, late_finish : numpy.ndarray of int64
        As in :class:`openpmo.engines.cpm.CpmResult`, with constraints, deadlines and progress.
        A started activity's early start is its actual start; ``late_start`` is always
        ``late_finish - (early_finish - early_start)``.
    scheduled_start, scheduled_finish : numpy.ndarray of int64
        Where the activity is placed: the early dates, except for ALAP activities (late
        dates). Use these for a Gantt chart or to compare with a file's Start/Finish.
    total_float : numpy.ndarray of int64
        ``late_finish - early_finish``; negative when a constraint or deadline cannot be met.
    free_float : numpy.ndarray of int64
        Slip of the scheduled dates that moves no successor and not the project finish.
        Negative only where a must-constraint violates a link.
    critical : numpy.ndarray of bool
        ``total_float <= 0``, never for a completed activity.
    complete, in_progress, summary : numpy.ndarray of bool
        Progress state and outline role of each activity.
    project_finish : int
        ``T``, the latest early finish (0 at least).
    """

    early_start: Int64Array
    early_finish: Int64Array
    late_start: Int64Array
    late_finish: Int64Array
    scheduled_start: Int64Array
    scheduled_finish: Int64Array
    total_float: Int64Array
    free_float: Int64Array
    critical: BoolArray
    complete: BoolArray
    in_progress: BoolArray
    summary: BoolArray
    project_finish: int


def _compiled() -> ModuleType:
    from openpmo.engines.cpm import _bounded_kernels

    return _bounded_kernels


def _frozen(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array = np.ascontiguousarray(array)
    array.setflags(write=False)
    return array


def _status(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"status_date must be an integer date, got {value!r}")
    if abs(int(value)) >= 2**60:
        raise ValueError("status_date is too large: |date| must stay below 2**60")
    return int(value)


def schedule(data: ScheduleInput) -> ScheduleResult:
    """Schedule a network with constraints, deadlines, percentage lags, summaries and progress.

    Parameters
    ----------
    data : ScheduleInput
        The activities, links and optional columns; see :class:`ScheduleInput`.

    Returns
    -------
    ScheduleResult
        Early, late and scheduled dates, floats and flags of every activity.

    Raises
    ------
    ValueError
        For a bad argument; the message names it and the first bad entry.
    CycleError
        If the links (after expanding summaries to their leaves) contain a cycle.

    Examples
    --------
    A deadline of 5 on a 3 + 4 chain gives both activities -2 float:

    >>> r = schedule(ScheduleInput(durations=[3, 4], pred=[0], succ=[1], deadline=[None, 5]))
    >>> r.early_finish.tolist(), r.total_float.tolist(), r.critical.tolist()
    ([3, 7], [-2, -2], [True, True])
    """
    from openpmo.engines.cpm import prepare

    d = _validate.durations(data.durations)
    n = d.shape[0]
    status = _status(data.status_date)
    pred, succ, kind, lag = _validate.links(n, data.pred, data.succ, data.link_type, data.lag)
    lag = _bounds.percent_lag(lag, data.lag_percent, d, pred)
    tree = _bounds.outline(data.parent, n)
    pred, succ, kind, lag = _bounds.expand_links(tree, pred, succ, kind, lag)
    codes, day = _bounds.constraints(data.constraint_type, data.constraint_date, n)
    deadline = _bounds.dates("deadline", data.deadline, n)
    done = _bounds.progress(
        d,
        tree.summary,
        data.actual_start,
        data.actual_finish,
        data.remaining,
        data.percent_complete,
        status,
    )
    b = _bounds.bounds(d, codes, day, deadline, tree, done, status)
    network = prepare(n, pred, succ, kind, lag)
    return _passes(network.order, network.offsets, network.edges, b, tree, done)


def _passes(
    order: Int64Array,
    offsets: Int64Array,
    edges: Int64Array,
    b: _bounds.Bounds,
    tree: _bounds.Outline,
    done: _bounds.Progress,
) -> ScheduleResult:
    k = _compiled()
    skip = tree.summary
    early, finish = k.forward(order, offsets, edges, b.span, b.low, b.fixed, skip)
    late_finish = k.backward(order, offsets, edges, b.span, b.high, b.late_fixed, b.cut, finish)
    late_start = late_finish - b.span
    placed = early
    if b.alap.any():
        pinned = np.where(b.alap, np.maximum(early, late_start), b.fixed)
        placed, _ = k.forward(order, offsets, edges, b.span, b.low, pinned, skip)
        early = np.where(b.alap, early, placed)
    free = k.free_float(order, offsets, edges, b.span, placed, b.cut, finish)
    columns = {
        "early_start": early,
        "early_finish": early + b.span,
        "late_start": late_start,
        "late_finish": late_finish,
        "scheduled_start": placed,
        "scheduled_finish": placed + b.span,
        "total_float": late_finish - early - b.span,
        "free_float": np.where(done.complete, 0, free),
    }
    if tree.ancestor.size:
        _roll_up(columns, tree)
    critical = (columns["total_float"] <= 0) & ~done.complete
    return ScheduleResult(
        **{name: _frozen(column) for name, column in columns.items()},
        critical=_frozen(critical),
        complete=_frozen(done.complete.copy()),
        in_progress=_frozen(done.started & ~done.complete),
        summary=_frozen(tree.summary.copy()),
        project_finish=int(finish),
    )


def _roll_up(columns: dict[str, Int64Array], tree: _bounds.Outline) -> None:
    """Summary dates from the leaves below: earliest start, latest finish, tightest float."""
    a, leaf = tree.ancestor, tree.leaf
    rules = {
        "early_start": np.minimum,
        "late_start": np.minimum,
        "scheduled_start": np.minimum,
        "early_finish": np.maximum,
        "late_finish": np.maximum,
        "scheduled_finish": np.maximum,
        "free_float": np.minimum,
    }
    for name, ufunc in rules.items():
        column = columns[name]
        seed = np.iinfo(np.int64).max if ufunc is np.minimum else np.iinfo(np.int64).min
        column[tree.summary] = seed
        ufunc.at(column, a, column[leaf])
    columns["total_float"] = columns["late_finish"] - columns["early_finish"]
