"""Levelling a portfolio as a scenario: the lower-priority project waits; apply, discard and
the optimistic-lock conflict.

Two projects of one portfolio each have a 5-day task from Monday 2026-06-01 needing the same
full-time person (100 %). The person can do one at a time, so one project finishes a week late:
the one with the lower priority.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Assignment, Portfolio, Project, ScenarioTask, Task
from openpmo.enums import ConstraintKind, Role, ScenarioStatus
from openpmo.errors import Conflict, Forbidden, IllegalTransition, InvalidInput
from openpmo.schemas.capacity import ScenarioCreate
from openpmo.services.levelling import (
    apply_scenario,
    compare_scenarios,
    create_scenario,
    discard_scenario,
)
from openpmo.services.principal import Principal, load_principal
from openpmo.services.scheduling import reschedule
from tests import factories as f

MONDAY = date(2026, 6, 1)


def _as(session: Session, role: Role) -> Principal:
    return load_principal(session, f.user(session, role))


def _portfolio(session: Session) -> tuple[Portfolio, dict[str, Project], dict[str, Task]]:
    unit = f.org_unit(session)
    folio = f.portfolio(session)
    person = f.resource(session, unit=unit, name="Shared expert")
    projects, tasks = {}, {}
    for code, priority in (("HIGH", 900), ("LOW", 100)):
        project = f.project(
            session,
            unit,
            code=code,
            priority=priority,
            portfolio_id=folio.id,
            planned_start=MONDAY,
            planned_finish=date(2026, 6, 5),
        )
        task = f.task(session, project, wbs="1", name=f"{code} work", duration_days=5.0)
        session.add(Assignment(task_id=task.id, resource_id=person.id, units=100.0))
        reschedule(session, project)
        projects[code], tasks[code] = project, task
    session.flush()
    return folio, projects, tasks


def _level(session: Session, principal: Principal, folio: Portfolio, **kw: object) -> object:
    data = ScenarioCreate(portfolio_id=folio.id, solver="cpsat", time_limit=5, **kw)  # type: ignore[arg-type]
    return create_scenario(session, principal, data)


def test_levelling_delays_the_lower_priority_project(session: Session) -> None:
    folio, _projects, tasks = _portfolio(session)
    scenario = _level(session, _as(session, Role.PMO), folio)
    summary = scenario.summary  # type: ignore[attr-defined]
    assert summary["status"] == "optimal"
    by_code = {p["code"]: p for p in summary["projects"]}
    assert by_code["HIGH"]["delay_days_after"] == 0
    assert by_code["LOW"]["delay_days_after"] == 5
    assert by_code["LOW"]["finish_after"] == "2026-06-12"
    assert summary["conflicts_before"] == 5  # five days of 200 % on one person
    assert summary["conflicts_after"] == 0
    assert summary["conflicts_resolved"] == 5
    assert summary["over_allocations_left"] == []
    moves = session.scalars(select(ScenarioTask)).all()
    assert [(m.task_id, m.start_after, m.finish_after) for m in moves] == [
        (tasks["LOW"].id, date(2026, 6, 8), date(2026, 6, 12))
    ]
    # nothing is written until the scenario is applied
    assert tasks["LOW"].scheduled_start == datetime(2026, 6, 1, 8)


def test_swapping_priorities_delays_the_other_project(session: Session) -> None:
    folio, projects, _ = _portfolio(session)
    projects["HIGH"].priority, projects["LOW"].priority = 100, 900
    session.flush()
    scenario = _level(session, _as(session, Role.PMO), folio)
    by_code = {p["code"]: p for p in scenario.summary["projects"]}  # type: ignore[attr-defined]
    assert (by_code["HIGH"]["delay_days_after"], by_code["LOW"]["delay_days_after"]) == (5, 0)


def test_apply_writes_the_dates_and_reschedules_in_one_go(session: Session) -> None:
    folio, _, tasks = _portfolio(session)
    pmo = _as(session, Role.PMO)
    scenario = _level(session, pmo, folio)
    applied = apply_scenario(session, pmo, scenario.id, version=scenario.version)  # type: ignore[attr-defined]
    assert applied.status is ScenarioStatus.APPLIED
    low = tasks["LOW"]
    session.refresh(low)
    assert low.constraint_type is ConstraintKind.SNET
    assert low.constraint_date == datetime(2026, 6, 8, 8)
    assert (low.scheduled_start, low.scheduled_finish) == (
        datetime(2026, 6, 8, 8),
        datetime(2026, 6, 12, 17),
    )
    with pytest.raises(IllegalTransition):
        discard_scenario(session, pmo, applied.id, version=applied.version)


def test_apply_refuses_a_task_changed_since_and_writes_nothing(session: Session) -> None:
    folio, _, tasks = _portfolio(session)
    pmo = _as(session, Role.PMO)
    scenario = _level(session, pmo, folio)
    tasks["LOW"].name = "LOW work, renamed"
    session.flush()
    with pytest.raises(Conflict) as caught:
        apply_scenario(session, pmo, scenario.id, version=scenario.version)  # type: ignore[attr-defined]
    assert caught.value.params["project"] == "LOW"
    assert "LOW work, renamed" in caught.value.params["task"]
    session.refresh(tasks["LOW"])
    assert tasks["LOW"].constraint_type is ConstraintKind.ASAP
    assert scenario.status is ScenarioStatus.DRAFT  # type: ignore[attr-defined]


def test_discard_and_compare(session: Session) -> None:
    folio, _, _ = _portfolio(session)
    pmo = _as(session, Role.PMO)
    first = _level(session, pmo, folio)
    second = _level(session, pmo, folio, objective="makespan")
    rows = compare_scenarios(session, pmo, [first.id, second.id])  # type: ignore[attr-defined]
    assert rows[0]["delays"] == {"HIGH": 0, "LOW": 5}
    assert rows[0]["total_delay_days"] == 5
    assert rows[0]["moved_tasks"] == 1
    discarded = discard_scenario(session, pmo, first.id, version=first.version)  # type: ignore[attr-defined]
    assert discarded.status is ScenarioStatus.DISCARDED
    with pytest.raises(IllegalTransition):
        apply_scenario(session, pmo, first.id, version=discarded.version)  # type: ignore[attr-defined]


def test_started_tasks_stay_put(session: Session) -> None:
    folio, _, tasks = _portfolio(session)
    tasks["LOW"].percent_complete = 20.0
    session.flush()
    scenario = _level(session, _as(session, Role.PMO), folio)
    by_code = {p["code"]: p for p in scenario.summary["projects"]}  # type: ignore[attr-defined]
    # LOW has started, so HIGH waits despite its priority
    assert (by_code["HIGH"]["delay_days_after"], by_code["LOW"]["delay_days_after"]) == (5, 0)


def test_bad_scope_and_permissions(session: Session) -> None:
    pmo = _as(session, Role.PMO)
    with pytest.raises(InvalidInput) as caught:
        create_scenario(session, pmo, ScenarioCreate(portfolio_id=999_999))
    assert [e.field for e in caught.value.errors] == ["portfolio_id"]
    with pytest.raises(InvalidInput):
        create_scenario(session, pmo, ScenarioCreate(scope="program"))  # type: ignore[arg-type]
    folio, _, _ = _portfolio(session)
    with pytest.raises(Forbidden):
        _level(session, _as(session, Role.PROJECT_MANAGER), folio)


def test_started_work_that_overloads_someone_is_left_and_the_rest_levelled_around_it(
    session: Session,
) -> None:
    folio, projects, tasks = _portfolio(session)
    person = session.scalars(
        select(Assignment.resource_id).where(Assignment.task_id == tasks["HIGH"].id)
    ).one()
    more = f.task(session, projects["HIGH"], wbs="2", name="HIGH follow-up", duration_days=3.0)
    session.add(Assignment(task_id=more.id, resource_id=person, units=100.0))
    reschedule(session, projects["HIGH"])
    for code in ("HIGH", "LOW"):
        tasks[code].percent_complete = 20.0  # both under way: the person is at 200 % all week
    session.flush()
    scenario = _level(session, _as(session, Role.PMO), folio)
    summary = scenario.summary  # type: ignore[attr-defined]
    assert summary["status"] in ("optimal", "feasible")
    assert summary["why"] is None
    moves = {m.task_id: m for m in session.scalars(select(ScenarioTask))}
    assert set(moves) == {more.id}  # the started tasks stay, the follow-up waits for them
    assert moves[more.id].start_after == date(2026, 6, 8)
    assert summary["conflicts_after"] == 5  # the started overload is left, nothing added
    [run] = summary["over_allocations_left"]
    assert (run["resource_id"], run["first"], run["last"], run["peak"]) == (
        person,
        "2026-06-01",
        "2026-06-05",
        200,
    )
    assert {(c["project"], c["name"]) for c in run["started_tasks"]} == {
        ("HIGH", "HIGH work"),
        ("LOW", "LOW work"),
    }


def test_within_float_infeasible_names_the_person_tasks_and_day(session: Session) -> None:
    folio, _, _ = _portfolio(session)
    scenario = _level(session, _as(session, Role.PMO), folio, within_float=True)
    summary = scenario.summary  # type: ignore[attr-defined]
    assert summary["status"] == "infeasible"
    assert summary["why"]["key"] == "levelling.reason.float_clash"
    params = summary["why"]["params"]
    assert params["resource"] == "Shared expert"
    assert (params["day"], params["need"], params["available"]) == ("2026-06-01", 200, 100)
    assert params["tasks"] == "HIGH 1 HIGH work, LOW 1 LOW work"
    assert summary["reason"].startswith("Shared expert is needed 200 % on 2026-06-01")
    assert session.scalars(select(ScenarioTask)).all() == []


def test_within_float_without_room_names_the_person_work_and_dates(session: Session) -> None:
    folio, projects, _ = _portfolio(session)
    # HIGH runs 1-5 June and may finish by 12 June: its 5 days have a week of float, but
    # LOW's 5 days are due by 5 June too; 15 person-days in 10 working days do not fit.
    projects["HIGH"].planned_finish = date(2026, 6, 12)
    person = session.scalars(select(Assignment.resource_id)).first()
    more = f.task(session, projects["HIGH"], wbs="2", name="HIGH more", duration_days=5.0)
    session.add(Assignment(task_id=more.id, resource_id=person, units=100.0))
    reschedule(session, projects["HIGH"])
    session.flush()
    scenario = _level(session, _as(session, Role.PMO), folio, within_float=True)
    summary = scenario.summary  # type: ignore[attr-defined]
    assert summary["status"] == "infeasible"
    assert summary["why"]["key"] == "levelling.reason.float_energy"
    params = summary["why"]["params"]
    assert (params["resource"], params["need"], params["available"]) == (
        "Shared expert",
        15.0,
        10.0,
    )
    assert (params["start"], params["end"]) == ("2026-06-01", "2026-06-12")


def test_demand_above_a_persons_capacity_is_levelled_at_it_and_named(session: Session) -> None:
    folio, _, tasks = _portfolio(session)
    assignment = session.scalars(
        select(Assignment).where(Assignment.task_id == tasks["LOW"].id)
    ).one()
    assignment.units = 150.0
    session.flush()
    summary = _level(session, _as(session, Role.PMO), folio).summary  # type: ignore[attr-defined]
    assert summary["status"] == "optimal"
    assert summary["clamped_demands"] == 1
    [cut] = summary["clamped"]
    assert (cut["project"], cut["name"], cut["resource"], cut["units"], cut["capacity"]) == (
        "LOW",
        "LOW work",
        "Shared expert",
        150,
        100,
    )
