"""Rules for records that form a tree through ``parent_id``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.errors import FieldError

__all__ = ["parent_cycle_errors"]


def parent_cycle_errors(session: Session, record: Any, values: dict[str, Any]) -> list[FieldError]:
    """A record may not become its own ancestor."""
    parent_id = values.get("parent_id")
    if parent_id is None or record.id is None:
        return []
    model = type(record)
    parents: dict[int, int | None] = {
        row[0]: row[1] for row in session.execute(select(model.id, model.parent_id))
    }
    node: int | None = parent_id
    seen: set[int] = set()
    while node is not None and node not in seen:
        if node == record.id:
            return [
                FieldError(("body", "parent_id"), "error.field.parent_cycle", {"value": parent_id})
            ]
        seen.add(node)
        node = parents.get(node)
    return []
