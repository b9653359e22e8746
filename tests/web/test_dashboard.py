"""The portfolio dashboard and the project status page, in the browser and over HTTP."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from openpmo.db import audit
from openpmo.db.models import AuditEntry, HealthOverride
from openpmo.services import dashboard as dashboard_service
from openpmo.web import dashboard as dashboard_page
from tests.web.conftest import WebApp, csrf_of, log_in
from tests.web.monitoring_seed import FIRST, LATEST, Measured, seed_monitoring

SHOTS = Path(os.environ.get("PMO_SCREENSHOTS", "/tmp/shots"))


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Each test has its own database file; the caches are keyed by it, but cleared anyway."""
    dashboard_service._cache.clear()
    dashboard_page._bodies.clear()
    return


@pytest.fixture
def measured(web_app: WebApp) -> Measured:
    with web_app.sessions() as session:
        audit.set_actor(session, None)
        found = seed_monitoring(session)
        session.commit()
    return found


def _overrides(web_app: WebApp) -> int:
    with web_app.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(HealthOverride)) or 0)


# --- over HTTP -------------------------------------------------------------------------------


def test_the_dashboard_lists_the_red_project_first(
    measured: Measured, sign_in: Callable[[str], TestClient]
) -> None:
    client = sign_in("pmo")
    page = client.get("/dashboard")
    assert page.status_code == 200
    rows = re.findall(r'<tr data-project="(\d+)" data-overall="(\w+)"', page.text)
    assert rows[0] == (str(measured.mes_id), "red")
    assert 'data-colour="red"' in page.text
    assert "CPI 0.53 is below the 0.90 threshold" in page.text  # a reason in words
    assert 'id="as-of"' in page.text
    assert LATEST.isoformat() in page.text


def test_the_filters_narrow_the_matrix(
    measured: Measured, sign_in: Callable[[str], TestClient]
) -> None:
    client = sign_in("pmo")

    def projects(query: str) -> list[str]:
        html = client.get(f"/dashboard?{query}").text
        return re.findall(r'<tr data-project="(\d+)"', html)

    assert projects(f"portfolio={measured.portfolio_id}") == [str(measured.wms_id)]
    assert projects(f"org_unit={measured.ops_id}") == [str(measured.wms_id)]
    earlier = client.get(f"/dashboard?as_of={FIRST.isoformat()}").text
    assert re.search(rf'data-project="{measured.wms_id}"[^>]*>', earlier)
    assert f"status_date={FIRST.isoformat()}" in earlier
    assert f"status_date={LATEST.isoformat()}" not in earlier


def test_a_dashboard_without_status_dates_says_what_to_do(
    sign_in: Callable[[str], TestClient],
) -> None:
    page = sign_in("pmo").get("/dashboard")
    assert page.status_code == 200
    assert 'id="empty-dashboard"' in page.text
    assert "Save a baseline" in page.text


def test_the_page_is_in_chinese_for_a_chinese_reader(
    measured: Measured, sign_in: Callable[[str], TestClient]
) -> None:
    client = sign_in("pmo")
    client.get("/lang/zh-CN")
    page = client.get("/dashboard").text
    assert "项目组合仪表板" in page
    assert "CPI 0.53" in page
    assert "web.dashboard." not in page
    assert "web.status." not in page
    status = client.get(f"/projects/{measured.mes_id}/status").text
    assert "挣值" in status
    assert "web.evm." not in status


def test_an_override_without_comment_is_refused_and_a_stale_one_conflicts(
    measured: Measured, web_app: WebApp, sign_in: Callable[[str], TestClient]
) -> None:
    client = sign_in("pm")
    path = f"/projects/{measured.mes_id}/status"
    form = {
        "csrf_token": csrf_of(client.get(path).text),
        "status_date": LATEST.isoformat(),
        "dimension": "cost",
        "colour": "amber",
        "comment": "   ",
        "version": "0",
    }
    refused = client.post(f"{path}/override", data=form)
    assert refused.status_code == 422
    assert 'data-error="comment"' in refused.text
    assert _overrides(web_app) == 0
    made = client.post(f"{path}/override", data={**form, "comment": "credit note due"})
    assert made.status_code == 200  # followed the redirect
    assert _overrides(web_app) == 1
    stale = client.post(f"{path}/override", data={**form, "comment": "mine", "colour": "green"})
    assert stale.status_code == 409
    assert "changed by someone else" in stale.text
    with web_app.sessions() as session:
        kept = session.scalar(select(HealthOverride))
        assert kept is not None
        assert (kept.colour.value, kept.comment) == ("amber", "credit note due")


def test_a_member_sees_neither_others_projects_nor_the_override_form(
    measured: Measured, sign_in: Callable[[str], TestClient]
) -> None:
    client = sign_in("member")
    rows = re.findall(r'<tr data-project="(\d+)"', client.get("/dashboard").text)
    assert str(measured.mes_id) not in rows
    assert client.get(f"/projects/{measured.mes_id}/status").status_code == 403


