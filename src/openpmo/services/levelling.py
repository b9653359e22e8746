"""Levelling scenarios: level a portfolio or a program, compare, apply in one transaction or
discard.

:func:`create_scenario` builds the engine input (:mod:`openpmo.services.levelling_input`),
runs :func:`openpmo.engines.levelling.level` and stores the proposal: a
:class:`~openpmo.db.models.ScenarioTask` per task it moves, with the task's version then, and a
summary (status, objective and bound, each project's finish and delay before and after, the
over-allocated resource-days before and after and the runs left, with the started tasks behind
those levelling may not move; why there is no schedule, naming the tasks and people).
:func:`apply_scenario` writes the proposed dates (a start-no-earlier-than constraint, so
rescheduling keeps them) and reschedules the projects, all in the caller's one transaction; a
task edited or moved since the scenario was made is a :class:`~openpmo.errors.Conflict`
naming it, and nothing is written.
"""

from __future__ import annotations

import time as clock
from datetime import datetime, time
from typing import Any

import numpy as np
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from openpmo.db.base import utcnow
from openpmo.db.models import LevellingScenario, Portfolio, Program, Project, ScenarioTask, Task
from openpmo.engines import CycleError
from openpmo.engines.levelling import LevellingResult, level, warm_up
from openpmo.enums import ConstraintKind, Role, ScenarioScope, ScenarioStatus
from openpmo.errors import Conflict, FieldError, IllegalTransition, InvalidInput
from openpmo.schemas.capacity import ScenarioCreate
from openpmo.services import authz, crud, scheduling
from openpmo.services.levelling_input import Network, load_network, usage_conflicts, weekly_load
from openpmo.services.levelling_reasons import clamped_demands, describe_reason, started_causes
from openpmo.services.principal import Principal
from openpmo.services.registers import Register

__all__ = [
    "LEVELLERS",
    "apply_scenario",
    "compare_scenarios",
    "create_scenario",
    "discard_scenario",
    "moved_task_rows",
    "moved_tasks",
    "scenarios",
]

LEVELLERS = (Role.PMO, Role.RESOURCE_MANAGER)
#: Cells of the dense demand matrix (tasks × resources) a scenario may build.
MAX_CELLS = 40_000_000
#: The time limit covers reading the scope too; levelling gets at least this share of it.
MIN_LEVEL_SHARE = 0.25

scenarios: Register[LevellingScenario] = Register(
    entity="levelling_scenario",
    model=LevellingScenario,
    search=("name",),
    sortable=("created_at", "name", "status"),
    default_sort="-created_at",
    filters=("status", "portfolio_id", "program_id"),
    editors=LEVELLERS,
    readers=(*LEVELLERS, Role.EXECUTIVE),
)


def _scope(session: Session, data: ScenarioCreate) -> tuple[int, str]:
    """The id and code of the levelled portfolio or program; every bad field at once."""
    portfolio = data.scope is ScenarioScope.PORTFOLIO
    name = "portfolio_id" if portfolio else "program_id"
    given = data.portfolio_id if portfolio else data.program_id
    if given is None:
        raise InvalidInput([FieldError(("body", name), "error.field.missing")])
    record = session.get(Portfolio, given) if portfolio else session.get(Program, given)
    if record is None:
        raise InvalidInput([FieldError(("body", name), "error.field.not_found", {"value": given})])
    return given, record.code


def _run(network: Network, data: ScenarioCreate, began: float) -> LevellingResult:
    """Level the network in what the time limit leaves since ``began`` (at least a quarter):
    reading the scope and checking the network count against it (loading the solvers, once
    per process, does not: :func:`~openpmo.engines.levelling.warm_up`)."""
    try:
        problem = network.problem(objective=data.objective, within_float=data.within_float)
    except CycleError as error:
        labels = " → ".join(network.tasks[i].wbs for i in error.cycle)
        raise InvalidInput(
            [FieldError(("dependencies",), "error.field.schedule_cycle", {"tasks": labels})]
        ) from None
    spent = clock.perf_counter() - began
    limit = max(data.time_limit - spent, MIN_LEVEL_SHARE * data.time_limit)
    return level(problem, solver=data.solver, time_limit=limit, num_workers=2, seed=data.seed)


def _project_rows(network: Network, starts: np.ndarray | None) -> list[dict[str, Any]]:
    rows = []
    ends = network.start + network.durations - (network.durations > 0)
    after = None if starts is None else starts + network.durations - (network.durations > 0)
    for k, project in enumerate(network.projects):
        mine = np.flatnonzero(network.project_index == k)
        if mine.size == 0:
            continue
        before = network.to_date(ends[mine].max(keepdims=True))[0]
        proposed = before if after is None else network.to_date(after[mine].max(keepdims=True))[0]
        planned = project.planned_finish
        rows.append(
            {
                "project_id": project.id,
                "code": project.code,
                "priority": project.priority,
                "planned_finish": planned.isoformat() if planned else None,
                "finish_before": before.isoformat(),
                "finish_after": proposed.isoformat(),
                "delay_days_before": _late(network, before, planned),
                "delay_days_after": _late(network, proposed, planned),
                "moved_tasks": 0
                if starts is None
                else int((starts[mine] != network.start[mine]).sum()),
            }
        )
    return rows


