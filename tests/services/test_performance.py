"""Progress per status date, earned value and health of stored projects, overrides."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openpmo.db.models import AuditEntry, Project, QualityCheck, Task, TaskProgress
from openpmo.enums import CalendarKind, HealthColour, QualityCheckKind, Role
from openpmo.errors import Forbidden, InvalidInput
from openpmo.services import baselines, performance, progress
from openpmo.services.principal import Principal, load_principal
from openpmo.services.progress import ProgressEntry
from openpmo.services.scheduling import schedule_project
from tests import factories as f


def _admin(session: Session) -> Principal:
    return load_principal(session, f.user(session, Role.ADMIN))


def _plan(session: Session) -> tuple[Project, dict[str, Task]]:
    """A (10 d) → B (10 d) → M from Monday 2026-03-02 on the standard calendar, each leaf
    8,000 (80 h at 100/h); baseline 0 saved."""
    owner = f.project(
        session, f.org_unit(session), planned_start=date(2026, 3, 2), calendar=CalendarKind.STANDARD
    )
    worker = f.resource(session, cost_rate=Decimal("100.00"))
    a = f.task(session, owner, wbs="1", duration_days=10.0, assignee_id=worker.id)
    b = f.task(session, owner, wbs="2", duration_days=10.0, assignee_id=worker.id)
    m = f.task(session, owner, wbs="3", duration_days=0.0, is_milestone=True)
    f.dependency(session, a, b)
    f.dependency(session, b, m)
    session.add(
        QualityCheck(
            project_id=owner.id,
            kind=QualityCheckKind.TEST,
            checked_on=date(2026, 3, 4),
            passed=True,
        )
    )
    admin = _admin(session)
    schedule_project(session, admin, owner.id)
    baselines.save_baseline(session, admin, owner.id, name="Approved")
    return owner, {"A": a, "B": b, "M": m}


def test_earned_value_and_health_at_a_status_date(session: Session) -> None:
    owner, t = _plan(session)
    admin = _admin(session)
    progress.record_progress(
        session,
        admin,
        owner.id,
        status_date=date(2026, 3, 9),
        entries=[
            ProgressEntry(
                t["A"].id,
                percent_complete=40,
                actual_start=datetime(2026, 3, 2, 8),
                actual_cost=Decimal("5000"),
                actual_hours=45,
            )
        ],
    )
    p = performance.project_performance(session, admin, owner.id, status_date=date(2026, 3, 9))
    # 5 of A's 10 days planned: PV 4,000; EV 40 % of 8,000; AC 5,000
    assert (p.money["bac"], p.money["pv"], p.money["ev"], p.money["ac"]) == (
        16000.0,
        4000.0,
        3200.0,
        5000.0,
    )
    assert (p.money["spi"], p.money["cpi"], p.money["eac"]) == (0.8, 0.64, 25000.0)
    assert (p.hours["bac"], p.hours["pv"], p.hours["ev"], p.hours["ac"]) == (160, 40, 32, 45)
    assert p.kpis["eac_over_budget_percent"] == 56.25
    colours = {d.dimension: d.colour for d in p.dimensions}
    assert colours["schedule"] == "red"
    assert colours["cost"] == "red"
    assert colours["quality"] == "green"
    assert p.overall.colour == "red"
    keys = {r.key for r in p.overall.reasons}
    assert "health.reason.spi_below" in keys
    assert "health.reason.cpi_below" in keys


def test_a_past_status_date_is_reproduced_after_later_progress(session: Session) -> None:
    owner, t = _plan(session)
    admin = _admin(session)
    first = [ProgressEntry(t["A"].id, percent_complete=40, actual_cost=Decimal("5000"))]
    progress.record_progress(session, admin, owner.id, status_date=date(2026, 3, 9), entries=first)
    before = performance.project_performance(session, admin, owner.id, status_date=date(2026, 3, 9))
    later = [
        ProgressEntry(t["A"].id, percent_complete=100, actual_cost=Decimal("9000")),
        ProgressEntry(t["B"].id, percent_complete=50, actual_cost=Decimal("3000")),
    ]
    progress.record_progress(session, admin, owner.id, status_date=date(2026, 3, 23), entries=later)
    again = performance.project_performance(session, admin, owner.id, status_date=date(2026, 3, 9))
    assert again.money == before.money
    assert again.kpis == before.kpis
    now = performance.project_performance(session, admin, owner.id, status_date=date(2026, 3, 23))
    assert (now.money["pv"], now.money["ev"], now.money["ac"]) == (12000.0, 12000.0, 12000.0)
    assert now.overall.colour == "green"
    # a day between two status dates reads the earlier snapshot
    between = performance.project_performance(
        session, admin, owner.id, status_date=date(2026, 3, 20)
    )
    assert between.status_date == date(2026, 3, 9)
    # the tasks carry the latest progress
    session.refresh(t["A"])
    assert t["A"].percent_complete == 100
    trend = performance.health_trend(session, admin, owner.id)
    assert [(p.status_date, p.overall.colour) for p in trend] == [
        (date(2026, 3, 9), "red"),
        (date(2026, 3, 23), "green"),
    ]


def test_a_late_milestone_turns_the_schedule_amber(session: Session) -> None:
    owner, t = _plan(session)
    admin = _admin(session)
    entries = [
        ProgressEntry(t["A"].id, percent_complete=100, actual_cost=Decimal("8000")),
        ProgressEntry(t["B"].id, percent_complete=100, actual_cost=Decimal("8000")),
    ]
    progress.record_progress(
        session, admin, owner.id, status_date=date(2026, 3, 31), entries=entries
    )
    p = performance.project_performance(session, admin, owner.id)
    assert p.kpis["late_milestones"] == 1
    schedule = next(d for d in p.dimensions if d.dimension == "schedule")
    assert schedule.colour == "amber"
    assert [r.key for r in schedule.reasons] == ["health.reason.late_milestones_above"]


def test_bad_progress_names_every_field_and_changes_nothing(session: Session) -> None:
    owner, t = _plan(session)
    other = f.task(session, f.project(session, f.org_unit(session)))
    admin = _admin(session)
    entries = [
        ProgressEntry(t["A"].id, percent_complete=40),
        ProgressEntry(
            t["B"].id,
            percent_complete=120,
            actual_cost=Decimal("-1"),
            actual_start=datetime(2026, 3, 5, 8),
            actual_finish=datetime(2026, 3, 4, 8),
        ),
        ProgressEntry(other.id, percent_complete=10),
    ]
    with pytest.raises(InvalidInput) as caught:
        progress.record_progress(
            session, admin, owner.id, status_date=date(2026, 3, 9), entries=entries
        )
    fields = {e.field for e in caught.value.errors}
    assert fields == {
        "tasks[1].percent_complete",
        "tasks[1].actual_cost",
        "tasks[1].actual_finish",
        "tasks[2].task_id",
    }
    assert session.scalar(select(func.count()).select_from(TaskProgress)) == 0
    session.refresh(t["A"])
    assert t["A"].percent_complete == 0


def test_override_needs_a_comment_and_keeps_the_computed_colour(session: Session) -> None:
    owner, t = _plan(session)
    admin = _admin(session)
    first = [ProgressEntry(t["A"].id, percent_complete=40, actual_cost=Decimal("5000"))]
    progress.record_progress(session, admin, owner.id, status_date=date(2026, 3, 9), entries=first)
    with pytest.raises(InvalidInput) as caught:
        performance.set_override(
            session,
            admin,
            owner.id,
            status_date=None,
            dimension="cost",
            colour=HealthColour.AMBER,
            comment="  ",
        )
    assert [e.field for e in caught.value.errors] == ["comment"]
    performance.set_override(
        session,
        admin,
        owner.id,
        status_date=None,
        dimension="cost",
        colour=HealthColour.AMBER,
        comment="Invoice booked twice; corrected next week",
    )
    p = performance.project_performance(session, admin, owner.id)
    cost = next(d for d in p.dimensions if d.dimension == "cost")
    assert (cost.colour, cost.computed_colour) == ("amber", "red")
    assert cost.override is not None
    assert cost.override.comment.startswith("Invoice")
    audited = session.scalar(select(func.count()).where(AuditEntry.entity == "health_override"))
    assert audited == 1


def test_a_member_cannot_record_progress(session: Session) -> None:
    owner, t = _plan(session)
    member = load_principal(session, f.user(session, Role.MEMBER))
    with pytest.raises(Forbidden):
        progress.record_progress(
            session,
            member,
            owner.id,
            status_date=date(2026, 3, 9),
            entries=[ProgressEntry(t["A"].id, percent_complete=10)],
        )


def test_portfolio_health_rates_every_active_project_in_one_call(session: Session) -> None:
    owner, t = _plan(session)
    second, t2 = _plan(session)
    admin = _admin(session)
    progress.record_progress(
        session,
        admin,
        owner.id,
        status_date=date(2026, 3, 9),
        entries=[ProgressEntry(t["A"].id, percent_complete=40, actual_cost=Decimal("5000"))],
    )
    progress.record_progress(
        session,
        admin,
        second.id,
        status_date=date(2026, 3, 9),
        entries=[ProgressEntry(t2["A"].id, percent_complete=50, actual_cost=Decimal("4000"))],
    )
    idle = f.project(session, f.org_unit(session))
    result = performance.portfolio_health(session, admin)
    by_id = {p.project_id: p for p in result.projects}
    assert by_id[owner.id].overall.colour == "red"
    assert by_id[second.id].overall.colour == "green"
    assert by_id[second.id].money["spi"] == 1.0
    assert idle.id in result.without_status_date
    single = performance.project_performance(session, admin, owner.id)
    assert by_id[owner.id].money == single.money
