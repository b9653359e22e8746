"""The server-drawn SVG charts: scales, ticks, escaping, empty states and well-formed markup."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from openpmo.web.charts import (
    MARGIN_LEFT,
    MARGIN_RIGHT,
    WIDTH,
    BarSeries,
    Point,
    Series,
    bar_chart,
    heat_class,
    line_chart,
    nice_ticks,
    scatter_chart,
)

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(markup: str) -> ET.Element:
    """The chart's <svg>, parsed (so the markup is well formed)."""
    namespaced = str(markup).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    figure = ET.fromstring(namespaced)
    svg = figure.find(f"{SVG}svg")
    assert svg is not None
    return svg


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 10, [0, 2, 4, 6, 8, 10]),
        (0, 97, [0, 20, 40, 60, 80, 100]),
        (0.8, 1.13, [0.8, 0.9, 1.0, 1.1, 1.2]),
        (-3, 7, [-4, -2, 0, 2, 4, 6, 8]),
        (5, 5, [5, 6, 7, 8, 9, 10]),
    ],
)
def test_nice_ticks_are_round_and_cover_the_range(
    low: float, high: float, expected: list[float]
) -> None:
    ticks = nice_ticks(low, high)
    assert ticks == pytest.approx(expected)
    assert ticks[0] <= low
    assert ticks[-1] >= high


def test_nice_ticks_of_nan_do_not_loop() -> None:
    assert nice_ticks(math.nan, 1.0) == [0.0]


def test_a_line_spans_the_plot_from_first_to_last_x() -> None:
    chart = line_chart(
        [Series("PV", [(0, 0.0), (5, 50.0), (10, 100.0)])], label="S-curve", empty="none"
    )
    line = svg_of(chart).find(f"{SVG}polyline")
    assert line is not None
    coords = [tuple(map(float, p.split(","))) for p in line.attrib["points"].split()]
    assert coords[0][0] == pytest.approx(MARGIN_LEFT)
    assert coords[-1][0] == pytest.approx(WIDTH - MARGIN_RIGHT)
    # y grows downwards: the last point (100) is higher on screen than the first (0).
    assert coords[-1][1] < coords[1][1] < coords[0][1]


def test_a_dated_line_gets_month_ticks_and_a_status_date_marker() -> None:
    points = [(date(2026, 1, 1), 0.0), (date(2026, 6, 30), 10.0)]
    chart = line_chart(
        [Series("EV", points, markers=True)],
        label="EV",
        empty="none",
        marker_x=date(2026, 3, 15),
        marker_label="status date",
    )
    svg = svg_of(chart)
    ticks = [t.text for t in svg.iter(f"{SVG}text")]
    assert "2026-01" in ticks
    assert "2026-06" in ticks
    marker = svg.find(f"{SVG}line[@class='marker']")
    assert marker is not None
    assert next(c.find(f"{SVG}title").text for c in svg.iter(f"{SVG}circle")) == (  # type: ignore[union-attr]
        "EV: 2026-01-01 → 0"
    )


def test_no_points_shows_the_empty_message() -> None:
    chart = line_chart([Series("PV", [])], label="S-curve", empty="No baseline yet")
    assert "No baseline yet" in chart
    assert "<svg" not in chart


def test_labels_are_escaped() -> None:
    chart = scatter_chart(
        [Point(1.0, 1.0, "<script>alert(1)</script>", href="/p?a=1&b=2")],
        label="x",
        empty="none",
        x_title="SPI",
        y_title="CPI",
    )
    assert "<script>" not in chart
    svg = svg_of(chart)  # & is escaped too, or parsing fails
    link = svg.find(f"{SVG}a")
    assert link is not None
    assert link.attrib["href"] == "/p?a=1&b=2"


def test_bubbles_scale_by_size_and_reference_lines_split_quadrants() -> None:
    chart = scatter_chart(
        [Point(0.8, 0.9, "small", size=1.0), Point(1.1, 1.2, "big", size=100.0)],
        label="SPI/CPI",
        empty="none",
        x_title="SPI",
        y_title="CPI",
        reference=(1.0, 1.0),
    )
    svg = svg_of(chart)
    radius = {c.find(f"{SVG}title").text: float(c.attrib["r"]) for c in svg.iter(f"{SVG}circle")}  # type: ignore[union-attr]
    assert radius["big"] == pytest.approx(18.0)
    assert radius["small"] == pytest.approx(4 + 14 * math.sqrt(0.01))
    assert len(svg.findall(f"{SVG}line[@class='reference']")) == 2


def test_stacked_bars_add_up_and_the_capacity_line_is_drawn() -> None:
    chart = bar_chart(
        ["W1", "W2"],
        [
            BarSeries("Project A", [10.0, 30.0]),
            BarSeries("Project B", [20.0, 30.0]),
            BarSeries("Capacity", [40.0, 40.0], line=True),
        ],
        label="Demand",
        empty="none",
        stacked=True,
    )
    svg = svg_of(chart)
    bars = svg.findall(f"{SVG}rect")
    assert len(bars) == 4
    heights = [float(b.attrib["height"]) for b in bars]
    # Week 2's two bars (60) are twice week 1's (30): ticks run 0..60.
    assert heights[2] + heights[3] == pytest.approx(2 * (heights[0] + heights[1]))
    assert svg.find(f"{SVG}polyline") is not None
    assert next(b.find(f"{SVG}title").text for b in bars) == "W1 · Project A: 10"  # type: ignore[union-attr]


def test_grouped_bars_sit_side_by_side() -> None:
    chart = bar_chart(
        ["Red", "Amber"],
        [BarSeries("2026-10", [3.0, 5.0]), BarSeries("2026-11", [1.0, 6.0])],
        label="Health",
        empty="none",
    )
    bars = svg_of(chart).findall(f"{SVG}rect")
    assert float(bars[1].attrib["x"]) > float(bars[0].attrib["x"])
    assert float(bars[0].attrib["width"]) == pytest.approx(float(bars[1].attrib["width"]))


@pytest.mark.parametrize(
    ("ratio", "css"),
    [
        (None, "heat-na"),
        (math.nan, "heat-na"),
        (0.0, "heat-0"),
        (0.1, "heat-1"),
        (0.25, "heat-1"),
        (0.5, "heat-2"),
        (0.75, "heat-3"),
        (1.0, "heat-4"),
        (1.01, "heat-over"),
    ],
)
def test_heat_classes(ratio: float | None, css: str) -> None:
    assert heat_class(ratio) == css
