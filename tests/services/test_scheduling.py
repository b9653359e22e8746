"""Scheduling a stored project: hand-checked dates on the China calendar, write-back,
permissions, cycles, cross-project links, the audit entry and the demo's projects."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import AuditEntry, Project, Task
from openpmo.enums import CalendarKind, ConstraintKind, Role
from openpmo.errors import Forbidden, InvalidInput
from openpmo.services.demo import build_demo
from openpmo.services.principal import Principal, load_principal
from openpmo.services.scheduling import schedule_project
from tests import factories as f

DAY = 480  # working minutes of 08:00-12:00, 13:00-17:00


def _admin(session: Session) -> Principal:
    return load_principal(session, f.user(session, Role.ADMIN))


def _national_day(session: Session, **project: object) -> tuple[Project, dict[str, Task]]:
    """A (2 d) → B (3 d) → M (milestone), and C (1 d) alone, from Monday 2025-09-29.

    1-8 October 2025 is the National Day holiday; Saturday 11 October is a working day (调休).
    """
    unit = f.org_unit(session)
    owner = f.project(session, unit, planned_start=date(2025, 9, 29), **project)
    tasks = {
        "A": f.task(session, owner, wbs="1", duration_days=2.0),
        "B": f.task(session, owner, wbs="2", duration_days=3.0),
        "M": f.task(session, owner, wbs="3", duration_days=0.0, is_milestone=True),
        "C": f.task(session, owner, wbs="4", duration_days=1.0),
    }
    f.dependency(session, tasks["A"], tasks["B"])
    f.dependency(session, tasks["B"], tasks["M"])
    return owner, tasks


def test_schedule_places_tasks_across_the_national_day_holiday(session: Session) -> None:
    owner, t = _national_day(session)
    summary = schedule_project(session, _admin(session), owner.id)
    assert (t["A"].early_start, t["A"].early_finish) == (
        datetime(2025, 9, 29, 8),
        datetime(2025, 9, 30, 17),
    )
    # B skips 1-8 October and works the adjusted Saturday.
    assert (t["B"].early_start, t["B"].early_finish) == (
        datetime(2025, 10, 9, 8),
        datetime(2025, 10, 11, 17),
    )
    assert t["M"].early_start == t["M"].early_finish == datetime(2025, 10, 11, 17)
    assert t["C"].late_finish == datetime(2025, 10, 11, 17)
    assert t["C"].total_float_minutes == 4 * DAY  # 30 Sep, 9, 10 and 11 Oct
    assert t["C"].free_float_minutes == 4 * DAY
    assert [t[k].is_critical for k in "ABMC"] == [True, True, True, False]
    assert summary.start == datetime(2025, 9, 29, 8)
    assert summary.finish == datetime(2025, 10, 11, 17)
    assert (summary.tasks_scheduled, summary.critical_tasks) == (4, 3)


def test_standard_calendar_ignores_chinese_holidays(session: Session) -> None:
    owner, t = _national_day(session, calendar=CalendarKind.STANDARD)
    schedule_project(session, _admin(session), owner.id)
    assert t["B"].early_start == datetime(2025, 10, 1, 8)
    assert t["B"].early_finish == datetime(2025, 10, 3, 17)


def test_schedule_write_back_keeps_versions_and_audits_one_entry(session: Session) -> None:
    owner, t = _national_day(session)
    versions = {k: task.version for k, task in t.items()}
    first = schedule_project(session, _admin(session), owner.id)
    again = schedule_project(session, _admin(session), owner.id)
    session.expire_all()
    assert {k: session.get(Task, task.id).version for k, task in t.items()} == versions  # type: ignore[union-attr]
    assert (first.tasks_changed, again.tasks_changed) == (4, 0)
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "project", AuditEntry.action == "schedule")
    ).all()
    assert [e.entity_id for e in entries] == [owner.id, owner.id]
    assert entries[0].after is not None
    assert entries[0].after["finish"] == "2025-10-11T17:00:00"


def test_schedule_needs_the_right_to_edit_the_project(session: Session) -> None:
    owner, _ = _national_day(session)
    member = f.user(session, Role.MEMBER)
    owner.members.append(f.person_of(session, member))
    session.flush()
    with pytest.raises(Forbidden):
        schedule_project(session, load_principal(session, member), owner.id)


def test_a_cycle_is_refused_naming_its_tasks(session: Session) -> None:
    owner, t = _national_day(session)
    f.dependency(session, t["M"], t["A"])  # written directly: the link service refuses it
    with pytest.raises(InvalidInput) as caught:
        schedule_project(session, _admin(session), owner.id)
    error = caught.value.errors[0]
    assert error.key == "error.field.schedule_cycle"
    assert set(error.params["tasks"].split(" → ")) == {"1", "2", "3"}


def test_a_dated_constraint_without_its_date_is_refused(session: Session) -> None:
    owner, t = _national_day(session)
    t["B"].constraint_type = ConstraintKind.SNET
    session.flush()
    with pytest.raises(InvalidInput) as caught:
        schedule_project(session, _admin(session), owner.id)
    assert caught.value.errors[0].field == f"tasks.{t['B'].id}.constraint_date"


def test_constraints_deadlines_and_progress_reach_the_engine(session: Session) -> None:
    owner, t = _national_day(session, status_date=date(2025, 9, 30))
    t["A"].actual_start = datetime(2025, 9, 29, 8)
    t["A"].percent_complete = 50.0
    t["C"].constraint_type = ConstraintKind.SNET
    t["C"].constraint_date = datetime(2025, 10, 10, 8)
    t["M"].deadline = datetime(2025, 10, 10, 17)
    session.flush()
    schedule_project(session, _admin(session), owner.id)
    # A: one of two days left, from the status date.
    assert t["A"].early_finish == datetime(2025, 9, 30, 17)
    assert t["C"].early_start == datetime(2025, 10, 10, 8)
    assert t["M"].total_float_minutes == -DAY  # the deadline is missed by one day


def test_a_link_from_another_project_of_the_program_drives_our_task(session: Session) -> None:
    owner, t = _national_day(session)
    group = f.program(session, f.portfolio(session))
    owner.program_id = group.id
    other = f.project(session, f.org_unit(session), program_id=group.id)
    upstream = f.task(
        session,
        other,
        scheduled_start=datetime(2025, 10, 9, 8),
        scheduled_finish=datetime(2025, 10, 10, 17),
    )
    f.dependency(session, upstream, t["C"])
    summary = schedule_project(session, _admin(session), owner.id)
    assert t["C"].early_start == datetime(2025, 10, 11, 8)
    assert summary.external_links == 1


def test_every_demo_project_can_be_scheduled(session: Session) -> None:
    build_demo(session, seed=7, size="small")
    admin = _admin(session)
    projects = session.scalars(select(Project.id)).all()
    summaries = [schedule_project(session, admin, p) for p in projects]
    assert len(summaries) == len(projects) > 0
    assert all(s.tasks_scheduled > 0 for s in summaries)
    unscheduled = session.scalar(select(Task.id).where(Task.early_start.is_(None)).limit(1))
    assert unscheduled is None
