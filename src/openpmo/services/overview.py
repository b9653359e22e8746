"""Cross-project read models for overview pages: counts by status, names of people for a
page of records in one query, and the risks of every project a user may see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from itertools import starmap
from operator import attrgetter
from typing import TypeAlias

from sqlalchemy import Select, func, literal, select, union_all
from sqlalchemy.orm import Session

from openpmo.db.models import (
    Dependency,
    Issue,
    OrgUnit,
    Portfolio,
    Program,
    Project,
    Resource,
    Risk,
    Task,
    User,
)
from openpmo.enums import ProjectStatus, RiskStatus, Role
from openpmo.services import authz, crud
from openpmo.services.cache import GenerationCache
from openpmo.services.principal import Principal
from openpmo.services.projects import SORTABLE, ProjectFilter, in_page_order, page_of_ids

__all__ = [
    "FilterOptions",
    "Named",
    "Option",
    "PortfolioRisk",
    "ProjectRow",
    "filter_options",
    "list_my_projects",
    "list_portfolio_risks",
    "project_part_counts",
    "project_rows",
    "resource_names",
    "usernames",
]


@dataclass(frozen=True)
class Named:
    """A record's id with its English and Chinese names."""

    id: int
    name: str
    name_zh: str | None = None


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """The columns a project list shows, with its manager's names: lighter than a
    :class:`Project` (no ORM identity, no relationships)."""

    id: int
    code: str
    name: str
    name_zh: str | None
    status: ProjectStatus
    manager_id: int | None
    planned_start: date | None
    planned_finish: date | None
    budget: Decimal
    currency: str
    priority: int
    manager_name: str | None
    manager_name_zh: str | None


def project_rows(
    session: Session,
    principal: Principal,
    filters: ProjectFilter,
    *,
    sort: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[ProjectRow], dict[int, Named]]:
    """One page of the projects of :func:`projects.list_projects` as light rows, with the
    names of their managers by id, in one query.

    No count: :func:`projects.matching_total` gives the total from the status counts.
    """
    ids = page_of_ids(session, principal, filters, sort, limit, offset)
    stmt = (
        select(
            Project.id,
            Project.code,
            Project.name,
            Project.name_zh,
            Project.status,
            Project.manager_id,
            Project.planned_start,
            Project.planned_finish,
            Project.budget,
            Project.currency,
            Project.priority,
            Resource.name,
            Resource.name_zh,
        )
        .outerjoin(Resource, Resource.id == Project.manager_id)
        .where(Project.id.in_(ids))
    )
    rows = in_page_order(list(starmap(ProjectRow, session.execute(stmt))), ids, attrgetter("id"))
    managers = {
        row.manager_id: Named(row.manager_id, row.manager_name, row.manager_name_zh)
        for row in rows
        if row.manager_id is not None and row.manager_name is not None
    }
    return rows, managers


#: A choice of a filter select: a record's id, name and Chinese name.
Option: TypeAlias = tuple[int, str, "str | None"]


@dataclass(frozen=True)
class FilterOptions:
    """The choices of the portfolio page's filter selects."""

    portfolios: tuple[Option, ...]
    programs: tuple[Option, ...]
    org_units: tuple[Option, ...]
    managers: tuple[Option, ...]


_options_cache: GenerationCache[FilterOptions] = GenerationCache()


def filter_options(session: Session, principal: Principal) -> FilterOptions:
    """Every portfolio, program and org unit (by code), and the people who manage a
    project the principal may see (by name).

    Every list page shows them, and they change far less often than pages are read:
    cached while the data has not changed (:class:`~openpmo.services.cache.GenerationCache`).
    """
    return _options_cache.get(
        session, ("filter_options", principal), lambda: _read_filter_options(session, principal)
    )


def _read_filter_options(session: Session, principal: Principal) -> FilterOptions:
    managed = (
        select(Project.manager_id)
        .where(authz.visible_projects(principal), Project.manager_id.is_not(None))
        .distinct()
    )
    parts = [
        select(literal(kind).label("kind"), m.id, m.name, m.name_zh, m.code.label("sort_key"))
        for kind, m in (("portfolios", Portfolio), ("programs", Program), ("org_units", OrgUnit))
    ]
    parts.append(
        select(
            literal("managers").label("kind"),
            Resource.id,
            Resource.name,
            Resource.name_zh,
            Resource.name.label("sort_key"),
        ).where(Resource.id.in_(managed))
    )
    union = union_all(*parts).subquery()
    stmt = select(union.c.kind, union.c.id, union.c.name, union.c.name_zh).order_by(
        union.c.kind, union.c.sort_key, union.c.id
    )
    found: dict[str, list[Option]] = {
        "portfolios": [],
        "programs": [],
        "org_units": [],
        "managers": [],
    }
    for kind, record_id, name, name_zh in session.execute(stmt):
        found[kind].append((record_id, name, name_zh))
    return FilterOptions(**{kind: tuple(options) for kind, options in found.items()})


def resource_names(session: Session, ids: Iterable[int | None]) -> dict[int, Named]:
    """The names of the resources ``ids``, in one query."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(
        select(Resource.id, Resource.name, Resource.name_zh).where(Resource.id.in_(wanted))
    )
    return {rid: Named(rid, name, name_zh) for rid, name, name_zh in rows}


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
