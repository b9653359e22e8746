"""Issue registers of projects."""

from openpmo.db.models import Issue
from openpmo.services.registers import ProjectPart

__all__ = ["issues"]

issues: ProjectPart[Issue] = ProjectPart(
    entity="issue",
    model=Issue,
    search=("title", "description"),
    sortable=("title", "severity", "status", "due_date"),
    default_sort="-severity,title",
    filters=("status", "owner_id"),
)
