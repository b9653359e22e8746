"""Strategic objectives, portfolios, programs and projects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Column, Date, Float, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openpmo.db.base import Base, Versioned, currency_column, str_enum
from openpmo.db.models.org import OrgUnit, Pmo
from openpmo.db.models.resources import Resource
from openpmo.enums import CalendarKind, Methodology, ProjectStatus

#: Working hours of every working day unless a project says otherwise (8 hours).
DEFAULT_WORK_HOURS = "08:00-12:00, 13:00-17:00"
#: Monday to Friday.
DEFAULT_WORKDAYS = "12345"

project_objectives = Table(
    "project_objectives",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "objective_id",
        ForeignKey("strategic_objectives.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    #: How much of the project serves the objective, in % (``None``: an equal share).
    Column("contribution", Float, nullable=True),
)

project_members = Table(
    "project_members",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "resource_id", ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class StrategicObjective(Versioned, Base):
    """A node of the strategy tree with a weight among its siblings."""

    __tablename__ = "strategic_objectives"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("strategic_objectives.id"), index=True)
    #: What is measured (e.g. "share of online sales") in ``unit``, from ``baseline_value``
    #: to ``target_value`` by ``target_date``; ``current_value`` is the latest reading.
    measure: Mapped[str | None] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(40))
    baseline_value: Mapped[float | None] = mapped_column(Float)
    target_value: Mapped[float | None] = mapped_column(Float)
    current_value: Mapped[float | None] = mapped_column(Float)
    target_date: Mapped[date | None] = mapped_column(Date)


class Portfolio(Versioned, Base):
    __tablename__ = "portfolios"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    pmo_id: Mapped[int | None] = mapped_column(ForeignKey("pmos.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    pmo: Mapped[Pmo | None] = relationship()


class Program(Versioned, Base):
    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    portfolio_id: Mapped[int] = mapped_column(ForeignKey("portfolios.id"), index=True)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("resources.id"))

    portfolio: Mapped[Portfolio] = relationship()


class Project(Versioned, Base):
    __tablename__ = "projects"
    __table_args__ = (
        Index("ix_projects_status_priority", "status", "priority"),
        Index("ix_projects_planned_start", "planned_start"),
        # The lists' default order (-priority, code): a page walks the index (sorting only
        # the codes within a priority) instead of sorting every project.
        Index("ix_projects_priority_code", "priority", "code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    name_zh: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ProjectStatus] = mapped_column(str_enum(ProjectStatus), index=True)
    methodology: Mapped[Methodology] = mapped_column(str_enum(Methodology))
    current_phase: Mapped[str | None] = mapped_column(String(80))
    priority: Mapped[int] = mapped_column(Integer, default=500)
    budget: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    currency: Mapped[str] = currency_column()
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_finish: Mapped[date | None] = mapped_column(Date)
    portfolio_id: Mapped[int | None] = mapped_column(ForeignKey("portfolios.id"), index=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("resources.id"), index=True)
    sponsor_id: Mapped[int | None] = mapped_column(ForeignKey("resources.id"))
    #: The working calendar its tasks are scheduled on, with these daily hours.
    calendar: Mapped[CalendarKind] = mapped_column(
        str_enum(CalendarKind), default=CalendarKind.CHINA
    )
    work_hours: Mapped[str] = mapped_column(String(100), default=DEFAULT_WORK_HOURS)
    #: The working weekdays, ISO digits (1 = Monday … 7 = Sunday); dated exceptions are in
    #: :class:`openpmo.db.models.CalendarException`.
    workdays: Mapped[str] = mapped_column(String(7), default=DEFAULT_WORKDAYS)
    #: IANA zone of the schedule's naive local datetimes (see ``db/models/work.py``).
    time_zone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    #: Progress is measured as of the start of this day; work not done is scheduled after it.
    status_date: Mapped[date | None] = mapped_column(Date)

    portfolio: Mapped[Portfolio | None] = relationship()
    program: Mapped[Program | None] = relationship()
    org_unit: Mapped[OrgUnit] = relationship()
    manager: Mapped[Resource | None] = relationship(foreign_keys=[manager_id])
    sponsor: Mapped[Resource | None] = relationship(foreign_keys=[sponsor_id])
    objectives: Mapped[list[StrategicObjective]] = relationship(secondary=project_objectives)
    members: Mapped[list[Resource]] = relationship(secondary=project_members)
