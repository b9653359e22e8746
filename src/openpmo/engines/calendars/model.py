"""Working-time calendars: shifts, weeks, exceptions and inheritance.

A :class:`Calendar` is immutable. Build one with :meth:`Calendar.standard` or
:meth:`Calendar.china` and refine it with the ``with_...`` methods, each of which returns a new
calendar. :meth:`Calendar.derive` starts a calendar that inherits everything from a base
(project → task → resource calendars) and overrides only what it sets.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeAlias

from openpmo.engines.calendars.china import HolidayNotice, HolidaySchedule, china_holidays

__all__ = ["DEFAULT_HOURS", "Calendar", "DayHours", "HoursLike", "Shift", "parse_hours"]

MINUTES_PER_DAY = 1440


def _format_minute(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _parse_clock(text: str) -> int:
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"time {text.strip()!r} is not HH:MM")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) >= 60 or value > MINUTES_PER_DAY:
        raise ValueError(f"time {text.strip()!r} is not between 00:00 and 24:00")
    return value


@dataclass(frozen=True, order=True)
class Shift:
    """One working period within a day, in minutes after midnight.

    Parameters
    ----------
    start : int
        First working minute, 0 ≤ start < 1440.
    end : int
        The minute the shift ends (exclusive), start < end ≤ 1440; 1440 is midnight at the end
        of the day (``"24:00"``).

    Notes
    -----
    A shift never crosses midnight: a night shift 22:00–06:00 is two shifts, 22:00–24:00 on one
    day and 00:00–06:00 on the next. The conversions treat 24:00 and the next day's 00:00 as
    the same moment, so the two halves join seamlessly.
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"shift {name} must be an integer minute, got {value!r}")
        if not 0 <= self.start < MINUTES_PER_DAY:
            raise ValueError(f"shift start {self.start} is not a minute of the day (0..1439)")
        if self.end > MINUTES_PER_DAY:
            raise ValueError(f"shift end {self.end} is after midnight (1440); split the shift")
        if self.end <= self.start:
            raise ValueError(
                f"shift {self} ends before it starts; a shift may not cross midnight, "
                "split it into two shifts on consecutive days"
            )

    @classmethod
    def parse(cls, text: str) -> Shift:
        """Parse ``"HH:MM-HH:MM"`` (an en dash ``–`` works too), e.g. ``"13:00-18:00"``."""
        start, sep, end = text.replace("–", "-").partition("-")
        if not sep:
            raise ValueError(f"shift {text!r} is not HH:MM-HH:MM")
        return cls(_parse_clock(start), _parse_clock(end))

    @property
    def minutes(self) -> int:
        """Working minutes in the shift."""
        return self.end - self.start

    def __str__(self) -> str:
        return f"{_format_minute(self.start)}–{_format_minute(self.end)}"


DayHours: TypeAlias = tuple[Shift, ...]
"""A day's shifts, sorted and non-overlapping; ``()`` is a non-working day."""

HoursLike: TypeAlias = str | Shift | Sequence[str | Shift | tuple[str, str] | tuple[int, int]]
"""What the builders accept as a day's hours: ``"09:00-12:00, 13:00-18:00"``, a list of such
strings, of :class:`Shift`, of ``("09:00", "12:00")`` or of ``(540, 720)`` minute pairs."""

DEFAULT_HOURS: DayHours = (Shift(8 * 60, 12 * 60), Shift(13 * 60, 17 * 60))
"""Microsoft Project's standard day, 08:00–12:00 and 13:00–17:00."""


def _parse_shift(item: object) -> Shift:
    if isinstance(item, Shift):
        return item
    if isinstance(item, str):
        return Shift.parse(item)
    if isinstance(item, tuple) and len(item) == 2:
        start, end = item
        if isinstance(start, str) and isinstance(end, str):
            return Shift(_parse_clock(start), _parse_clock(end))
        if isinstance(start, dt.time) and isinstance(end, dt.time):
            return Shift(start.hour * 60 + start.minute, end.hour * 60 + end.minute or 1440)
        return Shift(start, end)
    raise ValueError(f"cannot read {item!r} as a shift; use 'HH:MM-HH:MM'")


def parse_hours(hours: HoursLike) -> DayHours:
    """Read a day's working hours into sorted, validated shifts.

    Parameters
    ----------
    hours : str, Shift or sequence
        ``"09:00-12:00, 13:00-18:00"``, or a sequence of shifts in any accepted form; an empty
        string or sequence means a non-working day.

    Returns
    -------
    tuple of Shift
        Sorted by start. Shifts that touch (one ends when the next starts) are allowed.

    Raises
    ------
    ValueError
        On a malformed time, a shift that ends before it starts or crosses midnight, or two
        shifts that overlap.
    """
    if isinstance(hours, str):
        items: Sequence[object] = [part for part in hours.split(",") if part.strip()]
    elif isinstance(hours, Shift):
        items = [hours]
    else:
        items = list(hours)
    shifts = sorted(_parse_shift(item) for item in items)
    for before, after in itertools.pairwise(shifts):
        if after.start < before.end:
            raise ValueError(f"shifts {before} and {after} overlap")
    return tuple(shifts)


