"""Capacity planning for the whole portfolio: demand against capacity per person, skill, role
or org unit, per week or month, with the over-allocations and what causes them.

Reads plain columns (no ORM objects), turns them into NumPy arrays once and lets
:func:`openpmo.engines.capacity.plan_capacity` do the arithmetic for every resource at once.

* **Capacity** of a resource on a day: ``capacity_hours_per_week × employment_share`` divided
  over its ``workdays``, 0 on public holidays of its calendar and on its leave.
* **Demand**: task assignments following the current schedule (the task's scheduled dates,
  else its planned dates) — ``work_hours`` spread over the task's working days, else
  ``units`` % of a full day of the resource — and allocations (``percent`` of its capacity),
  of projects that are approved, active or on hold; for one resource, project and period the
  larger of the two counts. ``what_if_project_id`` adds a proposed project's demand.
* **Utilisation**: demand / capacity; ``actual`` hours are the assignments' actual hours
  spread over their tasks like the plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
from sqlalchemy import and_, or_, select, true
from sqlalchemy.orm import Session

from openpmo.db.models import (
    Allocation,
    Assignment,
    OrgUnit,
    Project,
    Resource,
    ResourceLeave,
    ResourceSkill,
    Skill,
    Task,
)
from openpmo.engines.calendars import is_working_day
from openpmo.engines.capacity import (
    TOLERANCE,
    CapacityInput,
    CapacityResult,
    plan_capacity,
    project_demand,
)
from openpmo.enums import CalendarKind, ProjectStatus, Role
from openpmo.errors import FieldError, InvalidInput, NotFound
from openpmo.schemas.capacity import (
    CapacityRead,
    CapacityRowRead,
    CauseRead,
    OverAllocationRead,
    PeriodRead,
)
from openpmo.services import authz
from openpmo.services.calendars import build_calendar
from openpmo.services.principal import Principal

__all__ = [
    "BY",
    "DEMAND_STATUSES",
    "PERIODS",
    "READERS",
    "Plan",
    "ResourceScope",
    "capacity_plan",
    "capacity_report",
    "demand_by_project",
    "largest_excess",
    "load_capacity",
    "over_reads",
    "proposed_projects",
    "report_of",
    "scope_projects",
]

BY = ("person", "skill", "role", "org_unit")
PERIODS = ("week", "month")
#: Projects whose work is demand on the pool.
DEMAND_STATUSES = (ProjectStatus.APPROVED, ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD)
READERS = (Role.PMO, Role.EXECUTIVE, Role.RESOURCE_MANAGER, Role.PROJECT_MANAGER)
#: The longest window a report covers (days).
MAX_DAYS = 3 * 366 + 31
#: How many causes an over-allocation lists (the largest first).
MAX_CAUSES = 10


@dataclass(frozen=True)
class Window:
    """Days of the report, whole periods: ``start`` a Monday (first of a month) to ``finish``."""

    start: date
    finish: date
    period: str

    @property
    def days(self) -> int:
        return (self.finish - self.start).days + 1

    def periods(self) -> list[tuple[date, date]]:
        result = []
        first = self.start
        while first <= self.finish:
            if self.period == "week":
                last = first + timedelta(days=6)
            else:
                following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
                last = following - timedelta(days=1)
            result.append((first, last))
            first = last + timedelta(days=1)
        return result


def _label(first: date, period: str) -> str:
    if period == "month":
        return f"{first.year}-{first.month:02d}"
    year, week, _ = first.isocalendar()
    return f"{year}-W{week:02d}"


def _window(by: str, period: str, start: date | None, finish: date | None) -> Window:
    """The whole periods covering ``start``..``finish``; every bad parameter at once."""
    errors = []
    if by not in BY:
        errors.append(FieldError(("query", "by"), "error.field.choice", {"allowed": ", ".join(BY)}))
    if period not in PERIODS:
        errors.append(
            FieldError(("query", "period"), "error.field.choice", {"allowed": ", ".join(PERIODS)})
        )
    today = date.today()
    start = start or today
    finish = finish or start + timedelta(days=90)
    if finish < start:
        errors.append(FieldError(("query", "to"), "error.field.end_before_start"))
    elif (finish - start).days > MAX_DAYS:
        errors.append(
            FieldError(("query", "to"), "error.field.window_too_long", {"days": MAX_DAYS})
        )
    if errors:
        raise InvalidInput(errors)
    if period == "week":
        start -= timedelta(days=start.weekday())
        finish += timedelta(days=6 - finish.weekday())
    else:
        start = start.replace(day=1)
        finish = date(finish.year + finish.month // 12, finish.month % 12 + 1, 1) - timedelta(1)
    return Window(start, finish, period)


@dataclass
class Loaded:
    """Rows of the report's resources and demand, as arrays the engine reads."""

    resources: list[Any]
    data: CapacityInput
    items: list[tuple[str, int, int]]  # (kind, id, project id) per demand item
    projects: dict[int, str]
    project_ids: np.ndarray  # the project id of each project index of ``data``


