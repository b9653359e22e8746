"""The capacity page: load per person (or skill, role, org unit) and period as a heat-map,
demand against capacity, utilisation, the over-allocations with the work causing them, and
the demand a proposed project would add (what-if)."""

from __future__ import annotations

import html
import threading
import weakref
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import numpy as np
from fastapi import APIRouter, Request
from markupsafe import Markup
from starlette.responses import Response

from openpmo.db.models import Project
from openpmo.errors import FieldError, InvalidInput, NotFound
from openpmo.i18n import translate
from openpmo.schemas.capacity import CapacityQuery, CapacityRead, CapacityRowRead
from openpmo.services import capacity, overview
from openpmo.services import resources as pool
from openpmo.services.cache import GenerationCache
from openpmo.services.capacity_view import CapacityView, capacity_view
from openpmo.web import forms
from openpmo.web.charts import BarSeries, Series, bar_chart, heat_class, line_chart
from openpmo.web.deps import Page, PageContext
from openpmo.web.errors import PageRoute
from openpmo.web.listing import Listing
from openpmo.web.templating import render_fragment

__all__ = ["HeatCell", "HeatRow", "heat_html", "heat_rows", "router"]

router = APIRouter(route_class=PageRoute)

FIELDS = (
    "by", "period", "from", "to", "q", "skill", "level", "role", "org_unit", "portfolio",
    "program", "what_if", "stack", "sort",
)  # fmt: skip
#: Heat-map rows per page (the large demo has thousands of people).
ROWS_PER_PAGE = 50
#: Projects drawn as their own stack; the rest are summed as "other".
STACKS = 6
#: Over-allocations listed under the heat-map, the largest excess first.
OVER_SHOWN = 25
#: Service errors named after the page's filter boxes.
_RENAMED = {"what_if_project_id": "what_if", "org_unit_id": "org_unit"}


@dataclass(frozen=True, slots=True)
class HeatCell:
    text: str
    css: str
    title: str
    href: str | None


@dataclass(frozen=True, slots=True)
class HeatRow:
    key: str
    label: str
    href: str | None
    peak: float | None
    cells: list[HeatCell]


def _url(path: str, **params: Any) -> str:
    kept = [(k, str(v)) for k, v in params.items() if v not in (None, "")]
    return f"{path}?{urlencode(kept)}" if kept else path


def _group_filter(report: CapacityRead, skills: dict[str, int], key: str) -> dict[str, Any]:
    """The filter showing the people of one row of a skill, role or org-unit heat-map."""
    if not key:
        return {}
    if report.by == "skill":
        return {"skill": skills.get(key)} if key in skills else {}
    return {"role": key} if report.by == "role" else {"org_unit": key}


def heat_rows(
    report: CapacityRead, rows: Sequence[CapacityRowRead], skills: dict[str, int], lang: str
) -> list[HeatRow]:
    """The cells of the heat-map: load %, its colour class, a hover text and, for an
    over-allocated cell, the link to the work causing it (the person's page for that period,
    or the people of the group)."""
    span = {"period": report.period, "from": report.start, "to": report.finish}
    out = []
    for row in rows:
        if report.by == "person":
            path, params = f"/resources/{row.key}", span
        else:
            group = _group_filter(report, skills, row.key)
            path, params = (
                "/resources/capacity",
                ({"by": "person", **span, **group} if group else {}),
            )
        href = _url(path, **params) if params else None
        anchor = "#over" if report.by == "person" else ""
        cells = []
        for k, ratio in enumerate(row.utilisation):
            period = report.periods[k]
            css = heat_class(ratio)
            title = translate(
                "web.cap.cell_title",
                lang,
                period=period.label,
                demand=f"{row.demand[k]:,.1f}",
                capacity=f"{row.capacity[k]:,.1f}",
            )
            link = None
            if css == "heat-over" and href is not None:
                narrowed = {**params, "from": period.start, "to": period.finish}
                link = _url(path, **narrowed) + anchor
            text = "—" if ratio is None else f"{ratio * 100:.0f}"
            cells.append(HeatCell(text, css, title, link))
        known = [u for u in row.utilisation if u is not None]
        out.append(HeatRow(row.key, row.label, href, max(known) if known else None, cells))
    return out


