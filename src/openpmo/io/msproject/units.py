"""MSPDI codes and units: duration formats, xsd:duration text, link and constraint types.

MSPDI stores every duration as an ``xsd:duration`` (``PT16H0M0S``) of **working** time, or of
wall-clock time for the elapsed formats, and says in a ``DurationFormat`` code only how Microsoft
Project displays it. Days, weeks and months in the text are working days of ``MinutesPerDay``
minutes, weeks of ``MinutesPerWeek`` and months of ``DaysPerMonth`` days; elapsed ones are 24 h,
7 × 24 h and 30 × 24 h. We keep whole minutes (sub-minute seconds are rounded to the nearest
minute) and the format code, so nothing the file says is lost.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

__all__ = [
    "ConstraintType",
    "DurationFormat",
    "LinkType",
    "MsDuration",
    "TimeUnit",
    "format_xsd_duration",
    "link_type_from_mspdi",
    "link_type_to_mspdi",
    "parse_xsd_duration",
]

ELAPSED_MINUTES = {"m": 1, "h": 60, "d": 1440, "w": 10080, "mo": 43200}


class TimeUnit(enum.StrEnum):
    """The unit a duration is shown in."""

    MINUTES = "m"
    HOURS = "h"
    DAYS = "d"
    WEEKS = "w"
    MONTHS = "mo"
    PERCENT = "%"
    NONE = "null"


class DurationFormat(enum.IntEnum):
    """MSPDI ``DurationFormat`` / ``LagFormat`` codes (e = elapsed, ? = estimated)."""

    M = 3
    EM = 4
    H = 5
    EH = 6
    D = 7
    ED = 8
    W = 9
    EW = 10
    MO = 11
    EMO = 12
    PERCENT = 19
    EPERCENT = 20
    NULL = 21
    M_EST = 35
    EM_EST = 36
    H_EST = 37
    EH_EST = 38
    D_EST = 39
    ED_EST = 40
    W_EST = 41
    EW_EST = 42
    MO_EST = 43
    EMO_EST = 44
    PERCENT_EST = 51
    EPERCENT_EST = 52
    NULL_EST = 53

    @property
    def estimated(self) -> bool:
        """Whether the duration is marked estimated (``?``)."""
        return self.value >= 35

    @property
    def elapsed(self) -> bool:
        """Whether the duration runs on the clock rather than the working calendar."""
        base = self.value - 32 if self.estimated else self.value
        return base in (4, 6, 8, 10, 12, 20)

    @property
    def unit(self) -> TimeUnit:
        """The display unit."""
        base = self.value - 32 if self.estimated else self.value
        return _UNITS[base]


_UNITS = {
    3: TimeUnit.MINUTES,
    4: TimeUnit.MINUTES,
    5: TimeUnit.HOURS,
    6: TimeUnit.HOURS,
    7: TimeUnit.DAYS,
    8: TimeUnit.DAYS,
    9: TimeUnit.WEEKS,
    10: TimeUnit.WEEKS,
    11: TimeUnit.MONTHS,
    12: TimeUnit.MONTHS,
    19: TimeUnit.PERCENT,
    20: TimeUnit.PERCENT,
    21: TimeUnit.NONE,
}


@dataclass(frozen=True)
class MsDuration:
    """A duration read from MSPDI.

    Parameters
    ----------
    minutes : int
        Working minutes, or wall-clock minutes when ``format.elapsed``.
    format : DurationFormat
        How Microsoft Project shows it; days by default.
    """

    minutes: int
    format: DurationFormat = DurationFormat.D

    def value(
        self, minutes_per_day: int = 480, minutes_per_week: int = 2400, days_per_month: int = 20
    ) -> float:
        """The duration in its display unit, e.g. ``2.0`` for 960 minutes shown in days."""
        return self.minutes / unit_minutes(
            self.format, minutes_per_day, minutes_per_week, days_per_month
        )


def unit_minutes(
    fmt: DurationFormat, minutes_per_day: int, minutes_per_week: int, days_per_month: int
) -> int:
    """Minutes in one unit of ``fmt`` (1 for percent and null formats)."""
    unit = fmt.unit
    if unit in (TimeUnit.PERCENT, TimeUnit.NONE):
        return 1
    if fmt.elapsed:
        return ELAPSED_MINUTES[unit.value]
    working = {
        "m": 1,
        "h": 60,
        "d": minutes_per_day,
        "w": minutes_per_week,
        "mo": minutes_per_day * days_per_month,
    }
    return working[unit.value]


_XSD_DURATION = re.compile(
    r"(?P<sign>-)?P(?:(?P<y>\d+(?:\.\d+)?)Y)?(?:(?P<mo>\d+(?:\.\d+)?)M)?(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<mi>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?"
)


def parse_xsd_duration(
    text: str,
    *,
    elapsed: bool = False,
    minutes_per_day: int = 480,
    days_per_month: int = 20,
) -> int:
    """Read an ``xsd:duration`` such as ``PT8H0M0S`` or ``-P1DT4H`` into whole minutes.

    Hours, minutes and seconds are taken as they are. Days, months and years are working days
    (``minutes_per_day``), months of ``days_per_month`` days and years of 12 months; with
    ``elapsed`` they are 24 h, 30 days and 365 days.

    Raises
    ------
    ValueError
        When ``text`` is not an ``xsd:duration``.
    """
    match = _XSD_DURATION.fullmatch(text.strip())
    if match is None or text.strip() in ("P", "-P") or text.strip().endswith("T"):
        raise ValueError(f"{text.strip()!r} is not an ISO 8601 duration such as PT8H0M0S")
    parts = {
        key: float(value) for key, value in match.groupdict().items() if value and key != "sign"
    }
    day = 1440 if elapsed else minutes_per_day
    month = 30 * 1440 if elapsed else days_per_month * minutes_per_day
    year = 365 * 1440 if elapsed else 12 * month
    minutes = (
        parts.get("y", 0) * year
        + parts.get("mo", 0) * month
        + parts.get("d", 0) * day
        + parts.get("h", 0) * 60
        + parts.get("mi", 0)
        + parts.get("s", 0) / 60
    )
    whole = round(minutes)
    return -whole if match.group("sign") else whole


def format_xsd_duration(minutes: int) -> str:
    """Write whole minutes as Microsoft Project does: ``PT16H30M0S`` (``-PT…`` if negative)."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}PT{hours}H{rest}M0S"


