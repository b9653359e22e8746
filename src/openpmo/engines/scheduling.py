"""Critical path over a working-time calendar: datetimes in, datetimes out.

:func:`schedule_project` converts a plan's dates to working minutes of the project calendar
(:mod:`openpmo.engines.calendars`), runs :func:`openpmo.engines.cpm.schedule`, and converts the
resulting dates back. It is what ``pmo schedule FILE.xml`` and the scheduling service call.

Conventions (see ``docs/engines/scheduling.md``):

* Durations, lags, remaining durations, and the floats returned, are integer **working
  minutes** of the project calendar, unless an activity has a task calendar of its own
  (``task_calendar``: its duration and floats count on it, and so do the lags into it) or an
  elapsed duration (``elapsed``: 24 × 7 clock minutes), or a link an elapsed lag
  (``lag_elapsed``). Such plans are scheduled by :mod:`openpmo.engines.calendar_passes`.
* Input datetimes are naive local times; one in non-working time counts as the next working
  minute (so Friday 18:00 and Monday 09:00 are the same offset, for a start as for a finish).
* Output starts use the calendar's *start* convention (the beginning of the next working
  period: a start at the end of a day is the next morning), finishes the *finish* convention
  (the end of the period in which the last minute falls: a finish at lunch is 12:00).
  Milestones (zero span) show both dates with the finish convention, as MS Project does (a
  milestone after a task ending Friday 18:00 is at Friday 18:00), except at or before the
  project start, where they use the start convention.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from openpmo.engines.calendar_passes import CalendarColumns, schedule_on_calendars
from openpmo.engines.calendars import (
    Calendar,
    MomentLike,
    from_working_minutes,
    to_working_minutes,
)
from openpmo.engines.cpm import NO_DATE, ScheduleInput, ScheduleResult, schedule

__all__ = ["ProjectPlan", "ProjectSchedule", "schedule_project"]

Int64Array = npt.NDArray[np.int64]
MomentArray = npt.NDArray[np.datetime64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, kw_only=True, eq=False)
class ProjectPlan:
    """A plan in calendar time; the link and outline columns are those of ``ScheduleInput``.

    Parameters
    ----------
    start : datetime-like
        Project start (working minute 0), naive local time.
    calendar : Calendar
        The project calendar; every activity is scheduled in it.
    durations : array_like of int, shape (n,)
        Working minutes per activity, ``>= 0``.
    pred, succ, link_type, lag, lag_percent, parent, constraint_type : array_like, optional
        As in :class:`openpmo.engines.cpm.ScheduleInput`; ``lag`` in working minutes.
    constraint_date, deadline, actual_start, actual_finish : sequence of datetime or None
        One entry per activity (``None`` = no date), naive local times.
    remaining : array_like of int or None, optional
        Remaining working minutes of activities in progress.
    percent_complete : array_like of float or None, optional
        0-100, see :class:`openpmo.engines.cpm.ScheduleInput`.
    status_date : datetime-like, optional
        Work not done yet is scheduled after it.
    task_calendar : sequence of Calendar or None, optional
        One entry per activity: the calendar its duration (and remaining duration) counts on,
        ``None`` for the project calendar. Lags into an activity count on its calendar
        (Microsoft Project's rule); its floats are in its working minutes.
    elapsed : array_like of bool, optional
        Per activity: the duration and remaining duration are elapsed minutes (24 × 7, no
        calendar), MS Project's ``edays``; floats are elapsed minutes too.
    lag_elapsed : array_like of bool, optional
        Per link: ``lag`` is elapsed minutes.
    """

    start: MomentLike
    calendar: Calendar
    durations: npt.ArrayLike
    pred: npt.ArrayLike = ()
    succ: npt.ArrayLike = ()
    link_type: npt.ArrayLike | None = None
    lag: npt.ArrayLike | None = None
    lag_percent: npt.ArrayLike | None = None
    parent: npt.ArrayLike | None = None
    constraint_type: npt.ArrayLike | None = None
    constraint_date: Any = None
    deadline: Any = None
    actual_start: Any = None
    actual_finish: Any = None
    remaining: npt.ArrayLike | None = None
    percent_complete: npt.ArrayLike | None = None
    status_date: MomentLike | None = None
    task_calendar: Any = None
    elapsed: npt.ArrayLike | None = None
    lag_elapsed: npt.ArrayLike | None = None


@dataclass(frozen=True, eq=False)
class ProjectSchedule:
    """Dates as ``datetime64[m]`` arrays (naive local time); floats in working minutes.

    Attributes
    ----------
    early_start, early_finish, late_start, late_finish : numpy.ndarray of datetime64[m]
    scheduled_start, scheduled_finish : numpy.ndarray of datetime64[m]
        Where each activity is placed (early dates, late ones for ALAP activities).
    total_float, free_float : numpy.ndarray of int64
        Working minutes; negative total float where a constraint or deadline is missed.
    critical : numpy.ndarray of bool
    project_finish : numpy.datetime64
        The latest early finish (finish convention).
    minutes : ScheduleResult
        The same schedule in working minutes from ``start``.
    """

    early_start: MomentArray
    early_finish: MomentArray
    late_start: MomentArray
    late_finish: MomentArray
    scheduled_start: MomentArray
    scheduled_finish: MomentArray
    total_float: Int64Array
    free_float: Int64Array
    critical: BoolArray
    project_finish: np.datetime64
    minutes: ScheduleResult


def _offsets(plan: ProjectPlan, name: str, values: Any, n: int) -> Int64Array:
    """Working minutes of optional datetimes, NO_DATE where an entry is None."""
    if values is None:
        return np.full(n, NO_DATE, np.int64)
    items = list(values)
    if len(items) != n:
        raise ValueError(f"{name} must have {n} entries (one per activity), got {len(items)}")
    given = np.array([item is not None for item in items], np.bool_)
    result = np.full(n, NO_DATE, np.int64)
    if given.any():
        moments = np.array([item for item in items if item is not None], dtype=object)
        try:
            minutes = to_working_minutes(plan.calendar, plan.start, moments)
        except ValueError as error:
            raise ValueError(f"{name}: {error}") from None
        result[given] = minutes
    return result


def _moments(
    calendar: Calendar, origin: MomentLike, minutes: Int64Array, *, as_finish: bool
) -> MomentArray:
    return from_working_minutes(calendar, origin, minutes, as_finish=as_finish)


def schedule_project(plan: ProjectPlan) -> ProjectSchedule:
    """Schedule a plan on its calendar: critical path with every ``ScheduleInput`` feature.

    Parameters
    ----------
    plan : ProjectPlan

    Returns
    -------
    ProjectSchedule
        Dates as local datetimes (starts with the start convention, finishes and milestones
        with the finish convention), floats in working minutes.

    Raises
    ------
    ValueError
        For a bad argument (named), or a calendar without working time where one is needed.
    CycleError
        If the links contain a cycle.

    Examples
    --------
    >>> cal = Calendar.standard(hours="09:00-12:00, 13:00-18:00")
    >>> s = schedule_project(ProjectPlan(
    ...     start="2025-03-07T09:00", calendar=cal, durations=[480, 180], pred=[0], succ=[1]))
    >>> s.early_finish.astype(str).tolist()
    ['2025-03-07T18:00', '2025-03-10T12:00']
    """
    shape = np.shape(plan.durations)
    if len(shape) != 1:
        raise ValueError(f"durations must be one-dimensional, got shape {shape}")
    n = int(shape[0])
    if _needs_calendars(plan):
        return _schedule_on_calendars(plan, n)
    status = None
    if plan.status_date is not None:
        status = int(to_working_minutes(plan.calendar, plan.start, plan.status_date))
    minutes = schedule(
        ScheduleInput(
            durations=plan.durations,
            pred=plan.pred,
            succ=plan.succ,
            link_type=plan.link_type,
            lag=plan.lag,
            lag_percent=plan.lag_percent,
            parent=plan.parent,
            constraint_type=plan.constraint_type,
            constraint_date=_offsets(plan, "constraint_date", plan.constraint_date, n),
            deadline=_offsets(plan, "deadline", plan.deadline, n),
            actual_start=_offsets(plan, "actual_start", plan.actual_start, n),
            actual_finish=_offsets(plan, "actual_finish", plan.actual_finish, n),
            remaining=plan.remaining,
            percent_complete=plan.percent_complete,
            status_date=status,
        )
    )
    cal, origin = plan.calendar, plan.start
    dates: dict[str, MomentArray] = {}
    for kind in ("early", "late", "scheduled"):
        start: Int64Array = getattr(minutes, f"{kind}_start")
        finish: Int64Array = getattr(minutes, f"{kind}_finish")
        as_start = _moments(cal, origin, start, as_finish=False)
        as_finish = _moments(cal, origin, finish, as_finish=True)
        # A milestone shows where its predecessor ended, except at the project start.
        zero = start == finish
        milestone = np.where(start > 0, as_finish, as_start)
        dates[f"{kind}_start"] = np.where(zero, milestone, as_start)
        dates[f"{kind}_finish"] = np.where(zero, milestone, as_finish)
    end = minutes.project_finish
    project_finish = _moments(cal, origin, np.array([end]), as_finish=end > 0)[0]
    return ProjectSchedule(
        **dates,
        total_float=minutes.total_float,
        free_float=minutes.free_float,
        critical=minutes.critical,
        project_finish=project_finish,
        minutes=minutes,
    )


def _flags(name: str, values: Any, n: int) -> BoolArray:
    if values is None:
        return np.zeros(n, np.bool_)
    array = np.asarray(values)
    if array.shape != (n,) or (array.size and array.dtype.kind not in "bi"):
        raise ValueError(f"{name} must hold {n} booleans, got shape {array.shape}")
    return array.astype(np.bool_)


def _needs_calendars(plan: ProjectPlan) -> bool:
    """Whether some activity counts time other than on the project calendar."""
    given = plan.task_calendar is not None and any(c is not None for c in plan.task_calendar)
    flags = (plan.elapsed, plan.lag_elapsed)
    return given or any(f is not None and bool(np.any(f)) for f in flags)


def _epochs(plan: ProjectPlan, name: str, values: Any, n: int) -> Int64Array:
    """Clock minutes since 1970 of optional datetimes (checked as :func:`_offsets` does)."""
    _offsets(plan, name, values, n)
    if values is None:
        return np.full(n, NO_DATE, np.int64)
    return np.array([NO_DATE if v is None else _epoch(v) for v in values], np.int64).reshape(n)


def _epoch(moment: MomentLike) -> int:
    return int(np.asarray(moment).astype("datetime64[m]").astype(np.int64))


def _schedule_on_calendars(plan: ProjectPlan, n: int) -> ProjectSchedule:
    """Activities on calendars of their own or in elapsed time: the clock-minute passes."""
    m = len(np.asarray(plan.pred).reshape(-1))
    calendars = [None] * n if plan.task_calendar is None else list(plan.task_calendar)
    status = None
    if plan.status_date is not None:
        to_working_minutes(plan.calendar, plan.start, plan.status_date)  # checks it
        status = _epoch(plan.status_date)
    result = schedule_on_calendars(
        CalendarColumns(
            origin=_epoch(plan.start),
            project=plan.calendar,
            task_calendar=calendars,
            elapsed=_flags("elapsed", plan.elapsed, n),
            lag_elapsed=_flags("lag_elapsed", plan.lag_elapsed, m),
            durations=np.asarray(plan.durations),
            pred=plan.pred,
            succ=plan.succ,
            link_type=plan.link_type,
            lag=plan.lag,
            lag_percent=plan.lag_percent,
            parent=plan.parent,
            constraint_type=plan.constraint_type,
            constraint_date=_epochs(plan, "constraint_date", plan.constraint_date, n),
            deadline=_epochs(plan, "deadline", plan.deadline, n),
            actual_start=_epochs(plan, "actual_start", plan.actual_start, n),
            actual_finish=_epochs(plan, "actual_finish", plan.actual_finish, n),
            remaining=plan.remaining,
            percent_complete=plan.percent_complete,
            status_date=status,
        )
    )
    dates = {name: column.astype("datetime64[m]") for name, column in result.columns.items()}
    finish = np.array([result.project_finish], np.int64).astype("datetime64[m]")[0]
    offsets = {
        name: to_working_minutes(plan.calendar, plan.start, column)
        for name, column in dates.items()
    }
    end = int(to_working_minutes(plan.calendar, plan.start, finish))
    return ProjectSchedule(
        **dates,
        total_float=result.total_float,
        free_float=result.free_float,
        critical=result.critical,
        project_finish=finish,
        minutes=result.result(offsets, end),
    )
