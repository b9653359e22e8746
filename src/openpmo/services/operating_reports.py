"""The content of a program report and of a PMO operating report.

Scope: a program's projects, or the projects of the org units a PMO governs (its org unit
and every unit below; an enterprise PMO's is the whole organisation), as far as the reader
may see them. As of ``as_of`` (default: the scope's latest status date):

* **Portfolio summary**: projects and budget per status.
* **Pipeline**: proposals per workflow state with their requested budget (the PMO's org-unit
  subtree; for a program, that of the PMO owning its portfolio).
* **Health**: every active project at its latest status date on or before ``as_of`` (the
  same figures as ``GET /portfolio/health``), the count per overall colour (grey: active
  without a status date), least healthy first; the money totals with SPI and CPI recomputed
  from the sums.
* **Trend**: at each of the scope's last :data:`TREND_POINTS` status dates, the count per
  overall colour and the rolled-up SPI and CPI, each project at its latest snapshot then.
  All snapshots go through one engine call.
* **Resource utilisation**: demand over capacity per org unit per month, for the month of
  ``as_of`` and the two after (:func:`openpmo.services.capacity.capacity_report`).
* **Escalations**: projects whose overall health is red, and every overridden colour.
* **Remediation progress**: actions per status, those overdue, the open ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from openpmo.db.base import utcnow
from openpmo.db.models import (
    OrgUnit,
    Pmo,
    Portfolio,
    Program,
    Project,
    Proposal,
    Resource,
    StatusDate,
)
from openpmo.enums import HealthColour, ProjectStatus, ProposalStatus, RemediationStatus, Role
from openpmo.errors import NotFound
from openpmo.io.reports.content import (
    Escalation,
    HealthTrendPoint,
    Label,
    PipelineLine,
    PortfolioReportContent,
    ProjectHealthRow,
    RemediationSummary,
    ScopeInfo,
    StatusCount,
    UtilisationLine,
)
from openpmo.services import authz, capacity, performance
from openpmo.services.evaluation import SNAPSHOT_COLUMNS, Snapshot
from openpmo.services.monitoring import remediation_actions
from openpmo.services.performance import ProjectPerformance
from openpmo.services.principal import Principal, org_subtree
from openpmo.services.status_content import health_line, open_actions

__all__ = ["PMO_READERS", "PROGRAM_READERS", "pmo_content", "program_content"]

#: Who may read a program report, and a PMO operating report (an admin too).
PROGRAM_READERS = (Role.PMO, Role.EXECUTIVE, Role.PROJECT_MANAGER, Role.RESOURCE_MANAGER)
PMO_READERS = (Role.PMO, Role.EXECUTIVE)
#: Status dates in the trend.
TREND_POINTS = 8
#: Months of resource utilisation.
UTILISATION_MONTHS = 3
#: Open remediation actions listed.
MAX_ACTIONS = 20
_SEVERITY = {"red": 0, "amber": 1, "grey": 2, "green": 3}
_MONEY = ("bac", "pv", "ev", "ac", "eac")


def program_content(
    session: Session, principal: Principal, program_id: int, *, as_of: date | None = None
) -> PortfolioReportContent:
    """The program report of ``program_id``."""
    authz.ensure_role(principal, *PROGRAM_READERS, action="read")
    program = session.get(Program, program_id)
    if program is None:
        raise NotFound(entity="program", id=program_id)
    portfolio = session.get(Portfolio, program.portfolio_id)
    manager = _resource_label(session, program.manager_id)
    scope = ScopeInfo(
        kind="program",
        id=program.id,
        code=program.code,
        name=program.name,
        name_zh=program.name_zh,
        parent=Label(portfolio.name, portfolio.name_zh) if portfolio else None,
        detail=None,
        manager=manager,
    )
    pipeline_pmo = session.get(Pmo, portfolio.pmo_id) if portfolio and portfolio.pmo_id else None
    return _content(
        session,
        principal,
        scope,
        Project.program_id == program_id,
        as_of,
        pipeline_pmo,
        units=None,
    )


def pmo_content(
    session: Session, principal: Principal, pmo_id: int, *, as_of: date | None = None
) -> PortfolioReportContent:
    """The operating report of the PMO ``pmo_id`` over the org units it governs."""
    authz.ensure_role(principal, *PMO_READERS, action="read")
    pmo = session.get(Pmo, pmo_id)
    if pmo is None:
        raise NotFound(entity="pmo", id=pmo_id)
    unit = session.get(OrgUnit, pmo.org_unit_id)
    scope = ScopeInfo(
        kind="pmo",
        id=pmo.id,
        code=unit.code if unit else str(pmo.id),
        name=pmo.name,
        name_zh=pmo.name_zh,
        parent=Label(unit.name, unit.name_zh) if unit else None,
        detail=f"{pmo.type.value}/{pmo.level.value}",
    )
    units = _units(session, pmo)
    where = Project.org_unit_id.in_(units) if units is not None else Project.id.is_not(None)
    return _content(session, principal, scope, where, as_of, pmo, units=units)


def _units(session: Session, pmo: Pmo) -> frozenset[int] | None:
    """The org units a PMO governs (``None``: all, for a PMO at the top of the tree)."""
    parent = session.scalar(select(OrgUnit.parent_id).where(OrgUnit.id == pmo.org_unit_id))
    return None if parent is None else org_subtree(session, pmo.org_unit_id)


def _resource_label(session: Session, resource_id: int | None) -> Label | None:
    if resource_id is None:
        return None
    found = session.get(Resource, resource_id)
    return Label(found.name, found.name_zh) if found else None


def _content(
    session: Session,
    principal: Principal,
    scope: ScopeInfo,
    where: ColumnElement[bool],
    as_of: date | None,
    pipeline_pmo: Pmo | None,
    *,
    units: frozenset[int] | None,
) -> PortfolioReportContent:
    visible = where & authz.visible_projects(principal)
    projects = session.execute(
        select(Project.id, Project.code, Project.status, Project.budget, Project.currency).where(
            visible
        )
    ).all()
    active = [p.id for p in projects if p.status is ProjectStatus.ACTIVE]
    snapshots = _snapshots(session, active, as_of)
    as_of = as_of or max((s.status_date for s in snapshots), default=None) or utcnow().date()
    dates = sorted({s.status_date for s in snapshots})[-TREND_POINTS:]
    chosen = _chosen(snapshots, dates)
    needed = {s.id: s for members in chosen.values() for s in members}
    evaluated = performance.performances_of(session, [needed[k] for k in sorted(needed)])
    by_snapshot = {p.status_date_id: p for p in evaluated}
    latest = [by_snapshot[s.id] for s in chosen.get(dates[-1], [])] if dates else []
    codes = {p.id: p.code for p in projects}
    rows = _rows(session, latest)
    counts = Counter(r.colours["overall"] for r in rows)
    health = {c.value: counts.get(c.value, 0) for c in HealthColour}
    reported = {r.id for r in rows}
    missing = sorted(codes[i] for i in active if i not in reported)
    health[HealthColour.GREY.value] += len(missing)
    currencies = Counter(p.currency for p in projects)
    periods, utilisation = _utilisation(session, principal, as_of, scope.kind, units, projects)
    return PortfolioReportContent(
        scope=scope,
        as_of=as_of,
        currency=currencies.most_common(1)[0][0] if currencies else "CNY",
        statuses=_statuses(projects),
        pipeline=_pipeline(session, pipeline_pmo),
        pipeline_source=Label(pipeline_pmo.name, pipeline_pmo.name_zh) if pipeline_pmo else None,
        health_counts=health,
        projects=tuple(rows),
        without_status_date=tuple(missing),
        totals=_totals(latest),
        trend=tuple(_trend(dates, chosen, by_snapshot)),
        utilisation_periods=periods,
        utilisation=utilisation,
        escalations=tuple(_escalations(rows, latest)),
        remediation=_remediation(session, [p.id for p in projects], as_of, codes),
        generated_at=utcnow(),
    )


def _snapshots(session: Session, project_ids: list[int], as_of: date | None) -> list[Snapshot]:
    if not project_ids:
        return []
    stmt = select(*SNAPSHOT_COLUMNS).where(StatusDate.project_id.in_(project_ids))
    if as_of is not None:
        stmt = stmt.where(StatusDate.status_date <= as_of)
    return [Snapshot(*row) for row in session.execute(stmt.order_by(StatusDate.status_date))]


def _chosen(snapshots: Sequence[Snapshot], dates: list[date]) -> dict[date, list[Snapshot]]:
    """At each date, every project's latest snapshot on or before it."""
    chosen: dict[date, list[Snapshot]] = {}
    latest: dict[int, Snapshot] = {}
    pending = iter(snapshots)  # in status-date order
    following = next(pending, None)
    for day in dates:
        while following is not None and following.status_date <= day:
            latest[following.project_id] = following
            following = next(pending, None)
        chosen[day] = sorted(latest.values(), key=lambda s: s.project_id)
    return chosen


