"""Fixtures of the web tests: a seeded database, a real uvicorn server, real Chromium.

The browser is the system's ``/usr/bin/chromium``; without it the browser tests skip.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from openpmo.app import create_app
from openpmo.config import Settings
from openpmo.db import audit
from openpmo.db.base import Base
from openpmo.db.session import make_engine
from tests.factories import PASSWORD
from tests.web.seed import Seeded, seed

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
]


@dataclass
class WebApp:
    """A seeded database and the application over it."""

    sessions: sessionmaker[Session]
    settings: Settings
    seeded: Seeded

    def app(self) -> Any:
        return create_app(self.settings, sessions=self.sessions)


@pytest.fixture
def web_app(tmp_path: Path) -> Iterator[WebApp]:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    with sessions() as session:
        audit.set_actor(session, None)
        seeded = seed(session)
        session.commit()
    settings = Settings(
        database_url=url, env="development", secret_key="web-test-secret-key-0123456789abcdef"
    )
    yield WebApp(sessions, settings, seeded)
    engine.dispose()


@pytest.fixture
def web_client(web_app: WebApp) -> Iterator[TestClient]:
    with TestClient(web_app.app()) as client:
        yield client


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


@pytest.fixture
def sign_in(web_client: TestClient) -> Callable[[str], TestClient]:
    """Sign the test client in as ``username`` through the login form."""

    def go(username: str) -> TestClient:
        token = csrf_of(web_client.get("/login").text)
        response = web_client.post(
            "/login",
            data={"username": username, "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        return web_client

    return go


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def live_server(web_app: WebApp) -> Iterator[str]:
    """The application in a real uvicorn server on a free localhost port; yields its URL."""
    port = _free_port()
    config = uvicorn.Config(
        web_app.app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need the system Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Any, live_server: str) -> Iterator[Callable[..., Any]]:
    """Open a fresh browser context (its own cookies) on the live server, 1366×768."""
    contexts: list[Any] = []

    def make(locale: str = "en-US") -> Any:
        context = browser.new_context(
            base_url=live_server, viewport={"width": 1366, "height": 768}, locale=locale
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    return new_page()


def log_in(page: Any, username: str, password: str = PASSWORD, next_path: str = "") -> None:
    page.goto(f"/login{'?next=' + next_path if next_path else ''}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
