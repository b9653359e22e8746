"""Every request runs in one worker-thread step, so it never holds a connection while it
waits for a thread (see :mod:`openpmo.routing`)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import anyio.to_thread
import httpx2
from fastapi.routing import APIRoute
from sqlalchemy.orm import sessionmaker
from starlette.routing import BaseRoute

from openpmo.app import create_app
from openpmo.config import Settings
from openpmo.db.base import Base
from openpmo.db.session import make_engine
from openpmo.enums import Role
from openpmo.routing import OneStepRoute
from tests import factories as f


def _routes(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI's include_router
        yield from _routes(included.routes) if included is not None else (route,)


def test_every_route_of_the_app_runs_in_one_step(settings: Settings) -> None:
    routes = [r for r in _routes(create_app(settings).routes) if isinstance(r, APIRoute)]
    assert len(routes) > 50
    assert [r.path for r in routes if not isinstance(r, OneStepRoute)] == []


def test_many_clients_share_two_threads_and_one_connection(
    tmp_path: Path, settings: Settings, headers_for: Callable[..., dict[str, str]]
) -> None:
    # One connection and two threads: a request that kept its connection between
    # thread-pool steps would leave the other thread waiting for it until the pool's
    # timeout, and then fail.
    engine = make_engine(
        f"sqlite:///{tmp_path / 'one.db'}", pool_size=1, max_overflow=0, pool_timeout=3
    )
    Base.metadata.create_all(engine)
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    with sessions() as session:
        user = f.user(session, Role.ADMIN)
        f.project(session, f.org_unit(session))
        session.commit()
        headers = headers_for(user)
    app = create_app(settings, sessions=sessions)

    async def fifty_at_once() -> list[httpx2.Response]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = 2
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://pmo") as client:
            return await asyncio.gather(
                *(client.get("/api/v1/projects", headers=headers) for _ in range(40)),
                *(client.get("/portfolio") for _ in range(10)),
            )

    # A loop of its own in a thread of its own: a browser test before this one in the same
    # process may have left the main thread's loop running.
    try:
        with ThreadPoolExecutor(1) as pool:
            responses = pool.submit(asyncio.run, fifty_at_once()).result(timeout=120)
    finally:
        engine.dispose()
    assert [r.status_code for r in responses[:40]] == [200] * 40
    assert all(r.json()["total"] == 1 for r in responses[:40])
    assert {r.status_code for r in responses[40:]} == {303}  # not signed in: to the login
