"""Baselines: up to 11 frozen copies (numbers 0 to 10) of a project's schedule."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from openpmo.db.base import Base, Versioned
from openpmo.db.models.work import local_datetime

#: Baseline numbers run from 0 to this (MS Project's Baseline, Baseline1 ... Baseline10).
LAST_BASELINE = 10


class Baseline(Versioned, Base):
    """A named baseline of a project; its tasks' figures are in :class:`BaselineTask`."""

    __tablename__ = "baselines"
    __table_args__ = (
        UniqueConstraint("project_id", "number"),
        CheckConstraint(f"number >= 0 AND number <= {LAST_BASELINE}", name="number_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class BaselineTask(Base):
    """One task's figures when its baseline was saved; dates are project-local, naive."""

    __tablename__ = "baseline_tasks"
    #: Frozen copies written with their baseline, whose creation is audited.
    __audited__ = False

    baseline_id: Mapped[int] = mapped_column(
        ForeignKey("baselines.id", ondelete="CASCADE"), primary_key=True
    )
    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    start: Mapped[datetime | None] = local_datetime()
    finish: Mapped[datetime | None] = local_datetime()
    duration_minutes: Mapped[int] = mapped_column(Integer)
    work_minutes: Mapped[int] = mapped_column(Integer)
    cost: Mapped[Decimal]