def _subtree(session: Session, root: int) -> set[int]:
    parents = dict(session.execute(select(OrgUnit.id, OrgUnit.parent_id)).all())
    if root not in parents:
        raise NotFound(entity="org_unit", id=root)
    found = {root}
    changed = True
    while changed:
        grown = {u for u, p in parents.items() if p in found}
        changed = not grown <= found
        found |= grown
    return found


@dataclass(frozen=True)
class ResourceScope:
    """Which resources a report covers (all active ones when every field is empty).

    ``q`` matches the name (either language); ``skill_id`` at ``min_level`` or better;
    ``project_ids``: only people with an assignment or allocation on one of those projects
    (their whole load still counts: an over-allocation is about all of a person's work).
    """

    org_unit_id: int | None = None
    role: str | None = None
    skill_id: int | None = None
    min_level: int = 1
    q: str | None = None
    resource_ids: tuple[int, ...] | None = None
    project_ids: tuple[int, ...] | None = None


def _resources(session: Session, scope: ResourceScope) -> list[Any]:
    stmt = select(
        Resource.id,
        Resource.name,
        Resource.name_zh,
        Resource.org_unit_id,
        Resource.role,
        Resource.capacity_hours_per_week,
        Resource.employment_share,
        Resource.calendar,
        Resource.workdays,
    ).where(Resource.is_active.is_(True))
    if scope.org_unit_id is not None:
        stmt = stmt.where(Resource.org_unit_id.in_(_subtree(session, scope.org_unit_id)))
    if scope.role:
        stmt = stmt.where(Resource.role == scope.role)
    if scope.skill_id is not None:
        stmt = stmt.where(
            Resource.id.in_(
                select(ResourceSkill.resource_id).where(
                    ResourceSkill.skill_id == scope.skill_id,
                    ResourceSkill.level >= scope.min_level,
                )
            )
        )
    if scope.q:
        pattern = f"%{scope.q.strip()}%"
        stmt = stmt.where(or_(Resource.name.ilike(pattern), Resource.name_zh.ilike(pattern)))
    if scope.resource_ids is not None:
        stmt = stmt.where(Resource.id.in_(scope.resource_ids))
    if scope.project_ids is not None:
        assigned = (
            select(Assignment.resource_id)
            .join(Task, Task.id == Assignment.task_id)
            .where(Task.project_id.in_(scope.project_ids))
        )
        allocated = select(Allocation.resource_id).where(
            Allocation.project_id.in_(scope.project_ids)
        )
        stmt = stmt.where(or_(Resource.id.in_(assigned), Resource.id.in_(allocated)))
    return list(session.execute(stmt.order_by(Resource.id)).all())


def _calendars(resources: Sequence[Any], window: Window) -> tuple[np.ndarray, np.ndarray]:
    """Working days per distinct (calendar, weekdays) and the calendar of each resource."""
    kinds = sorted({(r.calendar, r.workdays or "12345") for r in resources})
    days = np.arange(
        np.datetime64(window.start, "D"), np.datetime64(window.finish, "D") + 1, dtype="M8[D]"
    )
    working = np.zeros((max(len(kinds), 1), days.size), dtype=bool)
    for k, (kind, workdays) in enumerate(kinds):
        calendar = build_calendar(CalendarKind(kind), "08:00-12:00, 13:00-17:00", workdays)
        working[k] = is_working_day(calendar, days)
    index = {kind: k for k, kind in enumerate(kinds)}
    which = np.array([index[(r.calendar, r.workdays or "12345")] for r in resources], np.int64)
    return working, which


