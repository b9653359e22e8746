"""Working-time calendars: hand-checked cases, Chinese holidays and Hypothesis properties."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openpmo.engines.calendars import (
    Calendar,
    HolidayNotice,
    Shift,
    add_working_minutes,
    china_holidays,
    from_working_minutes,
    is_working_day,
    parse_hours,
    to_working_minutes,
    working_minutes_between,
    working_minutes_per_day,
)

OFFICE = "09:00-12:00, 13:00-18:00"
MONDAY = dt.datetime(2025, 3, 3, 9, 0)  # an ordinary week with no Chinese holiday


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def office() -> Calendar:
    return Calendar.standard("Office", hours=OFFICE)


def china_office() -> Calendar:
    return Calendar.china("Office", hours=OFFICE)


def days(first: str, last: str) -> np.ndarray:
    return np.arange(first, np.datetime64(last) + 1, dtype="datetime64[D]")


# -- building and validating ---------------------------------------------------------------------


def test_parse_hours_sorts_shifts_and_accepts_every_form() -> None:
    expected = (Shift(540, 720), Shift(780, 1080))
    assert parse_hours(OFFICE) == expected
    assert parse_hours(["13:00-18:00", "09:00–12:00"]) == expected
    assert parse_hours([("09:00", "12:00"), (780, 1080)]) == expected
    assert parse_hours("") == ()
    assert str(Shift.parse("22:00-24:00")) == "22:00–24:00"


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("09:00-12:00, 11:00-13:00", "overlap"),
        ("12:00-09:00", "ends before it starts"),
        ("22:00-06:00", "cross midnight"),
        ("09:00-24:30", "not between 00:00 and 24:00"),
        ("9-12", "not HH:MM"),
        ("09:60-12:00", "not between"),
        ("09:00", "HH:MM-HH:MM"),
    ],
)
def test_invalid_hours_raise_a_clear_value_error(hours: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_hours(hours)


def test_calendar_refuses_unsorted_exceptions_and_bad_weekdays() -> None:
    with pytest.raises(ValueError, match="7 days"):
        Calendar(week=((),) * 6)
    with pytest.raises(ValueError, match="weekday"):
        office().with_weekday(7, OFFICE)
    with pytest.raises(ValueError, match="before"):
        office().with_nonworking("2025-03-05", "2025-03-04")
    with pytest.raises(ValueError, match="at least one shift"):
        office().with_working("2025-03-08", hours="")
    with pytest.raises(ValueError, match="sorted by date"):
        Calendar(exceptions=((dt.date(2025, 1, 2), ()), (dt.date(2025, 1, 1), ())))


def test_calendars_are_immutable_values() -> None:
    calendar = office()
    changed = calendar.with_nonworking("2025-03-04")
    assert calendar.hours_on("2025-03-04") == parse_hours(OFFICE)
    assert changed.hours_on("2025-03-04") == ()
    assert office() == calendar
    assert hash(office()) == hash(calendar)
    with pytest.raises(AttributeError):
        calendar.name = "other"  # type: ignore[misc]


# -- weekends, lunch breaks, day ends --------------------------------------------------------------


def test_weekends_do_not_work() -> None:
    calendar = office()
    week = days("2025-03-03", "2025-03-09")
    assert is_working_day(calendar, week).tolist() == [True] * 5 + [False] * 2
    assert working_minutes_per_day(calendar, week).tolist() == [480] * 5 + [0, 0]
    assert add_working_minutes(calendar, at("2025-03-07T17:00"), 120) == at("2025-03-10T10:00")


def test_a_task_spanning_the_lunch_break_finishes_after_it() -> None:
    # 4 working hours from 10:00: 2 before lunch, 2 after it.
    calendar = office()
    finish = add_working_minutes(calendar, at("2025-03-03T10:00"), 240, as_finish=True)
    assert finish == at("2025-03-03T15:00")


def test_a_finish_at_a_shift_end_stays_there_and_a_start_moves_on() -> None:
    calendar = office()
    start = at("2025-03-03T10:00")
    assert add_working_minutes(calendar, start, 120, as_finish=True) == at("2025-03-03T12:00")
    assert add_working_minutes(calendar, start, 120) == at("2025-03-03T13:00")
    assert add_working_minutes(calendar, start, 480, as_finish=True) == at("2025-03-04T10:00")
    end_of_day = add_working_minutes(calendar, at("2025-03-03T09:00"), 480, as_finish=True)
    assert end_of_day == at("2025-03-03T18:00")


def test_a_task_starting_at_the_end_of_a_working_day_starts_next_morning() -> None:
    calendar = office()
    offset = to_working_minutes(calendar, MONDAY, at("2025-03-03T18:00"))
    assert offset == 480
    assert from_working_minutes(calendar, MONDAY, offset) == np.datetime64("2025-03-04T09:00")
    friday_evening = add_working_minutes(calendar, at("2025-03-07T18:00"), 0)
    assert friday_evening == at("2025-03-10T09:00")


def test_non_working_moments_count_as_the_next_working_minute() -> None:
    calendar = office()
    moments = ["2025-03-03T12:00", "2025-03-03T12:30", "2025-03-03T13:00", "2025-03-03T07:00"]
    assert to_working_minutes(calendar, MONDAY, moments).tolist() == [180, 180, 180, 0]
    assert to_working_minutes(calendar, MONDAY, "2025-03-08T10:00") == 5 * 480
    assert to_working_minutes(calendar, MONDAY, "2025-03-02T10:00") == 0
    assert to_working_minutes(calendar, MONDAY, "2025-02-28T17:00") == -60


def test_offsets_before_the_origin_are_negative() -> None:
    calendar = office()
    assert add_working_minutes(calendar, MONDAY, -60) == at("2025-02-28T17:00")
    assert add_working_minutes(calendar, MONDAY, -480) == at("2025-02-28T09:00")
    assert add_working_minutes(calendar, MONDAY, -481) == at("2025-02-27T17:59")
    assert working_minutes_between(calendar, MONDAY, at("2025-02-24T09:00")) == -5 * 480


def test_a_night_shift_split_at_midnight_joins_up() -> None:
    calendar = Calendar.standard("Night", hours="00:00-06:00, 22:00-24:00", workdays=range(7))
    finish = add_working_minutes(calendar, at("2025-03-03T23:00"), 120, as_finish=True)
    assert finish == at("2025-03-04T01:00")
    assert add_working_minutes(calendar, at("2025-03-03T23:00"), 60) == at("2025-03-04T00:00")


def test_touching_shifts_are_one_working_period() -> None:
    calendar = Calendar.standard("Split", hours="09:00-12:00, 12:00-13:00")
    assert add_working_minutes(calendar, MONDAY, 180, as_finish=True) == at("2025-03-03T12:00")
    assert add_working_minutes(calendar, MONDAY, 180) == at("2025-03-03T12:00")
    assert working_minutes_per_day(calendar, "2025-03-03") == 240


def test_exceptions_over_a_date_range() -> None:
    calendar = (
        office()
        .with_nonworking("2025-03-04", "2025-03-06")
        .with_working("2025-03-08", hours="10:00-14:00")
    )
    week = days("2025-03-03", "2025-03-09")
    assert working_minutes_per_day(calendar, week).tolist() == [480, 0, 0, 0, 480, 240, 0]
    assert add_working_minutes(calendar, at("2025-03-03T17:00"), 120) == at("2025-03-07T10:00")
    # an extra working day without hours of its own works the standard day
    saturday = office().with_working("2025-03-08")
    assert saturday.hours_on("2025-03-08") == parse_hours(OFFICE)


def test_bad_inputs_raise_value_errors() -> None:
    calendar = office()
    aware = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    with pytest.raises(ValueError, match="timezone"):
        to_working_minutes(calendar, MONDAY, [aware])
    with pytest.raises(ValueError, match="integer"):
        from_working_minutes(calendar, MONDAY, [1.5])
    with pytest.raises(ValueError, match="NaT"):
        to_working_minutes(calendar, MONDAY, np.array(["NaT"], dtype="datetime64[m]"))
    with pytest.raises(ValueError, match="single"):
        to_working_minutes(calendar, [MONDAY, MONDAY], MONDAY)
    with pytest.raises(ValueError, match="no working time"):
        add_working_minutes(Calendar.standard("Idle", workdays=()), MONDAY, 60)


def test_seconds_are_floored_to_the_minute() -> None:
    calendar = office()
    assert to_working_minutes(calendar, MONDAY, at("2025-03-03T09:10:59")) == 10


def test_empty_inputs_give_empty_outputs() -> None:
    calendar = office()
    assert to_working_minutes(calendar, MONDAY, np.array([], dtype="datetime64[m]")).size == 0
    assert from_working_minutes(calendar, MONDAY, np.array([], dtype=np.int64)).size == 0


# -- Chinese holidays and adjusted working days ----------------------------------------------------


def test_package_data_has_national_day_2025_and_its_adjusted_working_days() -> None:
    schedule = china_holidays()
    assert {dt.date(2025, 10, d) for d in range(1, 9)} <= schedule.holidays
    assert {dt.date(2025, 9, 28), dt.date(2025, 10, 11)} <= schedule.workdays
    assert schedule.covers(2025)
    assert schedule.covers(2004)


def test_national_day_2025_is_off_and_its_weekend_make_up_days_work() -> None:
    calendar = china_office()
    working = is_working_day(calendar, days("2025-09-27", "2025-10-12")).tolist()
    expected = {
        "2025-09-27": False,  # Saturday
        "2025-09-28": True,  # Sunday worked (调休)
        "2025-09-29": True,
        "2025-09-30": True,
        **{f"2025-10-0{d}": False for d in range(1, 9)},  # National Day and Mid-Autumn
        "2025-10-09": True,
        "2025-10-10": True,
        "2025-10-11": True,  # Saturday worked (调休)
        "2025-10-12": False,
    }
    assert working == list(expected.values())
    assert calendar.hours_on("2025-10-11") == parse_hours(OFFICE)
    # a task starting at the end of the last day before the holiday starts after it
    start = add_working_minutes(calendar, at("2025-09-30T18:00"), 0)
    assert start == at("2025-10-09T09:00")


def test_spring_festival_2026_follows_the_package_data() -> None:
    schedule = china_holidays()
    festival = {dt.date(2026, 2, d) for d in range(15, 24)}
    assert festival <= schedule.holidays
    assert {dt.date(2026, 2, 14), dt.date(2026, 2, 28)} <= schedule.workdays
    calendar = china_office()
    working = is_working_day(calendar, days("2026-02-13", "2026-03-01")).tolist()
    assert working[:2] == [True, True]  # Friday, then Saturday 14th worked
    assert working[2:11] == [False] * 9  # 15th to 23rd off
    assert working[11:15] == [True] * 4
    assert working[15:] == [True, False]  # Saturday 28th worked, Sunday off
    # a day's work from the afternoon before the festival: 5 hours, then 3 after it
    finish = add_working_minutes(calendar, at("2026-02-14T13:00"), 480, as_finish=True)
    assert finish == at("2026-02-24T12:00")
    assert add_working_minutes(calendar, at("2026-02-14T13:00"), 480) == at("2026-02-24T13:00")


def test_the_working_saturday_the_package_misses_in_2005_is_corrected() -> None:
    # 国办发明电〔2005〕35号: 12月31日(星期六)上班
    assert is_working_day(china_office(), ["2005-12-31", "2006-01-02"]).tolist() == [True, False]


NOTICE_2027 = {
    "year": 2027,
    "holidays": [["2027-01-01", "2027-01-03"], ["2027-02-06", "2027-02-14"], "2027-04-05"],
    "workdays": ["2027-02-20"],
}


def test_a_hand_added_notice_covers_a_year_the_package_lacks() -> None:
    assert not china_holidays().covers(2027)
    schedule = china_holidays([NOTICE_2027])
    assert schedule.covers(2027)
    calendar = Calendar.china("Office", hours=OFFICE, notices=[NOTICE_2027])
    assert is_working_day(calendar, ["2027-02-05", "2027-02-08", "2027-02-15"]).tolist() == [
        True,
        False,
        True,
    ]
    assert is_working_day(calendar, "2027-02-20")  # a Saturday worked
    assert not is_working_day(calendar, "2027-04-05")
    assert calendar == china_office().with_notice(NOTICE_2027)


def test_a_notice_replaces_the_package_data_for_its_year() -> None:
    notice = {"year": 2026, "holidays": [["2026-03-02", "2026-03-03"]], "workdays": []}
    calendar = china_office().with_notice(notice)
    assert is_working_day(calendar, "2026-02-18")  # the package's Spring Festival is gone
    assert not is_working_day(calendar, "2026-02-14")  # and so is its working Saturday
    assert not is_working_day(calendar, "2026-03-02")
    assert not is_working_day(calendar, "2025-10-01")  # other years keep the package data


@pytest.mark.parametrize(
    ("notice", "message"),
    [
        ({"holidays": []}, "year must be"),
        ({"year": 2027, "holidays": [["2027-02-10", "2027-02-06"]]}, r"holidays\[0\]: ends"),
        ({"year": 2027, "holidays": [["2027-13-01", "2027-13-02"]]}, "not an ISO date"),
        ({"year": 2027, "workdays": ["2027-02-08"]}, "is a Monday"),
        ({"year": 2027, "holidays": ["2027-02-06"], "workdays": ["2027-02-06"]}, "both"),
        ({"year": 2027, "holiday": []}, "unknown field"),
        ({"year": 2027, "holidays": ["2031-01-01"]}, "too far"),
        ({"year": 2027, "holidays": "2027-01-01"}, "list"),
    ],
)
def test_a_malformed_notice_is_refused_with_the_field_named(
    notice: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        HolidayNotice.from_mapping(notice)


def test_two_notices_for_one_year_are_refused() -> None:
    with pytest.raises(ValueError, match="given twice"):
        china_holidays([NOTICE_2027, NOTICE_2027])


# -- inheritance ----------------------------------------------------------------------------------


def test_a_task_calendar_overrides_the_week_and_inherits_holidays() -> None:
    project = china_office()
    task = project.derive("Shifts").with_week(
        dict.fromkeys(range(6), "07:00-15:00")  # Monday to Saturday
    )
    assert task.hours_on("2025-10-04") == ()  # Saturday, but inside National Day
    assert task.hours_on("2025-10-18") == parse_hours("07:00-15:00")  # an ordinary Saturday
    assert task.hours_on("2025-10-01") == ()
    assert task.hours_on("2025-10-11") == parse_hours("07:00-15:00")  # 调休 in the task's hours
    assert task.hours_on("2025-10-12") == ()  # Sunday inherited from the project
    assert project.hours_on("2025-10-18") == ()
    assert add_working_minutes(task, at("2025-09-30T15:00"), 0) == at("2025-10-09T07:00")


def test_a_resource_calendar_adds_leave_and_overtime_to_its_base() -> None:
    project = china_office()
    resource = project.derive("Wang").with_nonworking("2025-10-09", "2025-10-10")
    resource = resource.with_working("2025-10-08", hours="09:00-12:00")
    week = days("2025-10-08", "2025-10-13")
    assert working_minutes_per_day(resource, week).tolist() == [180, 0, 0, 480, 0, 480]
    assert resource.effective_week == project.effective_week
    # the base keeps its own days
    assert working_minutes_per_day(project, week).tolist() == [0, 480, 480, 480, 0, 480]


def test_a_derived_weekday_left_unset_is_inherited() -> None:
    base = office().with_weekday(5, "09:00-12:00")
    child = base.derive("Child").with_weekday(0, "")
    assert child.effective_week[0] == ()
    assert child.effective_week[5] == parse_hours("09:00-12:00")
    assert child.with_weekday(0, None).effective_week == base.effective_week


# -- decades and vectorisation --------------------------------------------------------------------


def test_offsets_of_decades_round_trip_both_ways() -> None:
    calendar = china_office()
    origin = at("2025-06-02T09:00")
    minutes = np.array([-(10**7), -12345, 0, 1, 12345, 10**7], dtype=np.int64)
    for as_finish in (False, True):
        moments = from_working_minutes(calendar, origin, minutes, as_finish=as_finish)
        assert to_working_minutes(calendar, origin, moments).tolist() == minutes.tolist()
    far = from_working_minutes(calendar, origin, [10**7])[0]
    assert far > np.datetime64("2100-01-01")


def test_vectorised_results_equal_the_scalar_ones() -> None:
    calendar = china_office()
    origin = at("2025-09-26T10:17")
    rng = np.random.default_rng(7)
    minutes = rng.integers(-100_000, 100_000, size=200)
    for as_finish in (False, True):
        vector = from_working_minutes(calendar, origin, minutes, as_finish=as_finish)
        scalar = [
            add_working_minutes(calendar, origin, int(m), as_finish=as_finish) for m in minutes
        ]
        assert vector.astype(dt.datetime).tolist() == scalar
    moments = vector.reshape(20, 10)
    offsets = to_working_minutes(calendar, origin, moments)
    assert offsets.shape == (20, 10)
    assert offsets.ravel().tolist() == [
        working_minutes_between(calendar, origin, m) for m in moments.ravel()
    ]


# -- Hypothesis properties ------------------------------------------------------------------------


@st.composite
def day_hours(draw: st.DrawFn) -> tuple[Shift, ...]:
    count = draw(st.integers(0, 3))
    bounds = sorted(draw(st.sets(st.integers(0, 1440), min_size=2 * count, max_size=2 * count)))
    return tuple(Shift(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2))


SPAN_START = dt.date(2024, 1, 1)
SPAN_DAYS = 3 * 366
dates = st.integers(0, SPAN_DAYS).map(lambda n: SPAN_START + dt.timedelta(days=n))


@st.composite
def calendars(draw: st.DrawFn, *, exceptions: bool = True) -> Calendar:
    week = draw(st.lists(day_hours(), min_size=7, max_size=7).filter(any))
    calendar = Calendar(name="Drawn", week=tuple(week))
    if draw(st.booleans()):
        calendar = calendar.derive("Child").with_weekday(draw(st.integers(0, 6)), draw(day_hours()))
        if not any(calendar.effective_week):
            calendar = calendar.with_weekday(0, "09:00-17:00")
    if exceptions:
        for day in draw(st.lists(dates, max_size=6)):
            hours = draw(day_hours())
            calendar = (
                calendar.with_working(day, hours=hours) if hours else calendar.with_nonworking(day)
            )
        if draw(st.booleans()):
            calendar = calendar.with_holidays(china_holidays())
    return calendar


moments = st.datetimes(
    min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2026, 12, 31, 23, 59)
).map(lambda d: d.replace(second=0, microsecond=0))


def reference_minutes(calendar: Calendar, origin: dt.datetime, moment: dt.datetime) -> int:
    """Working minutes in [origin, moment), signed, counted shift by shift."""
    low, high, sign = (origin, moment, 1) if origin <= moment else (moment, origin, -1)
    total, day = 0, low.date()
    while day <= high.date():
        midnight = dt.datetime.combine(day, dt.time())
        for shift in calendar.hours_on(day):
            start = max(midnight + dt.timedelta(minutes=shift.start), low)
            end = min(midnight + dt.timedelta(minutes=shift.end), high)
            total += max(int((end - start).total_seconds()) // 60, 0)
        day += dt.timedelta(days=1)
    return sign * total


def is_working_moment(calendar: Calendar, moment: dt.datetime) -> bool:
    minute = moment.hour * 60 + moment.minute
    return any(s.start <= minute < s.end for s in calendar.hours_on(moment.date()))


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(calendars(), moments, moments)
def test_working_minutes_equal_a_shift_by_shift_count(
    calendar: Calendar, origin: dt.datetime, moment: dt.datetime
) -> None:
    assert to_working_minutes(calendar, origin, moment) == reference_minutes(
        calendar, origin, moment
    )


@PROPERTY
@given(calendars(), moments, st.lists(moments, min_size=2, max_size=20))
def test_later_datetimes_never_get_fewer_working_minutes(
    calendar: Calendar, origin: dt.datetime, values: list[dt.datetime]
) -> None:
    values.sort()
    offsets = to_working_minutes(calendar, origin, np.array(values, dtype="datetime64[m]"))
    assert (np.diff(offsets) >= 0).all()


@PROPERTY
@given(calendars(), moments, moments)
def test_from_after_to_returns_a_working_moment(
    calendar: Calendar, origin: dt.datetime, moment: dt.datetime
) -> None:
    offset = to_working_minutes(calendar, origin, moment)
    start = from_working_minutes(calendar, origin, offset).item()
    assert is_working_moment(calendar, start)
    if is_working_moment(calendar, moment):
        assert start == moment
    else:
        assert start > moment
    if is_working_moment(calendar, moment - dt.timedelta(minutes=1)):
        assert from_working_minutes(calendar, origin, offset, as_finish=True).item() == moment


@PROPERTY
@given(calendars(), moments, st.integers(-200_000, 200_000), st.booleans())
def test_to_after_from_returns_the_offset(
    calendar: Calendar, origin: dt.datetime, minutes: int, as_finish: bool
) -> None:
    moment = from_working_minutes(calendar, origin, minutes, as_finish=as_finish)
    assert to_working_minutes(calendar, origin, moment) == minutes
    start = from_working_minutes(calendar, origin, minutes).item()
    finish = from_working_minutes(calendar, origin, minutes, as_finish=True).item()
    assert finish <= start


@PROPERTY
@given(
    calendars(),
    moments,
    st.integers(-100_000, 100_000),
    st.integers(-100_000, 100_000),
)
def test_adding_in_two_steps_equals_adding_at_once(
    calendar: Calendar, start: dt.datetime, first: int, second: int
) -> None:
    once = add_working_minutes(calendar, start, first + second)
    twice = add_working_minutes(calendar, add_working_minutes(calendar, start, first), second)
    assert once == twice


@PROPERTY
@given(calendars(exceptions=False), dates)
def test_a_week_without_exceptions_works_the_sum_of_its_shifts(
    calendar: Calendar, first: dt.date
) -> None:
    week_total = sum(shift.minutes for hours in calendar.effective_week for shift in hours)
    seven = np.arange(first, first + dt.timedelta(days=7), dtype="datetime64[D]")
    assert int(working_minutes_per_day(calendar, seven).sum()) == week_total
    monday = dt.datetime.combine(first, dt.time())
    assert working_minutes_between(calendar, monday, monday + dt.timedelta(days=7)) == week_total
