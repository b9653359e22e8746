"""Primavera XER and P6 XML read through MPXJ into the same ``MsProject`` as MSPDI.

Needs the ``mpxj`` extra and Java; skipped, with the reason, where either is missing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

pytest.importorskip("jpype", reason="the mpxj extra is not installed (pip install '.[mpxj]')")
pytest.importorskip("mpxj", reason="the mpxj extra is not installed (pip install '.[mpxj]')")
if shutil.which("java") is None:
    pytest.skip("Java is not installed: MPXJ needs Java 11+", allow_module_level=True)

from openpmo.engines.calendars import working_minutes_between
from openpmo.io.mpxj_import import read_project_file, read_with_mpxj
from openpmo.io.msproject import (
    ConstraintType,
    LinkType,
    MsProject,
    MsProjectError,
    engine_calendar,
)
from openpmo.io.msproject.schedule import compare_saved, schedule_mspdi

DATA = Path(__file__).parent.parent / "data" / "mpxj"
XER = DATA / "site_works.xer"
P6_XML = DATA / "site_works_p6.xml"
REAL_XER = DATA / "p6_8_2_completed_task.xer"


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@pytest.fixture(scope="module", params=[XER, P6_XML], ids=["xer", "p6xml"])
def project(request: pytest.FixtureRequest) -> MsProject:
    path: Path = request.param
    return read_project_file(path)


def test_project_properties(project: MsProject) -> None:
    assert project.name in ("site_works", "site_works_p6")
    assert project.title == "Site works"
    assert project.start_date == at("2025-03-31T08:00")
    assert project.status_date == at("2025-04-01T17:00")


def test_wbs_becomes_the_outline_of_summary_tasks(project: MsProject) -> None:
    names = [(t.name, t.outline_level, t.summary) for t in project.tasks]
    assert names == [
        ("Site works", 1, True),
        ("Build", 2, True),
        ("Pour", 3, False),
        ("Cure", 3, False),
        ("Trim", 3, False),
        ("Close-out", 2, True),
        ("Snag", 3, False),
        ("Sign-off", 3, False),
        ("Report", 3, False),
    ]
    by_name = {t.name: t for t in project.tasks}
    assert by_name["Pour"].parent_uid == by_name["Build"].uid
    assert by_name["Report"].parent_uid == by_name["Close-out"].uid
    assert by_name["Build"].wbs == "SITE-WORKS.BUILD"


def test_durations_milestones_constraints_and_progress(project: MsProject) -> None:
    by_name = {t.name: t for t in project.tasks}
    minutes = {
        name: task.duration.minutes
        for name, task in by_name.items()
        if task.duration is not None and not task.summary
    }
    assert minutes == {
        "Pour": 960,
        "Cure": 1440,
        "Trim": 480,
        "Snag": 480,
        "Sign-off": 0,
        "Report": 240,
    }
    assert by_name["Sign-off"].milestone
    assert not by_name["Snag"].milestone
    report = by_name["Report"]
    assert report.constraint_type is ConstraintType.SNET
    assert report.constraint_date == at("2025-04-08T08:00")
    pour = by_name["Pour"]
    assert pour.percent_complete == 100
    assert (pour.actual_start, pour.actual_finish) == (
        at("2025-03-31T08:00"),
        at("2025-04-01T17:00"),
    )
    assert by_name["Cure"].actual_start is None
    assert by_name["Snag"].start == at("2025-04-07T08:00")


def test_links_keep_types_and_lags(project: MsProject) -> None:
    names = {t.uid: t.name for t in project.tasks}
    links = [
        (names[link.predecessor_uid], names[link.successor_uid], link.type, link.lag_minutes)
        for link in project.links
    ]
    assert links == [
        ("Pour", "Cure", LinkType.SS, 480),
        ("Cure", "Trim", LinkType.FF, 0),
        ("Trim", "Snag", LinkType.FS, 0),
        ("Snag", "Sign-off", LinkType.FS, 0),
        ("Sign-off", "Report", LinkType.FS, -120),
    ]


def test_calendar_keeps_the_lunch_break_and_the_holiday(project: MsProject) -> None:
    calendar = engine_calendar(project)
    # Thursday 3 April works 08:00-12:00 and 13:00-17:00; Friday 4 April (Qingming) is off.
    assert working_minutes_between(calendar, at("2025-04-03T00:00"), at("2025-04-04T00:00")) == 480
    assert working_minutes_between(calendar, at("2025-04-03T11:00"), at("2025-04-03T14:00")) == 120
    assert working_minutes_between(calendar, at("2025-04-04T00:00"), at("2025-04-07T00:00")) == 0
    base = project.calendar(project.calendar_uid or 0)
    assert base.name == "Standard (Qingming off)"
    assert [e.from_date.date() for e in base.exceptions] == [dt.date(2025, 4, 4)]
    assert not base.exceptions[0].working
    # P6 resources get calendars of their own, derived from the project's.
    assert {c.name: c.base_uid for c in project.calendars if c.uid != base.uid} == {
        "Wang Fang": base.uid,
        "Concrete crew": base.uid,
    }


def test_resources_and_assignments(project: MsProject) -> None:
    names = {r.uid: r.name for r in project.resources}
    tasks = {t.uid: t.name for t in project.tasks}
    assert sorted(names.values()) == ["Concrete crew", "Wang Fang"]
    assigned = [
        (tasks[a.task_uid], names[a.resource_uid], a.units, a.work)
        for a in project.assignments
        if a.resource_uid in names
    ]
    # The crew of two on Pour's 16 h is 32 h of work; Report's 4 h one person's 4 h.
    assert assigned == [("Pour", "Concrete crew", 2.0, 32 * 60), ("Report", "Wang Fang", 1.0, 240)]


def test_scheduling_gives_the_dates_primavera_saved(project: MsProject) -> None:
    rows, _ = schedule_mspdi(project)
    dates = {r.name: (r.early_start, r.early_finish) for r in rows}
    assert dates["Cure"] == (at("2025-04-01T08:00"), at("2025-04-03T17:00"))  # SS +8h
    assert dates["Trim"] == (at("2025-04-03T08:00"), at("2025-04-03T17:00"))  # FF
    assert dates["Snag"] == (at("2025-04-07T08:00"), at("2025-04-07T17:00"))  # after the holiday
    assert dates["Sign-off"] == (at("2025-04-07T17:00"), at("2025-04-07T17:00"))
    assert dates["Report"] == (at("2025-04-08T08:00"), at("2025-04-08T12:00"))  # SNET beats -2h
    result = compare_saved(project, rows)
    assert result.summary() == "6 of 6 tasks match"


def test_a_real_primavera_export() -> None:
    """A P6 8.2 export from MPXJ's test data: one completed activity, fourteen holidays."""
    project = read_project_file(REAL_XER)
    assert project.title == "TEST PROJECT"
    test = next(t for t in project.tasks if t.name == "Test")
    assert test.percent_complete == 100
    assert (test.actual_start, test.actual_finish) == (
        at("2019-06-10T08:00"),
        at("2019-06-12T17:00"),
    )
    assert test.duration is not None
    assert test.duration.minutes == 24 * 60
    (calendar,) = project.calendars
    assert calendar.name == "5 Day"
    holidays = [e.from_date.date() for e in calendar.exceptions]
    assert len(holidays) == 14
    assert holidays[0] == dt.date(2019, 7, 4)
    assert dt.date(2020, 12, 25) in holidays
    assert test.calendar_uid == calendar.uid


def test_a_file_mpxj_does_not_recognise_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "plan.mpp"
    bad.write_bytes(b"this is not a Microsoft Project file")
    with pytest.raises(MsProjectError) as caught:
        read_with_mpxj(bad)
    assert caught.value.path == str(bad)
    assert "MPXJ does not recognise" in str(caught.value)


def test_a_missing_file_is_the_users_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_with_mpxj(tmp_path / "missing.xer")
