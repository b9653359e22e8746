"""The selection engine's input built from stored data (services.selection_input): running
projects' budgets spread over their dates, skill demand from allocations and requests,
capacity from the pool, values from scores or NPV, and the warning when running projects
already over-book a skill."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from sqlalchemy.orm import Session

from openpmo.db.models import (
    Allocation,
    OrgUnit,
    Pmo,
    Proposal,
    ResourceRequest,
    ResourceSkill,
    Skill,
)
from openpmo.enums import ProjectStatus, ProposalStatus, RequestStatus
from openpmo.schemas.selection import SelectionScenarioCreate
from openpmo.services.selection_input import build_problem
from tests import factories as f


def _setup(session: Session) -> tuple[OrgUnit, Pmo, Skill, int]:
    unit = f.org_unit(session)
    office = f.pmo(session, unit)
    skill = Skill(name="Welding")
    session.add(skill)
    session.flush()
    welder = f.resource(session, unit=unit, capacity_hours_per_week=40.0)
    session.add(ResourceSkill(resource_id=welder.id, skill_id=skill.id, level=3))
    session.flush()
    return unit, office, skill, welder.id


def _data(office: Pmo, **extra: object) -> SelectionScenarioCreate:
    values: dict[str, object] = {
        "name": "t",
        "pmo_id": office.id,
        "first_year": 2026,
        "years": 2,
        "budget": [1e6, 1e6],
        **extra,
    }
    return SelectionScenarioCreate.model_validate(values)


def test_a_running_projects_budget_is_spread_over_its_planned_days(session: Session) -> None:
    unit, office, _, _ = _setup(session)
    f.project(
        session,
        unit,
        budget=Decimal("365000"),
        planned_start=date(2026, 7, 2),
        planned_finish=date(2027, 7, 1),
    )
    built = build_problem(session, _data(office), office, None, [2026, 2027])
    running = built.problem.candidates[0]
    assert running.must
    assert running.running
    # 183 days in 2026 (2 July .. 31 Dec), 182 in 2027, of 365.
    assert running.cost.tolist() == pytest.approx([183_000, 182_000])


def test_skill_demand_of_running_projects_and_capacity_come_from_the_pool(
    session: Session,
) -> None:
    unit, office, skill, welder = _setup(session)
    project = f.project(
        session,
        unit,
        status=ProjectStatus.ACTIVE,
        planned_start=date(2026, 1, 1),
        planned_finish=date(2027, 12, 31),
    )
    session.add(
        Allocation(
            resource_id=welder,
            project_id=project.id,
            start=date(2026, 1, 1),
            finish=date(2026, 12, 31),
            percent=50.0,
        )
    )
    session.add(
        ResourceRequest(
            project_id=project.id,
            skill_id=skill.id,
            count=1,
            percent=100.0,
            start=date(2027, 1, 4),
            finish=date(2027, 1, 8),
            status=RequestStatus.SUBMITTED,
        )
    )
    session.flush()
    built = build_problem(session, _data(office), office, None, [2026, 2027])
    k = [s["name"] for s in built.skills].index("Welding")
    capacity = built.pool[:, k]
    demand = built.problem.candidates[0].demand[:, k]
    assert 1900 < capacity[0] < 2100  # one person's working hours in 2026
    assert demand[0] == pytest.approx(capacity[0] / 2)  # allocated at 50 %
    assert demand[1] == pytest.approx(5 * 8)  # a week's request: 5 days of 8 hours


def test_over_booked_skills_are_warned_about_and_left_to_the_running_projects(
    session: Session,
) -> None:
    unit, office, _, welder = _setup(session)
    for _ in range(2):
        project = f.project(session, unit, status=ProjectStatus.ACTIVE)
        session.add(
            Allocation(
                resource_id=welder,
                project_id=project.id,
                start=date(2026, 1, 1),
                finish=date(2026, 12, 31),
                percent=100.0,
            )
        )
    session.flush()
    built = build_problem(session, _data(office), office, None, [2026, 2027])
    assert [w["skill"] for w in built.warnings] == ["Welding"]
    assert built.warnings[0]["period"] == "2026"
    k = [s["name"] for s in built.skills].index("Welding")
    need = sum(c.demand[0, k] for c in built.problem.candidates)
    assert built.problem.capacity[0, k] == pytest.approx(need)  # room for nothing new


def test_npv_values_use_the_pmos_discount_rate_and_never_go_below_zero(
    session: Session,
) -> None:
    _, office, _, _ = _setup(session)
    for code, benefits in (("GOOD", [0, 800, 800]), ("BAD", [0, 10])):
        session.add(
            Proposal(
                code=code,
                title=code,
                status=ProposalStatus.UNDER_REVIEW,
                pmo_id=office.id,
                org_unit_id=office.org_unit_id,
                first_year=2026,
                costs=[1000],
                benefits=benefits,
            )
        )
    session.flush()
    built = build_problem(session, _data(office, value="npv"), office, None, [2026, 2027])
    values = {c.name: c.value for c in built.problem.candidates}
    # -1000 + 800/1.08 + 800/1.08^2 at the default 8 %
    assert values["GOOD"] == pytest.approx(-1000 + 800 / 1.08 + 800 / 1.08**2)
    assert values["BAD"] == 0
    assert np.all(built.problem.budget == [1e6, 1e6])
