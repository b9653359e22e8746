"""The shared registers: org units, PMOs, objectives, portfolios, programs, resources, users."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests import factories as f
from tests.api.conftest import World

CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "/org-units": ({"code": "QA", "name": "Quality", "kind": "department"}, {"name": "QA dept"}),
    "/pmos": (
        {"name": "IT PMO", "type": "directive", "level": "department"},
        {"type": "supportive"},
    ),
    "/objectives": ({"code": "S1", "name": "Cost leadership", "weight": 2.5}, {"weight": 3.0}),
    "/portfolios": ({"code": "PF-IT", "name": "IT", "name_zh": "信息化"}, {"name": "IT 2027"}),
    "/resources": (
        {
            "name": "Zhang Min",
            "name_zh": "张敏",
            "capacity_hours_per_week": 32,
            "cost_rate": "650.00",
            "skills": [{"skill": "SAP", "level": 5}],
        },
        {"capacity_hours_per_week": 40},
    ),
    "/users": (
        {
            "username": "li.lei",
            "full_name": "Li Lei",
            "password": "a-long-password",
            "role": "executive",
            "email": "li.lei@example.com",
        },
        {"role": "pmo"},
    ),
}


def with_refs(world: World, body: dict[str, Any], path: str) -> dict[str, Any]:
    if path in ("/pmos",):
        return {**body, "org_unit_id": world.dept_a.id}
    if path == "/org-units":
        return {**body, "parent_id": world.enterprise.id}
    return body


@pytest.mark.parametrize("path", sorted(CASES))
def test_create_read_update_delete(client: TestClient, world: World, path: str) -> None:
    h = world.headers["admin"]
    create, change = CASES[path]
    created = client.post(f"/api/v1{path}", json=with_refs(world, create, path), headers=h)
    assert created.status_code == 201, created.text
    item = f"/api/v1{path}/{created.json()['id']}"
    read = client.get(item, headers=h)
    assert read.headers["etag"] == 'W/"1"'
    updated = client.patch(item, json={**change, "version": 1}, headers=h)
    assert updated.status_code == 200, updated.text
    for key, value in change.items():
        assert updated.json()[key] == value
    assert client.patch(item, json={**change, "version": 1}, headers=h).status_code == 409
    assert client.delete(item, headers={**h, "If-Match": 'W/"2"'}).status_code == 204
    assert client.get(item, headers=h).status_code == 404


def test_org_units_cannot_become_their_own_ancestor(client: TestClient, world: World) -> None:
    response = client.patch(
        f"/api/v1/org-units/{world.enterprise.id}",
        json={"parent_id": world.dept_a.id, "version": 1},
        headers=world.headers["admin"],
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "error.field.parent_cycle"


def test_programs_need_an_existing_portfolio(
    client: TestClient, session: Session, world: World
) -> None:
    portfolio = f.portfolio(session)
    session.commit()
    h = world.headers["pmo"]
    ok = client.post(
        "/api/v1/programs",
        json={"code": "PG-1", "name": "ERP", "portfolio_id": portfolio.id},
        headers=h,
    )
    assert ok.status_code == 201
    bad = client.post(
        "/api/v1/programs", json={"code": "PG-2", "name": "ERP", "portfolio_id": 9999}, headers=h
    )
    assert bad.json()["errors"][0]["field"] == "portfolio_id"
    listed = client.get("/api/v1/programs", params={"portfolio_id": portfolio.id}, headers=h)
    assert listed.json()["total"] == 1


def test_resource_skills_are_replaced_and_shared(client: TestClient, world: World) -> None:
    h = world.headers["resource_manager"]
    one = client.post(
        "/api/v1/resources",
        json={
            "name": "A",
            "skills": [{"skill": "Java", "level": 3}, {"skill": "Testing", "level": 2}],
        },
        headers=h,
    ).json()
    two = client.post(
        "/api/v1/resources",
        json={"name": "B", "skills": [{"skill": "Java", "level": 5}]},
        headers=h,
    ).json()
    assert sorted(s["skill"] for s in one["skills"]) == ["Java", "Testing"]
    assert two["skills"] == [{"skill": "Java", "skill_zh": None, "level": 5}]
    changed = client.patch(
        f"/api/v1/resources/{one['id']}",
        json={"skills": [{"skill": "UX", "level": 4}], "version": 1},
        headers=h,
    ).json()
    assert changed["skills"] == [{"skill": "UX", "skill_zh": None, "level": 4}]
    bad = client.post(
        "/api/v1/resources",
        json={"name": "C", "skills": [{"skill": "Java", "level": 9}]},
        headers=h,
    )
    assert bad.json()["errors"][0]["field"] == "skills.0.level"


def test_users_never_show_their_password(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/users", headers=world.headers["admin"])
    assert response.json()["total"] == len(world.users)
    assert "password" not in response.text
    weak = client.post(
        "/api/v1/users",
        json={"username": "x1", "full_name": "X", "password": "short", "role": "member"},
        headers=world.headers["admin"],
    )
    assert weak.json()["errors"][0]["field"] == "password"


def test_lists_search_free_text(client: TestClient, session: Session, world: World) -> None:
    f.resource(session, name="Chen Jing", name_zh="陈静")
    session.commit()
    found = client.get("/api/v1/resources", params={"q": "陈"}, headers=world.headers["admin"])
    assert [r["name"] for r in found.json()["items"]] == ["Chen Jing"]
