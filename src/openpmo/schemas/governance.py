"""Lifecycle templates, PMO policies, project phases and gate reviews."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field, model_validator

from openpmo.enums import CriterionResult, GateDecision, Methodology, PhaseStatus, PmoType
from openpmo.schemas.common import Code, Input, Name, Read, Text, Update, VersionedRead

__all__ = [
    "AdvanceRead",
    "CriterionAssessment",
    "CriterionSpec",
    "DeliverableAttachment",
    "DeliverableSpec",
    "GateReviewCreate",
    "GateReviewRead",
    "GateReviewUpdate",
    "InstantiateInput",
    "LifecycleTemplateCreate",
    "LifecycleTemplateRead",
    "LifecycleTemplateUpdate",
    "PhaseRead",
    "PhaseSpec",
    "PhaseTailor",
    "PmoPolicyRead",
    "PmoPolicyUpdate",
    "WarningRead",
]

ShortName = Annotated[str, Field(min_length=1, max_length=80)]
Note = Annotated[str, Field(max_length=2000)]


def _unique(keys: list[str], what: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"duplicate_{what}_key")
        seen.add(key)


class CriterionSpec(Input):
    """One line of a gate's checklist."""

    key: Code
    text: Name
    text_zh: Name | None = None


class DeliverableSpec(Input):
    """A deliverable a phase produces; ``required`` ones are checked at its gate."""

    key: Code
    name: Name
    name_zh: Name | None = None
    required: bool = True
    quality_criteria: list[Name] = Field(default_factory=list, max_length=20)


class PhaseSpec(Input):
    key: Code
    name: ShortName
    name_zh: ShortName | None = None
    iterations: int | None = Field(default=None, ge=1, le=100)
    gate_name: Name
    gate_name_zh: Name | None = None
    criteria: list[CriterionSpec] = Field(default_factory=list, max_length=30)
    deliverables: list[DeliverableSpec] = Field(default_factory=list, max_length=30)

    @model_validator(mode="after")
    def _keys_unique(self) -> PhaseSpec:
        _unique([c.key for c in self.criteria], "criterion")
        _unique([d.key for d in self.deliverables], "deliverable")
        return self


def _phases_unique(phases: list[PhaseSpec] | None) -> None:
    if phases is not None:
        _unique([p.key for p in phases], "phase")


class LifecycleTemplateCreate(Input):
    code: Code
    name: Name
    name_zh: Name | None = None
    methodology: Methodology
    description: Text | None = None
    pmo_id: int | None = None
    is_active: bool = True
    phases: list[PhaseSpec] = Field(min_length=1, max_length=30)

    @model_validator(mode="after")
    def _keys_unique(self) -> LifecycleTemplateCreate:
        _phases_unique(self.phases)
        return self


class LifecycleTemplateUpdate(Update):
    code: Code | None = None
    name: Name | None = None
    name_zh: Name | None = None
    methodology: Methodology | None = None
    description: Text | None = None
    pmo_id: int | None = None
    is_active: bool | None = None
    phases: list[PhaseSpec] | None = Field(default=None, min_length=1, max_length=30)

    @model_validator(mode="after")
    def _keys_unique(self) -> LifecycleTemplateUpdate:
        _phases_unique(self.phases)
        return self


class LifecycleTemplateRead(VersionedRead):
    code: str
    name: str
    name_zh: str | None
    methodology: Methodology
    description: str | None
    pmo_id: int | None
    is_active: bool
    phases: list[dict[str, Any]]


class PmoPolicyUpdate(Update):
    default_template_id: int | None = None
    discount_rate: float | None = Field(default=None, ge=-0.5, le=1.0)
    may_skip_phases: bool | None = None
    may_add_deliverables: bool | None = None
    may_waive_deliverables: bool | None = None
    may_edit_criteria: bool | None = None


class PmoPolicyRead(Read):
    pmo_id: int
    pmo_type: PmoType
    version: int | None
    default_template_id: int | None
    discount_rate: float
    may_skip_phases: bool
    may_add_deliverables: bool
    may_waive_deliverables: bool
    may_edit_criteria: bool


class InstantiateInput(Input):
    """``template_id`` absent: the governing PMO's default, else the library template of the
    project's methodology."""

    template_id: int | None = None


class PhaseRead(VersionedRead):
    project_id: int
    template_id: int | None
    seq: int
    key: str
    name: str
    name_zh: str | None
    status: PhaseStatus
    iterations: int | None
    gate_name: str
    gate_name_zh: str | None
    criteria: list[dict[str, Any]]
    deliverables: list[dict[str, Any]]
    started_on: date | None
    finished_on: date | None


class PhaseTailor(Update):
    """A project's change to one of its phases, within what its PMO allows."""

    skipped: bool | None = None
    iterations: int | None = Field(default=None, ge=1, le=100)
    criteria: list[CriterionSpec] | None = Field(default=None, max_length=30)
    deliverables: list[DeliverableSpec] | None = Field(default=None, max_length=30)


class CriterionAssessment(Input):
    criterion: Code
    result: CriterionResult
    note: Note | None = None

    @model_validator(mode="after")
    def _note_for_not_applicable(self) -> CriterionAssessment:
        if self.result is CriterionResult.NOT_APPLICABLE and not (self.note or "").strip():
            raise ValueError("note_required_not_applicable")
        return self


class DeliverableAttachment(Input):
    """A deliverable handed in at the gate: a link or the reference of an uploaded file."""

    key: Code
    name: Name | None = None
    link: Annotated[str, Field(max_length=2000)] | None = None
    file_ref: Annotated[str, Field(max_length=500)] | None = None
    accepted: bool = False

    @model_validator(mode="after")
    def _link_or_file(self) -> DeliverableAttachment:
        if not self.link and not self.file_ref:
            raise ValueError("link_or_file_required")
        return self


class GateReviewCreate(Input):
    phase_id: int
    assessments: list[CriterionAssessment] = Field(default_factory=list, max_length=30)
    deliverables: list[DeliverableAttachment] = Field(default_factory=list, max_length=30)
    decision: GateDecision | None = None
    conditions: Text | None = None
    comments: Text | None = None


class GateReviewUpdate(Update):
    assessments: list[CriterionAssessment] | None = Field(default=None, max_length=30)
    deliverables: list[DeliverableAttachment] | None = Field(default=None, max_length=30)
    decision: GateDecision | None = None
    conditions: Text | None = None
    comments: Text | None = None


class GateReviewRead(VersionedRead):
    project_id: int
    phase_id: int
    assessments: list[dict[str, Any]]
    deliverables: list[dict[str, Any]]
    decision: GateDecision | None
    approver_id: int | None
    decided_at: datetime | None
    conditions: str | None
    comments: str | None


class WarningRead(Read):
    code: str
    message: str


class AdvanceRead(Read):
    """The phase change: the project's new phase and what the PMO's rules warn about."""

    project_id: int
    project_version: int
    pmo_type: PmoType
    previous_phase: PhaseRead
    current_phase: PhaseRead
    warnings: list[WarningRead]