def _rows(session: Session, latest: list[ProjectPerformance]) -> list[ProjectHealthRow]:
    ids = [p.project_id for p in latest]
    info = {
        row.id: row
        for row in session.execute(
            select(Project.id, Project.name_zh, Project.manager_id).where(Project.id.in_(ids))
        )
    }
    managers = {
        row.id: Label(row.name, row.name_zh)
        for row in session.execute(
            select(Resource.id, Resource.name, Resource.name_zh).where(
                Resource.id.in_({i.manager_id for i in info.values() if i.manager_id})
            )
        )
    }
    rows = []
    for p in latest:
        colours = {"overall": p.overall.colour} | {d.dimension: d.colour for d in p.dimensions}
        overridden = any(
            d.override is not None and d.colour != d.computed_colour
            for d in (p.overall, *p.dimensions)
        )
        rows.append(
            ProjectHealthRow(
                id=p.project_id,
                code=p.code,
                name=p.name,
                name_zh=info[p.project_id].name_zh,
                manager=managers.get(info[p.project_id].manager_id or 0),
                status_date=p.status_date,
                colours=colours,
                overall_computed=p.overall.computed_colour,
                overridden=overridden,
                reasons=health_line(p.overall).reasons,
                **{name: p.money[name] for name in (*_MONEY, "spi", "cpi")},
            )
        )
    rows.sort(key=lambda r: (_SEVERITY.get(r.colours["overall"], 9), r.code))
    return rows


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _totals(latest: list[ProjectPerformance]) -> dict[str, float | None]:
    sums = {name: round(sum(p.money[name] or 0.0 for p in latest), 2) for name in _MONEY}
    return {
        **sums,
        "spi": _ratio(sums["ev"], sums["pv"]),
        "cpi": _ratio(sums["ev"], sums["ac"]),
    }


