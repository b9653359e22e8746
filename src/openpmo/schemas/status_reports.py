"""Weekly status reports: the draft's narrative, the review steps, and what is read back."""

from __future__ import annotations

from datetime import date, datetime

from openpmo.enums import StatusReportState
from openpmo.schemas.common import Input, Read, Text, Update, VersionedRead

__all__ = [
    "ReviewInput",
    "StatusReportCreate",
    "StatusReportEventRead",
    "StatusReportRead",
    "StatusReportUpdate",
]


class StatusReportCreate(Input):
    """A new draft for one of the project's status dates; the period defaults to the one
    since the previous status date."""

    status_date: date
    period_start: date | None = None
    period_end: date | None = None
    summary: Text | None = None
    achievements: Text | None = None
    next_period_plan: Text | None = None
    decisions_needed: Text | None = None
    help_needed: Text | None = None


class StatusReportUpdate(Update):
    """Change a draft or returned report (``version`` here or in ``If-Match``)."""

    period_start: date | None = None
    period_end: date | None = None
    summary: Text | None = None
    achievements: Text | None = None
    next_period_plan: Text | None = None
    decisions_needed: Text | None = None
    help_needed: Text | None = None


class ReviewInput(Input):
    """Submit, accept or return a report; returning needs a ``comment``."""

    version: int | None = None
    comment: Text | None = None


class StatusReportEventRead(Read):
    id: int
    at: datetime
    by_id: int | None
    by_username: str | None
    action: str
    from_state: StatusReportState | None
    to_state: StatusReportState
    comment: str | None


class StatusReportRead(VersionedRead):
    project_id: int
    status_date: date
    period_start: date
    period_end: date
    state: StatusReportState
    summary: str | None
    achievements: str | None
    next_period_plan: str | None
    decisions_needed: str | None
    help_needed: str | None
    author_id: int | None
    submitted_at: datetime | None
    submitted_by_id: int | None
    reviewed_at: datetime | None
    reviewed_by_id: int | None
    review_comment: str | None
    #: Whether the generated content is frozen (submitted or accepted) or live.
    frozen: bool
    events: list[StatusReportEventRead]
