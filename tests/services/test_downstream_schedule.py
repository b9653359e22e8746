"""Rescheduling a project reschedules the projects of its program that depend on it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openpmo.db.models import AuditEntry, Project, Task
from openpmo.enums import CalendarKind, Role
from openpmo.schemas.work import TaskUpdate
from openpmo.services.downstream import downstream_projects
from openpmo.services.principal import Principal, load_principal
from openpmo.services.scheduling import schedule_project
from openpmo.services.tasks import tasks
from tests import factories as f


def _admin(session: Session) -> Principal:
    return load_principal(session, f.user(session, Role.ADMIN))


def _chain(session: Session) -> tuple[dict[str, Project], dict[str, Task]]:
    """Program of A → B → C (cross-project FS links) and D, unrelated; standard calendar,
    every project starting Monday 2025-03-03."""
    group = f.program(session, f.portfolio(session))
    unit = f.org_unit(session)
    projects = {
        name: f.project(
            session,
            unit,
            program_id=group.id,
            planned_start=date(2025, 3, 3),
            calendar=CalendarKind.STANDARD,
        )
        for name in "ABCD"
    }
    t = {name: f.task(session, p, wbs="1", duration_days=2.0) for name, p in projects.items()}
    f.dependency(session, t["A"], t["B"])
    f.dependency(session, t["B"], t["C"])
    admin = _admin(session)
    for name in "ABCD":
        schedule_project(session, admin, projects[name].id)
    return projects, t


def test_a_change_upstream_moves_every_project_downstream_in_one_go(session: Session) -> None:
    projects, t = _chain(session)
    assert t["C"].scheduled_start == datetime(2025, 3, 7, 8)
    admin = _admin(session)
    # A grows from 2 to 4 days: B then C move two days, D stays.
    tasks.update(
        session, admin, projects["A"].id, t["A"].id, TaskUpdate(duration_days=4.0), version=1
    )
    assert t["B"].scheduled_start == datetime(2025, 3, 7, 8)
    assert t["C"].scheduled_start == datetime(2025, 3, 11, 8)
    summary = schedule_project(session, admin, projects["A"].id)
    assert summary.downstream == ()  # nothing moved this time
    tasks.update(
        session, admin, projects["A"].id, t["A"].id, TaskUpdate(duration_days=1.0), version=2
    )
    assert (t["C"].scheduled_start, t["C"].scheduled_finish) == (
        datetime(2025, 3, 6, 8),
        datetime(2025, 3, 7, 17),
    )


def test_the_summary_names_the_projects_that_moved(session: Session) -> None:
    projects, t = _chain(session)
    t["A"].duration_days = 3.0
    before = session.scalar(select(func.max(AuditEntry.id)))
    summary = schedule_project(session, _admin(session), projects["A"].id)
    moved = [(m.project_id, m.tasks_changed, m.finish) for m in summary.downstream]
    assert moved == [
        (projects["B"].id, 1, datetime(2025, 3, 7, 17)),
        (projects["C"].id, 1, datetime(2025, 3, 11, 17)),
    ]
    # Each project is scheduled once: one audit entry for A, B and C, none for D.
    entries = session.scalars(
        select(AuditEntry.entity_id)
        .where(
            AuditEntry.entity == "project",
            AuditEntry.action == "schedule",
            AuditEntry.id > before,
        )
        .order_by(AuditEntry.id)
    ).all()
    assert entries == [projects[n].id for n in "ABC"]


def test_order_is_upstream_first_and_a_cycle_between_projects_ends(session: Session) -> None:
    projects, t = _chain(session)
    # A diamond, A → C directly as well, and a cycle C → B through other tasks.
    f.dependency(session, t["A"], t["C"])
    back = f.task(session, projects["C"], wbs="2", duration_days=1.0)
    into_b = f.task(session, projects["B"], wbs="2", duration_days=1.0)
    f.dependency(session, back, into_b)
    order = [p.id for p in downstream_projects(session, projects["A"])]
    assert order == [projects["B"].id, projects["C"].id]
    summary = schedule_project(session, _admin(session), projects["A"].id)
    assert summary.project_id == projects["A"].id


def test_projects_outside_the_program_are_not_touched(session: Session) -> None:
    projects, _ = _chain(session)
    projects["C"].program_id = None
    session.flush()
    assert [p.id for p in downstream_projects(session, projects["A"])] == [projects["B"].id]
    alone = f.project(session, f.org_unit(session))
    assert downstream_projects(session, alone) == []
