"""Scalar conversions on one calendar, for passes that visit activities one at a time.

The vectorised conversions (:mod:`openpmo.engines.calendars.convert`) pay a fixed cost per
call; a critical-path pass whose activities each have a calendar of their own converts one
moment at a time, thousands of times. A :class:`Clock` keeps one calendar's interval table
as Python lists and answers each question with a binary search (about a microsecond),
growing the table when a moment falls outside it.

Moments are integer minutes since 1970-01-01T00:00 (the value of ``datetime64[m]``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from openpmo.engines.calendars.model import MINUTES_PER_DAY, Calendar
from openpmo.engines.calendars.table import (
    BLOCK_DAYS,
    MAX_DAY,
    MIN_DAY,
    build_table,
)

__all__ = ["Clock", "ElapsedClock"]


class Clock:
    """Working-time arithmetic on ``calendar`` around a moment.

    ``shift(t, m, as_finish)`` is the moment ``m`` working minutes after ``t`` (before it if
    negative), with the conventions of :func:`openpmo.engines.calendars.from_working_minutes`
    (a start goes to the beginning of the next working period, a finish stays at the end of
    the period in which its last minute ends); ``shift(t, 0, ...)`` snaps ``t`` to working
    time. ``between(a, b)`` is the working time in ``[a, b)``, negative if ``b < a``.
    """

    def __init__(self, calendar: Calendar, around: int) -> None:
        self.calendar = calendar
        day = around // MINUTES_PER_DAY
        first = max(MIN_DAY, (day // BLOCK_DAYS - 1) * BLOCK_DAYS)
        self._load(first, min(MAX_DAY, first + 3 * BLOCK_DAYS))

    def _load(self, first: int, end: int) -> None:
        table = build_table(self.calendar, first, end)
        self._first, self._end = first, end
        self._start = table.start.tolist()
        self._stop = table.end.tolist()
        self._before = table.cum_before.tolist()
        self._after = table.cum_end.tolist()

    def _grow(self, backward: bool) -> None:
        span = self._end - self._first
        if (backward and self._first <= MIN_DAY) or (not backward and self._end >= MAX_DAY):
            where = "before" if backward else "after"
            raise ValueError(
                f"calendar {self.calendar.name!r} has no working time {where} the range "
                "it is asked about within years 1 to 9999"
            )
        if backward:
            self._load(max(MIN_DAY, self._first - span), self._end)
        else:
            self._load(self._first, min(MAX_DAY, self._end + span))

    def _working(self, moment: int) -> int:
        """Working minutes from the table's start to ``moment`` (grown to hold it)."""
        while True:
            if moment < self._first * MINUTES_PER_DAY:
                self._grow(backward=True)
            elif not self._stop or moment >= self._stop[-1]:
                self._grow(backward=False)
            else:
                break
        i = bisect_right(self._stop, moment)
        return int(self._before[i] + max(moment - self._start[i], 0))

    def shift(self, moment: int, minutes: int, as_finish: bool) -> int:
        """The moment ``minutes`` working minutes from ``moment``."""
        while True:
            target = self._working(moment) + minutes
            if target < (1 if as_finish else 0):
                self._grow(backward=True)
                continue
            total = self._after[-1]
            if target > total or (target == total and not as_finish):
                self._grow(backward=False)
                continue
            search = bisect_left if as_finish else bisect_right
            i = search(self._after, target)
            return int(self._start[i] + target - self._before[i])

    def between(self, first: int, last: int) -> int:
        """Working minutes in ``[first, last)``; negative when ``last < first``."""
        low = self._working(min(first, last))
        high = self._working(max(first, last))
        low = self._working(min(first, last))  # the table may have grown backwards
        return high - low if last >= first else low - high


class ElapsedClock:
    """Clock time, 24 hours a day, seven days a week (MS Project's elapsed units)."""

    def shift(self, moment: int, minutes: int, as_finish: bool) -> int:
        """``moment + minutes``: every minute counts."""
        return moment + minutes

    def between(self, first: int, last: int) -> int:
        """``last - first``."""
        return last - first
