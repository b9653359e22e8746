"""The demo builder: deterministic, complete, consistent and usable by every demo login."""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from openpmo.config import Settings
from openpmo.db.models import (
    AuditEntry,
    Dependency,
    Issue,
    OrgUnit,
    Pmo,
    Project,
    Resource,
    Risk,
    Skill,
    Task,
    User,
    project_members,
)
from openpmo.enums import PmoLevel, PmoType, ProjectStatus, Role
from openpmo.services.auth import authenticate
from openpmo.services.authz import can_edit_project, visible_projects
from openpmo.services.demo import DEMO_PASSWORD, STATUS_DATE, build_demo
from openpmo.services.principal import load_principal

CHINESE = re.compile(r"[\u4e00-\u9fff]")
#: Working day 0 of the tests' own calendar; any Monday before the demo's dates will do.
MONDAY = date(2020, 1, 6)


def workdays(day: date) -> int:
    """Working days (Monday to Friday) from MONDAY to ``day``, counted independently of
    the builder's calendar."""
    return int(np.busday_count(MONDAY, day))


@pytest.fixture
def counts(session: Session) -> dict[str, int]:
    return build_demo(session, seed=7, size="small")


def digest(session: Session) -> str:
    """A fingerprint of every project and task row, all columns."""
    sha = hashlib.sha256()
    for table in (Project.__table__, Task.__table__, Dependency.__table__):
        assert isinstance(table, Table)
        for row in session.execute(select(table).order_by(table.c.id)):
            sha.update(repr(tuple(row)).encode())
    return sha.hexdigest()


def test_same_seed_builds_identical_rows_and_another_seed_differs(session: Session) -> None:
    build_demo(session, seed=7, size="small")
    first = digest(session)
    session.rollback()
    build_demo(session, seed=7, size="small")
    again = digest(session)
    session.rollback()
    build_demo(session, seed=8, size="small")
    assert first == again
    assert digest(session) != first


def test_build_leaves_the_transaction_to_the_caller(session: Session) -> None:
    build_demo(session, seed=7, size="small")
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Project)) == 0


def test_counts_match_the_database_and_the_small_scale(
    session: Session, counts: dict[str, int]
) -> None:
    models = {
        "org units": OrgUnit,
        "PMOs": Pmo,
        "people": Resource,
        "projects": Project,
        "tasks": Task,
        "dependencies": Dependency,
        "risks": Risk,
        "issues": Issue,
        "users": User,
    }
    assert list(counts) == list(models)
    for label, model in models.items():
        assert session.scalar(select(func.count()).select_from(model)) == counts[label], label
    assert 10 <= counts["org units"] <= 30
    assert 100 <= counts["people"] <= 140
    assert 35 <= counts["projects"] <= 45
    assert 1500 <= counts["tasks"] <= 2600
    assert counts["dependencies"] >= counts["tasks"] * 0.7
    assert counts["users"] == len(Role)


def test_bulk_rows_are_not_audited(session: Session, counts: dict[str, int]) -> None:
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_records_added_after_the_demo_get_fresh_ids(
    session: Session, counts: dict[str, int]
) -> None:
    unit = OrgUnit(code="NEW", name="New unit", kind="team", parent_id=1)
    session.add(unit)
    session.flush()
    assert unit.id == counts["org units"] + 1


def test_every_project_status_is_present_with_dates_that_fit_it(
    session: Session, counts: dict[str, int]
) -> None:
    projects = session.scalars(select(Project)).all()
    assert Counter(p.status for p in projects).keys() == set(ProjectStatus)
    assert Counter(p.status for p in projects).most_common(1)[0][0] is ProjectStatus.ACTIVE
    for p in projects:
        assert p.planned_start is not None
        assert p.planned_finish is not None
        assert p.planned_start <= p.planned_finish
        if p.status is ProjectStatus.CLOSED:
            assert p.planned_finish < STATUS_DATE, p.code
        if p.status in (ProjectStatus.PROPOSED, ProjectStatus.APPROVED):
            assert p.planned_start > STATUS_DATE, p.code
        if p.status is ProjectStatus.ACTIVE:
            assert p.planned_start < STATUS_DATE < p.planned_finish, p.code


def test_projects_are_fully_described(session: Session, counts: dict[str, int]) -> None:
    projects = session.scalars(select(Project)).all()
    assert {p.methodology.value for p in projects} == {"waterfall", "agile", "hybrid"}
    assert {p.currency for p in projects} == {"CNY", "USD"}
    assert any(p.program_id is None for p in projects)
    for p in projects:
        assert 1 <= p.priority <= 1000
        assert p.budget > 0
        assert p.budget == p.budget.quantize(Decimal("0.01"))
        assert p.manager_id
        assert p.sponsor_id
        assert p.current_phase
        assert p.portfolio_id
        assert 1 <= len(p.objectives) <= 3
        assert p.manager in p.members


