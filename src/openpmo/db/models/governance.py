"""Lifecycles and stage gates: the methodology library, each PMO's policy, a project's own
phases (copied from a template and tailored) and the gate reviews that close them.

A template's phases are one JSON document (see :class:`openpmo.schemas.governance.PhaseSpec`):
they are edited, validated and versioned as a whole. A project's phases are rows, because
each one has a status and reviews of its own.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from openpmo.db.base import Base, Versioned, str_enum
from openpmo.enums import GateDecision, Methodology, PhaseStatus


class LifecycleTemplate(Versioned, Base):
    """A methodology of the library: its phases, each closed by a gate with a criteria
    checklist, and the deliverables each phase must produce."""

    __tablename__ = "lifecycle_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str | None] = mapped_column(String(200))
    methodology: Mapped[Methodology] = mapped_column(str_enum(Methodology))
    description: Mapped[str | None] = mapped_column(Text)
    #: The PMO that owns it; ``None``: the shared library.
    pmo_id: Mapped[int | None] = mapped_column(ForeignKey("pmos.id"), index=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    phases: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class PmoPolicy(Versioned, Base):
    """What a PMO decides for the projects it governs: the default lifecycle, what a
    project may tailor, and the discount rate of business cases."""

    __tablename__ = "pmo_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    pmo_id: Mapped[int] = mapped_column(ForeignKey("pmos.id", ondelete="CASCADE"), unique=True)
    default_template_id: Mapped[int | None] = mapped_column(ForeignKey("lifecycle_templates.id"))
    #: Yearly rate as a fraction (0.08 = 8 %).
    discount_rate: Mapped[float] = mapped_column(Float, default=0.08)
    may_skip_phases: Mapped[bool] = mapped_column(Boolean, default=False)
    may_add_deliverables: Mapped[bool] = mapped_column(Boolean, default=True)
    may_waive_deliverables: Mapped[bool] = mapped_column(Boolean, default=False)
    may_edit_criteria: Mapped[bool] = mapped_column(Boolean, default=False)


class ProjectPhase(Versioned, Base):
    """A phase of one project's lifecycle, copied from a template; its gate closes it."""

    __tablename__ = "project_phases"
    __table_args__ = (UniqueConstraint("project_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    template_id: Mapped[int | None] = mapped_column(ForeignKey("lifecycle_templates.id"))
    seq: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(80))
    name_zh: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[PhaseStatus] = mapped_column(str_enum(PhaseStatus), default=PhaseStatus.PENDING)
    #: Planned iterations (sprints) inside the phase, for agile phases.
    iterations: Mapped[int | None] = mapped_column(Integer)
    gate_name: Mapped[str] = mapped_column(String(200))
    gate_name_zh: Mapped[str | None] = mapped_column(String(200))
    #: The gate's checklist: ``[{"key", "text", "text_zh"}]``.
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: ``[{"key", "name", "name_zh", "required", "quality_criteria": [...]}]``.
    deliverables: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    started_on: Mapped[date | None] = mapped_column(Date)
    finished_on: Mapped[date | None] = mapped_column(Date)


class GateReview(Versioned, Base):
    """A review of a phase's gate: criteria assessed, deliverables attached, a decision."""

    __tablename__ = "gate_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    phase_id: Mapped[int] = mapped_column(
        ForeignKey("project_phases.id", ondelete="CASCADE"), index=True
    )
    #: ``[{"criterion", "result": met|not_met|n/a, "note"}]``.
    assessments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: ``[{"key", "name", "link", "file_ref", "accepted"}]``.
    deliverables: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    decision: Mapped[GateDecision | None] = mapped_column(str_enum(GateDecision))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    conditions: Mapped[str | None] = mapped_column(Text)
    comments: Mapped[str | None] = mapped_column(Text)
