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

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, SessionTransaction

from openpmo.db.audit import WROTE_AUDIT
from openpmo.db.models.audit import AuditEntry

__all__ = ["Change", "GenerationCache", "changes_since"]

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


def changes_since(session: Session, after: int, upto: int, limit: int) -> list[Change] | None:
    """The audit entries with ``after < id <= upto``, oldest first; ``None`` when there are
    more than ``limit``, or when the entry ``after`` itself is gone (a database restored or
    rolled back under the cache: what was cached was read from other data), so the caller
    recomputes from scratch."""
    if after > 0 and session.scalar(select(AuditEntry.id).where(AuditEntry.id == after)) is None:
        return None
    rows = session.execute(
        select(
            AuditEntry.id,
            AuditEntry.entity,
            AuditEntry.entity_id,
            AuditEntry.action,
            AuditEntry.before,
            AuditEntry.after,
        )
        .where(AuditEntry.id > after, AuditEntry.id <= upto)
        .order_by(AuditEntry.id)
        .limit(limit + 1)
    ).all()
    if len(rows) > limit:
        return None
    return [Change(*row) for row in rows]


class GenerationCache(Generic[V]):
    """At most ``size`` values by key, each valid for the data generation it was read at."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._entries: OrderedDict[Hashable, tuple[int, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self,
        session: Session,
        key: Hashable,
        compute: Callable[[], V],
        refresh: Callable[[V, int, int], V] | None = None,
    ) -> V:
        """The value for ``key``: cached if the data has not changed since, else ``compute()``
        or, when a value of an older generation is cached and ``refresh`` is given,
        ``refresh(old_value, old_generation, generation)`` (which must return a new value,
        never change the old one in place: other threads may be reading it).

        A session that has itself written audited changes (not committed yet, and maybe
        never) sees data no other session does: it computes afresh and caches nothing.
        """
        if session.info.get(WROTE_AUDIT):
            return compute()
        generation = _generation(session)
        full_key = (str(session.get_bind().engine.url), key)
        with self._lock:
            found = self._entries.get(full_key)
            if found is not None and found[0] == generation:
                self._entries.move_to_end(full_key)
                return found[1]
        if found is not None and refresh is not None and found[0] < generation:
            value = refresh(found[1], found[0], generation)
        else:
            value = compute()
        with self._lock:
            self._entries[full_key] = (generation, value)
            self._entries.move_to_end(full_key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
