"""Conversions between local datetimes and working minutes, vectorised over NumPy arrays.

Conventions
-----------
* Datetimes are naive local times of the calendar's place (the project's locale); a timezone
  aware datetime is refused. Seconds and below are dropped (floored to the minute).
* ``to_working_minutes`` counts the working minutes from ``origin`` to each moment, negative
  before it. A moment in non-working time counts as the next working minute, so 12:00, 12:30
  and 13:00 around a 12:00–13:00 lunch map to the same offset, and so do Friday 17:00 and
  Monday 08:00. The origin itself is offset 0 wherever it lies.
* ``from_working_minutes`` is its inverse. A *start* at offset ``m`` is the moment after ``m``
  working minutes, placed at the start of the next working period (a start at the end of a day
  is the next working morning). A *finish* (``as_finish=True``) is placed at the end of the
  period in which the ``m``-th minute ends (a task ending at 12:00 finishes at 12:00, not
  13:00). Starts and finishes differ only at the boundaries between working periods.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from openpmo.engines.calendars.model import Calendar
from openpmo.engines.calendars.table import (
    IntArray,
    day_patterns,
    resolve,
    table_for_elapsed,
    table_for_moments,
)

__all__ = [
    "add_working_minutes",
    "from_working_minutes",
    "is_working_day",
    "to_working_minutes",
    "working_minutes_between",
    "working_minutes_per_day",
]

MomentLike: TypeAlias = dt.datetime | dt.date | np.datetime64 | str
"""One moment: a naive datetime, a date (its midnight), a ``datetime64`` or an ISO string."""


def _moments(values: Any, name: str) -> IntArray:
    """Minutes since 1970-01-01T00:00 of each value, floored to the minute."""
    array = np.asarray(values)
    if array.dtype == object:
        for item in array.ravel():
            if isinstance(item, dt.datetime) and item.tzinfo is not None:
                raise ValueError(f"{name}: {item.isoformat()} has a timezone; give local time")
            if not isinstance(item, dt.date | np.datetime64 | str):
                raise ValueError(f"{name}: {item!r} is not a datetime")
    elif array.dtype.kind not in "MU":
        raise ValueError(f"{name}: expected datetimes, got an array of {array.dtype}")
    try:
        minutes = array.astype("datetime64[m]")
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from None
    if np.isnat(minutes).any():
        raise ValueError(f"{name}: contains NaT (not a time)")
    result: IntArray = minutes.view(np.int64)
    return result


def _moment(value: MomentLike, name: str) -> int:
    moments = _moments(value, name)
    if moments.ndim != 0:
        raise ValueError(f"{name}: expected a single datetime")
    return int(moments)


def _offsets(values: ArrayLike, name: str) -> IntArray:
    array = np.asarray(values)
    if array.dtype.kind not in "iu":
        raise ValueError(f"{name}: expected integer working minutes, got {array.dtype}")
    return array.astype(np.int64)


def to_working_minutes(
    calendar: Calendar, origin: MomentLike, datetimes: ArrayLike | MomentLike
) -> NDArray[np.int64]:
    """Working minutes from ``origin`` to each datetime.

    Parameters
    ----------
    calendar : Calendar
    origin : datetime-like
        The project origin (offset 0), naive local time.
    datetimes : datetime-like or array of them
        Naive datetimes, ``datetime64`` values or ISO strings, any shape.

    Returns
    -------
    numpy.ndarray of int64
        Same shape as ``datetimes``: working minutes, negative before the origin. Non-working
        moments count as the next working minute (see the module's conventions).

    Raises
    ------
    ValueError
        For an aware or missing datetime, or a calendar without working time after a moment.

    Examples
    --------
    >>> cal = Calendar.standard(hours="09:00-12:00, 13:00-18:00")
    >>> to_working_minutes(cal, "2025-03-03T09:00", ["2025-03-03T12:30", "2025-03-04T09:00"])
    array([180, 480])
    """
    start = _moment(origin, "origin")
    moments = _moments(datetimes, "datetimes")
    if moments.size == 0:
        return np.zeros(moments.shape, dtype=np.int64)
    table = table_for_moments(
        calendar, min(start, int(moments.min())), max(start, int(moments.max()))
    )
    zero = table.elapsed(np.array([start], dtype=np.int64))[0]
    result: IntArray = table.elapsed(moments) - zero
    return result


def from_working_minutes(
    calendar: Calendar, origin: MomentLike, minutes: ArrayLike, *, as_finish: bool = False
) -> NDArray[np.datetime64]:
    """The datetime at each offset of working minutes from ``origin``.

    Parameters
    ----------
    calendar : Calendar
    origin : datetime-like
        The project origin (offset 0), naive local time.
    minutes : int or array of int
        Working-minute offsets, any shape, negative before the origin.
    as_finish : bool, default False
        Place each result as a finish (at the end of the working period in which the last
        minute ends) rather than as a start (at the start of the next working period).

    Returns
    -------
    numpy.ndarray of datetime64[m]
        Same shape as ``minutes``.

    Raises
    ------
    ValueError
        For non-integer offsets, or a calendar without enough working time in years 1–9999.

    Examples
    --------
    >>> cal = Calendar.standard(hours="09:00-12:00, 13:00-18:00")
    >>> from_working_minutes(cal, "2025-03-03T09:00", [180, 480])
    array(['2025-03-03T13:00', '2025-03-04T09:00'], dtype='datetime64[m]')
    >>> from_working_minutes(cal, "2025-03-03T09:00", [180, 480], as_finish=True)
    array(['2025-03-03T12:00', '2025-03-03T18:00'], dtype='datetime64[m]')
    """
    start = _moment(origin, "origin")
    offsets = _offsets(minutes, "minutes")
    if offsets.size == 0:
        return np.zeros(offsets.shape, dtype="datetime64[m]")
    table, zero = table_for_elapsed(
        calendar, start, int(offsets.min()), int(offsets.max()), as_finish=as_finish
    )
    return table.moment(zero + offsets, as_finish=as_finish).astype("datetime64[m]")


def add_working_minutes(
    calendar: Calendar, start: MomentLike, minutes: int, *, as_finish: bool = False
) -> dt.datetime:
    """The datetime ``minutes`` working minutes after ``start`` (before it if negative).

    Parameters
    ----------
    calendar : Calendar
    start : datetime-like
        Naive local time; in non-working time it counts from the next working minute.
    minutes : int
    as_finish : bool, default False
        Place the result as a finish rather than a start (see the module's conventions).

    Returns
    -------
    datetime.datetime
        Naive local time.

    Examples
    --------
    >>> cal = Calendar.standard(hours="09:00-12:00, 13:00-18:00")
    >>> add_working_minutes(cal, dt.datetime(2025, 3, 3, 10), 240)
    datetime.datetime(2025, 3, 3, 15, 0)
    """
    if not isinstance(minutes, int | np.integer) or isinstance(minutes, bool):
        raise ValueError(f"minutes: expected an integer, got {minutes!r}")
    moment = from_working_minutes(calendar, start, minutes, as_finish=as_finish)
    result: dt.datetime = moment.astype("datetime64[m]").item()
    return result


def working_minutes_between(calendar: Calendar, start: MomentLike, finish: MomentLike) -> int:
    """Working minutes from ``start`` to ``finish`` (negative if ``finish`` is earlier)."""
    return int(to_working_minutes(calendar, start, finish))


def _days(values: ArrayLike | dt.date | str) -> IntArray:
    array = np.asarray(values)
    if array.dtype == object and any(isinstance(v, dt.datetime) for v in array.ravel()):
        raise ValueError("days: expected dates, got datetimes")
    try:
        days = array.astype("datetime64[D]")
    except (ValueError, TypeError) as error:
        raise ValueError(f"days: {error}") from None
    if np.isnat(days).any():
        raise ValueError("days: contains NaT (not a time)")
    result: IntArray = days.view(np.int64)
    return result


def working_minutes_per_day(
    calendar: Calendar, days: ArrayLike | dt.date | str
) -> NDArray[np.int64]:
    """Working minutes on each day.

    Parameters
    ----------
    calendar : Calendar
    days : date-like or array of them
        Dates, ``datetime64[D]`` values or ISO date strings, any shape.

    Returns
    -------
    numpy.ndarray of int64
        Same shape as ``days``.
    """
    numbers = _days(days)
    resolved = resolve(calendar)
    result: IntArray = resolved.day_minutes[day_patterns(resolved, numbers)]
    return result


def is_working_day(calendar: Calendar, days: ArrayLike | dt.date | str) -> NDArray[np.bool_]:
    """Whether each day has any working time; same shape as ``days``."""
    result: NDArray[np.bool_] = working_minutes_per_day(calendar, days) > 0
    return result
