"""Writes every insert, update and delete of an audited model to the audit log.

A session event sees each flush, so no service can forget to audit. The acting user
comes from ``session.info["actor_id"]``, set by whoever opened the transaction.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction

from openpmo.db.base import Base, utcnow
from openpmo.db.models.audit import AuditEntry

__all__ = ["WROTE_AUDIT", "set_actor"]

#: ``session.info`` flag: this session has flushed audited changes (see services/cache.py).
WROTE_AUDIT = "wrote_audit"

_SKIPPED = frozenset({"version", "created_at", "updated_at", "password_hash"})


def set_actor(session: Session, actor_id: int | None) -> None:
    """Name the user whose changes this session records."""
    session.info["actor_id"] = actor_id


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _columns(obj: Base) -> list[str]:
    """The audited columns: a model's ``__audit_exclude__`` (large files) are left out."""
    skipped = _SKIPPED | getattr(type(obj), "__audit_exclude__", frozenset())
    return [a.key for a in inspect(obj).mapper.column_attrs if a.key not in skipped]


def _snapshot(obj: Base) -> dict[str, Any]:
    return {key: _plain(getattr(obj, key)) for key in _columns(obj)}


def _changes(obj: Base) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key in _columns(obj):
        history = state.attrs[key].history
        if history.added or history.deleted:
            before[key] = _plain(history.deleted[0]) if history.deleted else None
            after[key] = _plain(history.added[0]) if history.added else None
    return before, after


def _entity(obj: Base) -> str:
    """``Project`` → ``project``, ``OrgUnit`` → ``org_unit``: the name the audit API filters on."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(obj).__name__).lower()


def _identity(obj: Base) -> int:
    return int(inspect(obj).mapper.primary_key_from_instance(obj)[0])


@event.listens_for(Session, "after_flush")
def _record(session: Session, _context: UOWTransaction) -> None:
    actor = session.info.get("actor_id")
    now = utcnow()
    rows: list[dict[str, Any]] = []

    def add(obj: Base, action: str, before: Any, after: Any) -> None:
        rows.append(
            {
                "at": now,
                "user_id": actor,
                "entity": _entity(obj),
                "entity_id": _identity(obj),
                "action": action,
                "before": before,
                "after": after,
            }
        )

    for obj in session.new:
        if isinstance(obj, Base) and obj.__audited__:
            add(obj, "create", None, _snapshot(obj))
    for obj in session.dirty:
        if isinstance(obj, Base) and obj.__audited__ and session.is_modified(obj):
            before, after = _changes(obj)
            if after:
                add(obj, "update", before, after)
    for obj in session.deleted:
        if isinstance(obj, Base) and obj.__audited__:
            add(obj, "delete", _snapshot(obj), None)
    if rows:
        session.connection().execute(insert(AuditEntry), rows)
        session.info[WROTE_AUDIT] = True
