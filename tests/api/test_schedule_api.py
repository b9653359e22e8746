"""/projects/{id}/schedule and /projects/{id}/baselines over HTTP."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from openpmo.db.models import Task
from tests import factories as f
from tests.api.conftest import World


def url(world: World, path: str) -> str:
    return f"/api/v1/projects/{world.project_a.id}/{path}"


def _network(session: Session, world: World) -> dict[str, Task]:
    """A (2 d) → B (3 d) from Monday 2025-09-29; 1-8 October is the National Day holiday."""
    world.project_a.planned_start = date(2025, 9, 29)
    a = f.task(session, world.project_a, wbs="1", duration_days=2.0)
    b = f.task(session, world.project_a, wbs="2", duration_days=3.0)
    f.dependency(session, a, b)
    session.commit()
    return {"A": a, "B": b}


def test_schedule_returns_the_summary_and_tasks_show_their_dates(
    client: TestClient, session: Session, world: World
) -> None:
    t = _network(session, world)
    h = world.headers["project_manager"]
    response = client.post(url(world, "schedule"), headers=h)
    assert response.status_code == 200
    assert response.json() == {
        "project_id": world.project_a.id,
        "start": "2025-09-29T08:00:00",
        "finish": "2025-10-11T17:00:00",
        "tasks_scheduled": 2,
        "critical_tasks": 2,
        "tasks_changed": 2,
        "external_links": 0,
        "years_without_holidays": [],
        "downstream": [],
    }
    task = client.get(url(world, f"tasks/{t['B'].id}"), headers=h).json()
    assert (task["early_start"], task["early_finish"]) == (
        "2025-10-09T08:00:00",
        "2025-10-11T17:00:00",
    )
    assert (task["total_float_minutes"], task["is_critical"], task["version"]) == (0, True, 1)
    audit = client.get(
        "/api/v1/audit",
        params={"entity": "project", "entity_id": world.project_a.id},
        headers=world.headers["admin"],
    ).json()
    assert [e["action"] for e in audit["items"]].count("schedule") == 1


def test_a_member_may_not_schedule(client: TestClient, session: Session, world: World) -> None:
    _network(session, world)
    response = client.post(url(world, "schedule"), headers=world.headers["member"])
    assert response.status_code == 403


def test_editing_a_task_reschedules_the_project(
    client: TestClient, session: Session, world: World
) -> None:
    t = _network(session, world)
    h = world.headers["project_manager"]
    client.post(url(world, "schedule"), headers=h)
    changed = client.patch(
        url(world, f"tasks/{t['A'].id}"),
        json={"duration_days": 3, "version": 1},
        headers=h,
    )
    assert changed.status_code == 200
    assert changed.json()["early_finish"] == "2025-10-09T17:00:00"
    assert changed.json()["version"] == 2
    b = client.get(url(world, f"tasks/{t['B'].id}"), headers=h).json()
    assert b["early_start"] == "2025-10-10T08:00:00"
    assert b["version"] == 1  # computed fields do not bump the version


def test_adding_and_removing_a_link_reschedules(
    client: TestClient, session: Session, world: World
) -> None:
    t = _network(session, world)
    h = world.headers["project_manager"]
    c = client.post(
        url(world, "tasks"), json={"wbs": "3", "name": "C", "duration_days": 1}, headers=h
    )
    assert c.json()["early_start"] == "2025-09-29T08:00:00"
    link = client.post(
        url(world, "dependencies"),
        json={"predecessor_id": t["B"].id, "successor_id": c.json()["id"], "lag_percent": 100},
        headers=h,
    )
    assert link.status_code == 201
    after = client.get(url(world, f"tasks/{c.json()['id']}"), headers=h).json()
    # B ends Saturday 11 October; a 100 % lag of its 3 days puts C on Thursday 16 October.
    assert after["early_start"] == "2025-10-16T08:00:00"
    client.delete(url(world, f"dependencies/{link.json()['id']}"), headers={**h, "If-Match": "1"})
    back = client.get(url(world, f"tasks/{c.json()['id']}"), headers=h).json()
    assert back["early_start"] == "2025-09-29T08:00:00"


def test_a_cycle_is_a_422_naming_its_tasks(
    client: TestClient, session: Session, world: World
) -> None:
    t = _network(session, world)
    f.dependency(session, t["B"], t["A"])
    session.commit()
    response = client.post(url(world, "schedule"), headers=world.headers["admin"])
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "dependencies"
    assert "1 → 2" in error["message"] or "2 → 1" in error["message"]


def test_a_constraint_needs_its_date(client: TestClient, session: Session, world: World) -> None:
    _network(session, world)
    response = client.post(
        url(world, "tasks"),
        json={"wbs": "9", "name": "Late", "constraint_type": "SNET"},
        headers=world.headers["project_manager"],
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "constraint_date"


def test_baselines_limit_and_variance(client: TestClient, session: Session, world: World) -> None:
    t = _network(session, world)
    h = world.headers["project_manager"]
    for k in range(11):
        saved = client.post(url(world, "baselines"), json={"name": f"B{k}"}, headers=h)
        assert saved.status_code == 201
        assert saved.json()["number"] == k
    twelfth = client.post(url(world, "baselines"), json={"name": "B11"}, headers=h)
    assert twelfth.status_code == 422
    assert twelfth.json()["errors"][0]["field"] == "number"
    assert len(client.get(url(world, "baselines"), headers=h).json()) == 11
    tenth = client.get(url(world, "baselines/10"), headers=h)
    assert client.delete(url(world, "baselines/10"), headers=h).status_code == 422  # no version
    stale = client.delete(url(world, "baselines/10"), headers={**h, "If-Match": 'W/"99"'})
    assert stale.status_code == 409
    fresh = {**h, "If-Match": tenth.headers["ETag"]}
    assert client.delete(url(world, "baselines/10"), headers=fresh).status_code == 204
    assert client.get(url(world, "baselines/10"), headers=h).status_code == 404
    client.patch(
        url(world, f"tasks/{t['A'].id}"), json={"duration_days": 3, "version": 1}, headers=h
    )
    variance = client.get(url(world, "baselines/0/variance"), headers=h)
    assert variance.status_code == 200
    body = variance.json()
    assert (body["finish_variance_days"], body["duration_variance_days"], body["tasks_late"]) == (
        1.0,
        1.0,
        2,
    )
    assert [(v["wbs"], v["start_variance_days"]) for v in body["tasks"]] == [("1", 0.0), ("2", 1.0)]
    member = client.get(url(world, "baselines/0/variance"), headers=world.headers["member"])
    assert member.status_code == 200
    assert (
        client.post(
            url(world, "baselines"), json={"name": "mine"}, headers=world.headers["member"]
        ).status_code
        == 403
    )


def test_a_link_may_come_from_another_project_of_the_same_program_only(
    client: TestClient, session: Session, world: World
) -> None:
    t = _network(session, world)
    group = f.program(session, f.portfolio(session))
    world.project_a.program_id = group.id
    sibling = f.project(session, world.dept_a, program_id=group.id)
    stranger = f.project(session, world.dept_a)
    upstream = f.task(session, sibling)
    outsider = f.task(session, stranger)
    session.commit()
    h = world.headers["admin"]
    ok = client.post(
        url(world, "dependencies"),
        json={"predecessor_id": upstream.id, "successor_id": t["A"].id},
        headers=h,
    )
    assert ok.status_code == 201
    refused = client.post(
        url(world, "dependencies"),
        json={"predecessor_id": outsider.id, "successor_id": t["A"].id},
        headers=h,
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "predecessor_id"


def test_patching_the_project_calendar_reschedules_its_tasks(
    client: TestClient, session: Session, world: World
) -> None:
    t = _network(session, world)
    h = world.headers["project_manager"]
    assert client.post(url(world, "schedule"), headers=h).status_code == 200
    project = f"/api/v1/projects/{world.project_a.id}"
    version = client.get(project, headers=h).json()["version"]
    response = client.patch(project, json={"calendar": "standard", "version": version}, headers=h)
    assert response.status_code == 200, response.text
    task = client.get(url(world, f"tasks/{t['B'].id}"), headers=h).json()
    # Without the Chinese holidays B no longer waits for the National Day week.
    assert (task["early_start"], task["early_finish"]) == (
        "2025-10-01T08:00:00",
        "2025-10-03T17:00:00",
    )


def test_a_schedule_into_a_year_without_holiday_data_says_so(
    client: TestClient, session: Session, world: World
) -> None:
    from openpmo.engines.calendars import china_holidays

    first_missing = max(china_holidays().years) + 1
    world.project_a.planned_start = date(first_missing - 1, 11, 2)
    f.task(session, world.project_a, wbs="1", duration_days=80.0)  # into the next year
    session.commit()
    h = world.headers["project_manager"]
    summary = client.post(url(world, "schedule"), headers=h).json()
    assert summary["finish"].startswith(str(first_missing))
    assert summary["years_without_holidays"] == [first_missing]
    project = client.get(f"/api/v1/projects/{world.project_a.id}", headers=h)
    standard = {"calendar": "standard", "version": project.json()["version"]}
    client.patch(f"/api/v1/projects/{world.project_a.id}", json=standard, headers=h)
    again = client.post(url(world, "schedule"), headers=h).json()
    assert again["years_without_holidays"] == []  # a plain week needs no holiday data
