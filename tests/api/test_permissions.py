"""Roles × endpoints × read/write: who may do what, including by project."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import World

ROLES = ("admin", "pmo", "executive", "project_manager", "other_pm", "resource_manager", "member")
EVERYONE = frozenset(ROLES)


def bodies(world: World, n: int) -> dict[str, dict[str, Any]]:
    return {
        "/org-units": {
            "code": f"T{n}",
            "name": "Team",
            "kind": "team",
            "parent_id": world.dept_a.id,
        },
        "/pmos": {
            "name": f"PMO {n}",
            "type": "supportive",
            "level": "project",
            "org_unit_id": world.dept_a.id,
        },
        "/users": {
            "username": f"newuser{n}",
            "full_name": "New User",
            "password": "long-enough-pw",
            "role": "member",
        },
        "/objectives": {"code": f"O{n}", "name": "Grow exports"},
        "/portfolios": {"code": f"PF-{n}", "name": "Digital"},
        "/resources": {"name": "Li Na", "skills": [{"skill": "Python", "level": 4}]},
        "/projects": {"code": f"P-{n}", "name": "New", "org_unit_id": world.dept_a.id},
    }


READERS = {
    "/projects": EVERYONE,
    "/portfolios": EVERYONE,
    "/programs": EVERYONE,
    "/objectives": EVERYONE,
    "/org-units": EVERYONE,
    "/pmos": EVERYONE,
    "/resources": EVERYONE,
    "/users": {"admin", "pmo"},
    "/audit": {"admin", "pmo"},
}

WRITERS = {
    "/org-units": {"admin", "pmo"},
    "/pmos": {"admin"},
    "/users": {"admin"},
    "/objectives": {"admin", "pmo"},
    "/portfolios": {"admin", "pmo"},
    "/resources": {"admin", "pmo", "resource_manager"},
    "/projects": {"admin", "pmo"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", sorted(READERS))
def test_list_endpoints_are_readable_by_the_right_roles(
    client: TestClient, world: World, path: str, role: str
) -> None:
    response = client.get(f"/api/v1{path}", headers=world.headers[role])
    assert response.status_code == (200 if role in READERS[path] else 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", sorted(WRITERS))
def test_create_endpoints_are_writable_by_the_right_roles(
    client: TestClient, world: World, path: str, role: str
) -> None:
    body = bodies(world, ROLES.index(role))[path]
    response = client.post(f"/api/v1{path}", json=body, headers=world.headers[role])
    assert response.status_code == (201 if role in WRITERS[path] else 403), response.text


@pytest.mark.parametrize("path", sorted(READERS))
def test_every_endpoint_needs_a_token(client: TestClient, world: World, path: str) -> None:
    response = client.get(f"/api/v1{path}")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_bad_token_is_a_401(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/projects", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401
    assert response.json()["code"] == "error.bad_token"


# Project A: dept A (the pmo user's scope), managed by project_manager, member on its team.
# Project B: dept B, managed by other_pm.
EDIT_A = {"admin", "pmo", "project_manager"}
EDIT_B = {"admin", "other_pm"}
READ_B = EVERYONE - {"member"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("part", ["tasks", "dependencies", "risks", "issues"])
def test_project_parts_are_readable_with_their_project(
    client: TestClient, world: World, part: str, role: str
) -> None:
    own = client.get(f"/api/v1/projects/{world.project_a.id}/{part}", headers=world.headers[role])
    other = client.get(f"/api/v1/projects/{world.project_b.id}/{part}", headers=world.headers[role])
    assert own.status_code == 200
    assert other.status_code == (200 if role in READ_B else 403)


@pytest.mark.parametrize("role", ROLES)
def test_project_risks_are_writable_by_the_projects_editors(
    client: TestClient, world: World, role: str
) -> None:
    for project, editors in ((world.project_a, EDIT_A), (world.project_b, EDIT_B)):
        response = client.post(
            f"/api/v1/projects/{project.id}/risks",
            json={"title": "Supplier delay", "probability": 0.4, "impact": 4},
            headers=world.headers[role],
        )
        assert response.status_code == (201 if role in editors else 403), (project.code, role)


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_may_change_a_project(client: TestClient, world: World, role: str) -> None:
    response = client.patch(
        f"/api/v1/projects/{world.project_a.id}",
        json={"description": f"by {role}", "version": 1},
        headers=world.headers[role],
    )
    assert response.status_code == (200 if role in EDIT_A else 403)


def test_a_project_manager_cannot_edit_someone_elses_project(
    client: TestClient, world: World
) -> None:
    response = client.patch(
        f"/api/v1/projects/{world.project_b.id}",
        json={"name": "Hijacked", "version": 1},
        headers=world.headers["project_manager"],
    )
    assert response.status_code == 403
    assert response.json()["code"] == "error.forbidden"
    assert (
        client.get(f"/api/v1/projects/{world.project_b.id}", headers=world.headers["admin"]).json()[
            "name"
        ]
        != "Hijacked"
    )


def test_a_member_lists_only_the_projects_it_works_on(client: TestClient, world: World) -> None:
    listed = client.get("/api/v1/projects", headers=world.headers["member"]).json()
    assert [p["id"] for p in listed["items"]] == [world.project_a.id]
    assert listed["total"] == 1
    other = client.get(f"/api/v1/projects/{world.project_b.id}", headers=world.headers["member"])
    assert other.status_code == 403


def test_a_pmo_user_may_not_create_projects_outside_its_scope(
    client: TestClient, world: World
) -> None:
    body = {"code": "OUT-1", "name": "Elsewhere", "org_unit_id": world.dept_b.id}
    response = client.post("/api/v1/projects", json=body, headers=world.headers["pmo"])
    assert response.status_code == 403
    moved = client.patch(
        f"/api/v1/projects/{world.project_a.id}",
        json={"org_unit_id": world.dept_b.id, "version": 1},
        headers=world.headers["pmo"],
    )
    assert moved.status_code == 403
