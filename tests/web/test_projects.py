"""The project page: tabs, the edit form, validation beside fields, stale edits, access."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from openpmo.db.models import Project
from tests.web.conftest import WebApp, csrf_of, log_in

pytestmark = pytest.mark.browser


def _stored(web_app: WebApp, project_id: int) -> Project:
    with web_app.sessions() as session:
        project = session.get(Project, project_id)
        assert project is not None
        return project


def _open(page: Any, web_app: WebApp, user: str = "pm") -> Any:
    log_in(page, user)
    page.wait_for_url("**/portfolio")
    page.goto(f"/projects/{web_app.seeded.erp_id}")
    return page


def test_editing_the_name_saves_it_and_bumps_the_version(page: Any, web_app: WebApp) -> None:
    _open(page, web_app)
    assert page.inner_text("#project-version") == "1"
    page.fill("form.edit-form input[name=name]", "ERP Upgrade – wave 2")
    page.click("form.edit-form button[type=submit]")
    assert page.locator(".alert-success").inner_text().strip() == "Project PRJ-ERP saved."
    assert page.inner_text("#project-name") == "ERP Upgrade – wave 2"
    assert page.inner_text("#project-version") == "2"
    stored = _stored(web_app, web_app.seeded.erp_id)
    assert (stored.name, stored.version) == ("ERP Upgrade – wave 2", 2)


def test_finish_before_start_is_shown_beside_the_field_and_nothing_changes(
    page: Any, web_app: WebApp
) -> None:
    _open(page, web_app)
    page.fill("form.edit-form input[name=name]", "Renamed but invalid")
    page.fill("form.edit-form input[name=planned_finish]", "2025-12-31")
    page.click("form.edit-form button[type=submit]")
    error = page.locator("[data-field=planned_finish] .field-error")
    assert error.inner_text().strip() == "must not be before the planned start"
    assert page.input_value("form.edit-form input[name=name]") == "Renamed but invalid"
    assert page.input_value("form.edit-form input[name=planned_finish]") == "2025-12-31"
    stored = _stored(web_app, web_app.seeded.erp_id)
    assert (stored.name, stored.version, str(stored.planned_finish)) == (
        "ERP Upgrade",
        1,
        "2026-12-18",
    )


def test_an_empty_name_is_reported_in_chinese_for_a_chinese_user(
    page: Any, web_app: WebApp
) -> None:
    _open(page, web_app)
    page.goto(f"/lang/zh-CN?next=/projects/{web_app.seeded.erp_id}")
    page.fill("form.edit-form input[name=name]", "   ")
    page.click("form.edit-form button[type=submit]")
    assert page.locator("[data-field=name] .field-error").inner_text().strip() == "为必填项"
    assert page.locator("#form-alert").inner_text().strip() == "未保存：请更正下方标出的字段。"
    assert _stored(web_app, web_app.seeded.erp_id).name == "ERP Upgrade"


def test_a_stale_edit_shows_the_conflict_and_does_not_overwrite(
    new_page: Callable[..., Any], web_app: WebApp
) -> None:
    first, second = _open(new_page(), web_app), _open(new_page(), web_app, "pmo")
    first.fill("form.edit-form input[name=name]", "Saved first")
    first.click("form.edit-form button[type=submit]")
    first.wait_for_selector(".alert-success")
    second.fill("form.edit-form input[name=name]", "Saved second")
    second.click("form.edit-form button[type=submit]")
    alert = second.locator("#form-alert").inner_text()
    assert "changed by someone else" in alert
    assert "version 1" in alert
    assert "version is 2" in alert
    assert second.input_value("form.edit-form input[name=name]") == "Saved second"
    stored = _stored(web_app, web_app.seeded.erp_id)
    assert (stored.name, stored.version) == ("Saved first", 2)


def test_a_member_opening_another_project_sees_the_403_page(page: Any, web_app: WebApp) -> None:
    log_in(page, "member")
    page.wait_for_url("**/portfolio")
    response = page.goto(f"/projects/{web_app.seeded.datacenter_id}")
    assert response.status == 403
    assert page.inner_text(".error-page h1") == "Access denied"
    assert "Data Centre Migration" not in page.content()


def test_a_member_sees_its_project_without_an_edit_form(page: Any, web_app: WebApp) -> None:
    _open(page, web_app, "member")
    assert page.inner_text("#project-name") == "ERP Upgrade"
    assert page.locator("form.edit-form").count() == 0


def test_the_tasks_tab_indents_the_wbs_and_marks_milestones(page: Any, web_app: WebApp) -> None:
    _open(page, web_app)
    page.click("a[data-tab=tasks]")
    assert page.locator("#tasks tbody tr").count() == 3
    milestone = page.locator("#tasks tr[data-wbs='1.2']")
    assert "◆" in milestone.inner_text()
    indent = milestone.locator(".indent").evaluate("e => getComputedStyle(e).paddingLeft")
    assert indent == "18px"
    # Tasks without a calendar of their own work the project calendar, and say so.
    assert "Project calendar" in milestone.locator(".col-calendar").inner_text()
    page.screenshot(path="/tmp/shots/sched-tasks-tab.png", full_page=True)
    page.click("a[data-tab=dependencies]")
    assert "Write specification" in page.inner_text("#dependencies tbody")
    page.click("a[data-tab=risks]")
    first_risk = page.locator("#risks tbody tr").first.inner_text()
    assert "Key supplier late" in first_risk
    assert "2.40" in first_risk


# --- without a browser ------------------------------------------------------------------


def test_a_missing_project_is_a_404_page(sign_in: Callable[[str], TestClient]) -> None:
    client = sign_in("pmo")
    for path in ("/projects/999999", "/projects/not-a-number"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Page not found" in response.text


def test_a_project_manager_cannot_post_to_a_project_it_does_not_manage(
    sign_in: Callable[[str], TestClient], web_app: WebApp
) -> None:
    client = sign_in("pm")
    target = f"/projects/{web_app.seeded.datacenter_id}"
    token = csrf_of(client.get(target).text)
    response = client.post(target, data={"csrf_token": token, "version": "1", "name": "Mine"})
    assert response.status_code == 403
    assert _stored(web_app, web_app.seeded.datacenter_id).name == "Data Centre Migration"


def test_an_edit_without_the_csrf_token_is_refused(
    sign_in: Callable[[str], TestClient], web_app: WebApp
) -> None:
    client = sign_in("pmo")
    response = client.post(
        f"/projects/{web_app.seeded.erp_id}", data={"version": "1", "name": "Forged"}
    )
    assert response.status_code == 403
    assert _stored(web_app, web_app.seeded.erp_id).name == "ERP Upgrade"
