"""Monitoring: progress per status date, quality checks, KPI thresholds, health overrides and
remediation actions.

A :class:`StatusDate` is a snapshot of one project as of one day: a :class:`TaskProgress` row
per task (percent complete, remaining duration, actuals) and the register figures the health
KPIs need that have no history of their own (open risks' exposure, overdue issues,
over-allocation), so a past status date is recomputed exactly after later progress.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from openpmo.db.base import Base, Versioned, str_enum, utcnow
from openpmo.db.models.work import local_datetime
from openpmo.enums import HealthColour, QualityCheckKind, RemediationStatus

__all__ = [
    "HealthOverride",
    "KpiThreshold",
    "QualityCheck",
    "RemediationAction",
    "StatusDate",
    "TaskProgress",
]


class StatusDate(Versioned, Base):
    """A project's progress snapshot as of the start of ``status_date``.

    ``baseline_id`` is the baseline its earned value is measured against (the project's
    lowest-numbered baseline when the snapshot was first taken).
    """

    __tablename__ = "status_dates"
    __table_args__ = (UniqueConstraint("project_id", "status_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    status_date: Mapped[date] = mapped_column(Date)
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    baseline_id: Mapped[int | None] = mapped_column(ForeignKey("baselines.id", ondelete="SET NULL"))
    #: Σ probability × impact of the risks open when the snapshot was taken.
    risk_exposure: Mapped[float] = mapped_column(Float, default=0.0)
    #: Open issues past their due date at the status date.
    overdue_issues: Mapped[int] = mapped_column(Integer, default=0)
    #: Hours the project's assignees are over capacity in the four weeks from the status date.
    overallocation_hours: Mapped[float] = mapped_column(Float, default=0.0)


class TaskProgress(Base):
    """One task's progress at one status date; actual dates are project-local, naive."""

    __tablename__ = "task_progress"
    __table_args__ = (
        UniqueConstraint("status_date_id", "task_id"),
        CheckConstraint("percent_complete >= 0 AND percent_complete <= 100", name="percent_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    status_date_id: Mapped[int] = mapped_column(ForeignKey("status_dates.id", ondelete="CASCADE"))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    percent_complete: Mapped[float] = mapped_column(Float, default=0.0)
    #: Working days left; ``None``: from ``percent_complete``.
    remaining_days: Mapped[float | None] = mapped_column(Float)
    actual_start: Mapped[datetime | None] = local_datetime()
    actual_finish: Mapped[datetime | None] = local_datetime()
    actual_hours: Mapped[float] = mapped_column(Float, default=0.0)
    actual_cost: Mapped[Decimal] = mapped_column(default=Decimal("0"))


class QualityCheck(Versioned, Base):
    """An inspection, test or acceptance of a project, passed or not (the quality KPI)."""

    __tablename__ = "quality_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[QualityCheckKind] = mapped_column(str_enum(QualityCheckKind))
    checked_on: Mapped[date] = mapped_column(Date)
    passed: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)


class KpiThreshold(Versioned, Base):
    """Where one KPI turns amber and red for the projects a PMO governs.

    A PMO without rows uses the engine's defaults (``HealthConfig.default()``).
    """

    __tablename__ = "kpi_thresholds"
    __table_args__ = (UniqueConstraint("pmo_id", "kpi"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pmo_id: Mapped[int] = mapped_column(ForeignKey("pmos.id", ondelete="CASCADE"))
    kpi: Mapped[str] = mapped_column(String(40))
    amber: Mapped[float] = mapped_column(Float)
    red: Mapped[float] = mapped_column(Float)
    higher_is_better: Mapped[bool] = mapped_column(Boolean)


class HealthOverride(Versioned, Base):
    """A project manager's colour for one dimension (or ``overall``) at one status date.

    The computed colour at the time is kept beside it; both are shown.
    """

    __tablename__ = "health_overrides"
    __table_args__ = (UniqueConstraint("status_date_id", "dimension"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    status_date_id: Mapped[int] = mapped_column(ForeignKey("status_dates.id", ondelete="CASCADE"))
    dimension: Mapped[str] = mapped_column(String(20))
    colour: Mapped[HealthColour] = mapped_column(str_enum(HealthColour, 10))
    computed_colour: Mapped[HealthColour] = mapped_column(
        Enum(
            HealthColour,
            native_enum=False,
            length=10,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
            create_constraint=True,
            name="computedcolour",
        )
    )
    comment: Mapped[str] = mapped_column(Text)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class RemediationAction(Versioned, Base):
    """An action to bring an under-performing project back, tracked to closure."""

    __tablename__ = "remediation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("resources.id", ondelete="SET NULL"))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[RemediationStatus] = mapped_column(
        str_enum(RemediationStatus), default=RemediationStatus.OPEN
    )
    closed_at: Mapped[datetime | None] = mapped_column()
