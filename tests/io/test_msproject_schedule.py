"""MSPDI → critical path: the conversion behind ``pmo schedule FILE.xml``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from openpmo.io.msproject import MsProjectError, read_mspdi, read_mspdi_bytes
from openpmo.io.msproject.schedule import compare_saved, schedule_mspdi, to_schedule_input

DATA = Path(__file__).resolve().parents[1] / "data" / "msproject"
HAND_COMPUTED = ["standard_week.xml", "links_and_holiday.xml", "progress.xml"]


@pytest.mark.parametrize("name", HAND_COMPUTED)
def test_every_hand_computed_task_matches_its_saved_dates(name: str) -> None:
    project = read_mspdi(DATA / name)
    rows, notes = schedule_mspdi(project)
    comparison = compare_saved(project, rows)
    assert [m.describe() for m in comparison.mismatches] == []
    assert comparison.compared == sum(1 for t in project.tasks if not t.summary)
    assert notes == ()


def test_conversion_maps_outline_links_lags_and_constraints() -> None:
    built = to_schedule_input(read_mspdi(DATA / "standard_week.xml"))
    plan = built.plan
    # The project summary (UID 0) is not an activity; Phase 1 is the parent of Design, Build.
    assert [t.uid for t in built.tasks] == [1, 2, 3, 4, 5, 6]
    assert np.asarray(plan.parent).tolist() == [-1, 0, 0, -1, -1, -1]
    assert np.asarray(plan.durations).tolist() == [2880, 1440, 1200, 480, 240, 0]
    assert np.asarray(plan.pred).tolist() == [1, 3, 2, 4]
    assert np.asarray(plan.succ).tolist() == [2, 4, 5, 5]
    assert np.asarray(plan.lag).tolist() == [240, 0, 0, 0]
    assert np.asarray(plan.constraint_type).tolist() == [0, 0, 0, 4, 0, 0]
    assert plan.constraint_date[3] == dt.datetime(2025, 3, 4, 13, 0)
    assert plan.start == dt.datetime(2025, 3, 3, 8, 0)


def test_percent_lag_is_passed_as_a_percentage_of_the_predecessor() -> None:
    plan = to_schedule_input(read_mspdi(DATA / "links_and_holiday.xml")).plan
    assert np.asarray(plan.lag_percent).tolist()[0] == 50.0
    assert np.asarray(plan.link_type).tolist()[:2] == [1, 2]  # SS, FF


def test_summary_is_rolled_up_from_its_children() -> None:
    rows, _ = schedule_mspdi(read_mspdi(DATA / "standard_week.xml"))
    phase = rows[0]
    assert phase.summary
    assert (phase.start, phase.finish) == (dt.datetime(2025, 3, 3, 8), dt.datetime(2025, 3, 10, 17))


def test_json_row_has_minute_precision_local_dates_and_float_in_minutes() -> None:
    rows, _ = schedule_mspdi(read_mspdi(DATA / "standard_week.xml"))
    permit = rows[3].as_json()
    assert permit == {
        "uid": 4,
        "name": "Permit",
        "early_start": "2025-03-04T13:00",
        "early_finish": "2025-03-05T12:00",
        "late_start": "2025-03-07T13:00",
        "late_finish": "2025-03-10T12:00",
        "total_float_minutes": 1440,
        "critical": False,
    }


def test_in_progress_task_finishes_at_actual_start_plus_duration_by_default() -> None:
    plan = to_schedule_input(read_mspdi(DATA / "progress.xml")).plan
    assert plan.status_date is None
    assert np.asarray(plan.remaining).tolist()[1] == 1440


def test_status_date_option_moves_unstarted_work_after_it() -> None:
    project = read_mspdi(DATA / "progress.xml")
    rows, _ = schedule_mspdi(project, use_status_date=True)
    tiles = rows[3]
    assert (tiles.start, tiles.finish) == (dt.datetime(2025, 3, 6, 8), dt.datetime(2025, 3, 6, 17))
    comparison = compare_saved(project, rows)
    assert [m.uid for m in comparison.mismatches] == [4]
    assert comparison.summary() == "3 of 4 tasks match"


def test_cycle_error_names_the_tasks_by_uid_and_name() -> None:
    with pytest.raises(MsProjectError, match=r"UID 3 'Test' -> UID 2 'Wire' -> UID 3 'Test'"):
        schedule_mspdi(read_mspdi(DATA / "cycle.xml"), source="cycle.xml")


def test_office_move_task_calendar_elapsed_duration_and_elapsed_lag_are_exact() -> None:
    project = read_mspdi(DATA / "office_move.xml")
    rows, notes = schedule_mspdi(project)
    assert compare_saved(project, rows).summary() == "3 of 3 tasks match"
    assert notes == ()
    by_uid = {r.uid: r for r in rows}
    # Move (Movers calendar: Saturday mornings worked, 17-18 March off; 3 elapsed days) is
    # finish-to-finish after Order furniture (finishing Monday 17 March 12:00) with -1 day of
    # lag counted on Move's calendar: Sat 15 09-12, Fri 14 08-12 (half day), Thu 13 16-17,
    # so it finishes Thursday 13 March 16:00 and starts 72 clock hours before.
    move = by_uid[7]
    assert (move.start, move.finish) == (dt.datetime(2025, 3, 10, 16), dt.datetime(2025, 3, 13, 16))
    # Move's float is elapsed minutes (its duration is elapsed).
    assert move.total_float_minutes % 60 == 0


def test_scheduling_from_the_finish_is_refused() -> None:
    xml = """<Project xmlns="http://schemas.microsoft.com/project">
      <ScheduleFromStart>0</ScheduleFromStart><StartDate>2025-03-03T08:00:00</StartDate>
    </Project>"""
    with pytest.raises(MsProjectError, match="ScheduleFromStart"):
        schedule_mspdi(read_mspdi_bytes(xml), source="plan.xml")


def test_constraint_without_a_date_is_ignored_with_a_note() -> None:
    xml = """<Project xmlns="http://schemas.microsoft.com/project">
      <StartDate>2025-03-03T08:00:00</StartDate>
      <Tasks><Task><UID>1</UID><Name>A</Name><Duration>PT8H0M0S</Duration>
        <ConstraintType>4</ConstraintType></Task></Tasks>
    </Project>"""
    rows, notes = schedule_mspdi(read_mspdi_bytes(xml))
    assert rows[0].finish == dt.datetime(2025, 3, 3, 17)
    assert notes == ("constraint without a ConstraintDate ignored: UID 1 'A'",)
