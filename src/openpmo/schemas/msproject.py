"""What importing a Microsoft Project XML (MSPDI) file answers."""

from __future__ import annotations

from openpmo.schemas.common import Read
from openpmo.schemas.scheduling import ScheduleSummaryRead


class ImportRead(Read):
    """The new project, what was stored, its schedule (``None`` without a start date) and
    what could only be approximated (one sentence per kind, naming the task UIDs)."""

    project_id: int
    code: str
    tasks: int
    links: int
    calendar_exceptions: int
    schedule: ScheduleSummaryRead | None
    notes: list[str]
