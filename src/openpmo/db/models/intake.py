"""Intake: proposals (立项申请), the PMO's scoring criteria and the reviewers' scores."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from openpmo.db.base import Base, Versioned, currency_column, str_enum
from openpmo.enums import Methodology, ProposalStatus


class Proposal(Versioned, Base):
    """A request to start a project, with its business case and strategic contribution.

    Money per year starts in ``first_year``; ``skills`` per quarter starts in its Q1.
    """

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    title_zh: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[ProposalStatus] = mapped_column(
        str_enum(ProposalStatus), default=ProposalStatus.DRAFT, index=True
    )
    pmo_id: Mapped[int] = mapped_column(ForeignKey("pmos.id"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    lifecycle_template_id: Mapped[int | None] = mapped_column(ForeignKey("lifecycle_templates.id"))
    methodology: Mapped[Methodology] = mapped_column(
        str_enum(Methodology), default=Methodology.WATERFALL
    )
    problem: Mapped[str | None] = mapped_column(Text)
    objectives: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str | None] = mapped_column(Text)
    key_risks: Mapped[list[str]] = mapped_column(JSON, default=list)
    first_year: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = currency_column()
    costs: Mapped[list[float]] = mapped_column(JSON, default=list)
    benefits: Mapped[list[float]] = mapped_column(JSON, default=list)
    #: ``[{"skill_id", "period", "hours"}]``, period = quarter index from Q1 of first_year.
    skills: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: ``[{"objective_id", "contribution"}]``, contribution in % (0-100).
    contributions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_finish: Mapped[date | None] = mapped_column(Date)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("resources.id"))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    #: The project it became when approved.
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"))


class ScoringCriterion(Versioned, Base):
    """One of a PMO's criteria (strategic alignment, benefit, risk, ...) with its weight.

    Every criterion is scored 0-10 with 10 the best (for risk: 10 = lowest risk).
    """

    __tablename__ = "scoring_criteria"
    __table_args__ = (UniqueConstraint("pmo_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pmo_id: Mapped[int] = mapped_column(ForeignKey("pmos.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    weight: Mapped[float] = mapped_column(Float, default=1.0)


class Score(Versioned, Base):
    """One reviewer's score of a proposal or a project on one criterion (0-10)."""

    __tablename__ = "scores"
    __table_args__ = (
        UniqueConstraint("proposal_id", "reviewer_id", "criterion_id"),
        UniqueConstraint("project_id", "reviewer_id", "criterion_id"),
        CheckConstraint("(proposal_id IS NULL) <> (project_id IS NULL)", name="one_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("scoring_criteria.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
