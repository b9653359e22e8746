"""Weekly status reports: generated content, the draft → submitted → accepted/returned
workflow, permissions, versions, and the frozen snapshot."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from openpmo.enums import PmoLevel, Role, StatusReportState
from openpmo.errors import Forbidden, IllegalTransition, InvalidInput, StaleVersion
from openpmo.schemas.status_reports import StatusReportCreate, StatusReportUpdate
from openpmo.services import performance, progress, status_reports
from openpmo.services.principal import Principal, load_principal
from openpmo.services.progress import ProgressEntry
from openpmo.services.status_content import status_content
from tests import factories as f
from tests.reporting import FIRST, SECOND, Reported, reported_project


@pytest.fixture
def reported(session: Session) -> Reported:
    return reported_project(session)


def _draft(session: Session, r: Reported, who: Principal | None = None, **kw: object) -> object:
    data = StatusReportCreate(status_date=SECOND, summary="On plan / 按计划推进", **kw)
    return status_reports.create_status_report(session, who or r.admin, r.project.id, data)


def test_content_agrees_with_the_performance_service(session: Session, reported: Reported) -> None:
    r = reported
    content = status_content(session, r.admin, r.project.id, status_date=SECOND)
    p = performance.project_performance(session, r.admin, r.project.id, status_date=SECOND)
    assert content.money == p.money
    assert content.hours == p.hours
    assert content.kpis == p.kpis
    assert content.overall.colour == p.overall.colour
    assert [d.colour for d in content.dimensions] == [d.colour for d in p.dimensions]
    # the S-curve's PV at each status date is the performance service's PV there
    trend = performance.health_trend(session, r.admin, r.project.id)
    by_day = {c.day: c for c in content.curve}
    for point in trend:
        assert by_day[point.status_date].pv == pytest.approx(point.money["pv"], abs=0.01)
        assert by_day[point.status_date].ev == point.money["ev"]
        assert by_day[point.status_date].ac == point.money["ac"]
    assert content.curve[-1].pv == pytest.approx(p.money["bac"], abs=0.01)
    assert [t.status_date for t in content.trend] == [FIRST, SECOND]


def test_content_lists_the_periods_work_registers_and_actions(
    session: Session, reported: Reported
) -> None:
    r = reported
    content = status_content(session, r.admin, r.project.id, status_date=SECOND)
    assert (content.period_start, content.period_end) == (FIRST, date(2026, 3, 15))
    assert content.next_period_end == date(2026, 3, 22)
    assert [t.name_zh for t in content.finished] == ["总体设计"]
    assert content.finished[0].actual_finish == date(2026, 3, 13)
    assert [t.name_zh for t in content.planned] == ["系统开发"]
    assert content.planned[0].assignee is not None
    assert content.planned[0].assignee.zh == "王平"
    assert content.risks[0].title == "Supplier delay / 供应商延误"
    assert content.risks[0].exposure == 2.4
    assert [i.overdue for i in content.issues] == [True]
    assert [a.description for a in content.actions] == ["Add a second tester / 增加一名测试人员"]
    # the week before: nothing finished yet, A in progress
    earlier = status_content(session, r.admin, r.project.id, status_date=FIRST)
    assert earlier.finished == ()
    assert earlier.finished_total == 0


def test_an_unfinished_milestone_past_its_baseline_is_late_like_the_kpi(
    session: Session, reported: Reported
) -> None:
    r = reported
    late_day = date(2026, 4, 6)  # the baseline puts M on 2026-03-27
    entries = [ProgressEntry(r.tasks["B"].id, percent_complete=50, actual_cost=Decimal("4000"))]
    progress.record_progress(session, r.admin, r.project.id, status_date=late_day, entries=entries)
    content = status_content(session, r.admin, r.project.id, status_date=late_day)
    late = [m for m in content.milestones if m.state == "late"]
    assert [m.name_zh for m in late] == ["系统上线"]
    assert late[0].baseline_finish == date(2026, 3, 27)
    assert late[0].variance_days is not None
    assert late[0].variance_days >= 0
    assert content.kpis["late_milestones"] == len(late)


def test_a_report_goes_from_draft_through_return_to_acceptance(
    session: Session, reported: Reported
) -> None:
    r = reported
    report = _draft(session, r)
    assert report.state is StatusReportState.DRAFT
    assert report.period_start == FIRST
    report = status_reports.submit_status_report(
        session, r.admin, r.project.id, report.id, version=report.version
    )
    assert report.state is StatusReportState.SUBMITTED
    assert report.snapshot is not None
    assert report.frozen
    with pytest.raises(InvalidInput) as missing:
        status_reports.return_status_report(
            session, r.admin, r.project.id, report.id, version=report.version, comment="  "
        )
    assert [e.field for e in missing.value.errors] == ["comment"]
    report = status_reports.return_status_report(
        session, r.admin, r.project.id, report.id, version=report.version, comment="Add dates"
    )
    assert report.state is StatusReportState.RETURNED
    assert not report.frozen
    report = status_reports.update_status_report(
        session,
        r.admin,
        r.project.id,
        report.id,
        StatusReportUpdate(help_needed="Two testers / 两名测试人员", version=report.version),
    )
    report = status_reports.submit_status_report(
        session, r.admin, r.project.id, report.id, version=report.version
    )
    report = status_reports.accept_status_report(
        session, r.admin, r.project.id, report.id, version=report.version, comment="OK"
    )
    assert report.state is StatusReportState.ACCEPTED
    steps = [(e.action, e.from_state, e.to_state, e.comment) for e in report.events]
    assert steps == [
        ("create", None, StatusReportState.DRAFT, None),
        ("submit", StatusReportState.DRAFT, StatusReportState.SUBMITTED, None),
        ("return", StatusReportState.SUBMITTED, StatusReportState.RETURNED, "Add dates"),
        ("submit", StatusReportState.RETURNED, StatusReportState.SUBMITTED, None),
        ("accept", StatusReportState.SUBMITTED, StatusReportState.ACCEPTED, "OK"),
    ]
    found, total = status_reports.list_status_reports(
        session, r.admin, project_id=r.project.id, state=StatusReportState.ACCEPTED
    )
    assert total == 1
    assert found[0].id == report.id


def test_illegal_steps_are_refused_naming_the_current_state(
    session: Session, reported: Reported
) -> None:
    r = reported
    report = _draft(session, r)
    with pytest.raises(IllegalTransition) as accept_draft:
        status_reports.accept_status_report(
            session, r.admin, r.project.id, report.id, version=report.version
        )
    assert accept_draft.value.params["current"] == "draft"
    report = status_reports.submit_status_report(
        session, r.admin, r.project.id, report.id, version=report.version
    )
    with pytest.raises(IllegalTransition) as edit_submitted:
        status_reports.update_status_report(
            session,
            r.admin,
            r.project.id,
            report.id,
            StatusReportUpdate(summary="x", version=report.version),
        )
    assert edit_submitted.value.params["current"] == "submitted"
    with pytest.raises(IllegalTransition):
        status_reports.submit_status_report(
            session, r.admin, r.project.id, report.id, version=report.version
        )
    assert report.state is StatusReportState.SUBMITTED


def test_a_stale_version_is_refused_and_changes_nothing(
    session: Session, reported: Reported
) -> None:
    r = reported
    report = _draft(session, r)
    old = report.version
    status_reports.update_status_report(
        session,
        r.admin,
        r.project.id,
        report.id,
        StatusReportUpdate(summary="First edit", version=old),
    )
    with pytest.raises(StaleVersion):
        status_reports.update_status_report(
            session,
            r.admin,
            r.project.id,
            report.id,
            StatusReportUpdate(summary="Second edit", version=old),
        )
    assert report.summary == "First edit"


def test_bad_drafts_name_every_field(session: Session, reported: Reported) -> None:
    r = reported
    data = StatusReportCreate(
        status_date=date(2026, 3, 10), period_start=date(2026, 3, 9), period_end=date(2026, 3, 1)
    )
    with pytest.raises(InvalidInput) as bad:
        status_reports.create_status_report(session, r.admin, r.project.id, data)
    assert {e.field for e in bad.value.errors} == {"status_date", "period_end"}
    _draft(session, r)
    with pytest.raises(InvalidInput) as twice:
        _draft(session, r)
    assert [e.key for e in twice.value.errors] == ["error.field.duplicate"]
    blank = status_reports.create_status_report(
        session, r.admin, r.project.id, StatusReportCreate(status_date=FIRST)
    )
    with pytest.raises(InvalidInput) as unsummarised:
        status_reports.submit_status_report(
            session, r.admin, r.project.id, blank.id, version=blank.version
        )
    assert [e.field for e in unsummarised.value.errors] == ["summary"]


def test_the_manager_writes_and_the_pmo_in_scope_reviews(session: Session) -> None:
    enterprise = f.org_unit(session)
    dept = f.org_unit(session, parent=enterprise)
    other_dept = f.org_unit(session, parent=enterprise)
    manager_login = f.user(session, Role.PROJECT_MANAGER)
    r = reported_project(session, dept, manager_id=f.person_of(session, manager_login).id)
    pmo_here = f.user(session, Role.PMO, pmo_id=f.pmo(session, dept).id)
    pmo_elsewhere = f.user(
        session, Role.PMO, pmo_id=f.pmo(session, other_dept, level=PmoLevel.DEPARTMENT).id
    )
    manager = load_principal(session, manager_login)
    other_pm = load_principal(session, f.user(session, Role.PROJECT_MANAGER))
    member = load_principal(session, f.user(session, Role.MEMBER))
    with pytest.raises(Forbidden):
        _draft(session, r, other_pm)
    with pytest.raises(Forbidden):
        _draft(session, r, member)
    report = _draft(session, r, manager)
    report = status_reports.submit_status_report(
        session, manager, r.project.id, report.id, version=report.version
    )
    for outsider in (manager, load_principal(session, pmo_elsewhere)):
        with pytest.raises(Forbidden):
            status_reports.accept_status_report(
                session, outsider, r.project.id, report.id, version=report.version
            )
    reviewer = load_principal(session, pmo_here)
    assert status_reports.allowed_actions(session, reviewer, report) == ["accept", "return"]
    assert status_reports.allowed_actions(session, manager, report) == []
    report = status_reports.accept_status_report(
        session, reviewer, r.project.id, report.id, version=report.version
    )
    assert report.reviewed_by_id == pmo_here.id
    assert report.events[-1].by_id == pmo_here.id


def test_a_submitted_report_reads_the_same_after_the_data_changes(
    session: Session, reported: Reported
) -> None:
    r = reported
    report = _draft(session, r)
    report = status_reports.submit_status_report(
        session, r.admin, r.project.id, report.id, version=report.version
    )
    before = status_reports.content_of(session, r.admin, report)
    later = [
        ProgressEntry(
            r.tasks["B"].id,
            percent_complete=30,
            actual_start=datetime(2026, 3, 13, 8),
            actual_cost=Decimal("7000"),
        )
    ]
    progress.record_progress(session, r.admin, r.project.id, status_date=SECOND, entries=later)
    f.risk(session, r.project, title="New risk after submission", probability=0.9, impact=5)
    session.expire_all()
    again = status_reports.content_of(session, r.admin, report)
    assert again.money == before.money
    assert again.risks == before.risks
    assert again.generated_at == before.generated_at
    assert again.narrative.summary == "On plan / 按计划推进"
    live = status_content(session, r.admin, r.project.id, status_date=SECOND)
    assert live.money["ac"] != before.money["ac"]
    assert live.risks[0].title == "New risk after submission"
    returned = status_reports.return_status_report(
        session, r.admin, r.project.id, report.id, version=report.version, comment="Redo"
    )
    assert status_reports.content_of(session, r.admin, returned).money == live.money


def test_the_template_context_holds_only_plain_values(session: Session, reported: Reported) -> None:
    r = reported
    report = _draft(session, r, decisions_needed="Approve the budget / 批准预算")
    content = status_reports.content_of(session, r.admin, report)
    context = content.to_template_context("zh-CN")

    def plain(value: object) -> bool:
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(isinstance(v, dict) and plain(v) for v in value)
        return value is None or isinstance(value, str | int | float | bool)

    assert plain(context)
    json.dumps(context)
    assert context["project_name"] == "智能工厂MES系统上线"
    assert context["decisions_needed"] == "Approve the budget / 批准预算"
    assert context["state_label"] == "草稿"
    assert context["evm"]["ev"] == content.money["ev"]
    assert [t["name"] for t in context["finished_tasks"]] == ["总体设计"]
