"""Intake, priorities and gate pages in real Chromium, on the small demo (seed 7).

The demo is built once per module into a template database; each test works on a copy.
``PMO_SCREENSHOTS=/tmp/screens pytest tests/web/test_governance.py`` also writes
``intake-*.png``, ``proposal-*.png``, ``ahp-*.png``, ``ranking-*.png`` and ``gates-*.png``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from openpmo.config import Settings
from openpmo.db import audit
from openpmo.db.base import Base
from openpmo.db.models import (
    GateReview,
    Project,
    ProjectPhase,
    Proposal,
    Score,
    ScoringCriterion,
    User,
)
from openpmo.db.session import make_engine
from openpmo.enums import PhaseStatus, ProjectStatus, ProposalStatus
from openpmo.services.demo import DEMO_PASSWORD, build_demo
from tests.web.conftest import WebApp, log_in
from tests.web.seed import Seeded

pytestmark = pytest.mark.browser

SCREENS = os.environ.get("PMO_SCREENSHOTS")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    engine = make_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    with sessionmaker(bind=engine)() as session:
        audit.set_actor(session, None)
        build_demo(session, seed=7, size="small")
        session.commit()
    engine.dispose()
    return path


@pytest.fixture
def web_app(demo_file: Path, tmp_path: Path) -> Iterator[WebApp]:
    """The web tests' application over a copy of the demo (overrides the conftest's)."""
    path = tmp_path / "web.db"
    shutil.copy(demo_file, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    settings = Settings(
        database_url=url, env="development", secret_key="web-test-secret-key-0123456789abcdef"
    )
    yield WebApp(sessions, settings, Seeded(0, 0, 0, 0))
    engine.dispose()


def sign_in(page: Any, username: str) -> None:
    log_in(page, username, DEMO_PASSWORD)
    page.wait_for_url("**/portfolio")


def first(sessions: sessionmaker[Session], stmt: Any) -> Any:
    with sessions() as session:
        return session.scalars(stmt.limit(1)).one()


def count(sessions: sessionmaker[Session], model: Any, *where: Any) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_board_shows_every_state_with_code_budget_npv_and_score(page: Any) -> None:
    sign_in(page, "pmo")
    page.click("[data-nav=intake]")
    page.wait_for_url("**/intake")
    for status in ProposalStatus:
        column = page.locator(f"section[data-status={status.value}]")
        assert column.count() == 1, status
        cards = column.locator(".board-card")
        assert cards.count() >= 1, status
        assert re.match(r"PRP-2026-\d{3}", cards.first.locator(".code").inner_text())
    review = page.locator("section[data-status=under_review] .board-card").first
    text = review.inner_text()
    assert "CNY" in text
    assert "NPV" in text
    assert review.locator(".score").get_attribute("data-score")  # scored by 2-3 reviewers
    draft = page.locator("section[data-status=draft] .board-card .score").first
    assert draft.get_attribute("data-score") == ""  # nobody scores drafts


def test_member_has_no_intake(new_page: Callable[..., Any], live_server: str) -> None:
    member = new_page()
    sign_in(member, "member")
    assert member.locator("[data-nav=intake]").count() == 0
    assert member.goto("/intake").status == 403


def test_reviewer_scores_a_proposal_and_bad_scores_change_nothing(
    page: Any, web_app: WebApp
) -> None:
    proposal = first(
        web_app.sessions,
        select(Proposal).where(Proposal.status == ProposalStatus.SUBMITTED).order_by(Proposal.code),
    )
    executive = first(web_app.sessions, select(User).where(User.username == "executive"))
    mine = (Score.proposal_id == proposal.id, Score.reviewer_id == executive.id)
    before = count(web_app.sessions, Score, *mine)
    sign_in(page, "executive")
    page.goto(f"/intake/proposals/{proposal.id}")
    boxes = page.locator(".score-form input[name^=score_]")
    assert boxes.count() == 5
    boxes.nth(0).fill("11")
    page.click(".score-form button[type=submit]")
    error = page.locator(".score-form [data-error-for^=score_]")
    assert error.count() == 1
    assert "10" in error.inner_text()
    assert count(web_app.sessions, Score, *mine) == before
    for i in range(5):
        boxes.nth(i).fill(str(4 + i))
    page.click(".score-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert page.locator("th.reviewer[data-reviewer=executive]").count() == 1
    with web_app.sessions() as session:
        stored = sorted(s.score for s in session.scalars(select(Score).where(*mine)))
    assert stored == [4.0, 5.0, 6.0, 7.0, 8.0]
    assert page.locator("#score-total").inner_text() != "—"


def test_ahp_editor_shows_cr_and_names_the_inconsistent_judgements(
    page: Any, web_app: WebApp
) -> None:
    sign_in(page, "pmo")
    page.goto("/intake/pmos/1/ahp")
    assert float(page.locator("#ahp-cr").get_attribute("data-cr") or "1") <= 0.1
    assert page.locator("#ahp-warning").count() == 0
    stored = {
        c.code: c.weight
        for c in web_app.sessions().scalars(
            select(ScoringCriterion).where(ScoringCriterion.pmo_id == 1)
        )
    }
    # alignment ≫ benefit ≫ risk, but risk ≫ alignment: a cycle.
    page.fill("input[name=a_0_1]", "9")
    page.fill("input[name=a_1_3]", "9")
    page.fill("input[name=a_0_3]", "1/9")
    page.click("button[value=compute]")
    assert float(page.locator("#ahp-cr").get_attribute("data-cr") or "0") > 0.1
    warning = page.locator("#ahp-warning").inner_text()
    assert "0.1" in warning
    assert "Strategic alignment" in warning
    assert page.locator(".ahp-matrix td.worst").count() >= 1
    page.fill("input[name=a_1_2]", "0")
    page.click("button[value=save]")
    assert page.locator(".ahp-matrix [data-error-for=a_1_2]").is_visible()
    after = {
        c.code: c.weight
        for c in web_app.sessions().scalars(
            select(ScoringCriterion).where(ScoringCriterion.pmo_id == 1)
        )
    }
    assert after == stored


def test_approving_a_proposal_creates_its_project_with_phases(page: Any, web_app: WebApp) -> None:
    proposal = first(
        web_app.sessions,
        select(Proposal)
        .where(Proposal.status == ProposalStatus.UNDER_REVIEW)
        .order_by(Proposal.code),
    )
    sign_in(page, "executive")
    page.goto(f"/intake/proposals/{proposal.id}")
    page.fill("input[name=project_code]", "PRJ-NEW-0001")
    page.click("button[data-move=approved]")
    page.wait_for_selector("#proposal-project")
    assert page.locator("#proposal-status").get_attribute("data-status") == "approved"
    project = first(web_app.sessions, select(Project).where(Project.code == "PRJ-NEW-0001"))
    assert project.status is ProjectStatus.APPROVED
    assert count(web_app.sessions, ProjectPhase, ProjectPhase.project_id == project.id) >= 4
    page.click("#proposal-project")
    page.wait_for_url(f"**/projects/{project.id}")


def test_approval_with_a_taken_project_code_shows_the_error_beside_it(
    page: Any, web_app: WebApp
) -> None:
    proposal = first(
        web_app.sessions,
        select(Proposal)
        .where(Proposal.status == ProposalStatus.UNDER_REVIEW)
        .order_by(Proposal.code),
    )
    taken = first(web_app.sessions, select(Project).order_by(Project.id)).code
    sign_in(page, "pmo")
    page.goto("/lang/zh-CN?next=/intake/proposals/" + str(proposal.id))
    page.fill("input[name=project_code]", taken)
    page.click("button[data-move=approved]")
    error = page.locator("[data-field=project_code] .field-error")
    assert re.search(r"[\u4e00-\u9fff]", error.inner_text())
    assert page.locator("#proposal-status").get_attribute("data-status") == "under_review"
    with web_app.sessions() as session:
        again = session.get(Proposal, proposal.id)
        assert again is not None
        assert again.status is ProposalStatus.UNDER_REVIEW


def test_gate_decision_needs_conditions_for_a_conditional_go(page: Any, web_app: WebApp) -> None:
    phase = first(
        web_app.sessions,
        select(ProjectPhase)
        .join(Project, Project.id == ProjectPhase.project_id)
        .where(ProjectPhase.status == PhaseStatus.ACTIVE, Project.status == ProjectStatus.ACTIVE)
        .order_by(ProjectPhase.project_id),
    )
    before = count(web_app.sessions, GateReview, GateReview.phase_id == phase.id)
    sign_in(page, "pmo")
    page.goto(f"/projects/{phase.project_id}/gates")
    assert page.locator(f".phase[data-phase={phase.key}].chosen").count() == 1
    key = phase.criteria[0]["key"]
    page.select_option(f"select[name=result_{key}]", "n/a")
    page.select_option("select[name=decision]", "conditional_go")
    page.click(".gate-form button[type=submit]")
    assert page.locator("[data-field=conditions] .field-error").is_visible()
    assert page.locator(f"[data-error-for=note_{key}]").is_visible()
    assert count(web_app.sessions, GateReview, GateReview.phase_id == phase.id) == before
    page.fill(f"input[name=note_{key}]", "Fixed-price contract")
    page.fill("input[name=conditions]", "Sign the risk register by 1 March")
    page.click(".gate-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert page.locator("#history .review").first.get_attribute("data-decision") == (
        "conditional_go"
    )
    assert count(web_app.sessions, GateReview, GateReview.phase_id == phase.id) == before + 1


@pytest.mark.skipif(not SCREENS, reason="set PMO_SCREENSHOTS=<dir> to take screenshots")
def test_take_governance_screenshots(page: Any, web_app: WebApp) -> None:
    out = Path(str(SCREENS))
    out.mkdir(parents=True, exist_ok=True)
    proposal = first(
        web_app.sessions,
        select(Proposal)
        .where(Proposal.status == ProposalStatus.UNDER_REVIEW)
        .order_by(Proposal.code),
    )
    project = first(
        web_app.sessions,
        select(Project).where(Project.status == ProjectStatus.ACTIVE).order_by(Project.id),
    )
    sign_in(page, "pmo")
    for lang in ("en", "zh-CN"):
        page.goto(f"/lang/{lang}?next=/intake")
        page.screenshot(path=str(out / f"intake-{lang}.png"), full_page=True)
        page.goto(f"/intake/proposals/{proposal.id}")
        page.screenshot(path=str(out / f"proposal-{lang}.png"), full_page=True)
        page.goto("/intake/pmos/1/ahp")
        page.fill("input[name=a_0_1]", "9")
        page.fill("input[name=a_1_3]", "9")
        page.fill("input[name=a_0_3]", "1/9")
        page.fill("input[name=a_2_4]", "x")
        page.click("button[value=compute]")
        page.screenshot(path=str(out / f"ahp-error-{lang}.png"), full_page=True)
        page.fill("input[name=a_2_4]", "2")
        page.click("button[value=compute]")
        page.screenshot(path=str(out / f"ahp-{lang}.png"), full_page=True)
        page.goto("/intake/pmos/1/ranking")
        page.screenshot(path=str(out / f"ranking-{lang}.png"), full_page=True)
        page.goto(f"/projects/{project.id}/gates")
        page.screenshot(path=str(out / f"gates-{lang}.png"), full_page=True)


def test_saving_equal_judgements_stores_equal_weights(page: Any, web_app: WebApp) -> None:
    sign_in(page, "pmo")
    page.goto("/intake/pmos/2/ahp")
    cells = page.locator(".ahp-matrix input")
    assert cells.count() == 10  # 5 criteria: the upper triangle
    for i in range(cells.count()):
        cells.nth(i).fill("1")
    page.click("button[value=save]")
    page.wait_for_selector(".alert-success")
    with web_app.sessions() as session:
        weights = [
            c.weight
            for c in session.scalars(select(ScoringCriterion).where(ScoringCriterion.pmo_id == 2))
        ]
    assert weights == pytest.approx([0.2] * 5)
    assert float(page.locator("#ahp-cr").get_attribute("data-cr") or "1") == 0
