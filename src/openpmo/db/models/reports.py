"""Weekly status reports (周报) of projects and the history of their review.

A :class:`StatusReport` belongs to one project and one status date (unique). Its generated
part (tasks, milestones, earned value, health, risks, issues) is computed from the data while
it is editable and frozen into ``snapshot`` (JSON) when it is submitted, so an accepted report
reads the same after the project's data has moved on. The project manager's narrative lives
in its own columns. Every transition is a :class:`StatusReportEvent` (who, when, from, to,
comment).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openpmo.db.base import Base, Versioned, str_enum, utcnow
from openpmo.db.models.org import User
from openpmo.enums import StatusReportState

#: States whose generated content is frozen (it was submitted and not returned).
FROZEN_STATES = (StatusReportState.SUBMITTED, StatusReportState.ACCEPTED)

__all__ = ["FROZEN_STATES", "StatusReport", "StatusReportEvent"]


class StatusReport(Versioned, Base):
    """One project's weekly status report as of ``status_date``, covering
    ``period_start``..``period_end`` (inclusive)."""

    __tablename__ = "status_reports"
    __table_args__ = (UniqueConstraint("project_id", "status_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    status_date: Mapped[date] = mapped_column(Date, index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    state: Mapped[StatusReportState] = mapped_column(
        str_enum(StatusReportState), default=StatusReportState.DRAFT, index=True
    )
    #: The project manager's narrative: overall summary of the period.
    summary: Mapped[str | None] = mapped_column(Text)
    #: What was achieved in the period.
    achievements: Mapped[str | None] = mapped_column(Text)
    #: What the team plans for the next period.
    next_period_plan: Mapped[str | None] = mapped_column(Text)
    #: Decisions management is asked to take.
    decisions_needed: Mapped[str | None] = mapped_column(Text)
    #: Help or support needed from the PMO or management.
    help_needed: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column()
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column()
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The reviewer's last comment (mandatory when returning).
    review_comment: Mapped[str | None] = mapped_column(Text)
    #: The generated content as frozen at the last submission (``None`` before it).
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    events: Mapped[list[StatusReportEvent]] = relationship(
        order_by="StatusReportEvent.id", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def frozen(self) -> bool:
        """Whether the generated content is the submitted snapshot rather than live."""
        return self.state in FROZEN_STATES and self.snapshot is not None


class StatusReportEvent(Base):
    """One step of a report's history: created, submitted, accepted or returned."""

    __tablename__ = "status_report_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("status_reports.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[StatusReportState | None] = mapped_column(
        Enum(
            StatusReportState,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
            create_constraint=True,
            name="fromstate",
        ),
        nullable=True,
    )
    to_state: Mapped[StatusReportState] = mapped_column(str_enum(StatusReportState))
    comment: Mapped[str | None] = mapped_column(Text)

    by: Mapped[User | None] = relationship(lazy="joined")

    @property
    def by_username(self) -> str | None:
        return self.by.username if self.by is not None else None
