"""The server-rendered web UI (zh-CN / English) over the same services as the API."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from starlette.staticfiles import StaticFiles

from openpmo.web import (
    admin,
    auth,
    capacity,
    documents,
    gates,
    intake,
    levelling,
    portfolio,
    priorities,
    projects,
    proposal_form,
    reports,
    requests,
    resources,
    risks,
    schedule,
    selection,
    strategy,
)

__all__ = ["mount", "router"]

router = APIRouter()
for _area in (
    auth,
    portfolio,
    projects,
    schedule,
    gates,
    proposal_form,
    intake,
    priorities,
    selection,
    strategy,
    capacity,
    levelling,
    requests,
    resources,
    risks,
    reports,
    documents,
    admin,
):
    router.include_router(_area.router)


def mount(app: FastAPI) -> None:
    """Serve the pages and their assets (CSS, icons) from the installed package."""
    app.mount("/static", StaticFiles(packages=[("openpmo.web", "static")]), name="static")
    app.include_router(router)
