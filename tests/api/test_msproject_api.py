"""POST /projects/import and GET /projects/{id}/export over HTTP."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openpmo.db.models import Project, Task
from openpmo.io.msproject import read_mspdi, read_mspdi_bytes
from tests.api.conftest import World

DATA = Path(__file__).resolve().parents[1] / "data" / "msproject"


def _upload(name: str) -> dict[str, tuple[str, bytes, str]]:
    return {"file": (name, (DATA / name).read_bytes(), "application/xml")}


def test_import_creates_a_scheduled_project_and_export_gives_it_back(
    client: TestClient, session: Session, world: World
) -> None:
    response = client.post(
        "/api/v1/projects/import",
        files=_upload("links_and_holiday.xml"),
        data={"code": "POUR", "org_unit_id": str(world.dept_a.id)},
        headers=world.headers["pmo"],
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["code"], body["tasks"], body["links"], body["calendar_exceptions"]) == (
        "POUR",
        6,
        5,
        1,
    )
    assert body["schedule"]["finish"] == "2025-04-10T10:00:00"
    exported = client.get(
        f"/api/v1/projects/{body['project_id']}/export",
        params={"format": "mspdi"},
        headers=world.headers["executive"],
    )
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("application/xml")
    copy = read_mspdi_bytes(exported.content)
    source = read_mspdi(DATA / "links_and_holiday.xml")
    assert [(t.name, t.start, t.finish) for t in copy.tasks] == [
        (t.name, t.start, t.finish) for t in source.tasks
    ]


def test_a_malformed_file_is_a_422_naming_the_line_and_stores_nothing(
    client: TestClient, session: Session, world: World
) -> None:
    before = session.scalar(select(func.count()).select_from(Project))
    response = client.post(
        "/api/v1/projects/import", files=_upload("not_xml.xml"), headers=world.headers["admin"]
    )
    assert response.status_code == 422
    problem = response.json()
    assert "line" in str(problem)
    assert session.scalar(select(func.count()).select_from(Project)) == before


def test_a_cycle_or_an_unknown_portfolio_is_a_422_and_rolls_back(
    client: TestClient, session: Session, world: World
) -> None:
    for name, data in (("cycle.xml", {}), ("office_move.xml", {"portfolio_id": "4242"})):
        response = client.post(
            "/api/v1/projects/import",
            files=_upload(name),
            data={"org_unit_id": str(world.dept_a.id), **data},
            headers=world.headers["admin"],
        )
        assert response.status_code == 422, name
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Task)) == 0


def test_only_pmo_and_admin_may_import_and_members_may_not_export_others_projects(
    client: TestClient, world: World
) -> None:
    response = client.post(
        "/api/v1/projects/import",
        files=_upload("office_move.xml"),
        headers=world.headers["project_manager"],
    )
    assert response.status_code == 403
    denied = client.get(
        f"/api/v1/projects/{world.project_b.id}/export", headers=world.headers["member"]
    )
    assert denied.status_code == 403
    bad = client.get(
        f"/api/v1/projects/{world.project_a.id}/export",
        params={"format": "xer"},
        headers=world.headers["admin"],
    )
    assert bad.status_code == 422
