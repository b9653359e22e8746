"""Microsoft Project XML (MSPDI) → a new stored project, scheduled.

:func:`import_mspdi` creates a project from an :class:`openpmo.io.msproject.MsProject`: its
calendar (working weekdays, hours and dated exceptions), the tasks with their WBS tree,
milestones, durations, constraints, deadlines and progress, and the links with their types
and lags; then it schedules the project. It never commits, so a file that cannot be
imported (a cycle, an unknown portfolio...) leaves nothing behind once the caller rolls back.
The way back is :mod:`openpmo.services.msproject_export`. See ``docs/io/msproject.md``.

Units: MSPDI durations and lags are minutes; ours are working days of the project's day
(``duration_days × minutes_per_day(work_hours)``), so the minutes come back exactly, or
elapsed days of 1,440 minutes for elapsed formats (``duration_elapsed``, ``lag_elapsed``).
A task's ``CalendarUID`` (other than the project calendar) becomes a task calendar of the
project, flattened like the project calendar (one day's hours, weekdays, dated exceptions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Dependency, OrgUnit, Project, Task, TaskCalendar
from openpmo.engines.calendars import Calendar, DayHours
from openpmo.enums import CalendarKind, ConstraintKind, DependencyType
from openpmo.errors import FieldError, InvalidInput
from openpmo.io.msproject import (
    MsDuration,
    MsLink,
    MsProject,
    MsTask,
    engine_calendar,
    exception_dates,
)
from openpmo.schemas.strategy import ProjectCreate
from openpmo.schemas.validation import field_errors
from openpmo.services import projects
from openpmo.services.calendars import add_exceptions, format_hours, minutes_per_day
from openpmo.services.principal import Principal
from openpmo.services.scheduling import ELAPSED_DAY, ScheduleSummary, reschedule

__all__ = ["ImportResult", "ImportTarget", "import_mspdi"]

_DATED = frozenset(ConstraintKind) - {ConstraintKind.ASAP, ConstraintKind.ALAP}
_CODE = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class ImportTarget:
    """Where the imported project goes and what it is called (``None``: from the file)."""

    code: str | None = None
    name: str | None = None
    org_unit_id: int | None = None
    portfolio_id: int | None = None
    program_id: int | None = None


@dataclass(frozen=True)
class ImportResult:
    """The new project, what was stored, its schedule and what was approximated."""

    project: Project
    tasks: int
    links: int
    calendar_exceptions: int
    schedule: ScheduleSummary | None
    notes: tuple[str, ...]


@dataclass
class _Notes:
    by_kind: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, what: str) -> None:
        self.by_kind.setdefault(kind, []).append(what)

    def sentences(self) -> tuple[str, ...]:
        return tuple(f"{kind}: {', '.join(items)}" for kind, items in self.by_kind.items())


@dataclass(frozen=True)
class _Calendar:
    work_hours: str
    workdays: str
    exceptions: list[tuple[date, str, str | None]]
    weekday_hours: dict[str, str] = field(default_factory=dict)


def _week_of(
    calendar: Calendar, notes: _Notes, per_weekday: bool
) -> tuple[str, str, list[DayHours], dict[str, str]]:
    """One day's hours, the working weekdays, the week kept, and the weekdays with hours of
    their own (only kept ``per_weekday``, a task calendar; else noted)."""
    week = calendar.effective_week
    working = [k for k, hours in enumerate(week) if hours]
    if not working:
        raise InvalidInput([FieldError(("calendar",), "error.field.calendar_no_workdays")])
    hours = week[working[0]]
    own: dict[str, str] = {}
    for k in working:
        if week[k] != hours:
            if per_weekday:
                own[str(k + 1)] = format_hours(week[k])
            else:
                notes.add(
                    f"weekday hours other than {format_hours(hours)} not kept", f"ISO day {k + 1}"
                )
    kept = [(week[k] if per_weekday else hours) if k in working else () for k in range(7)]
    return format_hours(hours), "".join(str(k + 1) for k in working), kept, own


def _calendar(
    source: MsProject, notes: _Notes, uid: int | None = None, *, per_weekday: bool = False
) -> _Calendar:
    """A calendar of the file (the project's by default) as our columns: one day's hours,
    the weekdays, and every date (its own or inherited) that differs from that week."""
    uid = source.calendar_uid if uid is None else uid
    if uid is None:
        return _Calendar("08:00-12:00, 13:00-17:00", "12345", [])
    calendar = engine_calendar(source, uid)
    work_hours, workdays, week, own = _week_of(calendar, notes, per_weekday)
    dated: dict[date, DayHours | None] = {}
    for link in reversed(calendar.chain()):
        dated.update(link.exceptions)
    names = {
        day: exception.name
        for exception in source.calendar(uid).exceptions
        for day in exception_dates(exception)
    }
    exceptions = []
    standard = calendar.standard_hours
    for day, day_hours in sorted(dated.items()):
        shifts = standard if day_hours is None else day_hours
        usual = week[day.weekday()]
        if shifts != usual:
            exceptions.append((day, format_hours(shifts), (names.get(day) or "")[:200] or None))
    return _Calendar(work_hours, workdays, exceptions, own)


def _code(source: MsProject, session: Session) -> str:
    """A free code from the file's name or title: ``Office-Move``, ``Office-Move-2``..."""
    stem = re.sub(r"\.(xml|mpp)$", "", source.name or source.title or "", flags=re.I)
    base = _CODE.sub("-", stem).strip("-.")[:36] or "MSP"
    code, n = base, 1
    while session.scalar(select(Project.id).where(Project.code == code)) is not None:
        n += 1
        code = f"{base}-{n}"
    return code


def _root_unit(session: Session) -> int:
    unit = session.scalar(
        select(OrgUnit.id).where(OrgUnit.parent_id.is_(None)).order_by(OrgUnit.id).limit(1)
    )
    if unit is None:
        raise InvalidInput([FieldError(("org_unit_id",), "error.field.missing")])
    return unit


def _project_data(
    session: Session, source: MsProject, target: ImportTarget, calendar: _Calendar
) -> ProjectCreate:
    name = target.name or source.title or source.name or target.code or "MS Project"
    start = source.start_date or min((t.start for t in source.tasks if t.start), default=None)
    values: dict[str, Any] = {
        "code": target.code or _code(source, session),
        "name": name.strip()[:200],
        "org_unit_id": target.org_unit_id or _root_unit(session),
        "portfolio_id": target.portfolio_id,
        "program_id": target.program_id,
        "planned_start": start.date() if start else None,
        "status_date": source.status_date.date() if source.status_date else None,
        "calendar": CalendarKind.STANDARD,
        "work_hours": calendar.work_hours,
    }
    if source.currency_code and re.fullmatch(r"[A-Z]{3}", source.currency_code):
        values["currency"] = source.currency_code
    try:
        return ProjectCreate.model_validate(values)
    except ValidationError as exc:
        raise InvalidInput(field_errors(exc.errors())) from None


class _Units:
    """MSPDI minutes → our working days, or elapsed days (24 h) for elapsed formats."""

    def __init__(self, work_hours: str) -> None:
        self.per_day = minutes_per_day(work_hours)

    def days(self, duration: MsDuration | None) -> float:
        if duration is None:
            return 0.0
        return duration.minutes / (ELAPSED_DAY if duration.format.elapsed else self.per_day)


def _task_calendars(
    session: Session, project: Project, source: MsProject, tasks: list[MsTask], notes: _Notes
) -> dict[int, int]:
    """One task calendar per calendar the tasks use (other than the project's): UID → id."""
    used = sorted(
        {t.calendar_uid for t in tasks if t.calendar_uid is not None} - {source.calendar_uid}
    )
    rows: dict[int, TaskCalendar] = {}
    for uid in used:
        calendar = _calendar(source, notes, uid, per_weekday=True)
        name = (source.calendar(uid).name or f"Calendar {uid}").strip()[:100]
        if any(row.name == name for row in rows.values()):
            name = f"{name[:90]} ({uid})"
        rows[uid] = TaskCalendar(
            project_id=project.id,
            name=name,
            base=CalendarKind.STANDARD,
            work_hours=calendar.work_hours,
            workdays=calendar.workdays,
            weekday_hours=calendar.weekday_hours,
            exceptions=[{"day": d.isoformat(), "hours": h} for d, h, _ in calendar.exceptions],
        )
    session.add_all(rows.values())
    session.flush()
    return {uid: row.id for uid, row in rows.items()}


def _wbs_codes(tasks: list[MsTask]) -> dict[int, str]:
    """Each task's WBS: the file's, else its outline number, unique within the project."""
    codes: dict[int, str] = {}
    used: set[str] = set()
    for task in tasks:
        code = (task.wbs or task.outline_number or str(task.id or task.uid))[:60]
        if code in used:
            code = f"UID{task.uid}"
        used.add(code)
        codes[task.uid] = code
    return codes


def _constraint(task: MsTask, notes: _Notes) -> tuple[ConstraintKind, datetime | None]:
    kind = (
        ConstraintKind.ASAP
        if task.constraint_type is None
        else ConstraintKind[task.constraint_type.name]
    )
    if kind in _DATED and task.constraint_date is None:
        notes.add("constraint without a date imported as ASAP", f"UID {task.uid}")
        return ConstraintKind.ASAP, None
    return kind, task.constraint_date if kind in _DATED else None


def _task_values(task: MsTask, leaf: bool, units: _Units, notes: _Notes) -> dict[str, Any]:
    kind, when = _constraint(task, notes)
    percent = float(task.percent_complete or 0)
    in_progress = leaf and 0 < percent < 100 and task.actual_finish is None
    name = task.name.strip() or f"Task {task.uid}"
    if len(name) > 255:
        notes.add("name shortened to 255 characters", f"UID {task.uid}")
    return {
        "name": name[:255],
        "is_milestone": task.milestone,
        "is_summary": not leaf,
        "duration_days": units.days(task.duration),
        "duration_elapsed": task.duration is not None and task.duration.format.elapsed,
        "percent_complete": percent if leaf else 0.0,
        "constraint_type": kind,
        "constraint_date": when,
        "deadline": task.deadline,
        # Project sets the actual start when progress is entered; keep it explicit.
        "actual_start": task.actual_start or (task.start if leaf and percent > 0 else None),
        "actual_finish": task.actual_finish if leaf else None,
        "remaining_days": units.days(task.remaining_duration) if in_progress else None,
    }


def _add_tasks(
    session: Session,
    project: Project,
    tasks: list[MsTask],
    units: _Units,
    notes: _Notes,
    calendars: dict[int, int],
) -> dict[int, int]:
    """Insert the tasks parents first, one flush per outline level; UID → task id."""
    parents = {t.parent_uid for t in tasks}
    wbs = _wbs_codes(tasks)
    ids: dict[int, int] = {}
    pending = list(tasks)
    while pending:
        ready = [t for t in pending if t.parent_uid is None or t.parent_uid in ids]
        if not ready:  # parents outside the imported tasks (the project summary)
            ready = pending
        rows = {
            t.uid: Task(
                project_id=project.id,
                parent_id=ids.get(t.parent_uid) if t.parent_uid is not None else None,
                wbs=wbs[t.uid],
                calendar_id=calendars.get(t.calendar_uid) if t.calendar_uid is not None else None,
                **_task_values(t, t.uid not in parents, units, notes),
            )
            for t in ready
        }
        session.add_all(rows.values())
        session.flush()
        ids.update({uid: row.id for uid, row in rows.items()})
        taken = set(rows)
        pending = [t for t in pending if t.uid not in taken]
    return ids


def _link_values(link: MsLink, units: _Units, notes: _Notes) -> dict[str, Any]:
    if link.lag_percent is not None:
        if link.lag_format.elapsed:
            notes.add(
                "elapsed percentage lag imported as a working one", f"UID {link.successor_uid}"
            )
        return {"lag_days": 0.0, "lag_percent": link.lag_percent}
    return {
        "lag_days": units.days(MsDuration(link.lag_minutes, link.lag_format)),
        "lag_elapsed": link.lag_format.elapsed,
        "lag_percent": 0,
    }


def _add_links(
    session: Session,
    project: Project,
    links: tuple[MsLink, ...],
    ids: dict[int, int],
    units: _Units,
    notes: _Notes,
) -> int:
    seen: set[tuple[int, int]] = set()
    rows = []
    for link in links:
        pair = (link.predecessor_uid, link.successor_uid)
        if link.predecessor_uid not in ids or link.successor_uid not in ids:
            notes.add("link not imported (cross-project or to the project summary)", f"UID {pair}")
            continue
        if pair in seen or pair[0] == pair[1]:
            continue
        seen.add(pair)
        rows.append(
            Dependency(
                project_id=project.id,
                predecessor_id=ids[pair[0]],
                successor_id=ids[pair[1]],
                type=DependencyType[link.type.name],
                **_link_values(link, units, notes),
            )
        )
    session.add_all(rows)
    session.flush()
    return len(rows)


def import_mspdi(
    session: Session, principal: Principal, source: MsProject, target: ImportTarget = ImportTarget()
) -> ImportResult:
    """Create a project from ``source`` and schedule it; needs the right to create projects.

    Raises
    ------
    InvalidInput
        A bad code or name, an unknown org unit, portfolio or program, a calendar without a
        working weekday, or links that form a cycle (named by WBS).
    """
    notes = _Notes()
    calendar = _calendar(source, notes)
    data = _project_data(session, source, target, calendar)
    project = projects.create_project(session, principal, data)
    project.workdays = calendar.workdays
    count = add_exceptions(session, project.id, calendar.exceptions)
    tasks = [t for t in source.tasks if not (t.uid == 0 and t.outline_level == 0)]
    units = _Units(calendar.work_hours)
    calendars = _task_calendars(session, project, source, tasks, notes)
    ids = _add_tasks(session, project, tasks, units, notes, calendars)
    links = _add_links(session, project, source.links, ids, units, notes)
    summary = reschedule(session, project)
    return ImportResult(project, len(ids), links, count, summary, notes.sentences())