def _trend(
    dates: list[date],
    chosen: dict[date, list[Snapshot]],
    by_snapshot: dict[int, ProjectPerformance],
) -> list[HealthTrendPoint]:
    points = []
    for day in dates:
        members = [by_snapshot[s.id] for s in chosen[day]]
        counts = Counter(p.overall.colour for p in members)
        totals = _totals(members)
        points.append(
            HealthTrendPoint(
                status_date=day,
                counts={c.value: counts.get(c.value, 0) for c in HealthColour},
                spi=totals["spi"],
                cpi=totals["cpi"],
            )
        )
    return points


def _statuses(projects: Sequence[Any]) -> tuple[StatusCount, ...]:
    counts: Counter[str] = Counter()
    budgets: dict[str, float] = dict.fromkeys((s.value for s in ProjectStatus), 0.0)
    for p in projects:
        counts[p.status.value] += 1
        budgets[p.status.value] += float(p.budget or 0)
    return tuple(
        StatusCount(s.value, counts[s.value], round(budgets[s.value], 2)) for s in ProjectStatus
    )


def _pipeline(session: Session, pmo: Pmo | None) -> tuple[PipelineLine, ...]:
    if pmo is None:
        return ()
    units = _units(session, pmo)
    stmt = select(Proposal.status, Proposal.costs)
    if units is not None:
        stmt = stmt.where(Proposal.org_unit_id.in_(units))
    counts: Counter[str] = Counter()
    requested: dict[str, float] = dict.fromkeys((s.value for s in ProposalStatus), 0.0)
    for status, costs in session.execute(stmt):
        counts[status.value] += 1
        requested[status.value] += float(sum(costs or []))
    return tuple(
        PipelineLine(s.value, counts[s.value], round(requested[s.value], 2)) for s in ProposalStatus
    )


