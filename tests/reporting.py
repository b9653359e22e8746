"""A small project to report on, shared by the report tests (service, API, command line).

A (10 d) → B (10 d) → M (milestone), Monday 2026-03-02 on the standard calendar, each leaf
8,000 (80 h at 100/h), baseline 0 saved; status dates 2026-03-09 (A 40 % done) and
2026-03-16 (A finished on 2026-03-13, B not started); an open risk, an overdue issue and an
open remediation action. Chinese names, so the reports show Chinese text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from openpmo.db.models import OrgUnit, Project, RemediationAction, Task
from openpmo.enums import CalendarKind, Role
from openpmo.services import baselines, progress
from openpmo.services.principal import Principal, load_principal
from openpmo.services.progress import ProgressEntry
from openpmo.services.scheduling import schedule_project
from tests import factories as f

FIRST = date(2026, 3, 9)
SECOND = date(2026, 3, 16)


@dataclass
class Reported:
    project: Project
    tasks: dict[str, Task]
    admin: Principal


def reported_project(
    session: Session, unit: OrgUnit | None = None, manager_id: int | None = None
) -> Reported:
    unit = unit or f.org_unit(session)
    owner = f.project(
        session,
        unit,
        name="Smart factory MES rollout",
        name_zh="智能工厂MES系统上线",
        planned_start=date(2026, 3, 2),
        calendar=CalendarKind.STANDARD,
        manager_id=manager_id,
    )
    worker = f.resource(session, cost_rate=Decimal("100.00"), name="Wang Ping", name_zh="王平")
    a = f.task(
        session,
        owner,
        wbs="1",
        name="Design",
        name_zh="总体设计",
        duration_days=10.0,
        assignee_id=worker.id,
    )
    b = f.task(
        session,
        owner,
        wbs="2",
        name="Build",
        name_zh="系统开发",
        duration_days=10.0,
        assignee_id=worker.id,
    )
    m = f.task(
        session,
        owner,
        wbs="3",
        name="Go-live",
        name_zh="系统上线",
        duration_days=0.0,
        is_milestone=True,
    )
    f.dependency(session, a, b)
    f.dependency(session, b, m)
    f.risk(session, owner, title="Supplier delay / 供应商延误", probability=0.6, impact=4)
    f.risk(session, owner, title="Minor risk", probability=0.1, impact=1)
    f.issue(
        session,
        owner,
        title="Test server down / 测试服务器宕机",
        severity=4,
        due_date=date(2026, 3, 10),
    )
    session.add(
        RemediationAction(
            project_id=owner.id,
            description="Add a second tester / 增加一名测试人员",
            due_date=date(2026, 3, 20),
        )
    )
    admin = load_principal(session, f.user(session, Role.ADMIN))
    schedule_project(session, admin, owner.id)
    baselines.save_baseline(session, admin, owner.id, name="Approved")
    progress.record_progress(
        session,
        admin,
        owner.id,
        status_date=FIRST,
        entries=[
            ProgressEntry(
                a.id,
                percent_complete=40,
                actual_start=datetime(2026, 3, 2, 8),
                actual_cost=Decimal("5000"),
                actual_hours=45,
            )
        ],
    )
    progress.record_progress(
        session,
        admin,
        owner.id,
        status_date=SECOND,
        entries=[
            ProgressEntry(
                a.id,
                percent_complete=100,
                actual_start=datetime(2026, 3, 2, 8),
                actual_finish=datetime(2026, 3, 13, 17),
                actual_cost=Decimal("9000"),
                actual_hours=90,
            )
        ],
    )
    session.flush()
    return Reported(owner, {"A": a, "B": b, "M": m}, admin)
