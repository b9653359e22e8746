"""The proposal form in real Chromium, on the small demo (seed 7): a requester writes a
draft with costs, benefits, skills and contributions, edits it, submits it from the page;
bad boxes are shown beside themselves and nothing is stored; a stale edit is refused.

``PMO_SCREENSHOTS=/tmp/shots pytest tests/web/test_proposal_form.py`` also writes
``proposal-form-*.png``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from openpmo.db.models import Proposal, StrategicObjective
from openpmo.enums import ProposalStatus
from tests.web import test_governance as governance
from tests.web.conftest import WebApp
from tests.web.test_governance import SCREENS, sign_in

pytestmark = pytest.mark.browser

demo_file = governance.demo_file
web_app = governance.web_app


def _objective(web: WebApp, code: str) -> int:
    with web.sessions() as session:
        return int(
            session.scalars(
                select(StrategicObjective.id).where(StrategicObjective.code == code)
            ).one()
        )


def _fill_draft(page: Any, web: WebApp) -> None:
    page.fill("input[name=code]", "PRP-2027-100")
    page.fill("input[name=title]", "Warehouse robots")
    page.fill("input[name=title_zh]", "仓储机器人")
    page.select_option("select[name=pmo_id]", "1")
    page.select_option("select[name=org_unit_id]", index=1)
    page.fill("input[name=first_year]", "2027")
    page.fill("textarea[name=problem]", "Picking is slow and error-prone.")
    page.fill("textarea[name=key_risks]", "Vendor lock-in\nSafety certification")
    page.fill("input[name=cost_0]", "1,200,000")
    page.fill("input[name=cost_1]", "300,000")
    page.fill("input[name=benefit_1]", "900,000")
    page.fill("input[name=benefit_2]", "1,100,000")
    page.select_option("select[name=skill_id_0]", index=1)
    page.select_option("select[name=skill_period_0]", "2")
    page.fill("input[name=skill_hours_0]", "480")
    page.fill(f"input[name=contribution_{_objective(web, 'SO-2.1')}]", "70")


def test_a_requester_writes_edits_and_submits_a_proposal(page: Any, web_app: WebApp) -> None:
    sign_in(page, "project_manager")
    page.goto("/intake")
    page.click("#new-proposal")
    page.wait_for_url("**/intake/proposals/new")
    _fill_draft(page, web_app)
    page.click("#save")
    page.wait_for_url("**/intake/proposals/*")
    assert page.locator("#proposal-status").get_attribute("data-status") == "draft"
    with web_app.sessions() as session:
        stored = session.scalars(select(Proposal).where(Proposal.code == "PRP-2027-100")).one()
        assert stored.costs == [1_200_000, 300_000]
        assert stored.benefits == [0, 900_000, 1_100_000]
        assert stored.key_risks == ["Vendor lock-in", "Safety certification"]
        assert stored.skills[0]["period"] == 2
        assert stored.skills[0]["hours"] == 480
        assert stored.contributions[0]["contribution"] == 70
    page.click("#edit-proposal")
    page.fill("input[name=title]", "Warehouse robots, phase 1")
    page.click("#save-submit")
    page.wait_for_url("**/intake/proposals/*")
    assert page.locator("#proposal-status").get_attribute("data-status") == "submitted"
    assert page.locator("#proposal-title").inner_text() == "Warehouse robots, phase 1"
    with web_app.sessions() as session:
        stored = session.scalars(select(Proposal).where(Proposal.code == "PRP-2027-100")).one()
        assert stored.title == "Warehouse robots, phase 1"
        assert stored.status is ProposalStatus.SUBMITTED


def test_bad_boxes_are_shown_beside_themselves_and_nothing_is_stored(
    page: Any, web_app: WebApp
) -> None:
    with web_app.sessions() as session:
        before = session.scalar(select(func.count()).select_from(Proposal))
    sign_in(page, "project_manager")
    page.goto("/intake/proposals/new")
    _fill_draft(page, web_app)
    page.fill("input[name=code]", "")
    page.fill("input[name=cost_1]", "-5")
    target = _objective(web_app, "SO-2.1")
    page.fill(f"input[name=contribution_{target}]", "150")
    page.fill("input[name=skill_hours_0]", "lots")
    page.click("#save")
    assert page.locator("#form-alert").is_visible()
    assert page.locator("[data-error-for=code]").inner_text().strip() == "is required"
    assert "at least 0" in page.locator("[data-error-for=cost_1]").inner_text()
    assert "at most 100" in page.locator(f"[data-error-for=contribution_{target}]").inner_text()
    assert page.locator("[data-error-for=skill_hours_0]").count() == 1
    assert page.input_value("input[name=title]") == "Warehouse robots"  # kept as typed
    with web_app.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Proposal)) == before


def test_an_edit_of_a_proposal_changed_meanwhile_is_refused(page: Any, web_app: WebApp) -> None:
    with web_app.sessions() as session:
        draft = session.scalars(
            select(Proposal).where(Proposal.status == ProposalStatus.DRAFT).order_by(Proposal.code)
        ).first()
        assert draft is not None
        draft_id, title = draft.id, draft.title
    sign_in(page, "pmo")
    page.goto(f"/intake/proposals/{draft_id}/edit")
    with web_app.sessions() as session:  # someone else saves first
        other = session.get(Proposal, draft_id)
        assert other is not None
        other.scope = "Changed by someone else"
        session.commit()
    page.fill("input[name=title]", "My title")
    page.click("#save")
    assert page.locator("#form-alert").is_visible()
    assert "changed by someone else" in page.locator("#form-alert").inner_text()
    with web_app.sessions() as session:
        kept = session.get(Proposal, draft_id)
        assert kept is not None
        assert kept.title == title


@pytest.mark.skipif(not SCREENS, reason="set PMO_SCREENSHOTS=<dir> to write screenshots")
def test_take_proposal_form_screenshots(page: Any, web_app: WebApp) -> None:
    out = Path(str(SCREENS))
    out.mkdir(parents=True, exist_ok=True)
    sign_in(page, "project_manager")
    for lang in ("en", "zh-CN"):
        page.goto(f"/lang/{lang}?next=/intake/proposals/new")
        _fill_draft(page, web_app)
        page.fill("input[name=cost_1]", "-5")
        page.click("#save")
        page.screenshot(path=str(out / f"proposal-form-{lang}.png"), full_page=True)
