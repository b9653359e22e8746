"""Logins and their roles. Only administrators change them; PMO staff may read them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from openpmo.db.models import User
from openpmo.enums import Role
from openpmo.schemas.org import UserCreate, UserUpdate
from openpmo.services import authz, crud
from openpmo.services.principal import Principal
from openpmo.services.registers import Register
from openpmo.services.security import hash_password

__all__ = ["create_user", "update_user", "users"]

users: Register[User] = Register(
    entity="user",
    model=User,
    search=("username", "full_name", "email"),
    sortable=("username", "full_name", "role"),
    default_sort="username",
    filters=("role", "pmo_id", "is_active"),
    editors=(Role.ADMIN,),
    readers=(Role.ADMIN, Role.PMO),
)


def create_user(
    session: Session, principal: Principal, data: UserCreate, *, is_demo: bool = False
) -> User:
    authz.ensure_role(principal, Role.ADMIN)
    values = data.model_dump(exclude={"password"})
    user = User(password_hash=hash_password(data.password), is_demo=is_demo)
    crud.assign(session, user, values)
    session.flush()
    return user


def update_user(
    session: Session,
    principal: Principal,
    user_id: int,
    data: UserUpdate,
    *,
    version: int | None = None,
) -> User:
    user = users.get(session, principal, user_id)
    authz.ensure_role(principal, Role.ADMIN)
    crud.check_version(user, version if version is not None else data.version, "user")
    values = data.model_dump(exclude_unset=True, exclude={"version", "password"})
    if data.password is not None:
        values["password_hash"] = hash_password(data.password)
    crud.assign(session, user, values)
    session.flush()
    return user
