"""Performance of a project at a status date, portfolio health, health trends, overrides.

All figures come from :func:`openpmo.services.evaluation.evaluate_snapshots` (earned value
in money and hours from the snapshot's baseline, KPIs, health with reasons). A project
manager's override stands beside the computed colour; both are returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import HealthOverride, OrgUnit, Project, StatusDate
from openpmo.engines.evm import Figures, round_half_up
from openpmo.engines.health import Colour, Dimension, DimensionHealth, Reason
from openpmo.enums import HealthColour, ProjectStatus
from openpmo.errors import FieldError, InvalidInput
from openpmo.services import authz
from openpmo.services.evaluation import (
    SNAPSHOT_COLUMNS,
    Evaluation,
    Snapshot,
    evaluate_snapshots,
    snapshot_of,
)
from openpmo.services.principal import Principal
from openpmo.services.progress import get_status_date

__all__ = [
    "DimensionResult",
    "PortfolioHealth",
    "ProjectPerformance",
    "health_trend",
    "performances_of",
    "portfolio_health",
    "project_performance",
    "set_override",
]

#: The EVM figures returned, in this order (money rounded to the cent, ratios to 4 places).
MONEY_FIGURES = ("bac", "pv", "ev", "ac", "sv", "cv", "eac", "etc", "vac")
RATIO_FIGURES = ("spi", "cpi", "sv_percent", "cv_percent", "tcpi_bac", "tcpi_eac", "spi_t")
TIME_FIGURES = ("es", "at", "pd", "sv_t", "ieac_t")
OVERALL = "overall"


@dataclass(frozen=True)
class DimensionResult:
    """One dimension's (or ``overall``'s) colour: the override if any, else the computed."""

    dimension: str
    colour: str
    computed_colour: str
    reasons: tuple[Reason, ...]
    override: HealthOverride | None


@dataclass(frozen=True)
class ProjectPerformance:
    project_id: int
    code: str
    name: str
    status_date: date
    status_date_id: int
    baseline_id: int | None
    money: dict[str, float | None]
    hours: dict[str, float | None]
    kpis: dict[str, float | None]
    overall: DimensionResult
    dimensions: list[DimensionResult]


@dataclass(frozen=True)
class PortfolioHealth:
    """Every matching active project's health (those without a status date listed apart)."""

    as_of: date | None
    projects: list[ProjectPerformance]
    without_status_date: list[int]
    counts: dict[str, int]
    seconds_read: float
    seconds_engine: float


def _plain(values: Any) -> list[float | None]:
    return [None if v != v else v for v in values.tolist()]  # NaN is not equal to itself


def _table(figures: Figures, money: bool) -> dict[str, list[float | None]]:
    """Every returned figure of every member as plain lists, rounded once per array."""
    table = {}
    for name in MONEY_FIGURES:
        values = getattr(figures, name)
        table[name] = _plain(round_half_up(values, 2) if money else np.round(values, 1))
    for name in RATIO_FIGURES:
        table[name] = _plain(np.round(getattr(figures, name), 4))
    for name in TIME_FIGURES:
        table[name] = _plain(np.round(getattr(figures, name), 1))
    return table


def _row(table: dict[str, list[float | None]], k: int) -> dict[str, float | None]:
    return {name: values[k] for name, values in table.items()}


def _colour(code: Colour) -> str:
    return code.name.lower()


def _dimension(
    name: str, health: DimensionHealth, overrides: dict[str, HealthOverride]
) -> DimensionResult:
    override = overrides.get(name)
    computed = _colour(health.colour)
    return DimensionResult(
        name,
        override.colour.value if override else computed,
        computed,
        health.reasons,
        override,
    )


def _performance(
    result: Evaluation,
    tables: tuple[dict[str, list[float | None]], ...],
    k: int,
    project: tuple[str, str],
    overrides: dict[str, HealthOverride],
) -> ProjectPerformance:
    snap = result.snapshots[k]
    rated = result.health[k].project(result.row[k])
    dimensions = [_dimension(d.value, h, overrides) for d, h in rated.dimensions.items()]
    return ProjectPerformance(
        project_id=snap.project_id,
        code=project[0],
        name=project[1],
        status_date=snap.status_date,
        status_date_id=snap.id,
        baseline_id=snap.baseline_id,
        money=_row(tables[0], k),
        hours=_row(tables[1], k),
        kpis=_row(tables[2], k),
        overall=_dimension(OVERALL, rated.overall, overrides),
        dimensions=dimensions,
    )


def _overrides(session: Session, ids: list[int]) -> dict[int, dict[str, HealthOverride]]:
    found: dict[int, dict[str, HealthOverride]] = {}
    if not ids:
        return found
    for row in session.scalars(
        select(HealthOverride).where(HealthOverride.status_date_id.in_(ids))
    ):
        found.setdefault(row.status_date_id, {})[row.dimension] = row
    return found


def _evaluated(
    session: Session, snapshots: list[Snapshot], eac_method: str
) -> tuple[Evaluation, list[ProjectPerformance]]:
    result = evaluate_snapshots(session, snapshots, eac_method=eac_method)
    names = {
        pid: (code, name)
        for pid, code, name in session.execute(
            select(Project.id, Project.code, Project.name).where(
                Project.id.in_({s.project_id for s in snapshots})
            )
        )
    }
    overrides = _overrides(session, [s.id for s in snapshots])
    level = result.evm.levels[1]
    kpis = {name: _plain(np.round(v, 4)) for name, v in result.kpis.items()}
    tables = (_table(level.money, True), _table(level.hours, False), kpis)
    performances = [
        _performance(result, tables, k, names[s.project_id], overrides.get(s.id, {}))
        for k, s in enumerate(snapshots)
    ]
    return result, performances


