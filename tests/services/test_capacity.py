"""Capacity planning, checked by hand around the 2026 Labour Day holiday.

Weeks 2026-W18 (27 Apr – 3 May), W19 (4 – 10 May) and W20 (11 – 17 May). On the China
calendar 1 – 5 May are holidays and Saturday 9 May is a working day (调休): working days are
4 in W18 (27 – 30 Apr), 4 in W19 (6, 7, 8, 9 May) and 5 in W20.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from openpmo.db.models import Allocation, Assignment, Resource, ResourceLeave, ResourceSkill, Skill
from openpmo.enums import CalendarKind, ProjectStatus, Role
from openpmo.errors import Forbidden, InvalidInput
from openpmo.schemas.capacity import CapacityRead, CapacityRowRead
from openpmo.services.capacity import capacity_report
from openpmo.services.principal import Principal, load_principal
from tests import factories as f

START, FINISH = date(2026, 4, 27), date(2026, 5, 17)


def _as(session: Session, role: Role) -> Principal:
    return load_principal(session, f.user(session, role))


def _task(session: Session, project: object, first: date, last: date, **kw: object) -> object:
    return f.task(
        session,
        project,  # type: ignore[arg-type]
        scheduled_start=datetime.combine(first, datetime.min.time()).replace(hour=8),
        scheduled_finish=datetime.combine(last, datetime.min.time()).replace(hour=17),
        **kw,
    )


def _assign(session: Session, task: object, person: Resource, **kw: object) -> None:
    session.add(Assignment(task_id=task.id, resource_id=person.id, **kw))  # type: ignore[attr-defined]
    session.flush()


@pytest.fixture
def pool(session: Session) -> dict[str, object]:
    """A: full time; B: half time with leave on 12 – 13 May; C: standard calendar."""
    unit = f.org_unit(session)
    a = f.resource(session, unit=unit, name="A", role="Developer")
    b = f.resource(session, unit=unit, name="B", role="Developer", employment_share=0.5)
    c = f.resource(session, unit=unit, name="C", role="Tester", calendar=CalendarKind.STANDARD)
    java, python = Skill(name="Java"), Skill(name="Python")
    session.add_all([java, python])
    session.flush()
    for who, skill, level in ((a, java, 5), (a, python, 3), (b, java, 4), (c, python, 4)):
        session.add(ResourceSkill(resource_id=who.id, skill_id=skill.id, level=level))
    session.add(ResourceLeave(resource_id=b.id, start=date(2026, 5, 12), finish=date(2026, 5, 13)))
    p1 = f.project(session, unit, code="P1")
    p2 = f.project(session, unit, code="P2")
    p3 = f.project(session, unit, code="P3", status=ProjectStatus.PROPOSED)
    p4 = f.project(session, unit, code="P4", status=ProjectStatus.CLOSED)
    t1 = _task(session, p1, date(2026, 4, 27), date(2026, 5, 8), name="Design")
    t2 = _task(session, p2, date(2026, 5, 6), date(2026, 5, 15), name="Build")
    t3 = _task(session, p1, date(2026, 5, 11), date(2026, 5, 12), name="Review")
    t4 = _task(session, p3, date(2026, 5, 11), date(2026, 5, 15), name="Pilot")
    t5 = _task(session, p4, date(2026, 5, 11), date(2026, 5, 15), name="Old")
    _assign(session, t1, a, units=100.0, actual_hours=21.0)
    _assign(session, t2, a, work_hours=40.0)
    _assign(session, t3, b, units=100.0)
    _assign(session, t4, c, units=100.0)
    _assign(session, t5, a, units=100.0)
    session.add(
        Allocation(
            resource_id=b.id,
            project_id=p1.id,
            start=date(2026, 5, 11),
            finish=date(2026, 5, 17),
            percent=50.0,
        )
    )
    session.flush()
    return {"a": a, "b": b, "c": c, "p1": p1, "p2": p2, "p3": p3, "t1": t1, "t2": t2}


def _report(session: Session, **kw: object) -> CapacityRead:
    pmo = _as(session, Role.PMO)
    return capacity_report(session, pmo, start=START, finish=FINISH, **kw)  # type: ignore[arg-type]


def _row(report: CapacityRead, label: str) -> CapacityRowRead:
    return next(r for r in report.rows if r.label == label)


def test_capacity_counts_holidays_the_adjusted_saturday_part_time_and_leave(
    session: Session, pool: dict[str, object]
) -> None:
    report = _report(session)
    assert [p.label for p in report.periods] == ["2026-W18", "2026-W19", "2026-W20"]
    assert _row(report, "A").capacity == [32.0, 32.0, 40.0]
    # half time: 4 h a day; leave on Tuesday and Wednesday of W20
    assert _row(report, "B").capacity == [16.0, 16.0, 12.0]
    # the standard calendar has no public holidays
    assert _row(report, "C").capacity == [40.0, 40.0, 40.0]


def test_demand_follows_the_schedule_and_two_projects_overload_one_person(
    session: Session, pool: dict[str, object]
) -> None:
    report = _report(session)
    a = _row(report, "A")
    # Design: 8 h on each working day to 8 May; Build: 40 h over its 9 working days
    assert a.demand == [
        32.0,
        pytest.approx(24 + 4 * 40 / 9, abs=0.01),
        pytest.approx(5 * 40 / 9, abs=0.01),
    ]
    assert a.utilisation[0] == 1.0
    # the closed project's task is not demand; the proposed project's only as a what-if
    assert _row(report, "C").demand == [0.0, 0.0, 0.0]
    # actual hours spread over Design's 7 working days: 4 in W18, 3 in W19
    assert a.actual == [12.0, 9.0, 0.0]


def test_over_allocation_names_the_tasks_and_projects_causing_it(
    session: Session, pool: dict[str, object]
) -> None:
    report = _report(session)
    cells = {(o.resource, o.period): o for o in report.over_allocations}
    assert set(cells) == {("A", "2026-W19"), ("B", "2026-W20")}
    a = cells["A", "2026-W19"]
    assert a.capacity == 32.0
    assert a.excess == pytest.approx(24 + 160 / 9 - 32, abs=0.01)
    assert [(c.kind, c.project_code, c.hours) for c in a.causes] == [
        ("task", "P1", 24.0),
        ("task", "P2", pytest.approx(17.78, abs=0.01)),
    ]
    assert "Design" in a.causes[0].name
    assert [p["project_code"] for p in a.projects] == ["P1", "P2"]
    assert report.over_allocated_cells == 2


def test_allocation_and_assignments_of_one_project_count_once_by_their_maximum(
    session: Session, pool: dict[str, object]
) -> None:
    # B in W20: allocation 50 % of a 4 h day on 5 days = 10 h; the Review task 2 × 8 h = 16 h
    report = _report(session)
    b = _row(report, "B")
    assert b.demand == [0.0, 0.0, 16.0]
    cell = next(o for o in report.over_allocations if o.resource == "B")
    assert cell.projects == [{"project_id": pool["p1"].id, "project_code": "P1", "hours": 16.0}]  # type: ignore[attr-defined]
    assert {c.kind for c in cell.causes} == {"task", "allocation"}


def test_what_if_adds_the_proposed_project(session: Session, pool: dict[str, object]) -> None:
    report = _report(session, what_if_project_id=pool["p3"].id)  # type: ignore[attr-defined]
    assert _row(report, "C").demand == [0.0, 0.0, 40.0]


def test_by_skill_role_and_month_add_up(session: Session, pool: dict[str, object]) -> None:
    by_skill = _report(session, by="skill")
    java = _row(by_skill, "Java")  # A (strongest in Java) and B
    assert java.capacity == [48.0, 48.0, 52.0]
    assert _row(by_skill, "Python").capacity == [40.0, 40.0, 40.0]
    by_role = _report(session, by="role")
    assert _row(by_role, "Developer").demand == pytest.approx(
        [a + b for a, b in zip(_row(_report(session), "A").demand, [0.0, 0.0, 16.0], strict=True)]
    )
    month = _report(session, period="month")
    assert [p.label for p in month.periods] == ["2026-04", "2026-05"]
    # May 2026 has 19 working days on the China calendar (1 – 5 May off, 9 May worked)
    assert _row(month, "A").capacity[1] == 19 * 8.0


def test_bad_parameters_are_all_named_at_once(session: Session) -> None:
    pmo = _as(session, Role.PMO)
    with pytest.raises(InvalidInput) as caught:
        capacity_report(
            session, pmo, by="team", period="day", start=date(2026, 5, 1), finish=date(2026, 4, 1)
        )
    assert [e.field for e in caught.value.errors] == ["by", "period", "to"]


def test_members_may_not_read_the_capacity_of_others(session: Session) -> None:
    with pytest.raises(Forbidden):
        capacity_report(session, _as(session, Role.MEMBER))


def test_the_demo_shows_over_allocated_people_and_requests_in_every_status(
    session: Session,
) -> None:
    from sqlalchemy import select

    from openpmo.db.models import ResourceRequest
    from openpmo.services.demo import build_demo
    from openpmo.services.scheduling import reschedule_all

    build_demo(session, seed=7, size="small")
    reschedule_all(session)
    report = capacity_report(
        session, _as(session, Role.PMO), start=date(2026, 11, 16), finish=date(2027, 2, 28)
    )
    assert report.over_allocated_cells > 0
    assert all(len({c.project_code for c in o.causes}) >= 1 for o in report.over_allocations)
    assert any(len(o.projects) >= 2 for o in report.over_allocations)
    assert 0 < sum(report.total.demand) < sum(report.total.capacity)
    statuses = set(session.scalars(select(ResourceRequest.status)))
    assert {s.value for s in statuses} == {"draft", "submitted", "approved", "rejected"}
