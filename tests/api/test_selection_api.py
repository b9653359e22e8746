"""Saved selection scenarios through the API: built from stored proposals and projects, run,
saved, compared, their frontier read, deleted with their version; bad parameters name the
field and store nothing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openpmo.db.models import (
    Pmo,
    Proposal,
    ResourceSkill,
    Score,
    ScoringCriterion,
    SelectionScenario,
    Skill,
)
from openpmo.enums import ProjectStatus, ProposalStatus
from tests import factories as f
from tests.api.conftest import World

URL = "/api/v1/portfolio/selection/scenarios"


def _pmo_id(session: Session, world: World) -> int:
    found = session.scalar(select(Pmo.id).where(Pmo.org_unit_id == world.dept_a.id))
    assert found is not None
    return found


def _proposal(
    session: Session, world: World, code: str, value: float, costs: list[float], **kw: Any
) -> Proposal:
    pmo_id = _pmo_id(session, world)
    criterion = session.scalar(select(ScoringCriterion).where(ScoringCriterion.pmo_id == pmo_id))
    if criterion is None:
        criterion = ScoringCriterion(pmo_id=pmo_id, code="value", name="Value", weight=1.0)
        session.add(criterion)
        session.flush()
    proposal = Proposal(
        code=code,
        title=f"Proposal {code}",
        status=kw.pop("status", ProposalStatus.UNDER_REVIEW),
        pmo_id=pmo_id,
        org_unit_id=world.dept_a.id,
        first_year=2027,
        costs=costs,
        benefits=[2 * sum(costs)],
        **kw,
    )
    session.add(proposal)
    session.flush()
    session.add(
        Score(
            proposal_id=proposal.id,
            reviewer_id=world.users["pmo"].id,
            criterion_id=criterion.id,
            score=value,
        )
    )
    session.flush()
    return proposal


@pytest.fixture
def knapsack(session: Session, world: World) -> World:
    """A (7, cost 60) is the best value for money, but B + C (5 + 5, cost 50 each) is
    the best that fits a budget of 100; greedy ranking takes A and nothing else fits."""
    _proposal(session, world, "A", 7, [60])
    _proposal(session, world, "B", 5, [50])
    _proposal(session, world, "C", 5, [50])
    world.project_a.status = ProjectStatus.CLOSED  # no running project in the horizon
    session.commit()
    return world


def _body(session: Session, world: World, **extra: Any) -> dict[str, Any]:
    return {
        "name": "Plan 2027",
        "pmo_id": _pmo_id(session, world),
        "first_year": 2027,
        "years": 1,
        "budget": [100],
        "frontier_points": 5,
        "time_limit": 5,
        **extra,
    }


def _create(client: TestClient, world: World, body: dict[str, Any]) -> Any:
    made = client.post(URL, json=body, headers=world.headers["pmo"])
    assert made.status_code == 201, made.text
    return made.json()


def _by_code(scenario: Any) -> dict[str, Any]:
    return {c["code"]: c for c in scenario["result"]["candidates"]}


def test_a_scenario_is_optimised_saved_and_beats_the_greedy_ranking(
    client: TestClient, session: Session, knapsack: World
) -> None:
    scenario = _create(client, knapsack, _body(session, knapsack))
    result = scenario["result"]
    assert scenario["status"] == "optimal"
    assert scenario["objective"] == pytest.approx(10)
    rows = _by_code(scenario)
    assert {c for c, r in rows.items() if r["selected"]} == {"B", "C"}
    assert result["greedy"]["objective"] == pytest.approx(7)
    assert result["gain"] == pytest.approx(3)
    assert result["budget_used"] == [100]
    # A is out because adding it would overspend 2027 (by 60) and its value is below the
    # worth of the budget it would take.
    kinds = {r["kind"] for r in rows["A"]["reasons"]}
    assert "budget" in kinds
    budget = next(r for r in rows["A"]["reasons"] if r["kind"] == "budget")
    assert budget["period"] == "2027"
    assert budget["amount"] == pytest.approx(60)
    assert rows["A"]["greedy"]
    assert not rows["B"]["greedy"]
    read = client.get(f"{URL}/{scenario['id']}", headers=knapsack.headers["executive"])
    assert read.status_code == 200
    assert read.headers["etag"] == 'W/"1"'
    listed = client.get(URL, headers=knapsack.headers["executive"]).json()
    assert [s["name"] for s in listed["items"]] == ["Plan 2027"]


def test_the_frontier_is_stored_with_the_scenarios_point(
    client: TestClient, session: Session, knapsack: World
) -> None:
    scenario = _create(client, knapsack, _body(session, knapsack))
    frontier = client.get(f"{URL}/{scenario['id']}/frontier", headers=knapsack.headers["pmo"])
    assert frontier.status_code == 200
    body = frontier.json()
    assert body["budget"] == 100
    assert body["value"] == pytest.approx(10)
    budgets = [p["budget"] for p in body["points"]]
    assert budgets == [50, 75, 100, 125, 150]
    values = [p["value"] for p in body["points"]]
    assert values == pytest.approx([5, 7, 10, 12, 12])  # never falls as the budget grows


def test_must_do_forced_out_and_exclusions_by_code(
    client: TestClient, session: Session, knapsack: World
) -> None:
    body = _body(session, knapsack, must=["A"], forced_out=["C"], exclusive=[["A", "B"]])
    rows = _by_code(_create(client, knapsack, body))
    assert rows["A"]["selected"]
    assert rows["A"]["must"]
    assert not rows["B"]["selected"]
    assert any(r["kind"] == "exclusive" and r["other"] == "A" for r in rows["B"]["reasons"])
    assert [r["kind"] for r in rows["C"]["reasons"]] == ["forced_out"]


def test_a_later_start_window_lets_a_proposal_wait_for_budget(
    client: TestClient, session: Session, knapsack: World
) -> None:
    body = _body(session, knapsack, years=2, budget=[100, 60], max_shift=1)
    rows = _by_code(_create(client, knapsack, body))
    assert {c for c, r in rows.items() if r["selected"]} == {"A", "B", "C"}
    assert rows["A"]["start"] == "2028"
    assert rows["A"]["shift"] == 1


def test_skill_capacity_of_the_pool_limits_the_selection(
    client: TestClient, session: Session, world: World
) -> None:
    skill = Skill(name="Welding")
    session.add(skill)
    session.flush()
    welder = f.resource(session, unit=world.dept_a, capacity_hours_per_week=40.0)
    session.add(ResourceSkill(resource_id=welder.id, skill_id=skill.id, level=3))
    need = [{"skill_id": skill.id, "period": q, "hours": 400.0} for q in range(4)]
    _proposal(session, world, "W1", 6, [10], skills=need)
    _proposal(session, world, "W2", 5, [10], skills=need)
    world.project_a.status = ProjectStatus.CLOSED
    session.commit()
    scenario = _create(client, world, _body(session, world))
    rows = _by_code(scenario)
    # One welder works about 2,000 hours a year: room for one 1,600-hour proposal.
    assert rows["W1"]["selected"]
    assert not rows["W2"]["selected"]
    reason = next(r for r in rows["W2"]["reasons"] if r["kind"] == "skill")
    assert reason["skill"] == "Welding"
    assert reason["period"] == "2027"
    assert scenario["result"]["skills"][0]["name"] == "Welding"
    no_skills = _create(client, world, _body(session, world, use_skills=False, name="No pool"))
    assert all(r["selected"] for r in _by_code(no_skills).values() if r["kind"] == "proposal")


def test_running_projects_are_must_do_with_their_budget_spread_over_their_dates(
    client: TestClient, session: Session, world: World
) -> None:
    _proposal(session, world, "P1", 8, [50])
    session.commit()
    body = _body(session, world, first_year=2026, years=2, budget=[120_000, 100])
    rows = _by_code(_create(client, world, body))
    running = rows[world.project_a.code]
    assert running["running"]
    assert running["must"]
    assert running["selected"]
    assert running["cost"][0] == pytest.approx(100_000)
    assert running["cost"][1] == 0
    assert rows["P1"]["selected"]
    assert rows["P1"]["start"] == "2027"
    stopped = _create(client, world, {**body, "forced_out": [world.project_a.code]})
    assert not _by_code(stopped)[world.project_a.code]["selected"]


def test_a_budget_too_small_for_the_running_projects_is_infeasible_with_the_reason(
    client: TestClient, session: Session, world: World
) -> None:
    session.commit()
    body = _body(session, world, first_year=2026, budget=[1000])
    scenario = _create(client, world, body)
    assert scenario["status"] == "infeasible"
    reasons = scenario["result"]["infeasibility"]
    assert reasons[0]["kind"] == "budget"
    assert reasons[0]["period"] == "2026"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"budget": [100, 100]}, "budget"),
        ({"must": ["NOPE"]}, "must.0"),
        ({"forced_out": ["A"], "must": ["A"]}, "must.0"),
        ({"dependencies": [{"prerequisite": "A", "dependent": "A"}]}, "dependencies.0.dependent"),
        ({"windows": [{"code": "B", "earliest": 2027, "latest": 2031}]}, "windows.0.latest"),
        ({"portfolio_id": 1}, "pmo_id"),
        ({"time_limit": 0}, "time_limit"),
    ],
)
def test_bad_parameters_name_the_field_and_store_nothing(
    client: TestClient, session: Session, knapsack: World, extra: dict[str, Any], field: str
) -> None:
    response = client.post(
        URL, json=_body(session, knapsack, **extra), headers=knapsack.headers["pmo"]
    )
    assert response.status_code == 422, response.text
    fields = [e["field"] for e in response.json()["errors"]]
    assert field in fields
    assert session.scalar(select(func.count()).select_from(SelectionScenario)) == 0


def test_compare_says_what_came_in_and_what_went_out(
    client: TestClient, session: Session, knapsack: World
) -> None:
    wide = _create(client, knapsack, _body(session, knapsack))
    narrow = _create(client, knapsack, _body(session, knapsack, budget=[60], name="Lean"))
    response = client.get(
        f"{URL}/compare",
        params={"ids": [wide["id"], narrow["id"]]},
        headers=knapsack.headers["executive"],
    )
    assert response.status_code == 200, response.text
    body = response.json()
    changes = {c["code"]: c["change"] for c in body["changes"]}
    assert changes == {"A": "added", "B": "removed", "C": "removed"}
    assert body["value_change"] == pytest.approx(-3)
    assert body["a"]["budget_used"] == [100]
    assert body["b"]["budget_used"] == [60]
    same = client.get(
        f"{URL}/compare", params={"ids": [wide["id"], wide["id"]]}, headers=knapsack.headers["pmo"]
    )
    assert same.status_code == 422


def test_delete_needs_the_current_version(
    client: TestClient, session: Session, knapsack: World
) -> None:
    scenario = _create(client, knapsack, _body(session, knapsack))
    where = f"{URL}/{scenario['id']}"
    headers = knapsack.headers["pmo"]
    assert client.delete(where, headers=headers).status_code == 422
    assert client.delete(where, headers={**headers, "If-Match": 'W/"9"'}).status_code == 409
    assert client.delete(where, headers={**headers, "If-Match": 'W/"1"'}).status_code == 204
    assert client.get(where, headers=headers).status_code == 404


def test_only_a_pmo_optimises_and_members_read_nothing(
    client: TestClient, session: Session, knapsack: World
) -> None:
    body = _body(session, knapsack)
    denied = client.post(URL, json=body, headers=knapsack.headers["project_manager"])
    assert denied.status_code == 403
    assert client.get(URL, headers=knapsack.headers["member"]).status_code == 403
