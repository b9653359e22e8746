"""The shipped Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from openpmo.db import migrate
from openpmo.db.base import Base
from openpmo.db.session import make_engine


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A brand-new empty database: a SQLite file, or a new PostgreSQL database."""
    base = os.environ.get("PMO_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    name = f"openpmo_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_to_head_matches_the_models(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_twice_is_harmless_and_reset_empties_the_data(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO skills (name, version, created_at, updated_at) "
                "VALUES ('Java', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    migrate.reset(engine)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM skills")) == 0
    engine.dispose()


def test_is_current_tells_an_old_schema_from_the_newest(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url, "0001")
    engine = make_engine(empty_database_url)
    assert not migrate.is_current(engine)
    migrate.upgrade(empty_database_url)
    assert migrate.is_current(engine)
    engine.dispose()


def test_analyze_gives_the_planner_the_tables_sizes(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO login_throttle (username, failures, first_failure_at) "
                    "VALUES ('a', 1, :at), ('b', 1, :at), ('c', 2, :at)"
                ),
                {"at": "2026-11-21 10:00:00+00:00"},
            )
        migrate.analyze(engine)
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                stat = conn.scalar(
                    text("SELECT stat FROM sqlite_stat1 WHERE tbl = 'login_throttle'")
                )
                assert stat is not None
                assert stat.split()[0] == "3"
            else:
                tuples = conn.scalar(
                    text("SELECT reltuples FROM pg_class WHERE relname = 'login_throttle'")
                )
                assert tuples == 3
    finally:
        engine.dispose()
