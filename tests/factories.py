"""Small builders of test data. Each flushes, so the record has its id."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from openpmo.db.models import (
    Dependency,
    Issue,
    OrgUnit,
    Pmo,
    Portfolio,
    Program,
    Project,
    Resource,
    Risk,
    StrategicObjective,
    Task,
    TaskCalendar,
    User,
)
from openpmo.enums import (
    Methodology,
    OrgUnitKind,
    PmoLevel,
    PmoType,
    ProjectStatus,
    Role,
)
from openpmo.services.security import hash_password

_counter = itertools.count(1)
#: One hash for every test user: argon2 is slow on purpose.
PASSWORD = "correct-horse-battery"
_HASH = hash_password(PASSWORD)


def _n() -> int:
    return next(_counter)


def _save(session: Session, record: Any) -> Any:
    session.add(record)
    session.flush()
    return record


def org_unit(session: Session, *, parent: OrgUnit | None = None, **kw: Any) -> OrgUnit:
    n = _n()
    kind = OrgUnitKind.ENTERPRISE if parent is None else OrgUnitKind.DEPARTMENT
    values = {
        "code": f"OU{n}",
        "name": f"Unit {n}",
        "kind": kind,
        "parent_id": parent.id if parent else None,
        **kw,
    }
    return _save(session, OrgUnit(**values))


def pmo(session: Session, unit: OrgUnit, **kw: Any) -> Pmo:
    values = {
        "name": f"PMO {_n()}",
        "type": PmoType.CONTROLLING,
        "level": PmoLevel.DEPARTMENT,
        "org_unit_id": unit.id,
        **kw,
    }
    return _save(session, Pmo(**values))


def resource(
    session: Session, *, unit: OrgUnit | None = None, user: User | None = None, **kw: Any
) -> Resource:
    n = _n()
    values = {
        "name": f"Person {n}",
        "org_unit_id": unit.id if unit else None,
        "user_id": user.id if user else None,
        "cost_rate": Decimal("500.00"),
        **kw,
    }
    return _save(session, Resource(**values))


def user(
    session: Session,
    role: Role = Role.MEMBER,
    *,
    person: bool = True,
    unit: OrgUnit | None = None,
    **kw: Any,
) -> User:
    """A user with :data:`PASSWORD`; with ``person`` it is also a resource of the pool."""
    n = _n()
    values = {
        "username": f"{role.value}{n}",
        "full_name": f"{role.value.title()} {n}",
        "password_hash": _HASH,
        "role": role,
        **kw,
    }
    created = _save(session, User(**values))
    if person:
        resource(session, user=created, unit=unit, name=created.full_name)
    return created


def person_of(session: Session, login: User) -> Resource:
    from sqlalchemy import select

    found = session.scalar(select(Resource).where(Resource.user_id == login.id))
    assert found is not None
    return found


def objective(session: Session, **kw: Any) -> StrategicObjective:
    n = _n()
    return _save(session, StrategicObjective(**{"code": f"OBJ{n}", "name": f"Objective {n}", **kw}))


def portfolio(session: Session, **kw: Any) -> Portfolio:
    n = _n()
    return _save(session, Portfolio(**{"code": f"PF{n}", "name": f"Portfolio {n}", **kw}))


def program(session: Session, owner: Portfolio, **kw: Any) -> Program:
    n = _n()
    return _save(
        session,
        Program(**{"code": f"PG{n}", "name": f"Program {n}", "portfolio_id": owner.id, **kw}),
    )


def project(
    session: Session, unit: OrgUnit, *, manager: Resource | None = None, **kw: Any
) -> Project:
    n = _n()
    values = {
        "code": f"PRJ-{n:04d}",
        "name": f"Project {n}",
        "status": ProjectStatus.ACTIVE,
        "methodology": Methodology.WATERFALL,
        "org_unit_id": unit.id,
        "manager_id": manager.id if manager else None,
        "budget": Decimal("100000.00"),
        "planned_start": date(2026, 1, 5),
        "planned_finish": date(2026, 12, 18),
        **kw,
    }
    return _save(session, Project(**values))


def task(session: Session, owner: Project, **kw: Any) -> Task:
    n = _n()
    return _save(
        session,
        Task(
            **{
                "project_id": owner.id,
                "wbs": str(n),
                "name": f"Task {n}",
                "duration_days": 5.0,
                **kw,
            }
        ),
    )


def task_calendar(session: Session, owner: Project, **kw: Any) -> TaskCalendar:
    """A task calendar of ``owner`` (by default a copy of the project's week)."""
    return _save(
        session, TaskCalendar(**{"project_id": owner.id, "name": f"Calendar {_n()}", **kw})
    )


def dependency(session: Session, pred: Task, succ: Task, **kw: Any) -> Dependency:
    """A link of the successor's project (the predecessor may be in another project)."""
    return _save(
        session,
        Dependency(project_id=succ.project_id, predecessor_id=pred.id, successor_id=succ.id, **kw),
    )


def risk(session: Session, owner: Project, **kw: Any) -> Risk:
    return _save(session, Risk(**{"project_id": owner.id, "title": f"Risk {_n()}", **kw}))


def issue(session: Session, owner: Project, **kw: Any) -> Issue:
    return _save(session, Issue(**{"project_id": owner.id, "title": f"Issue {_n()}", **kw}))
