"""A generation cache answers from memory until an audited change is committed."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, delete, text
from sqlalchemy.orm import Session, sessionmaker

from openpmo.db import audit
from openpmo.db.models import AuditEntry, OrgUnit
from openpmo.services import overview, projects
from openpmo.services.cache import GenerationCache, _gaps
from openpmo.services.principal import SYSTEM
from openpmo.services.projects import ProjectFilter
from tests import factories as f


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def _session(sessions: sessionmaker[Session]) -> Session:
    session = sessions()
    audit.set_actor(session, None)
    return session


def test_a_value_is_computed_once_while_nothing_changes(
    sessions: sessionmaker[Session],
) -> None:
    cache: GenerationCache[int] = GenerationCache()
    compute = Counter()
    with _session(sessions) as first, _session(sessions) as second:
        assert cache.get(first, "k", compute) == 1
        assert cache.get(second, "k", compute) == 1
        assert cache.get(second, "other", compute) == 2
    assert compute.calls == 2


def test_a_committed_change_makes_it_compute_again(sessions: sessionmaker[Session]) -> None:
    cache: GenerationCache[int] = GenerationCache()
    compute = Counter()
    with _session(sessions) as reader:
        assert cache.get(reader, "k", compute) == 1
    with _session(sessions) as writer:
        f.org_unit(writer)
        writer.commit()
    with _session(sessions) as reader:
        assert cache.get(reader, "k", compute) == 2
        assert cache.get(reader, "k", compute) == 2


def test_a_session_with_its_own_changes_neither_reads_nor_fills_it(
    sessions: sessionmaker[Session],
) -> None:
    cache: GenerationCache[int] = GenerationCache()
    compute = Counter()
    with _session(sessions) as reader:
        assert cache.get(reader, "k", compute) == 1
    with _session(sessions) as writer:
        f.org_unit(writer)
        writer.flush()
        assert cache.get(writer, "k", compute) == 2  # sees its own, uncommitted change
        writer.rollback()
    with _session(sessions) as reader:
        assert cache.get(reader, "k", compute) == 1  # the rolled-back value was not kept


def test_it_keeps_at_most_its_size(sessions: sessionmaker[Session]) -> None:
    cache: GenerationCache[int] = GenerationCache(size=2)
    compute = Counter()
    with _session(sessions) as session:
        for key in ("a", "b", "c"):
            cache.get(session, key, compute)
        assert cache.get(session, "c", compute) == 3
        assert cache.get(session, "a", compute) == 4  # evicted: the oldest


def test_filter_options_show_a_new_portfolio_at_once(sessions: sessionmaker[Session]) -> None:
    with _session(sessions) as session:
        before = overview.filter_options(session, SYSTEM).portfolios
    with _session(sessions) as writer:
        added = f.portfolio(writer)
        writer.commit()
        added_id = added.id
    with _session(sessions) as session:
        after = overview.filter_options(session, SYSTEM).portfolios
    assert {o[0] for o in after} == {*(o[0] for o in before), added_id}


def test_project_totals_count_a_new_project_at_once(sessions: sessionmaker[Session]) -> None:
    with _session(sessions) as writer:
        unit = f.org_unit(writer)
        f.project(writer, unit)
        writer.commit()
        unit_id = unit.id
    only_unit = ProjectFilter(org_unit_id=unit_id)
    with _session(sessions) as session:
        assert projects.list_projects(session, SYSTEM, filters=only_unit)[1] == 1
    with _session(sessions) as writer:
        f.project(writer, writer.get(OrgUnit, unit_id))
        writer.commit()
    with _session(sessions) as session:
        rows, total = projects.list_projects(session, SYSTEM, filters=only_unit)
        assert (len(rows), total) == (2, 2)
        counts = projects.status_counts(session, SYSTEM, only_unit)
        assert sum(counts.values()) == 2


def test_gaps_are_runs_of_ids_however_long() -> None:
    assert _gaps(5, 20, [5, 6, 9, 20]) == [(7, 8), (10, 19)]
    assert _gaps(1, 1_000_000, [500_000]) == [(1, 499_999), (500_001, 1_000_000)]
    assert _gaps(3, 4, [1, 3, 4, 9]) == []
    assert _gaps(3, 2, []) == []


def test_a_long_gap_of_ids_still_brings_the_value_up_to_date(
    postgres_engine: Engine | None,
) -> None:
    """Ids drawn by a large transaction that rolled back leave a gap of thousands below the
    generation; it is one run to look up again, not thousands of ids (more than the cache
    tracks, which made it compute the value from scratch), and an id committed out of order
    inside the window is still found."""
    if postgres_engine is None:
        pytest.skip("PostgreSQL only (PMO_TEST_DATABASE_URL): SQLite commits ids in order")
    cache: GenerationCache[tuple[int, ...]] = GenerationCache(limit=50)

    def read(session: Session) -> tuple[int, ...]:
        value = cache.get(
            session, "ids", lambda: (), lambda old, changes: (*old, *(c.id for c in changes))
        )
        session.commit()
        return value

    def entry(session: Session) -> int:
        row = AuditEntry(entity="probe", entity_id=1, action="create")
        session.add(row)
        session.flush()
        return row.id

    make = sessionmaker(postgres_engine)
    with make() as first:
        entry(first)
        first.commit()
    with make() as reader, make() as slow, make() as fast, make() as bulk:
        try:
            assert read(reader) == ()
            low = entry(slow)  # drawn, not committed
            bulk.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))"
                    " FROM generate_series(1, 3000)"
                )
            )
            bulk.rollback()  # 3,000 ids that will never be committed
            high = entry(fast)
            fast.commit()
            assert read(reader) == (high,)
            slow.commit()
            assert read(reader) == (high, low)
        finally:
            slow.rollback()
            reader.execute(delete(AuditEntry).where(AuditEntry.entity == "probe"))
            reader.commit()
