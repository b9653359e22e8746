"""Weekly status report pages: a draft from a status date, narrative beside the generated
content, submit, the PMO's queue, return (comment required) and accept, history, files."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from openpmo.db import audit
from openpmo.db.models import StatusReport
from tests.web.conftest import WebApp, csrf_of, log_in
from tests.web.monitoring_seed import LATEST, Measured, seed_monitoring


@pytest.fixture
def measured(web_app: WebApp) -> Measured:
    with web_app.sessions() as session:
        audit.set_actor(session, None)
        found = seed_monitoring(session)
        session.commit()
    return found


def _report(web_app: WebApp) -> StatusReport:
    with web_app.sessions() as session:
        found = session.scalar(select(StatusReport))
        assert found is not None
        return found


def _draft(client: TestClient, project_id: int) -> str:
    """Create the draft for the latest status date; the path of its page."""
    page = client.get(f"/projects/{project_id}/reports")
    made = client.post(
        f"/projects/{project_id}/reports",
        data={"csrf_token": csrf_of(page.text), "status_date": LATEST.isoformat()},
        follow_redirects=False,
    )
    assert made.status_code == 303
    return str(made.headers["location"])


def test_a_report_goes_from_draft_to_returned_to_accepted_with_its_history(
    measured: Measured, web_app: WebApp, sign_in: Callable[[str], TestClient]
) -> None:
    client = sign_in("pm")
    path = _draft(client, measured.mes_id)
    page = client.get(path)
    assert page.status_code == 200
    assert "CPI 0.53 is below the 0.90 threshold" in page.text  # generated beside the form
    assert 'id="finished"' in page.text
    assert 'id="narrative-form"' in page.text
    form = {
        "csrf_token": csrf_of(page.text),
        "version": str(_report(web_app).version),
        "summary": "Behind: the supplier delivered late.",
        "period_start": "2026-03-09",
        "period_end": "2026-03-15",
        "step": "submit",
    }
    assert client.post(path, data=form).status_code == 200
    assert _report(web_app).state.value == "submitted"
    reviewer = sign_in("pmo")
    queue = reviewer.get("/reports").text
    assert re.search(r'data-state="submitted"', queue)
    page = reviewer.get(path)
    review = {"csrf_token": csrf_of(page.text), "version": str(_report(web_app).version)}
    refused = reviewer.post(path, data={**review, "step": "return", "comment": ""})
    assert refused.status_code == 422
    assert 'data-error="comment"' in refused.text
    assert _report(web_app).state.value == "submitted"
    returned = reviewer.post(path, data={**review, "step": "return", "comment": "Add a plan"})
    assert returned.status_code == 200
    assert _report(web_app).state.value == "returned"
    stale = reviewer.post(path, data={**review, "step": "accept"})  # the version moved on
    assert stale.status_code == 409
    author = sign_in("pm")
    page = author.get(path)
    assert "Add a plan" in page.text
    again = {**form, "csrf_token": csrf_of(page.text), "version": str(_report(web_app).version)}
    author.post(path, data={**again, "next_period_plan": "Expedite the supplier"})
    reviewer = sign_in("pmo")
    page = reviewer.get(path)
    accepted = reviewer.post(
        path,
        data={
            "csrf_token": csrf_of(page.text),
            "version": str(_report(web_app).version),
            "step": "accept",
        },
    )
    assert accepted.status_code == 200
    assert _report(web_app).state.value == "accepted"
    steps = re.findall(r'<tr data-action="(\w+)"', accepted.text)
    assert steps == ["accept", "submit", "return", "submit", "create"]
    assert 'id="narrative-form"' not in accepted.text  # an accepted report is read-only


def test_a_bad_period_is_named_and_nothing_is_saved(
    measured: Measured, web_app: WebApp, sign_in: Callable[[str], TestClient]
) -> None:
    client = sign_in("pm")
    path = _draft(client, measured.mes_id)
    page = client.get(path)
    bad = client.post(
        path,
        data={
            "csrf_token": csrf_of(page.text),
            "version": str(_report(web_app).version),
            "summary": "never stored",
            "period_start": "2026-03-20",
            "period_end": "2026-03-10",
            "step": "save",
        },
    )
    assert bad.status_code == 422
    assert 'data-field="period_end"' in bad.text or 'data-field="period_start"' in bad.text
    assert "field-error" in bad.text
    assert _report(web_app).summary is None


def test_the_files_download_in_three_formats(
    measured: Measured, sign_in: Callable[[str], TestClient]
) -> None:
    client = sign_in("pm")
    _draft(client, measured.mes_id)
    listing = client.get(f"/projects/{measured.mes_id}/reports").text
    links = dict(re.findall(r'<a href="([^"]+)" data-format="(\w+)"', listing))
    assert sorted(links.values()) == ["docx", "pdf", "xlsx"]
    docx = next(href for href, fmt in links.items() if fmt == "docx").replace("&amp;", "&")
    reply = client.get(docx)
    assert reply.status_code == 200
    assert reply.content[:2] == b"PK"  # a zip: the Word document


def test_another_project_manager_cannot_write_a_report(
    measured: Measured, sign_in: Callable[[str], TestClient]
) -> None:
    page = sign_in("pm2").get(f"/projects/{measured.mes_id}/reports")
    assert page.status_code == 200
    assert 'id="new-report"' not in page.text


@pytest.mark.browser
def test_the_pmo_returns_a_report_in_the_browser(
    measured: Measured, web_app: WebApp, new_page: Callable[..., Any]
) -> None:
    pm = new_page()
    log_in(pm, "pm", next_path=f"/projects/{measured.mes_id}/reports")
    pm.wait_for_url("**/reports")
    pm.click("#new-report button[type=submit]")
    pm.wait_for_url(re.compile(r".*/reports/\d+$"))
    pm.fill("textarea[name=summary]", "Late supplier; recovery plan attached.")
    pm.click("button[value=submit]")
    pm.wait_for_load_state()
    assert pm.locator("#report-state").get_attribute("data-state") == "submitted"
    pmo = new_page("zh-CN")
    log_in(pmo, "pmo", next_path="/reports")
    pmo.wait_for_url("**/reports")
    pmo.locator("#report-list tbody tr a").first.click()
    pmo.click("button[value=return]")
    assert pmo.locator('[data-error="comment"]').is_visible()
    pmo.fill("#review-form textarea[name=comment]", "请补充纠偏计划")
    pmo.click("button[value=return]")
    pmo.wait_for_load_state()
    assert pmo.locator("#report-state").get_attribute("data-state") == "returned"
    pmo.screenshot(path="/tmp/shots/dashboard-report-returned-zh.png", full_page=True)
    assert _report(web_app).review_comment == "请补充纠偏计划"


def test_the_pmo_downloads_its_operating_report_from_the_reports_page(
    measured: Measured, sign_in: Callable[[str], TestClient]
) -> None:
    client = sign_in("pmo")
    page = client.get("/reports").text
    form = re.search(r'<form[^>]*data-scope="pmo".*?</form>', page, re.S)
    assert form is not None
    pmo_id = re.search(r'<option value="(\d+)">Enterprise PMO</option>', form.group(0))
    assert pmo_id is not None
    reply = client.get(
        f"/reports/file?scope=pmo&id={pmo_id.group(1)}&format=pdf", follow_redirects=False
    )
    assert reply.status_code == 303
    assert reply.headers["location"] == (
        f"/api/v1/pmos/{pmo_id.group(1)}/reports/pmo?format=pdf&lang=en"
    )
    pdf = client.get(reply.headers["location"])
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content[:5] == b"%PDF-"


@pytest.mark.parametrize(
    "query",
    ["scope=team&id=1&format=pdf", "scope=pmo&id=x&format=pdf", "scope=pmo&id=1&format=odt"],
)
def test_a_bad_report_file_choice_goes_back_saying_so(
    query: str, measured: Measured, sign_in: Callable[[str], TestClient]
) -> None:
    client = sign_in("pmo")
    reply = client.get(f"/reports/file?{query}", follow_redirects=False)
    assert reply.status_code == 303
    assert reply.headers["location"] == "/reports"
    assert "Choose a PMO or program and a format" in client.get("/reports").text
