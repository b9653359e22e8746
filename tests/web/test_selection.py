"""The portfolio selection pages in real Chromium, on the small demo (seed 7): run a scenario
from the form, read the in/out reasons, the budget and frontier charts, compare two scenarios;
bad input shows the errors beside the boxes and saves nothing.

``PMO_SCREENSHOTS=/tmp/shots pytest tests/web/test_selection.py`` also writes
``selection-*.png``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from openpmo.db.models import SelectionScenario, User
from openpmo.schemas.selection import SelectionScenarioCreate
from openpmo.services import selection
from openpmo.services.principal import load_principal
from tests.web import test_governance as governance
from tests.web.conftest import WebApp
from tests.web.test_governance import SCREENS, sign_in

# The governance pages' fixtures: a copy of the small demo per test.
demo_file = governance.demo_file
web_app = governance.web_app

pytestmark = pytest.mark.browser

#: Enough for the running projects each year; in 2027 room for only some proposals.
BUDGET = ("45,000,000", "36,000,000", "20,000,000")


def _saved(web: WebApp) -> int:
    with web.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(SelectionScenario)) or 0)


def _scenario(web: WebApp, name: str, budget: list[float], **extra: Any) -> int:
    with web.sessions() as session:
        user = session.scalars(select(User).where(User.username == "pmo")).one()
        data = SelectionScenarioCreate(
            name=name, pmo_id=1, first_year=2026, years=len(budget), budget=budget, **extra
        )
        scenario = selection.create_scenario(session, load_principal(session, user), data)
        session.commit()
        return scenario.id


def test_a_pmo_runs_a_scenario_and_reads_why_each_candidate_is_in_or_out(
    page: Any, web_app: WebApp
) -> None:
    sign_in(page, "pmo")
    page.goto("/intake/pmos/1/ranking")
    page.click("[data-tab=selection]")
    page.wait_for_url("**/portfolio/selection?pmo=1")
    assert page.locator("#no-scenarios").is_visible()
    page.fill("input[name=name]", "Plan 2026-2028")
    page.fill("input[name=first_year]", "2026")
    for i, amount in enumerate(BUDGET):
        page.fill(f"input[name=budget_{i}]", amount)
    page.select_option("select[name='choice_PRP-2026-006']", "out")
    page.click("#run-button")
    page.wait_for_url("**/portfolio/selection/*")
    assert page.locator("#scenario-name").inner_text() == "Plan 2026-2028"
    status = page.locator("[data-solver-status]").first
    assert status.get_attribute("data-solver-status") == "optimal"
    rows = page.locator(".selection-table tbody tr")
    assert rows.count() > 20
    forced = page.locator("tr[data-code='PRP-2026-006']")
    assert forced.get_attribute("data-selected") == "no"
    assert forced.locator("li[data-kind=forced_out]").inner_text() == "Forced out"
    # Every proposal left out says why, in words.
    for row in page.locator("tr[data-selected=no]").all():
        assert row.locator(".reasons li").count() >= 1
    assert page.locator("#budget-use svg rect.bar").count() >= 3
    assert page.locator("#budget-use svg polyline.series-2").count() == 1  # the budget line
    assert page.locator("#frontier svg circle.series-2").count() == 1  # this scenario's point
    assert page.locator("#frontier svg circle.series-0").count() >= 3
    assert page.locator("#gain").inner_text().startswith(("+", "-"))
    assert _saved(web_app) == 1


def test_bad_input_is_shown_beside_the_boxes_and_saves_nothing(page: Any, web_app: WebApp) -> None:
    sign_in(page, "pmo")
    page.goto("/portfolio/selection?pmo=1")
    # Selection is a tab of Intake, though its path is under /portfolio.
    assert page.locator(".nav-item.active").get_attribute("data-nav") == "intake"
    page.fill("input[name=name]", "Broken")
    page.fill("input[name=budget_1]", "1000")  # year 1 left empty
    page.fill("input[name=time_limit]", "-3")
    page.select_option("select[name='choice_PRP-2026-001']", "must")
    page.click("#run-button")
    assert page.locator("#run-alert").is_visible()
    assert page.locator("[data-error-for=budget_0]").inner_text().strip() == "is required"
    assert "greater than 0" in page.locator("[data-error-for=time_limit]").inner_text()
    # What was typed is still there.
    assert page.input_value("input[name=budget_1]") == "1000"
    assert page.input_value("select[name='choice_PRP-2026-001']") == "must"
    assert _saved(web_app) == 0


def test_compare_shows_what_came_in_and_went_out(page: Any, web_app: WebApp) -> None:
    wide = _scenario(web_app, "Wide", [45e6, 40e6, 20e6])
    lean = _scenario(web_app, "Lean", [45e6, 33e6, 20e6])
    sign_in(page, "executive")
    page.goto(f"/portfolio/selection/{wide}")
    page.select_option("#compare-with select[name=b]", str(lean))
    page.click("#compare-with button")
    page.wait_for_url("**/portfolio/selection/compare*")
    changes = page.locator("#changes tbody tr[data-change]")
    assert changes.count() >= 1
    assert {changes.nth(i).get_attribute("data-change") for i in range(changes.count())} <= {
        "added",
        "removed",
        "moved",
    }
    assert page.locator("#value-change").inner_text().startswith("-")
    assert page.locator("#run").count() == 0  # page.goto(list) below: executives only read
    page.goto("/portfolio/selection?pmo=1")
    assert page.locator("#run").count() == 0
    assert page.goto("/portfolio/selection/compare?a=1").status == 422


def test_a_member_may_not_see_scenarios(page: Any, web_app: WebApp) -> None:
    sign_in(page, "member")
    assert page.goto("/portfolio/selection").status == 403


@pytest.mark.skipif(not SCREENS, reason="set PMO_SCREENSHOTS=<dir> to write screenshots")
def test_take_selection_screenshots(page: Any, web_app: WebApp) -> None:
    out = Path(str(SCREENS))
    out.mkdir(parents=True, exist_ok=True)
    wide = _scenario(web_app, "Wide 2026-2028", [45e6, 40e6, 20e6], max_shift=1)
    lean = _scenario(web_app, "Lean 2027", [45e6, 33e6, 20e6])
    sign_in(page, "pmo")
    for lang in ("en", "zh-CN"):
        page.goto(f"/lang/{lang}?next=/portfolio/selection?pmo=1")
        page.screenshot(path=str(out / f"selection-list-{lang}.png"), full_page=True)
        page.goto(f"/portfolio/selection/{lean}")
        page.screenshot(path=str(out / f"selection-scenario-{lang}.png"), full_page=True)
        page.goto(f"/portfolio/selection/compare?a={wide}&b={lean}")
        page.screenshot(path=str(out / f"selection-compare-{lang}.png"), full_page=True)
        page.goto("/portfolio/selection?pmo=1")
        page.fill("input[name=budget_1]", "abc")
        page.click("#run-button")
        page.screenshot(path=str(out / f"selection-error-{lang}.png"), full_page=True)
