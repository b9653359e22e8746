"""Baselines: frozen copies of the schedule, the limit of 11, and variance in working days."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openpmo.db.models import AuditEntry, BaselineTask, Project, Task
from openpmo.enums import Role
from openpmo.errors import Forbidden, InvalidInput, NotFound
from openpmo.services import baselines
from openpmo.services.principal import Principal, load_principal
from openpmo.services.scheduling import schedule_project
from tests import factories as f


def _admin(session: Session) -> Principal:
    return load_principal(session, f.user(session, Role.ADMIN))


def _plan(session: Session) -> tuple[Project, dict[str, Task]]:
    """A (2 d, 500/h) → B (3 d) from Monday 2025-09-29, across the National Day holiday."""
    owner = f.project(session, f.org_unit(session), planned_start=date(2025, 9, 29))
    worker = f.resource(session, cost_rate=Decimal("500.00"))
    a = f.task(session, owner, wbs="1", duration_days=2.0, assignee_id=worker.id)
    b = f.task(session, owner, wbs="2", duration_days=3.0)
    f.dependency(session, a, b)
    return owner, {"A": a, "B": b}


def test_save_copies_the_schedule_work_and_cost(session: Session) -> None:
    owner, t = _plan(session)
    saved = baselines.save_baseline(session, _admin(session), owner.id, name="Approved")
    assert (saved.number, saved.name, saved.version) == (0, "Approved", 1)
    copy = session.get(BaselineTask, (saved.id, t["A"].id))
    assert copy is not None
    assert (copy.start, copy.finish) == (datetime(2025, 9, 29, 8), datetime(2025, 9, 30, 17))
    assert (copy.duration_minutes, copy.work_minutes, copy.cost) == (960, 960, Decimal("8000.00"))
    unassigned = session.get(BaselineTask, (saved.id, t["B"].id))
    assert unassigned is not None
    assert (unassigned.work_minutes, unassigned.cost) == (0, Decimal("0.00"))
    audited = session.scalar(
        select(func.count()).where(AuditEntry.entity == "baseline", AuditEntry.action == "create")
    )
    assert audited == 1


def test_a_project_keeps_at_most_eleven_baselines(session: Session) -> None:
    owner, _ = _plan(session)
    admin = _admin(session)
    numbers = [
        baselines.save_baseline(session, admin, owner.id, name=f"B{k}").number for k in range(11)
    ]
    assert numbers == list(range(11))
    with pytest.raises(InvalidInput) as caught:
        baselines.save_baseline(session, admin, owner.id, name="twelfth")
    assert caught.value.errors[0].field == "number"
    assert caught.value.errors[0].key == "error.field.baseline_limit"
    baselines.delete_baseline(session, admin, owner.id, 4, version=1)
    again = baselines.save_baseline(session, admin, owner.id, name="again")
    assert again.number == 4
    assert [b.number for b in baselines.list_baselines(session, admin, owner.id)] == list(range(11))


def test_a_used_number_is_refused(session: Session) -> None:
    owner, _ = _plan(session)
    admin = _admin(session)
    baselines.save_baseline(session, admin, owner.id, name="first", number=3)
    with pytest.raises(InvalidInput) as caught:
        baselines.save_baseline(session, admin, owner.id, name="second", number=3)
    assert caught.value.errors[0].key == "error.field.duplicate"


def test_variance_in_working_days_per_task_and_rolled_up(session: Session) -> None:
    owner, t = _plan(session)
    admin = _admin(session)
    baselines.save_baseline(session, admin, owner.id, name="Approved", number=1)
    t["A"].duration_days = 3.0  # A now ends on 9 October, after the holiday
    session.flush()
    schedule_project(session, admin, owner.id)
    report = baselines.baseline_variance(session, admin, owner.id, 1)
    by_wbs = {v.wbs: v for v in report.tasks}
    a, b = by_wbs["1"], by_wbs["2"]
    assert (a.start_variance_days, a.finish_variance_days, a.duration_variance_days) == (
        0.0,
        1.0,
        1.0,
    )
    assert (a.work_variance_hours, a.cost_variance) == (8.0, Decimal("4000.00"))
    assert a.finish == datetime(2025, 10, 9, 17)
    assert (b.start_variance_days, b.finish_variance_days, b.duration_variance_days) == (
        1.0,
        1.0,
        0.0,
    )
    assert report.start_variance_days == 0.0
    assert report.finish_variance_days == 1.0
    assert report.duration_variance_days == 1.0
    assert report.cost_variance == Decimal("4000.00")
    assert report.tasks_late == 2


def test_a_member_may_read_but_not_save_baselines(session: Session) -> None:
    owner, _ = _plan(session)
    member = f.user(session, Role.MEMBER)
    owner.members.append(f.person_of(session, member))
    session.flush()
    baselines.save_baseline(session, _admin(session), owner.id, name="Approved")
    principal = load_principal(session, member)
    assert len(baselines.list_baselines(session, principal, owner.id)) == 1
    with pytest.raises(Forbidden):
        baselines.save_baseline(session, principal, owner.id, name="mine")
    with pytest.raises(Forbidden):
        baselines.delete_baseline(session, principal, owner.id, 0, version=1)


def test_an_unknown_baseline_is_not_found(session: Session) -> None:
    owner, _ = _plan(session)
    with pytest.raises(NotFound):
        baselines.baseline_variance(session, _admin(session), owner.id, 7)
