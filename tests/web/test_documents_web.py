"""The Documents card of a project and a PMO's template page, over HTTP and in Chromium.

``PMO_SCREENSHOTS=/tmp/shots pytest tests/web/test_documents_web.py`` also writes
``documents-*.png``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from openpmo.db.models import DocumentTemplate, Pmo
from tests.documents_support import docx_bytes, docx_text
from tests.web.conftest import WebApp, csrf_of, log_in

SCREENS = os.environ.get("PMO_SCREENSHOTS")


def _pmo_id(web_app: WebApp) -> int:
    with web_app.sessions() as session:
        found = session.scalar(select(Pmo.id).order_by(Pmo.id).limit(1))
        assert found is not None
        return found


def _stored(web_app: WebApp) -> int:
    with web_app.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(DocumentTemplate)) or 0)


def test_project_overview_offers_each_document_in_both_languages(
    sign_in: Callable[[str], TestClient], web_app: WebApp
) -> None:
    client = sign_in("pm")
    page = client.get(f"/projects/{web_app.seeded.erp_id}")
    assert page.status_code == 200
    for kind in ("charter", "plan", "risk_register", "status_report"):
        assert (
            f'href="/projects/{web_app.seeded.erp_id}/documents/{kind}?language=zh-CN"' in page.text
        )
    charter = client.get(f"/projects/{web_app.seeded.erp_id}/documents/charter?language=zh-CN")
    assert charter.status_code == 200
    assert "项目章程" in docx_text(charter.content)


def test_template_upload_form_lists_problems_and_stores_nothing(
    sign_in: Callable[[str], TestClient], web_app: WebApp
) -> None:
    client = sign_in("pmo")
    pmo_id = _pmo_id(web_app)
    page = client.get(f"/admin/pmos/{pmo_id}/templates")
    response = client.post(
        f"/admin/pmos/{pmo_id}/templates",
        data={"csrf_token": csrf_of(page.text), "kind": "charter", "language": "en"},
        files={
            "file": (
                "bad.docx",
                docx_bytes("{{ project.nmae }}", "{{ risks | shout }}"),
                "application/octet-stream",
            )
        },
    )
    assert response.status_code == 422
    assert "project.nmae" in response.text
    assert "project.name" in response.text
    assert "shout" in response.text
    assert _stored(web_app) == 0
    no_token = client.post(
        f"/admin/pmos/{pmo_id}/templates",
        data={"kind": "charter", "language": "en"},
        files={"file": ("c.docx", docx_bytes("x"), "application/octet-stream")},
    )
    assert no_token.status_code == 403
    assert _stored(web_app) == 0


def test_members_may_not_open_the_template_page(
    sign_in: Callable[[str], TestClient], web_app: WebApp
) -> None:
    assert sign_in("member").get(f"/admin/pmos/{_pmo_id(web_app)}/templates").status_code == 403


def _shot(page: Any, name: str) -> None:
    if SCREENS:
        Path(SCREENS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENS) / f"documents-{name}.png"), full_page=True)


@pytest.mark.browser
def test_pmo_uploads_a_bad_then_a_good_template_and_the_project_uses_it(
    new_page: Callable[..., Any], web_app: WebApp, tmp_path: Path
) -> None:
    pmo_id = _pmo_id(web_app)
    bad = tmp_path / "charter-bad.docx"
    bad.write_bytes(docx_bytes("Charter of {{ project.nmae }}", "{{ project.code | shout }}"))
    good = tmp_path / "charter-ours.docx"
    good.write_bytes(docx_bytes("OUR CHARTER {{ project.code }} {{ project.sponsor }}"))
    page = new_page()
    log_in(page, "pmo")
    page.wait_for_url("**/portfolio")
    page.goto("/admin/pmos")
    page.click(f"[data-templates='{pmo_id}']")
    page.wait_for_url(f"**/admin/pmos/{pmo_id}/templates")
    page.select_option("select[name=kind]", "charter")
    page.select_option("select[name=language]", "en")
    page.set_input_files("input[name=file]", str(bad))
    page.click("#upload-form button[type=submit]")
    problems = page.locator("#upload-problems li")
    assert problems.count() == 2
    assert (
        "unknown placeholder “project.nmae”; did you mean “project.name”?"
        in problems.nth(0).inner_text()
    )
    assert "shout" in problems.nth(1).inner_text()
    assert page.locator("#stored-templates tr.empty").count() == 1
    _shot(page, "upload-error-en")
    assert _stored(web_app) == 0

    page.set_input_files("input[name=file]", str(good))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(f"**/admin/pmos/{pmo_id}/templates")
    row = page.locator("#stored-templates tr[data-kind=charter]")
    assert row.count() == 1
    assert "charter-ours.docx" in row.inner_text()
    assert page.locator(".alert-success").count() == 1
    _shot(page, "templates-en")

    page.goto(f"/projects/{web_app.seeded.erp_id}")
    card = page.locator("#documents tr[data-kind=charter]")
    assert "Enterprise PMO" in card.inner_text()
    with page.expect_download() as download:
        card.locator("a[data-language=en]").click()
    text = Document(BytesIO(Path(download.value.path()).read_bytes())).paragraphs[0].text
    assert text.startswith("OUR CHARTER PRJ-ERP")
    _shot(page, "project-en")

    zh = new_page(locale="zh-CN")
    log_in(zh, "pmo")
    zh.wait_for_url("**/portfolio")
    zh.goto(f"/admin/pmos/{pmo_id}/templates")
    zh.set_input_files("input[name=file]", str(bad))
    zh.click("#upload-form button[type=submit]")
    assert "未知的占位符“project.nmae”" in zh.locator("#upload-problems").inner_text()
    _shot(zh, "upload-error-zh")
    zh.goto(f"/projects/{web_app.seeded.erp_id}")
    assert "项目章程" in zh.locator("#documents").inner_text()
    _shot(zh, "project-zh")