# --- in the browser --------------------------------------------------------------------------


@pytest.mark.browser
def test_the_dashboard_draws_its_charts_and_explains_a_cell_on_hover(
    measured: Measured, page: Any
) -> None:
    log_in(page, "pmo", next_path="/dashboard")
    page.wait_for_url("**/dashboard")
    assert page.locator("#distribution svg rect.bar").count() >= 3
    assert page.locator("#trend svg rect.bar").count() >= 2
    assert page.locator("#scatter svg circle.bubble").count() == 3
    assert page.locator("#s-curve svg polyline.line").count() == 3
    first = page.locator("#matrix tbody tr").first
    assert first.get_attribute("data-project") == str(measured.mes_id)
    cost = first.locator('td[data-dim="cost"]')
    pop = cost.locator(".rag-pop")
    assert not pop.is_visible()
    cost.locator(".rag").hover()
    assert pop.is_visible()
    assert "CPI 0.53" in pop.inner_text()
    page.select_option("select[name=portfolio]", str(measured.portfolio_id))
    page.click("#dashboard-filters button[type=submit]")
    page.wait_for_url(f"**/dashboard?*portfolio={measured.portfolio_id}*")
    assert page.locator("#matrix tbody tr").count() == 1
    assert page.locator("#matrix tbody tr").first.get_attribute("data-project") == str(
        measured.wms_id
    )


@pytest.mark.browser
def test_a_bubble_and_a_row_drill_down_to_the_status_page(measured: Measured, page: Any) -> None:
    log_in(page, "pmo", next_path="/dashboard")
    page.wait_for_url("**/dashboard")
    page.locator(f'#scatter a[href^="/projects/{measured.mes_id}/status"] circle').click(force=True)
    page.wait_for_url(f"**/projects/{measured.mes_id}/status*")
    assert page.locator('.health-item[data-dim="overall"]').get_attribute("data-colour") == "red"
    assert page.locator('#evm tr[data-figure="cpi"] td').first.inner_text() == "0.53"
    assert page.locator("#kpi-history tbody tr").count() == 2
    page.goto("/dashboard")
    page.locator(f'#matrix tr[data-project="{measured.wms_id}"] .col-name a').click()
    page.wait_for_url(f"**/projects/{measured.wms_id}/status*")
    assert page.locator("#s-curve svg polyline.line").count() == 3


@pytest.mark.browser
def test_the_override_form_refuses_an_empty_comment_then_records_both_colours(
    measured: Measured, web_app: WebApp, page: Any
) -> None:
    log_in(page, "pm", next_path=f"/projects/{measured.mes_id}/status")
    page.wait_for_url(f"**/projects/{measured.mes_id}/status")
    item = page.locator('.health-item[data-dim="cost"]')
    item.locator("details.override-form summary").click()
    item.locator("select[name=colour]").select_option("amber")
    item.locator("button[type=submit]").click()
    assert page.locator("#override-alert").is_visible()
    item = page.locator('.health-item[data-dim="cost"]')
    assert item.locator('[data-error="comment"]').is_visible()  # the form stays open
    assert _overrides(web_app) == 0
    item.locator("textarea[name=comment]").fill("Supplier credit note arrives next week")
    item.locator("button[type=submit]").click()
    page.wait_for_url(f"**/projects/{measured.mes_id}/status?status_date=*")
    item = page.locator('.health-item[data-dim="cost"]')
    assert item.get_attribute("data-colour") == "amber"
    assert item.get_attribute("data-computed") == "red"
    assert "Supplier credit note" in item.locator(".override-note").inner_text()
    assert "computed: red" in item.inner_text()
    with web_app.sessions() as session:
        entries = session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.entity == "health_override")
        )
    assert entries == 1


@pytest.mark.browser
def test_screenshots_in_english_and_chinese(
    measured: Measured, new_page: Callable[..., Any]
) -> None:
    """Pictures for people to look at; the test checks only that every page rendered."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page()
    log_in(page, "pm", next_path="/dashboard")
    page.wait_for_url("**/dashboard")
    for lang in ("en", "zh-CN"):
        page.goto(f"/lang/{lang}?next=/dashboard")
        page.locator(
            f'#matrix tr[data-project="{measured.mes_id}"] td[data-dim="cost"] .rag'
        ).hover()
        page.screenshot(path=str(SHOTS / f"dashboard-{lang}.png"), full_page=True)
        page.goto(f"/projects/{measured.mes_id}/status")
        page.locator('.health-item[data-dim="cost"] details.override-form summary').click()
        page.screenshot(path=str(SHOTS / f"dashboard-status-{lang}.png"), full_page=True)
        assert page.locator("#evm").is_visible()
