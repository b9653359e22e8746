"""Layout of the Gantt chart: pure functions from tasks and links to SVG coordinates.

Nothing here touches the database or the request; the template ``_gantt.html`` draws what
:func:`layout` returns. Dates are naive local datetimes of the project; x is in pixels from
the chart's first day at midnight, with a fixed number of pixels per calendar day for each
zoom. Every row is :data:`ROW_HEIGHT` pixels high, in both panes.

The links are drawn as ``<path>`` elements (ordinary and critical), each with one subpath per
link, and their arrowheads as two more, per band of :data:`BAND_ROWS` rows: a chart of 2,000
tasks stays a few thousand elements, and the browser, which paints a path whole wherever its
box meets the screen, paints only the bands in view as the chart scrolls.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from openpmo.db.models import Dependency, Task

__all__ = [
    "BAND_ROWS",
    "BAR_MID",
    "ROW_HEIGHT",
    "ZOOMS",
    "Chart",
    "LinkBand",
    "Row",
    "Tick",
    "layout",
    "rows_payload",
]

Zoom = Literal["day", "week", "month"]

#: Pixels per calendar day at each zoom.
ZOOMS: dict[str, float] = {"day": 28.0, "week": 9.0, "month": 2.2}
ROW_HEIGHT = 26
#: The middle of a bar, from the top of its row (bars are 12 px high, 5 px down).
BAR_MID = 11
#: The gap a link leaves its task with before turning.
_GAP = 8
#: Links are grouped by the upper of their two rows into bands of this many rows.
BAND_ROWS = 50
_MILESTONE = 6.0

Dates = Mapping[int, tuple[datetime | None, datetime | None]]


@dataclass(frozen=True)
class Row:
    """One task's row: its bar (``kind`` ``bar``, ``summary``, ``milestone`` or ``none``)."""

    task: Task
    depth: int
    y: int
    kind: str
    x: float
    w: float
    done_w: float
    base_x: float | None
    base_w: float


@dataclass(frozen=True)
class Tick:
    """A cell of the time scale: from ``x``, ``w`` pixels wide."""

    x: float
    w: float
    label: str


@dataclass(frozen=True)
class LinkBand:
    """The links whose upper row is in one band: SVG path data, ordinary and critical."""

    links: str
    critical_links: str
    heads: str
    critical_heads: str


@dataclass(frozen=True)
class Chart:
    rows: list[Row]
    width: int
    height: int
    top: list[Tick]
    bottom: list[Tick]
    weekends: list[tuple[float, float]]
    grid: str
    links: list[LinkBand]
    link_count: int
    status_x: float | None


def _bounds(tasks: Sequence[Task], baseline: Dates, zoom: str) -> tuple[date, date]:
    moments = [m for t in tasks for m in (t.scheduled_start, t.scheduled_finish) if m]
    moments += [m for pair in baseline.values() for m in pair if m]
    if not moments:
        today = date.today()
        return today, today + timedelta(days=30)
    first, last = min(moments).date(), max(moments).date()
    if zoom == "month":
        end = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
        return first.replace(day=1), end
    pad = 2 if zoom == "day" else 7
    first -= timedelta(days=pad)
    first -= timedelta(days=first.weekday())
    last += timedelta(days=pad + 6 - last.weekday())
    return first, last + timedelta(days=1)


def _months(first: date, end: date) -> list[tuple[date, date]]:
    spans, day = [], first
    while day < end:
        nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        spans.append((day, min(nxt, end)))
        day = nxt
    return spans


def _scale(
    first: date, end: date, zoom: str, months: Sequence[str], month_year: str
) -> tuple[list[Tick], list[Tick]]:
    ppd = ZOOMS[zoom]

    def tick(a: date, b: date, label: str) -> Tick:
        return Tick((a - first).days * ppd, (b - a).days * ppd, label)

    spans = _months(first, end)
    if zoom == "month":
        years: dict[int, list[date]] = {}
        for a, b in spans:
            years.setdefault(a.year, []).extend((a, b))
        top = [tick(min(v), max(v), str(y)) for y, v in years.items()]
        return top, [tick(a, b, months[a.month - 1]) for a, b in spans]
    top = [tick(a, b, month_year.format(month=months[a.month - 1], year=a.year)) for a, b in spans]
    days = range((end - first).days)
    if zoom == "day":
        bottom = [tick(d, d + timedelta(days=1), str(d.day)) for d in _dates(first, days)]
    else:
        weeks = [d for d in _dates(first, days) if d.weekday() == 0]
        bottom = [tick(d, d + timedelta(days=7), f"{d.month}/{d.day}") for d in weeks]
    return top, bottom


def _dates(first: date, offsets: range) -> list[date]:
    return [first + timedelta(days=k) for k in offsets]


def _x(moment: datetime, origin: datetime, ppd: float) -> float:
    return round((moment - origin).total_seconds() / 86400 * ppd, 1)


def _row(task: Task, depth: int, y: int, origin: datetime, ppd: float, base: Dates) -> Row:
    start, finish = task.scheduled_start, task.scheduled_finish
    kind, x, w = "none", 0.0, 0.0
    if start is not None and finish is not None:
        x, w = _x(start, origin, ppd), max(_x(finish, origin, ppd) - _x(start, origin, ppd), 2)
        kind = "milestone" if task.is_milestone else "summary" if task.is_summary else "bar"
    base_x, base_w = None, 0.0
    b_start, b_finish = base.get(task.id, (None, None))
    if b_start is not None and b_finish is not None:
        base_x = _x(b_start, origin, ppd)
        base_w = max(_x(b_finish, origin, ppd) - base_x, 2)
    done = round(w * min(max(task.percent_complete, 0), 100) / 100, 1)
    return Row(task, depth, y, kind, x, w, done, base_x, base_w)


