"""The demo's weekly status reports: every state, with history and frozen content."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import StatusReport, User
from openpmo.enums import StatusReportState
from openpmo.services import status_reports
from openpmo.services.demo import build_demo
from openpmo.services.principal import SYSTEM


def test_the_demo_has_reports_in_every_state(session: Session) -> None:
    build_demo(session, seed=7, size="small")
    reports = list(session.scalars(select(StatusReport).order_by(StatusReport.id)))
    assert {r.state for r in reports} == set(StatusReportState)
    for report in reports:
        assert report.frozen == (
            report.state in (StatusReportState.SUBMITTED, StatusReportState.ACCEPTED)
        )
        assert report.events[0].action == "create"
        assert report.events[-1].to_state is report.state
    returned = [r for r in reports if r.state is StatusReportState.RETURNED]
    assert all(r.events[-1].comment and r.review_comment for r in returned)
    manager = session.scalar(select(User.id).where(User.username == "project_manager"))
    assert {r.state for r in reports if r.author_id == manager} >= {
        StatusReportState.DRAFT,
        StatusReportState.SUBMITTED,
        StatusReportState.RETURNED,
    }
    accepted = next(r for r in reports if r.state is StatusReportState.ACCEPTED)
    content = status_reports.content_of(session, SYSTEM, accepted)
    assert content.status_date == accepted.status_date
    assert content.generated_at == accepted.submitted_at
    assert content.review is not None
    assert content.review.reviewed_by is not None
