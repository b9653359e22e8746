"""The portfolio dashboard: health matrix, distribution and trend, totals, S-curves.

The trend and the S-curves need every status date of every active project, which takes
seconds to evaluate on a portfolio of thousands, so :func:`portfolio_history` evaluates
them all in one call of :func:`openpmo.services.performance.performances_of` and keeps the
result in the process while nothing audited has changed
(:class:`~openpmo.services.cache.GenerationCache`). Each request then only picks the rows
its filters and its reader's visibility allow, and sums a few arrays.

When something has changed, the history is brought up to date rather than recomputed: the
audit entries written since say which projects changed (:func:`affected_projects`), only
their snapshots are evaluated again, and the arrays are rebuilt from the kept evaluations
of the others — exactly what a computation from scratch gives. A change that is not one
project's (KPI thresholds, PMOs, org units) or too many entries at once recompute it all.

Money is never added across currencies: totals are per currency, and the S-curve is drawn
for one currency (the one with the largest budget at completion unless chosen).
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openpmo.db.base import Base
from openpmo.db.models import (
    Baseline,
    BaselineTask,
    Dependency,
    HealthOverride,
    Issue,
    OrgUnit,
    Project,
    QualityCheck,
    Risk,
    StatusDate,
    Task,
    TaskProgress,
)
from openpmo.enums import ProjectStatus, Role
from openpmo.services import authz, curves
from openpmo.services.cache import Change, GenerationCache
from openpmo.services.evaluation import SNAPSHOT_COLUMNS, Snapshot, epoch_seconds
from openpmo.services.performance import ProjectPerformance, performances_of
from openpmo.services.principal import Principal

__all__ = [
    "COLOURS",
    "AtDates",
    "CurrencyTotals",
    "Dashboard",
    "DashboardFilter",
    "History",
    "ProjectFacts",
    "Row",
    "SCurve",
    "TrendPoint",
    "affected_projects",
    "portfolio_dashboard",
    "portfolio_history",
    "severity",
    "status_dates",
]

#: Worst first; grey is "no status date yet".
COLOURS = ("red", "amber", "green", "grey")
_RANK = {c: k for k, c in enumerate(COLOURS)}
#: At most this many status dates in the trend (the newest).
TREND_DATES = 26

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
#: :func:`severity` of a matrix row
Key = tuple[int, int, int, float, str]


@dataclass(frozen=True, slots=True)
class ProjectFacts:
    id: int
    code: str
    name: str
    name_zh: str | None
    portfolio_id: int | None
    program_id: int | None
    org_unit_id: int | None
    currency: str


@dataclass(frozen=True, eq=False)
class AtDates:
    """Per project (row) and status date (column): the figures of the snapshot holding
    then, so that a request filters and sums arrays instead of walking objects.

    ``rank`` orders every project worst first within a column (:func:`severity`); projects
    without a snapshot yet come last, by code. Money is 0 and ratios NaN without one.
    """

    at: IntArray
    colour: IntArray  # the effective overall colour's index in COLOURS (grey: none)
    rank: IntArray
    bac: FloatArray
    pv: FloatArray
    ev: FloatArray
    ac: FloatArray
    spi: FloatArray
    cpi: FloatArray
    overridden: npt.NDArray[np.bool_]
    currency: npt.NDArray[np.str_]  # per project


@dataclass(frozen=True, eq=False)
class History:
    """Every active project's performance at each of its status dates, and its planned value.

    ``at[i, j]`` is the index in ``performances[ids[i]]`` of the snapshot holding on
    ``status_dates[j]`` (-1 before the first); ``planned[i]`` is the PV on ``grid``, from
    the baseline ``baselines[ids[i]]`` whose dated tasks span ``spans[ids[i]]`` (epoch
    seconds; absent without one), and ``keys[ids[i]]`` the :func:`severity` of each of its
    snapshots, kept to bring the history up to date.
    """

    facts: dict[int, ProjectFacts]
    ids: list[int]
    performances: dict[int, list[ProjectPerformance]]
    status_dates: list[date]
    at: AtDates
    grid: list[date]
    planned: FloatArray
    subtree: dict[int, frozenset[int]]
    baselines: dict[int, int] = field(default_factory=dict)
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)
    keys: dict[int, list[Key]] = field(default_factory=dict)


@dataclass(frozen=True)
class DashboardFilter:
    portfolio_id: int | None = None
    program_id: int | None = None
    org_unit_id: int | None = None
    as_of: date | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """A matrix row: a project and its performance (``None``: no status date yet)."""

    facts: ProjectFacts
    performance: ProjectPerformance | None


@dataclass(frozen=True)
class CurrencyTotals:
    currency: str
    projects: int
    bac: float
    pv: float
    ev: float
    ac: float

    @property
    def spi(self) -> float | None:
        return self.ev / self.pv if self.pv else None

    @property
    def cpi(self) -> float | None:
        return self.ev / self.ac if self.ac else None


@dataclass(frozen=True)
class TrendPoint:
    status_date: date
    counts: dict[str, int]


@dataclass(frozen=True)
class SCurve:
    """Cumulative PV on a date grid, EV and AC at status dates, in one currency."""

    currency: str
    planned: list[tuple[date, float]]
    earned: list[tuple[date, float]]
    actual: list[tuple[date, float]]


@dataclass(frozen=True)
class Dashboard:
    filters: DashboardFilter
    as_of: date | None
    status_dates: list[date]
    rows: list[Row]
    counts: dict[str, int]
    totals: list[CurrencyTotals]
    currency: str | None
    trend: list[TrendPoint]
    curve: SCurve | None
    overrides: int = 0
    currencies: list[str] = field(default_factory=list)
    #: the rated projects with SPI and CPI, worst colour then largest budget first
    by_budget: list[Row] = field(default_factory=list)


#: Matrix order: a project rated unknown (data missing) needs a look before a green one;
#: one without any status date comes last.
_ORDER = {"red": 0, "amber": 1, "grey": 2, "green": 3}


def severity(row: Row) -> Key:
    """Sort key, worst first: overall colour, red then amber dimensions, lowest SPI."""
    p = row.performance
    if p is None:
        return (len(_ORDER), 0, 0, 0.0, row.facts.code)
    colours = [d.colour for d in p.dimensions]
    spi = p.money.get("spi")
    return (
        _ORDER.get(p.overall.colour, 2),
        -colours.count("red"),
        -colours.count("amber"),
        spi if spi is not None else 9.0,
        row.facts.code,
    )


# --- the history, once per data generation ----------------------------------------------------

#: More audit entries than this since the cached history: recompute it all (a bulk import
#: touches most projects anyway, and reading thousands of entries costs more than it saves).
MAX_CHANGES = 500
_cache: GenerationCache[History] = GenerationCache(size=4, limit=MAX_CHANGES)
_computing = threading.Lock()


def portfolio_history(session: Session) -> History:
    """Every active project's history, cached while the data is unchanged.

    One computation at a time: requests arriving while it runs wait for it and then find
    it cached, instead of each evaluating the whole portfolio again.
    """
    with _computing:
        return _cache.get(
            session,
            "history",
            lambda: _read_history(session),
            lambda old, changes: _refreshed(session, old, changes),
        )


def status_dates(session: Session) -> list[date]:
    """Every status date of an active project, oldest first (the dashboard's choices)."""
    return portfolio_history(session).status_dates


def _subtrees(session: Session) -> dict[int, frozenset[int]]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for uid, parent in session.execute(select(OrgUnit.id, OrgUnit.parent_id)):
        children[parent].append(uid)
    result: dict[int, frozenset[int]] = {}

    def walk(node: int) -> frozenset[int]:
        if node not in result:
            found = {node}
            stack = list(children.get(node, ()))
            while stack:
                child = stack.pop()
                if child not in found:
                    found.add(child)
                    stack.extend(children.get(child, ()))
            result[node] = frozenset(found)
        return result[node]

    for parent, kids in list(children.items()):
        for node in (parent, *kids):
            if node is not None:
                walk(node)
    return result


def _facts(session: Session, project_ids: set[int] | None = None) -> dict[int, ProjectFacts]:
    """The active projects (of ``project_ids``; all when ``None``), by id."""
    stmt = select(
        Project.id,
        Project.code,
        Project.name,
        Project.name_zh,
        Project.portfolio_id,
        Project.program_id,
        Project.org_unit_id,
        Project.currency,
    ).where(Project.status == ProjectStatus.ACTIVE)
    if project_ids is not None:
        stmt = stmt.where(Project.id.in_(project_ids))
    return {row[0]: ProjectFacts(*row) for row in session.execute(stmt.order_by(Project.id))}


def _performances(
    session: Session, project_ids: set[int] | None = None
) -> dict[int, list[ProjectPerformance]]:
    """Every snapshot of the active projects (of ``project_ids``), evaluated in one call."""
    stmt = (
        select(*SNAPSHOT_COLUMNS)
        .join(Project, Project.id == StatusDate.project_id)
        .where(Project.status == ProjectStatus.ACTIVE)
    )
    if project_ids is not None:
        stmt = stmt.where(StatusDate.project_id.in_(project_ids))
    rows = session.execute(stmt.order_by(StatusDate.project_id, StatusDate.status_date)).all()
    performances: dict[int, list[ProjectPerformance]] = defaultdict(list)
    for p in performances_of(session, [Snapshot(*r) for r in rows]):
        performances[p.project_id].append(p)
    return dict(performances)


def _planned_baselines(
    session: Session, ids: set[int], performances: dict[int, list[ProjectPerformance]]
) -> dict[int, int]:
    """The baseline each project's planned value is drawn from: its latest snapshot's, else
    its first one."""
    baselines = curves.first_baselines(session, ids)
    for pid in ids:
        ps = performances.get(pid)
        if ps and ps[-1].baseline_id is not None:
            baselines[pid] = ps[-1].baseline_id
    return baselines


def _spans(session: Session, baselines: dict[int, int]) -> dict[int, tuple[int, int]]:
    """Per project, the first baseline start and last finish of its planned baseline."""
    if not baselines:
        return {}
    project_of = {b: p for p, b in baselines.items()}
    stmt = (
        select(
            BaselineTask.baseline_id,
            func.min(epoch_seconds(session, BaselineTask.start)),
            func.max(epoch_seconds(session, BaselineTask.finish)),
        )
        .where(
            BaselineTask.baseline_id.in_(project_of),
            BaselineTask.start.is_not(None),
            BaselineTask.finish.is_not(None),
        )
        .group_by(BaselineTask.baseline_id)
    )
    return {project_of[b]: (int(low), int(high)) for b, low, high in session.execute(stmt)}


def _grid(spans: dict[int, tuple[int, int]], dates: list[date]) -> list[date]:
    """The month starts :func:`curves.planned_values` draws every project on."""
    if not spans:
        return []
    first, last = curves.span_days(
        min(s[0] for s in spans.values()), max(s[1] for s in spans.values())
    )
    return curves.month_grid(first, max(last, dates[-1] if dates else last))


def _read_history(session: Session) -> History:
    facts = _facts(session)
    performances = _performances(session)
    ids = list(facts)
    dates = sorted({p.status_date for ps in performances.values() for p in ps})
    keys = _keys(facts, performances)
    at = _by_status_date(facts, ids, performances, dates, keys)
    baselines = _planned_baselines(session, set(ids), performances)
    grid, planned = curves.planned_values(session, baselines, through=dates[-1] if dates else None)
    table = np.zeros((len(ids), len(grid)))
    for i, pid in enumerate(ids):
        if pid in planned:
            table[i] = planned[pid]
    return History(
        facts,
        ids,
        performances,
        dates,
        at,
        grid,
        table,
        _subtrees(session),
        baselines,
        _spans(session, baselines),
        keys,
    )


def _refreshed(session: Session, old: History, changes: list[Change]) -> History | None:
    """``old`` brought up to date with the audit entries written since: only the projects
    they concern are read and evaluated again; a new history is returned (``old`` may be in
    use by other requests) that equals :func:`_read_history`'s, or ``None`` when everything
    must be read again."""
    changed = affected_projects(session, changes)
    if changed is None:
        return None
    if not changed:
        return old
    fresh = _facts(session, changed)
    facts = {pid: f for pid, f in old.facts.items() if pid not in changed}
    facts.update(fresh)
    facts = dict(sorted(facts.items()))
    performances = {pid: ps for pid, ps in old.performances.items() if pid not in changed}
    performances.update(_performances(session, set(fresh)))
    ids = list(facts)
    dates = sorted({p.status_date for ps in performances.values() for p in ps})
    keys = {pid: k for pid, k in old.keys.items() if pid not in changed}
    keys.update(_keys(fresh, performances))
    at = _by_status_date(facts, ids, performances, dates, keys, (old, changed))
    baselines = {pid: b for pid, b in old.baselines.items() if pid not in changed}
    new_baselines = _planned_baselines(session, set(fresh), performances)
    baselines.update(new_baselines)
    spans = {pid: s for pid, s in old.spans.items() if pid not in changed}
    spans.update(_spans(session, new_baselines))
    grid = _grid(spans, dates)
    if grid != old.grid:
        # the grid moved (a new earliest start, a later finish or status date): every
        # project's planned value is drawn again on it
        grid, planned = curves.planned_values(
            session, baselines, through=dates[-1] if dates else None
        )
    else:
        _, planned = curves.planned_values(
            session, new_baselines, grid_of=lambda _first, _last: grid
        )
        row = {pid: i for i, pid in enumerate(old.ids)}
        for pid in ids:
            if pid not in changed:
                planned[pid] = old.planned[row[pid]]
    table = np.zeros((len(ids), len(grid)))
    for i, pid in enumerate(ids):
        values = planned.get(pid)
        if values is not None and values.shape == (len(grid),):
            table[i] = values
    return History(
        facts, ids, performances, dates, at, grid, table, old.subtree, baselines, spans, keys
    )


# --- which projects the audit entries since concern -------------------------------------------

#: Changes that are no single project's: the health thresholds of every project a PMO
#: governs, which PMO governs which org units, the org-unit tree the filters walk.
_EVERYONE = frozenset({"kpi_threshold", "pmo", "org_unit"})
#: Records of one project, by the column naming it. The history reads the projects, their
#: status dates, task progress, baselines, quality checks and overrides; tasks,
#: dependencies, risks and issues feed the next snapshot and are counted as the project's
#: change too. Other records (users, documents, proposals, reports…) are not read by it.
_OF_PROJECT: dict[str, tuple[type[Base], str]] = {
    "status_date": (StatusDate, "project_id"),
    "health_override": (HealthOverride, "project_id"),
    "quality_check": (QualityCheck, "project_id"),
    "baseline": (Baseline, "project_id"),
    "task": (Task, "project_id"),
    "dependency": (Dependency, "project_id"),
    "risk": (Risk, "project_id"),
    "issue": (Issue, "project_id"),
    "task_progress": (TaskProgress, "status_date_id"),
}


def affected_projects(session: Session, changes: list[Change]) -> set[int] | None:
    """The projects whose dashboard figures the audit entries may change; ``None`` when one
    is not a single project's (or its project cannot be found): recompute everything.

    An update lists only the columns it changed, so the project is read from the entry
    when it is there (a create, a delete, a record moved to another project) and else from
    the record itself.
    """
    projects: set[int] = set()
    status_dates: set[int] = set()
    look_up: dict[str, set[int]] = defaultdict(set)
    for change in changes:
        if change.entity in _EVERYONE:
            return None
        if change.entity == "project":
            projects.add(change.entity_id)
            continue
        if change.entity not in _OF_PROJECT:
            continue
        column = _OF_PROJECT[change.entity][1]
        named = {
            int(values[column])
            for values in (change.before, change.after)
            if values and values.get(column) is not None
        }
        if not named:
            look_up[change.entity].add(change.entity_id)
        (status_dates if column == "status_date_id" else projects).update(named)
    for entity, ids in look_up.items():
        model, column = _OF_PROJECT[entity]
        key = getattr(model, column)
        found = dict(session.execute(select(model.id, key).where(model.id.in_(ids))).all())  # type: ignore[attr-defined]
        if len(found) < len(ids):
            return None  # deleted since, and its delete entry does not say whose it was
        (status_dates if column == "status_date_id" else projects).update(found.values())
    if status_dates:
        owners = dict(
            session.execute(
                select(StatusDate.id, StatusDate.project_id).where(StatusDate.id.in_(status_dates))
            ).all()
        )
        if len(owners) < len(status_dates):
            return None
        projects.update(owners.values())
    return projects


def _keys(
    facts: dict[int, ProjectFacts], performances: dict[int, list[ProjectPerformance]]
) -> dict[int, list[Key]]:
    """:func:`severity` of every snapshot of every project, in ``performances`` order."""
    return {
        pid: [severity(Row(facts[pid], p)) for p in ps]
        for pid, ps in performances.items()
        if pid in facts
    }


def _by_status_date(
    facts: dict[int, ProjectFacts],
    ids: list[int],
    performances: dict[int, list[ProjectPerformance]],
    dates: list[date],
    keys: dict[int, list[Key]],
    kept: tuple[History, set[int]] | None = None,
) -> AtDates:
    """Per project and status date: the snapshot holding then and its figures.

    With ``kept`` (an older history and the projects changed since), the rows of the other
    projects are copied from it when the status dates are the same; the ranks are always
    sorted again (one project's change moves the others')."""
    shape = (len(ids), len(dates))
    at = np.full(shape, -1, np.int64)
    colour = np.full(shape, _RANK["grey"], np.int64)
    money = {name: np.zeros(shape) for name in ("bac", "pv", "ev", "ac")}
    ratio = {name: np.full(shape, np.nan) for name in ("spi", "cpi")}
    overridden = np.zeros(shape, np.bool_)
    copied: set[int] = set()
    if kept is not None and kept[0].status_dates == dates:
        old, changed = kept
        row = {pid: i for i, pid in enumerate(old.ids)}
        pairs = [(i, row[pid]) for i, pid in enumerate(ids) if pid not in changed and pid in row]
        copied = {ids[i] for i, _ in pairs}
        new_rows = np.array([i for i, _ in pairs], np.int64)
        old_rows = np.array([k for _, k in pairs], np.int64)
        for mine, theirs in (
            (at, old.at.at),
            (colour, old.at.colour),
            (overridden, old.at.overridden),
            *((money[n], getattr(old.at, n)) for n in money),
            *((ratio[n], getattr(old.at, n)) for n in ratio),
        ):
            mine[new_rows] = theirs[old_rows]
    column = {d: j for j, d in enumerate(dates)}
    for i, pid in enumerate(ids):
        if pid in copied:
            continue
        for k, p in enumerate(performances.get(pid, ())):
            j = column[p.status_date]
            at[i, j:] = k
            colour[i, j:] = _RANK.get(p.overall.colour, _RANK["grey"])
            for name, values in money.items():
                values[i, j:] = p.money.get(name) or 0.0
            for name, values in ratio.items():
                value = p.money.get(name)
                values[i, j:] = np.nan if value is None else value
            overridden[i, j:] = any(d.override for d in (p.overall, *p.dimensions))
    rank = np.zeros(shape, np.int64)
    unrated = [(len(_ORDER), 0, 0, 0.0, facts[pid].code) for pid in ids]
    for j in range(len(dates)):
        holding = at[:, j].tolist()
        severities = [
            keys[pid][k] if k >= 0 else unrated[i]
            for i, (pid, k) in enumerate(zip(ids, holding, strict=True))
        ]
        order = sorted(range(len(ids)), key=severities.__getitem__)
        rank[order, j] = np.arange(len(ids))
    currency = np.array([facts[pid].currency for pid in ids], dtype=np.str_)
    return AtDates(
        at=at,
        colour=colour,
        rank=rank,
        bac=money["bac"],
        pv=money["pv"],
        ev=money["ev"],
        ac=money["ac"],
        spi=ratio["spi"],
        cpi=ratio["cpi"],
        overridden=overridden,
        currency=currency,
    )


# --- one request ------------------------------------------------------------------------------


def _visible(session: Session, principal: Principal) -> set[int] | None:
    """The projects a member may see; ``None`` for roles that see every project."""
    if principal.role is not Role.MEMBER:
        return None
    return set(session.scalars(select(Project.id).where(authz.visible_projects(principal))))


def _chosen(history: History, filters: DashboardFilter, visible: set[int] | None) -> list[int]:
    """Indexes (into ``history.ids``) of the projects matching the filters."""
    units = (
        history.subtree.get(filters.org_unit_id, frozenset({filters.org_unit_id}))
        if filters.org_unit_id is not None
        else None
    )
    chosen = []
    for i, pid in enumerate(history.ids):
        f = history.facts[pid]
        if visible is not None and pid not in visible:
            continue
        if filters.portfolio_id is not None and f.portfolio_id != filters.portfolio_id:
            continue
        if filters.program_id is not None and f.program_id != filters.program_id:
            continue
        if units is not None and f.org_unit_id not in units:
            continue
        chosen.append(i)
    return chosen


def _totals(history: History, chosen: IntArray, column: int) -> list[CurrencyTotals]:
    at = history.at
    rated = chosen[at.at[chosen, column] >= 0] if column >= 0 else chosen[:0]
    totals = []
    for currency in np.unique(at.currency[rated]):
        members = rated[at.currency[rated] == currency]
        bac, pv, ev, ac = (
            float(values[members, column].sum()) for values in (at.bac, at.pv, at.ev, at.ac)
        )
        totals.append(CurrencyTotals(str(currency), int(members.size), bac, pv, ev, ac))
    return sorted(totals, key=lambda t: -t.bac)


def _trend(history: History, chosen: IntArray, column: int) -> list[TrendPoint]:
    first = max(column - TREND_DATES + 1, 0)
    points = []
    for j in range(first, column + 1):
        counts = np.bincount(history.at.colour[chosen, j], minlength=len(COLOURS))
        points.append(
            TrendPoint(history.status_dates[j], {c: int(counts[k]) for k, c in enumerate(COLOURS)})
        )
    return points


def _curve(history: History, chosen: IntArray, column: int, currency: str | None) -> SCurve | None:
    if currency is None or not history.grid:
        return None
    members = chosen[history.at.currency[chosen] == currency]
    if not members.size:
        return None
    planned = history.planned[members].sum(axis=0)
    dates = history.status_dates[: column + 1]
    ev = history.at.ev[members, : column + 1].sum(axis=0)
    ac = history.at.ac[members, : column + 1].sum(axis=0)
    return SCurve(
        currency,
        [(d, float(v)) for d, v in zip(history.grid, planned, strict=True)],
        [(d, float(v)) for d, v in zip(dates, ev, strict=True)],
        [(d, float(v)) for d, v in zip(dates, ac, strict=True)],
    )


def _row(history: History, i: int, column: int) -> Row:
    pid = history.ids[i]
    k = int(history.at.at[i, column]) if column >= 0 else -1
    return Row(history.facts[pid], history.performances[pid][k] if k >= 0 else None)


def _bubbles(history: History, chosen: IntArray, column: int) -> list[Row]:
    """The rated projects with an SPI and a CPI: red first, then amber, green, grey; the
    largest budgets first within a colour."""
    if column < 0:
        return []
    at = history.at
    rated = chosen[
        (at.at[chosen, column] >= 0)
        & ~np.isnan(at.spi[chosen, column])
        & ~np.isnan(at.cpi[chosen, column])
    ]
    order = np.lexsort((-at.bac[rated, column], at.colour[rated, column]))
    return [_row(history, int(i), column) for i in rated[order]]


def portfolio_dashboard(
    session: Session, principal: Principal, filters: DashboardFilter
) -> Dashboard:
    """Everything the dashboard shows for the filters, from the cached history."""
    history = portfolio_history(session)
    chosen = np.array(_chosen(history, filters, _visible(session, principal)), np.int64)
    dates = history.status_dates
    as_of = filters.as_of or (dates[-1] if dates else None)
    column = bisect.bisect_right(dates, as_of) - 1 if as_of is not None else -1
    at = history.at
    if column >= 0:
        ordered = chosen[np.argsort(at.rank[chosen, column], kind="stable")]
        colours = np.bincount(at.colour[chosen, column], minlength=len(COLOURS))
        overrides = int(at.overridden[chosen, column].sum())
    else:
        ordered = chosen[np.argsort([history.facts[history.ids[i]].code for i in chosen])]
        colours = np.bincount(np.full(chosen.size, _RANK["grey"]), minlength=len(COLOURS))
        overrides = 0
    totals = _totals(history, chosen, column)
    currencies = [t.currency for t in totals]
    currency = filters.currency if filters.currency in currencies else None
    currency = currency or (currencies[0] if currencies else None)
    return Dashboard(
        filters=filters,
        as_of=as_of,
        status_dates=dates,
        rows=[_row(history, int(i), column) for i in ordered],
        counts={c: int(colours[k]) for k, c in enumerate(COLOURS)},
        totals=totals,
        currency=currency,
        trend=_trend(history, chosen, column) if column >= 0 and chosen.size else [],
        curve=_curve(history, chosen, column, currency) if column >= 0 else None,
        overrides=overrides,
        currencies=currencies,
        by_budget=_bubbles(history, chosen, column),
    )
