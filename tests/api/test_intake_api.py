"""Intake through the API: the proposal workflow, business case, conversion to a project,
scoring with spread, the ranked list, and the strategy coverage map."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Pmo
from tests import factories as f
from tests.api.conftest import World

TEMPLATE: dict[str, Any] = {
    "code": "AG",
    "name": "Agile",
    "methodology": "agile",
    "phases": [
        {"key": "inception", "name": "Inception", "gate_name": "Go"},
        {"key": "sprints", "name": "Sprints", "iterations": 6, "gate_name": "Release"},
    ],
}


def _pmo(session: Session, world: World) -> int:
    found = session.scalar(select(Pmo.id).where(Pmo.org_unit_id == world.dept_a.id))
    assert found is not None
    return found


def _proposal(client: TestClient, world: World, session: Session, **extra: Any) -> Any:
    objective = f.objective(session)
    session.commit()
    body = {
        "code": "PR-1",
        "title": "New CRM",
        "title_zh": "新客户管理系统",
        "pmo_id": _pmo(session, world),
        "org_unit_id": world.dept_a.id,
        "methodology": "agile",
        "first_year": 2027,
        "costs": [1000, 0, 0, 0],
        "benefits": [0, 300, 400, 500],
        "contributions": [{"objective_id": objective.id, "contribution": 60}],
        **extra,
    }
    made = client.post("/api/v1/proposals", json=body, headers=world.headers["project_manager"])
    assert made.status_code == 201, made.text
    return made.json()


def _move(client: TestClient, world: World, proposal: Any, status: str, who: str) -> Any:
    return client.post(
        f"/api/v1/proposals/{proposal['id']}/transition",
        json={"status": status, "version": proposal["version"]},
        headers=world.headers[who],
    )


def test_business_case_uses_the_pmos_discount_rate(
    client: TestClient, world: World, session: Session
) -> None:
    proposal = _proposal(client, world, session)
    pmo = _pmo(session, world)
    client.patch(
        f"/api/v1/pmos/{pmo}/policy", json={"discount_rate": 0.1}, headers=world.headers["pmo"]
    )
    case = client.get(
        f"/api/v1/proposals/{proposal['id']}/business-case", headers=world.headers["pmo"]
    ).json()
    assert case["flows"] == [-1000, 300, 400, 500]
    assert case["npv"] == pytest.approx(-21.0368, abs=1e-3)
    assert case["irr"] == pytest.approx(0.08896, abs=1e-4)
    assert case["payback_years"] == pytest.approx(2.6)
    assert case["roi"] == pytest.approx(0.2)


def test_workflow_refuses_skipping_review_and_approval_makes_the_project(
    client: TestClient, world: World, session: Session
) -> None:
    template = client.post(
        "/api/v1/lifecycle-templates", json=TEMPLATE, headers=world.headers["pmo"]
    )
    proposal = _proposal(client, world, session, lifecycle_template_id=template.json()["id"])
    skipped = _move(client, world, proposal, "approved", "executive")
    assert skipped.status_code == 409
    assert skipped.json()["code"] == "error.illegal_transition"
    proposal = _move(client, world, proposal, "submitted", "project_manager").json()
    assert _move(client, world, proposal, "under_review", "project_manager").status_code == 403
    proposal = _move(client, world, proposal, "under_review", "pmo").json()
    approved = _move(client, world, proposal, "approved", "executive")
    assert approved.status_code == 200, approved.text
    project_id = approved.json()["project_id"]
    project = client.get(f"/api/v1/projects/{project_id}", headers=world.headers["pmo"]).json()
    assert project["code"] == "PR-1"
    assert project["status"] == "approved"
    assert project["budget"] == "1000.00"
    assert project["current_phase"] == "Inception"
    phases = client.get(f"/api/v1/projects/{project_id}/phases", headers=world.headers["pmo"])
    assert [p["key"] for p in phases.json()] == ["inception", "sprints"]
    contributions = client.get(
        f"/api/v1/projects/{project_id}/contributions", headers=world.headers["pmo"]
    ).json()
    assert [c["contribution"] for c in contributions] == [60]
    locked = client.patch(
        f"/api/v1/proposals/{proposal['id']}",
        json={"title": "Late", "version": approved.json()["version"]},
        headers=world.headers["pmo"],
    )
    assert locked.status_code == 409


def test_scores_are_aggregated_with_spread_and_ranked(
    client: TestClient, world: World, session: Session
) -> None:
    pmo = _pmo(session, world)
    h = world.headers["pmo"]
    ids = []
    for code, weight in (("benefit", 3.0), ("risk", 1.0)):
        made = client.post(
            f"/api/v1/pmos/{pmo}/scoring-criteria",
            json={"code": code, "name": code, "weight": weight},
            headers=h,
        )
        assert made.status_code == 201, made.text
        ids.append(made.json()["id"])
    proposal = _proposal(client, world, session)
    url = f"/api/v1/proposals/{proposal['id']}/scores/mine"
    sheet = {"scores": [{"criterion_id": ids[0], "score": 8}, {"criterion_id": ids[1], "score": 4}]}
    assert client.put(url, json=sheet, headers=h).status_code == 409  # still a draft
    proposal = _move(client, world, proposal, "submitted", "project_manager").json()
    assert client.put(url, json=sheet, headers=h).status_code == 200
    other = {"scores": [{"criterion_id": ids[0], "score": 6}, {"criterion_id": ids[1], "score": 8}]}
    summary = client.put(url, json=other, headers=world.headers["executive"]).json()
    assert summary["reviewers"] == 2
    benefit, risk = summary["criteria"]
    assert (benefit["mean"], benefit["min"], benefit["max"]) == (7, 6, 8)
    assert (risk["mean"], risk["reviewers"]) == (6, 2)
    assert benefit["std"] == pytest.approx(1.0)
    assert benefit["weight"] == pytest.approx(0.75)
    # reviewer totals: 8*.75+4*.25 = 7.0 and 6*.75+8*.25 = 6.5
    assert summary["total"] == pytest.approx(7 * 0.75 + 6 * 0.25)
    assert (summary["total_min"], summary["total_max"]) == (pytest.approx(6.5), pytest.approx(7.0))
    member = client.put(url, json=sheet, headers=world.headers["project_manager"])
    assert member.status_code == 403
    ranked = client.get(f"/api/v1/pmos/{pmo}/ranking", headers=h).json()
    assert [(r["kind"], r["rank"]) for r in ranked] == [("proposal", 1)]
    assert sum(c["weighted"] for c in ranked[0]["summary"]["criteria"]) == pytest.approx(6.75)


def test_bad_proposal_input_names_every_field(
    client: TestClient, world: World, session: Session
) -> None:
    answer = client.post(
        "/api/v1/proposals",
        json={
            "code": "bad code",
            "title": "x",
            "pmo_id": _pmo(session, world),
            "org_unit_id": world.dept_a.id,
            "first_year": 2027,
            "costs": [-5],
            "contributions": [{"objective_id": 999, "contribution": 50}],
        },
        headers=world.headers["pmo"],
    )
    assert answer.status_code == 422
    assert {e["field"] for e in answer.json()["errors"]} == {"code", "costs.0"}
    missing = client.post(
        "/api/v1/proposals",
        json={
            "code": "OK-1",
            "title": "x",
            "pmo_id": _pmo(session, world),
            "org_unit_id": world.dept_a.id,
            "first_year": 2027,
            "contributions": [{"objective_id": 999, "contribution": 50}],
        },
        headers=world.headers["pmo"],
    )
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["contributions.0.objective_id"]
    denied = client.post("/api/v1/proposals", json={}, headers=world.headers["member"])
    assert denied.status_code in (403, 422)


def test_coverage_map_shows_gaps_budget_and_progress(
    client: TestClient, world: World, session: Session
) -> None:
    growth = f.objective(session, code="G")
    f.objective(session, code="Z")
    f.task(session, world.project_a, duration_days=10, percent_complete=50)
    f.task(session, world.project_a, duration_days=30, percent_complete=100)
    session.commit()
    pm = world.headers["project_manager"]
    put = client.put(
        f"/api/v1/projects/{world.project_a.id}/contributions",
        json=[{"objective_id": growth.id, "contribution": 50}],
        headers=pm,
    )
    assert put.status_code == 200, put.text
    cover = client.get("/api/v1/strategy/coverage", headers=world.headers["pmo"]).json()
    by_code = {o["code"]: o for o in cover["objectives"]}
    assert by_code["G"]["projects"] == 1
    assert by_code["G"]["budget"] == {"CNY": 100000.0}
    assert by_code["G"]["progress_percent"] == pytest.approx(87.5)
    assert by_code["Z"]["id"] in cover["objectives_without_projects"]
    assert [p["id"] for p in cover["projects_without_objectives"]] == [world.project_b.id]
    log = client.get(
        "/api/v1/audit",
        params={"entity": "project", "entity_id": world.project_a.id},
        headers=world.headers["admin"],
    ).json()
    assert log["items"][0]["after"] == {
        "contributions": [{"objective_id": growth.id, "contribution": 50.0}]
    }
    other = client.put(f"/api/v1/projects/{world.project_b.id}/contributions", json=[], headers=pm)
    assert other.status_code == 403
