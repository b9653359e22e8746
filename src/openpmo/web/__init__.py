"""The server-rendered web UI (zh-CN / English) over the same services as the API."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from starlette.staticfiles import StaticFiles

from openpmo.web import (
    admin,
    auth,
    capacity,
    dashboard,
    documents,
    gates,
    intake,
    levelling,
    portfolio,
    priorities,
    project_status,
    projects,
    proposal_form,
    reports,
    requests,
    resources,
    risks,
    schedule,
    selection,
    status_reports,
    strategy,
)

__all__ = ["mount", "router"]

router = APIRouter()
for _area in (
    auth,
    dashboard,
    portfolio,
    projects,
    project_status,
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
    status_reports,
    documents,
    admin,
):
    router.include_router(_area.router)


def mount(app: FastAPI) -> None:
    """Serve the pages and their assets (CSS, icons) from the installed package."""
    app.mount("/static", StaticFiles(packages=[("openpmo.web", "static")]), name="static")
    app.include_router(router)
