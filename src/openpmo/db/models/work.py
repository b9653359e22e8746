"""The work of a project: tasks (a WBS tree), dependencies, risks and issues.

Schedule datetimes (constraint dates, deadlines, actuals and the computed early, late and
scheduled dates) are **naive local times of the project** (its ``time_zone``), stored in
plain ``DateTime`` columns: a working calendar is a local wall-clock notion (09:00 in
Beijing), so converting to UTC would only move the problem. Audit timestamps
(``created_at``...) stay timezone-aware UTC. See ``docs/scheduling.md``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from openpmo.db.base import Base, Versioned, str_enum
from openpmo.enums import ConstraintKind, DependencyType, IssueStatus, RiskStatus


def local_datetime() -> Mapped[datetime | None]:
    """A naive datetime in the project's local time (not converted to UTC)."""
    return mapped_column(DateTime(timezone=False))


class Task(Versioned, Base):
    """An activity of the WBS; ``duration_days`` in working days of the project calendar
    (``duration_days * working minutes per day`` is the engine's duration), summary tasks
    have children.

    The columns from ``early_start`` to ``is_critical`` are computed by
    :func:`openpmo.services.scheduling.schedule_project`; writing them does not bump
    ``version`` (they are derived, not edited).
    """

    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_project_wbs", "project_id", "wbs"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), index=True
    )
    wbs: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(255))
    name_zh: Mapped[str | None] = mapped_column(String(255))
    is_milestone: Mapped[bool] = mapped_column(Boolean, default=False)
    is_summary: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_days: Mapped[float] = mapped_column(Float, default=0.0)
    #: ``duration_days`` (and ``remaining_days``) are elapsed days of 24 hours, 7 a week.
    duration_elapsed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The calendar the task works instead of the project's (``None``: the project's).
    calendar_id: Mapped[int | None] = mapped_column(
        ForeignKey("task_calendars.id", ondelete="SET NULL"), index=True
    )
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_finish: Mapped[date | None] = mapped_column(Date)
    percent_complete: Mapped[float] = mapped_column(Float, default=0.0)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("resources.id"), index=True)
    constraint_type: Mapped[ConstraintKind] = mapped_column(
        str_enum(ConstraintKind, 4), default=ConstraintKind.ASAP
    )
    constraint_date: Mapped[datetime | None] = local_datetime()
    deadline: Mapped[datetime | None] = local_datetime()
    actual_start: Mapped[datetime | None] = local_datetime()
    actual_finish: Mapped[datetime | None] = local_datetime()
    #: Working days left of a task in progress; ``None``: from ``percent_complete``.
    remaining_days: Mapped[float | None] = mapped_column(Float)
    early_start: Mapped[datetime | None] = local_datetime()
    early_finish: Mapped[datetime | None] = local_datetime()
    late_start: Mapped[datetime | None] = local_datetime()
    late_finish: Mapped[datetime | None] = local_datetime()
    #: Where the task is placed: the early dates, the late ones for an ALAP task.
    scheduled_start: Mapped[datetime | None] = local_datetime()
    scheduled_finish: Mapped[datetime | None] = local_datetime()
    total_float_minutes: Mapped[int | None] = mapped_column(Integer)
    free_float_minutes: Mapped[int | None] = mapped_column(Integer)
    is_critical: Mapped[bool] = mapped_column(Boolean, default=False)


class Dependency(Versioned, Base):
    """A precedence link between two tasks; ``lag_days`` may be negative (a lead).

    The lag is ``lag_days`` working days plus ``lag_percent`` % of the predecessor's
    duration (MS Project's two lag formats; either may be 0). The successor belongs to
    ``project_id``; the predecessor may be a task of another project of the same program.
    """

    __tablename__ = "dependencies"
    __table_args__ = (Index("ix_dependencies_pair", "predecessor_id", "successor_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    successor_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[DependencyType] = mapped_column(
        str_enum(DependencyType, 2), default=DependencyType.FS
    )
    lag_days: Mapped[float] = mapped_column(Float, default=0.0)
    #: ``lag_days`` are elapsed days (24 hours), not working days of the successor.
    lag_elapsed: Mapped[bool] = mapped_column(Boolean, default=False)
    lag_percent: Mapped[float] = mapped_column(Float, default=0.0)


class Risk(Versioned, Base):
    """A risk of a project; exposure = probability × impact."""

    __tablename__ = "risks"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    probability: Mapped[float] = mapped_column(Float, default=0.5)
    impact: Mapped[int] = mapped_column(Integer, default=3)
    status: Mapped[RiskStatus] = mapped_column(str_enum(RiskStatus), default=RiskStatus.OPEN)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("resources.id"))
    response: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date)


class Issue(Versioned, Base):
    __tablename__ = "issues"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    severity: Mapped[int] = mapped_column(Integer, default=3)
    status: Mapped[IssueStatus] = mapped_column(str_enum(IssueStatus), default=IssueStatus.OPEN)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("resources.id"))
    due_date: Mapped[date | None] = mapped_column(Date)
    resolution: Mapped[str | None] = mapped_column(Text)
