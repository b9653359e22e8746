"""Charts of the web UI as inline SVG, drawn on the server.

Every chart is a ``<figure class="chart">`` holding one ``<svg>`` with a ``viewBox``, so it
scales with its container, prints, and needs no script or external asset. Colours come from
classes (``series-0`` … ``series-7``, ``rag-red`` …) styled in ``static/app.css``; hovering a
point or bar shows its ``<title>``. Values are placed with plain arithmetic: a chart of a
few hundred points costs well under a millisecond, so dashboards can draw several per request.

The functions take plain numbers and labels (already translated) and return markup-safe HTML:
:func:`line_chart` (S-curves, trends, the efficient frontier), :func:`scatter_chart` (SPI/CPI
bubbles, with reference lines), :func:`bar_chart` (grouped or stacked bars with optional
overlay lines: demand against capacity, health distributions) and :func:`heat_class` (the
class of a heat-map cell, for tables).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup, escape

__all__ = [
    "BarSeries",
    "Point",
    "Series",
    "bar_chart",
    "heat_class",
    "line_chart",
    "nice_ticks",
    "scatter_chart",
]

X = float | date

WIDTH = 640
HEIGHT = 280
MARGIN_LEFT = 56
MARGIN_RIGHT = 16
MARGIN_TOP = 12
MARGIN_BOTTOM = 36


@dataclass(frozen=True, slots=True)
class Series:
    """A named line: ``points`` are (x, y) with x a number or a date, in increasing x."""

    name: str
    points: Sequence[tuple[X, float]]
    dashed: bool = False
    markers: bool = False
    css: str | None = None  # a class of its own, else series-<index>


@dataclass(frozen=True, slots=True)
class Point:
    """One scatter point; ``size`` scales its area (e.g. a budget), ``href`` makes it a link."""

    x: float
    y: float
    label: str
    size: float = 1.0
    css: str = "series-0"
    href: str | None = None


@dataclass(frozen=True, slots=True)
class BarSeries:
    name: str
    values: Sequence[float]
    css: str | None = None
    labels: Sequence[str] | None = None  # hover texts per category
    line: bool = False  # drawn as a line over the bars (e.g. capacity)


@dataclass(slots=True)
class _Frame:
    """The plot area and the scales from data to it."""

    x0: float
    x1: float
    y0: float
    y1: float
    width: int = WIDTH
    height: int = HEIGHT
    left: int = MARGIN_LEFT
    parts: list[str] = field(default_factory=list)

    @property
    def plot_width(self) -> float:
        return self.width - self.left - MARGIN_RIGHT

    @property
    def plot_height(self) -> float:
        return self.height - MARGIN_TOP - MARGIN_BOTTOM

    def px(self, x: float) -> float:
        span = self.x1 - self.x0 or 1.0
        return self.left + (x - self.x0) / span * self.plot_width

    def py(self, y: float) -> float:
        span = self.y1 - self.y0 or 1.0
        return MARGIN_TOP + (1 - (y - self.y0) / span) * self.plot_height


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values (1, 2, 2.5 or 5 × 10ⁿ apart) covering [low, high]."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0]
    if high < low:
        low, high = high, low
    if high == low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step + 1e-9) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _fmt(value: float) -> str:
    """A tick label: thousands as k/M, fractions with the decimals they need."""
    magnitude = abs(value)
    if magnitude >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if magnitude >= 10_000:
        return f"{value / 1_000:g}k"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _num(value: float) -> str:
    return f"{value:.1f}"


def _as_number(x: X) -> float:
    return float(x.toordinal()) if isinstance(x, date) else float(x)


def _date_ticks(low: float, high: float) -> list[tuple[float, str]]:
    """Ticks at month starts (or every few months, or years) between two ordinals."""
    start, end = date.fromordinal(int(low)), date.fromordinal(math.ceil(high))
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months <= 2:
        step_days = max(1, int((high - low) // 5) or 1)
        return [
            (float(d), date.fromordinal(int(d)).strftime("%m-%d"))
            for d in range(int(low), int(high) + 1, step_days)
        ]
    every = next(n for n in (1, 2, 3, 6, 12, 24, 60) if months / n <= 7)
    ticks = []
    year, month = start.year, start.month
    while True:
        tick = date(year, month, 1)
        if tick > end:
            break
        if tick.toordinal() >= low and (month - 1) % min(every, 12) == 0:
            label = str(year) if every >= 12 else tick.strftime("%Y-%m")
            ticks.append((float(tick.toordinal()), label))
        month += every if every < 12 else 12
        while month > 12:
            month -= 12
            year += 1
    return ticks


def _figure(frame: _Frame, label: str, legend: list[tuple[str, str, bool]]) -> Markup:
    legend_html = ""
    if legend:
        items = "".join(
            f'<li><span class="swatch {css}{" dashed" if dashed else ""}"></span>'
            f"{escape(name)}</li>"
            for name, css, dashed in legend
        )
        legend_html = f'<ul class="chart-legend">{items}</ul>'
    return Markup(
        f'<figure class="chart"><svg viewBox="0 0 {frame.width} {frame.height}" role="img" '
        f'aria-label="{escape(label)}" preserveAspectRatio="xMidYMid meet">'
        f"<title>{escape(label)}</title>{''.join(frame.parts)}</svg>{legend_html}</figure>"
    )


def _y_axis(frame: _Frame, ticks: Sequence[float], fmt: Callable[[float], str]) -> None:
    for tick in ticks:
        y = _num(frame.py(tick))
        frame.parts.append(
            f'<line class="grid" x1="{frame.left}" x2="{frame.width - MARGIN_RIGHT}" '
            f'y1="{y}" y2="{y}"/><text class="tick" x="{frame.left - 6}" y="{y}" '
            f'text-anchor="end" dominant-baseline="middle">{escape(fmt(tick))}</text>'
        )


def _x_axis_numbers(frame: _Frame, ticks: Sequence[tuple[float, str]]) -> None:
    base = frame.height - MARGIN_BOTTOM
    frame.parts.append(
        f'<line class="axis" x1="{frame.left}" x2="{frame.width - MARGIN_RIGHT}" '
        f'y1="{base}" y2="{base}"/>'
    )
    for value, text in ticks:
        x = _num(frame.px(value))
        frame.parts.append(
            f'<text class="tick" x="{x}" y="{base + 16}" text-anchor="middle">{escape(text)}</text>'
        )


def _axis_titles(frame: _Frame, x_title: str | None, y_title: str | None) -> None:
    if x_title:
        frame.parts.append(
            f'<text class="axis-title" x="{_num(frame.left + frame.plot_width / 2)}" '
            f'y="{frame.height - 4}" text-anchor="middle">{escape(x_title)}</text>'
        )
    if y_title:
        frame.parts.append(
            f'<text class="axis-title" x="12" y="{_num(MARGIN_TOP + frame.plot_height / 2)}" '
            f'text-anchor="middle" transform="rotate(-90 12 '
            f'{_num(MARGIN_TOP + frame.plot_height / 2)})">{escape(y_title)}</text>'
        )


def _empty(label: str, message: str) -> Markup:
    return Markup(
        f'<figure class="chart chart-empty" aria-label="{escape(label)}">'
        f'<p class="muted">{escape(message)}</p></figure>'
    )


def line_chart(
    series: Sequence[Series],
    *,
    label: str,
    empty: str,
    y_format: Callable[[float], str] = _fmt,
    x_format: Callable[[float], str] = _fmt,
    x_title: str | None = None,
    y_title: str | None = None,
    y_from_zero: bool = True,
    marker_x: X | None = None,
    marker_label: str | None = None,
    height: int = HEIGHT,
) -> Markup:
    """Lines over a shared x axis (numbers or dates). ``marker_x`` draws a vertical line
    (e.g. the status date); ``empty`` is shown instead when no series has a point."""
    drawn = [s for s in series if s.points]
    if not drawn:
        return _empty(label, empty)
    xs = [_as_number(x) for s in drawn for x, _ in s.points]
    ys = [float(y) for s in drawn for _, y in s.points]
    dated = isinstance(drawn[0].points[0][0], date)
    low_y, high_y = (min(0.0, *ys) if y_from_zero else min(ys)), max(ys)
    y_ticks = nice_ticks(low_y, high_y)
    frame = _Frame(min(xs), max(xs), y_ticks[0], y_ticks[-1], height=height)
    _y_axis(frame, y_ticks, y_format)
    if dated:
        x_ticks = _date_ticks(frame.x0, frame.x1)
    else:
        x_ticks = [(t, x_format(t)) for t in nice_ticks(frame.x0, frame.x1, 6)]
        x_ticks = [(t, text) for t, text in x_ticks if frame.x0 <= t <= frame.x1]
    _x_axis_numbers(frame, x_ticks)
    _axis_titles(frame, x_title, y_title)
    if marker_x is not None:
        mx = _num(frame.px(_as_number(marker_x)))
        title = f"<title>{escape(marker_label)}</title>" if marker_label else ""
        frame.parts.append(
            f'<line class="marker" x1="{mx}" x2="{mx}" y1="{MARGIN_TOP}" '
            f'y2="{frame.height - MARGIN_BOTTOM}">{title}</line>'
        )
    legend = []
    for index, line in enumerate(series):
        css = line.css or f"series-{index % 8}"
        legend.append((line.name, css, line.dashed))
        if not line.points:
            continue
        path = " ".join(
            f"{_num(frame.px(_as_number(x)))},{_num(frame.py(float(y)))}" for x, y in line.points
        )
        dash = ' stroke-dasharray="6 4"' if line.dashed else ""
        frame.parts.append(
            f'<polyline class="line {css}" points="{path}"{dash}>'
            f"<title>{escape(line.name)}</title></polyline>"
        )
        if line.markers:
            for x, y in line.points:
                when = (
                    date.fromordinal(int(_as_number(x))).isoformat()
                    if dated
                    else x_format(_as_number(x))
                )
                frame.parts.append(
                    f'<circle class="dot {css}" cx="{_num(frame.px(_as_number(x)))}" '
                    f'cy="{_num(frame.py(float(y)))}" r="3"><title>{escape(line.name)}: '
                    f"{escape(when)} → {escape(y_format(float(y)))}</title></circle>"
                )
    return _figure(frame, label, legend)


def scatter_chart(
    points: Sequence[Point],
    *,
    label: str,
    empty: str,
    x_title: str,
    y_title: str,
    reference: tuple[float, float] | None = None,
    legend: Sequence[tuple[str, str]] = (),
    height: int = 320,
) -> Markup:
    """Bubbles at (x, y) with area proportional to ``size``; ``reference`` draws the lines
    x = a and y = b (SPI = 1, CPI = 1) dividing the plot into quadrants."""
    if not points:
        return _empty(label, empty)
    xs = [p.x for p in points] + ([reference[0]] if reference else [])
    ys = [p.y for p in points] + ([reference[1]] if reference else [])
    # Room for the bubbles at the edges: 4 % of the range on every side.
    pad_x, pad_y = (max(xs) - min(xs)) * 0.04, (max(ys) - min(ys)) * 0.04
    x_ticks = nice_ticks(min(xs) - pad_x, max(xs) + pad_x, 6)
    y_ticks = nice_ticks(min(ys) - pad_y, max(ys) + pad_y)
    frame = _Frame(x_ticks[0], x_ticks[-1], y_ticks[0], y_ticks[-1], height=height)
    _y_axis(frame, y_ticks, _fmt)
    _x_axis_numbers(frame, [(t, _fmt(t)) for t in x_ticks])
    _axis_titles(frame, x_title, y_title)
    if reference:
        rx, ry = _num(frame.px(reference[0])), _num(frame.py(reference[1]))
        frame.parts.append(
            f'<line class="reference" x1="{rx}" x2="{rx}" y1="{MARGIN_TOP}" '
            f'y2="{frame.height - MARGIN_BOTTOM}"/><line class="reference" x1="{frame.left}" '
            f'x2="{frame.width - MARGIN_RIGHT}" y1="{ry}" y2="{ry}"/>'
        )
    largest = max((p.size for p in points), default=1.0) or 1.0
    # Largest first, so small bubbles stay on top and can be hovered.
    for p in sorted(points, key=lambda p: -p.size):
        radius = 4 + 14 * math.sqrt(max(p.size, 0.0) / largest)
        circle = (
            f'<circle class="bubble {p.css}" cx="{_num(frame.px(p.x))}" '
            f'cy="{_num(frame.py(p.y))}" r="{radius:.1f}"><title>{escape(p.label)}</title>'
            "</circle>"
        )
        if p.href:
            circle = f'<a href="{escape(p.href)}">{circle}</a>'
        frame.parts.append(circle)
    return _figure(frame, label, [(name, css, False) for name, css in legend])


def bar_chart(
    categories: Sequence[str],
    series: Sequence[BarSeries],
    *,
    label: str,
    empty: str,
    stacked: bool = False,
    y_format: Callable[[float], str] = _fmt,
    y_title: str | None = None,
    max_labels: int = 14,
    height: int = HEIGHT,
) -> Markup:
    """Bars per category, grouped side by side or ``stacked``; a series with ``line=True``
    is drawn as a line over them (capacity over demand). At most ``max_labels`` category
    labels are written; every bar keeps its hover text."""
    bars = [s for s in series if not s.line]
    lines = [s for s in series if s.line]
    if not categories or not series:
        return _empty(label, empty)
    totals: list[float] = []
    for i in range(len(categories)):
        values = [s.values[i] for s in bars]
        totals.append(sum(values) if stacked else max(values, default=0.0))
    tops = totals + [v for s in lines for v in s.values]
    y_ticks = nice_ticks(0.0, max(tops, default=0.0) or 1.0)
    frame = _Frame(0.0, float(len(categories)), y_ticks[0], y_ticks[-1], height=height)
    _y_axis(frame, y_ticks, y_format)
    base = frame.height - MARGIN_BOTTOM
    frame.parts.append(
        f'<line class="axis" x1="{frame.left}" x2="{frame.width - MARGIN_RIGHT}" '
        f'y1="{base}" y2="{base}"/>'
    )
    _axis_titles(frame, None, y_title)
    slot = frame.plot_width / len(categories)
    # Every n-th category is labelled: as many as fit side by side (~6.5 px a character).
    widest = max(len(c) for c in categories) * 6.5 + 8
    every = max(1, math.ceil(len(categories) / max_labels), math.ceil(widest / slot))
    for i, category in enumerate(categories):
        left = frame.px(float(i)) + slot * 0.12
        inner = slot * 0.76
        offset = 0.0
        for j, s in enumerate(bars):
            value = s.values[i]
            css = s.css or f"series-{series.index(s) % 8}"
            hover = s.labels[i] if s.labels else f"{category} · {s.name}: {y_format(value)}"
            if stacked:
                top, bottom = frame.py(offset + value), frame.py(offset)
                x, w = left, inner
                offset += value
            else:
                w = inner / len(bars)
                x = left + j * w
                top, bottom = frame.py(value), frame.py(0.0)
            frame.parts.append(
                f'<rect class="bar {css}" x="{_num(x)}" y="{_num(top)}" width="{_num(w)}" '
                f'height="{_num(max(bottom - top, 0.0))}"><title>{escape(hover)}</title></rect>'
            )
        if i % every == 0:
            frame.parts.append(
                f'<text class="tick" x="{_num(left + inner / 2)}" y="{base + 16}" '
                f'text-anchor="middle">{escape(category)}</text>'
            )
    for s in lines:
        css = s.css or f"series-{series.index(s) % 8}"
        # A step line: flat across each category's slot.
        path = " ".join(
            f"{_num(frame.px(float(i)))},{_num(frame.py(v))} "
            f"{_num(frame.px(float(i + 1)))},{_num(frame.py(v))}"
            for i, v in enumerate(s.values)
        )
        frame.parts.append(
            f'<polyline class="line {css}" points="{path}"><title>{escape(s.name)}</title>'
            "</polyline>"
        )
    legend = [(s.name, s.css or f"series-{series.index(s) % 8}", False) for s in series]
    return _figure(frame, label, legend)


def heat_class(ratio: float | None) -> str:
    """The class of a heat-map cell for a load ratio (demand ÷ capacity): ``heat-0`` empty,
    ``heat-1`` … ``heat-4`` up to 100 %, ``heat-over`` above it, ``heat-na`` no capacity."""
    if ratio is None or math.isnan(ratio):
        return "heat-na"
    if ratio <= 0:
        return "heat-0"
    if ratio > 1.0 + 1e-9:
        return "heat-over"
    return f"heat-{min(4, 1 + int(ratio * 4 - 1e-9))}"
