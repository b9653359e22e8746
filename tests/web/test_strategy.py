"""The strategy map in real Chromium, on the small demo (seed 7): the objectives tree with
measures, progress and contributors, the coverage gaps both ways, a subtree in focus, and an
unknown objective refused.

``PMO_SCREENSHOTS=/tmp/shots pytest tests/web/test_strategy.py`` also writes
``strategy-*.png``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from openpmo.db.models import OrgUnit, Project, StrategicObjective
from openpmo.enums import Methodology, ProjectStatus
from tests.web import test_governance as governance
from tests.web.conftest import WebApp
from tests.web.test_governance import SCREENS, sign_in

pytestmark = pytest.mark.browser

demo_file = governance.demo_file
web_app = governance.web_app


def _gaps(web: WebApp) -> None:
    """An objective nobody serves and an active project serving no objective."""
    with web.sessions() as session:
        session.add(
            StrategicObjective(code="SO-9", name="Carbon neutral plants", name_zh="工厂碳中和")
        )
        unit = session.scalars(select(OrgUnit).order_by(OrgUnit.id)).first()
        assert unit is not None
        session.add(
            Project(
                code="PRJ-LONE",
                name="Lonely project",
                status=ProjectStatus.ACTIVE,
                methodology=Methodology.WATERFALL,
                org_unit_id=unit.id,
            )
        )
        session.commit()


def test_the_map_shows_objectives_with_progress_contributors_and_gaps(
    page: Any, web_app: WebApp
) -> None:
    _gaps(web_app)
    sign_in(page, "executive")
    page.goto("/intake")
    page.goto("/intake/pmos/1/ranking")
    page.click("[data-tab=strategy]")
    page.wait_for_url("**/strategy")
    # The strategy map is a tab of Intake: the sidebar says so.
    assert page.locator(".nav-item.active").get_attribute("data-nav") == "intake"
    rows = page.locator(".strategy-table tbody tr")
    assert rows.count() == 8  # the demo's seven objectives and SO-9
    child = page.locator("tr[data-objective='SO-2.1']")
    assert child.locator(".chip-project").count() >= 1
    progress = child.locator("[data-progress]").get_attribute("data-progress")
    assert progress
    assert 0 <= float(progress) <= 100
    assert "→" in child.locator("td").nth(1).inner_text()  # baseline → current → target
    assert page.locator("#orphans").inner_text().count("SO-9") == 1
    assert "PRJ-LONE" in page.locator("#unaligned").inner_text()
    assert page.locator("#budget-by-objective svg rect.bar").count() >= 2


def test_focus_shows_one_subtree_and_an_unknown_objective_is_not_found(
    page: Any, web_app: WebApp
) -> None:
    sign_in(page, "pmo")
    page.goto("/strategy")
    page.click("tr[data-objective='SO-2'] .obj-name a")
    page.wait_for_url("**/strategy?focus=*")
    codes = page.locator(".strategy-table tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.objective)"
    )
    assert codes == ["SO-2", "SO-2.1", "SO-2.2"]
    page.click("#whole-map")
    page.wait_for_url("**/strategy")
    assert page.goto("/strategy?focus=9999").status == 404
    assert page.goto("/strategy?focus=abc").status == 404


@pytest.mark.skipif(not SCREENS, reason="set PMO_SCREENSHOTS=<dir> to write screenshots")
def test_take_strategy_screenshots(page: Any, web_app: WebApp) -> None:
    out = Path(str(SCREENS))
    out.mkdir(parents=True, exist_ok=True)
    _gaps(web_app)
    sign_in(page, "pmo")
    for lang in ("en", "zh-CN"):
        page.goto(f"/lang/{lang}?next=/strategy")
        page.screenshot(path=str(out / f"strategy-{lang}.png"), full_page=True)
