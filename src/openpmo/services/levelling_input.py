"""The levelling engine's input from the stored projects of a portfolio or program.

Time is counted in **working days** of one calendar (the China calendar, or the standard one
when no project uses China's) from the earliest project start. For every leaf task with dates:

* duration — its working days from the current start to the current finish (0: milestone);
* demand — the units (%) of every assignment, per resource; a resource's capacity is
  ``100 × employment_share`` (0 on its leave days); generic ``role`` resources are not limited;
  a single demand above the capacity is cut to it (counted in ``clamped``, the first ones
  named in ``clamped_cells``) rather than making the scenario infeasible;
* fixed — started or finished tasks and tasks with a dated constraint other than SNET stay
  where they are (finished ones hold no resources); links into a fixed task are dropped
  (between two started tasks they may be broken already), as are links touching summary
  tasks or tasks outside the scope;
* links — type and lag (``lag_days`` + ``lag_percent`` of the predecessor, in days);
* projects — weight = priority, release = planned start, due = planned finish.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from openpmo.db.models import (
    Assignment,
    Dependency,
    Program,
    Project,
    Resource,
    ResourceLeave,
    Task,
)
from openpmo.engines.calendars import is_working_day
from openpmo.engines.levelling import NO_DATE, LevellingProblem, build_problem
from openpmo.enums import CalendarKind, ConstraintKind, ProjectStatus, ResourceKind, ScenarioScope
from openpmo.services.calendars import build_calendar

__all__ = ["LEVELLED_STATUSES", "Network", "load_network", "usage_conflicts", "weekly_load"]

LEVELLED_STATUSES = (ProjectStatus.APPROVED, ProjectStatus.ACTIVE)
_LINK = {"FS": 0, "SS": 1, "FF": 2, "SF": 3}
_FREE = (ConstraintKind.ASAP, ConstraintKind.ALAP, ConstraintKind.SNET)
#: Calendar days the working-day axis covers beyond the last date seen.
SLACK_DAYS = 5 * 366
#: Demands cut to a capacity that a scenario names (the rest are counted).
MAX_CLAMPED_NAMED = 20


@dataclass
class Network:
    """A portfolio's tasks as engine arrays, and the maps back to records and dates."""

    projects: list[Any]
    tasks: list[Any]
    days: np.ndarray  # the date of working day k
    start: np.ndarray  # current start per task, working days
    durations: np.ndarray
    demand: np.ndarray  # (n, R)
    capacity: np.ndarray  # (R, H)
    resources: list[int]
    project_index: np.ndarray
    fixed: np.ndarray
    links: dict[str, np.ndarray] = field(default_factory=dict)
    dropped_links: int = 0
    clamped: int = 0
    #: The first (task, resource, units asked, capacity) cut to the capacity, by index.
    clamped_cells: list[tuple[int, int, int, int]] = field(default_factory=list)

    def to_date(self, offsets: np.ndarray) -> list[date]:
        index = np.clip(offsets, 0, self.days.size - 1)
        result: list[date] = self.days[index].astype(object).tolist()
        return result

    def problem(self, *, objective: str, within_float: bool) -> LevellingProblem:
        release = [self._offset(p.planned_start, 0) for p in self.projects]
        due = [self._offset(p.planned_finish, NO_DATE - 1) + 1 for p in self.projects]
        return build_problem(
            self.durations,
            self.demand,
            self.capacity,
            pred=self.links["pred"],
            succ=self.links["succ"],
            link_type=self.links["type"],
            lag=self.links["lag"],
            project=self.project_index,
            weight=[max(int(p.priority), 0) for p in self.projects],
            release=np.minimum(release, self._first_starts()),
            due=due,
            fixed_start=np.where(self.fixed, self.start, NO_DATE),
            within_float=within_float,
            objective=objective,
        )

    def _offset(self, day: date | None, missing: int) -> int:
        if day is None:
            return missing
        return int(np.searchsorted(self.days, np.datetime64(day, "D")))

    def _first_starts(self) -> np.ndarray:
        """A release may not lie after a fixed task of its project."""
        first = np.full(len(self.projects), np.iinfo(np.int64).max, np.int64)
        fixed = np.flatnonzero(self.fixed)
        np.minimum.at(first, self.project_index[fixed], self.start[fixed])
        return first


