"""MSPDI files → stored projects and back: calendar, tasks, links, progress, round trip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openpmo.db.models import CalendarException, Dependency, Project, Task, TaskCalendar
from openpmo.enums import ConstraintKind, DependencyType
from openpmo.errors import InvalidInput
from openpmo.io.msproject import (
    MsCalendar,
    MsDuration,
    MsLink,
    MsProject,
    MsTask,
    MsWeekDay,
    read_mspdi,
    read_mspdi_bytes,
)
from openpmo.services.msproject import ImportTarget, import_mspdi
from openpmo.services.msproject_export import export_mspdi
from openpmo.services.principal import SYSTEM
from tests import factories as f

DATA = Path(__file__).resolve().parents[1] / "data" / "msproject"


def _tasks(session: Session, project: Project) -> dict[str, Task]:
    rows = session.scalars(select(Task).where(Task.project_id == project.id))
    return {t.wbs: t for t in rows}


def _shape(session: Session, project: Project) -> dict[str, Any]:
    """Everything a round trip must keep, keyed by WBS (ids differ between imports)."""
    tasks = _tasks(session, project)
    wbs = {t.id: code for code, t in tasks.items()}
    links = session.scalars(select(Dependency).where(Dependency.project_id == project.id))
    calendars = {
        c.id: (c.name, c.base, c.work_hours, c.workdays, c.weekday_hours, c.exceptions)
        for c in session.scalars(select(TaskCalendar).where(TaskCalendar.project_id == project.id))
    }
    return {
        "tasks": {
            code: (
                t.name,
                wbs.get(t.parent_id or -1),
                # A summary's duration is rolled up from its children, not kept.
                None if t.is_summary else round(t.duration_days * 480),
                t.duration_elapsed,
                calendars.get(t.calendar_id or -1),
                t.is_milestone,
                t.constraint_type,
                t.constraint_date,
                t.percent_complete,
                t.actual_start,
                t.actual_finish,
                t.scheduled_start,
                t.scheduled_finish,
                t.total_float_minutes,
                t.is_critical,
            )
            for code, t in tasks.items()
        },
        "links": sorted(
            (
                wbs[k.predecessor_id],
                wbs[k.successor_id],
                k.type,
                k.lag_days,
                k.lag_elapsed,
                k.lag_percent,
            )
            for k in links
        ),
    }


def test_import_stores_tasks_links_and_calendar_and_schedules_as_the_file_saved(
    session: Session,
) -> None:
    f.org_unit(session)
    source = read_mspdi(DATA / "links_and_holiday.xml")
    result = import_mspdi(session, SYSTEM, source, ImportTarget(code="POUR"))
    project = result.project
    assert (project.code, project.planned_start) == ("POUR", dt.date(2025, 3, 31))
    assert (result.tasks, result.links, result.calendar_exceptions) == (6, 5, 1)
    assert (project.work_hours, project.workdays) == ("08:00-12:00, 13:00-17:00", "12345")
    holiday = session.scalars(select(CalendarException)).one()
    assert (holiday.day, holiday.hours, holiday.name) == (dt.date(2025, 4, 4), "", "Qingming")
    tasks = _tasks(session, project)
    by_name = {t.name: t for t in tasks.values()}
    # Every task lands where Microsoft Project saved it (holiday, SS +50 %, FF, MFO, lead).
    for ms in source.tasks:
        assert (by_name[ms.name].scheduled_start, by_name[ms.name].scheduled_finish) == (
            ms.start,
            ms.finish,
        ), ms.name
    assert by_name["Report"].duration_days == 0.5
    assert by_name["Sign-off"].constraint_type is ConstraintKind.MFO
    links = {
        (lk.predecessor_id, lk.successor_id): lk
        for lk in session.scalars(select(Dependency).where(Dependency.project_id == project.id))
    }
    cure = links[(by_name["Pour"].id, by_name["Cure"].id)]
    assert (cure.type, cure.lag_days, cure.lag_percent) == (DependencyType.SS, 0.0, 50.0)
    report = links[(by_name["Sign-off"].id, by_name["Report"].id)]
    assert (report.type, report.lag_days) == (DependencyType.FS, -0.25)
    assert links[(by_name["Cure"].id, by_name["Trim"].id)].type is DependencyType.FF


def test_task_calendars_and_elapsed_units_are_imported_and_scheduled_exactly(
    session: Session,
) -> None:
    f.org_unit(session)
    project = import_mspdi(
        session, SYSTEM, read_mspdi(DATA / "office_move.xml"), ImportTarget(code="MOVE")
    ).project
    movers = session.scalars(select(TaskCalendar)).one()
    assert (movers.name, movers.workdays, movers.work_hours, movers.weekday_hours) == (
        "Movers",
        "123456",
        "08:00-12:00, 13:00-17:00",
        {"6": "09:00-12:00"},
    )
    # Flattened: the inherited half day and the Movers' days off.
    days = {e["day"]: e["hours"] for e in movers.exceptions}
    assert days["2025-03-14"] == "08:00-12:00"
    assert (days["2025-03-17"], days["2025-03-18"]) == ("", "")
    tasks = {t.name: t for t in _tasks(session, project).values()}
    move = tasks["Move"]
    assert (move.calendar_id, move.duration_elapsed, move.duration_days) == (movers.id, True, 3.0)
    assert (move.scheduled_start, move.scheduled_finish) == (
        dt.datetime(2025, 3, 10, 16),
        dt.datetime(2025, 3, 13, 16),
    )
    lag = session.scalars(
        select(Dependency).where(Dependency.successor_id == tasks["Unpack"].id)
    ).all()
    assert sorted((k.lag_days, k.lag_elapsed) for k in lag) == [(0.0, False), (1.0, True)]


@pytest.mark.parametrize("name", ["links_and_holiday.xml", "progress.xml", "office_move.xml"])
def test_import_export_import_gives_the_same_tasks_links_and_dates(
    session: Session, name: str
) -> None:
    f.org_unit(session)
    first = import_mspdi(session, SYSTEM, read_mspdi(DATA / name), ImportTarget(code="A")).project
    exported = export_mspdi(session, SYSTEM, first.id)
    again = read_mspdi_bytes(exported, "export.xml")
    second = import_mspdi(session, SYSTEM, again, ImportTarget(code="B")).project
    assert _shape(session, second) == _shape(session, first)
    assert (second.workdays, second.work_hours, second.status_date) == (
        first.workdays,
        first.work_hours,
        first.status_date,
    )


def test_export_carries_chinese_holidays_so_the_reimport_keeps_the_dates(
    session: Session,
) -> None:
    unit = f.org_unit(session)
    owner = f.project(session, unit, code="CN", planned_start=dt.date(2025, 9, 29))
    a = f.task(session, owner, wbs="1", duration_days=2.0)
    b = f.task(session, owner, wbs="2", duration_days=3.0)
    f.dependency(session, a, b)
    exported = read_mspdi_bytes(export_mspdi(session, SYSTEM, owner.id))
    calendar = exported.calendars[0]
    off = {e.from_date.date() for e in calendar.exceptions if not e.working}
    extra = {e.from_date.date() for e in calendar.exceptions if e.working}
    assert dt.date(2025, 10, 1) in off
    assert dt.date(2025, 10, 11) in extra
    copy = import_mspdi(session, SYSTEM, exported, ImportTarget(code="CN2")).project
    b2 = _tasks(session, copy)["2"]
    # B skips the National Day holiday and works the adjusted Saturday, as in the original.
    assert (b2.scheduled_start, b2.scheduled_finish) == (
        dt.datetime(2025, 10, 9, 8),
        dt.datetime(2025, 10, 11, 17),
    )


def _six_day_file() -> MsProject:
    day = ((dt.time(9), dt.time(12)), (dt.time(13), dt.time(18)))
    week = tuple(MsWeekDay(d, d != 1, day if d != 1 else ()) for d in range(1, 8))
    return MsProject(
        name="six day week",
        start_date=dt.datetime(2025, 3, 3, 9),
        calendar_uid=1,
        calendars=(MsCalendar(uid=1, name="Six days", week_days=week),),
        tasks=(
            MsTask(uid=1, name="Dig", outline_level=1, duration=MsDuration(6 * 480)),
            MsTask(uid=2, name="Done", outline_level=1, duration=MsDuration(0), milestone=True),
        ),
        links=(MsLink(1, 2),),
    )


def test_a_six_day_week_with_other_hours_is_kept_and_scheduled_on(session: Session) -> None:
    f.org_unit(session)
    result = import_mspdi(session, SYSTEM, _six_day_file())
    project = result.project
    assert project.code == "six-day-week"
    assert (project.workdays, project.work_hours) == ("123456", "09:00-12:00, 13:00-18:00")
    tasks = _tasks(session, project)
    # Six 8-hour days from Monday 3 March, Saturday working: done Saturday 8 March 18:00.
    assert tasks["1"].scheduled_finish == dt.datetime(2025, 3, 8, 18)
    assert tasks["2"].is_milestone
    assert tasks["2"].scheduled_start == dt.datetime(2025, 3, 8, 18)


def test_a_cycle_or_an_unknown_portfolio_is_refused_naming_the_field(session: Session) -> None:
    f.org_unit(session)
    with pytest.raises(InvalidInput) as cycle:
        import_mspdi(session, SYSTEM, read_mspdi(DATA / "cycle.xml"))
    assert [e.loc for e in cycle.value.errors] == [("dependencies",)]
    with pytest.raises(InvalidInput) as portfolio:
        import_mspdi(session, SYSTEM, _six_day_file(), ImportTarget(code="X", portfolio_id=999))
    assert [e.field for e in portfolio.value.errors] == ["portfolio_id"]
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Project)) == 0


def test_the_code_taken_from_the_file_is_made_unique(session: Session) -> None:
    f.org_unit(session)
    codes = [import_mspdi(session, SYSTEM, _six_day_file()).project.code for _ in range(2)]
    assert codes == ["six-day-week", "six-day-week-2"]
