"""Strategic alignment: each project's contribution to objectives, the coverage map and
objective progress derived from the projects.

A project's budget is shared among its objectives by its contributions (``None`` counts as
an equal share): ``share = contribution / sum of the project's contributions``. An
objective's progress is the mean of its projects' percent complete weighted by
``budget * share`` (plain mean when every weight is 0), over itself and its descendants.
A project's percent complete is the duration-weighted mean of its leaf tasks (100 when
closed). Budgets of different currencies are summed per currency and weighted as numbers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.orm import Session

from openpmo.db.models import (
    AuditEntry,
    Project,
    Proposal,
    StrategicObjective,
    Task,
    project_objectives,
)
from openpmo.enums import ProjectStatus, ProposalStatus, Role
from openpmo.errors import FieldError, InvalidInput
from openpmo.schemas.intake import Contribution
from openpmo.services import authz
from openpmo.services.principal import Principal

__all__ = ["contributions_of", "contributors", "coverage", "set_contributions"]

_OPEN = (
    ProjectStatus.PROPOSED,
    ProjectStatus.APPROVED,
    ProjectStatus.ACTIVE,
    ProjectStatus.ON_HOLD,
)


def contributions_of(
    session: Session, principal: Principal, project_id: int
) -> list[dict[str, Any]]:
    authz.load_project(session, principal, project_id)
    link = project_objectives.c
    rows = session.execute(
        select(link.objective_id, link.contribution)
        .where(link.project_id == project_id)
        .order_by(link.objective_id)
    )
    return [{"objective_id": o, "contribution": c} for o, c in rows]


def set_contributions(
    session: Session, principal: Principal, project_id: int, items: list[Contribution]
) -> list[dict[str, Any]]:
    """Replace the project's objectives with ``items``; written to the audit log."""
    project = authz.load_project(session, principal, project_id)
    authz.ensure_can_edit_project(principal, project)
    ids = [c.objective_id for c in items]
    found = set(
        session.scalars(select(StrategicObjective.id).where(StrategicObjective.id.in_(ids)))
    )
    errors = [
        FieldError(("body", i, "objective_id"), "error.field.not_found", {"value": o})
        for i, o in enumerate(ids)
        if o not in found
    ]
    if len(set(ids)) != len(ids):
        errors.append(FieldError(("body",), "error.field.duplicate_key"))
    if errors:
        raise InvalidInput(errors)
    before = contributions_of(session, principal, project_id)
    session.expire(project, ["objectives"])
    session.execute(delete(project_objectives).where(project_objectives.c.project_id == project_id))
    if items:
        session.execute(
            insert(project_objectives),
            [{"project_id": project_id, **c.model_dump()} for c in items],
        )
    after = [c.model_dump() for c in sorted(items, key=lambda c: c.objective_id)]
    session.add(
        AuditEntry(
            user_id=session.info.get("actor_id"),
            entity="project",
            entity_id=project_id,
            action="update",
            before={"contributions": before},
            after={"contributions": after},
        )
    )
    session.flush()
    return after


def _percent_complete(session: Session, project_ids: list[int]) -> dict[int, float]:
    """Duration-weighted percent complete of each project's leaf tasks (0 without tasks)."""
    # CASE, not a two-argument max(): that is SQLite's, PostgreSQL has greatest().
    weight = case((Task.duration_days > 0, Task.duration_days), else_=0.0)
    rows = session.execute(
        select(
            Task.project_id,
            func.sum(Task.percent_complete * weight),
            func.sum(weight),
            func.avg(Task.percent_complete),
        )
        .where(Task.project_id.in_(project_ids), Task.is_summary.is_(False))
        .group_by(Task.project_id)
    )
    found = {}
    for project_id, weighted, total, mean in rows:
        found[project_id] = float(weighted / total) if total else float(mean or 0.0)
    return found


@dataclass
class _Node:
    objective: StrategicObjective
    children: list[int]
    links: list[tuple[int, float]]  # (project id, share)


def _tree(session: Session) -> dict[int, _Node]:
    nodes = {
        o.id: _Node(o, [], [])
        for o in session.scalars(select(StrategicObjective).order_by(StrategicObjective.code))
    }
    for node in nodes.values():
        parent = node.objective.parent_id
        if parent in nodes:
            nodes[parent].children.append(node.objective.id)
    return nodes


def _shares(rows: list[tuple[int, int, float | None]]) -> dict[int, list[tuple[int, float]]]:
    """Objective → (project, share of the project's budget) from the link rows."""
    by_project: dict[int, list[tuple[int, float | None]]] = defaultdict(list)
    for project_id, objective_id, contribution in rows:
        by_project[project_id].append((objective_id, contribution))
    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for project_id, links in by_project.items():
        given = [c for _, c in links if c is not None]
        default = (sum(given) / len(given)) if given else 1.0
        values = [default if c is None else c for _, c in links]
        total = sum(values)
        for (objective_id, _), value in zip(links, values, strict=True):
            out[objective_id].append((project_id, value / total if total else 1 / len(links)))
    return out


