"""Charts of the reports as PNG bytes, drawn with matplotlib's Agg backend.

Every text uses Noto Sans CJK SC from :func:`openpmo.io.reports.fonts.cjk_font_path` (through
``FontProperties(fname=...)``), so Chinese labels draw the same everywhere. matplotlib is
imported on first use: reading or serialising content does not pay for it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

from openpmo.io.reports.content import (
    DIMENSIONS as _DIMENSIONS,
)
from openpmo.io.reports.content import CurvePoint, HealthTrendPoint, ProjectHealthRow
from openpmo.io.reports.layout import ACCENT, RAG_FILL
from openpmo.io.reports.words import Words

__all__ = ["health_trend_chart", "kpi_trend_chart", "rag_matrix_chart", "s_curve_chart"]

DPI = 160
_COLOURS = ("green", "amber", "red", "grey")


@cache
def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


@cache
def _font(size: float) -> Any:
    from matplotlib.font_manager import FontProperties

    from openpmo.io.reports.fonts import cjk_font_path

    return FontProperties(fname=str(cjk_font_path()), size=size)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _style(ax: Any) -> None:
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontproperties(_font(7.5))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors="#444444", length=3)
    ax.grid(axis="y", color="#e3e6ea", linewidth=0.6)
    ax.set_axisbelow(True)


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.08)
    _pyplot().close(fig)
    return buffer.getvalue()


def _legend(ax: Any, **kw: Any) -> None:
    ax.legend(prop=_font(7.5), frameon=False, **kw)


def _money_axis(ax: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    def short(value: float, _pos: int) -> str:
        size = abs(value)
        if size >= 1e6:
            return f"{value / 1e6:.1f}M"
        if size >= 1e3:
            return f"{value / 1e3:.0f}k"
        return f"{value:.0f}"

    ax.yaxis.set_major_formatter(FuncFormatter(short))


def _date_axis(ax: Any) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))  # type: ignore[no-untyped-call]


def s_curve_chart(
    points: Sequence[CurvePoint], status_date: date, currency: str, words: Words
) -> bytes:
    """PV over the baseline; EV and AC at the status dates; the status date marked."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.4, 3.1))
    days = [p.day for p in points]
    ax.plot(
        days,
        [p.pv for p in points],
        color=_hex(ACCENT),
        linewidth=1.8,
        label=words("report.chart.pv"),
    )
    earned = [(p.day, p.ev, p.ac) for p in points if p.ev is not None]
    if earned:
        ax.plot(
            [e[0] for e in earned],
            [e[1] for e in earned],
            color=_hex(RAG_FILL["green"]),
            marker="o",
            markersize=3.5,
            linewidth=1.6,
            label=words("report.chart.ev"),
        )
        ax.plot(
            [e[0] for e in earned],
            [e[2] for e in earned],
            color=_hex(RAG_FILL["red"]),
            marker="s",
            markersize=3.2,
            linewidth=1.4,
            linestyle="--",
            label=words("report.chart.ac"),
        )
    ax.axvline(status_date, color="#777777", linewidth=0.9, linestyle=":")
    top = max([p.pv for p in points] + [e[2] or 0 for e in earned] + [1.0])
    ax.text(
        status_date,
        top * 1.02,
        f" {words('report.chart.status_date')} {status_date.isoformat()}",
        fontproperties=_font(7),
        color="#555555",
        va="bottom",
    )
    ax.set_ylabel(words("report.chart.curve_axis", currency=currency), fontproperties=_font(8))
    ax.set_ylim(0, top * 1.12)
    _date_axis(ax)
    _money_axis(ax)
    _style(ax)
    _legend(ax, loc="upper left")
    return _png(fig)


def rag_matrix_chart(rows: Sequence[ProjectHealthRow], words: Words, total: int) -> bytes:
    """Projects (rows) × health dimensions (columns), each cell in its colour."""
    plt = _pyplot()
    from matplotlib.patches import Rectangle

    height = 0.62 + 0.24 * max(len(rows), 1)
    fig, ax = plt.subplots(figsize=(7.4, height))
    for i, row in enumerate(rows):
        for j, dimension in enumerate(_DIMENSIONS):
            colour = row.colours.get(dimension, "grey")
            ax.add_patch(
                Rectangle(
                    (j + 0.04, i + 0.08),
                    0.92,
                    0.84,
                    facecolor=_hex(RAG_FILL.get(colour, RAG_FILL["grey"])),
                    edgecolor="white",
                )
            )
            if dimension == "overall" and row.overridden:
                ax.text(
                    j + 0.5,
                    i + 0.55,
                    "*",
                    ha="center",
                    va="center",
                    color="white",
                    fontproperties=_font(9),
                )
    ax.set_xlim(0, len(_DIMENSIONS))
    ax.set_ylim(len(rows), 0)
    ax.set_xticks([j + 0.5 for j in range(len(_DIMENSIONS))])
    ax.set_xticklabels([words.dimension(d) for d in _DIMENSIONS])
    ax.xaxis.tick_top()
    ax.set_yticks([i + 0.5 for i in range(len(rows))])
    names = []
    for row in rows:
        name = words.name(row.name, row.name_zh)
        names.append(f"{row.code}  {name[:22]}{'…' if len(name) > 22 else ''}")
    ax.set_yticklabels(names)
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontproperties(_font(7.5))
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    if total > len(rows):
        ax.set_xlabel(
            words("report.chart.rag_more", shown=len(rows), total=total), fontproperties=_font(7)
        )
    return _png(fig)


def health_trend_chart(points: Sequence[HealthTrendPoint], words: Words) -> bytes:
    """Projects per overall colour at each status date, stacked."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.4, 2.6))
    labels = [p.status_date.isoformat() for p in points]
    bottom = [0] * len(points)
    for colour in _COLOURS:
        values = [p.counts.get(colour, 0) for p in points]
        if not any(values):
            continue
        bars = ax.bar(
            labels,
            values,
            bottom=bottom,
            color=_hex(RAG_FILL[colour]),
            width=0.58,
            label=words.colour(colour),
        )
        for bar, value in zip(bars, values, strict=True):
            if value:
                ax.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    str(value),
                    ha="center",
                    va="center",
                    color="white",
                    fontproperties=_font(7),
                )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel(words("report.chart.projects"), fontproperties=_font(8))
    _style(ax)
    _legend(ax, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _png(fig)


def kpi_trend_chart(points: Sequence[HealthTrendPoint], words: Words) -> bytes:
    """SPI and CPI of the scope (from the summed figures) at each status date."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.4, 2.4))
    labels = [p.status_date.isoformat() for p in points]
    for name, colour, marker in (("spi", ACCENT, "o"), ("cpi", RAG_FILL["green"], "s")):
        values = [getattr(p, name) for p in points]
        ax.plot(
            labels,
            values,
            color=_hex(colour),
            marker=marker,
            markersize=3.5,
            linewidth=1.6,
            label=name.upper(),
        )
    ax.axhline(1.0, color="#999999", linewidth=0.8, linestyle=":")
    values = [v for p in points for v in (p.spi, p.cpi) if v is not None] or [1.0]
    low, high = min([*values, 1.0]), max([*values, 1.0])
    margin = max(0.02, (high - low) * 0.25)
    ax.set_ylim(low - margin, high + margin)
    _style(ax)
    _legend(ax, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _png(fig)
