"""A generation cache answers from memory until an audited change is committed."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from openpmo.db import audit
from openpmo.db.models import OrgUnit
from openpmo.services import overview, projects
from openpmo.services.cache import GenerationCache
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
