"""The phase advance button of a project's gates tab in real Chromium, on the small demo
(seed 7), under each PMO type's rules: directive refuses until the gate is approved and says
why; controlling refuses while required deliverables are missing; supportive only warns.

``PMO_SCREENSHOTS=/tmp/shots pytest tests/web/test_phase_advance.py`` also writes
``advance-*.png``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from openpmo.db.models import GateReview, Project, ProjectPhase
from openpmo.enums import GateDecision, PhaseStatus, PmoType
from openpmo.services.lifecycles import governing_pmo
from tests.web import test_governance as governance
from tests.web.conftest import WebApp
from tests.web.test_governance import SCREENS, sign_in

pytestmark = pytest.mark.browser

demo_file = governance.demo_file
web_app = governance.web_app


def _project(web: WebApp, kind: PmoType) -> tuple[int, int]:
    """A project governed by a PMO of ``kind`` with an active phase followed by another and
    no decided review of it: its id and the active phase's id."""
    with web.sessions() as session:
        for project in session.scalars(select(Project).order_by(Project.id)):
            pmo = governing_pmo(session, project.org_unit_id)
            if pmo is None or pmo.type is not kind:
                continue
            phases = list(
                session.scalars(
                    select(ProjectPhase)
                    .where(ProjectPhase.project_id == project.id)
                    .order_by(ProjectPhase.seq)
                )
            )
            active = [p for p in phases if p.status is PhaseStatus.ACTIVE]
            if active and any(
                p.seq > active[0].seq and p.status is PhaseStatus.PENDING for p in phases
            ):
                return project.id, active[0].id
    raise AssertionError(f"the demo has no {kind} project to advance")


def _phase_status(web: WebApp, phase_id: int) -> PhaseStatus:
    with web.sessions() as session:
        phase = session.get(ProjectPhase, phase_id)
        assert phase is not None
        return phase.status


def _approve(web: WebApp, project_id: int, phase_id: int) -> None:
    with web.sessions() as session:
        phase = session.get(ProjectPhase, phase_id)
        assert phase is not None
        accepted = [
            {"key": d["key"], "name": d["name"], "link": "https://example.org/d", "accepted": True}
            for d in phase.deliverables
        ]
        session.add(
            GateReview(
                project_id=project_id,
                phase_id=phase_id,
                deliverables=accepted,
                decision=GateDecision.GO,
            )
        )
        session.commit()


def test_directive_pmo_blocks_until_the_gate_is_approved(page: Any, web_app: WebApp) -> None:
    project_id, phase_id = _project(web_app, PmoType.DIRECTIVE)
    sign_in(page, "pmo")
    page.goto(f"/projects/{project_id}/gates")
    assert page.locator("[data-pmo-type]").get_attribute("data-pmo-type") == "directive"
    assert page.locator("[data-blocking='error.gate_not_approved']").is_visible()
    assert page.locator("#advance-button").is_disabled()
    # Posting anyway (an old page, a script) is refused by the service, with the reason.
    with page.expect_navigation():
        page.evaluate("document.querySelector('#advance form').submit()")
    assert "not approved" in page.locator("#advance-alert").inner_text()
    assert _phase_status(web_app, phase_id) is PhaseStatus.ACTIVE
    _approve(web_app, project_id, phase_id)
    page.goto(f"/projects/{project_id}/gates")
    assert page.locator("#advance-clear").is_visible()
    page.click("#advance-button")
    page.wait_for_selector(".alert-success")
    assert _phase_status(web_app, phase_id) is PhaseStatus.COMPLETED


def test_controlling_pmo_needs_the_deliverables_and_only_recommends_approval(
    page: Any, web_app: WebApp
) -> None:
    project_id, phase_id = _project(web_app, PmoType.CONTROLLING)
    sign_in(page, "pmo")
    page.goto(f"/projects/{project_id}/gates")
    assert page.locator("[data-blocking='error.gate_deliverables_missing']").is_visible()
    assert page.locator("[data-warning='gate.warning.not_approved']").is_visible()
    assert page.locator("#advance-button").is_disabled()
    with web_app.sessions() as session:  # deliverables accepted, no decision
        phase = session.get(ProjectPhase, phase_id)
        assert phase is not None
        session.add(
            GateReview(
                project_id=project_id,
                phase_id=phase_id,
                deliverables=[
                    {"key": d["key"], "name": d["name"], "link": "https://x", "accepted": True}
                    for d in phase.deliverables
                ],
            )
        )
        session.commit()
    page.goto(f"/projects/{project_id}/gates")
    assert page.locator("[data-blocking]").count() == 0
    page.click("#advance-button")
    page.wait_for_selector("[data-moved-warning]")
    assert "recommended" in page.locator("[data-moved-warning]").first.inner_text()
    assert _phase_status(web_app, phase_id) is PhaseStatus.COMPLETED


def test_supportive_pmo_only_warns(page: Any, web_app: WebApp) -> None:
    project_id, phase_id = _project(web_app, PmoType.SUPPORTIVE)
    sign_in(page, "pmo")
    page.goto(f"/projects/{project_id}/gates")
    assert page.locator("[data-blocking]").count() == 0
    assert page.locator("[data-warning]").count() >= 1
    page.click("#advance-button")
    page.wait_for_selector("[data-moved-warning]")
    assert _phase_status(web_app, phase_id) is PhaseStatus.COMPLETED


def test_a_member_sees_no_advance_button(page: Any, web_app: WebApp) -> None:
    project_id, _ = _project(web_app, PmoType.SUPPORTIVE)
    sign_in(page, "executive")
    page.goto(f"/projects/{project_id}/gates")
    assert page.locator("#advance").is_visible()
    assert page.locator("#advance-button").count() == 0  # executives decide gates only


@pytest.mark.skipif(not SCREENS, reason="set PMO_SCREENSHOTS=<dir> to write screenshots")
def test_take_advance_screenshots(page: Any, web_app: WebApp) -> None:
    out = Path(str(SCREENS))
    out.mkdir(parents=True, exist_ok=True)
    directive, _ = _project(web_app, PmoType.DIRECTIVE)
    supportive, _ = _project(web_app, PmoType.SUPPORTIVE)
    sign_in(page, "pmo")
    for lang in ("en", "zh-CN"):
        page.goto(f"/lang/{lang}?next=/projects/{directive}/gates")
        page.screenshot(path=str(out / f"advance-directive-{lang}.png"), full_page=True)
        page.goto(f"/projects/{supportive}/gates")
        page.screenshot(path=str(out / f"advance-supportive-{lang}.png"), full_page=True)