def performances_of(
    session: Session, snapshots: list[Snapshot], *, eac_method: str = "cpi"
) -> list[ProjectPerformance]:
    """The performance at each of ``snapshots`` (any projects, any dates), one engine call."""
    return _evaluated(session, snapshots, eac_method)[1]


def project_performance(
    session: Session,
    principal: Principal,
    project_id: int,
    *,
    status_date: date | None = None,
    eac_method: str = "cpi",
) -> ProjectPerformance:
    """EVM figures, KPIs and health of a project at the snapshot holding on ``status_date``
    (its latest one when ``None``)."""
    snapshot = get_status_date(session, principal, project_id, status_date)
    return _evaluated(session, [snapshot_of(snapshot)], eac_method)[1][0]


def health_trend(
    session: Session, principal: Principal, project_id: int
) -> list[ProjectPerformance]:
    """The project's performance at each of its status dates, oldest first (one engine call)."""
    authz.load_project(session, principal, project_id)
    rows = session.execute(
        select(*SNAPSHOT_COLUMNS)
        .where(StatusDate.project_id == project_id)
        .order_by(StatusDate.status_date)
    ).all()
    return _evaluated(session, [Snapshot(*r) for r in rows], "cpi")[1]


def _subtree(session: Session, root: int) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for uid, parent in session.execute(select(OrgUnit.id, OrgUnit.parent_id)):
        children.setdefault(parent, []).append(uid)
    found, stack = set(), [root]
    while stack:
        node = stack.pop()
        if node not in found:
            found.add(node)
            stack.extend(children.get(node, ()))
    return found


def latest_snapshots(
    session: Session,
    principal: Principal,
    *,
    as_of: date | None = None,
    portfolio_id: int | None = None,
    program_id: int | None = None,
    org_unit_id: int | None = None,
) -> tuple[list[Snapshot], list[int]]:
    """The latest snapshot (on or before ``as_of``) of every visible active project matching
    the filters, and the ids of those without one. ``org_unit_id`` includes its subtree."""
    projects = select(Project.id).where(
        Project.status == ProjectStatus.ACTIVE, authz.visible_projects(principal)
    )
    if portfolio_id is not None:
        projects = projects.where(Project.portfolio_id == portfolio_id)
    if program_id is not None:
        projects = projects.where(Project.program_id == program_id)
    if org_unit_id is not None:
        projects = projects.where(Project.org_unit_id.in_(_subtree(session, org_unit_id)))
    wanted = set(session.scalars(projects))
    stmt = select(*SNAPSHOT_COLUMNS).where(StatusDate.project_id.in_(projects))
    if as_of is not None:
        stmt = stmt.where(StatusDate.status_date <= as_of)
    latest: dict[int, Snapshot] = {}
    for row in session.execute(stmt.order_by(StatusDate.status_date)):
        latest[row[1]] = Snapshot(*row)
    chosen = sorted(latest.values(), key=lambda s: s.project_id)
    return chosen, sorted(wanted - set(latest))


def portfolio_health(
    session: Session,
    principal: Principal,
    *,
    as_of: date | None = None,
    portfolio_id: int | None = None,
    program_id: int | None = None,
    org_unit_id: int | None = None,
) -> PortfolioHealth:
    """Health of every active project the principal may see, all in one engine call."""
    snapshots, missing = latest_snapshots(
        session,
        principal,
        as_of=as_of,
        portfolio_id=portfolio_id,
        program_id=program_id,
        org_unit_id=org_unit_id,
    )
    result, performances = _evaluated(session, snapshots, "cpi")
    counts = {c.value: 0 for c in HealthColour}
    for p in performances:
        counts[p.overall.colour] += 1
    counts[HealthColour.GREY.value] += len(missing)
    return PortfolioHealth(
        as_of, performances, missing, counts, result.seconds_read, result.seconds_engine
    )


_DIMENSIONS = (OVERALL, *(d.value for d in Dimension))


def set_override(
    session: Session,
    principal: Principal,
    project_id: int,
    *,
    status_date: date | None,
    dimension: str,
    colour: HealthColour,
    comment: str | None,
) -> HealthOverride:
    """Override one dimension's colour at a status date; the comment is mandatory.

    The computed colour is stored beside it. Overriding the same dimension again replaces
    the override (the audit log keeps the earlier one).
    """
    project = authz.load_project(session, principal, project_id)
    authz.ensure_can_edit_project(principal, project)
    errors = []
    if not (comment or "").strip():
        errors.append(FieldError(("body", "comment"), "error.field.comment_required"))
    if dimension not in _DIMENSIONS:
        errors.append(
            FieldError(
                ("body", "dimension"), "error.field.enum", {"expected": ", ".join(_DIMENSIONS)}
            )
        )
    if errors:
        raise InvalidInput(errors)
    snapshot = get_status_date(session, principal, project_id, status_date)
    performance = _evaluated(session, [snapshot_of(snapshot)], "cpi")[1][0]
    computed = {
        d.dimension: d.computed_colour for d in (performance.overall, *performance.dimensions)
    }.get(dimension, HealthColour.GREY.value)
    found = session.scalar(
        select(HealthOverride).where(
            HealthOverride.status_date_id == snapshot.id, HealthOverride.dimension == dimension
        )
    )
    if found is None:
        found = HealthOverride(
            project_id=project_id, status_date_id=snapshot.id, dimension=dimension
        )
        session.add(found)
    found.colour = colour
    found.computed_colour = HealthColour(computed)
    found.comment = (comment or "").strip()
    found.by_id = principal.user_id
    session.flush()
    return found


def describe_reasons(reasons: tuple[Reason, ...]) -> list[dict[str, Any]]:
    """Reasons as plain dicts (``key``, ``params``)."""
    return [{"key": r.key, "params": dict(r.params)} for r in reasons]
