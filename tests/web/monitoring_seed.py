"""Status dates for the web tests: three baselined projects measured at two status dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import OrgUnit, User
from tests import factories as f
from tests.monitoring import evm_project, record

__all__ = ["FIRST", "LATEST", "Measured", "seed_monitoring"]

FIRST, LATEST = date(2026, 3, 9), date(2026, 3, 16)


@dataclass(frozen=True)
class Measured:
    mes_id: int  # red: behind and over cost (managed by ``pm``)
    wms_id: int  # green, in the "Digital" portfolio and the Operations unit
    lab_id: int  # green, in US dollars
    portfolio_id: int
    ops_id: int


def seed_monitoring(session: Session) -> Measured:
    hq = session.scalar(select(OrgUnit).where(OrgUnit.code == "HQ"))
    it = session.scalar(select(OrgUnit).where(OrgUnit.code == "IT"))
    assert hq is not None
    assert it is not None
    ops = f.org_unit(session, parent=hq, code="OPS", name="Operations", name_zh="运营部")
    digital = f.portfolio(session, code="DIG", name="Digital", name_zh="数字化")
    pm_user = session.scalar(select(User).where(User.username == "pm"))
    assert pm_user is not None
    pm = f.person_of(session, pm_user)
    mes = evm_project(
        session, it, manager=pm, code="PRJ-MES", name="MES Rollout", name_zh="MES 系统上线"
    )
    wms = evm_project(
        session,
        ops,
        code="PRJ-WMS",
        name="Warehouse System",
        name_zh="仓储系统",
        portfolio_id=digital.id,
    )
    lab = evm_project(
        session, it, code="PRJ-LAB", name="Lab Automation", name_zh="实验室自动化", currency="USD"
    )
    record(session, mes, FIRST, 40, "4000")
    record(session, mes, LATEST, 60, "9000")  # CPI 0.53, SPI 0.6: red
    for project in (wms, lab):
        record(session, project, FIRST, 50, "4000")
        record(session, project, LATEST, 100, "8000")
    session.flush()
    return Measured(mes.id, wms.id, lab.id, digital.id, ops.id)
