"""Critical path over a working calendar: datetimes in, datetimes out, floats in minutes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from openpmo.engines.calendars import Calendar
from openpmo.engines.cpm import ConstraintType
from openpmo.engines.scheduling import ProjectPlan, ProjectSchedule, schedule_project

HOURS = "09:00-12:00, 13:00-18:00"  # 480 working minutes a day, lunch 12:00-13:00
WEEK = Calendar.standard(hours=HOURS)
CHINA = Calendar.china("Project", hours=HOURS)
N = None


def texts(moments: np.ndarray[Any, Any]) -> list[str]:
    return [str(m)[5:].replace("T", " ") for m in moments]  # "MM-DD HH:MM"


def friday_plan(**columns: Any) -> ProjectSchedule:
    """From Friday 2025-03-07 09:00: A (1 day) -> B (3 h) -> milestone M -> C (1 h)."""
    return schedule_project(
        ProjectPlan(
            start=dt.datetime(2025, 3, 7, 9, 0),
            calendar=WEEK,
            durations=[480, 180, 0, 60],
            pred=[0, 1, 2],
            succ=[1, 2, 3],
            **columns,
        )
    )


def test_starts_skip_the_weekend_and_lunch_and_finishes_stay_at_the_period_end() -> None:
    s = friday_plan()

    assert texts(s.early_start) == ["03-07 09:00", "03-10 09:00", "03-10 12:00", "03-10 13:00"]
    assert texts(s.early_finish) == ["03-07 18:00", "03-10 12:00", "03-10 12:00", "03-10 14:00"]
    assert texts(s.late_finish) == texts(s.early_finish)
    assert s.total_float.tolist() == [0, 0, 0, 0]
    assert str(s.project_finish) == "2025-03-10T14:00"


def test_chinese_national_day_and_an_adjusted_working_saturday() -> None:
    # 2025: 1-8 October are holidays; Sunday 28 September and Saturday 11 October are worked.
    s = schedule_project(
        ProjectPlan(
            start="2025-09-29T09:00",
            calendar=CHINA,
            durations=[600, 480, 1440],
            pred=[0, 1],
            succ=[1, 2],
        )
    )
    # A: Monday 8 h + Tuesday 2 h; B: Tuesday 6 h, then nothing until 9 October.
    assert texts(s.early_finish) == ["09-30 11:00", "10-09 11:00", "10-13 11:00"]
    # C: 9 Oct 6 h, 10 Oct 8 h, Saturday 11 Oct 8 h (调休), Monday 13 Oct 2 h.
    assert texts(s.early_start) == ["09-29 09:00", "09-30 11:00", "10-09 11:00"]


def test_a_missed_deadline_gives_negative_float_in_working_minutes() -> None:
    s = schedule_project(
        ProjectPlan(
            start="2025-09-29T09:00",
            calendar=CHINA,
            durations=[600, 480, 0],
            pred=[0, 1],
            succ=[1, 2],
            deadline=[N, N, dt.datetime(2025, 9, 30, 18, 0)],
        )
    )
    assert s.total_float.tolist() == [-120, -120, -120]  # 2 h of 9 October are too late
    assert s.critical.all()
    # the late start of A falls on Sunday 28 September, an adjusted working day
    assert texts(s.late_start)[0] == "09-28 16:00"


def test_a_start_constraint_on_a_saturday_means_monday_morning() -> None:
    s = friday_plan(
        constraint_type=[0, ConstraintType.SNET, 0, 0],
        constraint_date=[N, dt.datetime(2025, 3, 8, 10, 0), N, N],
    )
    assert texts(s.early_start)[1] == "03-10 09:00"


def test_a_must_finish_on_date_counts_in_working_minutes() -> None:
    s = friday_plan(
        constraint_type=[0, ConstraintType.MFO, 0, 0],
        constraint_date=[N, "2025-03-10T17:00", N, N],
    )
    assert texts(s.early_start)[1] == "03-10 14:00"
    assert texts(s.early_finish)[1] == "03-10 17:00"
    assert s.total_float[0] == 240  # A could finish four working hours later (Monday 14:00)


def test_progress_against_a_status_date() -> None:
    # status Tuesday 11 March at noon: A done on Friday, B started Monday with 2 h left.
    s = schedule_project(
        ProjectPlan(
            start="2025-03-07T09:00",
            calendar=WEEK,
            durations=[480, 480, 120],
            pred=[0],
            succ=[1],
            actual_start=["2025-03-07T09:00", "2025-03-10T09:00", N],
            actual_finish=["2025-03-07T18:00", N, N],
            remaining=[N, 120, N],
            status_date="2025-03-11T12:00",
        )
    )
    assert texts(s.early_start) == ["03-07 09:00", "03-10 09:00", "03-11 13:00"]
    assert texts(s.early_finish) == ["03-07 18:00", "03-11 15:00", "03-11 15:00"]
    assert s.minutes.complete.tolist() == [True, False, False]


def test_a_summary_rolls_up_in_calendar_time() -> None:
    s = friday_plan(parent=[-1, -1, -1, -1])
    assert (s.early_start == friday_plan().early_start).all()
    outlined = schedule_project(
        ProjectPlan(
            start="2025-03-07T09:00",
            calendar=WEEK,
            durations=[0, 480, 180],
            pred=[1],
            succ=[2],
            parent=[-1, 0, 0],
        )
    )
    assert texts(outlined.early_start)[0] == "03-07 09:00"
    assert texts(outlined.early_finish)[0] == "03-10 12:00"


def test_a_bad_date_is_refused_naming_the_column() -> None:
    with pytest.raises(ValueError, match="deadline"):
        friday_plan(deadline=[N, "not a date", N, N])
    with pytest.raises(ValueError, match="actual_start must have 4 entries"):
        friday_plan(actual_start=[N])
