"""Write an :class:`MsProject` as MSPDI that :func:`read_mspdi` reads back unchanged.

MSPDI is a sequence schema: every element must come in the order Microsoft's schema
(``mspdi_pj12.xsd``, as published in the Project XML Data Interchange reference) lists it.
The ``_emit_*`` functions below write the subset we model in exactly that order. Tests check
the output against an order table taken from the schema (``tests/io/test_msproject.py``) and,
with the mpxj extra and a JDK, validate it against the schema JAXB derives from MPXJ's classes
generated from Microsoft's XSD (``tests/io/test_mspdi_schema.py``).
"""

from __future__ import annotations

import datetime as dt
import os
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

from openpmo.io.msproject.errors import MsProjectError
from openpmo.io.msproject.model import (
    MsAssignment,
    MsBaseline,
    MsCalendar,
    MsException,
    MsLink,
    MsProject,
    MsResource,
    MsTask,
    MsWeekDay,
    MsWorkWeek,
    WorkingTime,
)
from openpmo.io.msproject.reader import MSPDI_NAMESPACE
from openpmo.io.msproject.units import (
    DurationFormat,
    MsDuration,
    TimeUnit,
    format_xsd_duration,
    link_type_to_mspdi,
)

__all__ = ["mspdi_bytes", "write_mspdi"]

Value = str | int | float | Decimal | bool | dt.datetime | dt.time | None


def write_mspdi(project: MsProject, path: str | os.PathLike[str]) -> None:
    """Write ``project`` to ``path`` as UTF-8 MSPDI."""
    Path(path).write_bytes(mspdi_bytes(project))


def mspdi_bytes(project: MsProject) -> bytes:
    """``project`` as UTF-8 MSPDI.

    Raises
    ------
    MsProjectError
        When a task's ``parent_uid`` disagrees with the outline levels, which is all MSPDI can
        store of the tree.
    """
    _check_outline(project)
    root = ET.Element("Project", xmlns=MSPDI_NAMESPACE)
    _emit_properties(root, project)
    if project.calendars:
        calendars = ET.SubElement(root, "Calendars")
        for calendar in project.calendars:
            _emit_calendar(ET.SubElement(calendars, "Calendar"), calendar)
    if project.tasks:
        tasks = ET.SubElement(root, "Tasks")
        links: dict[int, list[MsLink]] = {}
        for link in project.links:
            links.setdefault(link.successor_uid, []).append(link)
        for task in project.tasks:
            _emit_task(ET.SubElement(tasks, "Task"), task, links.get(task.uid, []))
    if project.resources:
        resources = ET.SubElement(root, "Resources")
        for resource in project.resources:
            _emit_resource(ET.SubElement(resources, "Resource"), resource)
    if project.assignments:
        assignments = ET.SubElement(root, "Assignments")
        for assignment in project.assignments:
            _emit_assignment(ET.SubElement(assignments, "Assignment"), assignment)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body + "\n").encode()


