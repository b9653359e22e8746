"""Portfolios."""

from openpmo.db.models import Portfolio
from openpmo.enums import Role
from openpmo.services.registers import Register

__all__ = ["portfolios"]

portfolios: Register[Portfolio] = Register(
    entity="portfolio",
    model=Portfolio,
    search=("code", "name", "name_zh"),
    sortable=("code", "name"),
    default_sort="code",
    filters=("pmo_id",),
    editors=(Role.PMO,),
)
