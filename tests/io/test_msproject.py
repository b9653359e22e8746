"""MS Project XML (MSPDI): reading every field, units, links, calendars, round trip, errors."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openpmo.engines.calendars import Shift, working_minutes_between
from openpmo.io.msproject import (
    ConstraintType,
    DurationFormat,
    LinkType,
    MsDuration,
    MsException,
    MsProject,
    MsProjectError,
    MsTask,
    TimeUnit,
    engine_calendar,
    engine_calendars,
    exception_dates,
    format_xsd_duration,
    link_type_from_mspdi,
    link_type_to_mspdi,
    mspdi_bytes,
    parse_xsd_duration,
    read_mspdi,
    read_mspdi_bytes,
    write_mspdi,
)

DATA = Path(__file__).parent.parent / "data" / "msproject"
SAMPLE = DATA / "office_move.xml"


@pytest.fixture(scope="module")
def project() -> MsProject:
    return read_mspdi(SAMPLE)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# -- project and tasks ------------------------------------------------------------------------


def test_reads_project_properties(project: MsProject) -> None:
    assert project.title == "Office move"
    assert project.start_date == at("2025-03-03T08:00")
    assert project.status_date == at("2025-03-05T17:00")
    assert (project.minutes_per_day, project.minutes_per_week, project.days_per_month) == (
        480,
        2400,
        20,
    )
    assert project.calendar_uid == 1
    assert (project.currency_code, project.currency_symbol, project.currency_digits) == (
        "CNY",
        "¥",
        2,
    )
    assert project.default_start_time == dt.time(8, 0)


def test_outline_levels_give_each_task_its_parent(project: MsProject) -> None:
    parents = {task.uid: task.parent_uid for task in project.tasks}
    # Task 0 is Microsoft Project's project summary (level 0); level-1 tasks are top level.
    assert parents == {0: None, 1: None, 2: 1, 3: 1, 4: 1, 5: None, 6: 5, 7: 5, 8: 5, 9: None}
    assert project.task(7).outline_number == "2.2"
    assert project.task(7).wbs == "2.2"
    assert project.task(0).outline_level == 0


def test_reads_summary_milestone_and_flags(project: MsProject) -> None:
    assert project.task(1).summary
    assert not project.task(1).milestone
    assert project.task(4).milestone
    assert project.task(9).milestone
    assert project.task(2).critical
    assert project.task(8).estimated


def test_reads_progress_actuals_and_slack(project: MsProject) -> None:
    survey, design = project.task(2), project.task(3)
    assert survey.percent_complete == 100
    assert survey.actual_start == at("2025-03-03T08:00")
    assert survey.actual_finish == at("2025-03-05T17:00")
    assert survey.actual_duration == MsDuration(1440, DurationFormat.D)
    assert survey.remaining_duration == MsDuration(0, DurationFormat.D)
    assert survey.work == 1440
    assert survey.cost == Decimal("4800.00")
    assert survey.notes == "Measure every room."
    assert survey.early_start == at("2025-03-03T08:00")
    assert survey.late_finish == at("2025-03-05T17:00")
    assert design.percent_complete == 40
    assert design.actual_finish is None
    assert design.remaining_duration == MsDuration(720, DurationFormat.H)
    assert design.total_slack == 2400  # 24000 tenths of a minute
    assert design.free_slack == 0


def test_reads_constraints_and_deadlines(project: MsProject) -> None:
    assert project.task(2).constraint_type is ConstraintType.MSO
    assert project.task(3).constraint_type is ConstraintType.ASAP
    assert project.task(6).constraint_type is ConstraintType.SNET
    assert project.task(6).constraint_date == at("2025-03-10T08:00")
    assert project.task(9).constraint_type is ConstraintType.FNLT
    assert project.task(3).deadline == at("2025-03-07T17:00")
    assert project.task(7).calendar_uid == 2
    assert project.task(2).calendar_uid is None  # -1 in the file


def test_reads_baselines(project: MsProject) -> None:
    first, second = project.task(2).baselines
    assert first.number == 0
    assert first.start == at("2025-03-03T08:00")
    assert first.finish == at("2025-03-04T17:00")
    assert first.duration == MsDuration(960, DurationFormat.D)
    assert first.work == 960
    assert first.cost == Decimal(3200)
    assert second.number == 1
    assert second.duration == MsDuration(1440, DurationFormat.D)  # the task's format


# -- durations --------------------------------------------------------------------------------


def test_durations_keep_minutes_and_display_format(project: MsProject) -> None:
    assert project.task(2).duration == MsDuration(1440, DurationFormat.D)
    assert project.task(3).duration == MsDuration(1200, DurationFormat.H)
    assert project.task(6).duration == MsDuration(2400, DurationFormat.W)
    assert project.task(7).duration == MsDuration(4320, DurationFormat.ED)
    assert project.task(8).duration == MsDuration(960, DurationFormat.D_EST)
    assert project.task(6).duration is not None
    assert project.task(6).duration.value() == 1.0  # one working week
    assert project.task(7).duration is not None
    assert project.task(7).duration.value() == 3.0  # three elapsed days


@pytest.mark.parametrize(
    ("code", "unit", "elapsed", "estimated"),
    [
        (3, TimeUnit.MINUTES, False, False),
        (4, TimeUnit.MINUTES, True, False),
        (5, TimeUnit.HOURS, False, False),
        (6, TimeUnit.HOURS, True, False),
        (7, TimeUnit.DAYS, False, False),
        (8, TimeUnit.DAYS, True, False),
        (9, TimeUnit.WEEKS, False, False),
        (10, TimeUnit.WEEKS, True, False),
        (11, TimeUnit.MONTHS, False, False),
        (12, TimeUnit.MONTHS, True, False),
        (19, TimeUnit.PERCENT, False, False),
        (20, TimeUnit.PERCENT, True, False),
        (21, TimeUnit.NONE, False, False),
        (39, TimeUnit.DAYS, False, True),
        (44, TimeUnit.MONTHS, True, True),
        (52, TimeUnit.PERCENT, True, True),
        (53, TimeUnit.NONE, False, True),
    ],
)
def test_duration_format_codes(code: int, unit: TimeUnit, elapsed: bool, estimated: bool) -> None:
    fmt = DurationFormat(code)
    assert (fmt.unit, fmt.elapsed, fmt.estimated) == (unit, elapsed, estimated)


@pytest.mark.parametrize(
    ("text", "elapsed", "minutes"),
    [
        ("PT8H0M0S", False, 480),
        ("PT0H30M0S", False, 30),
        ("PT7H59M59S", False, 480),  # seconds round to the nearest minute
        ("P2D", False, 960),  # working days of MinutesPerDay
        ("P2D", True, 2880),  # elapsed days of 24 h
        ("P1DT4H", False, 720),
        ("P1M", False, 9600),  # a month of DaysPerMonth working days
        ("P1M", True, 43200),  # an elapsed month of 30 days
        ("-PT8H0M0S", False, -480),
        ("PT1.5H", False, 90),
    ],
)
def test_parses_xsd_durations_into_minutes(text: str, elapsed: bool, minutes: int) -> None:
    assert parse_xsd_duration(text, elapsed=elapsed) == minutes


def test_days_follow_the_projects_minutes_per_day() -> None:
    assert parse_xsd_duration("P1D", minutes_per_day=450) == 450
    assert parse_xsd_duration("P1M", minutes_per_day=450, days_per_month=22) == 450 * 22
    assert MsDuration(900, DurationFormat.D).value(minutes_per_day=450) == 2.0
    assert MsDuration(2250, DurationFormat.W).value(minutes_per_week=2250) == 1.0
    assert MsDuration(960, DurationFormat.MO).value(days_per_month=2) == 1.0


@pytest.mark.parametrize("text", ["8 hours", "PT", "P", "PT8X", ""])
def test_rejects_text_that_is_not_a_duration(text: str) -> None:
    with pytest.raises(ValueError, match="not an ISO 8601 duration"):
        parse_xsd_duration(text)


@given(st.integers(min_value=-(10**7), max_value=10**7))
def test_duration_text_round_trips(minutes: int) -> None:
    assert parse_xsd_duration(format_xsd_duration(minutes)) == minutes


# -- links ------------------------------------------------------------------------------------


def test_link_types_map_from_mspdi_codes_to_ours() -> None:
    # MSPDI: 0=FF 1=FS 2=SF 3=SS; ours (engines.cpm): 0=FS 1=SS 2=FF 3=SF.
    assert [link_type_from_mspdi(code) for code in range(4)] == [
        LinkType.FF,
        LinkType.FS,
        LinkType.SF,
        LinkType.SS,
    ]
    assert [link_type_to_mspdi(ours) for ours in LinkType] == [1, 3, 0, 2]


def test_reads_every_link_type_and_lag_form(project: MsProject) -> None:
    links = {(link.predecessor_uid, link.successor_uid): link for link in project.links}
    assert len(project.links) == 7
    fs_negative = links[2, 3]
    assert (fs_negative.type, fs_negative.lag_minutes) == (LinkType.FS, -480)
    ss_hours = links[4, 6]
    assert (ss_hours.type, ss_hours.lag_minutes, ss_hours.lag_format) == (
        LinkType.SS,
        120,
        DurationFormat.H,
    )
    ff_negative = links[6, 7]
    assert (ff_negative.type, ff_negative.lag_minutes) == (LinkType.FF, -480)
    sf_percent = links[7, 8]
    assert sf_percent.type is LinkType.SF
    assert sf_percent.lag_format is DurationFormat.PERCENT
    assert (sf_percent.lag_percent, sf_percent.lag_minutes) == (50.0, 0)  # LinkLag 500
    elapsed = links[6, 8]
    assert (elapsed.lag_minutes, elapsed.lag_format) == (1440, DurationFormat.ED)
    assert not any(link.cross_project for link in project.links)


def test_cross_project_predecessor_may_be_absent() -> None:
    text = SAMPLE.read_text().replace(
        "<PredecessorUID>8</PredecessorUID><Type>1</Type>",
        "<PredecessorUID>77</PredecessorUID><Type>1</Type><CrossProject>1</CrossProject>"
        "<CrossProjectName>other.mpp\\77</CrossProjectName>",
    )
    link = read_mspdi_bytes(text).links[-1]
    assert (link.predecessor_uid, link.cross_project, link.cross_project_name) == (
        77,
        True,
        "other.mpp\\77",
    )


# -- calendars, resources, assignments --------------------------------------------------------


def test_reads_calendars(project: MsProject) -> None:
    standard, movers, person = project.calendars
    assert (standard.name, standard.is_base, standard.base_uid) == ("Standard", True, None)
    monday = standard.week_days[1]
    assert (monday.day_type, monday.working) == (2, True)
    assert monday.times == ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(17)))
    holiday = standard.exceptions[0]
    assert (holiday.name, holiday.working, holiday.type) == ("Qingming", False, 1)
    assert standard.work_weeks[0].name == "Summer Fridays"
    assert (movers.is_base, movers.base_uid) == (False, 1)
    # An old-style <WeekDay> with DayType 0 is read as an exception.
    assert movers.exceptions == (
        MsException(at("2025-03-17T00:00"), at("2025-03-18T23:59"), working=False),
    )
    assert person.exceptions[0].name == "Leave"


def test_reads_resources_and_assignments(project: MsProject) -> None:
    li, movers = project.resources
    assert (li.uid, li.name, li.type, li.initials, li.group) == (1, "Li Wei", 1, "LW", "PMO")
    assert (li.max_units, li.standard_rate, li.calendar_uid) == (1.0, Decimal(200), 3)
    assert (movers.max_units, movers.standard_rate) == (2.0, Decimal("80.50"))
    first, second, unassigned = project.assignments
    assert (first.task_uid, first.resource_uid, first.units, first.work) == (3, 1, 1.0, 1200)
    assert first.start == at("2025-03-05T08:00")
    assert (second.units, second.work) == (2.0, 2880)
    assert unassigned.resource_uid == -65535  # Microsoft Project's "no resource"


def test_calendar_conversion_gives_the_weeks_working_minutes(project: MsProject) -> None:
    calendars = engine_calendars(project)
    week = (dt.datetime(2025, 3, 3), dt.datetime(2025, 3, 10))
    next_week = (dt.datetime(2025, 3, 10), dt.datetime(2025, 3, 17))
    standard, movers, person = calendars[1], calendars[2], calendars[3]
    assert working_minutes_between(standard, *week) == 5 * 480
    assert working_minutes_between(standard, *next_week) == 5 * 480 - 240  # half-day Friday
    assert working_minutes_between(movers, *week) == 5 * 480 + 180  # Saturday 09:00-12:00
    assert working_minutes_between(person, *next_week) == 3 * 480 - 240  # two days' leave
    assert standard.hours_on("2025-03-04") == (Shift(480, 720), Shift(780, 1020))  # lunch
    assert standard.hours_on("2025-04-04") == ()  # Qingming
    assert standard.hours_on("2025-07-04") == (Shift(480, 720),)  # work week
    assert standard.hours_on("2025-07-03") == (Shift(480, 720), Shift(780, 1020))
    assert movers.hours_on("2025-03-17") == ()  # its own exception
    assert movers.hours_on("2025-04-04") == ()  # inherited from the base
    assert movers.base is standard
    assert engine_calendar(project) == standard


def test_recurring_exceptions_expand_within_their_period() -> None:
    def dates(**fields: object) -> list[str]:
        exception = MsException(at("2025-01-01T00:00"), at("2025-12-31T23:59"), **fields)  # type: ignore[arg-type]
        return [d.isoformat() for d in exception_dates(exception)]

    assert dates(type=2, month=9, month_day=1) == ["2025-10-01"]  # yearly, October 1
    assert dates(type=4, month_day=31, occurrences=2) == ["2025-01-31", "2025-02-28"]
    assert dates(type=5, month_item=4, month_position=0, occurrences=2) == [
        "2025-01-06",  # first Monday
        "2025-02-03",
    ]
    assert dates(type=3, month=4, month_item=8, month_position=4) == ["2025-05-30"]  # last Fri
    assert dates(type=6, days_of_week=1 | 64, occurrences=3) == [
        "2025-01-04",
        "2025-01-05",
        "2025-01-11",
    ]
    assert dates(type=1, period=100) == ["2025-01-01", "2025-04-11", "2025-07-20", "2025-10-28"]


# -- writing ----------------------------------------------------------------------------------


def test_round_trip_loses_nothing(project: MsProject, tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    write_mspdi(project, target)
    again = read_mspdi(target)
    assert again == project
    assert read_mspdi_bytes(mspdi_bytes(again)) == again


def test_round_trip_of_a_minimal_project() -> None:
    bare = MsProject(tasks=(MsTask(uid=1, name="Only"),))
    assert read_mspdi_bytes(mspdi_bytes(bare)) == bare


def test_writer_refuses_a_parent_the_outline_cannot_store() -> None:
    tasks = (MsTask(uid=1, name="A"), MsTask(uid=2, name="B", parent_uid=1, outline_level=1))
    with pytest.raises(MsProjectError, match="task 2 has parent 1"):
        mspdi_bytes(MsProject(tasks=tasks))


# Element order of Microsoft's MSPDI schema (mspdi_pj12.xsd, as published in the Project XML
# Data Interchange Schema Reference), for every element we write and its neighbours. The
# schema is a sequence, so children must appear in this order; "*" marks repeatable elements.
# One deliberate deviation: a WorkWeek's days sit in a <WeekDays> wrapper with working times,
# as Project 2010+ writes them; the 2007 schema text lists bare <WeekDay>s there by a
# mistake its own comments admit.
def _names(text: str) -> list[str]:
    return text.split()


SCHEMA_ORDER: dict[str, list[str]] = {
    "Project": _names(
        "SaveVersion UID Name Title Subject Category Company Manager Author CreationDate "
        "Revision LastSaved ScheduleFromStart StartDate FinishDate FYStartDate "
        "CriticalSlackLimit CurrencyDigits CurrencySymbol CurrencyCode CurrencySymbolPosition "
        "CalendarUID DefaultStartTime DefaultFinishTime MinutesPerDay MinutesPerWeek "
        "DaysPerMonth DefaultTaskType DefaultFixedCostAccrual DefaultStandardRate "
        "DefaultOvertimeRate DurationFormat WorkFormat EditableActualCosts HonorConstraints "
        "EarnedValueMethod InsertedProjectsLikeSummary MultipleCriticalPaths "
        "NewTasksEffortDriven NewTasksEstimated SplitsInProgressTasks SpreadActualCost "
        "SpreadPercentComplete TaskUpdatesResource FiscalYearStart WeekStartDay "
        "MoveCompletedEndsBack MoveRemainingStartsBack MoveRemainingStartsForward "
        "MoveCompletedEndsForward BaselineForEarnedValue AutoAddNewResourcesAndTasks "
        "StatusDate CurrentDate MicrosoftProjectServerURL Autolink NewTaskStartDate "
        "DefaultTaskEVMethod ProjectExternallyEdited ExtendedCreationDate ActualsInSync "
        "RemoveFileProperties AdminProject OutlineCodes WBSMasks ExtendedAttributes Calendars "
        "Tasks Resources Assignments"
    ),
    "Calendars": ["Calendar*"],
    "Calendar": _names("UID Name IsBaseCalendar BaseCalendarUID WeekDays Exceptions WorkWeeks"),
    "WeekDays": ["WeekDay*"],
    "WeekDay": _names("DayType DayWorking TimePeriod WorkingTimes"),
    "TimePeriod": ["FromDate", "ToDate"],
    "WorkingTimes": ["WorkingTime*"],
    "WorkingTime": ["FromTime", "ToTime"],
    "Exceptions": ["Exception*"],
    "Exception": _names(
        "EnteredByOccurrences TimePeriod Occurrences Name Type Period DaysOfWeek MonthItem "
        "MonthPosition Month MonthDay DayWorking WorkingTimes"
    ),
    "WorkWeeks": ["WorkWeek*"],
    "WorkWeek": ["TimePeriod", "Name", "WeekDays"],
    "Tasks": ["Task*"],
    "Task": _names(
        "UID ID Name Type IsNull CreateDate Contact WBS WBSLevel OutlineNumber OutlineLevel "
        "Priority Start Finish Duration DurationFormat Work Stop Resume ResumeValid "
        "EffortDriven Recurring OverAllocated Estimated Milestone Summary Critical "
        "IsSubproject IsSubprojectReadOnly SubprojectName ExternalTask ExternalTaskProject "
        "EarlyStart EarlyFinish LateStart LateFinish StartVariance FinishVariance "
        "WorkVariance FreeSlack TotalSlack FixedCost FixedCostAccrual PercentComplete "
        "PercentWorkComplete Cost OvertimeCost OvertimeWork ActualStart ActualFinish "
        "ActualDuration ActualCost ActualOvertimeCost ActualWork ActualOvertimeWork "
        "RegularWork RemainingDuration RemainingCost RemainingWork RemainingOvertimeCost "
        "RemainingOvertimeWork ACWP CV ConstraintType CalendarUID ConstraintDate Deadline "
        "LevelAssignments LevelingCanSplit LevelingDelay LevelingDelayFormat PreLeveledStart "
        "PreLeveledFinish Hyperlink HyperlinkAddress HyperlinkSubAddress "
        "IgnoreResourceCalendar Notes HideBar Rollup BCWS BCWP PhysicalPercentComplete "
        "EarnedValueMethod PredecessorLink* ActualWorkProtected ActualOvertimeWorkProtected "
        "ExtendedAttribute* Baseline* OutlineCode* IsPublished StatusManager CommitmentStart "
        "CommitmentFinish CommitmentType"
    ),
    "PredecessorLink": (
        _names("PredecessorUID Type CrossProject CrossProjectName LinkLag LagFormat")
    ),
    "Baseline": _names(
        "TimephasedData* Number Interim Start Finish Duration DurationFormat "
        "EstimatedDuration Work Cost BCWS BCWP FixedCost"
    ),
    "Resources": ["Resource*"],
    "Resource": _names(
        "UID ID Name Type IsNull Initials Phonetics NTAccount MaterialLabel Code Group "
        "WorkGroup EmailAddress Hyperlink HyperlinkAddress HyperlinkSubAddress MaxUnits "
        "PeakUnits OverAllocated AvailableFrom AvailableTo Start Finish CanLevel AccrueAt Work "
        "RegularWork OvertimeWork ActualWork RemainingWork ActualOvertimeWork "
        "RemainingOvertimeWork PercentWorkComplete StandardRate StandardRateFormat Cost "
        "OvertimeRate OvertimeRateFormat OvertimeCost CostPerUse ActualCost ActualOvertimeCost "
        "RemainingCost RemainingOvertimeCost WorkVariance CostVariance SV CV ACWP CalendarUID"
    ),
    "Assignments": ["Assignment*"],
    "Assignment": _names(
        "UID TaskUID ResourceUID PercentWorkComplete ActualCost ActualFinish "
        "ActualOvertimeCost ActualOvertimeWork ActualStart ActualWork ACWP Confirmed Cost "
        "CostRateTable CostVariance CV Delay Finish FinishVariance Hyperlink HyperlinkAddress "
        "HyperlinkSubAddress WorkVariance HasFixedRateUnits FixedMaterial LevelingDelay "
        "LevelingDelayFormat LinkedFields Milestone Notes Overallocated OvertimeCost "
        "OvertimeWork PeakUnits RegularWork RemainingCost RemainingOvertimeCost "
        "RemainingOvertimeWork RemainingWork ResponsePending Start Stop Resume StartVariance "
        "Summary SV Units UpdateNeeded VAC Work"
    ),
}
REQUIRED = {
    "Project": {"SaveVersion", "CurrencyCode"},
    "Calendar": {"UID"},
    "Task": {"UID"},
    "Resource": {"UID"},
    "Assignment": {"UID"},
    "WeekDay": {"DayType"},
}
LEAF_TYPES = {
    "integer": re.compile(r"-?\d+"),
    "boolean": re.compile(r"0|1|true|false"),
    "dateTime": re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"),
    "time": re.compile(r"\d\d:\d\d:\d\d"),
    "duration": re.compile(r"-?PT\d+H\d+M\d+S"),
    "decimal": re.compile(r"-?\d+(\.\d+)?"),
    "string": re.compile(r"(?s).{0,512}"),
}
TYPE_OF = {
    **dict.fromkeys(
        _names(
            "SaveVersion UID ID OutlineLevel DurationFormat FreeSlack TotalSlack PercentComplete "
            "ConstraintType CalendarUID PredecessorUID Type LinkLag LagFormat Number DayType "
            "BaseCalendarUID TaskUID ResourceUID MinutesPerDay MinutesPerWeek DaysPerMonth "
            "CurrencyDigits Occurrences Period DaysOfWeek MonthItem MonthPosition Month MonthDay"
        ),
        "integer",
    ),
    **dict.fromkeys(
        _names(
            "ScheduleFromStart Estimated Milestone Summary Critical CrossProject IsBaseCalendar "
            "DayWorking"
        ),
        "boolean",
    ),
    **dict.fromkeys(
        _names(
            "StartDate FinishDate StatusDate Start Finish EarlyStart EarlyFinish LateStart "
            "LateFinish ActualStart ActualFinish ConstraintDate Deadline FromDate ToDate"
        ),
        "dateTime",
    ),
    **dict.fromkeys(_names("DefaultStartTime DefaultFinishTime FromTime ToTime"), "time"),
    **dict.fromkeys(_names("Duration Work ActualDuration RemainingDuration"), "duration"),
    **dict.fromkeys(_names("Cost StandardRate MaxUnits Units"), "decimal"),
    **dict.fromkeys(
        _names(
            "Name Title Author Company CurrencySymbol CurrencyCode WBS OutlineNumber Notes "
            "Initials Group CrossProjectName"
        ),
        "string",
    ),
}
ENUMS = {
    "DurationFormat": {*range(3, 13), 19, 20, 21, *range(35, 45), 51, 52, 53},
    "LagFormat": {*range(3, 13), 19, 20, *range(35, 45), 51, 52, 53},
    "ConstraintType": set(range(8)),
    "DayType": set(range(8)),
}


def _check_against_schema(node: ET.Element, problems: list[str]) -> None:
    tag = node.tag.rpartition("}")[2]
    children = [child.tag.rpartition("}")[2] for child in node]
    if tag in SCHEMA_ORDER:
        order = [name.rstrip("*") for name in SCHEMA_ORDER[tag]]
        repeatable = {name.rstrip("*") for name in SCHEMA_ORDER[tag] if name.endswith("*")}
        last = -1
        for index, name in enumerate(children):
            if name not in order:
                problems.append(f"<{name}> is not allowed in <{tag}>")
                continue
            position = order.index(name)
            repeat = position == last and name in repeatable and children[index - 1] == name
            if position <= last and not repeat:
                problems.append(f"<{name}> is out of order in <{tag}>")
            last = position
        for name in REQUIRED.get(tag, set()) - set(children):
            problems.append(f"<{tag}> lacks required <{name}>")
    elif len(node) == 0 and tag in TYPE_OF:
        text = node.text or ""
        kind = TYPE_OF[tag]
        if not LEAF_TYPES[kind].fullmatch(text):
            problems.append(f"<{tag}>{text}</{tag}> is not an xsd:{kind}")
        if tag in ENUMS and int(text) not in ENUMS[tag]:
            problems.append(f"<{tag}>{text}</{tag}> is not an allowed value")
    else:
        problems.append(f"<{tag}> is not in the order table")
    for child in node:
        _check_against_schema(child, problems)


def test_written_file_follows_the_schemas_element_order_and_types(project: MsProject) -> None:
    root = ET.fromstring(mspdi_bytes(project))
    assert root.tag == "{http://schemas.microsoft.com/project}Project"
    problems: list[str] = []
    _check_against_schema(root, problems)
    assert problems == []


def test_schema_check_notices_a_misordered_element() -> None:
    root = ET.fromstring(
        "<Project><SaveVersion>14</SaveVersion><StartDate>2025-01-01T08:00:00</StartDate>"
        "<Name>x</Name><CurrencyCode>USD</CurrencyCode></Project>"
    )
    problems: list[str] = []
    _check_against_schema(root, problems)
    assert problems == ["<Name> is out of order in <Project>"]


# -- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "element", "reason"),
    [
        ("bad_duration.xml", 8, "Duration", "'8 hours' is not an ISO 8601 duration"),
        ("unknown_link.xml", 12, "PredecessorLink", "PredecessorUID 99 is not a task"),
        ("missing_uid.xml", 9, "Task", "<UID> is missing"),
        ("not_xml.xml", 5, None, "not well-formed XML: mismatched tag"),
        ("wrong_root.xml", 2, "Schedule", "the root element must be <Project>"),
    ],
)
def test_a_bad_file_gets_one_error_naming_element_and_line(
    name: str, line: int, element: str | None, reason: str
) -> None:
    path = DATA / name
    with pytest.raises(MsProjectError) as caught:
        read_mspdi(path)
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.line, error.element) == (line, element)
    assert reason in error.reason
    assert str(error).startswith(f"{path}, line {line}: ")


def test_error_message_reads_naturally() -> None:
    with pytest.raises(MsProjectError) as caught:
        read_mspdi(DATA / "bad_duration.xml")
    assert str(caught.value).endswith(
        "bad_duration.xml, line 8: <Duration>: '8 hours' is not an ISO 8601 duration "
        "such as PT8H0M0S"
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "not well-formed XML: no element found"),
        (
            '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><Project/>',
            "DTDs and entity declarations are not allowed",
        ),
        ('<Project xmlns="urn:other"/>', "is not http://schemas.microsoft.com/project"),
        (
            "<Project><Tasks><Task><UID>1</UID><ConstraintType>9</ConstraintType></Task>"
            "</Tasks></Project>",
            "9 is not a constraint type",
        ),
        (
            "<Project><Tasks><Task><UID>1</UID><Milestone>yes</Milestone></Task></Tasks></Project>",
            "'yes' is not a boolean",
        ),
        (
            "<Project><Tasks><Task><UID>1</UID></Task><Task><UID>1</UID></Task></Tasks></Project>",
            "UID 1 appears twice",
        ),
        (
            "<Project><Tasks><Task><UID>1</UID><CalendarUID>5</CalendarUID></Task></Tasks>"
            "</Project>",
            "CalendarUID 5 is not a calendar",
        ),
        (
            "<Project><Tasks><Task><UID>1</UID><PredecessorLink><PredecessorUID>1"
            "</PredecessorUID><Type>7</Type></PredecessorLink></Task></Tasks></Project>",
            "7 is not a link type",
        ),
        (
            "<Project><Tasks><Task><UID>1</UID></Task></Tasks><Assignments><Assignment>"
            "<UID>1</UID><TaskUID>1</TaskUID><ResourceUID>4</ResourceUID></Assignment>"
            "</Assignments></Project>",
            "ResourceUID 4 is not a resource",
        ),
    ],
)
def test_rejects_bad_content_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(MsProjectError, match=re.escape(reason)):
        read_mspdi_bytes(text)
