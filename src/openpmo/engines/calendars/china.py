"""Chinese public holidays and adjusted working days (调休).

The built-in data comes from the ``chinese-calendar`` package, which transcribes each year's
State Council notice (国务院办公厅关于某年部分节假日安排的通知): the days off and the weekend days
that become working days. It is read once into plain frozensets; nothing here touches a file or
the network at computation time.

A year the package does not cover yet can be added by hand from the notice with
:class:`HolidayNotice`; a notice replaces the package's data for its year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["HolidayNotice", "HolidaySchedule", "china_holidays"]


def _parse_date(value: object, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"{where}: expected a date, got the datetime {value.isoformat()}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from None
    raise ValueError(f"{where}: expected an ISO date string, got {value!r}")


def _date_range(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    for ordinal in range(start.toordinal(), end.toordinal() + 1):
        yield dt.date.fromordinal(ordinal)


@dataclass(frozen=True)
class HolidayNotice:
    """One year's holiday arrangement, as published by the State Council.

    Parameters
    ----------
    year : int
        The year the notice is for. It replaces the package data for every date of that year.
    holidays : frozenset of datetime.date
        Days off, weekends inside a holiday block included.
    workdays : frozenset of datetime.date
        Adjusted working days (调休上班): weekend days worked to make up for the block.

    Notes
    -----
    Dates may fall in the neighbouring years (a notice sometimes moves a working day into late
    December of the year before); they are added, but only ``year`` is replaced wholesale.
    """

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    def __post_init__(self) -> None:
        where = f"notice {self.year}"
        for day in self.holidays | self.workdays:
            if abs(day.year - self.year) > 1:
                raise ValueError(f"{where}: {day.isoformat()} is too far from {self.year}")
        both = self.holidays & self.workdays
        if both:
            first = min(both).isoformat()
            raise ValueError(f"{where}: {first} is listed both as a holiday and as a workday")
        for day in sorted(self.workdays):
            if day.weekday() < 5:
                raise ValueError(
                    f"{where}: workday {day.isoformat()} is a {day.strftime('%A')}; "
                    "adjusted working days are Saturdays or Sundays"
                )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> HolidayNotice:
        """Build a notice from a plain mapping (parsed JSON or TOML).

        Parameters
        ----------
        data : mapping
            ``{"year": 2027, "holidays": [["2027-01-01", "2027-01-01"], ...],
            "workdays": ["2027-02-07", ...]}``. Each holiday entry is an inclusive
            ``[first, last]`` pair of ISO dates, or a single ISO date for a one-day holiday.
            ``workdays`` lists ISO dates and may be omitted.

        Returns
        -------
        HolidayNotice

        Raises
        ------
        ValueError
            Naming the field and the reason: missing year, malformed dates, a range that ends
            before it starts, a date both off and worked, a "workday" that is not a weekend day.
        """
        unknown = set(data) - {"year", "holidays", "workdays"}
        if unknown:
            raise ValueError(f"notice: unknown field(s) {', '.join(sorted(unknown))}")
        year = data.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or not 1 <= year <= 9999:
            raise ValueError(f"notice: year must be an integer year, got {year!r}")
        where = f"notice {year}"
        ranges = data.get("holidays", [])
        if not isinstance(ranges, Sequence) or isinstance(ranges, str):
            raise ValueError(f"{where}: holidays must be a list of [first, last] date pairs")
        holidays: set[dt.date] = set()
        for i, entry in enumerate(ranges):
            item = f"{where}: holidays[{i}]"
            if isinstance(entry, Sequence) and not isinstance(entry, str):
                if len(entry) != 2:
                    raise ValueError(f"{item}: expected [first, last], got {list(entry)!r}")
                first, last = _parse_date(entry[0], item), _parse_date(entry[1], item)
            else:
                first = last = _parse_date(entry, item)
            if last < first:
                raise ValueError(f"{item}: ends {last.isoformat()} before {first.isoformat()}")
            holidays.update(_date_range(first, last))
        days = data.get("workdays", [])
        if not isinstance(days, Sequence) or isinstance(days, str):
            raise ValueError(f"{where}: workdays must be a list of dates")
        workdays = {_parse_date(day, f"{where}: workdays[{i}]") for i, day in enumerate(days)}
        return cls(year=year, holidays=frozenset(holidays), workdays=frozenset(workdays))


@dataclass(frozen=True)
class HolidaySchedule:
    """Public holidays and adjusted working days over the years a source covers.

    Parameters
    ----------
    holidays : frozenset of datetime.date
        Days off (non-working even on a weekday).
    workdays : frozenset of datetime.date
        Adjusted working days (working even on a weekend); they work the calendar's standard
        working day.
    years : frozenset of int
        The years the data covers. Outside them a calendar falls back to its plain week, which
        is what a caller should warn a user about (see :meth:`covers`).
    """

    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    years: frozenset[int]

    def __post_init__(self) -> None:
        both = self.holidays & self.workdays
        if both:
            raise ValueError(f"{min(both).isoformat()} is both a holiday and a workday")

    def covers(self, year: int) -> bool:
        """Return whether the schedule has data (package or notice) for ``year``."""
        return year in self.years

    def with_notice(self, notice: HolidayNotice | Mapping[str, Any]) -> HolidaySchedule:
        """Return a schedule whose data for the notice's year is the notice's.

        Parameters
        ----------
        notice : HolidayNotice or mapping
            A notice, or a mapping in the format of :meth:`HolidayNotice.from_mapping`.

        Returns
        -------
        HolidaySchedule
        """
        if not isinstance(notice, HolidayNotice):
            notice = HolidayNotice.from_mapping(notice)
        keep_h = {d for d in self.holidays if d.year != notice.year} - notice.workdays
        keep_w = {d for d in self.workdays if d.year != notice.year} - notice.holidays
        return HolidaySchedule(
            holidays=frozenset(keep_h | notice.holidays),
            workdays=frozenset(keep_w | notice.workdays),
            years=self.years | {notice.year},
        )


CORRECTED_WORKDAYS = frozenset({dt.date(2005, 12, 31)})
"""Working days the package misses: the 2006 notice (国办发明电〔2005〕35号) has Saturday
2005-12-31 worked (12月31日(星期六)上班); ``chinese-calendar`` 1.11.0 lists it as neither."""


@lru_cache(maxsize=1)
def _package_schedule() -> HolidaySchedule:
    # Imported here so that importing the engines never loads the data unless asked.
    from chinese_calendar import constants

    holidays = frozenset(constants.holidays) - CORRECTED_WORKDAYS
    workdays = frozenset(constants.workdays) | CORRECTED_WORKDAYS
    years = range(min(d.year for d in holidays), max(d.year for d in holidays) + 1)
    return HolidaySchedule(holidays=holidays, workdays=workdays, years=frozenset(years))


def china_holidays(
    notices: Iterable[HolidayNotice | Mapping[str, Any]] = (),
) -> HolidaySchedule:
    """Chinese public holidays and adjusted working days, with hand-added notices.

    Parameters
    ----------
    notices : iterable of HolidayNotice or mapping, optional
        State Council notices added by hand, each replacing the package data for its year
        (see :meth:`HolidayNotice.from_mapping` for the mapping format). Two notices for the
        same year are an error.

    Returns
    -------
    HolidaySchedule
        Every year the ``chinese-calendar`` package covers (2004 to 2026 in release 1.11.0),
        plus the notices' years.

    Raises
    ------
    ValueError
        If a notice is malformed or two notices share a year.
    """
    schedule = _package_schedule()
    seen: set[int] = set()
    for notice in notices:
        parsed = notice if isinstance(notice, HolidayNotice) else HolidayNotice.from_mapping(notice)
        if parsed.year in seen:
            raise ValueError(f"notice {parsed.year}: given twice")
        seen.add(parsed.year)
        schedule = schedule.with_notice(parsed)
    return schedule
