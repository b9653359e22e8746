"""The capacity page's view is brought up to date from the audit entries written since it was
computed, person by person, and is then exactly what computing it afresh gives."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import (
    Allocation,
    Assignment,
    AuditEntry,
    Project,
    Resource,
    ResourceLeave,
    ResourceSkill,
    Skill,
    Task,
)
from openpmo.enums import CalendarKind, ProjectStatus, Role
from openpmo.schemas.resources import ResourceUpdate, SkillLevel
from openpmo.services import capacity_view as cv
from openpmo.services import scheduling
from openpmo.services.cache import changes_since
from openpmo.services.capacity import ResourceScope, capacity_plan, demand_by_project
from openpmo.services.capacity_changes import affected_resources
from openpmo.services.capacity_view import CapacityView, capacity_view
from openpmo.services.principal import SYSTEM, Principal, load_principal
from openpmo.services.resources import update_resource
from tests import factories as f

START, FINISH = date(2026, 6, 1), date(2026, 7, 26)
#: Few over-allocations shown, so that cells move in and out of the list.
OVER = 3


def _at(day: int, hour: int = 8) -> datetime:
    """A time in June 2026 (days past 30 run into July)."""
    return datetime(2026, 6 + (day - 1) // 30, (day - 1) % 30 + 1, hour)


class World:
    """Eight people in two org units, on five projects (one proposed), with tasks (units and
    work hours), allocations and leave; some are over-allocated."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.unit = f.org_unit(session)
        self.sub = f.org_unit(session, parent=self.unit)
        java, sql = Skill(name="Java"), Skill(name="SQL")
        session.add_all([java, sql])
        self.p1 = f.project(session, self.unit, code="P1")
        self.p2 = f.project(session, self.unit, code="P2")
        self.p3 = f.project(session, self.unit, code="P3", status=ProjectStatus.APPROVED)
        self.p4 = f.project(session, self.unit, code="P4", status=ProjectStatus.PROPOSED)
        self.p5 = f.project(session, self.sub, code="P5", planned_start=date(2026, 6, 3))
        self.people: list[Resource] = []
        for k in range(8):
            person = f.resource(
                session,
                unit=self.unit if k % 3 else self.sub,
                name=f"{'abcdefgh'[k]}{k}",
                role=("Dev", "QA", None)[k % 3],
                employment_share=(1.0, 0.5, 0.8)[k % 3],
                calendar=CalendarKind.STANDARD if k % 4 == 3 else CalendarKind.CHINA,
                workdays="1234" if k == 5 else "12345",
            )
            person.skills = [ResourceSkill(skill=java if k % 2 else sql, level=2 + k % 3)]
            self.people.append(person)
        session.flush()
        self.tasks: list[Task] = []
        for k, person in enumerate(self.people):
            for j, owner in enumerate((self.p1, self.p2, self.p3, self.p4)):
                if (k + j) % 3 == 0:
                    continue
                first = 1 + (7 * k + 5 * j) % 40
                task = f.task(
                    session, owner, scheduled_start=_at(first), scheduled_finish=_at(first + 9, 17)
                )
                self.tasks.append(task)
                session.add(
                    Assignment(
                        task_id=task.id,
                        resource_id=person.id,
                        units=60.0 + 20 * j,
                        work_hours=30.0 if (k + j) % 4 == 0 else None,
                        actual_hours=float(k),
                    )
                )
        self.scheduled = [f.task(session, self.p5, duration_days=4.0) for _ in range(3)]
        for k, task in enumerate(self.scheduled):
            session.add(Assignment(task_id=task.id, resource_id=self.people[k * 2].id, units=100))
        session.add_all(
            [
                Allocation(
                    resource_id=self.people[k].id,
                    project_id=(self.p1, self.p2, self.p3)[k % 3].id,
                    start=date(2026, 6, 8 + k),
                    finish=date(2026, 7, 3 + k),
                    percent=40.0 + 10 * k,
                )
                for k in range(0, 8, 2)
            ]
        )
        session.add(ResourceLeave(resource_id=self.people[1].id, start=_at(10), finish=_at(16)))
        session.flush()
        scheduling.reschedule(session, session.get_one(Project, self.p5.id))
        session.flush()


def _filters(world: World) -> list[dict[str, Any]]:
    """Eight filters: as many as the cache keeps."""
    return [
        {},
        {"by": "skill", "period": "month"},
        {"by": "role"},
        {"by": "org_unit", "scope": ResourceScope(org_unit_id=world.sub.id)},
        {"scope": ResourceScope(q="e", role="Dev")},
        {"scope": ResourceScope(skill_id=1, min_level=3)},
        {"scope": ResourceScope(project_ids=(world.p2.id,))},
        {"what_if_project_id": world.p4.id},
    ]


def _fresh(session: Session, principal: Principal, **kw: Any) -> CapacityView:
    """The view computed from scratch, as the cache does on a miss."""
    by = kw.get("by", "person")
    plan = capacity_plan(
        session,
        principal,
        by=by,
        period=kw.get("period", "week"),
        start=START,
        finish=FINISH,
        scope=kw.get("scope"),
        what_if_project_id=kw.get("what_if_project_id"),
    )
    view = cv._full(session, plan, by, OVER)
    assert view.by_project == demand_by_project(plan)  # the charts' figures, as before
    return view


