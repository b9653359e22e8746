"""The portfolio overview: every project the user may see, filtered, sorted and paged."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from openpmo.enums import ProjectStatus
from openpmo.services import org_units, overview, portfolios, programs, projects
from openpmo.services.projects import ProjectFilter
from openpmo.web.deps import Page, PageContext
from openpmo.web.errors import PageRoute
from openpmo.web.listing import Listing, int_param

__all__ = ["router"]

router = APIRouter(route_class=PageRoute)

#: Columns the user may sort by clicking their header.
SORTABLE = ("code", "name", "status", "priority", "budget", "planned_start", "planned_finish")
DEFAULT_SORT = "-priority"
_MAX_OPTIONS = 1000


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


def _options(page: PageContext) -> dict[str, Any]:
    """The choices of the filter selects."""
    session, principal = page.session, page.principal
    return {
        "portfolios": portfolios.portfolios.list(session, principal, limit=_MAX_OPTIONS)[0],
        "programs": programs.programs.list(session, principal, limit=_MAX_OPTIONS)[0],
        "org_units": org_units.org_units.list(session, principal, limit=_MAX_OPTIONS)[0],
        "managers": overview.project_managers(session, principal),
    }


@router.get("/", include_in_schema=False)
def home() -> Response:
    return RedirectResponse("/portfolio", status_code=303)


@router.get("/portfolio", include_in_schema=False)
def portfolio(request: Request, page: Page) -> Response:
    listing = Listing.of(request, SORTABLE, DEFAULT_SORT)
    filters = _filters(listing)
    items, total = projects.list_projects(
        page.session,
        page.principal,
        filters=filters,
        sort=listing.sort,
        limit=listing.per_page,
        offset=listing.offset,
    )
    context = {
        "listing": listing,
        "filters": filters,
        "projects": items,
        "total": total,
        "counts": overview.status_counts(page.session, page.principal, filters),
        "managers_by_id": overview.resource_names(page.session, (p.manager_id for p in items)),
        "statuses": list(ProjectStatus),
        **_options(page),
    }
    return page.render("portfolio.html", context)