def _escalations(
    rows: list[ProjectHealthRow], latest: list[ProjectPerformance]
) -> list[Escalation]:
    by_id = {p.project_id: p for p in latest}
    found = []
    for row in rows:
        p = by_id[row.id]
        if p.overall.colour == HealthColour.RED.value:
            found.append(_escalation(row, "red", health_line(p.overall), None))
        for d in (p.overall, *p.dimensions):
            if d.override is not None and d.colour != d.computed_colour:
                found.append(_escalation(row, "override", health_line(d), d.override.comment))
    return found


def _escalation(row: ProjectHealthRow, kind: str, line: Any, comment: str | None) -> Escalation:
    return Escalation(
        project=row.code,
        name=row.name,
        name_zh=row.name_zh,
        kind=kind,
        dimension=line.dimension,
        colour=line.colour,
        computed_colour=line.computed_colour,
        reasons=line.reasons,
        comment=comment,
    )


def _remediation(
    session: Session, project_ids: list[int], as_of: date, codes: dict[int, str]
) -> RemediationSummary:
    model = remediation_actions.model
    counts = {s.value: 0 for s in RemediationStatus}
    if project_ids:
        for status, count in session.execute(
            select(model.status, func.count())
            .where(model.project_id.in_(project_ids))
            .group_by(model.status)
        ):
            counts[status.value] = count
    pending = open_actions(session, project_ids, as_of, codes) if project_ids else []
    return RemediationSummary(
        counts=counts,
        overdue=sum(1 for a in pending if a.overdue),
        open=tuple(pending[:MAX_ACTIONS]),
    )


def _month_end(first: date, months: int) -> date:
    year, month = divmod(first.month - 1 + months, 12)
    return date(first.year + year, month + 1, 1) - timedelta(days=1)


def _utilisation(
    session: Session,
    principal: Principal,
    as_of: date,
    kind: str,
    units: frozenset[int] | None,
    projects: Sequence[Any],
) -> tuple[tuple[str, ...], tuple[UtilisationLine, ...]]:
    """Utilisation per org unit per month: the PMO's units, or the units of the program's
    projects."""
    first = as_of.replace(day=1)
    root = None
    if units is not None:
        root = session.scalar(select(OrgUnit.id).where(OrgUnit.id.in_(units)).order_by(OrgUnit.id))
    report = capacity.capacity_report(
        session,
        principal,
        by="org_unit",
        period="month",
        start=first,
        finish=_month_end(first, UTILISATION_MONTHS),
        org_unit_id=root,
        over_limit=0,
    )
    wanted: set[str] | None = None
    if kind == "program":
        owners = session.scalars(
            select(Project.org_unit_id).where(Project.id.in_([p.id for p in projects]))
        )
        wanted = {str(u) for u in owners}
    names = dict(session.execute(select(OrgUnit.id, OrgUnit.name_zh)).all())
    lines = []
    for row in report.rows:
        if wanted is not None and row.key not in wanted:
            continue
        capacity_hours, demand = sum(row.capacity), sum(row.demand)
        zh = names.get(int(row.key)) if row.key.isdigit() else None
        lines.append(
            UtilisationLine(
                key=row.key,
                label=Label(row.label, zh),
                capacity=round(capacity_hours, 1),
                demand=round(demand, 1),
                utilisation=_ratio(demand, capacity_hours),
                periods=tuple(row.utilisation),
            )
        )
    return tuple(p.label for p in report.periods), tuple(lines)