def _late(network: Network, finish: Any, planned: Any) -> int:
    """Working days ``finish`` lies after ``planned`` (0 if not later)."""
    if planned is None or finish <= planned:
        return 0
    days = network.days
    return int(np.searchsorted(days, np.datetime64(finish, "D"), side="right")) - int(
        np.searchsorted(days, np.datetime64(planned, "D"), side="right")
    )


def _summary(
    session: Session,
    network: Network,
    result: LevellingResult,
    data: ScenarioCreate,
    seconds: float,
) -> dict[str, Any]:
    before, _ = usage_conflicts(network, network.start)
    after, left = (before, []) if result.starts is None else usage_conflicts(network, result.starts)
    causes = started_causes(network, result.overloads)
    for run in left:
        run["started_tasks"] = causes.get(run["resource_id"], [])
    why = describe_reason(session, network, result, data.time_limit)
    return {
        "status": result.status.value,
        "solver": result.solver,
        "objective": result.objective,
        "lower_bound": result.lower_bound,
        "reason": why["text"] if why else "",
        "why": {"key": why["key"], "params": why["params"]} if why else None,
        "limit_reached": result.limit_reached,
        "seconds": round(seconds, 3),
        "tasks": len(network.tasks),
        "resources": len(network.resources),
        "dropped_links": network.dropped_links,
        "clamped_demands": network.clamped,
        "clamped": clamped_demands(session, network),
        "conflicts_before": before,
        "conflicts_after": after,
        "conflicts_resolved": max(before - after, 0),
        "over_allocations_left": left,
        "projects": _project_rows(network, result.starts),
        "load": weekly_load(
            network, network.start, network.start if result.starts is None else result.starts
        ),
    }


def create_scenario(
    session: Session, principal: Principal, data: ScenarioCreate
) -> LevellingScenario:
    """Level the portfolio's (or program's) approved and active projects and store the proposal."""
    authz.ensure_role(principal, *LEVELLERS)
    warm_up()  # once per process, before the time limit starts
    began = clock.perf_counter()
    scope_id, code = _scope(session, data)
    network = load_network(session, data.scope, scope_id)
    if len(network.tasks) * max(len(network.resources), 1) > MAX_CELLS:
        raise InvalidInput(
            [FieldError(("body", "scope"), "error.field.scope_too_large", {"limit": MAX_CELLS})]
        )
    result = _run(network, data, began)
    scenario = LevellingScenario(
        name=data.name or f"{code} {utcnow():%Y-%m-%d %H:%M}",
        scope=data.scope,
        portfolio_id=scope_id if data.scope is ScenarioScope.PORTFOLIO else None,
        program_id=scope_id if data.scope is ScenarioScope.PROGRAM else None,
        created_by_id=principal.user_id,
        solver_status=result.status.value,
        options=data.model_dump(mode="json", exclude={"name"}),
        summary=_summary(session, network, result, data, clock.perf_counter() - began),
    )
    session.add(scenario)
    session.flush()
    if result.starts is not None:
        _store_moves(session, scenario.id, network, result.starts)
    return scenario


def _store_moves(session: Session, scenario_id: int, network: Network, starts: np.ndarray) -> None:
    moved = np.flatnonzero(starts != network.start)
    if moved.size == 0:
        return
    last = network.durations[moved] - (network.durations[moved] > 0)
    rows = [
        {
            "scenario_id": scenario_id,
            "task_id": network.tasks[k].id,
            "project_id": network.tasks[k].project_id,
            "task_version": network.tasks[k].version,
            "start_before": a,
            "finish_before": b,
            "start_after": c,
            "finish_after": d,
        }
        for k, a, b, c, d in zip(
            moved.tolist(),
            network.to_date(network.start[moved]),
            network.to_date(network.start[moved] + last),
            network.to_date(starts[moved]),
            network.to_date(starts[moved] + last),
            strict=True,
        )
    ]
    for first in range(0, len(rows), 10_000):
        session.execute(insert(ScenarioTask), rows[first : first + 10_000])


def moved_tasks(session: Session, scenario_id: int, *, limit: int = 1000) -> list[ScenarioTask]:
    return list(
        session.scalars(
            select(ScenarioTask)
            .where(ScenarioTask.scenario_id == scenario_id)
            .order_by(ScenarioTask.project_id, ScenarioTask.task_id)
            .limit(limit)
        )
    )


