"""Task calendars, elapsed durations and elapsed lags (``openpmo.engines.calendar_passes``).

Dates are hand-computed; the Chinese holiday data is that of the 2025 National Day notice
(1-8 October off, Sunday 28 September and Saturday 11 October worked).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from openpmo.engines.calendars import Calendar
from openpmo.engines.cpm import ConstraintType
from openpmo.engines.scheduling import ProjectPlan, ProjectSchedule, schedule_project

STANDARD = Calendar.standard("Standard")  # 08:00-12:00, 13:00-17:00, Monday-Friday
CHINA = Calendar.china("China", hours="09:00-12:00, 13:00-18:00")
SEVEN_DAYS = STANDARD.derive("Seven days").with_week(
    dict.fromkeys(range(7), "08:00-12:00, 13:00-17:00")
)
NIGHT = STANDARD.derive("Night").with_week(dict.fromkeys(range(5), "22:00-24:00"))
DAY = 480


def texts(moments: Any) -> list[str]:
    return [str(m) for m in np.asarray(moments).astype("datetime64[m]").tolist()]


def iso(moments: Any) -> list[str]:
    return [m.isoformat(timespec="minutes") for m in np.asarray(moments).astype(object)]


def plan(**columns: Any) -> ProjectSchedule:
    columns.setdefault("start", dt.datetime(2025, 3, 7, 8, 0))  # a Friday
    columns.setdefault("calendar", STANDARD)
    return schedule_project(ProjectPlan(**columns))


def test_a_task_on_a_seven_day_calendar_works_the_weekend() -> None:
    s = plan(
        durations=[DAY, 2 * DAY, DAY],
        pred=[0, 1],
        succ=[1, 2],
        task_calendar=[None, SEVEN_DAYS, None],
    )
    assert iso(s.early_start) == ["2025-03-07T08:00", "2025-03-08T08:00", "2025-03-10T08:00"]
    assert iso(s.early_finish) == ["2025-03-07T17:00", "2025-03-09T17:00", "2025-03-10T17:00"]
    assert s.total_float.tolist() == [0, 0, 0]
    assert s.critical.all()


def test_a_task_calendar_inherits_the_project_holidays() -> None:
    # China calendar, 2025: a seven-day task calendar derived from it still has 1-8 October
    # off, so two days from Tuesday 30 September run 30 September and Thursday 9 October.
    seven = CHINA.derive("Seven").with_week(dict.fromkeys(range(7), "09:00-12:00, 13:00-18:00"))
    s = plan(
        start=dt.datetime(2025, 9, 30, 9, 0),
        calendar=CHINA,
        durations=[2 * DAY],
        task_calendar=[seven],
    )
    assert iso(s.early_finish) == ["2025-10-09T18:00"]


def test_a_night_shift_task_between_day_tasks() -> None:
    # Night: 22:00-24:00 Monday-Friday; 4 hours = Friday and Monday nights.
    s = plan(durations=[DAY, 240, DAY], pred=[0, 1], succ=[1, 2], task_calendar=[None, NIGHT, None])
    assert iso(s.early_start)[1:] == ["2025-03-07T22:00", "2025-03-11T08:00"]
    assert iso(s.early_finish)[1] == "2025-03-11T00:00"


def test_a_lag_counts_on_the_successors_calendar() -> None:
    # One day of lag into a seven-day task runs Saturday; into a standard task, Monday.
    s = plan(
        durations=[DAY, DAY, DAY],
        pred=[0, 0],
        succ=[1, 2],
        lag=[DAY, DAY],
        task_calendar=[None, SEVEN_DAYS, None],
    )
    assert iso(s.early_start)[1:] == ["2025-03-09T08:00", "2025-03-11T08:00"]


def test_late_dates_and_float_on_a_task_calendar() -> None:
    # B (seven days, 1 day) runs beside A (standard, 3 days) into C: B can start as late as
    # Monday 08:00, two working days of its own calendar (Saturday, Sunday) after Friday.
    s = plan(
        durations=[3 * DAY, DAY, DAY],
        pred=[0, 1],
        succ=[2, 2],
        task_calendar=[None, SEVEN_DAYS, None],
    )
    assert iso(s.early_finish)[:2] == ["2025-03-11T17:00", "2025-03-07T17:00"]
    assert iso(s.late_start)[1] == "2025-03-11T08:00"
    assert iso(s.late_finish)[1] == "2025-03-11T17:00"
    assert s.total_float.tolist() == [0, 4 * DAY, 0]
    assert s.free_float.tolist()[1] == 4 * DAY


def test_elapsed_duration_runs_through_the_weekend_and_national_day() -> None:
    # 3 elapsed days from Tuesday 30 September 18:00 end on Friday 3 October 18:00 (a
    # holiday): the successor on the China calendar starts Thursday 9 October.
    s = plan(
        start=dt.datetime(2025, 9, 30, 9, 0),
        calendar=CHINA,
        durations=[DAY, 3 * 1440, DAY],
        pred=[0, 1],
        succ=[1, 2],
        elapsed=[False, True, False],
    )
    assert iso(s.early_start) == ["2025-09-30T09:00", "2025-09-30T18:00", "2025-10-09T09:00"]
    assert iso(s.early_finish) == ["2025-09-30T18:00", "2025-10-03T18:00", "2025-10-09T18:00"]


def test_elapsed_lag_is_clock_time_and_working_lag_is_not() -> None:
    # Friday 17:00 + 2 elapsed days = Sunday 17:00 -> Monday 08:00; + 2 working days:
    # Tuesday 17:00 -> Wednesday 08:00.
    s = plan(
        durations=[DAY, DAY, DAY],
        pred=[0, 0],
        succ=[1, 2],
        lag=[2 * 1440, 2 * DAY],
        lag_elapsed=[True, False],
    )
    assert iso(s.early_start)[1:] == ["2025-03-10T08:00", "2025-03-12T08:00"]


def test_elapsed_lag_over_the_spring_festival() -> None:
    # 2026 Spring Festival: 15-23 February off, Saturday 14 and 28 February worked.
    # Friday 13 February 18:00 + 7 elapsed days = Friday 20 February 18:00 (holiday), so the
    # successor starts Tuesday 24 February 09:00; a 7-working-day lag instead ends on
    # Thursday 26 February (14, 24, 25, 26 Feb... counted below).
    s = plan(
        start=dt.datetime(2026, 2, 13, 9, 0),
        calendar=CHINA,
        durations=[DAY, DAY, DAY],
        pred=[0, 0],
        succ=[1, 2],
        lag=[7 * 1440, 7 * DAY],
        lag_elapsed=[True, False],
    )
    # Working days after Friday 13 Feb: Sat 14, Tue 24, Wed 25, Thu 26, Fri 27, Sat 28,
    # Mon 2 March; the 7-day lag ends Monday 2 March 18:00, so the start is Tuesday 3 March.
    assert iso(s.early_start)[1:] == ["2026-02-24T09:00", "2026-03-03T09:00"]


def test_elapsed_task_floats_are_elapsed_minutes() -> None:
    # A 1-elapsed-day task beside a 3-working-day one (Friday to Tuesday): it may finish by
    # Tuesday 17:00, i.e. 4 days of clock time after Saturday 08:00.
    s = plan(durations=[3 * DAY, 1440, 0], pred=[0, 1], succ=[2, 2], elapsed=[False, True, False])
    assert iso(s.early_finish)[1] == "2025-03-08T08:00"
    assert iso(s.late_finish)[1] == "2025-03-11T17:00"
    assert s.total_float[1] == 3 * 1440 + 9 * 60


def test_constraints_progress_and_alap_on_a_task_calendar() -> None:
    s = plan(
        durations=[DAY, DAY, DAY, DAY],
        pred=[0],
        succ=[1],
        constraint_type=[0, int(ConstraintType.ALAP), int(ConstraintType.SNET), 0],
        constraint_date=[None, None, dt.datetime(2025, 3, 8, 10, 0), None],
        task_calendar=[None, SEVEN_DAYS, SEVEN_DAYS, SEVEN_DAYS],
        actual_start=[None, None, None, dt.datetime(2025, 3, 7, 13, 0)],
        percent_complete=[0, 0, 0, 50],
        deadline=[None, dt.datetime(2025, 3, 10, 17, 0), None, None],
    )
    # ALAP B is placed at its late dates (the project ends Monday 17:00 through C? no: C ends
    # Sunday 10:00, so the end is B's); SNET Saturday 10:00 on a seven-day task starts then.
    assert iso(s.scheduled_start)[2] == "2025-03-08T10:00"
    assert iso(s.early_finish)[2] == "2025-03-09T10:00"
    # D started Friday 13:00, half done: 4 hours left, Friday 13:00-17:00.
    assert iso(s.early_finish)[3] == "2025-03-07T17:00"


def test_an_activity_flag_of_the_wrong_length_is_refused() -> None:
    import pytest

    with pytest.raises(ValueError, match="elapsed must hold 2 booleans"):
        plan(durations=[DAY, DAY], elapsed=[True])


# Property: with every activity on the project calendar (given explicitly), the clock-minute
# passes give exactly the dates and floats of the compiled working-minute passes.
@st.composite
def networks(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 9))
    durations = draw(
        st.lists(st.sampled_from([0, 60, 240, 480, 600, 1500]), min_size=n, max_size=n)
    )
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=12))
    links = sorted({(a, b) if a < b else (b, a) for a, b in pairs if a != b})
    m = len(links)
    kinds = draw(st.lists(st.integers(0, 3), min_size=m, max_size=m))
    lags = draw(st.lists(st.sampled_from([0, 0, 60, -120, 480, 700]), min_size=m, max_size=m))
    codes = draw(st.lists(st.sampled_from([0, 0, 0, 1, 4, 7]), min_size=n, max_size=n))
    days = [
        dt.datetime(2025, 9, 26 + k % 5, 9 + k % 9, 0) if code in (4, 7) else None
        for k, code in enumerate(codes)
    ]
    return {
        "start": dt.datetime(2025, 9, 26, 9, 0),
        "durations": durations,
        "pred": [a for a, _ in links],
        "succ": [b for _, b in links],
        "link_type": kinds,
        "lag": lags,
        "constraint_type": codes,
        "constraint_date": days,
    }


@settings(max_examples=300, deadline=None)
@given(networks())
def test_explicit_project_calendar_gives_the_fast_paths_schedule(columns: dict[str, Any]) -> None:
    fast = schedule_project(ProjectPlan(**columns, calendar=CHINA))
    same = [CHINA] * len(columns["durations"])
    slow = schedule_project(ProjectPlan(**columns, calendar=CHINA, task_calendar=same))
    for name in (
        "early_start",
        "early_finish",
        "late_start",
        "late_finish",
        "scheduled_start",
        "scheduled_finish",
    ):
        assert texts(getattr(slow, name)) == texts(getattr(fast, name)), name
    assert slow.total_float.tolist() == fast.total_float.tolist()
    assert slow.free_float.tolist() == fast.free_float.tolist()
    assert slow.critical.tolist() == fast.critical.tolist()
    assert slow.minutes.early_start.tolist() == fast.minutes.early_start.tolist()
