"""Who is acting: a user's role and the scope it acts in, resolved once per request."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import OrgUnit, Pmo, Resource, User
from openpmo.enums import Role

__all__ = ["SYSTEM", "Principal", "load_principal", "org_subtree"]


@dataclass(frozen=True)
class Principal:
    """The acting user. ``scope`` is the org units a PMO user governs (``None``: all)."""

    user_id: int | None
    username: str
    role: Role
    resource_id: int | None = None
    scope: frozenset[int] | None = None
    language: str = "en"

    def has(self, *roles: Role) -> bool:
        return self.role in roles


#: The command line and the demo builder act as this administrator.
SYSTEM = Principal(user_id=None, username="system", role=Role.ADMIN)


def org_subtree(session: Session, root_id: int) -> frozenset[int]:
    """The ids of ``root_id`` and every org unit below it."""
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in session.execute(select(OrgUnit.id, OrgUnit.parent_id)):
        children.setdefault(parent_id, []).append(unit_id)
    found: set[int] = set()
    stack = [root_id]
    while stack:
        unit = stack.pop()
        if unit not in found:
            found.add(unit)
            stack.extend(children.get(unit, []))
    return frozenset(found)


def load_principal(session: Session, user: User) -> Principal:
    """The principal for ``user``, with its resource and its PMO's scope resolved."""
    resource_id = session.scalar(select(Resource.id).where(Resource.user_id == user.id))
    scope: frozenset[int] | None = None
    if user.role is Role.PMO and user.pmo_id is not None:
        pmo = session.get(Pmo, user.pmo_id)
        if pmo is not None and pmo.org_unit.parent_id is not None:
            scope = org_subtree(session, pmo.org_unit_id)
    return Principal(
        user_id=user.id,
        username=user.username,
        role=user.role,
        resource_id=resource_id,
        scope=scope,
        language=user.language or "en",
    )
