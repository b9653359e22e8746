"""Audit log entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from openpmo.schemas.common import Read


class AuditRead(Read):
    id: int
    at: datetime
    user_id: int | None
    entity: str
    entity_id: int
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
