"""Tasks, dependencies, risks and issues under /projects/{id}/..."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests import factories as f
from tests.api.conftest import World


def url(world: World, part: str, project_id: int | None = None) -> str:
    return f"/api/v1/projects/{project_id or world.project_a.id}/{part}"


def test_tasks_form_a_wbs_tree_and_parents_become_summaries(
    client: TestClient, world: World
) -> None:
    h = world.headers["project_manager"]
    phase = client.post(url(world, "tasks"), json={"wbs": "1", "name": "Design"}, headers=h).json()
    child = client.post(
        url(world, "tasks"),
        json={"wbs": "1.1", "name": "Spec", "parent_id": phase["id"], "duration_days": 3},
        headers=h,
    )
    assert child.status_code == 201
    listed = client.get(url(world, "tasks"), headers=h).json()
    assert [t["wbs"] for t in listed["items"]] == ["1", "1.1"]
    assert listed["items"][0]["is_summary"] is True


def test_task_rules_are_reported_by_field(
    client: TestClient, session: Session, world: World
) -> None:
    other = f.task(session, world.project_b)
    f.task(session, world.project_a, wbs="7")
    session.commit()
    h = world.headers["admin"]
    response = client.post(
        url(world, "tasks"), json={"wbs": "7", "name": "Clash", "parent_id": other.id}, headers=h
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"wbs", "parent_id"}
    milestone = client.post(
        url(world, "tasks"),
        json={"wbs": "8", "name": "Go-live", "is_milestone": True, "duration_days": 2},
        headers=h,
    )
    assert milestone.status_code == 422
    assert milestone.json()["errors"][0]["field"] == "duration_days"


def test_dependencies_refuse_self_links_duplicates_and_cycles(
    client: TestClient, session: Session, world: World
) -> None:
    a, b, c = (f.task(session, world.project_a) for _ in range(3))
    session.commit()
    h = world.headers["project_manager"]
    link = lambda p, s, **kw: client.post(  # noqa: E731
        url(world, "dependencies"),
        json={"predecessor_id": p.id, "successor_id": s.id, **kw},
        headers=h,
    )
    assert link(a, b).status_code == 201
    assert link(b, c, type="SS", lag_days=-2).status_code == 201
    for bad, code in (
        (link(a, a), "error.field.self_link"),
        (link(a, b), "error.field.duplicate"),
        (link(c, a), "error.field.link_cycle"),
    ):
        assert bad.status_code == 422
        assert bad.json()["errors"][0]["code"] == code


def test_dependencies_stay_within_their_project(
    client: TestClient, session: Session, world: World
) -> None:
    mine, theirs = f.task(session, world.project_a), f.task(session, world.project_b)
    session.commit()
    response = client.post(
        url(world, "dependencies"),
        json={"predecessor_id": mine.id, "successor_id": theirs.id},
        headers=world.headers["admin"],
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "successor_id"


def test_a_record_of_another_project_is_not_found_here(
    client: TestClient, session: Session, world: World
) -> None:
    foreign = f.risk(session, world.project_b)
    session.commit()
    response = client.get(f"{url(world, 'risks')}/{foreign.id}", headers=world.headers["admin"])
    assert response.status_code == 404


def test_risks_carry_their_exposure_and_can_be_filtered(client: TestClient, world: World) -> None:
    h = world.headers["project_manager"]
    client.post(
        url(world, "risks"),
        json={"title": "Vendor lock-in", "probability": 0.3, "impact": 5},
        headers=h,
    )
    client.post(
        url(world, "risks"),
        json={"title": "Key person leaves", "probability": 0.2, "impact": 4, "status": "closed"},
        headers=h,
    )
    open_risks = client.get(url(world, "risks"), params={"status": "open"}, headers=h).json()
    assert [r["title"] for r in open_risks["items"]] == ["Vendor lock-in"]
    assert open_risks["items"][0]["exposure"] == 1.5
    bad = client.post(
        url(world, "risks"), json={"title": "x", "probability": 1.5, "impact": 9}, headers=h
    )
    assert {e["field"] for e in bad.json()["errors"]} == {"probability", "impact"}


def test_issues_update_with_versions(client: TestClient, world: World) -> None:
    h = world.headers["project_manager"]
    created = client.post(
        url(world, "issues"), json={"title": "Test rig broken", "severity": 4}, headers=h
    ).json()
    item = f"{url(world, 'issues')}/{created['id']}"
    done = client.patch(
        item, json={"status": "resolved", "resolution": "Replaced", "version": 1}, headers=h
    )
    assert done.status_code == 200
    stale = client.patch(item, json={"status": "closed", "version": 1}, headers=h)
    assert stale.status_code == 409
    assert client.get(item, headers=h).json()["status"] == "resolved"