def heat_html(rows: Sequence[HeatRow], none: str) -> Markup:
    """The heat-map's ``<tr>`` elements, built here rather than in a template loop: 50 rows
    × 14 periods of cells cost more in Jinja than the rest of the page. ``none`` labels a
    group without a key."""
    esc = html.escape
    out = []
    for row in rows:
        label = esc((row.label or none) if row.href else (row.label if row.key else none))
        name = f'<a href="{esc(row.href)}">{label}</a>' if row.href else label
        # text (a number or a dash) and css (heat_class) are ours: nothing to escape
        cells = "".join(
            f'<td class="hcell {c.css}" title="{esc(c.title)}">'
            + (f'<a href="{esc(c.href)}">{c.text}</a>' if c.href else c.text)
            + "</td>"
            for c in row.cells
        )
        out.append(
            f'<tr data-key="{esc(row.key)}">\n'
            f'  <th class="heat-name" scope="row">{name}</th>\n  {cells}\n</tr>'
        )
    return Markup("\n".join(out))


def _role_stacks(view: CapacityView, periods: int, lang: str) -> list[BarSeries]:
    series = []
    for k, (role, hours) in enumerate(view.by_role[:STACKS]):
        name = role or translate("web.cap.no_role", lang)
        series.append(BarSeries(name, hours, css=f"series-{k}"))
    rest = view.by_role[STACKS:]
    if rest:
        other = [sum(h[i] for _, h in rest) for i in range(periods)]
        series.append(BarSeries(translate("web.cap.other", lang), other, css="series-6"))
    return series


def _project_stacks(view: CapacityView, periods: int, lang: str) -> list[BarSeries]:
    """The largest projects, the rest as "other", and the what-if project on top."""
    projects = view.by_project
    what_if = view.report.what_if_project_id
    shown = [p for p in projects if p[0] != what_if][:STACKS]
    series = [BarSeries(code, hours, css=f"series-{k}") for k, (_, code, hours) in enumerate(shown)]
    ids = {p[0] for p in shown} | {what_if}
    others = [p[2] for p in projects if p[0] not in ids]
    if others:
        other = np.sum(others, axis=0).round(2).tolist()
        series.append(BarSeries(translate("web.cap.other", lang), other, css="series-6"))
    added = next((p for p in projects if p[0] == what_if), None)
    if added is not None:
        name = translate("web.cap.what_if_series", lang, code=added[1])
        series.append(BarSeries(name, added[2], css="series-7"))
    return series


def _demand_chart(page: PageContext, view: CapacityView, stack: str) -> Markup:
    report = view.report
    categories = [p.label for p in report.periods]
    if stack == "role":
        series = _role_stacks(view, len(categories), page.lang)
    else:
        series = _project_stacks(view, len(categories), page.lang)
    capacity_name = translate("web.cap.capacity", page.lang)
    series.append(BarSeries(capacity_name, report.total.capacity, css="capacity", line=True))
    return bar_chart(
        categories,
        series,
        label=translate("web.cap.demand_chart", page.lang),
        empty=translate("web.cap.no_data", page.lang),
        stacked=True,
        y_title=translate("web.cap.hours", page.lang),
    )


def _utilisation_chart(page: PageContext, report: CapacityRead) -> Markup:
    total = report.total
    planned, actual = [], []
    for k, period in enumerate(report.periods):
        if total.capacity[k] > 0:
            planned.append((period.start, total.demand[k] / total.capacity[k] * 100))
            actual.append((period.start, total.actual[k] / total.capacity[k] * 100))
    return line_chart(
        [
            Series(translate("web.cap.planned", page.lang), planned, markers=True),
            Series(translate("web.cap.actual", page.lang), actual, markers=True, css="series-1"),
        ],
        label=translate("web.cap.utilisation_chart", page.lang),
        empty=translate("web.cap.no_data", page.lang),
        y_format=lambda v: f"{v:.0f} %",
        y_title=translate("web.cap.utilisation", page.lang),
        height=240,
    )


@dataclass(frozen=True)
class _Options:
    skills: list[tuple[int, str, str | None]]
    roles: list[str]
    proposals: list[tuple[int, str, str | None]]


#: The filter boxes' skills, roles and proposed projects, per reader, while nothing changed.
_options_cache: GenerationCache[_Options] = GenerationCache(size=32)


def _options(page: PageContext) -> dict[str, Any]:
    session, principal = page.session, page.principal

    def read() -> _Options:
        return _Options(
            pool.skill_options(session),
            pool.role_names(session),
            capacity.proposed_projects(session, principal),
        )

    found = _options_cache.get(session, ("capacity_options", principal), read)
    return {
        "filters": overview.filter_options(session, principal),
        "skills": found.skills,
        "roles": found.roles,
        "proposals": found.proposals,
    }