def _projects(session: Session, scope: ScenarioScope, scope_id: int) -> list[Any]:
    stmt = select(Project).where(Project.status.in_(LEVELLED_STATUSES))
    if scope is ScenarioScope.PROGRAM:
        stmt = stmt.where(Project.program_id == scope_id)
    else:
        programs = select(Program.id).where(Program.portfolio_id == scope_id)
        stmt = stmt.where(or_(Project.portfolio_id == scope_id, Project.program_id.in_(programs)))
    return list(session.scalars(stmt.order_by(Project.id)))


def _tasks(session: Session, project_ids: list[int]) -> list[Any]:
    parents = select(Task.parent_id).where(
        Task.project_id.in_(project_ids), Task.parent_id.is_not(None)
    )
    rows = session.execute(
        select(
            Task.id,
            Task.project_id,
            Task.version,
            Task.wbs,
            Task.name,
            Task.is_milestone,
            Task.scheduled_start,
            Task.scheduled_finish,
            Task.planned_start,
            Task.planned_finish,
            Task.actual_start,
            Task.actual_finish,
            Task.percent_complete,
            Task.constraint_type,
        )
        .where(Task.project_id.in_(project_ids), Task.id.not_in(parents))
        .order_by(Task.project_id, Task.id)
    ).all()
    return [
        t
        for t in rows
        if (t.scheduled_start or t.planned_start) and (t.scheduled_finish or t.planned_finish)
    ]


def _day(moment: Any, planned: date | None) -> date:
    if moment is not None:
        return moment.date() if hasattr(moment, "date") else moment  # type: ignore[no-any-return]
    assert planned is not None
    return planned


def _axis(projects: list[Any], first: date, last: date) -> np.ndarray:
    kinds = {p.calendar for p in projects}
    kind = CalendarKind.CHINA if CalendarKind.CHINA in kinds or not kinds else CalendarKind.STANDARD
    calendar = build_calendar(kind, "08:00-12:00, 13:00-17:00")
    span = np.arange(
        np.datetime64(first, "D"), np.datetime64(last + timedelta(SLACK_DAYS), "D"), dtype="M8[D]"
    )
    result: np.ndarray = span[is_working_day(calendar, span)]
    return result


def load_network(session: Session, scope: ScenarioScope, scope_id: int) -> Network:
    """Read the scope's projects, leaf tasks, assignments and links as engine arrays."""
    projects = _projects(session, scope, scope_id)
    tasks = _tasks(session, [p.id for p in projects]) if projects else []
    firsts = [_day(t.scheduled_start, t.planned_start) for t in tasks]
    lasts = [_day(t.scheduled_finish, t.planned_finish) for t in tasks]
    starts = [p.planned_start for p in projects if p.planned_start]
    origin = min([*firsts, *starts], default=date.today())
    days = _axis(projects, origin, max([*lasts, origin]))
    start = np.searchsorted(days, np.array(firsts, dtype="M8[D]")).astype(np.int64)
    finish = np.searchsorted(days, np.array(lasts, dtype="M8[D]"), side="right").astype(np.int64)
    milestone = np.array([bool(t.is_milestone) for t in tasks], bool)
    durations = np.where(milestone, 0, np.maximum(finish - start, 1)).astype(np.int64)
    done = np.array([t.actual_finish is not None or t.percent_complete >= 100 for t in tasks], bool)
    fixed = done | np.array(
        [
            t.actual_start is not None or t.percent_complete > 0 or t.constraint_type not in _FREE
            for t in tasks
        ],
        bool,
    )
    index = {p.id: k for k, p in enumerate(projects)}
    network = Network(
        projects=projects,
        tasks=tasks,
        days=days,
        start=start,
        durations=durations,
        demand=np.zeros((len(tasks), 0), np.int64),
        capacity=np.zeros((0, 1), np.int64),
        resources=[],
        project_index=np.array([index[t.project_id] for t in tasks], np.int64),
        fixed=fixed,
    )
    _resources(session, network, done)
    _links(session, network)
    return network