def moved_task_rows(
    session: Session, scenario_id: int, *, limit: int = 100, offset: int = 0
) -> tuple[list[Any], int]:
    """A page of the scenario's moved tasks with their project code, WBS and name, by project
    and WBS, and how many there are: rows ``(move, project code, wbs, task name)``."""
    total = session.scalar(
        select(func.count())
        .select_from(ScenarioTask)
        .where(ScenarioTask.scenario_id == scenario_id)
    )
    rows = session.execute(
        select(ScenarioTask, Project.code, Task.wbs, Task.name)
        .join(Task, Task.id == ScenarioTask.task_id)
        .join(Project, Project.id == ScenarioTask.project_id)
        .where(ScenarioTask.scenario_id == scenario_id)
        .order_by(Project.code, ScenarioTask.start_after, Task.wbs)
        .limit(limit)
        .offset(offset)
    ).all()
    return [tuple(r) for r in rows], int(total or 0)


def compare_scenarios(
    session: Session, principal: Principal, ids: list[int]
) -> list[dict[str, Any]]:
    """Side by side: objective, bound, conflicts left, moved tasks and delays per scenario."""
    rows = []
    for scenario_id in ids:
        s = scenarios.get(session, principal, scenario_id)
        projects = s.summary.get("projects", [])
        rows.append(
            {
                "id": s.id,
                "name": s.name,
                "status": s.status.value,
                "solver_status": s.solver_status,
                "objective": s.summary.get("objective"),
                "lower_bound": s.summary.get("lower_bound"),
                "conflicts_resolved": s.summary.get("conflicts_resolved"),
                "conflicts_after": s.summary.get("conflicts_after"),
                "moved_tasks": sum(p["moved_tasks"] for p in projects),
                "total_delay_days": sum(p["delay_days_after"] for p in projects),
                "delays": {p["code"]: p["delay_days_after"] for p in projects},
            }
        )
    return rows


def _draft(
    session: Session, principal: Principal, scenario_id: int, version: int | None
) -> LevellingScenario:
    scenario = scenarios.get(session, principal, scenario_id)
    authz.ensure_role(principal, *LEVELLERS)
    crud.check_version(scenario, version, "levelling_scenario")
    if scenario.status is not ScenarioStatus.DRAFT:
        raise IllegalTransition(
            "error.scenario_status", id=scenario.id, status=scenario.status.value
        )
    return scenario


def discard_scenario(
    session: Session, principal: Principal, scenario_id: int, *, version: int | None
) -> LevellingScenario:
    scenario = _draft(session, principal, scenario_id, version)
    scenario.status = ScenarioStatus.DISCARDED
    scenario.decided_at = utcnow()
    session.flush()
    return scenario


def _check_unchanged(session: Session, moves: list[ScenarioTask]) -> dict[int, Task]:
    """The tasks to move, refusing the first one edited or rescheduled since."""
    tasks: dict[int, Task] = {}
    ids = [m.task_id for m in moves]
    for first in range(0, len(ids), 5000):
        for task in session.scalars(select(Task).where(Task.id.in_(ids[first : first + 5000]))):
            tasks[task.id] = task
    for move in moves:
        task = tasks[move.task_id]
        now = task.scheduled_start.date() if task.scheduled_start else task.planned_start
        if task.version != move.task_version or now != move.start_before:
            project = session.get(Project, task.project_id)
            raise Conflict(
                "error.scenario_task_changed",
                task=f"{task.wbs} {task.name}",
                project=project.code if project else task.project_id,
                then=move.task_version,
                now=task.version,
            )
    return tasks


def apply_scenario(
    session: Session, principal: Principal, scenario_id: int, *, version: int | None
) -> LevellingScenario:
    """Write the proposed dates and reschedule the projects, all or nothing."""
    scenario = _draft(session, principal, scenario_id, version)
    moves = list(
        session.scalars(select(ScenarioTask).where(ScenarioTask.scenario_id == scenario.id))
    )
    tasks = _check_unchanged(session, moves)
    projects: set[int] = set()
    for move in moves:
        task = tasks[move.task_id]
        project = session.get(Project, task.project_id)
        assert project is not None
        if principal.role is Role.PMO:
            authz.ensure_can_edit_project(principal, project)
        task.constraint_type = ConstraintKind.SNET
        task.constraint_date = datetime.combine(move.start_after, _day_start(project.work_hours))
        task.planned_start, task.planned_finish = move.start_after, move.finish_after
        projects.add(project.id)
    session.flush()
    for project_id in sorted(projects):
        project = session.get(Project, project_id)
        if project is not None:
            scheduling.reschedule(session, project)
    scenario.status = ScenarioStatus.APPLIED
    scenario.decided_at = utcnow()
    session.flush()
    return scenario


def _day_start(work_hours: str) -> time:
    first = work_hours.split(",")[0].split("-")[0].strip() or "08:00"
    hour, minute = (int(x) for x in first.split(":"))
    return time(hour, minute)