#: Parts of the page drawn from a view alone (heat-map rows, charts), per view: a view never
#: changes (a change of the data makes a new one), so they are kept with it and go with it.
_fragments: weakref.WeakKeyDictionary[CapacityView, dict[Hashable, Markup]] = (
    weakref.WeakKeyDictionary()
)
_fragments_lock = threading.Lock()
#: Parts kept per view (pages × sorts × languages, charts; a heat-map page is about 90 KB),
#: the oldest dropped first.
FRAGMENTS_PER_VIEW = 32


def _fragment(view: CapacityView, key: Hashable, build: Callable[[], Markup]) -> Markup:
    with _fragments_lock:
        found = _fragments.get(view, {}).get(key)
    if found is not None:
        return found
    made = build()
    with _fragments_lock:
        kept = _fragments.setdefault(view, {})
        kept[key] = made
        while len(kept) > FRAGMENTS_PER_VIEW:
            kept.pop(next(iter(kept)))
    return made


def _view(page: PageContext, query: CapacityQuery) -> CapacityView:
    scope = capacity.ResourceScope(
        org_unit_id=query.org_unit,
        role=query.role,
        skill_id=query.skill,
        min_level=query.level,
        q=query.q,
        project_ids=capacity.scope_projects(
            page.session, portfolio_id=query.portfolio, program_id=query.program
        ),
    )
    try:
        return capacity_view(
            page.session,
            page.principal,
            by=query.by,
            period=query.period,
            start=query.start,
            finish=query.finish,
            scope=scope,
            what_if_project_id=query.what_if,
            over_limit=OVER_SHOWN,
        )
    except NotFound as exc:
        raise InvalidInput(
            [FieldError(("org_unit",), "error.field.not_found", {"value": query.org_unit})]
        ) from exc


def _what_if(page: PageContext, query: CapacityQuery, view: CapacityView) -> dict[str, Any]:
    """The proposed project's hours and the over-allocated cells without and with it."""
    base = _view(page, query.model_copy(update={"what_if": None}))
    added = next((p for p in view.by_project if p[0] == query.what_if), None)
    project = page.session.get(Project, query.what_if)
    return {
        "code": project.code if project else "",
        "hours": sum(added[2]) if added else 0.0,
        "over_before": base.report.over_allocated_cells,
        "over_after": view.report.over_allocated_cells,
    }


@router.get("/resources/capacity", include_in_schema=False)
def capacity_page(request: Request, page: Page) -> Response:
    listing = Listing.of(request)
    query, errors = forms.parse(CapacityQuery, dict(listing.params), FIELDS)
    context: dict[str, Any] = {"listing": listing, "report": None, **_options(page)}
    context["query"] = query or CapacityQuery()
    if query is not None:
        try:
            view = _view(page, query)
        except InvalidInput as exc:
            errors = [
                FieldError((_RENAMED.get(e.field, e.field),), e.key, e.params) for e in exc.errors
            ]
        else:
            context.update(_report_context(page, listing, query, view, context["skills"]))
    context["errors"] = forms.field_messages(errors, page.lang)
    return page.render("capacity.html", context, status_code=422 if errors else 200)


def _report_context(
    page: PageContext, listing: Listing, query: CapacityQuery, view: CapacityView, options: Any
) -> dict[str, Any]:
    report = view.report
    heat_listing = Listing(listing.path, listing.params, (), "", ROWS_PER_PAGE)

    def heat() -> Markup:
        shown = view.rows(query.sort, heat_listing.offset, ROWS_PER_PAGE)
        skills = {name: sid for sid, name, _ in options} if query.by == "skill" else {}
        rows = heat_rows(report, shown, skills, page.lang)
        return heat_html(rows, translate("web.cap.none", page.lang))

    lang = page.lang
    total = report.total
    capacity_hours, demand_hours = sum(total.capacity), sum(total.demand)
    return {
        "report": report,
        "heat_listing": heat_listing,
        "heat_html": _fragment(view, ("heat", query.sort, heat_listing.offset, lang), heat),
        "rows_total": view.size,
        "kpi": {
            "rows": view.people,
            "capacity": capacity_hours,
            "demand": demand_hours,
            "planned": demand_hours / capacity_hours if capacity_hours else None,
            "actual": sum(total.actual) / capacity_hours if capacity_hours else None,
        },
        "demand_chart": _fragment(
            view, ("demand", query.stack, lang), lambda: _demand_chart(page, view, query.stack)
        ),
        "utilisation_chart": _fragment(
            view, ("utilisation", lang), lambda: _utilisation_chart(page, report)
        ),
        "over_html": _fragment(
            view,
            ("over", lang),
            lambda: render_fragment("_capacity_over.html", lang, {"report": report}),
        ),
        "what_if": _what_if(page, query, view) if query.what_if else None,
    }