def _resources(session: Session, network: Network, done: np.ndarray) -> None:
    ids = [t.id for t in network.tasks]
    position = {tid: k for k, tid in enumerate(ids)}
    rows: list[Any] = []
    for first in range(0, len(ids), 5000):
        rows += session.execute(
            select(Assignment.task_id, Assignment.resource_id, Assignment.units)
            .join(Resource, Resource.id == Assignment.resource_id)
            .where(Assignment.task_id.in_(ids[first : first + 5000]))
            .where(Resource.kind != ResourceKind.ROLE)
        ).all()
    resources = sorted({r.resource_id for r in rows})
    column = {rid: k for k, rid in enumerate(resources)}
    share = (
        dict(
            session.execute(
                select(Resource.id, Resource.employment_share).where(Resource.id.in_(resources))
            ).all()
        )
        if resources
        else {}
    )
    base = np.array([round(100 * share[r]) for r in resources], np.int64)
    horizon = network.days.size
    capacity = np.repeat(base[:, None], max(horizon, 1), axis=1)
    _leave(session, network, resources, capacity)
    demand = np.zeros((len(ids), len(resources)), np.int64)
    for task_id, rid, units in rows:
        demand[position[task_id], column[rid]] += round(units)
    demand[done] = 0
    lasting = capacity[:, -1] if resources else np.zeros(0, np.int64)
    over = np.argwhere(demand > lasting[None, :])
    network.clamped = int(over.shape[0])
    network.clamped_cells = [
        (int(k), int(r), int(demand[k, r]), int(lasting[r])) for k, r in over[:MAX_CLAMPED_NAMED]
    ]
    network.demand = np.minimum(demand, lasting[None, :])
    network.capacity = capacity if resources else np.zeros((0, 1), np.int64)
    network.resources = resources


def _leave(session: Session, network: Network, resources: list[int], capacity: np.ndarray) -> None:
    if not resources:
        return
    row = {rid: k for k, rid in enumerate(resources)}
    for rid, a, z in session.execute(
        select(ResourceLeave.resource_id, ResourceLeave.start, ResourceLeave.finish).where(
            ResourceLeave.resource_id.in_(resources)
        )
    ):
        lo = np.searchsorted(network.days, np.datetime64(a, "D"))
        hi = np.searchsorted(network.days, np.datetime64(z, "D"), side="right")
        capacity[row[rid], lo : min(hi, capacity.shape[1] - 1)] = 0


def _links(session: Session, network: Network) -> None:
    position = {t.id: k for k, t in enumerate(network.tasks)}
    project_ids = [p.id for p in network.projects]
    rows = (
        session.execute(
            select(
                Dependency.predecessor_id,
                Dependency.successor_id,
                Dependency.type,
                Dependency.lag_days,
                Dependency.lag_percent,
            ).where(Dependency.project_id.in_(project_ids))
        ).all()
        if project_ids
        else []
    )
    kept = [
        r
        for r in rows
        if r.predecessor_id in position
        and r.successor_id in position
        # A fixed task does not move, so a link into it constrains nothing; between two
        # started tasks it may even be broken already (work began out of order).
        and not network.fixed[position[r.successor_id]]
    ]
    network.dropped_links = len(rows) - len(kept)
    pred = np.array([position[r.predecessor_id] for r in kept], np.int64)
    network.links = {
        "pred": pred,
        "succ": np.array([position[r.successor_id] for r in kept], np.int64),
        "type": np.array([_LINK[r.type.value] for r in kept], np.int64),
        "lag": np.array(
            [
                round(
                    r.lag_days + r.lag_percent / 100 * network.durations[position[r.predecessor_id]]
                )
                for r in kept
            ],
            np.int64,
        ),
    }


