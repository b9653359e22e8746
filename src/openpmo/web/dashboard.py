"""The portfolio dashboard page: KPI tiles, RAG matrix, health distribution and trend,
SPI/CPI scatter and S-curve, for the chosen portfolio, program, org unit and status date.

All figures come from :func:`openpmo.services.dashboard.portfolio_dashboard`; this module
only translates and shapes them (cells, chart series) for the template.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from markupsafe import Markup, escape
from starlette.responses import Response

from openpmo.enums import Role
from openpmo.i18n import translate
from openpmo.services import dashboard, overview
from openpmo.services.cache import GenerationCache
from openpmo.services.dashboard import COLOURS, Dashboard, DashboardFilter, Row
from openpmo.services.performance import DimensionResult, ProjectPerformance
from openpmo.web.charts import BarSeries, Point, Series, bar_chart, line_chart, scatter_chart
from openpmo.web.deps import Page, PageContext
from openpmo.web.errors import PageRoute
from openpmo.web.listing import Listing, int_param
from openpmo.web.templating import local_name, render_fragment

__all__ = [
    "DIMENSIONS",
    "cells",
    "compact_money",
    "date_param",
    "reason_texts",
    "router",
    "s_curve",
]

router = APIRouter(route_class=PageRoute)

DIMENSIONS = ("schedule", "cost", "quality", "risk", "resources", "overall")
#: Bubbles drawn at most (the worst projects, then the largest budgets); a chart of
#: thousands of overlapping bubbles shows nothing and weighs a megabyte.
MAX_BUBBLES = 300
#: SPI and CPI are drawn within this range (a project just started can show CPI 20).
CLAMP = (0.4, 1.6)


def compact_money(value: float | None, lang: str) -> str:
    """A large amount for a tile: ``1.33B`` / ``623.5M`` (``13.34亿`` / ``6,235.1万`` in
    Chinese, which counts in ten-thousands); the exact figure goes in its title."""
    if value is None:
        return "—"
    magnitude = abs(value)
    if lang == "zh-CN":
        if magnitude >= 1e8:
            return f"{value / 1e8:,.2f}亿"
        return f"{value / 1e4:,.1f}万" if magnitude >= 1e5 else f"{value:,.0f}"
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e4, "k")):
        if magnitude >= size:
            return f"{value / size:,.{2 if size == 1e9 else 1}f}{suffix}"
    return f"{value:,.0f}"


def date_param(value: str | None) -> date | None:
    """A date from the query string, or ``None`` when absent or malformed."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def reason_texts(result: DimensionResult, lang: str) -> list[str]:
    return [translate(r.key, lang, **r.params) for r in result.reasons]


def _cell(result: DimensionResult, lang: str, row_id: int) -> dict[str, Any]:
    """One dimension's colour, computed colour, reasons and override, in words, and its
    table cell (``html``): the colour in words on its colour, a flag in the computed colour
    when overridden, and the reasons in a popover opened by hover or focus. Built here in
    one pass: as a template macro, the matrix's 300 cells cost more than the rest of the page.
    """
    override = result.override
    colour = translate(f"health.colour.{result.colour}", lang)
    reasons = reason_texts(result, lang)
    dimension = translate(f"health.dimension.{result.dimension}", lang)
    computed = translate(f"health.colour.{result.computed_colour}", lang)
    pop = f"pop-{row_id}-{result.dimension}"
    flag = ring = note = marked = ""
    if override is not None:
        ring, marked = " overridden", ' data-overridden="true"'
        flag = f'<span class="flag rag-{result.computed_colour}"></span>'
        said = translate("web.health.overridden_from", lang, computed=computed)
        note = f'<span class="override-note">{escape(said)}: “{escape(override.comment)}”</span>'
    items = "".join(f"<li>{escape(r)}</li>" for r in reasons)
    html = (
        f'<td class="rag-cell" data-dim="{result.dimension}" data-colour="{result.colour}" '
        f'data-computed="{result.computed_colour}"'
        f"{marked}>"
        f'<span class="rag rag-{result.colour}{ring}" tabindex="0" aria-describedby="{pop}">'
        f'{escape(colour)}{flag}</span><span class="rag-pop" role="tooltip" id="{pop}">'
        f"<strong>{escape(dimension)}: {escape(colour)}</strong>"
        f"{f'<ul>{items}</ul>' if items else ''}{note}</span></td>"
    )
    return {
        "dimension": result.dimension,
        "colour": result.colour,
        "computed": result.computed_colour,
        "label": colour,
        "reasons": reasons,
        "override": override,
        "title": f"{dimension}: {colour}",
        "html": Markup(html),
    }