def _day_hours(resources: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Hours of a full working day, and of the resource's available day (× share)."""
    weekly = np.array([r.capacity_hours_per_week for r in resources], dtype=float)
    share = np.array([r.employment_share for r in resources], dtype=float)
    per_week = np.array([max(len(set(r.workdays or "12345")), 1) for r in resources], float)
    full = weekly / per_week
    return full, full * share


def _leave(session: Session, ids: np.ndarray, window: Window) -> np.ndarray:
    """Whether each resource is on leave each day of the window."""
    rows = session.execute(
        select(ResourceLeave.resource_id, ResourceLeave.start, ResourceLeave.finish).where(
            ResourceLeave.finish >= window.start, ResourceLeave.start <= window.finish
        )
    ).all()
    away = np.zeros((ids.size, window.days + 1), np.int64)
    if rows and ids.size:
        rid, first, last = _columns(rows, window)
        pos = np.searchsorted(ids, rid)
        keep = (pos < ids.size) & (ids[np.minimum(pos, ids.size - 1)] == rid)
        np.add.at(away, (pos[keep], np.clip(first[keep], 0, window.days)), 1)
        np.add.at(away, (pos[keep], np.clip(last[keep] + 1, 0, window.days)), -1)
    result: np.ndarray = np.cumsum(away, axis=1)[:, :-1] > 0
    return result


def _columns(rows: Sequence[Any], window: Window) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Resource ids and first/last day offsets of (resource_id, start, finish) rows."""
    origin = np.datetime64(window.start, "D")
    rid = np.array([r[0] for r in rows], np.int64)
    first = (np.array([r[1] for r in rows], dtype="M8[D]") - origin).astype(np.int64)
    last = (np.array([r[2] for r in rows], dtype="M8[D]") - origin).astype(np.int64)
    return rid, first, last


def _demand_projects(what_if: int | None) -> Any:
    statuses = Project.status.in_(DEMAND_STATUSES)
    return statuses if what_if is None else statuses | (Project.id == what_if)


def _day_or(scheduled: list[Any], planned: list[Any]) -> np.ndarray:
    """The scheduled datetime's day, else the planned date (``datetime64[D]``)."""
    when = np.array(scheduled, dtype="M8[m]").astype("M8[D]")
    fallback = np.array(planned, dtype="M8[D]")
    result: np.ndarray = np.where(np.isnat(when), fallback, when)
    return result


#: Below this many resources, demand is read for those resources only (a person's page).
FEW_RESOURCES = 500


def _assignment_rows(
    session: Session, window: Window, what_if: int | None, only: list[int] | None = None
) -> list[Any]:
    """Assignments of demand projects whose task (scheduled, else planned) meets the window,
    as ``(resource_id, first day, last day, id, project_id, units, work, actual, task_id)``."""
    after = datetime.combine(window.finish + timedelta(days=1), time())
    before = datetime.combine(window.start, time())
    starts = or_(
        Task.scheduled_start < after,
        and_(Task.scheduled_start.is_(None), Task.planned_start <= window.finish),
    )
    finishes = or_(
        Task.scheduled_finish >= before,
        and_(Task.scheduled_finish.is_(None), Task.planned_finish >= window.start),
    )
    rows = session.execute(
        select(
            Assignment.resource_id,
            Task.scheduled_start,
            Task.planned_start,
            Task.scheduled_finish,
            Task.planned_finish,
            Assignment.id,
            Task.project_id,
            Assignment.units,
            Assignment.work_hours,
            Assignment.actual_hours,
            Task.id,
        )
        .join(Task, Task.id == Assignment.task_id)
        .join(Project, Project.id == Task.project_id)
        .where(_demand_projects(what_if), starts, finishes)
        .where(Assignment.resource_id.in_(only) if only is not None else true())
        .order_by(Assignment.id)
    ).all()
    if not rows:
        return []
    columns = list(zip(*rows, strict=True))
    first = _day_or(list(columns[1]), list(columns[2]))
    last = _day_or(list(columns[3]), list(columns[4]))
    dated = ~(np.isnat(first) | np.isnat(last))
    return [
        (r[0], a, z, *r[5:])
        for r, a, z, ok in zip(rows, first.tolist(), last.tolist(), dated.tolist(), strict=True)
        if ok
    ]


def _allocation_rows(
    session: Session, window: Window, what_if: int | None, only: list[int] | None = None
) -> list[Any]:
    return list(
        session.execute(
            select(
                Allocation.resource_id,
                Allocation.start,
                Allocation.finish,
                Allocation.id,
                Allocation.project_id,
                Allocation.percent,
            )
            .join(Project, Project.id == Allocation.project_id)
            .where(
                _demand_projects(what_if),
                Allocation.start <= window.finish,
                Allocation.finish >= window.start,
                Allocation.resource_id.in_(only) if only is not None else true(),
            )
            .order_by(Allocation.id)
        ).all()
    )


def _items(
    ids: np.ndarray,
    full: np.ndarray,
    available: np.ndarray,
    assigned: list[Any],
    allocated: list[Any],
    window: Window,
) -> tuple[dict[str, np.ndarray], list[tuple[str, int, int]]]:
    rows = [*assigned, *allocated]
    n_assigned = len(assigned)
    arrays: dict[str, np.ndarray]
    if not rows or ids.size == 0:
        names = ("resource", "project", "first", "last", "source", "project_ids")
        arrays = {n: np.zeros(0, np.int64) for n in names}
        arrays |= {n: np.zeros(0) for n in ("rate", "work", "actual")}
        return arrays, []
    rid, first, last = _columns(rows, window)
    pos = np.searchsorted(ids, rid)
    keep = (pos < ids.size) & (ids[np.minimum(pos, ids.size - 1)] == rid)
    pos = np.minimum(pos, max(ids.size - 1, 0))
    source = (np.arange(len(rows)) >= n_assigned).astype(np.int64)
    project_ids = np.array([r[4] for r in rows], np.int64)
    percent = np.array([r[5] for r in rows], float)
    work = np.array(
        [r[6] if k < n_assigned and r[6] is not None else np.nan for k, r in enumerate(rows)],
        float,
    )
    actual = np.array([r[7] if k < n_assigned else 0.0 for k, r in enumerate(rows)], float)
    base = np.where(
        source == 0, full[pos] if ids.size else 0.0, available[pos] if ids.size else 0.0
    )
    unique_projects, project_index = np.unique(project_ids, return_inverse=True)
    arrays = {
        "project_ids": unique_projects,
        "resource": pos[keep],
        "project": project_index[keep].astype(np.int64),
        "first": first[keep],
        "last": last[keep],
        "source": source[keep],
        "rate": (percent / 100.0 * base)[keep],
        "work": work[keep],
        "actual": actual[keep],
    }
    kinds = [
        ("task", int(r[8]), int(r[4])) if k < n_assigned else ("allocation", int(r[3]), int(r[4]))
        for k, r in enumerate(rows)
    ]
    return arrays, [kinds[k] for k in np.flatnonzero(keep)]


def load_capacity(
    session: Session,
    window: Window,
    *,
    org_unit_id: int | None = None,
    what_if: int | None = None,
    scope: ResourceScope | None = None,
) -> Loaded:
    """Read everything the report needs and build the engine's input."""
    if scope is None:
        scope = ResourceScope(org_unit_id=org_unit_id)
    resources = _resources(session, scope)
    ids = np.array([r.id for r in resources], np.int64)
    working, which = _calendars(resources, window)
    full, available = _day_hours(resources)
    capacity = available[:, None] * working[which] * ~_leave(session, ids, window)
    only = [int(i) for i in ids] if ids.size < FEW_RESOURCES else None
    assigned = _assignment_rows(session, window, what_if, only)
    allocated = _allocation_rows(session, window, what_if, only)
    arrays, items = _items(ids, full, available, assigned, allocated, window)
    bounds = [first for first, _ in window.periods()]
    offsets = np.array([(b - window.start).days for b in bounds], np.int64)
    bucket = np.searchsorted(offsets, np.arange(window.days), side="right") - 1
    data = CapacityInput(
        working=working,
        capacity=capacity,
        calendar=which,
        bucket=bucket.astype(np.int64),
        item_resource=arrays["resource"],
        item_project=arrays["project"],
        item_first=arrays["first"],
        item_last=arrays["last"],
        item_source=arrays["source"],
        item_rate=arrays["rate"],
        item_work=arrays["work"],
        item_actual=arrays["actual"],
    )
    project_ids = {p for _, _, p in items}
    return Loaded(resources, data, items, _codes(session, project_ids), arrays["project_ids"])


def _codes(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(Project.id, Project.code).where(Project.id.in_(ids)))
    return dict(rows.all())


def _task_names(session: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    if not ids:
        return {}
    names: dict[int, tuple[str, str]] = {}
    unique = sorted(set(ids))
    for first in range(0, len(unique), 5000):
        chunk = unique[first : first + 5000]
        for tid, wbs, name in session.execute(
            select(Task.id, Task.wbs, Task.name).where(Task.id.in_(chunk))
        ):
            names[tid] = (wbs, name)
    return names


def _primary_skills(session: Session, ids: np.ndarray) -> tuple[np.ndarray, list[str], list[str]]:
    """Each resource's strongest skill (ties: the first made), so that totals add up."""
    rows = session.execute(
        select(ResourceSkill.resource_id, ResourceSkill.skill_id, Skill.name)
        .join(Skill, Skill.id == ResourceSkill.skill_id)
        .order_by(ResourceSkill.resource_id, ResourceSkill.level.desc(), ResourceSkill.skill_id)
    ).all()
    best: dict[int, tuple[int, str]] = {}
    for rid, sid, name in rows:
        best.setdefault(rid, (sid, name))
    return _keyed([best.get(int(r), (0, ""))[1] or None for r in ids])


def _keyed(values: list[Any]) -> tuple[np.ndarray, list[str], list[str]]:
    """Group index per resource from a key per resource (``None``: the group "(none)")."""
    keys = sorted({"" if v is None else str(v) for v in values})
    index = {k: g for g, k in enumerate(keys)}
    group = np.array([index["" if v is None else str(v)] for v in values], np.int64)
    return group, keys, [k or "(none)" for k in keys]


def _groups(
    session: Session, by: str, resources: Sequence[Any]
) -> tuple[np.ndarray, list[str], list[str]]:
    if by == "person":
        keys = [str(r.id) for r in resources]
        return np.arange(len(resources), dtype=np.int64), keys, [r.name for r in resources]
    if by == "skill":
        return _primary_skills(session, np.array([r.id for r in resources], np.int64))
    if by == "role":
        return _keyed([r.role for r in resources])
    group, keys, _ = _keyed([r.org_unit_id for r in resources])
    names = dict(session.execute(select(OrgUnit.id, OrgUnit.name)).all())
    return group, keys, [names.get(int(k), k) if k else "(none)" for k in keys]


def _row(
    key: str, label: str, capacity: np.ndarray, demand: np.ndarray, actual: np.ndarray
) -> CapacityRowRead:
    return rows_of([key], [label], capacity[None], demand[None], actual[None], [0])[0]


def utilisation(capacity: np.ndarray, demand: np.ndarray) -> np.ndarray:
    """Demand / capacity per cell, rounded to 4 places as reported; NaN without capacity."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio: np.ndarray = np.round(np.where(capacity > 0, demand / capacity, np.nan), 4)
    return ratio


def rows_of(
    keys: Sequence[str],
    labels: Sequence[str],
    capacity: np.ndarray,
    demand: np.ndarray,
    actual: np.ndarray,
    index: Sequence[int] | np.ndarray,
) -> list[CapacityRowRead]:
    """The report rows of groups ``index`` (G × periods arrays), rounded in bulk."""
    chosen = np.asarray(index, dtype=np.int64)
    ratio = utilisation(capacity[chosen], demand[chosen])
    ratios = ratio.astype(object)
    ratios[np.isnan(ratio)] = None
    columns = zip(
        np.round(capacity[chosen], 2).tolist(),
        np.round(demand[chosen], 2).tolist(),
        np.round(actual[chosen], 2).tolist(),
        ratios.tolist(),
        strict=True,
    )
    # Built from arrays just computed: nothing for pydantic to validate.
    return [
        CapacityRowRead.model_construct(
            key=keys[g], label=labels[g], capacity=c, demand=d, actual=a, utilisation=u
        )
        for g, (c, d, a, u) in zip(chosen.tolist(), columns, strict=True)
    ]


def _over_allocations(
    session: Session, loaded: Loaded, result: CapacityResult, labels: list[str], limit: int
) -> list[OverAllocationRead]:
    """The over-allocated (person, period) cells, largest excess first, with their causes."""
    chosen, _ = largest_excess(result.capacity, result.demand, limit)
    return over_reads(session, loaded, result, labels, chosen)


def largest_excess(
    capacity: np.ndarray, demand: np.ndarray, limit: int
) -> tuple[list[tuple[int, int]], int]:
    """The ``limit`` over-allocated cells (row, period) of R × B hours with the largest
    excess, largest first (ties: by row, then period), and how many cells are over."""
    over_r, over_b = np.nonzero(demand > capacity + TOLERANCE)
    excess = demand[over_r, over_b] - capacity[over_r, over_b]
    order = np.argsort(-excess, kind="stable")[:limit]
    return list(zip(over_r[order].tolist(), over_b[order].tolist(), strict=True)), int(over_r.size)


def over_reads(
    session: Session,
    loaded: Loaded,
    result: CapacityResult,
    labels: list[str],
    chosen: list[tuple[int, int]],
) -> list[OverAllocationRead]:
    """The over-allocations of the cells ``chosen`` (resource index, period), with their
    causes, in that order."""
    data = loaded.data
    n_buckets = data.n_buckets
    cells = np.array([r * n_buckets + b for r, b in chosen], np.int64)
    pair_cell = data.item_resource[result.pair_item] * n_buckets + result.pair_bucket
    behind = np.flatnonzero(np.isin(pair_cell, cells) & (result.pair_hours > 0))
    causes: dict[int, list[tuple[int, float]]] = {}
    for k in behind.tolist():
        causes.setdefault(int(pair_cell[k]), []).append(
            (int(result.pair_item[k]), float(result.pair_hours[k]))
        )
    tasks = _task_names(
        session,
        [loaded.items[i][1] for c in causes.values() for i, _ in c if loaded.items[i][0] == "task"],
    )
    found = []
    for cell in cells.tolist():
        r, b = divmod(cell, n_buckets)
        found.append(_over_cell(loaded, result, labels, r, b, causes.get(cell, []), tasks))
    return found


def _over_cell(
    loaded: Loaded,
    result: CapacityResult,
    labels: list[str],
    r: int,
    b: int,
    pairs: list[tuple[int, float]],
    tasks: dict[int, tuple[str, str]],
) -> OverAllocationRead:
    per_project: dict[int, list[float]] = {}
    listed = []
    for item, hours in pairs:
        kind, ident, project = loaded.items[item]
        per_project.setdefault(project, [0.0, 0.0])[kind == "allocation"] += hours
        code = loaded.projects.get(project, str(project))
        name = " ".join(tasks.get(ident, ("", ""))) if kind == "task" else f"allocation {ident}"
        listed.append(
            CauseRead(
                kind=kind,
                id=ident,
                project_id=project,
                project_code=code,
                name=name.strip(),
                hours=round(hours, 2),
            )
        )
    listed.sort(key=lambda c: (-c.hours, c.id))
    projects = [
        {"project_id": p, "project_code": loaded.projects.get(p, str(p)), "hours": round(max(h), 2)}
        for p, h in sorted(per_project.items(), key=lambda kv: -max(kv[1]))
    ]
    resource = loaded.resources[r]
    capacity, demand = float(result.capacity[r, b]), float(result.demand[r, b])
    return OverAllocationRead(
        resource_id=resource.id,
        resource=resource.name,
        period=labels[b],
        capacity=round(capacity, 2),
        demand=round(demand, 2),
        excess=round(demand - capacity, 2),
        projects=projects,
        causes=listed[:MAX_CAUSES],
    )


def scope_projects(
    session: Session, *, portfolio_id: int | None = None, program_id: int | None = None
) -> tuple[int, ...] | None:
    """The projects of a portfolio and/or program (``None``: no such filter)."""
    if portfolio_id is None and program_id is None:
        return None
    stmt = select(Project.id)
    if portfolio_id is not None:
        stmt = stmt.where(Project.portfolio_id == portfolio_id)
    if program_id is not None:
        stmt = stmt.where(Project.program_id == program_id)
    return tuple(session.scalars(stmt))


def proposed_projects(session: Session, principal: Principal) -> list[tuple[int, str, str | None]]:
    """Projects whose work is not yet demand (proposed), for a what-if: ``(id, code name,
    code Chinese name)``, by code."""
    stmt = (
        select(Project.id, Project.code, Project.name, Project.name_zh)
        .where(Project.status == ProjectStatus.PROPOSED, authz.visible_projects(principal))
        .order_by(Project.code)
    )
    return [
        (pid, f"{code} {name}", f"{code} {name_zh}" if name_zh else None)
        for pid, code, name, name_zh in session.execute(stmt)
    ]


@dataclass
class Plan:
    """A computed report before it is read out: its window, input, result and period labels."""

    window: Window
    loaded: Loaded
    result: CapacityResult
    labels: list[str]
    what_if_project_id: int | None


def capacity_plan(
    session: Session,
    principal: Principal,
    *,
    by: str = "person",
    period: str = "week",
    start: date | None = None,
    finish: date | None = None,
    scope: ResourceScope | None = None,
    what_if_project_id: int | None = None,
) -> Plan:
    """Check the parameters, read the pool and its demand, and compute the hours."""
    authz.ensure_role(principal, *READERS, action="read")
    window = _window(by, period, start, finish)
    if what_if_project_id is not None and session.get(Project, what_if_project_id) is None:
        raise InvalidInput(
            [
                FieldError(
                    ("query", "what_if_project_id"),
                    "error.field.not_found",
                    {"value": what_if_project_id},
                )
            ]
        )
    loaded = load_capacity(
        session, window, what_if=what_if_project_id, scope=scope or ResourceScope()
    )
    labels = [_label(first, period) for first, _ in window.periods()]
    return Plan(window, loaded, plan_capacity(loaded.data), labels, what_if_project_id)


def capacity_report(
    session: Session,
    principal: Principal,
    *,
    by: str = "person",
    period: str = "week",
    start: date | None = None,
    finish: date | None = None,
    org_unit_id: int | None = None,
    what_if_project_id: int | None = None,
    over_limit: int = 200,
    scope: ResourceScope | None = None,
) -> CapacityRead:
    """Demand against capacity for the whole portfolio (see the module docstring)."""
    plan = capacity_plan(
        session,
        principal,
        by=by,
        period=period,
        start=start,
        finish=finish,
        scope=scope or ResourceScope(org_unit_id=org_unit_id),
        what_if_project_id=what_if_project_id,
    )
    return report_of(session, plan, by=by, over_limit=over_limit)


def report_of(session: Session, plan: Plan, *, by: str, over_limit: int = 200) -> CapacityRead:
    """The report of a computed plan, rows grouped ``by`` person, skill, role or org unit."""
    loaded, result, labels = plan.loaded, plan.result, plan.labels
    group, keys, names = _groups(session, by, loaded.resources)
    capacity, demand, actual = result.grouped(group, len(keys))
    rows = rows_of(keys, names, capacity, demand, actual, range(len(keys)))
    total = _row("total", "total", capacity.sum(axis=0), demand.sum(axis=0), actual.sum(axis=0))
    return CapacityRead(
        by=by,
        period=plan.window.period,
        start=plan.window.start,
        finish=plan.window.finish,
        what_if_project_id=plan.what_if_project_id,
        periods=[
            PeriodRead(label=lb, start=a, finish=z)
            for lb, (a, z) in zip(labels, plan.window.periods(), strict=True)
        ],
        rows=rows,
        total=total,
        over_allocated_cells=int(result.over_resource.size),
        over_allocations=_over_allocations(session, loaded, result, labels, over_limit),
    )


def demand_by_project(plan: Plan) -> list[tuple[int, str, list[float]]]:
    """Each project's demand hours per period over the plan's resources, largest first:
    ``(project id, code, hours per period)``; the rows add up to the total demand."""
    ids = plan.loaded.project_ids
    hours = project_demand(plan.loaded.data, plan.result, int(ids.size))
    order = np.argsort(-hours.sum(axis=1), kind="stable")
    return [
        (
            int(ids[k]),
            plan.loaded.projects.get(int(ids[k]), str(ids[k])),
            hours[k].round(2).tolist(),
        )
        for k in order.tolist()
        if hours[k].any()
    ]
