"""The resource pool: people, equipment, rooms and generic roles, with skills.

A resource's capacity is ``capacity_hours_per_week × employment_share`` spread evenly over
its ``workdays`` of its ``calendar`` (public holidays off on the China calendar), minus its
leave (:class:`openpmo.db.models.ResourceLeave`); see ``docs/resources.md``.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openpmo.db.base import Base, Versioned, currency_column, str_enum
from openpmo.enums import CalendarKind, ResourceKind


class Skill(Versioned, Base):
    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    name_zh: Mapped[str | None] = mapped_column(String(100))


class ResourceSkill(Base):
    """A resource's skill with a proficiency level from 1 (novice) to 5 (expert)."""

    __tablename__ = "resource_skills"
    #: Audited through its resource's changes, not row by row.
    __audited__ = False

    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id"), primary_key=True, index=True)
    level: Mapped[int] = mapped_column(Integer, default=3)

    skill: Mapped[Skill] = relationship(lazy="joined")


class Resource(Versioned, Base):
    """A member of the organisation-wide resource pool."""

    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    name_zh: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[ResourceKind] = mapped_column(str_enum(ResourceKind), default=ResourceKind.PERSON)
    email: Mapped[str | None] = mapped_column(String(254))
    title: Mapped[str | None] = mapped_column(String(120))
    #: The job role requests ask for ("Java developer"); a ``role`` resource stands for one.
    role: Mapped[str | None] = mapped_column(String(80), index=True)
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    capacity_hours_per_week: Mapped[float] = mapped_column(Float, default=40.0)
    #: Part time: 0.5 works half of ``capacity_hours_per_week``.
    employment_share: Mapped[float] = mapped_column(Float, default=1.0)
    calendar: Mapped[CalendarKind] = mapped_column(
        str_enum(CalendarKind), default=CalendarKind.CHINA
    )
    #: Working weekdays, ISO digits (1 = Monday); the weekly hours spread over them.
    workdays: Mapped[str] = mapped_column(String(7), default="12345")
    cost_rate: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    currency: Mapped[str] = currency_column()
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    skills: Mapped[list[ResourceSkill]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
