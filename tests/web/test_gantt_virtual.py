"""A long schedule draws only the rows in view, in the Gantt and in the schedule table, and
the right ones as either scrolls: the two stay on the same row."""

from __future__ import annotations

import itertools
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from openpmo.db import audit
from openpmo.db.models import OrgUnit
from openpmo.services.scheduling import reschedule
from tests import factories as f
from tests.web.conftest import WebApp, log_in
from tests.web.schedule_seed import seed_schedule

pytestmark = pytest.mark.browser

TASKS = 400


@pytest.fixture
def long_project(web_app: WebApp) -> int:
    """400 tasks in one FS chain (all critical) except every 10th, which floats; tasks 25,
    75, ... work a calendar of their own, tasks 31, 81, ... last one elapsed day."""
    with web_app.sessions() as session:
        audit.set_actor(session, None)
        unit = session.scalars(select(OrgUnit).order_by(OrgUnit.id)).first()
        assert unit is not None
        owner = f.project(session, unit, code="LONG", planned_start=date(2025, 3, 3))
        night = f.task_calendar(session, owner, name="Night shift")
        tasks = [
            f.task(
                session,
                owner,
                wbs=str(k + 1),
                name=f"Step {k + 1}",
                name_zh=f"步骤 {k + 1}",
                duration_days=1.0,
                duration_elapsed=k % 50 == 30,
                calendar_id=night.id if k % 50 == 24 else None,
            )
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


# --- the schedule table -------------------------------------------------------------------

ROW = 26

#: The WBS codes of the rows wholly in view in a scroll box, below its sticky header.
IN_VIEW = """([box, head, rows]) => {
  const scroller = document.querySelector(box);
  const frame = scroller.getBoundingClientRect();
  const top = frame.top + scroller.querySelector(head).getBoundingClientRect().height;
  const bottom = frame.top + scroller.clientHeight;
  return [...scroller.querySelectorAll(rows)]
    .filter((r) => {
      const b = r.getBoundingClientRect();
      return b.top >= top - 1 && b.bottom <= bottom + 1;
    })
    .map((r) => r.dataset.wbs || r.querySelector('.gw').textContent);
}"""


def _table_in_view(page: Any) -> list[str]:
    found: list[str] = page.evaluate(
        IN_VIEW, [".schedule-table-scroll", "thead", "tbody tr[data-wbs]"]
    )
    return found


def _gantt_in_view(page: Any) -> list[str]:
    found: list[str] = page.evaluate(IN_VIEW, [".gantt-scroll", ".gantt-corner", ".gn"])
    return found


def _table_rows(page: Any) -> list[str]:
    wbs: list[str] = page.eval_on_selector_all(
        "#schedule-table tbody tr[data-wbs]", "rs => rs.map(r => r.dataset.wbs)"
    )
    return wbs


#: Each drawn row of the table as data: classes, WBS, row index, and each cell's class,
#: style and text (markup drawn by the server and by the script must agree on all of it).
ROW_DATA = """rows => rows.map(r => [
  [...r.classList].sort(), r.dataset.wbs, r.getAttribute('aria-rowindex'),
  [...r.cells].map(c => [c.className, c.getAttribute('style') || '', c.textContent,
                         c.getAttribute('title') || ''])
])"""


def _open_long(page: Any, project_id: int, query: str = "") -> None:
    log_in(page, "admin")
    page.wait_for_url("**/portfolio")
    page.goto(f"/projects/{project_id}/schedule{query}")
    page.wait_for_selector("#schedule-table tbody tr[data-wbs]")


def test_the_table_draws_only_rows_in_view_and_keeps_the_row_count(
    page: Any, long_project: int
) -> None:
    _open_long(page, long_project)
    table = page.locator("#schedule-table")
    assert table.get_attribute("role") == "grid"
    assert table.get_attribute("aria-rowcount") == str(TASKS + 1)
    drawn = _table_rows(page)
    assert 10 < len(drawn) < 80
    assert drawn[0] == "1"
    indexes = page.eval_on_selector_all(
        "#schedule-table tbody tr[data-wbs]", "rs => rs.map(r => r.getAttribute('aria-rowindex'))"
    )
    assert indexes == [str(int(w) + 1) for w in drawn]
    # Every row is exactly one row high, and the spacers make up the rest: the scrollbar
    # is as long as the whole table.
    heights = page.eval_on_selector_all(
        "#schedule-table tbody tr[data-wbs]", "rs => rs.map(r => r.getBoundingClientRect().height)"
    )
    assert set(heights) == {ROW}
    body = page.locator("#schedule-table tbody").evaluate("b => b.getBoundingClientRect().height")
    assert abs(body - TASKS * ROW) <= 1  # half the collapsed border under the header
    # The whole page stays small: the Gantt and the table draw a window each.
    assert page.evaluate("document.getElementsByTagName('*').length") < 1500


def test_scrolling_the_table_brings_the_gantt_to_the_same_rows(
    page: Any, long_project: int
) -> None:
    _open_long(page, long_project)
    box = page.locator(".schedule-table-scroll")
    box.evaluate(f"b => b.scrollTop = 200 * {ROW}")
    page.wait_for_function("document.querySelector('#schedule-table tr[data-wbs=\"201\"]')")
    page.wait_for_function("document.querySelector('.gantt-scroll').scrollTop > 0")
    table, gantt = _table_in_view(page), _gantt_in_view(page)
    assert table[0] == "201"
    assert gantt[0] == "201"
    assert set(table) <= set(gantt)
    row = page.locator('#schedule-table tr[data-wbs="201"]')
    assert row.locator(".col-task").inner_text() == "Step 201"
    assert row.get_attribute("aria-rowindex") == "202"
    assert page.locator('.gantt-body g.row[data-wbs="201"] rect.bar').count() == 1
    assert "1" not in _table_rows(page)
    # Keyboard: the table's scroll box takes focus and End goes to the last row, in both.
    box.focus()
    page.keyboard.press("End")
    page.wait_for_function("document.querySelector('#schedule-table tr[data-wbs=\"400\"]')")
    # End scrolls smoothly: the Gantt follows frame by frame, so wait until both panes
    # have come to rest on the last row (not merely started towards it).
    page.wait_for_function(
        f"args => ({IN_VIEW})(args).includes('400')",
        arg=[".gantt-scroll", ".gantt-corner", ".gn"],
    )
    page.wait_for_function(
        f"args => ({IN_VIEW})(args).slice(-1)[0] === '400'",
        arg=[".schedule-table-scroll", "thead", "tbody tr[data-wbs]"],
    )
    table, gantt = _table_in_view(page), _gantt_in_view(page)
    assert table[-1] == "400"
    assert "400" in gantt
    assert set(table) <= set(gantt)
    last = page.locator('#schedule-table tr[data-wbs="400"]')
    assert last.get_attribute("aria-rowindex") == str(TASKS + 1)
    assert last.locator(".col-task").inner_text() == "Step 400"
    assert len(_table_rows(page)) < 80


def test_scrolling_the_gantt_brings_the_table_to_the_same_rows(
    page: Any, long_project: int
) -> None:
    _open_long(page, long_project)
    page.locator(".gantt-scroll").evaluate(f"b => b.scrollTop = 120 * {ROW}")
    page.wait_for_function("document.querySelector('#schedule-table tr[data-wbs=\"121\"]')")
    table, gantt = _table_in_view(page), _gantt_in_view(page)
    assert gantt[0] == table[0] == "121"
    # The cells drawn by the script: critical pill, floats, own calendar, elapsed days.
    cells = page.locator('#schedule-table tr[data-wbs="125"] td').all_inner_texts()
    assert cells[1] == "Step 125"
    assert cells[2] == "1 d"
    assert cells[9] == "Critical"
    assert cells[10] == "Night shift"
    assert page.locator('#schedule-table tr[data-wbs="131"] td').nth(2).inner_text() == "1 ed"
    assert page.locator('#schedule-table tr[data-wbs="130"] td').nth(10).inner_text() == (
        "Project calendar"
    )
    assert "crit" in (page.locator('#schedule-table tr[data-wbs="129"]').get_attribute("class"))
    assert "crit" not in (
        page.locator('#schedule-table tr[data-wbs="130"]').get_attribute("class") or ""
    )
    # Scrolling sideways moves no row.
    page.locator(".gantt-scroll").evaluate("b => b.scrollLeft += 300")
    page.wait_for_timeout(100)
    assert _table_in_view(page)[0] == "121"


def test_rows_drawn_by_the_script_match_those_drawn_by_the_server(
    browser: Any, live_server: str, page: Any, long_project: int
) -> None:
    _open_long(page, long_project)
    scripted = page.eval_on_selector_all("#schedule-table tbody tr[data-wbs]", ROW_DATA)
    plain = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        server = plain.new_page()
        _open_long(server, long_project)
        drawn = server.eval_on_selector_all("#schedule-table tbody tr[data-wbs]", ROW_DATA)
        # Without JavaScript the first rows are drawn, and the page says how to see them all.
        assert len(drawn) == 150
        assert "first 150 of 400 rows" in server.locator(".schedule-table-card").inner_text()
        assert "rows=all" in (server.get_attribute("#all-rows", "href") or "")
    finally:
        plain.close()
    assert scripted == drawn[: len(scripted)]


def test_printing_draws_every_row_then_the_window_again(page: Any, long_project: int) -> None:
    _open_long(page, long_project)
    # Rows drawn when the browser prints (these listeners run after the page's own).
    page.evaluate(
        """window.printed = [];
        for (const kind of ['beforeprint', 'afterprint']) {
          addEventListener(kind, () => printed.push([kind,
            document.querySelectorAll('#schedule-table tr[data-wbs]').length,
            document.querySelectorAll('.gantt-body g.row').length]));
        }"""
    )
    pdf = page.pdf(format="A4", landscape=True)
    assert pdf.startswith(b"%PDF")
    printed = page.evaluate("printed")
    assert printed[0] == ["beforeprint", TASKS, TASKS]
    assert printed[1][0] == "afterprint"
    assert printed[1][1] < 80
    assert printed[1][2] < 100
    assert len(_table_rows(page)) < 80


def test_rows_all_draws_every_table_row_on_the_server(page: Any, long_project: int) -> None:
    _open_long(page, long_project, "?rows=all")
    assert len(_table_rows(page)) == TASKS
    page.locator(".schedule-table-scroll").evaluate("b => b.scrollTop = 1e6")
    page.wait_for_timeout(100)
    assert len(_table_rows(page)) == TASKS


def test_a_small_project_shows_every_row_with_its_variance(page: Any, web_app: WebApp) -> None:
    with web_app.sessions() as session:
        audit.set_actor(session, None)
        small = seed_schedule(session, web_app.seeded.crm_id)
        session.commit()
    _open_long(page, small.project_id, "?baseline=0")
    rows = page.locator("#schedule-table tbody tr[data-wbs]")
    assert rows.count() == small.tasks
    assert page.get_attribute("#schedule-table", "aria-rowcount") == str(small.tasks + 1)
    assert page.get_attribute("#schedule-table", "aria-colcount") == "14"
    assert page.locator("#all-rows").count() == 0
    pads = page.eval_on_selector_all(
        "#schedule-table tr.pad", "rs => rs.map(r => r.getBoundingClientRect().height)"
    )
    assert len(pads) == 2
    assert max(pads) <= 1  # no spacing: half a collapsed border at most
    develop = page.locator('#schedule-table tr[data-wbs="1.2"] td').all_inner_texts()
    assert develop[1:3] == ["Develop", "12 d"]
    assert develop[12] == "+2.0"
    assert "late" in (
        page.locator('#schedule-table tr[data-wbs="1.2"] td').nth(12).get_attribute("class") or ""
    )
    assert page.locator('#schedule-table tr[data-wbs="1"] td').nth(2).inner_text() == "—"
    assert page.locator("#schedule-table tr.milestone").get_attribute("data-wbs") == "2.3"


SHOTS = os.environ.get("PMO_SCREENSHOTS")


@pytest.mark.skipif(not SHOTS, reason="set PMO_SCREENSHOTS=<dir> to take screenshots")
def test_take_schedule_table_screenshots(page: Any, web_app: WebApp, long_project: int) -> None:
    out = Path(str(SHOTS))
    out.mkdir(parents=True, exist_ok=True)
    with web_app.sessions() as session:
        audit.set_actor(session, None)
        small = seed_schedule(session, web_app.seeded.crm_id)
        session.commit()
    _open_long(page, long_project, "?zoom=week")
    for lang in ("en", "zh"):
        if lang == "zh":
            page.goto(f"/lang/zh-CN?next=/projects/{long_project}/schedule")
            page.wait_for_selector("#schedule-table tbody tr[data-wbs]")
        page.screenshot(path=str(out / f"table-{lang}-top.png"), full_page=True)
        page.locator(".schedule-table-scroll").evaluate(f"b => b.scrollTop = 200 * {ROW}")
        page.wait_for_function("document.querySelector('#schedule-table tr[data-wbs=\"201\"]')")
        page.wait_for_timeout(100)
        page.screenshot(path=str(out / f"table-{lang}-middle.png"), full_page=True)
        page.goto(f"/projects/{small.project_id}/schedule?baseline=0")
        card = page.locator(".schedule-table-card")
        card.screenshot(path=str(out / f"table-{lang}-small.png"))
        page.locator(".schedule-table-scroll").evaluate("b => b.scrollLeft = 1e6")
        card.screenshot(path=str(out / f"table-{lang}-small-right.png"))
        page.goto(f"/projects/{long_project}/schedule")
