"""The vocabulary shared by every layer: statuses, types and roles, with their rules."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "APPROVING_DECISIONS",
    "PROJECT_TRANSITIONS",
    "PROPOSAL_TRANSITIONS",
    "STATUS_REPORT_TRANSITIONS",
    "CalendarKind",
    "ConstraintKind",
    "CriterionResult",
    "DependencyType",
    "GateDecision",
    "HealthColour",
    "IssueStatus",
    "Methodology",
    "OrgUnitKind",
    "PhaseStatus",
    "PmoLevel",
    "PmoType",
    "Priority",
    "ProjectStatus",
    "ProposalStatus",
    "QualityCheckKind",
    "RemediationStatus",
    "RequestStatus",
    "ResourceKind",
    "RiskStatus",
    "Role",
    "ScenarioScope",
    "ScenarioStatus",
    "StatusReportState",
]


class Role(StrEnum):
    ADMIN = "admin"
    PMO = "pmo"
    EXECUTIVE = "executive"
    PROJECT_MANAGER = "project_manager"
    RESOURCE_MANAGER = "resource_manager"
    MEMBER = "member"


class OrgUnitKind(StrEnum):
    ENTERPRISE = "enterprise"
    DEPARTMENT = "department"
    TEAM = "team"


class PmoType(StrEnum):
    SUPPORTIVE = "supportive"
    CONTROLLING = "controlling"
    DIRECTIVE = "directive"


class PmoLevel(StrEnum):
    ENTERPRISE = "enterprise"
    DEPARTMENT = "department"
    PROJECT = "project"


class ProjectStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    CLOSED = "closed"
    CANCELLED = "cancelled"


#: Which status may follow which; closed and cancelled are final.
PROJECT_TRANSITIONS: dict[ProjectStatus, frozenset[ProjectStatus]] = {
    ProjectStatus.PROPOSED: frozenset({ProjectStatus.APPROVED, ProjectStatus.CANCELLED}),
    ProjectStatus.APPROVED: frozenset(
        {ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD, ProjectStatus.CANCELLED}
    ),
    ProjectStatus.ACTIVE: frozenset(
        {ProjectStatus.ON_HOLD, ProjectStatus.CLOSED, ProjectStatus.CANCELLED}
    ),
    ProjectStatus.ON_HOLD: frozenset({ProjectStatus.ACTIVE, ProjectStatus.CANCELLED}),
    ProjectStatus.CLOSED: frozenset(),
    ProjectStatus.CANCELLED: frozenset(),
}


class Methodology(StrEnum):
    WATERFALL = "waterfall"
    AGILE = "agile"
    HYBRID = "hybrid"


class Priority(StrEnum):
    """Coarse labels; projects also carry a numeric priority 1-1000 for ranking."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class ResourceKind(StrEnum):
    """A person, a machine, a room, or a generic role standing for someone not yet named."""

    PERSON = "person"
    EQUIPMENT = "equipment"
    ROOM = "room"
    ROLE = "role"


class RequestStatus(StrEnum):
    """A project's request for people: draft → submitted → approved | rejected."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


class ScenarioScope(StrEnum):
    PORTFOLIO = "portfolio"
    PROGRAM = "program"


class ScenarioStatus(StrEnum):
    """A levelling scenario is a proposal until it is applied or discarded (both final)."""

    DRAFT = "draft"
    APPLIED = "applied"
    DISCARDED = "discarded"


class DependencyType(StrEnum):
    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class RiskStatus(StrEnum):
    OPEN = "open"
    MITIGATING = "mitigating"
    CLOSED = "closed"
    OCCURRED = "occurred"


class IssueStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"


class ConstraintKind(StrEnum):
    """A task's date constraint (MS Project's names; see ``docs/scheduling.md``)."""

    ASAP = "ASAP"
    ALAP = "ALAP"
    SNET = "SNET"
    SNLT = "SNLT"
    FNET = "FNET"
    FNLT = "FNLT"
    MSO = "MSO"
    MFO = "MFO"


class CalendarKind(StrEnum):
    """A project's working calendar: Monday to Friday, with or without Chinese holidays."""

    CHINA = "china"
    STANDARD = "standard"


class QualityCheckKind(StrEnum):
    """A quality check recorded on a project (its pass rate is a health KPI)."""

    INSPECTION = "inspection"
    TEST = "test"
    ACCEPTANCE = "acceptance"


class RemediationStatus(StrEnum):
    """Where a remediation action of an under-performing project stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class HealthColour(StrEnum):
    """A health colour as stored and sent (the engine's ``Colour`` by name)."""

    GREEN = "green"
    GREY = "grey"
    AMBER = "amber"
    RED = "red"


class PhaseStatus(StrEnum):
    """Where a project's lifecycle phase stands; one phase at a time is active."""

    PENDING = "pending"
    ACTIVE = "active"
    COMPLETED = "completed"
    SKIPPED = "skipped"


class GateDecision(StrEnum):
    GO = "go"
    CONDITIONAL_GO = "conditional_go"
    HOLD = "hold"
    RECYCLE = "recycle"
    STOP = "stop"


#: The gate decisions that approve moving on to the next phase.
APPROVING_DECISIONS = frozenset({GateDecision.GO, GateDecision.CONDITIONAL_GO})


class CriterionResult(StrEnum):
    """How a gate review assessed one criterion of the gate's checklist."""

    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "n/a"


class ProposalStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    DEFERRED = "deferred"


#: Which proposal status may follow which; approved and rejected are final.
PROPOSAL_TRANSITIONS: dict[ProposalStatus, frozenset[ProposalStatus]] = {
    ProposalStatus.DRAFT: frozenset({ProposalStatus.SUBMITTED}),
    ProposalStatus.SUBMITTED: frozenset({ProposalStatus.UNDER_REVIEW, ProposalStatus.DRAFT}),
    ProposalStatus.UNDER_REVIEW: frozenset(
        {ProposalStatus.APPROVED, ProposalStatus.REJECTED, ProposalStatus.DEFERRED}
    ),
    ProposalStatus.DEFERRED: frozenset({ProposalStatus.UNDER_REVIEW, ProposalStatus.DRAFT}),
    ProposalStatus.APPROVED: frozenset(),
    ProposalStatus.REJECTED: frozenset(),
}


class StatusReportState(StrEnum):
    """A weekly status report (周报): written as a draft, submitted, then accepted by the PMO or
    returned to its author (editable again and resubmitted)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"


#: Which state may follow which; accepted is final.
STATUS_REPORT_TRANSITIONS: dict[StatusReportState, frozenset[StatusReportState]] = {
    StatusReportState.DRAFT: frozenset({StatusReportState.SUBMITTED}),
    StatusReportState.SUBMITTED: frozenset(
        {StatusReportState.ACCEPTED, StatusReportState.RETURNED}
    ),
    StatusReportState.RETURNED: frozenset({StatusReportState.SUBMITTED}),
    StatusReportState.ACCEPTED: frozenset(),
}
