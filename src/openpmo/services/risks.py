"""Risk registers of projects."""

from openpmo.db.models import Risk
from openpmo.services.registers import ProjectPart

__all__ = ["risks"]

risks: ProjectPart[Risk] = ProjectPart(
    entity="risk",
    model=Risk,
    search=("title", "description"),
    sortable=("title", "probability", "impact", "status", "due_date"),
    default_sort="-impact,title",
    filters=("status", "owner_id"),
)
