"""A project's status page: performance at a status date, its KPI history, S-curve,
open remediation actions; and overriding a colour without overwriting someone else's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import HealthOverride, Project, RemediationAction, StatusDate
from openpmo.enums import HealthColour, RemediationStatus
from openpmo.errors import StaleVersion
from openpmo.services import authz, curves, monitoring, performance
from openpmo.services.dashboard import SCurve
from openpmo.services.performance import ProjectPerformance
from openpmo.services.principal import Principal

__all__ = ["ProjectStatusView", "override_health", "project_status"]

#: More actions than any project keeps open.
_ACTIONS = 500


@dataclass(frozen=True)
class ProjectStatusView:
    project: Project
    history: list[ProjectPerformance]  # oldest first
    current: ProjectPerformance | None  # the one holding on the chosen status date
    curve: SCurve | None
    has_baseline: bool
    actions: list[RemediationAction]  # not done, earliest due first
    may_edit: bool


def _chosen(
    history: list[ProjectPerformance], status_date: date | None
) -> ProjectPerformance | None:
    if status_date is None:
        return history[-1] if history else None
    holding = [p for p in history if p.status_date <= status_date]
    return holding[-1] if holding else None


def _curve(session: Session, project: Project, history: list[ProjectPerformance]) -> SCurve | None:
    baseline = history[-1].baseline_id if history else None
    if baseline is None:
        baseline = curves.first_baselines(session, {project.id}).get(project.id)
    if baseline is None:
        return None
    grid, planned = curves.planned_values(
        session,
        {project.id: baseline},
        grid_of=curves.week_grid,
        through=history[-1].status_date if history else None,
    )
    if not grid:
        return None
    values = planned[project.id]
    return SCurve(
        project.currency,
        [(d, float(v)) for d, v in zip(grid, values, strict=True)],
        [(p.status_date, p.money.get("ev") or 0.0) for p in history],
        [(p.status_date, p.money.get("ac") or 0.0) for p in history],
    )


def project_status(
    session: Session, principal: Principal, project_id: int, *, status_date: date | None = None
) -> ProjectStatusView:
    """The project's status page at ``status_date`` (its latest snapshot when ``None``)."""
    project = authz.load_project(session, principal, project_id)
    history = performance.health_trend(session, principal, project_id)
    actions, _ = monitoring.remediation_actions.list(
        session, principal, project_id, sort="due_date", limit=_ACTIONS
    )
    has_baseline = bool(curves.first_baselines(session, {project_id}))
    return ProjectStatusView(
        project=project,
        history=history,
        current=_chosen(history, status_date),
        curve=_curve(session, project, history),
        has_baseline=has_baseline,
        actions=[a for a in actions if a.status is not RemediationStatus.DONE],
        may_edit=authz.can_edit_project(principal, project),
    )


def override_health(
    session: Session,
    principal: Principal,
    project_id: int,
    *,
    status_date: date,
    dimension: str,
    colour: HealthColour,
    comment: str | None,
    version: int,
) -> HealthOverride:
    """:func:`performance.set_override`, refused (:class:`StaleVersion`) when the override
    read by the form (``version`` 0: none) is no longer the current one."""
    snapshot_id = session.scalar(
        select(StatusDate.id).where(
            StatusDate.project_id == project_id, StatusDate.status_date == status_date
        )
    )
    found = (
        session.scalar(
            select(HealthOverride).where(
                HealthOverride.status_date_id == snapshot_id,
                HealthOverride.dimension == dimension,
            )
        )
        if snapshot_id is not None
        else None
    )
    current = found.version if found is not None else 0
    if current != version:
        raise StaleVersion(
            entity="health_override", id=found.id if found else 0, given=version, current=current
        )
    return performance.set_override(
        session,
        principal,
        project_id,
        status_date=status_date,
        dimension=dimension,
        colour=colour,
        comment=comment,
    )