def cells(performance: ProjectPerformance, lang: str, row_id: int = 0) -> list[dict[str, Any]]:
    """The cells of a matrix row, in :data:`DIMENSIONS` order."""
    by_name = {d.dimension: d for d in (*performance.dimensions, performance.overall)}
    return [_cell(by_name[name], lang, row_id) for name in DIMENSIONS if name in by_name]


def _filters(listing: Listing) -> DashboardFilter:
    return DashboardFilter(
        portfolio_id=int_param(listing.get("portfolio")),
        program_id=int_param(listing.get("program")),
        org_unit_id=int_param(listing.get("org_unit")),
        as_of=date_param(listing.get("as_of")),
        currency=listing.get("currency"),
    )


def _matrix(rows: list[Row], lang: str) -> list[dict[str, Any]]:
    shaped = []
    for row in rows:
        p = row.performance
        shaped.append(
            {
                "id": row.facts.id,
                "code": row.facts.code,
                "name": local_name(row.facts, lang),
                "currency": row.facts.currency,
                "performance": p,
                "cells": cells(p, lang, row.facts.id) if p is not None else [],
            }
        )
    return shaped


def _label(key: str, lang: str) -> str:
    return translate(key, lang)


def _distribution(board: Dashboard, lang: str) -> Markup:
    names = [translate(f"web.dashboard.colour.{c}", lang) for c in COLOURS]
    series = [
        BarSeries(
            names[k],
            [float(board.counts[c]) if j == k else 0.0 for j in range(len(COLOURS))],
            css=f"rag-{c}",
            labels=[f"{names[k]}: {board.counts[c]}"] * len(COLOURS),
        )
        for k, c in enumerate(COLOURS)
    ]
    return bar_chart(
        names,
        series,
        stacked=True,
        label=_label("web.dashboard.distribution", lang),
        empty=_label("web.dashboard.no_projects", lang),
        y_title=_label("web.dashboard.projects", lang),
        height=240,
    )


def _trend(board: Dashboard, lang: str) -> Markup:
    categories = [p.status_date.strftime("%m-%d") for p in board.trend]
    series = []
    for c in COLOURS:
        name = translate(f"web.dashboard.colour.{c}", lang)
        values = [float(p.counts[c]) for p in board.trend]
        labels = [f"{p.status_date.isoformat()} · {name}: {p.counts[c]}" for p in board.trend]
        series.append(BarSeries(name, values, css=f"rag-{c}", labels=labels))
    return bar_chart(
        categories,
        series,
        stacked=True,
        label=_label("web.dashboard.trend", lang),
        empty=_label("web.dashboard.no_status_date", lang),
        y_title=_label("web.dashboard.projects", lang),
        height=240,
    )


def _bubbles(board: Dashboard, lang: str) -> Markup:
    points = []
    for row in board.by_budget[:MAX_BUBBLES]:
        p = row.performance
        assert p is not None
        spi, cpi, bac = p.money["spi"] or 0.0, p.money["cpi"] or 0.0, p.money["bac"] or 0.0
        label = translate(
            "web.dashboard.bubble",
            lang,
            code=row.facts.code,
            name=local_name(row.facts, lang),
            spi=spi,
            cpi=cpi,
            bac=f"{bac:,.0f} {row.facts.currency}",
            colour=translate(f"health.colour.{p.overall.colour}", lang),
        )
        points.append(
            Point(
                min(max(spi, CLAMP[0]), CLAMP[1]),
                min(max(cpi, CLAMP[0]), CLAMP[1]),
                label,
                size=bac,
                css=f"rag-{p.overall.colour}",
                href=f"/projects/{row.facts.id}/status?status_date={p.status_date.isoformat()}",
            )
        )
    chart = scatter_chart(
        points,
        label=_label("web.dashboard.scatter", lang),
        empty=_label("web.dashboard.no_status_date", lang),
        x_title="SPI",
        y_title="CPI",
        reference=(1.0, 1.0),
        legend=[(translate(f"web.dashboard.colour.{c}", lang), f"rag-{c}") for c in COLOURS[:3]],
    )
    return chart


