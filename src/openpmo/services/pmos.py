"""Project Management Offices."""

from openpmo.db.models import Pmo
from openpmo.enums import Role
from openpmo.services.registers import Register

__all__ = ["pmos"]

pmos: Register[Pmo] = Register(
    entity="pmo",
    model=Pmo,
    search=("name", "name_zh"),
    sortable=("name", "type", "level", "org_unit_id"),
    default_sort="name",
    filters=("type", "level", "org_unit_id"),
    editors=(Role.ADMIN,),
)
