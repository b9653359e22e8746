"""Report files and the status report workflow over HTTP."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from docx import Document
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Pmo, Project, StatusReport
from openpmo.io.reports.render import MEDIA_TYPES
from tests import factories as f
from tests.api.conftest import World
from tests.reporting import SECOND, reported_project


def _project(session: Session, world: World) -> int:
    manager = f.person_of(session, world.users["project_manager"])
    reported = reported_project(session, world.dept_a, manager_id=manager.id)
    session.commit()
    return reported.project.id


def _fields(response: object) -> list[str]:
    body = response.json()  # type: ignore[attr-defined]
    return [e["field"] for e in body["errors"]]


def test_the_status_report_comes_in_three_formats(
    client: TestClient, session: Session, world: World
) -> None:
    pid = _project(session, world)
    url = f"/api/v1/projects/{pid}/reports/status"
    pm = world.headers["project_manager"]
    pdf = client.get(url, params={"format": "pdf", "lang": "zh-CN"}, headers=pm)
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == MEDIA_TYPES["pdf"]
    assert session.scalar(select(StatusReport.id)) is None  # none written: generated content
    assert 'filename="status-PRJ-' in pdf.headers["content-disposition"]
    assert pdf.headers["content-disposition"].endswith(f'-{SECOND.isoformat()}.pdf"')
    text = "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(pdf.content))
    assert "智能工厂MES系统上线" in text
    docx = client.get(url, params={"format": "docx"}, headers={**pm, "Accept-Language": "zh"})
    assert docx.headers["content-type"] == MEDIA_TYPES["docx"]
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert "项目周报" in paragraphs
    xlsx = client.get(url, params={"format": "xlsx", "status_date": "2026-03-09"}, headers=pm)
    assert xlsx.headers["content-type"] == MEDIA_TYPES["xlsx"]
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] == "Weekly status report"


def test_bad_report_parameters_are_422_naming_them(
    client: TestClient, session: Session, world: World
) -> None:
    pid = _project(session, world)
    url = f"/api/v1/projects/{pid}/reports/status"
    pm = world.headers["project_manager"]
    bad_format = client.get(url, params={"format": "odt"}, headers=pm)
    assert bad_format.status_code == 422
    assert _fields(bad_format) == ["format"]
    bad_date = client.get(url, params={"format": "pdf", "status_date": "2026-13-01"}, headers=pm)
    assert bad_date.status_code == 422
    assert _fields(bad_date) == ["status_date"]
    too_early = client.get(url, params={"format": "pdf", "status_date": "2026-01-05"}, headers=pm)
    assert too_early.status_code == 422
    assert _fields(too_early) == ["status_date"]
    missing = client.get(url, headers=pm)
    assert missing.status_code == 422
    assert _fields(missing) == ["format"]


def test_the_workflow_over_http(client: TestClient, session: Session, world: World) -> None:
    pid = _project(session, world)
    base = f"/api/v1/projects/{pid}/status-reports"
    pm, pmo = world.headers["project_manager"], world.headers["pmo"]
    created = client.post(
        base, json={"status_date": SECOND.isoformat(), "summary": "按计划推进"}, headers=pm
    )
    assert created.status_code == 201, created.text
    report = created.json()
    assert created.headers["etag"] == 'W/"1"'
    assert report["state"] == "draft"
    assert report["events"][0]["action"] == "create"
    one = f"{base}/{report['id']}"
    changed = client.patch(
        one, json={"help_needed": "Two testers"}, headers={**pm, "If-Match": '"1"'}
    )
    assert changed.status_code == 200, changed.text
    stale = client.patch(one, json={"summary": "x"}, headers={**pm, "If-Match": '"1"'})
    assert stale.status_code == 409
    version = changed.json()["version"]
    early_accept = client.post(f"{one}/accept", json={"version": version}, headers=pmo)
    assert early_accept.status_code == 409
    assert "draft" in early_accept.json()["detail"]
    unknown = client.post(f"{one}/approve", json={"version": version}, headers=pm)
    assert unknown.status_code == 422
    assert [e["field"] for e in unknown.json()["errors"]] == ["step"]
    submitted = client.post(f"{one}/submit", json={"version": version}, headers=pm)
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["frozen"] is True
    version = submitted.json()["version"]
    assert client.post(f"{one}/accept", json={"version": version}, headers=pm).status_code == 403
    member = client.post(
        f"{one}/accept", json={"version": version}, headers=world.headers["member"]
    )
    assert member.status_code == 403
    no_comment = client.post(f"{one}/return", json={"version": version}, headers=pmo)
    assert no_comment.status_code == 422
    assert _fields(no_comment) == ["comment"]
    returned = client.post(
        f"{one}/return", json={"comment": "Give dates"}, headers={**pmo, "If-Match": str(version)}
    )
    assert returned.status_code == 200, returned.text
    assert returned.json()["state"] == "returned"
    assert returned.json()["events"][-1]["by_username"] == world.users["pmo"].username
    queue = client.get("/api/v1/status-reports", params={"state": "returned"}, headers=pmo)
    assert [r["id"] for r in queue.json()["items"]] == [report["id"]]
    listed = client.get(base, params={"status_date": SECOND.isoformat()}, headers=pm)
    assert listed.json()["total"] == 1
    content = client.get(f"{one}/content", headers=pm)
    assert content.status_code == 200
    assert content.json()["narrative"]["help_needed"] == "Two testers"
    assert content.json()["project"]["name_zh"] == "智能工厂MES系统上线"


def test_program_and_pmo_reports(client: TestClient, session: Session, world: World) -> None:
    owner = f.portfolio(session)
    program = f.program(session, owner)
    pid = _project(session, world)
    project = session.get(Project, pid)
    assert project is not None
    project.program_id = program.id
    session.commit()
    pmo_id = session.scalar(select(Pmo.id).order_by(Pmo.id))  # the world's department PMO
    pmo = world.headers["pmo"]
    report = client.get(
        f"/api/v1/programs/{program.id}/reports/program", params={"format": "pdf"}, headers=pmo
    )
    assert report.status_code == 200, report.text
    text = "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(report.content))
    assert "Program report" in text
    assert project.code in text
    operating = client.get(
        f"/api/v1/pmos/{pmo_id}/reports/pmo", params={"format": "xlsx"}, headers=pmo
    )
    assert operating.status_code == 200, operating.text
    assert operating.headers["content-type"] == MEDIA_TYPES["xlsx"]
    refused = client.get(
        f"/api/v1/pmos/{pmo_id}/reports/pmo",
        params={"format": "pdf"},
        headers=world.headers["member"],
    )
    assert refused.status_code == 403
