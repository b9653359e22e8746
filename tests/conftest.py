"""Fixtures shared by the whole suite.

Database tests run on a fresh SQLite file per test, or, when ``PMO_TEST_DATABASE_URL``
names a PostgreSQL database, on that database with every test inside a transaction
that is rolled back at its end (the application's commits become savepoints).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

import openpmo.db.models
from openpmo.app import create_app
from openpmo.config import Settings
from openpmo.db import audit
from openpmo.db.base import Base
from openpmo.db.session import make_engine

POSTGRES_URL = os.environ.get("PMO_TEST_DATABASE_URL")


# No per-example deadline: the first call of a numba kernel compiles (or loads its disk cache)
# inside whichever example comes first, and a loaded CI machine is slow; a deadline would make
# properties flaky without telling anything about the code.
hypothesis_settings.register_profile("openpmo", deadline=None)
hypothesis_settings.load_profile("openpmo")


def _worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets a database of its own, made on first use."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    name = f"{url.rsplit('/', 1)[1]}_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{url.rsplit('/', 1)[0]}/{name}"


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine | None]:
    if not POSTGRES_URL:
        yield None
        return
    engine = make_engine(_worker_database(POSTGRES_URL))
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    yield engine
    Base.metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return POSTGRES_URL or f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def sessions(postgres_engine: Engine | None, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    """A session factory on an empty schema, isolated from every other test."""
    if postgres_engine is not None:
        connection = postgres_engine.connect()
        outer = connection.begin()
        yield sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        outer.rollback()
        connection.close()
        return
    engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    Base.metadata.create_all(engine)
    yield sessionmaker(bind=engine, expire_on_commit=False)
    engine.dispose()


@pytest.fixture
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work the test commits (or not) itself."""
    with sessions() as db:
        audit.set_actor(db, None)
        yield db


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        env="development",
        secret_key="test-secret-key-that-is-long-enough-0123456789",
    )


@pytest.fixture
def client(settings: Settings, sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    with TestClient(create_app(settings, sessions=sessions)) as test_client:
        yield test_client


@pytest.fixture
def headers_for(settings: Settings) -> Callable[..., dict[str, str]]:
    """Bearer headers for a user, without going through the (slow, throttled) login."""
    from datetime import timedelta

    from openpmo.services.security import create_token

    def make(user: openpmo.db.models.User, **extra: str) -> dict[str, str]:
        token = create_token(user.id, settings.secret_key, timedelta(minutes=5))
        return {"Authorization": f"Bearer {token}", **extra}

    return make
