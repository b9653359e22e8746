"""The portfolio dashboard's read model: worst first, filters, status dates, currencies,
the S-curve's planned value against the snapshots', and the project status page."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openpmo.db.models import AuditEntry, RemediationAction
from openpmo.enums import (
    HealthColour,
    ProjectStatus,
    RemediationStatus,
    Role,
)
from openpmo.errors import InvalidInput, StaleVersion
from openpmo.services import curves, dashboard, performance, project_status
from openpmo.services.dashboard import DashboardFilter
from openpmo.services.principal import load_principal
from tests import factories as f
from tests.monitoring import MONDAY, admin_of, evm_project, record


def test_the_matrix_lists_the_worst_project_first_with_totals_rolled_up(
    session: Session,
) -> None:
    unit = f.org_unit(session)
    good, bad = evm_project(session, unit), evm_project(session, unit)
    waiting = evm_project(session, unit)
    record(session, good, date(2026, 3, 9), 50, "4000")  # on plan: PV 4,000
    record(session, bad, date(2026, 3, 9), 25, "4000")  # behind and over cost
    admin = admin_of(session)
    board = dashboard.portfolio_dashboard(session, admin, DashboardFilter())
    assert [r.facts.id for r in board.rows] == [bad.id, good.id, waiting.id]
    assert board.rows[0].performance is not None
    assert board.rows[0].performance.overall.colour == "red"
    assert board.rows[2].performance is None  # no status date yet
    assert board.counts == {"red": 1, "amber": 0, "green": 1, "grey": 1}
    (cny,) = board.totals
    assert (cny.projects, cny.bac, cny.pv, cny.ev, cny.ac) == (2, 32000, 8000, 6000, 8000)
    assert (cny.spi, cny.cpi) == (0.75, 0.75)  # from the sums, not an average of ratios
    assert board.as_of == date(2026, 3, 9)


def test_filters_pick_a_portfolio_and_an_org_unit_with_its_subtree(session: Session) -> None:
    top = f.org_unit(session)
    child = f.org_unit(session, parent=top)
    other = f.org_unit(session)
    owner = f.portfolio(session)
    in_child = evm_project(session, child, portfolio_id=owner.id)
    elsewhere = evm_project(session, other)
    for p in (in_child, elsewhere):
        record(session, p, date(2026, 3, 9), 50, "4000")
    admin = admin_of(session)

    def ids(filters: DashboardFilter) -> list[int]:
        return [r.facts.id for r in dashboard.portfolio_dashboard(session, admin, filters).rows]

    assert ids(DashboardFilter(org_unit_id=top.id)) == [in_child.id]
    assert ids(DashboardFilter(portfolio_id=owner.id)) == [in_child.id]
    assert sorted(ids(DashboardFilter())) == sorted([in_child.id, elsewhere.id])


def test_a_status_date_shows_the_snapshots_holding_then_and_the_trend_up_to_it(
    session: Session,
) -> None:
    owner = evm_project(session, f.org_unit(session))
    record(session, owner, date(2026, 3, 9), 25, "4000")  # red
    record(session, owner, date(2026, 3, 16), 100, "8000")  # back on plan
    admin = admin_of(session)
    latest = dashboard.portfolio_dashboard(session, admin, DashboardFilter())
    assert [(p.status_date, p.counts["red"], p.counts["green"]) for p in latest.trend] == [
        (date(2026, 3, 9), 1, 0),
        (date(2026, 3, 16), 0, 1),
    ]
    earlier = dashboard.portfolio_dashboard(
        session, admin, DashboardFilter(as_of=date(2026, 3, 12))
    )
    assert earlier.as_of == date(2026, 3, 12)
    assert earlier.rows[0].performance is not None
    assert earlier.rows[0].performance.status_date == date(2026, 3, 9)
    assert len(earlier.trend) == 1
    assert earlier.curve is not None
    assert [v for _, v in earlier.curve.earned] == [2000.0]
    before = dashboard.portfolio_dashboard(session, admin, DashboardFilter(as_of=date(2026, 3, 1)))
    assert before.rows[0].performance is None
    assert before.counts["grey"] == 1


def test_money_is_summed_per_currency_and_the_curve_drawn_in_one(session: Session) -> None:
    unit = f.org_unit(session)
    cny = evm_project(session, unit)
    usd = evm_project(session, unit, currency="USD")
    for p in (cny, usd):
        record(session, p, date(2026, 3, 9), 50, "4000")
    admin = admin_of(session)
    board = dashboard.portfolio_dashboard(session, admin, DashboardFilter(currency="USD"))
    assert sorted(t.currency for t in board.totals) == ["CNY", "USD"]
    assert all(t.bac == 16000 for t in board.totals)
    assert board.curve is not None
    assert board.curve.currency == "USD"
    assert board.curve.planned[-1][1] == 16000.0  # one project's BAC, not two


def test_the_planned_curve_meets_the_pv_of_each_snapshot(session: Session) -> None:
    owner = evm_project(session, f.org_unit(session))
    for day in (date(2026, 3, 9), date(2026, 3, 16), date(2026, 3, 23)):
        record(session, owner, day, 50, "4000")
    history = performance.health_trend(session, admin_of(session), owner.id)
    grid, planned = curves.planned_values(
        session, {owner.id: history[0].baseline_id or 0}, grid_of=curves.week_grid
    )
    at = dict(zip(grid, planned[owner.id], strict=True))
    assert grid[0] == MONDAY
    assert at[MONDAY] == 0.0
    for p in history:
        assert at[p.status_date] == pytest.approx(p.money["pv"])
    assert planned[owner.id][-1] == 16000.0


def test_a_member_sees_only_the_projects_they_work_on(session: Session) -> None:
    unit = f.org_unit(session)
    login = f.user(session, Role.MEMBER)
    person = f.person_of(session, login)
    mine = evm_project(session, unit, manager=person)
    evm_project(session, unit)
    member = load_principal(session, login)
    board = dashboard.portfolio_dashboard(session, member, DashboardFilter())
    assert [r.facts.id for r in board.rows] == [mine.id]


def test_an_empty_portfolio_has_no_status_date_and_no_curve(session: Session) -> None:
    f.project(session, f.org_unit(session), status=ProjectStatus.PROPOSED)
    board = dashboard.portfolio_dashboard(session, admin_of(session), DashboardFilter())
    assert (board.as_of, board.rows, board.trend, board.curve) == (None, [], [], None)


def test_the_history_is_cached_until_the_data_changes(session: Session) -> None:
    owner = evm_project(session, f.org_unit(session))
    record(session, owner, date(2026, 3, 9), 50, "4000")
    session.commit()
    first = dashboard.portfolio_history(session)
    session.commit()  # a new transaction reads the generation again: unchanged
    assert dashboard.portfolio_history(session) is first
    record(session, owner, date(2026, 3, 9), 25, "4000")
    session.commit()
    again = dashboard.portfolio_history(session)
    assert again is not first
    assert again.performances[owner.id][0].money["ev"] == 2000.0


def test_the_status_page_keeps_history_curve_and_open_actions(session: Session) -> None:
    owner = evm_project(session, f.org_unit(session))
    record(session, owner, date(2026, 3, 9), 25, "4000")
    record(session, owner, date(2026, 3, 16), 100, "8000")
    for status in (RemediationStatus.OPEN, RemediationStatus.DONE):
        session.add(RemediationAction(project_id=owner.id, description=status.value, status=status))
    session.flush()
    admin = admin_of(session)
    view = project_status.project_status(session, admin, owner.id, status_date=date(2026, 3, 10))
    assert [p.status_date for p in view.history] == [date(2026, 3, 9), date(2026, 3, 16)]
    assert view.current is not None
    assert view.current.status_date == date(2026, 3, 9)
    assert [a.description for a in view.actions] == ["open"]
    assert view.curve is not None
    assert view.curve.planned[-1][1] == 16000.0
    assert view.has_baseline
    assert view.may_edit


def test_a_project_without_baseline_says_so(session: Session) -> None:
    owner = f.project(session, f.org_unit(session))
    view = project_status.project_status(session, admin_of(session), owner.id)
    assert (view.has_baseline, view.current, view.curve) == (False, None, None)


def test_an_override_needs_the_version_it_read_and_a_comment(session: Session) -> None:
    owner = evm_project(session, f.org_unit(session))
    day = date(2026, 3, 9)
    record(session, owner, day, 25, "4000")
    admin = admin_of(session)
    with pytest.raises(InvalidInput) as bad:
        project_status.override_health(
            session,
            admin,
            owner.id,
            status_date=day,
            dimension="cost",
            colour=HealthColour.AMBER,
            comment="  ",
            version=0,
        )
    assert [e.field for e in bad.value.errors] == ["comment"]
    made = project_status.override_health(
        session,
        admin,
        owner.id,
        status_date=day,
        dimension="cost",
        colour=HealthColour.AMBER,
        comment="supplier credit note due",
        version=0,
    )
    assert (made.colour, made.computed_colour) == (HealthColour.AMBER, HealthColour.RED)
    audited = session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "health_override")
    )
    assert audited == 1
    with pytest.raises(StaleVersion):  # someone else's override is there now
        project_status.override_health(
            session,
            admin,
            owner.id,
            status_date=day,
            dimension="cost",
            colour=HealthColour.GREEN,
            comment="mine",
            version=0,
        )
    view = project_status.project_status(session, admin, owner.id)
    assert view.current is not None
    cost = next(d for d in view.current.dimensions if d.dimension == "cost")
    assert (cost.colour, cost.computed_colour) == ("amber", "red")