class LinkType(enum.IntEnum):
    """Our link codes, as in ``openpmo.engines.cpm``: 0=FS 1=SS 2=FF 3=SF."""

    FS = 0
    SS = 1
    FF = 2
    SF = 3


# MSPDI numbers link types its own way: 0=FF, 1=FS, 2=SF, 3=SS.
_FROM_MSPDI = {0: LinkType.FF, 1: LinkType.FS, 2: LinkType.SF, 3: LinkType.SS}
_TO_MSPDI = {ours: code for code, ours in _FROM_MSPDI.items()}


def link_type_from_mspdi(code: int) -> LinkType:
    """MSPDI ``Type`` (0=FF 1=FS 2=SF 3=SS) → ours (0=FS 1=SS 2=FF 3=SF)."""
    return _FROM_MSPDI[code]


def link_type_to_mspdi(link_type: LinkType) -> int:
    """Ours (0=FS 1=SS 2=FF 3=SF) → MSPDI ``Type`` (0=FF 1=FS 2=SF 3=SS)."""
    return _TO_MSPDI[link_type]


class ConstraintType(enum.IntEnum):
    """MSPDI ``ConstraintType`` codes, kept as they are."""

    ASAP = 0
    ALAP = 1
    MSO = 2
    MFO = 3
    SNET = 4
    SNLT = 5
    FNET = 6
    FNLT = 7
