"""The organisation tree."""

from openpmo.db.models import OrgUnit
from openpmo.enums import Role
from openpmo.services.registers import Register
from openpmo.services.trees import parent_cycle_errors

__all__ = ["org_units"]

org_units: Register[OrgUnit] = Register(
    entity="org_unit",
    model=OrgUnit,
    search=("code", "name", "name_zh"),
    sortable=("code", "name", "kind", "parent_id"),
    default_sort="code",
    filters=("kind", "parent_id"),
    validate=parent_cycle_errors,
    editors=(Role.PMO,),
)
