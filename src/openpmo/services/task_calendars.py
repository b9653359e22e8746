"""Task calendars of a project: the calendars some of its tasks work instead of the project's.

A task calendar is a week (``work_hours`` on ``workdays``) and dated exceptions over a base:
the project's own calendar (``base`` ``None``: its holidays, 调休 and exceptions inherited) or
a built-in one (``china``, ``standard``). Creating, editing or deleting one reschedules the
project; :func:`openpmo.services.calendars.task_calendars_of` builds the engine calendars.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import TaskCalendar
from openpmo.engines.calendars import parse_hours
from openpmo.errors import FieldError
from openpmo.services.registers import ProjectPart
from openpmo.services.scheduling import reschedule_after_change

__all__ = ["task_calendars"]


def _exceptions(values: dict[str, Any]) -> list[FieldError]:
    """Check each exception's hours and store the list as JSON (ISO dates, by date)."""
    entries = values.get("exceptions")
    if entries is None:
        return []
    errors: list[FieldError] = []
    seen: set[date] = set()
    for k, entry in enumerate(entries):
        try:
            parse_hours(entry["hours"])
        except ValueError:
            errors.append(FieldError(("body", "exceptions", k, "hours"), "error.field.work_hours"))
        if entry["day"] in seen:
            errors.append(
                FieldError(
                    ("body", "exceptions", k, "day"),
                    "error.field.duplicate",
                    {"value": entry["day"].isoformat()},
                )
            )
        seen.add(entry["day"])
    values["exceptions"] = [
        {"day": e["day"].isoformat(), "hours": e["hours"]}
        for e in sorted(entries, key=lambda e: e["day"])
    ]
    return errors


def _weekdays(values: dict[str, Any]) -> list[FieldError]:
    errors = []
    for day, hours in (values.get("weekday_hours") or {}).items():
        try:
            parse_hours(hours)
        except ValueError:
            errors.append(FieldError(("body", "weekday_hours", day), "error.field.work_hours"))
    return errors


def _calendar_rules(
    session: Session, calendar: TaskCalendar, values: dict[str, Any]
) -> list[FieldError]:
    errors = _exceptions(values) + _weekdays(values)
    name = values.get("name")
    if name is not None:
        clash = session.scalar(
            select(TaskCalendar.id)
            .where(
                TaskCalendar.project_id == values.get("project_id", calendar.project_id),
                TaskCalendar.name == name,
                TaskCalendar.id != (calendar.id or -1),
            )
            .limit(1)
        )
        if clash is not None:
            errors.append(FieldError(("body", "name"), "error.field.duplicate", {"value": name}))
    return errors


#: Every change reschedules the project (its tasks on the calendar may move).
task_calendars: ProjectPart[TaskCalendar] = ProjectPart(
    entity="task_calendar",
    model=TaskCalendar,
    search=("name",),
    sortable=("name", "id"),
    default_sort="name",
    validate=_calendar_rules,
    after_change=reschedule_after_change,
)