def assert_same(kept: CapacityView, fresh: CapacityView) -> None:
    """Field by field, every array to the last bit."""
    assert kept.report.model_dump() == fresh.report.model_dump()
    assert kept.keys == fresh.keys
    assert kept.labels == fresh.labels
    assert kept.people == fresh.people
    assert kept.by_project == fresh.by_project
    assert kept.by_role == fresh.by_role
    for name in ("capacity", "demand", "actual", "peak_order", "name_order"):
        assert np.array_equal(getattr(kept, name), getattr(fresh, name)), name
    mine, theirs = kept.basis, fresh.basis
    assert [tuple(r) for r in mine.resources] == [tuple(r) for r in theirs.resources]
    for a, b in zip((mine.ids, *mine.three()), (theirs.ids, *theirs.three()), strict=True):
        assert a.dtype == b.dtype
        assert np.array_equal(a, b)
    for a, b in zip(mine.cells, theirs.cells, strict=True):
        assert np.array_equal(a, b)
    assert mine.over == theirs.over
    items = sorted(
        zip(
            *(x.tolist() for x in (mine.items.resource, mine.items.task, mine.items.project)),
            strict=True,
        )
    )
    expected = sorted(
        zip(
            *(x.tolist() for x in (theirs.items.resource, theirs.items.task, theirs.items.project)),
            strict=True,
        )
    )
    assert items == expected


@pytest.fixture
def world(session: Session) -> World:
    built = World(session)
    session.commit()
    return built


def _items(view: CapacityView) -> list[tuple[int, int, int]]:
    items = view.basis.items
    columns = (items.resource.tolist(), items.task.tolist(), items.project.tolist())
    return sorted(zip(*columns, strict=True))


def _of_project(session: Session, project_id: int) -> set[int]:
    """The people assigned to the project's tasks or allocated to it."""
    assigned = select(Assignment.resource_id).join(Task).where(Task.project_id == project_id)
    allocated = select(Allocation.resource_id).where(Allocation.project_id == project_id)
    return set(session.scalars(assigned)) | set(session.scalars(allocated))


class Steps:
    """Every filter's view, checked against a fresh one after each change."""

    def __init__(self, session: Session, world: World) -> None:
        self.session = session
        self.pmo = load_principal(session, f.user(session, Role.PMO, person=False))
        session.commit()
        self.filters = _filters(world)
        self.views = self._views()
        for view, kw in zip(self.views, self.filters, strict=True):
            assert_same(view, _fresh(session, self.pmo, **kw))

    def _views(self) -> list[CapacityView]:
        return [
            capacity_view(self.session, self.pmo, start=START, finish=FINISH, over_limit=OVER, **kw)
            for kw in self.filters
        ]

    def __call__(
        self, change: Callable[[], Any], touched: set[int] | None, full: tuple[int, ...] = ()
    ) -> None:
        """Make a change, commit it, and check every filter's view against a fresh one;
        the rows of people not ``touched`` were kept, not read again, except in the views
        ``full`` (indexes into the filters) or all of them when ``touched`` is ``None``."""
        change()
        self.session.commit()
        before, self.views = self.views, self._views()
        for k, (old, new, kw) in enumerate(zip(before, self.views, self.filters, strict=True)):
            assert_same(new, _fresh(self.session, self.pmo, **kw))
            rows = {r.id: r for r in old.basis.resources}
            spliced = touched is not None and k not in full
            for row in new.basis.resources:
                expected = spliced and row.id in rows and row.id not in (touched or set())
                assert (rows.get(row.id) is row) == expected, (kw, row.id)


