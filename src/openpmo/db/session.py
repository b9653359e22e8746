"""Engines and sessions. Nothing connects at import; the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from openpmo.db import audit

__all__ = ["make_engine", "session_factory", "transaction"]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, *, echo: bool = False, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False})
        engine = create_engine(url, echo=echo, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 20)
        kwargs.setdefault("pool_pre_ping", True)
        engine = create_engine(url, echo=echo, **kwargs)
    return engine


@cache
def _factory_for(url: str, echo: bool) -> sessionmaker[Session]:
    return sessionmaker(make_engine(url, echo=echo), expire_on_commit=False)


def session_factory(url: str, *, echo: bool = False) -> sessionmaker[Session]:
    """The process-wide session factory for ``url`` (one engine and pool per URL)."""
    return _factory_for(url, echo)


@contextmanager
def transaction(
    factory: sessionmaker[Session], *, actor_id: int | None = None
) -> Iterator[Session]:
    """A session that commits if the block succeeds and rolls back if it raises."""
    with factory() as session:
        audit.set_actor(session, actor_id)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
