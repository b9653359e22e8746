"""Read Microsoft Project XML (MSPDI) into :class:`MsProject`."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from openpmo.io.msproject.errors import MsProjectError
from openpmo.io.msproject.fields import Fields
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
from openpmo.io.msproject.references import check_references
from openpmo.io.msproject.units import (
    ConstraintType,
    DurationFormat,
    MsDuration,
    TimeUnit,
    link_type_from_mspdi,
)
from openpmo.io.msproject.xmltree import Node, parse_xml

__all__ = ["MSPDI_NAMESPACE", "read_mspdi", "read_mspdi_bytes"]

MSPDI_NAMESPACE = "http://schemas.microsoft.com/project"


def read_mspdi(path: str | os.PathLike[str]) -> MsProject:
    """Read an MSPDI file.

    Raises
    ------
    MsProjectError
        One error naming the file, the element and its line, for anything that is not
        well-formed MSPDI (a ``ValueError``).
    """
    return read_mspdi_bytes(Path(path).read_bytes(), str(path))


def read_mspdi_bytes(data: bytes | str, path: str = "<string>") -> MsProject:
    """Read MSPDI from bytes or text; ``path`` only labels errors."""
    raw = data.encode() if isinstance(data, str) else data
    root = parse_xml(raw, path)
    if root.tag != "Project":
        raise MsProjectError(path, root.line, root.tag, "the root element must be <Project>")
    if root.namespace not in (None, MSPDI_NAMESPACE):
        raise MsProjectError(
            path, root.line, "Project", f"namespace {root.namespace!r} is not {MSPDI_NAMESPACE}"
        )
    probe = Fields(path)
    fields = Fields(
        path,
        minutes_per_day=probe.integer(root, "MinutesPerDay") or 480,
        days_per_month=probe.integer(root, "DaysPerMonth") or 20,
    )
    return _Reader(fields).project(root)


class _Reader:
    def __init__(self, fields: Fields) -> None:
        self.f = fields

    def project(self, root: Node) -> MsProject:
        f = self.f
        calendars = self.calendars(root)
        tasks, links = self.tasks(root)
        resources = self.resources(root)
        assignments = self.assignments(root)
        project = MsProject(
            name=f.text(root, "Name"),
            title=f.text(root, "Title"),
            author=f.text(root, "Author"),
            company=f.text(root, "Company"),
            save_version=f.integer(root, "SaveVersion") or 14,
            schedule_from_start=f.boolean(root, "ScheduleFromStart", default=True),
            start_date=f.datetime(root, "StartDate"),
            finish_date=f.datetime(root, "FinishDate"),
            currency_digits=f.integer(root, "CurrencyDigits"),
            currency_symbol=f.text(root, "CurrencySymbol"),
            currency_code=f.text(root, "CurrencyCode") or "USD",
            calendar_uid=f.uid_ref(root, "CalendarUID"),
            default_start_time=f.time(root, "DefaultStartTime"),
            default_finish_time=f.time(root, "DefaultFinishTime"),
            minutes_per_day=f.minutes_per_day,
            minutes_per_week=f.integer(root, "MinutesPerWeek") or 2400,
            days_per_month=f.days_per_month,
            status_date=f.datetime(root, "StatusDate"),
            calendars=calendars,
            tasks=tasks,
            links=links,
            resources=resources,
            assignments=assignments,
        )
        check_references(self.f, root, project)
        return project

    # -- tasks and links ----------------------------------------------------------------------

    def tasks(self, root: Node) -> tuple[tuple[MsTask, ...], tuple[MsLink, ...]]:
        container = root.child("Tasks")
        nodes = [] if container is None else container.all("Task")
        tasks: list[MsTask] = []
        links: list[MsLink] = []
        parents: list[tuple[int, int]] = []  # (outline level, uid) of the open branch
        for node in nodes:
            task = self.task(node)
            while parents and parents[-1][0] >= task.outline_level:
                parents.pop()
            parent = parents[-1][1] if parents and parents[-1][0] >= 1 else None
            parents.append((task.outline_level, task.uid))
            tasks.append(_replace_parent(task, parent))
            links.extend(self.link(link, task.uid) for link in node.all("PredecessorLink"))
        return tuple(tasks), tuple(links)

    def task(self, node: Node) -> MsTask:
        f = self.f
        uid = f.required_int(node, "UID")
        fmt = f.format(node, "DurationFormat") or DurationFormat.D
        outline_number = f.text(node, "OutlineNumber")
        level = f.integer(node, "OutlineLevel")
        if level is None:
            level = outline_number.count(".") + 1 if outline_number else 1
        constraint = f.integer(node, "ConstraintType")
        return MsTask(
            uid=uid,
            id=f.integer(node, "ID"),
            name=f.text(node, "Name") or "",
            wbs=f.text(node, "WBS"),
            outline_number=outline_number,
            outline_level=level,
            start=f.datetime(node, "Start"),
            finish=f.datetime(node, "Finish"),
            duration=self.duration(node, "Duration", fmt),
            work=f.minutes(node, "Work"),
            estimated=f.boolean(node, "Estimated"),
            milestone=f.boolean(node, "Milestone"),
            summary=f.boolean(node, "Summary"),
            critical=f.boolean(node, "Critical"),
            early_start=f.datetime(node, "EarlyStart"),
            early_finish=f.datetime(node, "EarlyFinish"),
            late_start=f.datetime(node, "LateStart"),
            late_finish=f.datetime(node, "LateFinish"),
            free_slack=f.tenths(node, "FreeSlack"),
            total_slack=f.tenths(node, "TotalSlack"),
            percent_complete=f.integer(node, "PercentComplete"),
            cost=f.decimal(node, "Cost"),
            actual_start=f.datetime(node, "ActualStart"),
            actual_finish=f.datetime(node, "ActualFinish"),
            actual_duration=self.duration(node, "ActualDuration", fmt),
            remaining_duration=self.duration(node, "RemainingDuration", fmt),
            constraint_type=None if constraint is None else self.constraint(node, constraint),
            calendar_uid=f.uid_ref(node, "CalendarUID"),
            constraint_date=f.datetime(node, "ConstraintDate"),
            deadline=f.datetime(node, "Deadline"),
            notes=f.text(node, "Notes"),
            baselines=tuple(self.baseline(b, fmt) for b in node.all("Baseline")),
        )

    def constraint(self, node: Node, code: int) -> ConstraintType:
        try:
            return ConstraintType(code)
        except ValueError:
            child = node.child("ConstraintType")
            assert child is not None
            raise self.f.error(child, f"{code} is not a constraint type (0 to 7)") from None

    def duration(self, node: Node, tag: str, fmt: DurationFormat) -> MsDuration | None:
        minutes = self.f.minutes(node, tag, elapsed=fmt.elapsed)
        return None if minutes is None else MsDuration(minutes, fmt)

    def baseline(self, node: Node, task_format: DurationFormat) -> MsBaseline:
        f = self.f
        number = f.required_int(node, "Number")
        if not 0 <= number <= 10:
            raise f.error(node, f"baseline number {number} is not 0 to 10")
        fmt = f.format(node, "DurationFormat") or task_format
        return MsBaseline(
            number=number,
            start=f.datetime(node, "Start"),
            finish=f.datetime(node, "Finish"),
            duration=self.duration(node, "Duration", fmt),
            work=f.minutes(node, "Work"),
            cost=f.decimal(node, "Cost"),
        )

    def link(self, node: Node, successor: int) -> MsLink:
        f = self.f
        predecessor = f.required_int(node, "PredecessorUID")
        code = f.integer(node, "Type")
        if code is None:
            code = 1
        if code not in (0, 1, 2, 3):
            type_node = node.child("Type")
            assert type_node is not None
            raise f.error(type_node, f"{code} is not a link type (0=FF 1=FS 2=SF 3=SS)")
        fmt = f.format(node, "LagFormat") or DurationFormat.D
        raw = f.number(node, "LinkLag") or 0.0
        percent = fmt.unit is TimeUnit.PERCENT
        return MsLink(
            predecessor_uid=predecessor,
            successor_uid=successor,
            type=link_type_from_mspdi(code),
            # LinkLag is in tenths: of a minute, or of a percent for the % formats.
            lag_minutes=0 if percent else round(raw / 10),
            lag_percent=raw / 10 if percent else None,
            lag_format=fmt,
            cross_project=f.boolean(node, "CrossProject"),
            cross_project_name=f.text(node, "CrossProjectName"),
        )

    # -- calendars --------------------------------------------------------------------------

    def calendars(self, root: Node) -> tuple[MsCalendar, ...]:
        container = root.child("Calendars")
        return tuple(
            self.calendar(n) for n in ([] if container is None else container.all("Calendar"))
        )

    def calendar(self, node: Node) -> MsCalendar:
        f = self.f
        week_days: list[MsWeekDay] = []
        exceptions: list[MsException] = []
        days = node.child("WeekDays")
        for day in [] if days is None else days.all("WeekDay"):
            day_type = f.required_int(day, "DayType")
            if day_type == 0:
                exceptions.append(self.old_exception(day))
            elif 1 <= day_type <= 7:
                week_days.append(self.week_day(day, day_type))
            else:
                raise f.error(day, f"DayType {day_type} is not 0 (exception) to 7 (Saturday)")
        container = node.child("Exceptions")
        for item in [] if container is None else container.all("Exception"):
            exception = self.exception(item)
            # Project 2007+ may write an exception both ways; keep the richer one, once.
            if _plain(exception) in exceptions:
                exceptions[exceptions.index(_plain(exception))] = exception
            elif exception not in exceptions:
                exceptions.append(exception)
        weeks = node.child("WorkWeeks")
        is_base = f.boolean(node, "IsBaseCalendar", default=True)
        return MsCalendar(
            uid=f.required_int(node, "UID"),
            name=f.text(node, "Name") or "",
            is_base=is_base,
            # A base calendar has no base: Project 2007 and later write 0 there, older -1.
            base_uid=None if is_base else f.uid_ref(node, "BaseCalendarUID"),
            week_days=tuple(week_days),
            exceptions=tuple(exceptions),
            work_weeks=tuple(
                self.work_week(w) for w in ([] if weeks is None else weeks.all("WorkWeek"))
            ),
        )

    def week_day(self, node: Node, day_type: int) -> MsWeekDay:
        return MsWeekDay(day_type, self.f.boolean(node, "DayWorking"), self.working_times(node))

    def working_times(self, node: Node) -> tuple[WorkingTime, ...]:
        container = node.child("WorkingTimes")
        times: list[WorkingTime] = []
        for item in [] if container is None else container.all("WorkingTime"):
            start, end = self.f.time(item, "FromTime"), self.f.time(item, "ToTime")
            if start is None or end is None:
                raise self.f.error(item, "a working time needs both <FromTime> and <ToTime>")
            times.append((start, end))
        return tuple(times)

    def period(self, node: Node) -> tuple[Node, MsException]:
        period = node.child("TimePeriod")
        if period is None:
            raise self.f.error(node, "<TimePeriod> is missing")
        start, end = self.f.datetime(period, "FromDate"), self.f.datetime(period, "ToDate")
        if start is None or end is None:
            raise self.f.error(period, "a time period needs both <FromDate> and <ToDate>")
        if end < start:
            raise self.f.error(period, f"ToDate {end} is before FromDate {start}")
        return period, MsException(start, end)

    def old_exception(self, node: Node) -> MsException:
        _, base = self.period(node)
        return MsException(
            base.from_date,
            base.to_date,
            self.f.boolean(node, "DayWorking"),
            self.working_times(node),
        )

    def exception(self, node: Node) -> MsException:
        f = self.f
        _, base = self.period(node)
        return MsException(
            from_date=base.from_date,
            to_date=base.to_date,
            working=f.boolean(node, "DayWorking"),
            times=self.working_times(node),
            name=f.text(node, "Name"),
            type=f.integer(node, "Type"),
            occurrences=f.integer(node, "Occurrences"),
            period=f.integer(node, "Period"),
            days_of_week=f.integer(node, "DaysOfWeek"),
            month_item=f.integer(node, "MonthItem"),
            month_position=f.integer(node, "MonthPosition"),
            month=f.integer(node, "Month"),
            month_day=f.integer(node, "MonthDay"),
        )

    def work_week(self, node: Node) -> MsWorkWeek:
        _, base = self.period(node)
        # Project 2010+ wraps the days in <WeekDays>; the 2007 schema puts them directly here.
        days = node.child("WeekDays") or node
        week_days = []
        for day in days.all("WeekDay"):
            day_type = self.f.required_int(day, "DayType")
            if not 1 <= day_type <= 7:
                raise self.f.error(day, f"DayType {day_type} is not 1 (Sunday) to 7 (Saturday)")
            week_days.append(self.week_day(day, day_type))
        return MsWorkWeek(base.from_date, base.to_date, self.f.text(node, "Name"), tuple(week_days))

    # -- resources and assignments --------------------------------------------------------------

    def resources(self, root: Node) -> tuple[MsResource, ...]:
        f = self.f
        container = root.child("Resources")
        return tuple(
            MsResource(
                uid=f.required_int(node, "UID"),
                id=f.integer(node, "ID"),
                name=f.text(node, "Name") or "",
                type=f.integer(node, "Type"),
                initials=f.text(node, "Initials"),
                group=f.text(node, "Group"),
                max_units=f.number(node, "MaxUnits"),
                standard_rate=f.decimal(node, "StandardRate"),
                calendar_uid=f.uid_ref(node, "CalendarUID"),
            )
            for node in ([] if container is None else container.all("Resource"))
        )

    def assignments(self, root: Node) -> tuple[MsAssignment, ...]:
        f = self.f
        container = root.child("Assignments")
        return tuple(
            MsAssignment(
                uid=f.required_int(node, "UID"),
                task_uid=f.required_int(node, "TaskUID"),
                resource_uid=f.required_int(node, "ResourceUID"),
                units=f.number(node, "Units"),
                work=f.minutes(node, "Work"),
                start=f.datetime(node, "Start"),
                finish=f.datetime(node, "Finish"),
            )
            for node in ([] if container is None else container.all("Assignment"))
        )


def _plain(exception: MsException) -> MsException:
    return MsException(exception.from_date, exception.to_date, exception.working, exception.times)


def _replace_parent(task: MsTask, parent: int | None) -> MsTask:
    return replace(task, parent_uid=parent)