def _text(value: Value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _put(parent: ET.Element, tag: str, value: Value) -> None:
    if value is not None:
        ET.SubElement(parent, tag).text = _text(value)


def _duration(parent: ET.Element, tag: str, value: MsDuration | int | None) -> None:
    if value is not None:
        minutes = value.minutes if isinstance(value, MsDuration) else value
        _put(parent, tag, format_xsd_duration(minutes))


def _emit_properties(root: ET.Element, p: MsProject) -> None:
    _put(root, "SaveVersion", p.save_version)
    _put(root, "Name", p.name)
    _put(root, "Title", p.title)
    _put(root, "Company", p.company)
    _put(root, "Author", p.author)
    _put(root, "ScheduleFromStart", p.schedule_from_start)
    _put(root, "StartDate", p.start_date)
    _put(root, "FinishDate", p.finish_date)
    _put(root, "CurrencyDigits", p.currency_digits)
    _put(root, "CurrencySymbol", p.currency_symbol)
    _put(root, "CurrencyCode", p.currency_code)
    _put(root, "CalendarUID", p.calendar_uid)
    _put(root, "DefaultStartTime", p.default_start_time)
    _put(root, "DefaultFinishTime", p.default_finish_time)
    _put(root, "MinutesPerDay", p.minutes_per_day)
    _put(root, "MinutesPerWeek", p.minutes_per_week)
    _put(root, "DaysPerMonth", p.days_per_month)
    _put(root, "StatusDate", p.status_date)


# -- tasks ------------------------------------------------------------------------------------


def _task_format(task: MsTask) -> DurationFormat | None:
    """The one ``DurationFormat`` MSPDI keeps per task, shared by all its durations."""
    for value in (task.duration, task.actual_duration, task.remaining_duration):
        if value is not None:
            return value.format
    return None


def _emit_task(node: ET.Element, t: MsTask, links: list[MsLink]) -> None:
    _put(node, "UID", t.uid)
    _put(node, "ID", t.id)
    _put(node, "Name", t.name)
    _put(node, "WBS", t.wbs)
    _put(node, "OutlineNumber", t.outline_number)
    _put(node, "OutlineLevel", t.outline_level)
    _put(node, "Start", t.start)
    _put(node, "Finish", t.finish)
    _duration(node, "Duration", t.duration)
    fmt = _task_format(t)
    _put(node, "DurationFormat", None if fmt is None else int(fmt))
    _duration(node, "Work", t.work)
    _put(node, "Estimated", t.estimated)
    _put(node, "Milestone", t.milestone)
    _put(node, "Summary", t.summary)
    _put(node, "Critical", t.critical)
    _put(node, "EarlyStart", t.early_start)
    _put(node, "EarlyFinish", t.early_finish)
    _put(node, "LateStart", t.late_start)
    _put(node, "LateFinish", t.late_finish)
    _put(node, "FreeSlack", None if t.free_slack is None else t.free_slack * 10)
    _put(node, "TotalSlack", None if t.total_slack is None else t.total_slack * 10)
    _put(node, "PercentComplete", t.percent_complete)
    _put(node, "Cost", t.cost)
    _put(node, "ActualStart", t.actual_start)
    _put(node, "ActualFinish", t.actual_finish)
    _duration(node, "ActualDuration", t.actual_duration)
    _duration(node, "RemainingDuration", t.remaining_duration)
    _put(node, "ConstraintType", None if t.constraint_type is None else int(t.constraint_type))
    _put(node, "CalendarUID", t.calendar_uid)
    _put(node, "ConstraintDate", t.constraint_date)
    _put(node, "Deadline", t.deadline)
    _put(node, "Notes", t.notes)
    for link in links:
        _emit_link(ET.SubElement(node, "PredecessorLink"), link)
    for baseline in t.baselines:
        _emit_baseline(ET.SubElement(node, "Baseline"), baseline)


def _emit_link(node: ET.Element, link: MsLink) -> None:
    _put(node, "PredecessorUID", link.predecessor_uid)
    _put(node, "Type", link_type_to_mspdi(link.type))
    _put(node, "CrossProject", link.cross_project)
    _put(node, "CrossProjectName", link.cross_project_name)
    if link.lag_format.unit is TimeUnit.PERCENT:
        lag = round((link.lag_percent or 0.0) * 10)
    else:
        lag = link.lag_minutes * 10
    _put(node, "LinkLag", lag)
    _put(node, "LagFormat", int(link.lag_format))


def _emit_baseline(node: ET.Element, b: MsBaseline) -> None:
    _put(node, "Number", b.number)
    _put(node, "Start", b.start)
    _put(node, "Finish", b.finish)
    _duration(node, "Duration", b.duration)
    _put(node, "DurationFormat", None if b.duration is None else int(b.duration.format))
    _duration(node, "Work", b.work)
    _put(node, "Cost", b.cost)


def _check_outline(project: MsProject) -> None:
    parents: list[tuple[int, int]] = []
    for task in project.tasks:
        while parents and parents[-1][0] >= task.outline_level:
            parents.pop()
        expected = parents[-1][1] if parents and parents[-1][0] >= 1 else None
        if task.parent_uid != expected:
            raise MsProjectError(
                "<project>",
                None,
                "Task",
                f"task {task.uid} has parent {task.parent_uid} but its outline level "
                f"{task.outline_level} puts it under {expected}; MSPDI stores only the outline",
            )
        parents.append((task.outline_level, task.uid))


# -- calendars --------------------------------------------------------------------------------


def _emit_times(node: ET.Element, times: tuple[WorkingTime, ...]) -> None:
    if times:
        container = ET.SubElement(node, "WorkingTimes")
        for start, end in times:
            item = ET.SubElement(container, "WorkingTime")
            _put(item, "FromTime", start)
            _put(item, "ToTime", end)


def _emit_week_days(node: ET.Element, days: tuple[MsWeekDay, ...]) -> None:
    if days:
        container = ET.SubElement(node, "WeekDays")
        for day in days:
            item = ET.SubElement(container, "WeekDay")
            _put(item, "DayType", day.day_type)
            _put(item, "DayWorking", day.working)
            _emit_times(item, day.times)


def _emit_period(node: ET.Element, start: dt.datetime, end: dt.datetime) -> None:
    period = ET.SubElement(node, "TimePeriod")
    _put(period, "FromDate", start)
    _put(period, "ToDate", end)


def _emit_calendar(node: ET.Element, c: MsCalendar) -> None:
    _put(node, "UID", c.uid)
    _put(node, "Name", c.name)
    _put(node, "IsBaseCalendar", c.is_base)
    _put(node, "BaseCalendarUID", c.base_uid)
    _emit_week_days(node, c.week_days)
    if c.exceptions:
        container = ET.SubElement(node, "Exceptions")
        for exception in c.exceptions:
            _emit_exception(ET.SubElement(container, "Exception"), exception)
    if c.work_weeks:
        container = ET.SubElement(node, "WorkWeeks")
        for week in c.work_weeks:
            _emit_work_week(ET.SubElement(container, "WorkWeek"), week)


def _emit_exception(node: ET.Element, e: MsException) -> None:
    _emit_period(node, e.from_date, e.to_date)
    _put(node, "Occurrences", e.occurrences)
    _put(node, "Name", e.name)
    _put(node, "Type", e.type)
    _put(node, "Period", e.period)
    _put(node, "DaysOfWeek", e.days_of_week)
    _put(node, "MonthItem", e.month_item)
    _put(node, "MonthPosition", e.month_position)
    _put(node, "Month", e.month)
    _put(node, "MonthDay", e.month_day)
    _put(node, "DayWorking", e.working)
    _emit_times(node, e.times)


def _emit_work_week(node: ET.Element, w: MsWorkWeek) -> None:
    _emit_period(node, w.from_date, w.to_date)
    _put(node, "Name", w.name)
    # Project 2010 and later wrap a work week's days in <WeekDays>; the 2007 schema text
    # omits the wrapper by a documented mistake, so we follow what Project itself writes.
    _emit_week_days(node, w.week_days)


# -- resources and assignments ----------------------------------------------------------------


def _emit_resource(node: ET.Element, r: MsResource) -> None:
    _put(node, "UID", r.uid)
    _put(node, "ID", r.id)
    _put(node, "Name", r.name)
    _put(node, "Type", r.type)
    _put(node, "Initials", r.initials)
    _put(node, "Group", r.group)
    _put(node, "MaxUnits", r.max_units)
    _put(node, "StandardRate", r.standard_rate)
    _put(node, "CalendarUID", r.calendar_uid)


def _emit_assignment(node: ET.Element, a: MsAssignment) -> None:
    _put(node, "UID", a.uid)
    _put(node, "TaskUID", a.task_uid)
    _put(node, "ResourceUID", a.resource_uid)
    _put(node, "Finish", a.finish)
    _put(node, "Start", a.start)
    _put(node, "Units", a.units)
    _duration(node, "Work", a.work)
