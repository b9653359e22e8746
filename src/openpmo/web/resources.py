"""The resource pool: people with their skills, org unit and weekly capacity."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from openpmo.services import org_units
from openpmo.services import resources as pool
from openpmo.web.deps import Page
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
