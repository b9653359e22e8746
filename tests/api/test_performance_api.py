"""Progress, performance, portfolio health, overrides, quality checks and remediation over HTTP."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openpmo.db.models import Task, TaskProgress
from openpmo.enums import CalendarKind
from tests import factories as f
from tests.api.conftest import World


def url(project_id: int, path: str) -> str:
    return f"/api/v1/projects/{project_id}/{path}"


def _plan(client: TestClient, session: Session, world: World) -> dict[str, Task]:
    """Project A: A (10 d) → B (10 d) from Monday 2026-03-02, 8,000 each; baseline 0."""
    project = world.project_a
    project.planned_start = date(2026, 3, 2)
    project.calendar = CalendarKind.STANDARD
    worker = f.resource(session, cost_rate=Decimal("100.00"))
    a = f.task(session, project, wbs="1", duration_days=10.0, assignee_id=worker.id)
    b = f.task(session, project, wbs="2", duration_days=10.0, assignee_id=worker.id)
    f.dependency(session, a, b)
    session.commit()
    h = world.headers["project_manager"]
    assert (
        client.post(url(project.id, "baselines"), json={"name": "Plan"}, headers=h).status_code
        == 201
    )
    check = {"kind": "test", "checked_on": "2026-03-04", "passed": True}
    assert client.post(url(project.id, "quality-checks"), json=check, headers=h).status_code == 201
    return {"A": a, "B": b}


def _record(
    client: TestClient, world: World, body: dict[str, object], who: str = "project_manager"
):  # type: ignore[no-untyped-def]
    return client.post(url(world.project_a.id, "progress"), json=body, headers=world.headers[who])


def test_progress_then_performance_with_reasons_in_both_languages(
    client: TestClient, session: Session, world: World
) -> None:
    t = _plan(client, session, world)
    body = {
        "status_date": "2026-03-09",
        "tasks": [{"task_id": t["A"].id, "percent_complete": 40, "actual_cost": "5000"}],
    }
    recorded = _record(client, world, body)
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["tasks_recorded"] == 1
    h = world.headers["member"]
    en = client.get(
        url(world.project_a.id, "performance"),
        params={"status_date": "2026-03-09"},
        headers={**h, "Accept-Language": "en"},
    )
    assert en.status_code == 200, en.text
    data = en.json()
    assert (data["money"]["pv"], data["money"]["ev"], data["money"]["ac"]) == (
        4000.0,
        3200.0,
        5000.0,
    )
    assert data["money"]["cpi"] == 0.64
    assert data["overall"]["colour"] == "red"
    cost = next(d for d in data["dimensions"] if d["dimension"] == "cost")
    cpi = next(r for r in cost["reasons"] if r["key"] == "health.reason.cpi_below")
    assert cpi["params"] == {"value": 0.64, "threshold": 0.9}
    assert cpi["text"] == "CPI 0.64 is below the 0.90 threshold"
    zh = client.get(
        url(world.project_a.id, "performance"), headers={**h, "Accept-Language": "zh-CN"}
    ).json()
    zh_cost = next(d for d in zh["dimensions"] if d["dimension"] == "cost")
    assert zh_cost["summary"].startswith("红")
    assert "CPI" in zh_cost["summary"]


def test_bad_progress_is_a_422_naming_each_field_and_writes_nothing(
    client: TestClient, session: Session, world: World
) -> None:
    t = _plan(client, session, world)
    body = {
        "status_date": "2026-03-09",
        "tasks": [
            {"task_id": t["A"].id, "percent_complete": 40},
            {"task_id": t["B"].id, "percent_complete": 101, "actual_hours": -2},
        ],
    }
    response = _record(client, world, body)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"tasks[1].percent_complete", "tasks[1].actual_hours"}
    assert session.scalar(select(func.count()).select_from(TaskProgress)) == 0


def test_only_the_projects_manager_records_progress(
    client: TestClient, session: Session, world: World
) -> None:
    t = _plan(client, session, world)
    body = {"status_date": "2026-03-09", "tasks": [{"task_id": t["A"].id, "percent_complete": 5}]}
    assert _record(client, world, body, "other_pm").status_code == 403
    assert _record(client, world, body, "member").status_code == 403
    assert _record(client, world, body, "project_manager").status_code == 200


def test_a_member_sees_only_its_projects_in_portfolio_health(
    client: TestClient, session: Session, world: World
) -> None:
    t = _plan(client, session, world)
    body = {"status_date": "2026-03-09", "tasks": [{"task_id": t["A"].id, "percent_complete": 50}]}
    assert _record(client, world, body).status_code == 200
    member = client.get("/api/v1/portfolio/health", headers=world.headers["member"]).json()
    assert [p["project_id"] for p in member["projects"]] == [world.project_a.id]
    assert member["without_status_date"] == []
    admin = client.get("/api/v1/portfolio/health", headers=world.headers["admin"]).json()
    assert admin["without_status_date"] == [world.project_b.id]
    assert sum(admin["counts"].values()) == 2
    only_b = client.get(
        "/api/v1/portfolio/health",
        params={"org_unit_id": world.dept_b.id},
        headers=world.headers["admin"],
    ).json()
    assert only_b["projects"] == []
    assert only_b["without_status_date"] == [world.project_b.id]
    forbidden = client.get(url(world.project_b.id, "performance"), headers=world.headers["member"])
    assert forbidden.status_code == 403


def test_override_needs_a_comment_and_shows_beside_the_computed_colour(
    client: TestClient, session: Session, world: World
) -> None:
    t = _plan(client, session, world)
    body = {
        "status_date": "2026-03-09",
        "tasks": [{"task_id": t["A"].id, "percent_complete": 40, "actual_cost": "5000"}],
    }
    assert _record(client, world, body).status_code == 200
    h = world.headers["project_manager"]
    overrides = url(world.project_a.id, "health/overrides")
    missing = client.post(overrides, json={"dimension": "cost", "colour": "amber"}, headers=h)
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["comment"]
    made = client.post(
        overrides,
        json={"dimension": "cost", "colour": "amber", "comment": "Double-booked invoice"},
        headers=h,
    )
    assert made.status_code == 201, made.text
    assert (made.json()["colour"], made.json()["computed_colour"]) == ("amber", "red")
    cost = next(
        d
        for d in client.get(url(world.project_a.id, "performance"), headers=h).json()["dimensions"]
        if d["dimension"] == "cost"
    )
    assert (cost["colour"], cost["computed_colour"]) == ("amber", "red")
    assert cost["override"]["comment"] == "Double-booked invoice"
    other = client.post(
        overrides,
        json={"dimension": "cost", "colour": "green", "comment": "no"},
        headers=world.headers["other_pm"],
    )
    assert other.status_code == 403


def test_excel_template_round_trip_and_bad_cells(
    client: TestClient, session: Session, world: World
) -> None:
    t = _plan(client, session, world)
    h = world.headers["project_manager"]
    template = client.get(url(world.project_a.id, "progress/template.xlsx"), headers=h)
    assert template.status_code == 200
    book = load_workbook(BytesIO(template.content))
    sheet = book["Progress"]
    assert [c.value for c in sheet[1]][:4] == ["task_id", "wbs", "name", "percent_complete"]
    assert [sheet.cell(row=r, column=1).value for r in (2, 3)] == [t["A"].id, t["B"].id]
    sheet["D2"] = 150
    sheet["I3"] = "lots"
    bad = BytesIO()
    book.save(bad)
    files = {"file": ("progress.xlsx", bad.getvalue(), "application/octet-stream")}
    response = client.post(
        url(world.project_a.id, "progress/upload"),
        files=files,
        data={"status_date": "2026-03-09"},
        headers=h,
    )
    assert response.status_code == 422, response.text
    assert {e["field"] for e in response.json()["errors"]} == {
        "file.Progress!D2",
        "file.Progress!I3",
    }
    assert session.scalar(select(func.count()).select_from(TaskProgress)) == 0
    sheet["D2"] = 60
    sheet["I2"] = 4000
    sheet["I3"] = None
    good = BytesIO()
    book.save(good)
    files = {"file": ("progress.xlsx", good.getvalue(), "application/octet-stream")}
    response = client.post(
        url(world.project_a.id, "progress/upload"),
        files=files,
        data={"status_date": "2026-03-09"},
        headers=h,
    )
    assert response.status_code == 200, response.text
    assert response.json()["tasks_recorded"] == 2
    money = client.get(url(world.project_a.id, "performance"), headers=h).json()["money"]
    assert (money["ev"], money["ac"]) == (4800.0, 4000.0)


def test_remediation_actions_are_tracked_to_closure(
    client: TestClient, session: Session, world: World
) -> None:
    h = world.headers["project_manager"]
    base = url(world.project_a.id, "remediation-actions")
    made = client.post(
        base, json={"description": "Re-plan the test phase", "due_date": "2026-04-01"}, headers=h
    )
    assert made.status_code == 201, made.text
    action = made.json()
    assert (action["status"], action["closed_at"]) == ("open", None)
    done = client.patch(
        f"{base}/{action['id']}", json={"status": "done", "version": action["version"]}, headers=h
    )
    assert done.status_code == 200, done.text
    assert done.json()["closed_at"] is not None
    listed = client.get(base, params={"status": "done"}, headers=world.headers["member"]).json()
    assert [a["id"] for a in listed["items"]] == [action["id"]]
    refused = client.post(base, json={"description": "x"}, headers=world.headers["member"])
    assert refused.status_code == 403


def test_pmo_thresholds_change_the_colour(
    client: TestClient, session: Session, world: World
) -> None:
    t = _plan(client, session, world)
    body = {
        "status_date": "2026-03-09",
        "tasks": [{"task_id": t["A"].id, "percent_complete": 40, "actual_cost": "3200"}],
    }
    assert _record(client, world, body).status_code == 200
    h = world.headers["project_manager"]
    before = client.get(url(world.project_a.id, "performance"), headers=h).json()
    assert next(d for d in before["dimensions"] if d["dimension"] == "schedule")["colour"] == "red"
    pmo_id = world.users["pmo"].pmo_id
    settings = {
        "thresholds": {
            "spi": {"amber": 0.8, "red": 0.7},
            "cpi": {"amber": 0.95, "red": 0.9},
        }
    }
    refused = client.put(f"/api/v1/pmos/{pmo_id}/kpi-thresholds", json=settings, headers=h)
    assert refused.status_code == 403
    bad = {"thresholds": {"spi": {"amber": 0.7, "red": 0.8}}}
    wrong = client.put(
        f"/api/v1/pmos/{pmo_id}/kpi-thresholds", json=bad, headers=world.headers["pmo"]
    )
    assert wrong.status_code == 422
    assert [e["field"] for e in wrong.json()["errors"]] == ["thresholds.spi"]
    saved = client.put(
        f"/api/v1/pmos/{pmo_id}/kpi-thresholds", json=settings, headers=world.headers["pmo"]
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["is_default"] is False
    after = client.get(url(world.project_a.id, "performance"), headers=h).json()
    assert [d["dimension"] for d in after["dimensions"]] == ["schedule", "cost"]
    assert after["overall"]["colour"] == "green"
