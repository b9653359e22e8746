"""Risks across every project the user may see, highest exposure first."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from openpmo.enums import RiskStatus
from openpmo.services import overview
from openpmo.web.deps import Page
from openpmo.web.errors import PageRoute
from openpmo.web.listing import Listing

__all__ = ["router"]

router = APIRouter(route_class=PageRoute)

#: Without a status chosen, the page shows the risks that still need attention.
DEFAULT_STATUSES = (RiskStatus.OPEN.value, RiskStatus.MITIGATING.value)


@router.get("/risks", include_in_schema=False)
def portfolio_risks(request: Request, page: Page) -> Response:
    listing = Listing.of(request)
    chosen = [s for s in listing.get_all("status") if s in RiskStatus.__members__.values()]
    chosen = chosen or list(DEFAULT_STATUSES)
    statuses = tuple(RiskStatus(s) for s in chosen)
    items, total = overview.list_portfolio_risks(
        page.session,
        page.principal,
        statuses=statuses,
        q=listing.get("q"),
        limit=listing.per_page,
        offset=listing.offset,
    )
    context = {
        "listing": listing,
        "items": items,
        "total": total,
        "statuses": list(RiskStatus),
        "chosen": chosen,
        "people": overview.resource_names(page.session, (i.risk.owner_id for i in items)),
    }
    return page.render("risks.html", context)
