"""The portfolio overview: every project the user may see, filtered, sorted and paged."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from openpmo.enums import ProjectStatus
from openpmo.services import overview, projects
from openpmo.services.projects import ProjectFilter
from openpmo.web.deps import Page
from openpmo.web.errors import PageRoute
from openpmo.web.listing import Listing, int_param, project_table

__all__ = ["router"]

router = APIRouter(route_class=PageRoute)

#: Columns the user may sort by clicking their header.
SORTABLE = ("code", "name", "status", "priority", "budget", "planned_start", "planned_finish")
DEFAULT_SORT = "-priority"


def _filters(listing: Listing) -> ProjectFilter:
    statuses = tuple(
        ProjectStatus(s)
        for s in listing.get_all("status")
        if s in ProjectStatus.__members__.values()
    )
    return ProjectFilter(
        status=statuses,
        portfolio_id=int_param(listing.get("portfolio")),
        program_id=int_param(listing.get("program")),
        org_unit_id=int_param(listing.get("org_unit")),
        manager_id=int_param(listing.get("manager")),
        q=listing.get("q"),
    )


@router.get("/", include_in_schema=False)
def home() -> Response:
    return RedirectResponse("/portfolio", status_code=303)


@router.get("/portfolio", include_in_schema=False)
def portfolio(request: Request, page: Page) -> Response:
    listing = Listing.of(request, SORTABLE, DEFAULT_SORT)
    filters = _filters(listing)
    counts = projects.status_counts(page.session, page.principal, filters)
    rows, managers_by_id = overview.project_rows(
        page.session,
        page.principal,
        filters,
        sort=listing.sort,
        limit=listing.per_page,
        offset=listing.offset,
    )
    context = {
        "listing": listing,
        "filters": filters,
        "project_table": project_table(rows, managers_by_id, page.lang),
        "total": projects.matching_total(counts, filters),
        "counts": counts,
        "statuses": list(ProjectStatus),
        "options": overview.filter_options(page.session, page.principal),
    }
    return page.render("portfolio.html", context)
