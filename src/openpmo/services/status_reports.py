"""Weekly status reports (周报): drafts, submission, PMO review, history, and their content.

Workflow (:data:`openpmo.enums.STATUS_REPORT_TRANSITIONS`)::

    draft ──submit──▶ submitted ──accept──▶ accepted (final)
                         │
                         └──return (comment)──▶ returned ──submit──▶ submitted

* One report per project and status date; the status date must be one of the project's
  progress snapshots (:mod:`openpmo.services.progress`).
* Who writes: whoever may edit the project (its manager, a PMO user governing its org unit,
  an admin) creates drafts, changes drafts and returned reports, and submits. Who reviews:
  a PMO user governing the project's org unit, or an admin, accepts or returns (returning
  needs a comment). Everyone who may read the project reads its reports.
* Every change carries the version it read (stale → :class:`~openpmo.errors.StaleVersion`);
  a step the workflow does not allow is an :class:`~openpmo.errors.IllegalTransition`
  naming the current state. Each step is a :class:`StatusReportEvent` (who, when, from, to,
  comment), and the audit log records every change of the report.
* Submitting freezes the generated content (:mod:`openpmo.services.status_content`) as JSON
  in ``snapshot``; :func:`content_of` gives the frozen content of a submitted or accepted
  report and the live content of a draft or returned one, with the narrative and review.

Functions take ``(session, principal, ...)``, never commit, and return ORM rows or content
dataclasses; the web pages and the API call the same ones.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.base import utcnow
from openpmo.db.models import Project, StatusDate, StatusReport, StatusReportEvent, User
from openpmo.enums import STATUS_REPORT_TRANSITIONS, Role, StatusReportState
from openpmo.errors import FieldError, Forbidden, IllegalTransition, InvalidInput, NotFound
from openpmo.io.reports.content import (
    Narrative,
    ReviewInfo,
    StatusReportContent,
    from_plain,
    to_plain,
)
from openpmo.schemas.status_reports import StatusReportCreate, StatusReportUpdate
from openpmo.services import authz, crud
from openpmo.services.principal import Principal
from openpmo.services.progress import find_status_date
from openpmo.services.status_content import default_period, status_content

__all__ = [
    "NARRATIVE",
    "REVIEWERS",
    "accept_status_report",
    "allowed_actions",
    "content_of",
    "create_status_report",
    "export_content",
    "get_status_report",
    "list_status_reports",
    "return_status_report",
    "submit_status_report",
    "take_step",
    "update_status_report",
]

#: The narrative fields the project manager writes.
NARRATIVE = ("summary", "achievements", "next_period_plan", "decisions_needed", "help_needed")
#: Who accepts and returns reports (an admin too).
REVIEWERS = (Role.PMO,)
_EDITABLE = (StatusReportState.DRAFT, StatusReportState.RETURNED)
_SORTABLE = ("status_date", "state", "updated_at", "submitted_at")


def _field(name: str, key: str, **params: Any) -> FieldError:
    return FieldError(("body", name), key, params)


def list_status_reports(
    session: Session,
    principal: Principal,
    *,
    project_id: int | None = None,
    state: StatusReportState | None = None,
    status_date: date | None = None,
    sort: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[StatusReport], int]:
    """Reports of one project (``project_id``) or of every project the principal may read,
    filtered by state and status date; newest status date first by default."""
    stmt = select(StatusReport)
    if project_id is not None:
        authz.load_project(session, principal, project_id)
        stmt = stmt.where(StatusReport.project_id == project_id)
    else:
        visible = select(Project.id).where(authz.visible_projects(principal))
        stmt = stmt.where(StatusReport.project_id.in_(visible))
    if state is not None:
        stmt = stmt.where(StatusReport.state == state)
    if status_date is not None:
        stmt = stmt.where(StatusReport.status_date == status_date)
    order = crud.parse_sort(StatusReport, sort, _SORTABLE, "-status_date")
    return crud.page(session, stmt, order, limit, offset)


def get_status_report(
    session: Session, principal: Principal, project_id: int, report_id: int
) -> StatusReport:
    """The report if it belongs to the project and the principal may read the project."""
    authz.load_project(session, principal, project_id)
    report = session.get(StatusReport, report_id)
    if report is None or report.project_id != project_id:
        raise NotFound(entity="status_report", id=report_id)
    return report


def _editable_project(session: Session, principal: Principal, project_id: int) -> Project:
    project = authz.load_project(session, principal, project_id)
    authz.ensure_can_edit_project(principal, project)
    return project


def _period_errors(start: date, end: date, status_date: date) -> list[FieldError]:
    if end < start:
        return [_field("period_end", "error.field.end_before_start")]
    if end > status_date:
        return [_field("period_end", "error.field.after_status_date", date=status_date.isoformat())]
    return []


def _event(
    report: StatusReport,
    principal: Principal,
    action: str,
    old: StatusReportState | None,
    comment: str | None = None,
) -> None:
    report.events.append(
        StatusReportEvent(
            at=utcnow(),
            by_id=principal.user_id,
            action=action,
            from_state=old,
            to_state=report.state,
            comment=comment,
        )
    )


def create_status_report(
    session: Session, principal: Principal, project_id: int, data: StatusReportCreate
) -> StatusReport:
    """A draft for one of the project's status dates (every bad field at once)."""
    _editable_project(session, principal, project_id)
    errors: list[FieldError] = []
    found = session.scalar(
        select(StatusDate.id).where(
            StatusDate.project_id == project_id, StatusDate.status_date == data.status_date
        )
    )
    if found is None:
        errors.append(
            _field("status_date", "error.field.no_snapshot", date=data.status_date.isoformat())
        )
    taken = session.scalar(
        select(StatusReport.id).where(
            StatusReport.project_id == project_id, StatusReport.status_date == data.status_date
        )
    )
    if taken is not None:
        errors.append(_field("status_date", "error.field.duplicate", value=data.status_date))
    start, end = default_period(session, project_id, data.status_date)
    start, end = data.period_start or start, data.period_end or end
    errors += _period_errors(start, end, data.status_date)
    if errors:
        raise InvalidInput(errors)
    report = StatusReport(
        project_id=project_id,
        status_date=data.status_date,
        period_start=start,
        period_end=end,
        state=StatusReportState.DRAFT,
        author_id=principal.user_id,
        **{name: getattr(data, name) for name in NARRATIVE},
    )
    _event(report, principal, "create", None)
    session.add(report)
    session.flush()
    return report


