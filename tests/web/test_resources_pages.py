"""Capacity, person, request and levelling pages in real Chromium, on the small demo (seed 7).

``PMO_SCREENSHOTS=/tmp/shots pytest tests/web/test_resources_pages.py`` also writes
``resources-*-en.png`` and ``resources-*-zh.png``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from openpmo.db import audit
from openpmo.db.models import (
    Allocation,
    Assignment,
    LevellingScenario,
    Program,
    Project,
    Resource,
    ResourceRequest,
    ScenarioTask,
    Task,
    User,
)
from openpmo.enums import ProjectStatus, RequestStatus, ScenarioStatus
from openpmo.schemas.capacity import ScenarioCreate
from openpmo.services import levelling
from openpmo.services.principal import load_principal
from tests.web.conftest import WebApp
from tests.web.test_governance import count, demo_file, first, sign_in  # noqa: F401
from tests.web.test_governance import web_app as web_app

pytestmark = pytest.mark.browser

SCREENS = os.environ.get("PMO_SCREENSHOTS")


def shoot(page: Any, name: str) -> None:
    if SCREENS:
        Path(SCREENS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENS) / f"resources-{name}.png"), full_page=True)


def in_both_languages(page: Any, path: str, name: str) -> None:
    """Screenshots of ``path`` in English and Chinese; no message key may show untranslated."""
    for lang in ("en", "zh-CN"):
        page.goto(f"/lang/{lang}?next={path}")
        body = page.locator("main").inner_text()
        for prefix in ("web.cap.", "web.req.", "web.lev.", "web.person.", "web.res."):
            assert prefix not in body
        shoot(page, f"{name}-{'zh' if lang == 'zh-CN' else 'en'}")
    page.goto("/lang/en?next=/portfolio")


def test_capacity_heatmap_drills_down_to_the_work_behind_an_over_allocation(page: Any) -> None:
    sign_in(page, "resource_manager")
    page.goto("/resources/capacity")
    rows = page.locator(".heat-table tbody tr")
    assert 0 < rows.count() <= 50  # paged
    assert int(page.locator("#rows-total").get_attribute("data-total") or 0) > 100
    assert page.locator("#demand-chart svg rect.bar").count() > 0
    assert page.locator("#demand-chart polyline.capacity").count() == 1
    assert page.locator("#utilisation-chart svg polyline").count() == 2
    over = page.locator("td.heat-over a").first
    period = over.get_attribute("title") or ""
    over.click()
    page.wait_for_url("**/resources/*#over")
    # the person page narrowed to that period lists the over-allocation and its causes
    assert page.locator("#over tbody tr[data-period]").count() >= 1
    assert page.locator("#over .causes li").count() >= 1
    assert period.split(":")[0] in page.locator("#over").inner_text()
    in_both_languages(page, "/resources/capacity", "capacity")


def test_capacity_filters_group_rows_and_refuse_a_bad_window(page: Any) -> None:
    sign_in(page, "pmo")
    page.goto("/resources/capacity?by=role&period=month&stack=role")
    assert page.locator(".heat-table thead th").nth(1).inner_text().startswith("20")
    role_row = page.locator(".heat-table tbody tr th a").first
    role_row.click()
    assert "by=person" in page.url
    assert "role=" in page.url
    page.goto("/resources/capacity?from=2026-06-01&to=2026-01-01")
    error = page.locator("[data-error-for=to]")
    assert "before the start" in error.inner_text()
    assert page.locator(".heat-table").count() == 0
    shoot(page, "capacity-error-en")


def test_what_if_adds_a_proposed_projects_demand(page: Any, web_app: WebApp) -> None:
    with web_app.sessions() as session:
        proposed = session.execute(
            select(Project.id, Project.code, func.min(Task.planned_start))
            .join(Task, Task.project_id == Project.id)
            .join(Assignment, Assignment.task_id == Task.id)
            .where(Project.status == ProjectStatus.PROPOSED)
            .group_by(Project.id, Project.code)
            .order_by(Project.code)
            .limit(1)
        ).one()
    sign_in(page, "pmo")
    page.goto(f"/resources/capacity?what_if={proposed.id}&from={proposed[2]}&period=month")
    banner = page.locator("#what-if")
    assert proposed.code in banner.inner_text()
    assert page.locator("#demand-chart rect.series-7").count() > 0  # the proposal's own stack


def test_member_may_not_see_capacity(page: Any) -> None:
    sign_in(page, "member")
    assert page.goto("/resources/capacity").status == 403


def test_person_page_shows_calendar_allocations_and_assignments(page: Any, web_app: WebApp) -> None:
    with web_app.sessions() as session:
        busiest = session.scalar(
            select(Allocation.resource_id).group_by(Allocation.resource_id).limit(1)
        )
        person = session.get(Resource, busiest)
        assert person is not None
    sign_in(page, "resource_manager")
    page.goto(f"/resources/{person.id}?period=month&from=2026-01-01&to=2026-12-31")
    assert page.locator("h1").inner_text() == person.name
    assert "%" in page.locator("#share").inner_text()
    assert page.locator("#allocations tbody tr:not(.empty)").count() >= 1
    assert page.locator("#person-load svg").count() == 1
    assert page.locator("#holidays li").count() > 3  # China's public holidays of 2026
    page.goto(f"/resources/{person.id}?from=2026-03-01&to=2026-01-01")
    assert page.locator("[data-error-for=to]").count() == 1
    assert page.locator("#person-alert").count() == 1
    in_both_languages(page, f"/resources/{person.id}?period=month&from=2026-01-01", "person")


def _pm_project(web_app: WebApp) -> Project:
    with web_app.sessions() as session:
        user = session.scalars(select(User).where(User.username == "project_manager")).one()
        resource = session.scalars(select(Resource).where(Resource.user_id == user.id)).one()
        project = session.scalars(
            select(Project)
            .where(Project.manager_id == resource.id, Project.status == ProjectStatus.ACTIVE)
            .order_by(Project.code)
            .limit(1)
        ).one()
        return project


def _ask(page: Any, project: Project, finish: str) -> None:
    page.goto(f"/projects/{project.id}/requests")
    form = page.locator("#request-form form")
    form.locator("input[name=role]").fill("Java Developer")
    form.locator("input[name=count]").fill("1")
    form.locator("input[name=percent]").fill("40")
    form.locator("input[name=start]").fill("2026-12-07")
    form.locator("input[name=finish]").fill(finish)
    form.locator("button[name=submit]").click()


def test_request_is_asked_approved_into_an_allocation_and_the_requester_sees_it(
    new_page: Any, web_app: WebApp
) -> None:
    project = _pm_project(web_app)
    mine = ResourceRequest.project_id == project.id
    before = count(web_app.sessions, ResourceRequest, mine)
    pm = new_page()
    sign_in(pm, "project_manager")
    _ask(pm, project, "2026-11-30")
    assert "before the start" in pm.locator("[data-error-for=finish]").inner_text()
    assert count(web_app.sessions, ResourceRequest, mine) == before
    _ask(pm, project, "2027-01-29")
    pm.wait_for_selector(".alert-success")
    row = pm.locator("#project-requests tr[data-status=submitted]").first
    request_id = int(row.get_attribute("data-request") or 0)

    rm = new_page()
    sign_in(rm, "resource_manager")
    rm.goto("/resources/requests")
    assert rm.locator(f"tr[data-request='{request_id}']").count() == 1
    rm.goto(f"/resources/requests/{request_id}")
    candidates = rm.locator(".cand-table tbody tr[data-resource]")
    assert candidates.count() >= 2
    assert "fit" in (candidates.first.get_attribute("class") or "")
    # approving nobody: the count is wrong, nothing changes
    rm.click("button[value=approve]")
    assert "exactly 1" in rm.locator("[data-error-for=resource_ids]").inner_text()
    shoot(rm, "request-error-en")
    chosen = candidates.first.get_attribute("data-resource")
    rm.locator(f"input[name=pick_{chosen}]").check()
    rm.click("button[value=approve]")
    rm.wait_for_selector(".alert-success")
    with web_app.sessions() as session:
        stored = session.get(ResourceRequest, request_id)
        assert stored is not None
        assert stored.status is RequestStatus.APPROVED
        allocation = session.scalars(
            select(Allocation).where(Allocation.request_id == request_id)
        ).one()
        assert allocation.resource_id == int(chosen or 0)
        assert allocation.percent == 40.0
        person = session.get(Resource, allocation.resource_id)
        assert person is not None
    pm.goto(f"/projects/{project.id}/requests")
    assert person.name in pm.locator(f"tr[data-request='{request_id}']").inner_text()
    in_both_languages(rm, f"/resources/requests/{request_id}", "request")
    in_both_languages(pm, f"/projects/{project.id}/requests", "project-requests")


def test_a_stale_decision_changes_nothing(page: Any, web_app: WebApp) -> None:
    submitted = first(
        web_app.sessions,
        select(ResourceRequest).where(ResourceRequest.status == RequestStatus.SUBMITTED),
    )
    sign_in(page, "resource_manager")
    page.goto(f"/resources/requests/{submitted.id}")
    with web_app.sessions() as session:  # someone else edits it meanwhile
        session.execute(
            update(ResourceRequest)
            .where(ResourceRequest.id == submitted.id)
            .values(comment="changed", version=ResourceRequest.version + 1)
        )
        session.commit()
    page.fill("input[name=comment]", "no one free")
    page.click("button[value=reject]")
    alert = page.locator("#request-alert")
    assert "changed by someone else" in alert.inner_text()
    with web_app.sessions() as session:
        stored = session.get(ResourceRequest, submitted.id)
        assert stored is not None
        assert stored.status is RequestStatus.SUBMITTED


def _level(page: Any, program: str, name: str, time_limit: str = "5") -> None:
    page.goto("/resources/levelling")
    form = page.locator("#scenario-form form")
    form.locator("input[name=name]").fill(name)
    form.locator("select[name=scope]").select_option("program")
    form.locator("select[name=program_id]").select_option(program)
    form.locator("select[name=solver]").select_option("heuristic")
    form.locator("input[name=time_limit]").fill(time_limit)
    form.locator("button[type=submit]").click()


def test_levelling_scenario_is_made_compared_and_refused_when_a_task_moved(
    page: Any, web_app: WebApp
) -> None:
    program = str(_levelable_program(web_app))
    sign_in(page, "pmo")
    _level(page, program, "bad", time_limit="0")
    assert page.locator("[data-error-for=time_limit]").count() == 1
    assert count(web_app.sessions, LevellingScenario) == 0
    page.set_default_timeout(60_000)
    _level(page, program, "First")
    page.wait_for_url("**/resources/levelling/*")
    shoot(page, "scenario-first")
    assert int(page.locator("#moved").inner_text().replace(",", "")) > 0
    assert page.locator("#projects tbody tr[data-project]").count() >= 1
    assert page.locator("#load-chart svg rect.bar").count() > 0
    first_id = int(page.url.rsplit("/", 1)[1])
    in_both_languages(page, _path(page.url), "scenario")
    _level(page, program, "Second")
    page.wait_for_url("**/resources/levelling/*")
    page.click("#compare-with button")
    assert page.locator("#comparison thead th").count() == 3
    shoot(page, "compare-en")
    # a task of the first scenario is edited since: applying it is refused, nothing moves
    with web_app.sessions() as session:
        move = session.scalars(
            select(ScenarioTask).where(ScenarioTask.scenario_id == first_id).limit(1)
        ).one()
        task = session.get(Task, move.task_id)
        assert task is not None
        session.execute(update(Task).where(Task.id == task.id).values(version=Task.version + 1))
        session.commit()
    page.goto(f"/resources/levelling/{first_id}")
    page.click("#apply")
    alert = page.locator("#scenario-alert")
    assert task.name in alert.inner_text()
    shoot(page, "apply-refused-en")
    with web_app.sessions() as session:
        scenario = session.get(LevellingScenario, first_id)
        assert scenario is not None
        assert scenario.status is ScenarioStatus.DRAFT
        assert session.get(Task, task.id).planned_start == task.planned_start  # type: ignore[union-attr]
    page.click("#discard")
    page.wait_for_selector(".alert-success")
    assert page.locator("#scenario-status").get_attribute("class") == (
        "badge badge-scenario-discarded"
    )


def _levelable_program(web_app: WebApp) -> int:
    """A program whose levelling moves tasks (found without storing anything)."""
    with web_app.sessions() as session:
        audit.set_actor(session, None)
        pmo = load_principal(
            session, session.scalars(select(User).where(User.username == "pmo")).one()
        )
        for program_id in session.scalars(select(Program.id).order_by(Program.code)):
            data = ScenarioCreate(
                scope="program", program_id=program_id, solver="heuristic", time_limit=5
            )
            scenario = levelling.create_scenario(session, pmo, data)
            moved = sum(p["moved_tasks"] for p in scenario.summary["projects"])
            session.rollback()
            if moved:
                return int(program_id)
    raise AssertionError("no program of the demo needs levelling")


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_comparing_one_scenario_explains_itself(page: Any) -> None:
    sign_in(page, "pmo")
    response = page.goto("/resources/levelling/compare?ids=1")
    assert response.status == 422
    assert "two different scenarios" in page.locator("#compare-alert").inner_text()
