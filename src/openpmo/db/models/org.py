"""The organisation: org units, PMOs, users and login throttling."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openpmo.db.base import Base, Versioned, str_enum
from openpmo.enums import OrgUnitKind, PmoLevel, PmoType, Role


class OrgUnit(Versioned, Base):
    """A node of the organisation tree: enterprise → department → team."""

    __tablename__ = "org_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[OrgUnitKind] = mapped_column(str_enum(OrgUnitKind))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id])


class Pmo(Versioned, Base):
    """A Project Management Office attached to an org unit."""

    __tablename__ = "pmos"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str | None] = mapped_column(String(200))
    type: Mapped[PmoType] = mapped_column(str_enum(PmoType))
    level: Mapped[PmoLevel] = mapped_column(str_enum(PmoLevel))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    description: Mapped[str | None] = mapped_column(Text)

    org_unit: Mapped[OrgUnit] = relationship()


class User(Versioned, Base):
    """A login. Its role decides what it may do; a PMO and an org unit bound its scope."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(10))
    pmo_id: Mapped[int | None] = mapped_column(ForeignKey("pmos.id"), index=True)

    pmo: Mapped[Pmo | None] = relationship()


class LoginThrottle(Base):
    """Failed logins per user name, kept in the database so every worker process sees them."""

    __tablename__ = "login_throttle"
    __audited__ = False

    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    first_failure_at: Mapped[datetime]
    locked_until: Mapped[datetime | None]
