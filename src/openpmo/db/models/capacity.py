"""Demand on the resource pool and what a PMO does about it.

* :class:`ResourceLeave` and :class:`ResourceRate` — a resource's days off and its cost rates
  with validity dates;
* :class:`Assignment` — a resource on a task with units (% of its day) and work (hours); it
  follows the task's schedule;
* :class:`ResourceRequest` — a project asking for a role or skill ("2 senior Java developers,
  weeks 10–20, 50 %"), approved by a resource manager into :class:`Allocation` rows that name
  the people;
* :class:`LevellingScenario` with :class:`ScenarioTask` — a levelled proposal for a portfolio
  or a program, applied in one transaction or discarded.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from openpmo.db.base import Base, Versioned, currency_column, str_enum
from openpmo.enums import RequestStatus, ScenarioScope, ScenarioStatus


class ResourceLeave(Versioned, Base):
    """Days a resource is away (holiday, training, sick leave), ``start`` to ``finish``
    inclusive; its capacity on those days is 0."""

    __tablename__ = "resource_leave"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[date] = mapped_column(Date)
    finish: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(200))


class ResourceRate(Versioned, Base):
    """A cost rate per hour valid from ``valid_from`` to ``valid_to`` (open when ``None``)."""

    __tablename__ = "resource_rates"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), index=True
    )
    rate: Mapped[Decimal] = mapped_column()
    currency: Mapped[str] = currency_column()
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class Assignment(Versioned, Base):
    """A resource working on a task: ``units`` % of its working day, or ``work_hours`` in all
    (spread evenly over the task's working days); ``actual_hours`` recorded so far."""

    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignments_task_resource", "task_id", "resource_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), index=True
    )
    units: Mapped[float] = mapped_column(Float, default=100.0)
    work_hours: Mapped[float | None] = mapped_column(Float)
    actual_hours: Mapped[float] = mapped_column(Float, default=0.0)


class ResourceRequest(Versioned, Base):
    """A project's request for ``count`` people of a role and/or skill (at ``min_level`` or
    better) at ``percent`` of their time from ``start`` to ``finish``."""

    __tablename__ = "resource_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str | None] = mapped_column(String(80))
    skill_id: Mapped[int | None] = mapped_column(ForeignKey("skills.id"))
    min_level: Mapped[int] = mapped_column(Integer, default=1)
    count: Mapped[int] = mapped_column(Integer, default=1)
    start: Mapped[date] = mapped_column(Date)
    finish: Mapped[date] = mapped_column(Date)
    percent: Mapped[float] = mapped_column(Float, default=100.0)
    status: Mapped[RequestStatus] = mapped_column(
        str_enum(RequestStatus), default=RequestStatus.DRAFT, index=True
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column()
    comment: Mapped[str | None] = mapped_column(Text)


class Allocation(Versioned, Base):
    """A named resource given to a project at ``percent`` of its time, ``start`` to
    ``finish`` inclusive (from an approved request, or directly by a resource manager)."""

    __tablename__ = "allocations"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("resource_requests.id", ondelete="SET NULL"), index=True
    )
    start: Mapped[date] = mapped_column(Date)
    finish: Mapped[date] = mapped_column(Date)
    percent: Mapped[float] = mapped_column(Float, default=100.0)


class LevellingScenario(Versioned, Base):
    """A levelled proposal for the projects of a portfolio or a program.

    ``options`` are what it was run with; ``summary`` what it found (status, objective, bound,
    per-project delay, conflicts before and after). The proposed task dates are
    :class:`ScenarioTask` rows.
    """

    __tablename__ = "levelling_scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    scope: Mapped[ScenarioScope] = mapped_column(str_enum(ScenarioScope))
    portfolio_id: Mapped[int | None] = mapped_column(
        ForeignKey("portfolios.id", ondelete="CASCADE"), index=True
    )
    program_id: Mapped[int | None] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[ScenarioStatus] = mapped_column(
        str_enum(ScenarioStatus), default=ScenarioStatus.DRAFT
    )
    solver_status: Mapped[str] = mapped_column(String(20))
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    decided_at: Mapped[datetime | None] = mapped_column()


class ScenarioTask(Base):
    """A task of a scenario: its dates when the scenario was made and the proposed ones, with
    the task's version then (applying refuses a task changed since)."""

    __tablename__ = "scenario_tasks"
    #: Written in bulk with its scenario, whose creation is audited.
    __audited__ = False

    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("levelling_scenarios.id", ondelete="CASCADE"), primary_key=True
    )
    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    task_version: Mapped[int] = mapped_column(Integer)
    start_before: Mapped[date] = mapped_column(Date)
    finish_before: Mapped[date] = mapped_column(Date)
    start_after: Mapped[date] = mapped_column(Date)
    finish_after: Mapped[date] = mapped_column(Date)


__all__ = [
    "Allocation",
    "Assignment",
    "LevellingScenario",
    "ResourceLeave",
    "ResourceRate",
    "ResourceRequest",
    "ScenarioTask",
]
