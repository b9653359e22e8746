"""Every table of OpenPMO, importable from one place."""

from openpmo.db.models.audit import AuditEntry
from openpmo.db.models.baselines import Baseline, BaselineTask
from openpmo.db.models.calendars import CalendarException, TaskCalendar
from openpmo.db.models.capacity import (
    Allocation,
    Assignment,
    LevellingScenario,
    ResourceLeave,
    ResourceRate,
    ResourceRequest,
    ScenarioTask,
)
from openpmo.db.models.documents import DocumentTemplate
from openpmo.db.models.governance import GateReview, LifecycleTemplate, PmoPolicy, ProjectPhase
from openpmo.db.models.intake import Proposal, Score, ScoringCriterion
from openpmo.db.models.monitoring import (
    HealthOverride,
    KpiThreshold,
    QualityCheck,
    RemediationAction,
    StatusDate,
    TaskProgress,
)
from openpmo.db.models.org import LoginThrottle, OrgUnit, Pmo, User
from openpmo.db.models.reports import StatusReport, StatusReportEvent
from openpmo.db.models.resources import Resource, ResourceSkill, Skill
from openpmo.db.models.selection import SelectionScenario
from openpmo.db.models.strategy import (
    Portfolio,
    Program,
    Project,
    StrategicObjective,
    project_members,
    project_objectives,
)
from openpmo.db.models.work import Dependency, Issue, Risk, Task

__all__ = [
    "Allocation",
    "Assignment",
    "AuditEntry",
    "Baseline",
    "BaselineTask",
    "CalendarException",
    "Dependency",
    "DocumentTemplate",
    "GateReview",
    "HealthOverride",
    "Issue",
    "KpiThreshold",
    "LevellingScenario",
    "LifecycleTemplate",
    "LoginThrottle",
    "OrgUnit",
    "Pmo",
    "PmoPolicy",
    "Portfolio",
    "Program",
    "Project",
    "ProjectPhase",
    "Proposal",
    "QualityCheck",
    "RemediationAction",
    "Resource",
    "ResourceLeave",
    "ResourceRate",
    "ResourceRequest",
    "ResourceSkill",
    "Risk",
    "ScenarioTask",
    "Score",
    "ScoringCriterion",
    "SelectionScenario",
    "Skill",
    "StatusDate",
    "StatusReport",
    "StatusReportEvent",
    "StrategicObjective",
    "Task",
    "TaskCalendar",
    "TaskProgress",
    "User",
    "project_members",
    "project_objectives",
]