def _usage(network: Network, starts: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Units (%) each resource uses and has on each working day ``0 .. horizon-1``."""
    n_res = len(network.resources)
    delta = np.zeros((n_res, horizon + 1), np.int64)
    task, res = np.nonzero(network.demand * (network.durations > 0)[:, None])
    units = network.demand[task, res]
    np.add.at(delta, (res, starts[task]), units)
    np.add.at(delta, (res, starts[task] + network.durations[task]), -units)
    usage = np.cumsum(delta, axis=1)[:, :horizon]
    cap = network.capacity
    full = np.concatenate(
        [cap[:, :horizon], np.repeat(cap[:, -1:], max(horizon - cap.shape[1], 0), axis=1)], axis=1
    )[:, :horizon]
    return usage, full


def usage_conflicts(network: Network, starts: np.ndarray) -> tuple[int, list[dict[str, Any]]]:
    """Over-allocated (resource, working day) cells of a schedule, and each resource's runs
    of them: ``{"resource_id", "first", "last", "peak", "capacity"}``."""
    n_res = len(network.resources)
    if n_res == 0 or starts.size == 0:
        return 0, []
    horizon = int((starts + network.durations).max()) + 1
    usage, full = _usage(network, starts, horizon)
    over = usage > full
    runs = []
    for r in np.flatnonzero(over.any(axis=1)).tolist():
        cells = np.flatnonzero(over[r])
        runs.append(
            {
                "resource_id": network.resources[r],
                "first": network.to_date(cells[:1])[0].isoformat(),
                "last": network.to_date(cells[-1:])[0].isoformat(),
                "days": int(cells.size),
                "peak": int(usage[r, cells].max()),
                "capacity": int(full[r, cells].min()),
            }
        )
    return int(over.sum()), runs


#: The most weeks a scenario's load profile keeps (about four years).
MAX_WEEKS = 208


def weekly_load(network: Network, before: np.ndarray, after: np.ndarray) -> dict[str, Any]:
    """Person-days per ISO week over the levelled resources, before and after levelling:
    ``{"weeks": ["2026-W18", ...], "capacity", "before", "after", "over_before",
    "over_after"}``; ``over_*`` is the demand above each resource's capacity, summed."""
    if not network.resources or before.size == 0:
        return {"weeks": []}
    horizon = int(max((before + network.durations).max(), (after + network.durations).max())) + 1
    horizon = min(horizon, network.days.size)
    used_before, full = _usage(network, before, horizon)
    used_after, _ = _usage(network, after, horizon)
    monday = network.days[:horizon] - (
        (network.days[:horizon].astype("M8[D]").view("int64") - 4) % 7
    ).astype("m8[D]")
    weeks, week = np.unique(monday, return_inverse=True)
    keep = min(weeks.size, MAX_WEEKS)

    def per_week(values: np.ndarray) -> list[float]:
        out = np.zeros(weeks.size)
        np.add.at(out, week, values)
        return [round(float(v) / 100.0, 1) for v in out[:keep]]

    labels = []
    for day in weeks[:keep].astype(object).tolist():
        year, number, _ = day.isocalendar()
        labels.append(f"{year}-W{number:02d}")
    return {
        "weeks": labels,
        "capacity": per_week(full.sum(axis=0)),
        "before": per_week(used_before.sum(axis=0)),
        "after": per_week(used_after.sum(axis=0)),
        "over_before": per_week(np.maximum(used_before - full, 0).sum(axis=0)),
        "over_after": per_week(np.maximum(used_after - full, 0).sum(axis=0)),
    }
