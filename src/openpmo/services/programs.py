"""Programs: groups of related projects inside a portfolio."""

from openpmo.db.models import Program
from openpmo.enums import Role
from openpmo.services.registers import Register

__all__ = ["programs"]

programs: Register[Program] = Register(
    entity="program",
    model=Program,
    search=("code", "name", "name_zh"),
    sortable=("code", "name", "portfolio_id"),
    default_sort="code",
    filters=("portfolio_id", "manager_id"),
    editors=(Role.PMO,),
)
