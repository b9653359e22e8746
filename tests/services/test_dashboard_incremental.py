"""The dashboard's history is brought up to date from the audit entries written since it
was read, project by project, and is then exactly what reading it afresh gives."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session, sessionmaker

from openpmo.db.models import AuditEntry, KpiThreshold, Project
from openpmo.enums import HealthColour, ProjectStatus, RiskStatus
from openpmo.services import dashboard, project_status
from openpmo.services.cache import GenerationCache, changes_since
from openpmo.services.dashboard import History
from openpmo.services.performance import DimensionResult, ProjectPerformance
from tests import factories as f
from tests.monitoring import admin_of, evm_project, record


def _result(d: DimensionResult) -> tuple[Any, ...]:
    override = d.override
    kept = None if override is None else (override.id, override.colour, override.comment)
    return (d.dimension, d.colour, d.computed_colour, d.reasons, kept)


def _performance(p: ProjectPerformance) -> tuple[Any, ...]:
    return (
        p.project_id,
        p.code,
        p.name,
        p.status_date,
        p.status_date_id,
        p.baseline_id,
        p.money,
        p.hours,
        p.kpis,
        _result(p.overall),
        [_result(d) for d in p.dimensions],
    )


def assert_same(kept: History, fresh: History) -> None:
    """Field by field: facts, rows, status dates, every array, every performance."""
    assert kept.facts == fresh.facts
    assert kept.ids == fresh.ids
    assert kept.status_dates == fresh.status_dates
    assert kept.grid == fresh.grid
    assert np.array_equal(kept.planned, fresh.planned)
    assert kept.subtree == fresh.subtree
    assert kept.baselines == fresh.baselines
    assert kept.spans == fresh.spans
    assert kept.keys == fresh.keys
    for name in ("at", "colour", "rank", "bac", "pv", "ev", "ac", "spi", "cpi", "overridden"):
        mine, theirs = getattr(kept.at, name), getattr(fresh.at, name)
        assert mine.shape == theirs.shape, name
        assert np.array_equal(mine, theirs, equal_nan=mine.dtype.kind == "f"), name
    assert list(kept.at.currency) == list(fresh.at.currency)
    assert kept.performances.keys() == fresh.performances.keys()
    for pid, ps in kept.performances.items():
        assert [_performance(p) for p in ps] == [
            _performance(p) for p in fresh.performances[pid]
        ], pid


def test_each_change_updates_only_its_project_and_matches_a_fresh_read(
    session: Session,
) -> None:
    unit = f.org_unit(session)
    pmo = f.pmo(session, unit)
    home, elsewhere = f.portfolio(session), f.portfolio(session)
    projects = [evm_project(session, unit, portfolio_id=home.id) for _ in range(4)]
    usd = evm_project(session, unit, currency="USD")
    for k, p in enumerate([*projects, usd]):
        record(session, p, date(2026, 3, 9), 25 + 15 * k, "4000")
    record(session, projects[0], date(2026, 3, 16), 60, "6000")
    admin = admin_of(session)
    session.commit()
    history = dashboard.portfolio_history(session)
    assert_same(history, dashboard._read_history(session))
    first, second, third, fourth = projects

    def step(change: Any, touched: set[int] | None) -> None:
        """Make a change, commit it, and check the history kept against a fresh read; with
        ``touched``, every other project's evaluations were kept, not recomputed."""
        nonlocal history
        before = history
        change()
        session.commit()
        history = dashboard.portfolio_history(session)
        assert history is not before
        assert_same(history, dashboard._read_history(session))
        for pid, ps in history.performances.items():
            if touched is None or pid in touched:
                assert ps is not before.performances.get(pid)
            else:
                assert ps is before.performances[pid]

    # progress on one task of one project, at its latest and at an earlier status date
    step(lambda: record(session, first, date(2026, 3, 16), 80, "9000"), {first.id})
    step(lambda: record(session, second, date(2026, 3, 9), 10, "5000"), {second.id})
    # a new status date nobody had: a new column for every project
    step(lambda: record(session, third, date(2026, 3, 23), 100, "8000"), {third.id})
    # a new risk, then a snapshot that counts its exposure
    step(
        lambda: f.risk(session, fourth, probability=0.9, impact=5, status=RiskStatus.OPEN),
        {fourth.id},
    )
    step(lambda: record(session, fourth, date(2026, 3, 16), 55, "4000"), {fourth.id})

    # a manager's override of the overall colour
    def override() -> None:
        project_status.override_health(
            session,
            admin,
            second.id,
            status_date=date(2026, 3, 9),
            dimension="overall",
            colour=HealthColour.GREEN,
            comment="client accepted the delay",
            version=0,
        )

    step(override, {second.id})
    assert history.performances[second.id][0].overall.colour == "green"

    # a project closed leaves the dashboard; moved to another portfolio, it follows
    def close() -> None:
        session.get_one(Project, third.id).status = ProjectStatus.CLOSED

    step(close, set())
    assert third.id not in history.ids
    assert history.status_dates[-1] == date(2026, 3, 16)  # its status date went with it

    def move() -> None:
        session.get_one(Project, fourth.id).portfolio_id = elsewhere.id

    step(move, {fourth.id})
    assert history.facts[fourth.id].portfolio_id == elsewhere.id

    def reopen() -> None:
        session.get_one(Project, third.id).status = ProjectStatus.ACTIVE

    step(reopen, {third.id})
    assert history.status_dates[-1] == date(2026, 3, 23)

    # thresholds are every governed project's: everything is evaluated again
    def thresholds() -> None:
        session.add(
            KpiThreshold(pmo_id=pmo.id, kpi="cpi", amber=2.0, red=1.8, higher_is_better=True)
        )

    assert history.performances[usd.id][0].overall.colour == "green"  # CPI 1.7
    step(thresholds, None)
    assert history.performances[usd.id][0].overall.colour == "red"


