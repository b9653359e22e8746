"""Builders of monitoring test data: a baselined project and its progress at status dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import OrgUnit, Project, QualityCheck, Task
from openpmo.enums import CalendarKind, QualityCheckKind, Role
from openpmo.services import baselines, progress
from openpmo.services.principal import Principal, load_principal
from openpmo.services.progress import ProgressEntry
from openpmo.services.scheduling import schedule_project
from tests import factories as f

__all__ = ["MONDAY", "admin_of", "evm_project", "record"]

MONDAY = date(2026, 3, 2)


def admin_of(session: Session) -> Principal:
    return load_principal(session, f.user(session, Role.ADMIN))


def evm_project(session: Session, unit: OrgUnit, **kw: Any) -> Project:
    """A (10 d) → B (10 d) from Monday 2026-03-02 on the standard calendar, each 8,000
    (80 h at 100/h), one passed quality check; scheduled, baseline 0 saved."""
    owner = f.project(session, unit, planned_start=MONDAY, calendar=CalendarKind.STANDARD, **kw)
    worker = f.resource(session, cost_rate=Decimal("100.00"))
    a = f.task(session, owner, wbs="1", name="Build", duration_days=10.0, assignee_id=worker.id)
    b = f.task(session, owner, wbs="2", name="Test", duration_days=10.0, assignee_id=worker.id)
    f.dependency(session, a, b)
    session.add(
        QualityCheck(
            project_id=owner.id, kind=QualityCheckKind.TEST, checked_on=MONDAY, passed=True
        )
    )
    admin = admin_of(session)
    schedule_project(session, admin, owner.id)
    baselines.save_baseline(session, admin, owner.id, name="Approved")
    return owner


def record(session: Session, owner: Project, day: date, percent: float, cost: str) -> None:
    """Task A at ``percent`` with ``cost`` spent, as of ``day`` (PV on 03-09: 4,000)."""
    first = session.scalar(select(Task.id).where(Task.project_id == owner.id, Task.wbs == "1"))
    assert first is not None
    entries = [ProgressEntry(first, percent_complete=percent, actual_cost=Decimal(cost))]
    progress.record_progress(session, admin_of(session), owner.id, status_date=day, entries=entries)