def _locked(report: StatusReport, action: str) -> IllegalTransition:
    return IllegalTransition(
        f"error.status_report.cannot_{action}",
        entity="status_report",
        id=report.id,
        current=report.state.value,
    )


def update_status_report(
    session: Session,
    principal: Principal,
    project_id: int,
    report_id: int,
    data: StatusReportUpdate,
    *,
    version: int | None = None,
) -> StatusReport:
    """Change the narrative or period of a draft or returned report."""
    report = get_status_report(session, principal, project_id, report_id)
    _editable_project(session, principal, project_id)
    crud.check_version(report, version if version is not None else data.version, "status_report")
    if report.state not in _EDITABLE:
        raise _locked(report, "change")
    values = data.model_dump(exclude_unset=True, exclude={"version"})
    start = values.get("period_start") or report.period_start
    end = values.get("period_end") or report.period_end
    errors = _period_errors(start, end, report.status_date)
    if errors:
        raise InvalidInput(errors)
    for name in ("period_start", "period_end"):
        if values.get(name, ...) is None:
            values.pop(name)
    for name, value in values.items():
        setattr(report, name, value)
    session.flush()
    return report


def _move(
    report: StatusReport,
    principal: Principal,
    target: StatusReportState,
    action: str,
    comment: str | None,
) -> None:
    if target not in STATUS_REPORT_TRANSITIONS[report.state]:
        raise _locked(report, "submit" if action == "submit" else "review")
    old = report.state
    report.state = target
    _event(report, principal, action, old, comment)


def submit_status_report(
    session: Session,
    principal: Principal,
    project_id: int,
    report_id: int,
    *,
    version: int | None,
    comment: str | None = None,
) -> StatusReport:
    """Submit a draft or returned report for review, freezing its generated content.

    The summary is required; the content is computed now and stored as the snapshot."""
    report = get_status_report(session, principal, project_id, report_id)
    _editable_project(session, principal, project_id)
    crud.check_version(report, version, "status_report")
    if report.state not in _EDITABLE:
        raise _locked(report, "submit")
    if not (report.summary or "").strip():
        raise InvalidInput([_field("summary", "error.field.summary_required")])
    now = utcnow()
    content = status_content(
        session,
        principal,
        project_id,
        status_date=report.status_date,
        period=(report.period_start, report.period_end),
        generated_at=now,
    )
    report.snapshot = to_plain(content)
    report.submitted_at = now
    report.submitted_by_id = principal.user_id
    _move(report, principal, StatusReportState.SUBMITTED, "submit", _text(comment))
    session.flush()
    return report


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _ensure_reviewer(session: Session, principal: Principal, report: StatusReport) -> None:
    authz.ensure_role(principal, *REVIEWERS, action="review_status_report")
    project = session.get(Project, report.project_id)
    authz.ensure_pmo_scope(principal, project.org_unit_id if project else None)


