"""The knowledge base: an honest empty state until its feature exists (reports are in
:mod:`openpmo.web.status_reports`)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from openpmo.web.deps import Page
from openpmo.web.errors import PageRoute

__all__ = ["router"]

router = APIRouter(route_class=PageRoute)


@router.get("/knowledge", include_in_schema=False)
def knowledge(page: Page) -> Response:
    return page.render("coming.html", {"area": "knowledge", "icon_name": "knowledge"})
