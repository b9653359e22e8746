"""A small, realistic portfolio for the web tests: people, org units and projects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from openpmo.enums import PmoLevel, ProjectStatus, RiskStatus, Role
from tests import factories as f

__all__ = ["GENERIC_PROJECTS", "Seeded", "seed"]

#: Projects besides the three named ones, so the portfolio spans two pages.
GENERIC_PROJECTS = 55
_CYCLE = (
    ProjectStatus.ACTIVE,
    ProjectStatus.APPROVED,
    ProjectStatus.PROPOSED,
    ProjectStatus.CLOSED,
)


@dataclass(frozen=True)
class Seeded:
    erp_id: int
    crm_id: int
    datacenter_id: int
    total_projects: int


def _people(session: Session) -> dict[str, object]:
    hq = f.org_unit(session, code="HQ", name="Headquarters", name_zh="总部")
    it = f.org_unit(
        session, parent=hq, code="IT", name="Information Technology", name_zh="信息技术部"
    )
    enterprise_pmo = f.pmo(session, hq, name="Enterprise PMO", level=PmoLevel.ENTERPRISE)
    f.user(session, Role.ADMIN, username="admin", full_name="Ada Admin", unit=hq)
    f.user(session, Role.PMO, username="pmo", full_name="Paula PMO", pmo_id=enterprise_pmo.id)
    pm = f.user(session, Role.PROJECT_MANAGER, username="pm", full_name="Li Wei", unit=it)
    other = f.user(session, Role.PROJECT_MANAGER, username="pm2", full_name="Zhang Min", unit=it)
    member = f.user(session, Role.MEMBER, username="member", full_name="Mia Member", unit=it)
    return {
        "hq": hq,
        "it": it,
        "pm": f.person_of(session, pm),
        "other": f.person_of(session, other),
        "member": f.person_of(session, member),
    }


def _erp_plan(session: Session, erp: object) -> None:
    phase = f.task(
        session,
        erp,
        wbs="1",
        name="Design",
        name_zh="设计",
        is_summary=True,
        planned_start=date(2026, 1, 5),
        planned_finish=date(2026, 2, 27),
        duration_days=40,
        percent_complete=60,
    )
    spec = f.task(
        session,
        erp,
        wbs="1.1",
        name="Write specification",
        name_zh="编写规格说明",
        parent_id=phase.id,
        planned_start=date(2026, 1, 5),
        planned_finish=date(2026, 1, 30),
        duration_days=20,
        percent_complete=100,
    )
    gate = f.task(
        session,
        erp,
        wbs="1.2",
        name="Design approved",
        name_zh="设计评审通过",
        parent_id=phase.id,
        is_milestone=True,
        duration_days=0,
        planned_start=date(2026, 2, 27),
        planned_finish=date(2026, 2, 27),
    )
    f.dependency(session, spec, gate, lag_days=2)
    f.risk(session, erp, title="Key supplier late", probability=0.6, impact=4)
    f.risk(
        session,
        erp,
        title="Data migration errors",
        probability=0.3,
        impact=5,
        status=RiskStatus.MITIGATING,
    )
    f.issue(session, erp, title="Test environment unavailable", severity=4)


def seed(session: Session) -> Seeded:
    """Users ``admin``, ``pmo``, ``pm``, ``pm2``, ``member`` (password ``factories.PASSWORD``)."""
    people = _people(session)
    it, pm, other = people["it"], people["pm"], people["other"]
    erp = f.project(
        session,
        it,
        manager=pm,
        code="PRJ-ERP",
        name="ERP Upgrade",
        name_zh="ERP 系统升级",
        priority=900,
        budget=Decimal("2500000"),
    )
    erp.members = [people["member"]]
    _erp_plan(session, erp)
    crm = f.project(
        session,
        it,
        manager=pm,
        code="PRJ-CRM",
        name="CRM Rollout",
        name_zh="客户关系管理系统上线",
        status=ProjectStatus.PROPOSED,
        priority=800,
    )
    datacenter = f.project(
        session,
        it,
        manager=other,
        code="PRJ-DC",
        name="Data Centre Migration",
        name_zh="数据中心迁移",
        status=ProjectStatus.ON_HOLD,
        priority=700,
    )
    for n in range(GENERIC_PROJECTS):
        f.project(
            session,
            it,
            manager=other if n % 2 else pm,
            code=f"INI-{n:03d}",
            name=f"Initiative {n:03d}",
            status=_CYCLE[n % len(_CYCLE)],
            priority=100 + n,
            budget=Decimal(10000 * (n + 1)),
        )
    session.flush()
    return Seeded(erp.id, crm.id, datacenter.id, GENERIC_PROJECTS + 3)
