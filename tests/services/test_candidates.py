"""Candidates for a request, ranked by fit, each unfit one with approval's own reason; and the
capacity filters and per-project demand the capacity page draws."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from openpmo.db.models import Allocation, ResourceSkill, Skill
from openpmo.enums import Role
from openpmo.errors import Forbidden
from openpmo.schemas.capacity import RequestCreate
from openpmo.services import capacity, resource_view
from openpmo.services.candidates import rank_candidates
from openpmo.services.principal import Principal, load_principal
from openpmo.services.requests import create_request
from tests import factories as f


def _as(session: Session, role: Role) -> Principal:
    return load_principal(session, f.user(session, role))


@pytest.fixture
def asked(session: Session) -> dict[str, object]:
    """Developers Senior (Java 5), Busy (Java 5, 80 % booked), Junior (Java 2); Tester (Java 4)
    is of another role; a request for one Java ≥ 4 developer at 50 %."""
    unit = f.org_unit(session)
    project = f.project(session, unit, code="APP")
    other = f.project(session, unit, code="OTH")
    java = Skill(name="Java")
    session.add(java)
    session.flush()
    people = {
        name: f.resource(session, unit=unit, name=name, role=role)
        for name, role in (
            ("Senior", "Developer"),
            ("Busy", "Developer"),
            ("Junior", "Developer"),
            ("Tester", "Tester"),
        )
    }
    for name, level in (("Senior", 5), ("Busy", 5), ("Junior", 2), ("Tester", 4)):
        session.add(ResourceSkill(resource_id=people[name].id, skill_id=java.id, level=level))
    session.add(
        Allocation(
            resource_id=people["Busy"].id,
            project_id=other.id,
            start=date(2026, 3, 2),
            finish=date(2026, 3, 31),
            percent=80.0,
        )
    )
    session.flush()
    request = create_request(
        session,
        _as(session, Role.PMO),
        RequestCreate(
            project_id=project.id,
            role="Developer",
            skill="Java",
            min_level=4,
            start=date(2026, 3, 2),
            finish=date(2026, 5, 29),
            percent=50.0,
            submit=True,
        ),
    )
    return {"request": request, "people": people, "project": project, "other": other}


def test_candidates_fit_first_and_every_unfit_one_says_why(
    session: Session, asked: dict[str, object]
) -> None:
    rm = _as(session, Role.RESOURCE_MANAGER)
    ranked = rank_candidates(session, rm, asked["request"].id)  # type: ignore[attr-defined]
    # one reason each: the least booked first, then the higher skill
    assert [c.name for c in ranked] == ["Senior", "Tester", "Junior", "Busy"]
    assert ranked[0].fits
    assert ranked[0].free == 100.0
    reasons = {c.name: [e.key for e in c.reasons] for c in ranked}
    assert reasons["Junior"] == ["error.field.skill_mismatch"]
    assert reasons["Busy"] == ["error.field.over_allocated"]
    assert ranked[3].allocated == 80.0
    assert reasons["Tester"] == ["error.field.role_mismatch"]


def test_members_may_not_see_candidates(session: Session, asked: dict[str, object]) -> None:
    with pytest.raises(Forbidden):
        rank_candidates(session, _as(session, Role.MEMBER), asked["request"].id)  # type: ignore[attr-defined]


def test_capacity_scope_filters_people_and_project_demand_adds_up(
    session: Session, asked: dict[str, object]
) -> None:
    pmo = _as(session, Role.PMO)
    window = {"start": date(2026, 3, 2), "finish": date(2026, 3, 29), "period": "week"}
    java = asked["people"]["Tester"].skills[0].skill_id  # type: ignore[index]
    strong = capacity.capacity_plan(
        session, pmo, scope=capacity.ResourceScope(skill_id=java, min_level=4), **window
    )
    assert sorted(r.name for r in strong.loaded.resources) == ["Busy", "Senior", "Tester"]
    developers = capacity.capacity_plan(
        session, pmo, scope=capacity.ResourceScope(role="Developer", q="us"), **window
    )
    assert [r.name for r in developers.loaded.resources] == ["Busy"]
    projects = capacity.scope_projects(session, portfolio_id=None, program_id=None)
    assert projects is None
    working = capacity.capacity_plan(
        session,
        pmo,
        scope=capacity.ResourceScope(project_ids=(asked["other"].id,)),  # type: ignore[attr-defined]
        **window,
    )
    assert [r.name for r in working.loaded.resources] == ["Busy"]
    by_project = capacity.demand_by_project(working)
    assert [code for _, code, _ in by_project] == ["OTH"]
    # 80 % of an 8-hour day on every working day of March's four weeks
    assert by_project[0][2] == pytest.approx(working.result.demand.sum(axis=0).tolist())
    assert sum(by_project[0][2]) > 0


def test_person_load_lists_allocations_holidays_and_the_adjusted_working_day(
    session: Session, asked: dict[str, object]
) -> None:
    busy = asked["people"]["Busy"]  # type: ignore[index]
    view = resource_view.person_load(
        session,
        _as(session, Role.RESOURCE_MANAGER),
        busy.id,
        period="month",
        start=date(2026, 4, 1),
        finish=date(2026, 5, 31),
    )
    assert view.allocations == []  # March's allocation lies outside the window
    # Labour Day 1-5 May; Saturday 9 May is worked (调休); Qingming 6 April (Monday)
    assert date(2026, 5, 1) in view.holidays
    assert date(2026, 4, 6) in view.holidays
    assert date(2026, 5, 9) in view.extra_workdays
    march = resource_view.person_load(
        session, _as(session, Role.PMO), busy.id, start=date(2026, 3, 2), finish=date(2026, 3, 8)
    )
    assert [code for _, code in march.allocations] == ["OTH"]
    assert march.report.rows[0].demand[0] == pytest.approx(0.8 * 8 * 5)
