"""The ASGI application: the REST API and the web UI over one database."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI, Request, Response
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from openpmo import __version__, web
from openpmo.api import problems, v1
from openpmo.config import Settings, get_settings
from openpmo.db.session import session_factory
from openpmo.web.errors import error_page

__all__ = ["create_app"]


def create_app(
    settings: Settings | None = None, *, sessions: sessionmaker[Session] | None = None
) -> FastAPI:
    """Build the application for ``settings`` (by default, from the environment).

    ``sessions`` replaces the session factory built from the database URL (tests
    pass one bound to a connection whose transaction they roll back).
    """
    settings = settings or get_settings()
    app = FastAPI(
        lifespan=_lifespan,
        title="OpenPMO",
        version=__version__,
        description="Project Management Office platform: portfolios, projects, resources.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.session_factory = sessions or session_factory(
        settings.database_url, echo=settings.sql_echo
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="pmo_session",
        same_site="lax",
        https_only=settings.env == "production",
        max_age=settings.token_ttl_minutes * 60,
    )
    problems.install(app)
    app.add_exception_handler(HTTPException, _unknown_address)
    app.include_router(v1.router)
    web.mount(app)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Each request runs in one thread-pool step (openpmo.routing). With anyio's default of
    # 40 threads, the threads of one worker process fight over the GIL with its event loop
    # and tail latency balloons under load (measured: p95 of the project list 281 ms with 40
    # threads, 83–165 ms with 1–2); scale out with worker processes (``pmo serve --workers``).
    # A small pool is safe only because no request holds a connection between steps.
    settings: Settings = app.state.settings
    to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
    # Everything loaded so far (SQLAlchemy's metadata, the templates, NumPy, numba, ...)
    # lives as long as the process: move it out of the garbage collector's sight, so a full
    # collection under load walks only what requests made.
    gc.collect()
    gc.freeze()
    yield


async def _unknown_address(request: Request, exc: Exception) -> Response:
    """An address that matches no route: problem+json under /api, a styled page elsewhere."""
    if request.url.path.startswith("/api/") or getattr(exc, "status_code", None) != 404:
        return await problems.http_problem(request, exc)
    return error_page(request, 404, "web.error.not_found")
