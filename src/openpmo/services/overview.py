"""Cross-project read models for overview pages: counts by status, names of people for a
page of records in one query, and the risks of every project a user may see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session

from openpmo.db.models import Dependency, Issue, Project, Resource, Risk, Task, User
from openpmo.enums import ProjectStatus, RiskStatus, Role
from openpmo.services import authz, crud
from openpmo.services.principal import Principal
from openpmo.services.projects import SORTABLE, ProjectFilter

__all__ = [
    "Named",
    "PortfolioRisk",
    "list_my_projects",
    "list_portfolio_risks",
    "project_managers",
    "project_part_counts",
    "resource_names",
    "status_counts",
    "usernames",
]


@dataclass(frozen=True)
class Named:
    """A record's id with its English and Chinese names."""

    id: int
    name: str
    name_zh: str | None = None


def _project_conditions(principal: Principal, filters: ProjectFilter) -> list[ColumnElement[bool]]:
    """The WHERE of :func:`projects.list_projects`, without its status filter."""
    conditions = [authz.visible_projects(principal)]
    for name in ("portfolio_id", "program_id", "org_unit_id", "manager_id"):
        value = getattr(filters, name)
        if value is not None:
            conditions.append(getattr(Project, name) == value)
    text = crud.text_filter((Project.code, Project.name, Project.name_zh), filters.q)
    if text is not None:
        conditions.append(text)
    return conditions


def status_counts(
    session: Session, principal: Principal, filters: ProjectFilter = ProjectFilter()
) -> dict[ProjectStatus, int]:
    """How many visible projects match ``filters`` in each status (the status filter aside)."""
    stmt = (
        select(Project.status, func.count())
        .where(and_(*_project_conditions(principal, filters)))
        .group_by(Project.status)
    )
    found = {ProjectStatus(status): count for status, count in session.execute(stmt)}
    return {status: found.get(status, 0) for status in ProjectStatus}


def resource_names(session: Session, ids: Iterable[int | None]) -> dict[int, Named]:
    """The names of the resources ``ids``, in one query."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(
        select(Resource.id, Resource.name, Resource.name_zh).where(Resource.id.in_(wanted))
    )
    return {rid: Named(rid, name, name_zh) for rid, name, name_zh in rows}


def project_managers(session: Session, principal: Principal) -> list[Named]:
    """The people who manage at least one project the principal may see, by name."""
    managed = (
        select(Project.manager_id)
        .where(authz.visible_projects(principal), Project.manager_id.is_not(None))
        .distinct()
    )
    rows = session.execute(
        select(Resource.id, Resource.name, Resource.name_zh)
        .where(Resource.id.in_(managed))
        .order_by(Resource.name)
    )
    return [Named(rid, name, name_zh) for rid, name, name_zh in rows]


@dataclass(frozen=True)
class PortfolioRisk:
    """A risk with the project it threatens; exposure = probability × impact."""

    risk: Risk
    project: Named
    project_code: str

    @property
    def exposure(self) -> float:
        return self.risk.probability * self.risk.impact


def _risk_select(
    principal: Principal, statuses: tuple[RiskStatus, ...], q: str | None
) -> Select[Risk, str, str, str | None]:
    stmt = (
        select(Risk, Project.code, Project.name, Project.name_zh)
        .join(Project, Project.id == Risk.project_id)
        .where(authz.visible_projects(principal))
    )
    if statuses:
        stmt = stmt.where(Risk.status.in_(statuses))
    text = crud.text_filter((Risk.title, Project.code, Project.name, Project.name_zh), q)
    return stmt if text is None else stmt.where(text)


def list_portfolio_risks(
    session: Session,
    principal: Principal,
    *,
    statuses: tuple[RiskStatus, ...] = (),
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[PortfolioRisk], int]:
    """The risks of every project the principal may see, highest exposure first."""
    stmt = _risk_select(principal, statuses, q)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.execute(
        stmt.order_by((Risk.probability * Risk.impact).desc(), Risk.id).limit(limit).offset(offset)
    )
    items = [
        PortfolioRisk(risk, Named(risk.project_id, name, name_zh), code)
        for risk, code, name, name_zh in rows
    ]
    return items, total


def list_my_projects(
    session: Session,
    principal: Principal,
    *,
    sort: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Project], int]:
    """The projects the principal works on (manages, is a member of, or has tasks in),
    whatever its role lets it see besides."""
    if principal.resource_id is None:
        return [], 0
    works_on = authz.visible_projects(replace(principal, role=Role.MEMBER))
    order = crud.parse_sort(Project, sort, SORTABLE, "-priority,code")
    return crud.page(session, select(Project).where(works_on), order, limit, offset)


def project_part_counts(session: Session, project_id: int) -> dict[str, int]:
    """How many tasks, dependencies, risks and issues the project has, in one query."""
    parts = {
        "tasks": Task.project_id,
        "dependencies": Dependency.project_id,
        "risks": Risk.project_id,
        "issues": Issue.project_id,
    }
    columns = [
        select(func.count()).where(column == project_id).scalar_subquery().label(name)
        for name, column in parts.items()
    ]
    row = session.execute(select(*columns)).one()
    return {name: int(row[i] or 0) for i, name in enumerate(parts)}


def usernames(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """The user names of the users ``ids``, in one query."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.username).where(User.id.in_(wanted)))
    return {uid: name for uid, name in rows}  # noqa: C416 - a Result is not a mapping