def _ends(row: Row) -> tuple[float, float]:
    """Where links leave or reach the row's start and finish."""
    if row.kind == "milestone":
        return row.x - _MILESTONE, row.x + _MILESTONE
    return row.x, row.x + row.w


def _link(pred: Row, succ: Row, kind: str) -> tuple[str, str]:
    """One link's orthogonal path and arrowhead: from the predecessor's finish (FS, FF) or
    start (SS, SF) to the successor's start (FS, SS) or finish (FF, SF)."""
    sy, ty = pred.y + BAR_MID, succ.y + BAR_MID
    p_start, p_finish = _ends(pred)
    s_start, s_finish = _ends(succ)
    sx, out = (p_start, -1) if kind in ("SS", "SF") else (p_finish, 1)
    tx, into = (s_finish, -1) if kind in ("FF", "SF") else (s_start, 1)
    a, b = sx + out * _GAP, tx - into * _GAP
    if (into == 1 and a <= b) or (into == -1 and a >= b):
        path = f"M{sx:g},{sy:g}H{a:g}V{ty:g}H{tx:g}"
    else:
        mid = succ.y if ty > sy else succ.y + ROW_HEIGHT
        path = f"M{sx:g},{sy:g}H{a:g}V{mid:g}H{b:g}V{ty:g}H{tx:g}"
    head = f"M{tx:g},{ty:g}l{-into * 6},-4v8z"
    return path, head


def _links(rows: dict[int, Row], links: Sequence[Dependency]) -> tuple[list[LinkBand], int]:
    bands: dict[int, tuple[list[str], ...]] = {}
    count = 0
    for link in links:
        pred, succ = rows.get(link.predecessor_id), rows.get(link.successor_id)
        if pred is None or succ is None or "none" in (pred.kind, succ.kind):
            continue
        path, head = _link(pred, succ, link.type.value)
        critical = pred.task.is_critical and succ.task.is_critical
        band = min(pred.y, succ.y) // (BAND_ROWS * ROW_HEIGHT)
        parts = bands.setdefault(band, ([], [], [], []))
        parts[1 if critical else 0].append(path)
        parts[3 if critical else 2].append(head)
        count += 1
    joined = [LinkBand(*("".join(p) for p in bands[band])) for band in sorted(bands)]
    return joined, count


def layout(
    tasks: Sequence[tuple[Task, int]],
    links: Sequence[Dependency],
    *,
    zoom: str,
    baseline: Dates,
    status_date: date | None,
    months: Sequence[str],
    month_year: str = "{month} {year}",
) -> Chart:
    """The chart of ``tasks`` (in WBS order, with their depth) and ``links`` at ``zoom``.

    ``baseline`` maps a task id to its baseline start and finish (empty: no baseline bars);
    ``months`` are the twelve month names of the time scale and ``month_year`` the format
    of a month's heading (``"{month} {year}"``), in the page's language.
    """
    zoom = zoom if zoom in ZOOMS else "week"
    ppd = ZOOMS[zoom]
    first, end = _bounds([t for t, _ in tasks], baseline, zoom)
    origin = datetime.combine(first, time())
    rows = [
        _row(task, depth, k * ROW_HEIGHT, origin, ppd, baseline)
        for k, (task, depth) in enumerate(tasks)
    ]
    width = int((end - first).days * ppd)
    height = max(len(rows), 1) * ROW_HEIGHT
    top, bottom = _scale(first, end, zoom, months, month_year)
    weekends: list[tuple[float, float]] = []
    if zoom == "day":
        weekends = [
            (t.x, t.w) for k, t in enumerate(bottom) if (first + timedelta(days=k)).weekday() >= 5
        ]
    grid = "".join(f"M{t.x:g},0V{height}" for t in bottom)
    by_id = {r.task.id: r for r in rows}
    bands, link_count = _links(by_id, links)
    status_x = None
    if status_date is not None and first <= status_date <= end:
        status_x = _x(datetime.combine(status_date, time()), origin, ppd)
    return Chart(
        rows=rows,
        width=width,
        height=height,
        top=top,
        bottom=bottom,
        weekends=weekends,
        grid=grid,
        links=bands,
        link_count=link_count,
        status_x=status_x,
    )


def _day(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def rows_payload(chart: Chart, names: Sequence[str]) -> list[list[object]]:
    """The rows as compact lists for the browser, which draws only the rows in view.

    One list per row, in chart order: ``[id, wbs, name, depth, kind, x, w, done_w, base_x,
    base_w, flags, title, milestone label]``; ``flags`` holds ``s`` (summary), ``c``
    (critical) and ``m`` (milestone). ``names`` are the rows' display names.
    """
    payload: list[list[object]] = []
    for row, name in zip(chart.rows, names, strict=True):
        task = row.task
        flags = "".join(
            flag
            for flag, on in (
                ("s", task.is_summary),
                ("c", task.is_critical),
                ("m", task.is_milestone),
            )
            if on
        )
        start = task.scheduled_start
        payload.append(
            [
                task.id,
                task.wbs,
                name,
                row.depth,
                row.kind,
                round(row.x, 1),
                round(row.w, 1),
                round(row.done_w, 1),
                None if row.base_x is None else round(row.base_x, 1),
                round(row.base_w, 1),
                flags,
                f"{task.wbs} {name}: {_day(start)[:10]} – {_day(task.scheduled_finish)[:10]}",
                "" if start is None else start.strftime("%m-%d"),
            ]
        )
    return payload
