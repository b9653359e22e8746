"""Read models cached in a process while the database has not changed.

Every change a service makes to an audited record writes an audit entry in the same
transaction (:mod:`openpmo.db.audit`), so the id of the newest audit entry is a
generation number for the data: while it stays the same, nothing audited has changed,
in this process or any other. A :class:`GenerationCache` keeps a value with the
generation it was computed at and recomputes it when the generation moves, so several
worker processes stay correct without sharing anything; the check is one indexed
``max(id)`` query.

A value that is costly to compute from scratch can instead be brought up to date: given
``refresh``, :meth:`GenerationCache.get` hands it the value cached at an older generation
and the audit entries written since (:func:`changes_since`, an indexed range scan on the
audit id), and keeps what it returns. The entries come from the database, not from
in-process notifications, so a change made by another worker process is seen too.

What it cannot see: rows changed outside OpenPMO's services (by hand in SQL, or records
that are not audited). Cache only what is read from audited records.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import and_, event, func, or_, select, text
from sqlalchemy.orm import Session, SessionTransaction

from openpmo.db.audit import WROTE_AUDIT
from openpmo.db.models.audit import AuditEntry

__all__ = ["Change", "Changes", "GenerationCache", "Span", "changes_since"]

V = TypeVar("V")


_GENERATION = "data_generation"


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    """After a commit or rollback the session reads the generation (and its own
    writes' effect) afresh."""
    if transaction.parent is None:
        session.info.pop(_GENERATION, None)
        session.info.pop(WROTE_AUDIT, None)


def _generation(session: Session) -> int:
    """The newest audit entry's id, read once per session (a request's pages may ask often)."""
    if _GENERATION not in session.info:
        found = session.scalar(select(func.max(AuditEntry.id)))
        session.info[_GENERATION] = found or 0
    generation: int = session.info[_GENERATION]
    return generation


@dataclass(frozen=True, slots=True)
class Change:
    """One audit entry: which record, and its audited columns before and after (an
    update lists only the columns it changed)."""

    id: int
    entity: str
    entity_id: int
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


#: Audit ids ``lo`` to ``hi`` inclusive.
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Changes:
    """The audit entries since a generation, and the runs of ids below the newest that were
    not there (see :meth:`GenerationCache.get`)."""

    entries: list[Change]
    missing: tuple[Span, ...]


def _gaps(lo: int, hi: int, seen: list[int]) -> list[Span]:
    """The runs of ids ``lo .. hi`` not in ``seen`` (sorted): as many as there are gaps,
    however many ids they hold."""
    gaps = []
    start = lo
    for i in seen[bisect.bisect_left(seen, lo) : bisect.bisect_right(seen, hi)]:
        if i > start:
            gaps.append((start, i - 1))
        start = i + 1
    if start <= hi:
        gaps.append((start, hi))
    return gaps


def _entries(session: Session, condition: Any, limit: int) -> list[Change] | None:
    rows = session.execute(
        select(
            AuditEntry.id,
            AuditEntry.entity,
            AuditEntry.entity_id,
            AuditEntry.action,
            AuditEntry.before,
            AuditEntry.after,
        )
        .where(condition)
        .order_by(AuditEntry.id)
        .limit(limit + 1)
    ).all()
    return None if len(rows) > limit else [Change(*row) for row in rows]


def changes_since(
    session: Session, after: int, upto: int, limit: int, also: tuple[Span, ...] = ()
) -> Changes | None:
    """The audit entries with ``after < id <= upto`` (and those in the runs ``also``),
    oldest first; ``None`` when there are more than ``limit``, or when the entry ``after``
    itself is gone (a database restored or rolled back under the cache: what was cached was
    read from other data), so the caller recomputes from scratch."""
    if after > 0 and session.scalar(select(AuditEntry.id).where(AuditEntry.id == after)) is None:
        return None
    condition = and_(AuditEntry.id > after, AuditEntry.id <= upto)
    if also:
        condition = or_(condition, *(AuditEntry.id.between(lo, hi) for lo, hi in also))
    found = _entries(session, condition, limit)
    if found is None:
        return None
    return Changes(found, tuple(_gaps(after + 1, upto, sorted(c.id for c in found))))


def _horizon(session: Session) -> tuple[int, int] | None:
    """PostgreSQL: (xmin, xmax) of a snapshot taken now: every transaction below xmin has
    ended; every one that has written so far is below xmax. ``None`` elsewhere (SQLite has
    one writer at a time, so its audit ids are committed in order, without gaps)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    row = session.execute(
        text(
            "SELECT pg_snapshot_xmin(s)::text, pg_snapshot_xmax(s)::text"
            " FROM pg_current_snapshot() s"
        )
    ).one()
    return int(row[0]), int(row[1])


@dataclass(frozen=True, slots=True)
class _Entry(Generic[V]):
    generation: int
    value: V
    #: runs of audit ids below ``generation`` not committed when it was read, each with the
    #: xmax after which every transaction that may still commit one has ended
    pending: tuple[tuple[int, int, int], ...] = ()


class GenerationCache(Generic[V]):
    """At most ``size`` values by key, each valid for the data generation it was read at."""

    def __init__(self, size: int = 256, limit: int = 500) -> None:
        self._size = size
        self._limit = limit
        self._entries: OrderedDict[Hashable, _Entry[V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self,
        session: Session,
        key: Hashable,
        compute: Callable[[], V],
        refresh: Callable[[V, list[Change]], V | None] | None = None,
    ) -> V:
        """The value for ``key``: cached if the data has not changed since, else ``compute()``
        or, when a value of an older generation is cached and ``refresh`` is given,
        ``refresh(old_value, changes)`` with the audit entries written since (at most the
        cache's ``limit``; more: ``compute()``). ``refresh`` returns a new value, never
        changes the old one in place (other threads may be reading it), or ``None`` to have
        it computed afresh.

        On PostgreSQL audit ids are drawn before their transactions commit, so one still
        open may commit an id below the generation read: such missing ids are looked up
        again on later calls, until every transaction that may hold them has ended. They are
        kept as runs (``lo .. hi``), so that a long gap (ids drawn by a large transaction
        rolled back) costs one run, not one look-up per id; more than ``limit`` runs:
        ``compute()``.

        With ``refresh``, a session that read an older generation than the one cached gets
        the cached value (the data as of a moment later) rather than computing it again.

        A session that has itself written audited changes (not committed yet, and maybe
        never) sees data no other session does: it computes afresh and caches nothing.
        """
        if session.info.get(WROTE_AUDIT):
            return compute()
        generation = _generation(session)
        full_key = (str(session.get_bind().engine.url), key)
        with self._lock:
            found = self._entries.get(full_key)
            if found is not None and found.generation == generation and not found.pending:
                self._entries.move_to_end(full_key)
                return found.value
            if found is not None and refresh is not None and found.generation > generation:
                # brought up to date by a request that started later: newer than what this
                # session read its generation at, and far cheaper than computing it again
                return found.value
        entry = self._fresh(session, found, generation, compute, refresh)
        with self._lock:
            self._entries[full_key] = entry
            self._entries.move_to_end(full_key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return entry.value

    def _fresh(
        self,
        session: Session,
        found: _Entry[V] | None,
        generation: int,
        compute: Callable[[], V],
        refresh: Callable[[V, list[Change]], V | None] | None,
    ) -> _Entry[V]:
        if found is None or refresh is None or found.generation > generation:
            return _Entry(generation, compute(), ())
        horizon = _horizon(session)
        waiting = tuple((lo, hi) for lo, hi, _ in found.pending)
        changes = changes_since(session, found.generation, generation, self._limit, waiting)
        if changes is None:
            return _Entry(generation, compute(), ())
        value = refresh(found.value, changes.entries) if changes.entries else found.value
        if value is None:
            return _Entry(generation, compute(), ())
        pending: list[tuple[int, int, int]] = []
        if horizon is not None:
            xmin, xmax = horizon
            seen = sorted(c.id for c in changes.entries)
            for lo, hi, h in found.pending:
                if h > xmin:
                    pending += [(a, b, h) for a, b in _gaps(lo, hi, seen)]
            pending += [(a, b, xmax) for a, b in changes.missing]
        if len(pending) > self._limit:
            return _Entry(generation, compute(), ())
        return _Entry(generation, value, tuple(pending))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
