"""Editing a project's calendar, hours, status date or start reschedules it at once."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openpmo.db.models import AuditEntry, Project, Task
from openpmo.enums import CalendarKind, Role
from openpmo.schemas.strategy import ProjectUpdate
from openpmo.services.principal import Principal, load_principal
from openpmo.services.projects import update_project
from openpmo.services.scheduling import schedule_project
from tests import factories as f


def _admin(session: Session) -> Principal:
    return load_principal(session, f.user(session, Role.ADMIN))


def _network(session: Session, **progress: object) -> tuple[Project, Task, Task]:
    """A (2 d) → B (3 d) from Monday 2025-09-29 on the China calendar."""
    owner = f.project(session, f.org_unit(session), planned_start=date(2025, 9, 29))
    a = f.task(session, owner, wbs="1", duration_days=2.0, **progress)
    b = f.task(session, owner, wbs="2", duration_days=3.0)
    f.dependency(session, a, b)
    return owner, a, b


def _schedules(session: Session, project: Project) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(
                AuditEntry.entity == "project",
                AuditEntry.entity_id == project.id,
                AuditEntry.action == "schedule",
            )
        )
        or 0
    )


def test_changing_the_calendar_reschedules_without_asking(session: Session) -> None:
    owner, _a, b = _network(session)
    admin = _admin(session)
    schedule_project(session, admin, owner.id)
    # China: B skips the National Day holiday (1-8 October) and works Saturday 11 October.
    assert b.scheduled_start == datetime(2025, 10, 9, 8)
    update_project(
        session, admin, owner.id, ProjectUpdate(calendar=CalendarKind.STANDARD, version=1)
    )
    assert (b.scheduled_start, b.scheduled_finish) == (
        datetime(2025, 10, 1, 8),
        datetime(2025, 10, 3, 17),
    )
    update_project(session, admin, owner.id, ProjectUpdate(work_hours="09:00-13:00", version=2))
    # Durations are working days, so they keep their length in days but start at 09:00.
    assert b.scheduled_start == datetime(2025, 10, 1, 9)
    assert b.scheduled_finish == datetime(2025, 10, 3, 13)


def test_moving_the_status_date_schedules_the_work_left_after_it(session: Session) -> None:
    owner, a, b = _network(session, percent_complete=50.0, actual_start=datetime(2025, 9, 29, 8))
    admin = _admin(session)
    schedule_project(session, admin, owner.id)
    # Without a status date the day left follows the day done.
    assert a.scheduled_finish == datetime(2025, 9, 29, 17)
    update_project(
        session, admin, owner.id, ProjectUpdate(status_date=date(2025, 10, 9), version=1)
    )
    # Half of A (one day) is left on 9 October, the first working day from the status date.
    assert a.scheduled_finish == datetime(2025, 10, 9, 17)
    assert b.scheduled_start == datetime(2025, 10, 10, 8)


def test_other_project_edits_do_not_reschedule(session: Session) -> None:
    owner, _a, _b = _network(session)
    admin = _admin(session)
    schedule_project(session, admin, owner.id)
    update_project(session, admin, owner.id, ProjectUpdate(name="Renamed", version=1))
    update_project(
        session, admin, owner.id, ProjectUpdate(calendar=CalendarKind.CHINA, version=owner.version)
    )
    assert _schedules(session, owner) == 1
    update_project(
        session,
        admin,
        owner.id,
        ProjectUpdate(planned_start=date(2025, 10, 13), version=owner.version),
    )
    assert _schedules(session, owner) == 2
