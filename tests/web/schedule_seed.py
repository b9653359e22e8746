"""A small project with a hand-made network for the schedule page: two phases, a milestone,
all four link types, a critical path and a baseline saved before a task grew longer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Project, Resource, Task, User
from openpmo.enums import DependencyType, Role
from openpmo.services import auth, baselines, scheduling
from tests import factories as f

__all__ = ["CRITICAL", "LINKS", "ScheduleSeed", "seed_schedule"]

#: The critical path, by WBS (1.1 is done, so no longer critical).
CRITICAL = ("1.2", "2.1", "2.3")
LINKS = 7


@dataclass(frozen=True)
class ScheduleSeed:
    project_id: int
    tasks: int
    outsider: str


def _user_id(session: Session, username: str) -> int:
    found = session.scalar(select(User.id).where(User.username == username))
    assert found is not None
    return found


def seed_schedule(session: Session, crm_id: int) -> ScheduleSeed:
    """Project PRJ-SCH of ``pm``, readable by ``member``; ``outsider`` is a member of the
    CRM project only."""
    crm = session.get(Project, crm_id)
    assert crm is not None
    assert crm.manager is not None
    unit = crm.org_unit
    project = f.project(
        session,
        unit,
        manager=crm.manager,
        code="PRJ-SCH",
        name="Warehouse System",
        name_zh="仓储系统",
        planned_start=date(2026, 3, 2),
        status_date=date(2026, 3, 10),
    )
    member = f.person_of(session, f.user(session, Role.MEMBER, username="outsider"))
    crm.members = [member]
    project.members = list(
        session.scalars(select(Resource).where(Resource.user_id == _user_id(session, "member")))
    )

    def task(wbs: str, name: str, name_zh: str, days: float, **kw: object) -> Task:
        return f.task(
            session, project, wbs=wbs, name=name, name_zh=name_zh, duration_days=days, **kw
        )

    build = task("1", "Build", "建设", 0, is_summary=True)
    design = task("1.1", "Design", "设计", 5, parent_id=build.id, percent_complete=100)
    develop = task("1.2", "Develop", "开发", 10, parent_id=build.id)
    docs = task("1.3", "User guide", "用户手册", 4, parent_id=build.id, percent_complete=50)
    launch = task("2", "Launch", "上线", 0, is_summary=True)
    test = task("2.1", "System test", "系统测试", 5, parent_id=launch.id)
    training = task("2.2", "Training", "培训", 3, parent_id=launch.id)
    live = task("2.3", "Go-live", "正式上线", 0, parent_id=launch.id, is_milestone=True)
    support = task("2.4", "Hypercare", "上线支持", 2, parent_id=launch.id)
    f.dependency(session, design, develop)
    f.dependency(session, design, docs, type=DependencyType.SS, lag_days=2)
    f.dependency(session, develop, test)
    f.dependency(session, test, training, type=DependencyType.FF)
    f.dependency(session, test, live)
    f.dependency(session, training, live)
    f.dependency(session, live, support, type=DependencyType.SF)
    session.flush()
    principal = auth.principal_for_user_id(session, _user_id(session, "pm"))
    scheduling.schedule_project(session, principal, project.id)
    baselines.save_baseline(session, principal, project.id, name="Approved plan", number=0)
    develop.duration_days = 12
    scheduling.schedule_project(session, principal, project.id)
    return ScheduleSeed(project.id, 9, "outsider")
