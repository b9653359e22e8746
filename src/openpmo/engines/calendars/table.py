"""The interval table behind the conversions.

Time is counted in whole minutes since 1970-01-01T00:00 (the integer value of
``datetime64[m]``); days in whole days since 1970-01-01. Over a range of days the table lists
every working interval ``[start, end)`` in order, with the working minutes elapsed from the
start of the range to each interval's start (``cum_before``) and end (``cum_end``). Every
conversion is then a ``np.searchsorted`` over these arrays.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from openpmo.engines.calendars.model import MINUTES_PER_DAY, Calendar, DayHours

EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
MIN_DAY = dt.date(1, 1, 1).toordinal() - EPOCH_ORDINAL
"""0001-01-01: the first day a ``datetime.date`` can hold."""
MAX_DAY = dt.date(9999, 12, 31).toordinal() - EPOCH_ORDINAL + 1
"""The day after 9999-12-31 (exclusive bound)."""
BLOCK_DAYS = 1024
"""Tables start and end on multiples of this many days, so that nearby calls share a table."""

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Resolved:
    """A calendar flattened through its inheritance chain into day patterns.

    ``week_pattern[w]`` is the pattern of weekday ``w`` (0 = Monday); ``exception_days``
    (sorted) take ``exception_pattern`` instead. Pattern ``p`` has ``shift_count[p]`` shifts
    whose bounds, in minutes after midnight, are ``shift_start[p, :n]`` and ``shift_end[p, :n]``.
    """

    week_pattern: IntArray
    exception_days: IntArray
    exception_pattern: IntArray
    shift_count: IntArray
    shift_start: IntArray
    shift_end: IntArray
    day_minutes: IntArray
    week_minutes: int


@lru_cache(maxsize=64)
def resolve(calendar: Calendar) -> Resolved:
    """Flatten ``calendar`` (cached per calendar)."""
    standard = calendar.standard_hours
    by_date: dict[dt.date, DayHours] = {}
    # Root first, so that a derived calendar overwrites what it inherits; within one calendar
    # its own exceptions overwrite its holiday schedule.
    for level in reversed(calendar.chain()):
        if level.holidays is not None:
            by_date.update(dict.fromkeys(level.holidays.holidays, ()))
            by_date.update(dict.fromkeys(level.holidays.workdays, standard))
        for day, hours in level.exceptions:
            by_date[day] = standard if hours is None else hours
    patterns: dict[DayHours, int] = {}
    week = [patterns.setdefault(hours, len(patterns)) for hours in calendar.effective_week]
    dated = sorted(by_date.items())
    exception_pattern = [patterns.setdefault(hours, len(patterns)) for _, hours in dated]
    width = max(1, *(len(hours) for hours in patterns))
    shift_start = np.zeros((len(patterns), width), dtype=np.int64)
    shift_end = np.zeros((len(patterns), width), dtype=np.int64)
    for hours, index in patterns.items():
        shift_start[index, : len(hours)] = [shift.start for shift in hours]
        shift_end[index, : len(hours)] = [shift.end for shift in hours]
    day_minutes = (shift_end - shift_start).sum(axis=1)
    week_pattern = np.array(week, dtype=np.int64)
    return Resolved(
        week_pattern=_frozen(week_pattern),
        exception_days=_frozen(
            np.array([day.toordinal() - EPOCH_ORDINAL for day, _ in dated], dtype=np.int64)
        ),
        exception_pattern=_frozen(np.array(exception_pattern, dtype=np.int64)),
        shift_count=_frozen(np.array([len(hours) for hours in patterns], dtype=np.int64)),
        shift_start=_frozen(shift_start),
        shift_end=_frozen(shift_end),
        day_minutes=_frozen(day_minutes),
        week_minutes=int(day_minutes[week_pattern].sum()),
    )


def _frozen(array: IntArray) -> IntArray:
    array.flags.writeable = False
    return array


def day_patterns(resolved: Resolved, days: IntArray) -> IntArray:
    """The pattern of each day (days since 1970-01-01, any order)."""
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday
    pattern = resolved.week_pattern[weekday]
    if resolved.exception_days.size:
        where = np.searchsorted(resolved.exception_days, days)
        where = np.minimum(where, resolved.exception_days.size - 1)
        hit = resolved.exception_days[where] == days
        pattern = np.where(hit, resolved.exception_pattern[where], pattern)
    return pattern


@dataclass(frozen=True)
class Table:
    """Working intervals over the days ``[first_day, end_day)``; see the module docstring."""

    first_day: int
    end_day: int
    start: IntArray
    end: IntArray
    cum_before: IntArray
    cum_end: IntArray

    @property
    def total(self) -> int:
        """Working minutes in the whole table."""
        return int(self.cum_end[-1]) if self.cum_end.size else 0

    def elapsed(self, moments: IntArray) -> IntArray:
        """Working minutes from the table's start to each moment (minutes since the epoch).

        A moment in non-working time counts as the next working minute. Every moment must lie
        in the table and before the end of its last interval (see :func:`table_for_moments`).
        """
        index = np.searchsorted(self.end, moments, side="right")
        inside = np.maximum(moments - self.start[index], 0)
        result: IntArray = self.cum_before[index] + inside
        return result

    def moment(self, elapsed: IntArray, *, as_finish: bool) -> IntArray:
        """The moment (minutes since the epoch) when ``elapsed`` working minutes have passed.

        Starts go to the start of the next working period, finishes stay at the end of the
        period in which the last minute ends.
        """
        index = np.searchsorted(self.cum_end, elapsed, side="left" if as_finish else "right")
        result: IntArray = self.start[index] + (elapsed - self.cum_before[index])
        return result


@lru_cache(maxsize=32)
def build_table(calendar: Calendar, first_day: int, end_day: int) -> Table:
    """The working intervals of ``calendar`` over ``[first_day, end_day)`` (cached)."""
    resolved = resolve(calendar)
    days = np.arange(first_day, end_day, dtype=np.int64)
    pattern = day_patterns(resolved, days)
    counts = resolved.shift_count[pattern]
    total = int(counts.sum())
    day_of = np.repeat(days, counts)
    pattern_of = np.repeat(pattern, counts)
    slot = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    start = day_of * MINUTES_PER_DAY + resolved.shift_start[pattern_of, slot]
    end = day_of * MINUTES_PER_DAY + resolved.shift_end[pattern_of, slot]
    cum_end = np.cumsum(end - start)
    return Table(
        first_day=first_day,
        end_day=end_day,
        start=_frozen(start),
        end=_frozen(end),
        cum_before=_frozen(cum_end - (end - start)),
        cum_end=_frozen(cum_end),
    )


def _block_floor(day: int) -> int:
    return max(MIN_DAY, (day // BLOCK_DAYS) * BLOCK_DAYS)


def _block_ceil(day: int) -> int:
    return min(MAX_DAY, -(-day // BLOCK_DAYS) * BLOCK_DAYS)


def _no_time(calendar: Calendar, direction: str) -> ValueError:
    return ValueError(
        f"calendar {calendar.name!r} has no working time {direction} within years 1 to 9999"
    )


def _cover(calendar: Calendar, first: int, end: int, high: int) -> Table:
    """The table over ``[first, end)``, extended until a working interval ends after ``high``."""
    while True:
        table = build_table(calendar, first, end)
        if table.end.size and table.end[-1] > high:
            return table
        if end >= MAX_DAY:
            raise _no_time(calendar, f"after {_day_text(high // MINUTES_PER_DAY)}")
        end = _block_ceil(end + max(end - first, BLOCK_DAYS))


def table_for_moments(calendar: Calendar, low: int, high: int) -> Table:
    """A table holding every moment in ``[low, high]`` (minutes since the epoch) and a working
    interval ending after ``high``, so that :meth:`Table.elapsed` is defined on all of them."""
    first = _block_floor(low // MINUTES_PER_DAY)
    return _cover(calendar, first, _block_ceil(high // MINUTES_PER_DAY + 1), high)


def table_for_elapsed(
    calendar: Calendar, origin: int, low: int, high: int, *, as_finish: bool
) -> tuple[Table, int]:
    """A table in which every offset in ``[low, high]`` working minutes from ``origin`` (a
    moment) maps to a moment. Returns the table and the origin's elapsed minutes in it."""
    per_day = max(resolve(calendar).week_minutes, 1) / 7
    origin_day = origin // MINUTES_PER_DAY
    # Sized from the average working day with slack for holidays; widened below if short.
    first = _block_floor(origin_day - int(max(-low, 0) / per_day * 1.25) - 64)
    end = _block_ceil(origin_day + int(max(high, 0) / per_day * 1.25) + 64)
    while True:
        table = _cover(calendar, first, end, origin)
        elapsed = int(table.elapsed(np.array([origin], dtype=np.int64))[0])
        short_before = elapsed + low < (1 if as_finish else 0)
        short_after = elapsed + high >= table.total
        if not (short_before or short_after):
            return table, elapsed
        first, end = table.first_day, table.end_day
        span = max(end - first, BLOCK_DAYS)
        if short_before:
            if first <= MIN_DAY:
                raise _no_time(calendar, f"before {_day_text(origin_day)}")
            first = _block_floor(first - span)
        if short_after:
            if end >= MAX_DAY:
                raise _no_time(calendar, f"after {_day_text(origin_day)}")
            end = _block_ceil(end + span)


def _day_text(day: int) -> str:
    ordinal = min(max(day + EPOCH_ORDINAL, 1), dt.date.max.toordinal())
    return dt.date.fromordinal(ordinal).isoformat()