def test_three_pmos_cover_every_type(session: Session, counts: dict[str, int]) -> None:
    pmos = session.scalars(select(Pmo)).all()
    assert {p.type for p in pmos} == set(PmoType)
    assert [p.level for p in pmos].count(PmoLevel.ENTERPRISE) == 1
    assert [p.level for p in pmos].count(PmoLevel.DEPARTMENT) == 2


def test_every_demo_login_authenticates_with_the_demo_password(
    session: Session, counts: dict[str, int]
) -> None:
    settings = Settings(env="demo")
    for role in Role:
        user = authenticate(session, settings, role.value, DEMO_PASSWORD)
        assert user.role is role
        assert user.is_demo
        assert user.language is None
    pmo = session.scalar(select(User).where(User.username == "pmo"))
    assert pmo is not None
    assert pmo.pmo is not None
    assert pmo.pmo.level is PmoLevel.ENTERPRISE


def test_logins_other_than_admin_are_linked_to_people(
    session: Session, counts: dict[str, int]
) -> None:
    linked = session.scalars(
        select(User.username).join(Resource, Resource.user_id == User.id)
    ).all()
    assert {"executive", "project_manager", "resource_manager", "member"} <= set(linked)


def test_the_project_manager_edits_its_projects_at_least_three_of_them_active(
    session: Session, counts: dict[str, int]
) -> None:
    user = session.scalar(select(User).where(User.username == "project_manager"))
    assert user is not None
    principal = load_principal(session, user)
    mine = session.scalars(select(Project).where(Project.manager_id == principal.resource_id))
    editable = [p for p in session.scalars(select(Project)) if can_edit_project(principal, p)]
    managed = list(mine)
    assert 4 <= len(managed) <= 6
    assert editable == managed
    assert sum(p.status is ProjectStatus.ACTIVE for p in managed) >= 3


def test_the_member_sees_exactly_the_projects_it_works_on(
    session: Session, counts: dict[str, int]
) -> None:
    user = session.scalar(select(User).where(User.username == "member"))
    assert user is not None
    principal = load_principal(session, user)
    visible = set(session.scalars(select(Project.id).where(visible_projects(principal))))
    member_of = set(
        session.scalars(
            select(project_members.c.project_id).where(
                project_members.c.resource_id == principal.resource_id
            )
        )
    )
    assigned = set(
        session.scalars(select(Task.project_id).where(Task.assignee_id == principal.resource_id))
    )
    assert 2 <= len(visible) <= 4
    assert visible == member_of == assigned


def _tasks(session: Session) -> dict[int, Task]:
    return {t.id: t for t in session.scalars(select(Task))}


def test_dependencies_link_leaves_of_one_project_without_cycles_or_duplicates(
    session: Session, counts: dict[str, int]
) -> None:
    tasks = _tasks(session)
    links = session.scalars(select(Dependency)).all()
    assert len({(d.predecessor_id, d.successor_id) for d in links}) == len(links)
    successors: dict[int, list[int]] = defaultdict(list)
    waiting = Counter[int]()
    for d in links:
        pred, succ = tasks[d.predecessor_id], tasks[d.successor_id]
        assert pred.project_id == succ.project_id == d.project_id
        assert not pred.is_summary
        assert not succ.is_summary
        assert pred.id != succ.id
        successors[pred.id].append(succ.id)
        waiting[succ.id] += 1
    ready = [t for t in tasks if waiting[t] == 0]
    ordered = 0
    while ready:  # Kahn: every task comes out only if the links form no cycle
        task = ready.pop()
        ordered += 1
        for nxt in successors[task]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                ready.append(nxt)
    assert ordered == len(tasks)
    assert {d.type.value for d in links} == {"FS", "SS", "FF"}


def _span(task: Task) -> tuple[int, int]:
    """The working days a task occupies, as ``[start, end)``; a milestone is the empty
    interval at the end of its day."""
    assert task.planned_start is not None
    assert task.planned_finish is not None
    end = workdays(task.planned_finish) + 1
    return (end, end) if task.is_milestone else (workdays(task.planned_start), end)


def test_every_task_starts_as_early_as_its_links_allow(
    session: Session, counts: dict[str, int]
) -> None:
    """FS: successor starts >= predecessor's end + lag (for lag >= 0 on a later working
    day than the predecessor's finish); SS: start >= start + lag; FF: end >= end + lag —
    with equality for the binding link, or the project's start if none binds."""
    tasks = _tasks(session)
    starts = {
        p.id: workdays(p.planned_start)
        for p in session.scalars(select(Project))
        if p.planned_start is not None
    }
    earliest = {t.id: starts[t.project_id] for t in tasks.values()}
    for d in session.scalars(select(Dependency)):
        (ps, pe), succ = _span(tasks[d.predecessor_id]), tasks[d.successor_id]
        ss, se = _span(succ)
        lag = int(d.lag_days)
        bound = {"FS": pe + lag, "SS": ps + lag, "FF": pe + lag - (se - ss)}[d.type.value]
        assert ss >= bound, (d.type, succ.name)
        if d.type.value == "FS" and not succ.is_milestone:
            assert succ.planned_start > tasks[d.predecessor_id].planned_finish  # type: ignore[operator]
        earliest[succ.id] = max(earliest[succ.id], bound)
    for task in tasks.values():
        if not task.is_summary:
            assert _span(task)[0] == earliest[task.id], task.name


