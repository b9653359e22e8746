"""The work of a project: tasks (a WBS tree), dependencies, risks and issues."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from openpmo.db.base import Base, Versioned, str_enum
from openpmo.enums import DependencyType, IssueStatus, RiskStatus


class Task(Versioned, Base):
    """An activity of the WBS; ``duration`` in working days, summary tasks have children."""

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
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_finish: Mapped[date | None] = mapped_column(Date)
    percent_complete: Mapped[float] = mapped_column(Float, default=0.0)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("resources.id"), index=True)


class Dependency(Versioned, Base):
    """A precedence link between two tasks; ``lag_days`` may be negative (a lead)."""

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
