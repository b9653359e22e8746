"""The strategic objectives tree."""

from openpmo.db.models import StrategicObjective
from openpmo.enums import Role
from openpmo.services.registers import Register
from openpmo.services.trees import parent_cycle_errors

__all__ = ["objectives"]

objectives: Register[StrategicObjective] = Register(
    entity="objective",
    model=StrategicObjective,
    search=("code", "name", "name_zh"),
    sortable=("code", "name", "weight"),
    default_sort="code",
    filters=("parent_id",),
    validate=parent_cycle_errors,
    editors=(Role.PMO,),
)
