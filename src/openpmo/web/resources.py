"""The resource pool: people with their skills, org unit and weekly capacity."""

from __future__ import annotations

from fastapi import APIRouter, Request
from markupsafe import Markup
from starlette.responses import Response

from openpmo.errors import InvalidInput
from openpmo.i18n import translate
from openpmo.schemas.capacity import CapacityQuery
from openpmo.services import org_units, resource_view
from openpmo.services import resources as pool
from openpmo.web import forms
from openpmo.web.capacity import heat_rows
from openpmo.web.charts import BarSeries, bar_chart
from openpmo.web.deps import Page, PageContext
from openpmo.web.errors import PageRoute
from openpmo.web.listing import Listing, int_param

__all__ = ["router"]

router = APIRouter(route_class=PageRoute)

SORTABLE = ("name", "capacity_hours_per_week", "org_unit_id")
_MAX_UNITS = 1000


@router.get("/resources", include_in_schema=False)
def resource_pool(request: Request, page: Page) -> Response:
    listing = Listing.of(request, SORTABLE, "name")
    unit_id = int_param(listing.get("org_unit"))
    items, total = pool.resources.list(
        page.session,
        page.principal,
        filters={"org_unit_id": unit_id},
        q=listing.get("q"),
        sort=listing.sort,
        limit=listing.per_page,
        offset=listing.offset,
    )
    units, _ = org_units.org_units.list(page.session, page.principal, limit=_MAX_UNITS)
    context = {
        "listing": listing,
        "resources": items,
        "total": total,
        "units": units,
        "units_by_id": {u.id: u for u in units},
        "unit_id": unit_id,
    }
    return page.render("resources.html", context)


def _load_chart(page: PageContext, view: resource_view.PersonLoad) -> Markup:
    report = view.report
    series = [
        BarSeries(code, hours, css=f"series-{k % 6}")
        for k, (_, code, hours) in enumerate(view.by_project)
    ]
    capacity_name = translate("web.cap.capacity", page.lang)
    series.append(BarSeries(capacity_name, report.total.capacity, css="capacity", line=True))
    return bar_chart(
        [p.label for p in report.periods],
        series,
        label=translate("web.person.load_chart", page.lang),
        empty=translate("web.cap.no_data", page.lang),
        stacked=True,
        y_title=translate("web.cap.hours", page.lang),
        height=240,
    )


@router.get("/resources/{resource_id:int}", include_in_schema=False)
def person_page(resource_id: int, request: Request, page: Page) -> Response:
    """A person's allocations and assignments over time, calendar facts and over-allocations."""
    listing = Listing.of(request)
    query, errors = forms.parse(CapacityQuery, dict(listing.params), ("period", "from", "to"))
    query = query or CapacityQuery()
    try:
        view = resource_view.person_load(
            page.session,
            page.principal,
            resource_id,
            period=query.period,
            start=query.start,
            finish=query.finish,
        )
    except InvalidInput as exc:
        errors = exc.errors
        view = resource_view.person_load(page.session, page.principal, resource_id)
    context = {
        "view": view,
        "resource": view.resource,
        "query": query,
        "listing": listing,
        "heat": heat_rows(view.report, view.report.rows, {}, page.lang),
        "chart": _load_chart(page, view),
        "unit": org_units.org_units.get(page.session, page.principal, view.resource.org_unit_id)
        if view.resource.org_unit_id
        else None,
        "errors": forms.field_messages(errors, page.lang),
    }
    return page.render("resource.html", context, status_code=422 if errors else 200)
