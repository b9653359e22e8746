"""Files saved by Microsoft Project itself (``tests/data/msproject/ms_saved``, see its README):
our schedule must give the dates Project saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from openpmo.io.msproject import read_mspdi
from openpmo.io.msproject.schedule import compare_saved, schedule_mspdi
from openpmo.io.msproject.units import LinkType

DATA = Path(__file__).resolve().parents[1] / "data" / "msproject" / "ms_saved"
FILES = sorted(p.name for p in DATA.glob("*.xml"))


@pytest.mark.parametrize("name", FILES)
def test_every_task_starts_and_finishes_where_project_saved_it(name: str) -> None:
    project = read_mspdi(DATA / name)
    rows, notes = schedule_mspdi(project)
    comparison = compare_saved(project, rows)
    assert [m.describe() for m in comparison.mismatches] == []
    assert comparison.compared == sum(1 for t in project.tasks if not t.summary)
    assert notes == ()


@pytest.mark.parametrize("name", FILES)
def test_late_dates_and_total_slack_equal_the_saved_ones(name: str) -> None:
    project = read_mspdi(DATA / name)
    rows, _ = schedule_mspdi(project)
    for row in rows:
        saved = project.task(row.uid)
        if saved.summary:
            continue
        assert (row.late_start, row.late_finish) == (saved.late_start, saved.late_finish), row.uid
        assert row.total_float_minutes == saved.total_slack, row.uid
        assert row.critical == saved.critical, row.uid


def test_the_links_calendar_and_base_calendar_are_read_as_saved() -> None:
    project = read_mspdi(DATA / "task-links-project2013-mspdi.xml")
    assert len(project.tasks) == 17
    assert [
        (lk.predecessor_uid, lk.successor_uid, lk.type, lk.lag_minutes) for lk in project.links
    ] == [
        (1, 2, LinkType.FS, 0),
        (3, 4, LinkType.FS, 480),
        (5, 6, LinkType.FS, 960),
        (7, 8, LinkType.FS, 2400),
        (9, 10, LinkType.FS, 4800),
        (11, 12, LinkType.SF, 960),
        (13, 14, LinkType.SS, 960),
        (15, 16, LinkType.FF, 960),
    ]
    standard = project.calendar(1)
    # Project 2013 writes BaseCalendarUID 0 on a base calendar: it has no base.
    assert (standard.name, standard.is_base, standard.base_uid) == ("Standard", True, None)
