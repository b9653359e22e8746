"""The schedule page: Gantt bars, milestones, critical path, links, zoom, baseline, Reschedule."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from openpmo.db import audit
from openpmo.db.models import Dependency
from tests.web.conftest import WebApp, csrf_of, log_in
from tests.web.schedule_seed import CRITICAL, LINKS, ScheduleSeed, seed_schedule

pytestmark = pytest.mark.browser


@pytest.fixture
def planned(web_app: WebApp) -> ScheduleSeed:
    with web_app.sessions() as session:
        audit.set_actor(session, None)
        seeded = seed_schedule(session, web_app.seeded.crm_id)
        session.commit()
    return seeded


def _open(page: Any, planned: ScheduleSeed, user: str = "pm", query: str = "") -> Any:
    log_in(page, user)
    page.wait_for_url("**/portfolio")
    page.goto(f"/projects/{planned.project_id}/schedule{query}")
    return page


def test_every_task_has_a_row_and_the_links_their_arrows(page: Any, planned: ScheduleSeed) -> None:
    _open(page, planned)
    assert page.locator(".gantt-body g.row").count() == planned.tasks
    assert page.locator(".gantt-names .gn").count() == planned.tasks
    assert page.locator(".gantt-body g.row.bar rect.bar").count() == 6
    assert page.locator(".gantt-body g.row.summary path.sum").count() == 2
    assert page.get_attribute(".gantt-body", "data-links") == str(LINKS)
    heads = "".join(
        page.locator(".gantt-body path.heads").evaluate_all("e => e.map(p => p.getAttribute('d'))")
    )
    assert heads.count("M") == LINKS


def test_the_milestone_is_a_diamond(page: Any, planned: ScheduleSeed) -> None:
    _open(page, planned)
    diamond = page.locator(".gantt-body g.row.milestone[data-wbs='2.3'] path.ms")
    assert diamond.count() == 1
    assert diamond.get_attribute("d").endswith("l7,7l-7,7l-7,-7z")


def test_the_critical_path_is_marked(page: Any, planned: ScheduleSeed) -> None:
    _open(page, planned)
    marked = page.locator(".gantt-body g.row.crit").evaluate_all(
        "rows => rows.map(r => r.dataset.wbs)"
    )
    assert set(CRITICAL) <= set(marked)
    assert "1.3" not in marked
    fill = page.locator(".gantt-body g.row.crit[data-wbs='1.2'] rect.bar").evaluate(
        "e => getComputedStyle(e).fill"
    )
    assert fill == "rgb(216, 68, 60)"
    assert page.locator("#schedule-table tr.crit").count() == len(marked)


def test_the_zoom_switch_changes_the_scale(page: Any, planned: ScheduleSeed) -> None:
    _open(page, planned, query="?zoom=week")
    week = float(page.get_attribute(".gantt-body", "width"))
    page.click(".seg-item[data-zoom=day]")
    page.wait_for_url("**zoom=day**")
    assert page.get_attribute("#gantt", "data-zoom") == "day"
    assert float(page.get_attribute(".gantt-body", "width")) > 2 * week
    assert page.locator(".gantt-body .weekends rect").count() > 0


def test_choosing_a_baseline_shows_baseline_bars_and_variance(
    page: Any, planned: ScheduleSeed
) -> None:
    _open(page, planned)
    assert page.locator(".gantt-body rect.base").count() == 0
    page.select_option("#baseline-select", "0")
    page.wait_for_url("**baseline=0**")
    assert page.locator(".gantt-body rect.base").count() == planned.tasks
    finish = page.locator("#variance-rollup").inner_text()
    # Develop grew from 10 to 12 days on the critical path: the project finishes 2 days later.
    assert "Finish var. (d)\n+2.0" in finish


def test_the_manager_reschedules_from_the_page(page: Any, planned: ScheduleSeed) -> None:
    _open(page, planned)
    page.click("#reschedule")
    assert "Rescheduled: 9 tasks" in page.locator(".alert-success").inner_text()


def test_a_member_reads_the_schedule_without_a_reschedule_button(
    page: Any, planned: ScheduleSeed
) -> None:
    _open(page, planned, user="member")
    assert page.locator(".gantt-body g.row").count() == planned.tasks
    assert page.locator("#reschedule").count() == 0


def test_a_member_of_another_project_is_refused(
    new_page: Callable[..., Any], planned: ScheduleSeed
) -> None:
    page = new_page()
    log_in(page, planned.outsider)
    page.wait_for_url("**/portfolio")
    response = page.goto(f"/projects/{planned.project_id}/schedule")
    assert response.status == 403


def test_a_cycle_is_explained_instead_of_rescheduling(
    web_client: TestClient,
    sign_in: Callable[[str], TestClient],
    web_app: WebApp,
    planned: ScheduleSeed,
) -> None:
    with web_app.sessions() as session:
        audit.set_actor(session, None)
        links = session.query(Dependency).filter_by(project_id=planned.project_id).all()
        first = links[0]
        session.add(
            Dependency(
                project_id=planned.project_id,
                predecessor_id=first.successor_id,
                successor_id=first.predecessor_id,
            )
        )
        session.commit()
    client = sign_in("pm")
    url = f"/projects/{planned.project_id}/schedule"
    token = csrf_of(client.get(url).text)
    response = client.post(url, data={"csrf_token": token, "zoom": "week"})
    assert response.status_code == 422
    message = re.search(r'id="schedule-error">.*?<span>(.*?)</span>', response.text)
    assert message, response.text
    assert "could not be rescheduled" in message.group(1)
    assert "form a cycle through tasks" in message.group(1)


def test_the_project_page_links_to_the_schedule(page: Any, planned: ScheduleSeed) -> None:
    log_in(page, "pm")
    page.wait_for_url("**/portfolio")
    page.goto(f"/projects/{planned.project_id}")
    page.click(".tab[data-tab=schedule]")
    page.wait_for_url("**/schedule")
    assert page.locator(".tab.active").get_attribute("data-tab") == "schedule"


TARGET = os.environ.get("PMO_SCREENSHOTS")


@pytest.mark.skipif(not TARGET, reason="set PMO_SCREENSHOTS=<dir> to take screenshots")
def test_take_gantt_screenshots(new_page: Callable[..., Any], planned: ScheduleSeed) -> None:
    out = Path(str(TARGET))
    out.mkdir(parents=True, exist_ok=True)
    page = _open(new_page(), planned, query="?zoom=day")
    page.screenshot(path=str(out / "gantt-day.png"), full_page=True)
    page.goto(f"/projects/{planned.project_id}/schedule?zoom=week&baseline=0")
    page.screenshot(path=str(out / "gantt-week-baseline.png"), full_page=True)
    page.goto(f"/projects/{planned.project_id}/schedule?zoom=month")
    page.screenshot(path=str(out / "gantt-month.png"), full_page=True)
    page.goto(
        f"/lang/zh-CN?next=/projects/{planned.project_id}/schedule?zoom%3Dweek%26baseline%3D0"
    )
    page.screenshot(path=str(out / "gantt-zh.png"), full_page=True)