def test_summaries_have_children_and_span_them(session: Session, counts: dict[str, int]) -> None:
    tasks = _tasks(session)
    children: dict[int, list[Task]] = defaultdict(list)
    for t in tasks.values():
        if t.parent_id is not None:
            children[t.parent_id].append(t)
            assert tasks[t.parent_id].is_summary
            assert t.wbs.startswith(tasks[t.parent_id].wbs + ".")
    for t in tasks.values():
        kids = children[t.id]
        assert bool(kids) == t.is_summary, t.wbs
        if kids:
            assert t.planned_start == min(k.planned_start for k in kids)  # type: ignore[type-var]
            assert t.planned_finish == max(k.planned_finish for k in kids)  # type: ignore[type-var]


def test_milestones_take_no_time_and_close_every_phase(
    session: Session, counts: dict[str, int]
) -> None:
    tasks = _tasks(session)
    milestones = [t for t in tasks.values() if t.is_milestone]
    assert milestones
    for m in milestones:
        assert m.duration_days == 0
        assert m.planned_start == m.planned_finish
    phases = [t for t in tasks.values() if t.parent_id is None]
    closed_by_milestone = {m.parent_id for m in milestones}
    assert all(p.id in closed_by_milestone for p in phases)


def test_progress_matches_the_status_date(session: Session, counts: dict[str, int]) -> None:
    status = {p.id: p.status for p in session.scalars(select(Project))}
    for t in _tasks(session).values():
        assert t.planned_start is not None
        assert t.planned_finish is not None
        kind = status[t.project_id]
        if kind is ProjectStatus.CLOSED:
            assert t.percent_complete == 100
        elif kind in (ProjectStatus.PROPOSED, ProjectStatus.APPROVED):
            assert t.percent_complete == 0
        elif kind is ProjectStatus.ACTIVE and not t.is_summary:
            if t.planned_finish < STATUS_DATE:
                assert t.percent_complete == 100, t.name
            elif t.planned_start >= STATUS_DATE or t.is_milestone:
                assert t.percent_complete == 0, t.name
            else:
                assert 0 < t.percent_complete < 100, t.name


def test_leaves_are_assigned_to_their_project_team(
    session: Session, counts: dict[str, int]
) -> None:
    team = {
        tuple(row)
        for row in session.execute(
            select(project_members.c.project_id, project_members.c.resource_id)
        )
    }
    for t in _tasks(session).values():
        if t.is_summary or t.is_milestone:
            assert t.assignee_id is None
        else:
            assert (t.project_id, t.assignee_id) in team


def test_registers_hold_sensible_risks_and_issues(session: Session, counts: dict[str, int]) -> None:
    risks = session.scalars(select(Risk)).all()
    issues = session.scalars(select(Issue)).all()
    proposed = set(
        session.scalars(select(Project.id).where(Project.status == ProjectStatus.PROPOSED))
    )
    per_project = Counter(r.project_id for r in risks)
    assert not proposed & per_project.keys()
    assert all(3 <= n <= 8 for n in per_project.values())
    assert all(0 <= r.probability <= 1 and 1 <= r.impact <= 5 and r.owner_id for r in risks)
    assert len({r.status for r in risks}) == 4
    overdue = [
        i
        for i in issues
        if i.status.value in ("open", "in_progress")
        and i.due_date is not None
        and i.due_date < STATUS_DATE
    ]
    assert overdue
    assert all(
        CHINESE.search(title) for title in [r.title for r in risks] + [i.title for i in issues]
    )


def test_names_are_bilingual(session: Session, counts: dict[str, int]) -> None:
    for model in (OrgUnit, Pmo, Resource, Project, Task, Skill):
        rows = session.execute(select(model.name, model.name_zh)).all()
        assert rows
        for name, name_zh in rows:
            assert name, model
            assert not CHINESE.search(name), name
            assert CHINESE.search(name_zh or ""), name
    people = session.scalars(select(Resource)).all()
    assert {r.capacity_hours_per_week for r in people} >= {40.0, 32.0}
    assert all(1 <= len(r.skills) <= 4 for r in people)


def test_an_unknown_size_is_refused(session: Session) -> None:
    with pytest.raises(ValueError, match="size"):
        build_demo(session, seed=7, size="huge")
