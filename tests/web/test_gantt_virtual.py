"""A long Gantt chart draws only the rows in view, and the right ones as it scrolls."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from openpmo.db import audit
from openpmo.db.models import OrgUnit
from openpmo.services.scheduling import reschedule
from tests import factories as f
from tests.web.conftest import WebApp, log_in

pytestmark = pytest.mark.browser

TASKS = 400


@pytest.fixture
def long_project(web_app: WebApp) -> int:
    """400 tasks in one FS chain (all critical) except every 10th, which floats."""
    with web_app.sessions() as session:
        audit.set_actor(session, None)
        unit = session.scalars(select(OrgUnit).order_by(OrgUnit.id)).first()
        assert unit is not None
        owner = f.project(session, unit, code="LONG", planned_start=date(2025, 3, 3))
        tasks = [
            f.task(session, owner, wbs=str(k + 1), name=f"Step {k + 1}", duration_days=1.0)
            for k in range(TASKS)
        ]
        chain = [t for k, t in enumerate(tasks) if k % 10 != 9]
        for before, after in itertools.pairwise(chain):
            f.dependency(session, before, after)
        reschedule(session, owner)
        session.commit()
        return owner.id


def _rows(page: Any) -> list[str]:
    wbs: list[str] = page.eval_on_selector_all(
        ".gantt-body g.row", "rs => rs.map(r => r.dataset.wbs)"
    )
    return wbs


def test_only_rows_near_the_view_are_drawn_and_scrolling_draws_the_rest(
    page: Any, long_project: int
) -> None:
    log_in(page, "admin")
    page.wait_for_url("**/portfolio")
    page.goto(f"/projects/{long_project}/schedule?zoom=month")
    assert len(_rows(page)) < TASKS
    assert page.locator(".gn").count() == len(_rows(page))
    page.locator(".gantt-scroll").focus()
    page.keyboard.press("End")  # the keyboard still scrolls the chart
    page.wait_for_function("document.querySelector('.gantt-body g.row[data-wbs=\"400\"]')")
    drawn = _rows(page)
    assert "400" in drawn
    assert "1" not in drawn
    assert len(drawn) < TASKS
    # The names pane shows the same rows, level with their bars.
    last_name = page.locator(".gn", has_text="Step 400")
    last_bar = page.locator('.gantt-body g.row[data-wbs="400"] .bar')
    name_box, bar_box = last_name.bounding_box(), last_bar.bounding_box()
    assert (
        abs((name_box["y"] + name_box["height"] / 2) - (bar_box["y"] + bar_box["height"] / 2)) < 8
    )
    # Critical rows keep their highlight when drawn by the script; the floating ones do not.
    assert "crit" in (page.locator('g.row[data-wbs="399"]').get_attribute("class") or "")
    assert "crit" not in (page.locator('g.row[data-wbs="390"]').get_attribute("class") or "")


def test_rows_all_draws_every_row_on_the_server(page: Any, long_project: int) -> None:
    log_in(page, "admin")
    page.wait_for_url("**/portfolio")
    page.goto(f"/projects/{long_project}/schedule?rows=all")
    assert len(_rows(page)) == TASKS
