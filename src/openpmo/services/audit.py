"""Reading the audit log (writing it is automatic: see ``db/audit.py``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import AuditEntry
from openpmo.enums import Role
from openpmo.services import authz, crud
from openpmo.services.principal import Principal

__all__ = ["list_audit"]


def list_audit(
    session: Session,
    principal: Principal,
    *,
    entity: str | None = None,
    entity_id: int | None = None,
    user_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[AuditEntry], int]:
    authz.ensure_role(principal, Role.PMO, action="read_audit")
    stmt = select(AuditEntry)
    if entity is not None:
        stmt = stmt.where(AuditEntry.entity == entity)
    if entity_id is not None:
        stmt = stmt.where(AuditEntry.entity_id == entity_id)
    if user_id is not None:
        stmt = stmt.where(AuditEntry.user_id == user_id)
    return crud.page(session, stmt, [AuditEntry.id.desc()], limit, offset)
