"""The projects endpoint: paging, filters, sorting, versions, workflow and errors."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Project
from openpmo.enums import ProjectStatus
from tests import factories as f
from tests.api.conftest import World

URL = "/api/v1/projects"


def new_project(world: World, **overrides: object) -> dict[str, object]:
    return {
        "code": "NEW-1",
        "name": "New plant MES",
        "org_unit_id": world.dept_a.id,
        "budget": "1250000.50",
        "planned_start": "2027-01-04",
        "planned_finish": "2027-06-30",
        **overrides,
    }


def test_create_returns_the_project_with_version_and_etag(client: TestClient, world: World) -> None:
    response = client.post(URL, json=new_project(world), headers=world.headers["admin"])
    assert response.status_code == 201
    body = response.json()
    assert body["version"] == 1
    assert body["status"] == "proposed"
    assert body["budget"] == "1250000.50"
    assert response.headers["etag"] == 'W/"1"'


def test_list_pages_with_items_and_total(
    client: TestClient, session: Session, world: World
) -> None:
    for _ in range(7):
        f.project(session, world.dept_a)
    session.commit()
    first = client.get(
        URL, params={"limit": 4, "offset": 0, "sort": "code"}, headers=world.headers["admin"]
    ).json()
    second = client.get(
        URL, params={"limit": 4, "offset": 4, "sort": "code"}, headers=world.headers["admin"]
    ).json()
    assert first["total"] == second["total"] == 9
    assert len(first["items"]) == 4
    assert len(second["items"]) == 4
    codes = [p["code"] for p in first["items"] + second["items"]]
    assert codes == sorted(codes)


def test_list_filters_by_status_org_unit_manager_and_text(
    client: TestClient, session: Session, world: World
) -> None:
    f.project(session, world.dept_b, status=ProjectStatus.ON_HOLD, name="Warehouse robots")
    session.commit()
    get = lambda **p: client.get(URL, params=p, headers=world.headers["admin"]).json()  # noqa: E731
    assert [p["name"] for p in get(status="on_hold")["items"]] == ["Warehouse robots"]
    assert get(status=["on_hold", "active"])["total"] == 3
    assert {p["id"] for p in get(org_unit_id=world.dept_a.id)["items"]} == {world.project_a.id}
    manager = world.project_b.manager_id
    assert {p["id"] for p in get(manager_id=manager)["items"]} == {world.project_b.id}
    assert get(q="ROBOTS")["total"] == 1


def test_list_sorts_descending_and_refuses_unknown_sort_keys(
    client: TestClient, session: Session, world: World
) -> None:
    f.project(session, world.dept_a, priority=990)
    session.commit()
    items = client.get(URL, params={"sort": "-priority"}, headers=world.headers["admin"]).json()
    assert items["items"][0]["priority"] == 990
    bad = client.get(URL, params={"sort": "password"}, headers=world.headers["admin"])
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "sort"


def test_update_with_current_version_bumps_it(client: TestClient, world: World) -> None:
    url = f"{URL}/{world.project_a.id}"
    etag = client.get(url, headers=world.headers["admin"]).headers["etag"]
    response = client.patch(
        url, json={"name": "Renamed"}, headers={**world.headers["admin"], "If-Match": etag}
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.headers["etag"] == 'W/"2"'


def test_stale_version_is_refused_and_leaves_the_record_untouched(
    client: TestClient, session: Session, world: World
) -> None:
    url = f"{URL}/{world.project_a.id}"
    first = client.patch(
        url, json={"name": "First writer", "version": 1}, headers=world.headers["admin"]
    )
    second = client.patch(
        url, json={"name": "Second writer", "version": 1}, headers=world.headers["admin"]
    )
    assert first.status_code == 200
    assert second.status_code == 409
    assert second.headers["content-type"] == "application/problem+json"
    assert second.json()["code"] == "error.stale_version"
    session.expire_all()
    assert session.get(Project, world.project_a.id).name == "First writer"  # type: ignore[union-attr]


def test_update_without_a_version_is_a_422_naming_it(client: TestClient, world: World) -> None:
    response = client.patch(
        f"{URL}/{world.project_a.id}", json={"name": "x"}, headers=world.headers["admin"]
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["version"]


def test_illegal_status_transition_is_a_409(client: TestClient, world: World) -> None:
    url = f"{URL}/{world.project_a.id}"
    closed = client.patch(
        url, json={"status": "closed", "version": 1}, headers=world.headers["admin"]
    )
    assert closed.status_code == 200
    reopened = client.patch(
        url, json={"status": "active", "version": 2}, headers=world.headers["admin"]
    )
    assert reopened.status_code == 409
    assert reopened.json()["code"] == "error.illegal_transition"
    assert "closed" in reopened.json()["detail"]


def test_invalid_input_names_every_bad_field_and_stores_nothing(
    client: TestClient, session: Session, world: World
) -> None:
    body = new_project(
        world,
        code="has space",
        name="",
        budget="-5",
        priority=0,
        org_unit_id=999999,
        planned_finish="2026-01-01",
        colour="red",
    )
    response = client.post(URL, json=body, headers=world.headers["admin"])
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"code", "name", "budget", "priority", "colour"} <= fields
    assert session.scalar(select(Project).where(Project.code == "has space")) is None


def test_references_and_date_order_are_checked_together(client: TestClient, world: World) -> None:
    body = new_project(world, org_unit_id=999999, portfolio_id=424242, objective_ids=[777])
    response = client.post(URL, json=body, headers=world.headers["admin"])
    assert response.status_code == 422
    fields = sorted(e["field"] for e in response.json()["errors"])
    assert fields == ["objective_ids", "org_unit_id", "portfolio_id"]
    late = client.patch(
        f"{URL}/{world.project_a.id}",
        json={"planned_finish": "2025-01-01", "version": 1},
        headers=world.headers["admin"],
    )
    assert late.status_code == 422
    assert late.json()["errors"][0]["field"] == "planned_finish"


def test_duplicate_code_is_a_422_on_code(client: TestClient, world: World) -> None:
    response = client.post(
        URL, json=new_project(world, code=world.project_a.code), headers=world.headers["admin"]
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "code"


def test_errors_speak_the_clients_language(client: TestClient, world: World) -> None:
    response = client.post(
        URL,
        json=new_project(world, name=""),
        headers={**world.headers["admin"], "Accept-Language": "zh-CN,zh;q=0.9"},
    )
    assert response.status_code == 422
    assert response.headers["content-language"] == "zh-CN"
    assert response.json()["errors"][0]["message"] == "至少需要 1 个字符"


def test_program_must_belong_to_the_projects_portfolio(
    client: TestClient, session: Session, world: World
) -> None:
    one, two = f.portfolio(session), f.portfolio(session)
    program = f.program(session, two)
    session.commit()
    response = client.post(
        URL,
        json=new_project(world, portfolio_id=one.id, program_id=program.id),
        headers=world.headers["admin"],
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "program_id"
    inferred = client.post(
        URL, json=new_project(world, program_id=program.id), headers=world.headers["admin"]
    )
    assert inferred.json()["portfolio_id"] == two.id


def test_objectives_are_linked_and_replaced(
    client: TestClient, session: Session, world: World
) -> None:
    first, second = f.objective(session), f.objective(session)
    session.commit()
    created = client.post(
        URL,
        json=new_project(world, objective_ids=[first.id, second.id]),
        headers=world.headers["admin"],
    ).json()
    assert created["objective_ids"] == sorted([first.id, second.id])
    updated = client.patch(
        f"{URL}/{created['id']}",
        json={"objective_ids": [second.id], "version": 1},
        headers=world.headers["admin"],
    ).json()
    assert updated["objective_ids"] == [second.id]


def test_delete_needs_the_version(client: TestClient, world: World) -> None:
    url = f"{URL}/{world.project_b.id}"
    assert client.delete(url, headers=world.headers["admin"]).status_code == 422
    stale = client.delete(url, headers={**world.headers["admin"], "If-Match": 'W/"9"'})
    assert stale.status_code == 409
    done = client.delete(url, headers={**world.headers["admin"], "If-Match": 'W/"1"'})
    assert done.status_code == 204
    assert client.get(url, headers=world.headers["admin"]).status_code == 404


def test_an_unknown_filter_is_a_422_not_everything(client: TestClient, world: World) -> None:
    response = client.get(URL, params={"statuz": "active"}, headers=world.headers["admin"])
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "statuz"