def coverage(session: Session, principal: Principal) -> dict[str, Any]:
    """The coverage map of the open projects the principal can see."""
    open_projects = {
        p.id: p
        for p in session.scalars(
            select(Project).where(Project.status.in_(_OPEN), authz.visible_projects(principal))
        )
    }
    link = project_objectives.c
    rows = [
        (p, o, c)
        for p, o, c in session.execute(
            select(link.project_id, link.objective_id, link.contribution)
        )
        if p in open_projects
    ]
    shares = _shares(rows)
    linked = {p for p, _, _ in rows}
    progress = _percent_complete(session, list(open_projects))
    nodes = _tree(session)
    objectives = [_objective_entry(nodes, oid, shares, open_projects, progress) for oid in nodes]
    return {
        "objectives": objectives,
        "objectives_without_projects": [o["id"] for o in objectives if o["projects_total"] == 0],
        "projects_without_objectives": [
            {"id": p.id, "code": p.code, "name": p.name, "name_zh": p.name_zh, "status": p.status}
            for p in sorted(open_projects.values(), key=lambda p: p.code)
            if p.id not in linked
        ],
    }


def _subtree(nodes: dict[int, _Node], root: int) -> list[int]:
    out, stack = [], [root]
    while stack:
        current = stack.pop()
        if current not in out:
            out.append(current)
            stack.extend(nodes[current].children)
    return out


def _objective_entry(
    nodes: dict[int, _Node],
    objective_id: int,
    shares: dict[int, list[tuple[int, float]]],
    projects: dict[int, Project],
    progress: dict[int, float],
) -> dict[str, Any]:
    o = nodes[objective_id].objective
    direct = shares.get(objective_id, [])
    every = [link for oid in _subtree(nodes, objective_id) for link in shares.get(oid, [])]
    budget: dict[str, float] = defaultdict(float)
    weighted = weights = 0.0
    percents = []
    for project_id, share in every:
        project = projects[project_id]
        amount = float(project.budget) * share
        budget[project.currency] += amount
        done = 100.0 if project.status is ProjectStatus.CLOSED else progress.get(project_id, 0.0)
        percents.append(done)
        weighted += done * amount
        weights += amount
    percent = (
        weighted / weights if weights else (sum(percents) / len(percents) if percents else None)
    )
    measure = None
    if o.target_value is not None and o.baseline_value is not None and o.current_value is not None:
        span = o.target_value - o.baseline_value
        measure = 100.0 * (o.current_value - o.baseline_value) / span if span else None
    return {
        "id": o.id,
        "code": o.code,
        "name": o.name,
        "name_zh": o.name_zh,
        "parent_id": o.parent_id,
        "measure": o.measure,
        "unit": o.unit,
        "baseline_value": o.baseline_value,
        "target_value": o.target_value,
        "current_value": o.current_value,
        "target_date": o.target_date,
        "projects": len(direct),
        "projects_total": len({p for p, _ in every}),
        "budget": {k: round(v, 2) for k, v in sorted(budget.items())},
        "progress_percent": None if percent is None else round(percent, 2),
        "measure_percent": None if measure is None else round(measure, 2),
    }


#: Proposals still in the pipeline: they may yet serve an objective.
_PIPELINE = (
    ProposalStatus.DRAFT,
    ProposalStatus.SUBMITTED,
    ProposalStatus.UNDER_REVIEW,
    ProposalStatus.DEFERRED,
)


def contributors(session: Session, principal: Principal) -> dict[int, dict[str, list[Any]]]:
    """Per objective id, its open projects (with their share of the project, percent
    complete and budget) and the proposals in the pipeline that would serve it."""
    open_projects = {
        p.id: p
        for p in session.scalars(
            select(Project).where(Project.status.in_(_OPEN), authz.visible_projects(principal))
        )
    }
    link = project_objectives.c
    rows = [
        (p, o, c)
        for p, o, c in session.execute(
            select(link.project_id, link.objective_id, link.contribution)
        )
        if p in open_projects
    ]
    progress = _percent_complete(session, list(open_projects))
    out: dict[int, dict[str, list[Any]]] = defaultdict(lambda: {"projects": [], "proposals": []})
    for objective_id, links in _shares(rows).items():
        for project_id, share in sorted(links, key=lambda x: open_projects[x[0]].code):
            project = open_projects[project_id]
            done = progress.get(project_id, 0.0)
            out[objective_id]["projects"].append(
                {"project": project, "share": share, "progress": round(done, 1)}
            )
    if principal.role is not Role.MEMBER:
        for proposal in session.scalars(
            select(Proposal)
            .where(
                Proposal.status.in_(_PIPELINE)
                | ((Proposal.status == ProposalStatus.APPROVED) & Proposal.project_id.is_(None))
            )
            .order_by(Proposal.code)
        ):
            for item in proposal.contributions:
                out[int(item["objective_id"])]["proposals"].append(
                    {"proposal": proposal, "contribution": item.get("contribution")}
                )
    return dict(out)
