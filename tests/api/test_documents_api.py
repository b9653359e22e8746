"""GET /projects/{id}/documents/{kind}, the PMO template endpoints and the vocabulary."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openpmo.db.models import DocumentTemplate, Pmo
from tests.api.conftest import World
from tests.documents_support import docx_bytes, docx_text, xlsx_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _pmo_id(session: Session, world: World) -> int:
    found = session.scalar(select(Pmo.id).where(Pmo.org_unit_id == world.dept_a.id))
    assert found is not None
    return found


def _upload(
    client: TestClient, world: World, pmo_id: int, data: bytes, name: str = "c.docx", **extra: str
):  # type: ignore[no-untyped-def]
    headers = {
        **world.headers["pmo"],
        **{k.replace("_", "-"): v for k, v in extra.items() if k == "If_Match"},
    }
    form = {
        "kind": "charter",
        "language": "en",
        **{k: v for k, v in extra.items() if k != "If_Match"},
    }
    return client.post(
        f"/api/v1/pmos/{pmo_id}/document-templates",
        data=form,
        files={"file": (name, data, DOCX)},
        headers=headers,
    )


def test_a_project_document_downloads_with_its_type_and_name(
    client: TestClient, world: World
) -> None:
    response = client.get(
        f"/api/v1/projects/{world.project_a.id}/documents/charter?language=zh-CN",
        headers=world.headers["member"],
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX
    assert (
        f'filename="{world.project_a.code}-charter-zh-CN.docx"'
        in response.headers["content-disposition"]
    )
    assert response.headers["x-openpmo-template"] == "builtin"
    assert "项目章程" in docx_text(response.content)
    register = client.get(
        f"/api/v1/projects/{world.project_a.id}/documents/risk_register",
        headers={**world.headers["pmo"], "Accept-Language": "zh-CN"},
    )
    assert register.headers["content-type"].endswith("spreadsheetml.sheet")
    assert register.headers["content-disposition"].endswith("risk_register-zh-CN.xlsx")


def test_members_cannot_have_documents_of_projects_they_do_not_work_on(
    client: TestClient, world: World
) -> None:
    response = client.get(
        f"/api/v1/projects/{world.project_b.id}/documents/plan", headers=world.headers["member"]
    )
    assert response.status_code == 403
    unknown = client.get(
        f"/api/v1/projects/{world.project_a.id}/documents/memo", headers=world.headers["pmo"]
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "kind"


def test_upload_list_replace_download_and_delete(
    client: TestClient, session: Session, world: World
) -> None:
    pmo_id = _pmo_id(session, world)
    created = _upload(client, world, pmo_id, docx_bytes("OURS {{ project.code }}"))
    assert created.status_code == 201, created.text
    assert created.headers["etag"] == 'W/"1"'
    template_id = created.json()["id"]
    listed = client.get(
        f"/api/v1/pmos/{pmo_id}/document-templates", headers=world.headers["executive"]
    )
    assert [t["file_name"] for t in listed.json()] == ["c.docx"]
    document = client.get(
        f"/api/v1/projects/{world.project_a.id}/documents/charter?language=en",
        headers=world.headers["project_manager"],
    )
    assert document.headers["x-openpmo-template"] == str(template_id)
    assert Document(BytesIO(document.content)).paragraphs[0].text == f"OURS {world.project_a.code}"

    again = _upload(client, world, pmo_id, docx_bytes("NEW"))
    assert again.status_code == 409
    assert again.json()["code"] == "error.template.exists"
    stale = _upload(client, world, pmo_id, docx_bytes("NEW"), If_Match='W/"7"')
    assert stale.status_code == 409
    replaced = _upload(client, world, pmo_id, docx_bytes("NEW"), name="new.docx", If_Match='W/"1"')
    assert replaced.status_code == 200
    assert replaced.json()["version"] == 2
    stored = client.get(
        f"/api/v1/document-templates/{template_id}/file", headers=world.headers["pmo"]
    )
    assert Document(BytesIO(stored.content)).paragraphs[0].text == "NEW"
    assert "new.docx" in stored.headers["content-disposition"]

    no_version = client.delete(
        f"/api/v1/document-templates/{template_id}", headers=world.headers["pmo"]
    )
    assert no_version.status_code == 422
    deleted = client.delete(
        f"/api/v1/document-templates/{template_id}",
        headers={**world.headers["pmo"], "If-Match": 'W/"2"'},
    )
    assert deleted.status_code == 204
    assert session.scalar(select(func.count()).select_from(DocumentTemplate)) == 0


def test_a_bad_template_is_a_422_naming_each_problem_in_the_clients_language(
    client: TestClient, session: Session, world: World
) -> None:
    pmo_id = _pmo_id(session, world)
    response = client.post(
        f"/api/v1/pmos/{pmo_id}/document-templates",
        data={"kind": "risk_register", "language": "zh-CN"},
        files={
            "file": (
                "r.xlsx",
                xlsx_bytes([["{{ project.nmae }}", "{{ risks | shout }}"]]),
                "application/octet-stream",
            )
        },
        headers={**world.headers["pmo"], "Accept-Language": "zh-CN"},
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["file.Risks!A1", "file.Risks!B1"]
    assert "未知的占位符“project.nmae”，是否应为“project.name”" in errors[0]["message"]
    assert "shout" in errors[1]["message"]
    wrong = _upload(client, world, pmo_id, b"not a zip", name="c.pdf")
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["message"].startswith(
        "a charter template must be a .docx file"
    )
    assert session.scalar(select(func.count()).select_from(DocumentTemplate)) == 0


def test_project_managers_may_not_upload(
    client: TestClient, session: Session, world: World
) -> None:
    response = client.post(
        f"/api/v1/pmos/{_pmo_id(session, world)}/document-templates",
        data={"kind": "charter", "language": "en"},
        files={"file": ("c.docx", docx_bytes("x"), DOCX)},
        headers=world.headers["project_manager"],
    )
    assert response.status_code == 403


def test_vocabulary_and_builtin_templates(client: TestClient, world: World) -> None:
    vocabulary = client.get(
        "/api/v1/document-templates/vocabulary/risk_register", headers=world.headers["member"]
    )
    body = vocabulary.json()
    assert body["format"] == "xlsx"
    assert "money" in body["filters"]
    risks = next(p for p in body["placeholders"] if p["name"] == "risks")
    assert risks["type"] == "list"
    assert {"title", "owner", "exposure"} <= {f["name"] for f in risks["fields"]}
    builtin = client.get(
        "/api/v1/document-templates/builtin/plan?language=zh-CN", headers=world.headers["pmo"]
    )
    assert builtin.status_code == 200
    assert "项目管理计划" in docx_text(builtin.content)