def s_curve(
    curve: dashboard.SCurve | None, marker: date | None, lang: str, *, empty_key: str
) -> Markup:
    """PV, EV and AC over time; the status date as a marker."""
    label = translate("web.dashboard.s_curve", lang)
    if curve is None:
        return line_chart([], label=label, empty=translate(empty_key, lang))
    return line_chart(
        [
            Series(translate("web.evm.pv", lang), curve.planned, css="series-0"),
            Series(translate("web.evm.ev", lang), curve.earned, markers=True, css="series-1"),
            Series(translate("web.evm.ac", lang), curve.actual, markers=True, css="series-2"),
        ],
        label=f"{label} ({curve.currency})",
        empty=translate(empty_key, lang),
        y_title=curve.currency,
        marker_x=marker,
        marker_label=translate("web.schedule.status_date", lang),
    )


#: The rendered parts of the dashboard (tiles and charts per filter set, a matrix page per
#: query), per language and visibility, valid while the data is unchanged: people look at
#: the same few views again and again, and paging the matrix redraws no chart.
_bodies: GenerationCache[Markup] = GenerationCache(size=512)


def _charts(page: PageContext, filters: DashboardFilter) -> Markup:
    board = dashboard.portfolio_dashboard(page.session, page.principal, filters)
    context = {
        "board": board,
        "colours": COLOURS,
        # the currency links keep the filters (and drop the matrix page)
        "listing": Listing(page.request.url.path, tuple(_filter_query(filters)), (), ""),
        "distribution_chart": _distribution(board, page.lang),
        "trend_chart": _trend(board, page.lang),
        "scatter_chart": _bubbles(board, page.lang),
        "bubbles": min(len(board.by_budget), MAX_BUBBLES),
        "rated": len(board.by_budget),
        "compact": lambda value: compact_money(value, page.lang),
        "curve_chart": s_curve(
            board.curve, board.as_of, page.lang, empty_key="web.dashboard.no_baseline"
        ),
    }
    return render_fragment("_dashboard_charts.html", page.lang, context)


def _matrix_page(page: PageContext, listing: Listing, filters: DashboardFilter) -> Markup:
    board = dashboard.portfolio_dashboard(page.session, page.principal, filters)
    shown = board.rows[listing.offset : listing.offset + listing.per_page]
    context = {
        "listing": listing,
        "matrix": _matrix(shown, page.lang),
        "total": len(board.rows),
        "dimensions": DIMENSIONS,
    }
    return render_fragment("_dashboard_matrix.html", page.lang, context)


def _filter_query(filters: DashboardFilter) -> list[tuple[str, str]]:
    """The filters as query parameters (for the currency links of the charts part)."""
    pairs = [
        ("portfolio", filters.portfolio_id),
        ("program", filters.program_id),
        ("org_unit", filters.org_unit_id),
        ("as_of", filters.as_of.isoformat() if filters.as_of else None),
    ]
    return [(k, str(v)) for k, v in pairs if v is not None]


@router.get("/dashboard", include_in_schema=False)
def dashboard_page(request: Request, page: Page) -> Response:
    listing = Listing.of(request)
    filters = _filters(listing)
    # what a member sees depends on them; every other role sees every project
    scope = page.principal.user_id if page.principal.role is Role.MEMBER else None
    charts_key = ("dashboard-charts", filters, page.lang, scope)
    matrix_key = ("dashboard-matrix", listing.params, page.lang, scope)
    context = {
        "listing": listing,
        "filters": filters,
        "status_dates": dashboard.status_dates(page.session),
        "options": overview.filter_options(page.session, page.principal),
        "charts": _bodies.get(page.session, charts_key, lambda: _charts(page, filters)),
        "matrix": _bodies.get(
            page.session, matrix_key, lambda: _matrix_page(page, listing, filters)
        ),
    }
    return page.render("dashboard.html", context)