def _as_date(value: object, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"{name} must be a date, got the datetime {value.isoformat()}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{name} {value!r} is not an ISO date (YYYY-MM-DD)") from None
    raise ValueError(f"{name} must be a date, got {value!r}")


@lru_cache(maxsize=256)
def _exception_map(calendar: Calendar) -> dict[dt.date, DayHours | None]:
    return dict(calendar.exceptions)


def _weekday(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 6:
        raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), got {value!r}")
    return value


DateLike: TypeAlias = dt.date | str


@dataclass(frozen=True)
class Calendar:
    """An immutable working-time calendar.

    Parameters
    ----------
    name : str
        A label for messages and exports.
    week : tuple of 7 (DayHours or None)
        Hours for Monday (index 0) to Sunday (6); ``None`` inherits that weekday from ``base``
        (a calendar without a base treats it as non-working).
    exceptions : tuple of (datetime.date, DayHours or None)
        Dated exceptions sorted by date: ``()`` is a non-working day, a tuple of shifts is a
        working day with those hours, ``None`` is a working day with the standard hours
        (see :attr:`standard_hours`).
    holidays : HolidaySchedule or None
        Public holidays (off) and adjusted working days (standard hours).
    base : Calendar or None
        The calendar this one derives from.

    Notes
    -----
    The hours of a date come from the first match, most derived calendar first: its own
    exceptions, then its holiday schedule, then the same for its base and so on up the chain.
    A date none of them mentions takes the weekday's hours from the most derived calendar that
    sets that weekday. A derived calendar thus inherits holidays and exceptions while keeping
    its own week, and its own exceptions win over everything inherited.
    """

    name: str = "Standard"
    week: tuple[DayHours | None, ...] = (None,) * 7
    exceptions: tuple[tuple[dt.date, DayHours | None], ...] = ()
    holidays: HolidaySchedule | None = None
    base: Calendar | None = None
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.week) != 7:
            raise ValueError(f"week must have 7 days (Monday to Sunday), got {len(self.week)}")
        for weekday, hours in enumerate(self.week):
            if hours is not None and parse_hours(hours) != hours:
                raise ValueError(
                    f"week[{weekday}] must be sorted shifts; build it with parse_hours"
                )
        days = [day for day, _ in self.exceptions]
        if days != sorted(set(days)):
            raise ValueError("exceptions must be sorted by date, one entry per date")
        for day, hours in self.exceptions:
            if hours is not None and parse_hours(hours) != hours:
                raise ValueError(f"exception {day.isoformat()} must be sorted shifts")
        # Calendars key the conversion caches; hashing hundreds of holidays once is enough.
        key = (self.name, self.week, self.exceptions, self.holidays, self.base)
        object.__setattr__(self, "_hash", hash(key))

    def __hash__(self) -> int:
        return self._hash

    # -- constructors -----------------------------------------------------------------------

    @classmethod
    def standard(
        cls,
        name: str = "Standard",
        hours: HoursLike = DEFAULT_HOURS,
        workdays: Iterable[int] = (0, 1, 2, 3, 4),
    ) -> Calendar:
        """A calendar working ``hours`` on ``workdays`` (0 = Monday) and nothing else.

        Parameters
        ----------
        name : str
        hours : HoursLike, default 08:00–12:00 and 13:00–17:00
        workdays : iterable of int, default Monday to Friday

        Returns
        -------
        Calendar
        """
        day = parse_hours(hours)
        working = {_weekday(w) for w in workdays}
        return cls(name=name, week=tuple(day if w in working else () for w in range(7)))

    @classmethod
    def china(
        cls,
        name: str = "中国标准 China standard",
        hours: HoursLike = DEFAULT_HOURS,
        notices: Iterable[HolidayNotice | Mapping[str, Any]] = (),
    ) -> Calendar:
        """A Monday-to-Friday calendar with Chinese public holidays and adjusted working days.

        Parameters
        ----------
        name : str
        hours : HoursLike, default 08:00–12:00 and 13:00–17:00
            Hours of every working day, adjusted working days (调休) included.
        notices : iterable of HolidayNotice or mapping, optional
            Hand-added State Council notices; see :func:`china_holidays`.

        Returns
        -------
        Calendar
        """
        return cls.standard(name, hours).with_holidays(china_holidays(notices))

    def derive(self, name: str) -> Calendar:
        """A calendar that inherits everything from this one until told otherwise."""
        return Calendar(name=name, base=self)

    # -- refinements ------------------------------------------------------------------------

    def with_name(self, name: str) -> Calendar:
        """This calendar under another name."""
        return self._replace(name=name)

    def with_weekday(self, weekday: int, hours: HoursLike | None) -> Calendar:
        """Set one weekday's hours (0 = Monday); ``None`` inherits it from the base again."""
        week = list(self.week)
        week[_weekday(weekday)] = None if hours is None else parse_hours(hours)
        return self._replace(week=tuple(week))

    def with_week(self, hours: Mapping[int, HoursLike | None]) -> Calendar:
        """Set several weekdays at once, e.g. ``{5: "09:00-12:00", 6: ""}``."""
        calendar = self
        for weekday, day_hours in hours.items():
            calendar = calendar.with_weekday(weekday, day_hours)
        return calendar

    def with_nonworking(self, first: DateLike, last: DateLike | None = None) -> Calendar:
        """Make ``first`` to ``last`` (inclusive; default one day) non-working, e.g. leave."""
        return self._with_exception(first, last, ())

    def with_working(
        self, first: DateLike, last: DateLike | None = None, hours: HoursLike | None = None
    ) -> Calendar:
        """Make ``first`` to ``last`` (inclusive) working days.

        With ``hours=None`` they work :attr:`standard_hours` of the calendar that is converted
        (so a derived calendar's own week decides); otherwise the given shifts.
        """
        day_hours = None if hours is None else parse_hours(hours)
        if day_hours == ():
            raise ValueError("a working day needs at least one shift; use with_nonworking")
        return self._with_exception(first, last, day_hours)

    def with_holidays(self, holidays: HolidaySchedule | None) -> Calendar:
        """Replace this calendar's own holiday schedule (``None`` removes it)."""
        return self._replace(holidays=holidays)

    def with_notice(self, notice: HolidayNotice | Mapping[str, Any]) -> Calendar:
        """Add a hand-written State Council notice to this calendar's holiday schedule.

        The notice replaces the schedule's data for its year. A calendar without its own
        schedule starts from the package data (:func:`china_holidays`).
        """
        schedule = self.holidays if self.holidays is not None else china_holidays()
        return self._replace(holidays=schedule.with_notice(notice))

    def _with_exception(
        self, first: DateLike, last: DateLike | None, hours: DayHours | None
    ) -> Calendar:
        start = _as_date(first, "first")
        end = start if last is None else _as_date(last, "last")
        if end < start:
            raise ValueError(f"exception ends {end.isoformat()} before {start.isoformat()}")
        entries = dict(self.exceptions)
        for ordinal in range(start.toordinal(), end.toordinal() + 1):
            entries[dt.date.fromordinal(ordinal)] = hours
        return self._replace(exceptions=tuple(sorted(entries.items())))

    def _replace(self, **changes: Any) -> Calendar:
        return dataclasses.replace(self, **changes)

    # -- queries ----------------------------------------------------------------------------

    @property
    def effective_week(self) -> tuple[DayHours, ...]:
        """The hours of each weekday after inheritance, Monday first."""
        week: list[DayHours | None] = list(self.week)
        calendar = self.base
        while calendar is not None and any(hours is None for hours in week):
            week = [
                mine if mine is not None else theirs
                for mine, theirs in zip(week, calendar.week, strict=True)
            ]
            calendar = calendar.base
        return tuple(hours if hours is not None else () for hours in week)

    @property
    def standard_hours(self) -> DayHours:
        """Hours of a working exception without hours of its own, such as a 调休 Saturday.

        The first weekday, Monday to Sunday, of :attr:`effective_week` that works; an
        all-non-working week falls back to :data:`DEFAULT_HOURS`.
        """
        return next((hours for hours in self.effective_week if hours), DEFAULT_HOURS)

    def hours_on(self, day: DateLike) -> DayHours:
        """The shifts worked on ``day`` after exceptions, holidays and inheritance."""
        date = _as_date(day, "day")
        calendar: Calendar | None = self
        while calendar is not None:
            own = _exception_map(calendar)
            if date in own:
                hours = own[date]
                return self.standard_hours if hours is None else hours
            if calendar.holidays is not None:
                if date in calendar.holidays.holidays:
                    return ()
                if date in calendar.holidays.workdays:
                    return self.standard_hours
            calendar = calendar.base
        return self.effective_week[date.weekday()]

    def chain(self) -> tuple[Calendar, ...]:
        """This calendar and its bases, most derived first."""
        chain: list[Calendar] = []
        calendar: Calendar | None = self
        while calendar is not None:
            chain.append(calendar)
            calendar = calendar.base
        return tuple(chain)