def test_entries_name_their_projects_or_ask_for_everything(session: Session) -> None:
    unit = f.org_unit(session)
    owner, other = evm_project(session, unit), evm_project(session, unit)
    record(session, owner, date(2026, 3, 9), 25, "4000")
    session.commit()
    mark = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    assert mark is not None

    def since() -> set[int] | None:
        session.commit()
        upto = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
        assert upto is not None
        changes = changes_since(session, mark, upto, dashboard.MAX_CHANGES)
        assert changes is not None
        return dashboard.affected_projects(session, changes.entries)

    # an update of task progress names neither its project nor its status date
    record(session, owner, date(2026, 3, 9), 40, "4000")
    assert since() == {owner.id}
    f.issue(session, other)
    assert since() == {owner.id, other.id}
    f.user(session)  # not read by the dashboard
    assert since() == {owner.id, other.id}
    f.org_unit(session, parent=unit)
    assert since() is None
    # more entries than the bound, or a generation whose entry is gone: from scratch
    assert changes_since(session, mark, mark + 10_000, 2) is None
    assert changes_since(session, mark + 10_000, mark + 20_000, 500) is None


def test_an_audit_id_committed_out_of_order_is_not_lost(
    postgres_engine: Engine | None,
) -> None:
    """PostgreSQL draws audit ids before commit: a transaction holding a lower id may commit
    after a higher one was read as the generation; its entry still reaches the value."""
    if postgres_engine is None:
        pytest.skip("PostgreSQL only (PMO_TEST_DATABASE_URL): SQLite commits ids in order")
    cache: GenerationCache[tuple[int, ...]] = GenerationCache()
    seen: list[tuple[int, ...]] = []

    def read(session: Session) -> tuple[int, ...]:
        value = cache.get(
            session,
            "ids",
            lambda: (),
            lambda old, changes: (*old, *(c.id for c in changes)),
        )
        session.commit()
        seen.append(value)
        return value

    def entry(session: Session) -> int:
        row = AuditEntry(entity="probe", entity_id=1, action="create")
        session.add(row)
        session.flush()
        return row.id

    make = sessionmaker(postgres_engine)
    with make() as first:
        # The generation starts at a committed entry, so the ids drawn below are the only
        # gap (earlier tests may empty the log without resetting its sequence).
        entry(first)
        first.commit()
    with make() as reader, make() as slow, make() as fast:
        try:
            assert read(reader) == ()
            low = entry(slow)  # drawn, not committed
            high = entry(fast)
            fast.commit()
            assert read(reader) == (high,)
            slow.commit()
            assert read(reader) == (high, low)  # the generation did not move; still found
            assert read(reader) == (high, low)
        finally:
            slow.rollback()
            reader.execute(delete(AuditEntry).where(AuditEntry.entity == "probe"))
            reader.commit()


def test_a_request_that_read_an_older_generation_gets_the_newer_history(
    session: Session,
) -> None:
    owner = evm_project(session, f.org_unit(session))
    record(session, owner, date(2026, 3, 9), 50, "4000")
    session.commit()
    older = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    record(session, owner, date(2026, 3, 9), 60, "4000")
    session.commit()
    newer = dashboard.portfolio_history(session)
    session.commit()
    # a request whose transaction read the generation before that last change
    session.info["data_generation"] = older
    assert dashboard.portfolio_history(session) is newer
    assert newer.performances[owner.id][0].money["ev"] == 4800.0
