"""``pmo serve --workers 2``: no worker keeps state another needs (tokens, throttling)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy import create_engine, text

from openpmo.db import migrate
from openpmo.db.session import transaction
from openpmo.enums import Role
from openpmo.schemas.org import UserCreate
from openpmo.services.principal import SYSTEM
from openpmo.services.users import create_user
from tests.support import subprocess_env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _admin(url: str, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(statement))
    engine.dispose()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """Two worker processes serving a fresh database with one user."""
    base = os.environ.get("PMO_TEST_DATABASE_URL")
    name = f"openpmo_serve_{uuid.uuid4().hex[:8]}"
    url = f"{base.rsplit('/', 1)[0]}/{name}" if base else f"sqlite:///{tmp_path / 'serve.db'}"
    if base:
        _admin(base, f'CREATE DATABASE "{name}"')
    migrate.upgrade(url)
    from sqlalchemy.orm import sessionmaker

    from openpmo.db.session import make_engine

    engine = make_engine(url)
    with transaction(sessionmaker(engine)) as session:
        create_user(
            session,
            SYSTEM,
            UserCreate(
                username="zhou", full_name="Zhou Jie", password="a-long-password", role=Role.PMO
            ),
        )
    engine.dispose()
    port = _free_port()
    env = subprocess_env()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "openpmo",
            "--database-url",
            url,
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    address = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(f"{address}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield address
    finally:
        server.terminate()
        server.wait(timeout=30)
        if base:
            _admin(base, f'DROP DATABASE "{name}" WITH (FORCE)')


def test_a_token_from_one_worker_works_on_every_worker(served: str) -> None:
    login = httpx.post(
        f"{served}/api/v1/auth/token", data={"username": "zhou", "password": "a-long-password"}
    )
    assert login.status_code == 200
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    statuses = set()
    for _ in range(30):  # fresh connections, spread over both workers
        statuses.add(httpx.get(f"{served}/api/v1/projects", headers=headers).status_code)
    assert statuses == {200}


def test_failed_logins_are_counted_across_workers(served: str) -> None:
    codes = [
        httpx.post(
            f"{served}/api/v1/auth/token", data={"username": "zhou", "password": "wrong"}
        ).status_code
        for _ in range(5)
    ]
    assert codes == [401] * 5
    blocked = httpx.post(
        f"{served}/api/v1/auth/token", data={"username": "zhou", "password": "a-long-password"}
    )
    assert blocked.status_code == 429
