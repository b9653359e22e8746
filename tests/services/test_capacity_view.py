"""The capacity page's cached view: the same rows as the full report, sorted and paged from
arrays, kept while the data is unchanged and recomputed when it changes."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Assignment, Resource
from openpmo.enums import Role
from openpmo.errors import Forbidden
from openpmo.schemas.capacity import CapacityRowRead
from openpmo.services.capacity import capacity_report
from openpmo.services.capacity_view import capacity_view
from openpmo.services.principal import Principal, load_principal
from tests import factories as f

START, FINISH = date(2026, 6, 1), date(2026, 6, 28)


def _as(session: Session, role: Role) -> Principal:
    return load_principal(session, f.user(session, role, person=False))


def _people(session: Session) -> dict[str, Resource]:
    """Six people; their load differs by week (some over 100 %), three share a peak."""
    unit = f.org_unit(session)
    project = f.project(session, unit, code="P1")
    people = {}
    loads = {"bo": (50, 150), "Al": (120, 0), "cy": (0, 0), "Di": (80, 80), "ed": (150, 20)}
    loads["Fa"] = (150, 10)
    for name, (first, second) in loads.items():
        person = f.resource(session, unit=unit, name=name)
        people[name] = person
        for week, units in ((0, first), (7, second)):
            if units:
                task = f.task(
                    session,
                    project,
                    scheduled_start=datetime(2026, 6, 1 + week, 8),
                    scheduled_finish=datetime(2026, 6, 5 + week, 17),
                )
                session.add(Assignment(task_id=task.id, resource_id=person.id, units=units))
    session.flush()
    return people


def _old_order(rows: list[CapacityRowRead], sort: str) -> list[CapacityRowRead]:
    """How the page sorted every row before: by name, or highest peak then name."""
    if sort == "name":
        return sorted(rows, key=lambda r: r.label.casefold())

    def peak(row: CapacityRowRead) -> float:
        return max((u for u in row.utilisation if u is not None), default=-1.0)

    return sorted(rows, key=lambda r: (-peak(r), r.label.casefold()))


@pytest.mark.parametrize("sort", ["load", "name"])
def test_pages_of_the_view_are_the_full_reports_rows_in_order(session: Session, sort: str) -> None:
    _people(session)
    pmo = _as(session, Role.PMO)
    report = capacity_report(session, pmo, start=START, finish=FINISH)
    view = capacity_view(session, pmo, start=START, finish=FINISH)
    expected = _old_order(report.rows, sort)
    assert view.size == len(expected) == 6
    paged = [*view.rows(sort, 0, 4), *view.rows(sort, 4, 4)]
    assert [r.model_dump() for r in paged] == [r.model_dump() for r in expected]
    if sort == "load":  # bo, ed and Fa all peak at 150 %: by name; cy has no load
        assert [r.label for r in paged] == ["bo", "ed", "Fa", "Al", "Di", "cy"]
    assert view.report.total == report.total
    assert view.report.over_allocations == report.over_allocations[:25]
    assert view.people == 6


def test_the_view_is_kept_until_the_data_changes(session: Session) -> None:
    people = _people(session)
    pmo = _as(session, Role.PMO)
    session.commit()
    first = capacity_view(session, pmo, start=START, finish=FINISH)
    session.commit()  # a new transaction reads the generation again: unchanged
    assert capacity_view(session, pmo, start=START, finish=FINISH) is first
    assert capacity_view(session, pmo, start=START, finish=FINISH, period="month") is not first
    assignment = session.scalars(
        select(Assignment).where(Assignment.resource_id == people["cy"].id)
    ).first()
    assert assignment is None
    task = f.task(
        session,
        f.project(session, f.org_unit(session), code="P2"),
        scheduled_start=datetime(2026, 6, 1, 8),
        scheduled_finish=datetime(2026, 6, 5, 17),
    )
    session.add(Assignment(task_id=task.id, resource_id=people["cy"].id, units=300))
    session.commit()
    again = capacity_view(session, pmo, start=START, finish=FINISH)
    assert again is not first
    assert again.rows("load", 0, 1)[0].label == "cy"


def test_a_member_is_refused_even_when_the_view_is_cached(session: Session) -> None:
    _people(session)
    pmo, member = _as(session, Role.PMO), _as(session, Role.MEMBER)
    session.commit()
    capacity_view(session, pmo, start=START, finish=FINISH)
    with pytest.raises(Forbidden):
        capacity_view(session, member, start=START, finish=FINISH)
