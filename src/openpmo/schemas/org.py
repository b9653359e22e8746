"""Org units, PMOs and users."""

from __future__ import annotations

from typing import Annotated

from pydantic import EmailStr, Field, StringConstraints

from openpmo.enums import OrgUnitKind, PmoLevel, PmoType, Role
from openpmo.schemas.common import Code, Input, Name, Read, Text, Update, VersionedRead

Username = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=2, max_length=80, pattern=r"^[\w.@-]+$"),
]
Password = Annotated[str, StringConstraints(min_length=8, max_length=256)]


class OrgUnitCreate(Input):
    code: Code
    name: Name
    name_zh: Name | None = None
    kind: OrgUnitKind
    parent_id: int | None = None


class OrgUnitUpdate(Update):
    code: Code | None = None
    name: Name | None = None
    name_zh: Name | None = None
    kind: OrgUnitKind | None = None
    parent_id: int | None = None


class OrgUnitRead(VersionedRead):
    code: str
    name: str
    name_zh: str | None
    kind: OrgUnitKind
    parent_id: int | None


class PmoCreate(Input):
    name: Name
    name_zh: Name | None = None
    type: PmoType
    level: PmoLevel
    org_unit_id: int
    description: Text | None = None


class PmoUpdate(Update):
    name: Name | None = None
    name_zh: Name | None = None
    type: PmoType | None = None
    level: PmoLevel | None = None
    org_unit_id: int | None = None
    description: Text | None = None


class PmoRead(VersionedRead):
    name: str
    name_zh: str | None
    type: PmoType
    level: PmoLevel
    org_unit_id: int
    description: str | None


class UserCreate(Input):
    username: Username
    full_name: Name
    email: EmailStr | None = None
    password: Password
    role: Role
    pmo_id: int | None = None
    language: str | None = Field(default=None, pattern=r"^(en|zh-CN)$")


class UserUpdate(Update):
    full_name: Name | None = None
    email: EmailStr | None = None
    password: Password | None = None
    role: Role | None = None
    pmo_id: int | None = None
    is_active: bool | None = None
    language: str | None = Field(default=None, pattern=r"^(en|zh-CN)$")


class UserRead(VersionedRead):
    username: str
    full_name: str
    email: str | None
    role: Role
    is_active: bool
    pmo_id: int | None
    language: str | None


class Token(Read):
    access_token: str
    token_type: str = "bearer"