def _review(
    session: Session,
    principal: Principal,
    project_id: int,
    report_id: int,
    version: int | None,
    target: StatusReportState,
    comment: str | None,
) -> StatusReport:
    report = get_status_report(session, principal, project_id, report_id)
    _ensure_reviewer(session, principal, report)
    crud.check_version(report, version, "status_report")
    action = "accept" if target is StatusReportState.ACCEPTED else "return"
    if action == "return" and report.state is StatusReportState.SUBMITTED and not comment:
        raise InvalidInput([_field("comment", "error.field.return_comment_required")])
    _move(report, principal, target, action, comment)
    report.reviewed_at = utcnow()
    report.reviewed_by_id = principal.user_id
    report.review_comment = comment
    session.flush()
    return report


def accept_status_report(
    session: Session,
    principal: Principal,
    project_id: int,
    report_id: int,
    *,
    version: int | None,
    comment: str | None = None,
) -> StatusReport:
    """Accept a submitted report (PMO in scope, or admin); final."""
    return _review(
        session,
        principal,
        project_id,
        report_id,
        version,
        StatusReportState.ACCEPTED,
        _text(comment),
    )


def return_status_report(
    session: Session,
    principal: Principal,
    project_id: int,
    report_id: int,
    *,
    version: int | None,
    comment: str | None,
) -> StatusReport:
    """Return a submitted report to its author with a (mandatory) comment; it becomes
    editable and its content live again until it is resubmitted."""
    return _review(
        session,
        principal,
        project_id,
        report_id,
        version,
        StatusReportState.RETURNED,
        _text(comment),
    )


#: The workflow steps taken with a version and an optional comment, by name.
STEPS = {
    "submit": submit_status_report,
    "accept": accept_status_report,
    "return": return_status_report,
}


def take_step(
    session: Session,
    principal: Principal,
    project_id: int,
    report_id: int,
    step: str,
    *,
    version: int | None,
    comment: str | None = None,
) -> StatusReport:
    """Take the workflow step ``step`` (``submit``, ``accept`` or ``return``) on a report."""
    return STEPS[step](session, principal, project_id, report_id, version=version, comment=comment)


def allowed_actions(session: Session, principal: Principal, report: StatusReport) -> list[str]:
    """The steps the principal may take on the report now: ``edit``, ``submit``,
    ``accept``, ``return`` (for buttons; the service checks again on each)."""
    project = session.get(Project, report.project_id)
    actions: list[str] = []
    if project is None:
        return actions
    if report.state in _EDITABLE and authz.can_edit_project(principal, project):
        actions += ["edit", "submit"]
    if report.state is StatusReportState.SUBMITTED:
        try:
            _ensure_reviewer(session, principal, report)
        except Forbidden:
            return actions
        actions += ["accept", "return"]
    return actions


def _names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.full_name).where(User.id.in_(wanted)))
    return {row[0]: row[1] for row in rows}


def _review_info(session: Session, report: StatusReport) -> ReviewInfo:
    names = _names(session, {report.author_id, report.submitted_by_id, report.reviewed_by_id})
    return ReviewInfo(
        state=report.state.value,
        author=names.get(report.author_id or 0),
        submitted_at=report.submitted_at,
        submitted_by=names.get(report.submitted_by_id or 0),
        reviewed_at=report.reviewed_at,
        reviewed_by=names.get(report.reviewed_by_id or 0),
        review_comment=report.review_comment,
    )


def content_of(session: Session, principal: Principal, report: StatusReport) -> StatusReportContent:
    """The report as it reads: the frozen content once submitted (live while a draft or
    returned), with the narrative and the review."""
    authz.load_project(session, principal, report.project_id)
    if report.frozen:
        assert report.snapshot is not None
        content = from_plain(StatusReportContent, report.snapshot)
    else:
        content = status_content(
            session,
            principal,
            report.project_id,
            status_date=report.status_date,
            period=(report.period_start, report.period_end),
        )
    narrative = Narrative(**{name: getattr(report, name) for name in NARRATIVE})
    return replace(content, narrative=narrative, review=_review_info(session, report))


def export_content(
    session: Session, principal: Principal, project_id: int, status_date: date | None
) -> StatusReportContent:
    """What ``GET /projects/{id}/reports/status`` renders: the project's report at the
    snapshot holding on ``status_date`` (latest when ``None``) when one was written, else
    the generated content alone. A date with no snapshot on or before it is a 422 naming
    ``status_date``."""
    authz.load_project(session, principal, project_id)
    snapshot = find_status_date(session, project_id, status_date)
    if snapshot is None:
        on = status_date.isoformat() if status_date else "-"
        raise InvalidInput(
            [FieldError(("query", "status_date"), "error.field.no_snapshot", {"date": on})]
        )
    report = session.scalar(
        select(StatusReport).where(
            StatusReport.project_id == project_id,
            StatusReport.status_date == snapshot.status_date,
        )
    )
    if report is not None:
        return content_of(session, principal, report)
    return status_content(session, principal, project_id, status_date=snapshot.status_date)
