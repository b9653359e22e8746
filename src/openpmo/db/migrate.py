"""Alembic, driven from Python: ``pmo db upgrade`` and the test suite use this."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy import inspect as sa_inspect

__all__ = [
    "alembic_config",
    "analyze",
    "head_revision",
    "holds_real_data",
    "is_current",
    "reset",
    "upgrade",
]


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at the migrations shipped in the package."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("openpmo.db") / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (the newest by default)."""
    command.upgrade(alembic_config(url), revision)


def head_revision() -> str | None:
    """The newest migration shipped in the package."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def is_current(engine: Engine) -> bool:
    """Whether the database is migrated to the newest revision."""
    if "alembic_version" not in sa_inspect(engine).get_table_names():
        return False
    with engine.connect() as conn:
        version = conn.scalar(text("SELECT version_num FROM alembic_version"))
    return bool(version == head_revision())


def holds_real_data(engine: Engine) -> bool:
    """Whether the database has users that the demo builder did not create."""
    if "users" not in sa_inspect(engine).get_table_names():
        return False
    with engine.connect() as conn:
        return bool(conn.scalar(text("SELECT count(*) FROM users WHERE NOT is_demo")))


def reset(engine: Engine) -> None:
    """Drop every table (ours and Alembic's) and migrate from scratch."""
    from openpmo.db.base import Base

    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    with engine.begin() as conn:
        command.upgrade(alembic_config(str(engine.url), conn), "head")


def analyze(engine: Engine) -> None:
    """Refresh the query planner's statistics after a bulk load.

    Until then PostgreSQL plans from the empty tables' estimates (measured on the large demo:
    a page of the project list took 15 ms by a full sort instead of 1.8 ms), and SQLite has
    no ``sqlite_stat1`` at all.
    """
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
