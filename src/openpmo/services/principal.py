"""Who is acting: a user's role and the scope it acts in, resolved once per request."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import OrgUnit, Pmo, Resource, User
from openpmo.enums import Role
from openpmo.services.cache import GenerationCache

__all__ = ["SYSTEM", "Principal", "load_principal", "org_subtree", "principal_for_user_id"]


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
    return _principal(
        session, user.id, user.username, user.role, user.pmo_id, user.language, resource_id
    )


_principals: GenerationCache[Principal | None] = GenerationCache(size=1024)


def principal_for_user_id(session: Session, user_id: int) -> Principal | None:
    """The principal of an active user (every request asks): cached while no audited
    record has changed, so a role, scope or deactivation counts from the next request."""
    return _principals.get(session, ("principal", user_id), lambda: _read(session, user_id))


def _read(session: Session, user_id: int) -> Principal | None:
    row = session.execute(
        select(User.username, User.role, User.pmo_id, User.language, Resource.id)
        .outerjoin(Resource, Resource.user_id == User.id)
        .where(User.id == user_id, User.is_active.is_(True))
    ).first()
    if row is None:
        return None
    username, role, pmo_id, language, resource_id = row
    return _principal(session, user_id, username, role, pmo_id, language, resource_id)


def _principal(
    session: Session,
    user_id: int,
    username: str,
    role: Role,
    pmo_id: int | None,
    language: str | None,
    resource_id: int | None,
) -> Principal:
    scope: frozenset[int] | None = None
    if role is Role.PMO and pmo_id is not None:
        unit = session.execute(
            select(OrgUnit.id, OrgUnit.parent_id)
            .join(Pmo, Pmo.org_unit_id == OrgUnit.id)
            .where(Pmo.id == pmo_id)
        ).first()
        if unit is not None and unit.parent_id is not None:  # an enterprise PMO sees all
            scope = org_subtree(session, unit.id)
    return Principal(
        user_id=user_id,
        username=username,
        role=role,
        resource_id=resource_id,
        scope=scope,
        language=language or "en",
    )
