"""Every change is in the audit log: who, when, entity, before → after."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import World


def test_creates_updates_and_deletes_are_audited_with_the_actor(
    client: TestClient, world: World
) -> None:
    h = world.headers["pmo"]
    created = client.post(
        "/api/v1/projects",
        json={"code": "AUD-1", "name": "Audited", "org_unit_id": world.dept_a.id},
        headers=h,
    )
    project_id = created.json()["id"]
    client.patch(
        f"/api/v1/projects/{project_id}", json={"name": "Audited twice", "version": 1}, headers=h
    )
    client.delete(f"/api/v1/projects/{project_id}", headers={**h, "If-Match": '"2"'})
    log = client.get(
        "/api/v1/audit",
        params={"entity": "project", "entity_id": project_id},
        headers=world.headers["admin"],
    ).json()
    actions = [e["action"] for e in log["items"]]
    assert actions == ["delete", "update", "create"]
    update = log["items"][1]
    assert update["before"] == {"name": "Audited"}
    assert update["after"] == {"name": "Audited twice"}
    assert {e["user_id"] for e in log["items"]} == {world.users["pmo"].id}


def test_a_refused_change_leaves_no_audit_entry(client: TestClient, world: World) -> None:
    url = f"/api/v1/projects/{world.project_a.id}"
    client.patch(url, json={"name": "Nope", "version": 99}, headers=world.headers["admin"])
    log = client.get(
        "/api/v1/audit",
        params={
            "entity": "project",
            "entity_id": world.project_a.id,
            "user_id": world.users["admin"].id,
        },
        headers=world.headers["admin"],
    ).json()
    assert log["total"] == 0


def test_passwords_never_reach_the_audit_log(client: TestClient, world: World) -> None:
    client.post(
        "/api/v1/users",
        json={
            "username": "newbie",
            "full_name": "New Bie",
            "password": "super-secret-pw",
            "role": "member",
        },
        headers=world.headers["admin"],
    )
    log = client.get("/api/v1/audit", params={"entity": "user"}, headers=world.headers["admin"])
    assert "super-secret-pw" not in log.text
    assert "password_hash" not in log.text
    assert "newbie" in log.text