def test_each_kind_of_change_updates_only_its_people_and_matches_a_fresh_view(
    session: Session, world: World
) -> None:
    step = Steps(session, world)
    assert step.views[0].report.over_allocated_cells > OVER  # the list shown is cut
    mark = step.views[0].report.model_dump()
    s, people = session, world.people
    ids = [p.id for p in people]

    def edit(model: type[Any], ident: int, **values: Any) -> Callable[[], None]:
        def change() -> None:
            record = s.get_one(model, ident)
            for name, value in values.items():
                setattr(record, name, value)

        return change

    # a task rescheduled by hand; its assignment's units (the entry does not name the person)
    task = world.tasks[3]
    assigned = s.scalars(select(Assignment).where(Assignment.task_id == task.id)).one()
    step(edit(Task, task.id, scheduled_start=_at(20)), {assigned.resource_id})
    step(edit(Assignment, assigned.id, units=250.0), {assigned.resource_id})
    assert step.views[0].report.model_dump() != mark
    # an assignment added, then deleted; an allocation added, changed, deleted
    extra = Assignment(task_id=world.tasks[0].id, resource_id=ids[6], units=90.0)
    step(lambda: s.add(extra), {ids[6]})
    step(lambda: s.delete(extra), {ids[6]})
    booked = Allocation(
        resource_id=ids[7], project_id=world.p2.id, start=START, finish=FINISH, percent=70.0
    )
    step(lambda: s.add(booked), {ids[7]})
    step(edit(Allocation, booked.id, percent=140.0), {ids[7]})
    step(lambda: s.delete(booked), {ids[7]})
    # leave taken, moved, cancelled
    leave = ResourceLeave(resource_id=ids[3], start=date(2026, 6, 15), finish=date(2026, 6, 26))
    step(lambda: s.add(leave), {ids[3]})
    step(edit(ResourceLeave, leave.id, finish=date(2026, 7, 10)), {ids[3]})
    step(lambda: s.delete(leave), {ids[3]})
    # a person's employment, calendar, working days, role, org unit and name; leaving the
    # pool, and a newcomer joining it with work
    step(edit(Resource, ids[2], employment_share=0.3), {ids[2]})
    step(edit(Resource, ids[2], calendar=CalendarKind.STANDARD), {ids[2]})
    step(edit(Resource, ids[5], workdays="12345"), {ids[5]})
    step(edit(Resource, ids[4], role="Lead"), {ids[4]})
    step(edit(Resource, ids[4], org_unit_id=world.sub.id), {ids[4]})
    step(edit(Resource, ids[0], name="zed"), {ids[0]})
    step(edit(Resource, ids[1], is_active=False), {ids[1]})

    def join() -> None:
        newcomer = f.resource(s, unit=world.unit, name="eve", role="Dev")
        s.add(Assignment(task_id=world.tasks[1].id, resource_id=newcomer.id, units=200.0))

    step(join, set())  # a new row, every other one kept

    def skills() -> None:
        version = s.get_one(Resource, ids[6]).version
        levels = ResourceUpdate(skills=[SkillLevel(skill="Java", level=5)])
        update_resource(s, SYSTEM, ids[6], levels, version=version)

    step(skills, {ids[6]})  # into the Java ≥ 3 filter, and another row of the skill view
    # a project closed and reopened, its code changed, rescheduled as a whole
    p1 = _of_project(s, world.p1.id)
    step(edit(Project, world.p1.id, status=ProjectStatus.CLOSED), p1)
    step(edit(Project, world.p1.id, status=ProjectStatus.ACTIVE), p1)
    step(edit(Project, world.p2.id, code="P2-NEW"), _of_project(s, world.p2.id))
    assert any(code == "P2-NEW" for _, code, _ in step.views[0].by_project)

    def reschedule() -> None:
        project = s.get_one(Project, world.p5.id)
        project.planned_start = date(2026, 7, 6)
        s.flush()
        scheduling.reschedule(s, project)

    step(reschedule, _of_project(s, world.p5.id))
    # a task deleted: its assignments go by the database's cascade, unaudited
    gone = world.tasks[5]
    had = set(s.scalars(select(Assignment.resource_id).where(Assignment.task_id == gone.id)))
    assert had
    step(lambda: s.delete(s.get_one(Task, gone.id)), had)
    # the what-if project changed: that view is computed again (the project must still exist)
    what_if = len(step.filters) - 1
    step(edit(Project, world.p4.id, name="Bigger"), _of_project(s, world.p4.id), (what_if,))
    # a skill renamed moves every row of the skill view: every view is computed again
    sql = s.scalars(select(Skill).where(Skill.name == "SQL")).one()
    step(edit(Skill, sql.id, name="Postgres"), None)


def test_entries_name_the_people_they_concern(session: Session, world: World) -> None:
    s, ids = session, [p.id for p in world.people]
    view = capacity_view(
        s, load_principal(s, f.user(s, Role.PMO, person=False)), start=START, finish=FINISH
    )
    s.commit()
    mark = s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    assert mark is not None

    def since() -> set[int] | None:
        s.commit()
        upto = s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
        assert upto is not None
        changes = changes_since(s, mark, upto, cv.MAX_CHANGES)
        assert changes is not None
        return affected_resources(s, changes.entries, view.basis.items, world.p4.id)

    f.user(s, person=False)  # not read by capacity
    f.risk(s, world.p1)
    assert since() == set()
    s.get_one(Resource, ids[3]).title = "Dr"
    assert since() == {ids[3]}
    s.add(ResourceLeave(resource_id=ids[6], start=START, finish=START))
    assert since() == {ids[3], ids[6]}
    s.get_one(Project, world.p3.id).status = ProjectStatus.ON_HOLD
    assert since() == {ids[3], ids[6]} | _of_project(s, world.p3.id)
    f.org_unit(s, parent=world.sub)
    assert since() is None


def test_a_change_of_too_many_people_computes_the_view_again(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    step = Steps(session, world)
    monkeypatch.setattr(cv, "MAX_PEOPLE", 1)
    people = _of_project(session, world.p2.id)
    assert len(people) > 1
    step(lambda: setattr(session.get_one(Project, world.p2.id), "code", "X"), None)
    step(
        lambda: setattr(session.get_one(Resource, world.people[0].id), "name", "Y"),
        {world.people[0].id},
    )
