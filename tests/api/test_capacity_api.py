"""/resources/requests, /resources/allocations, /resources/leave, /capacity and
/levelling/scenarios over HTTP."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from openpmo.db.models import Assignment, Skill
from openpmo.services.scheduling import reschedule
from tests import factories as f
from tests.api.conftest import World


def test_request_flow_over_http(client: TestClient, session: Session, world: World) -> None:
    session.add(Skill(name="Java"))
    dev = f.resource(session, name="Dev", role="Developer")
    session.commit()
    pm, rm = world.headers["project_manager"], world.headers["resource_manager"]
    body = {
        "project_id": world.project_a.id,
        "role": "Developer",
        "start": "2026-03-02",
        "finish": "2026-05-29",
        "percent": 50,
    }
    created = client.post("/api/v1/resources/requests", json=body, headers=pm)
    assert created.status_code == 201, created.text
    rid = created.json()["id"]
    assert created.json()["status"] == "draft"
    submitted = client.post(
        f"/api/v1/resources/requests/{rid}/submit", headers={**pm, "If-Match": 'W/"1"'}
    )
    assert submitted.json()["status"] == "submitted"
    decision = {"resource_ids": [dev.id]}
    as_pm = client.post(
        f"/api/v1/resources/requests/{rid}/decision", json=decision, headers={**pm, "If-Match": "2"}
    )
    assert as_pm.status_code == 403
    approved = client.post(
        f"/api/v1/resources/requests/{rid}/decision", json=decision, headers={**rm, "If-Match": "2"}
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    listed = client.get(
        "/api/v1/resources/allocations", params={"request_id": rid}, headers=rm
    ).json()
    assert [(a["resource_id"], a["percent"]) for a in listed["items"]] == [(dev.id, 50.0)]


def test_bad_request_names_every_field(client: TestClient, world: World) -> None:
    body = {"project_id": world.project_a.id, "start": "2026-05-01", "finish": "2026-04-01"}
    response = client.post(
        "/api/v1/resources/requests", json=body, headers=world.headers["project_manager"]
    )
    assert response.status_code == 422
    fields = sorted(e["field"] for e in response.json()["errors"])
    assert fields == ["finish", "role"]


def test_leave_lowers_capacity_and_bad_parameters_are_422(
    client: TestClient, session: Session, world: World
) -> None:
    person = f.resource(session, name="Away", org_unit_id=world.dept_b.id)
    session.commit()
    rm = world.headers["resource_manager"]
    leave = {"resource_id": person.id, "start": "2026-06-08", "finish": "2026-06-09"}
    assert client.post("/api/v1/resources/leave", json=leave, headers=rm).status_code == 201
    params = {
        "by": "person",
        "period": "week",
        "from": "2026-06-08",
        "to": "2026-06-14",
        "org_unit_id": world.dept_b.id,
    }
    report = client.get("/api/v1/capacity", params=params, headers=world.headers["pmo"]).json()
    row = next(r for r in report["rows"] if r["label"] == "Away")
    assert row["capacity"] == [24.0]
    bad = client.get(
        "/api/v1/capacity",
        params={"by": "team", "from": "2026-06-08", "to": "2026-06-01"},
        headers=world.headers["pmo"],
    )
    assert bad.status_code == 422
    assert sorted(e["field"] for e in bad.json()["errors"]) == ["by", "to"]
    member = client.get("/api/v1/capacity", headers=world.headers["member"])
    assert member.status_code == 403


def test_scenario_create_apply_conflict_and_discard(
    client: TestClient, session: Session, world: World
) -> None:
    folio = f.portfolio(session)
    person = f.resource(session, name="Expert")
    tasks = []
    for project, priority in ((world.project_a, 900), (world.project_b, 100)):
        project.portfolio_id, project.priority = folio.id, priority
        project.planned_start, project.planned_finish = date(2026, 6, 1), date(2026, 6, 5)
        task = f.task(session, project, wbs="1", duration_days=5.0)
        session.add(Assignment(task_id=task.id, resource_id=person.id, units=100))
        reschedule(session, project)
        tasks.append(task)
    session.commit()
    pmo = world.headers["admin"]
    body = {"portfolio_id": folio.id, "solver": "cpsat", "time_limit": 5}
    made = client.post("/api/v1/levelling/scenarios", json=body, headers=pmo)
    assert made.status_code == 201, made.text
    scenario = made.json()
    assert [t["task_id"] for t in scenario["moved_tasks"]] == [tasks[1].id]
    assert scenario["summary"]["conflicts_resolved"] == 5
    second = client.post("/api/v1/levelling/scenarios", json=body, headers=pmo).json()
    compared = client.get(
        "/api/v1/levelling/scenarios/compare",
        params={"ids": [scenario["id"], second["id"]]},
        headers=pmo,
    ).json()
    assert [c["total_delay_days"] for c in compared] == [5, 5]
    # someone edits the task the scenario moves: applying is refused and changes nothing
    patch = client.patch(
        f"/api/v1/projects/{world.project_b.id}/tasks/{tasks[1].id}",
        json={"name": "renamed", "version": 1},
        headers=pmo,
    )
    assert patch.status_code == 200, patch.text
    refused = client.post(
        f"/api/v1/levelling/scenarios/{scenario['id']}/apply",
        headers={**pmo, "If-Match": 'W/"1"'},
    )
    assert refused.status_code == 409
    assert "renamed" in refused.json()["detail"]
    fresh = client.post("/api/v1/levelling/scenarios", json=body, headers=pmo).json()
    applied = client.post(
        f"/api/v1/levelling/scenarios/{fresh['id']}/apply", headers={**pmo, "If-Match": "1"}
    )
    assert applied.status_code == 200, applied.text
    assert applied.json()["status"] == "applied"
    task = client.get(
        f"/api/v1/projects/{world.project_b.id}/tasks/{tasks[1].id}", headers=pmo
    ).json()
    assert task["scheduled_start"] == "2026-06-08T08:00:00"
    discarded = client.post(
        f"/api/v1/levelling/scenarios/{second['id']}/discard", headers={**pmo, "If-Match": "1"}
    )
    assert discarded.json()["status"] == "discarded"
    listed = client.get(
        "/api/v1/levelling/scenarios", params={"status": "draft"}, headers=pmo
    ).json()
    assert [s["id"] for s in listed["items"]] == [scenario["id"]]
