"""Tasks of a project: a WBS tree of activities and milestones."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Task, TaskCalendar
from openpmo.errors import FieldError
from openpmo.services.registers import ProjectPart
from openpmo.services.scheduling import reschedule_after_change
from openpmo.services.trees import parent_cycle_errors

__all__ = ["tasks"]


def _task_rules(session: Session, task: Task, values: dict[str, Any]) -> list[FieldError]:
    project_id = values.get("project_id", task.project_id)
    errors: list[FieldError] = []
    parent_id = values.get("parent_id")
    if parent_id is not None:
        parent = session.get(Task, parent_id)
        if parent is not None and parent.project_id != project_id:
            errors.append(
                FieldError(("body", "parent_id"), "error.field.other_project", {"value": parent_id})
            )
        errors += parent_cycle_errors(session, task, values)
    wbs = values.get("wbs")
    if wbs is not None:
        clash = session.scalar(
            select(Task.id)
            .where(Task.project_id == project_id, Task.wbs == wbs, Task.id != (task.id or -1))
            .limit(1)
        )
        if clash is not None:
            errors.append(FieldError(("body", "wbs"), "error.field.duplicate", {"value": wbs}))
    calendar_id = values.get("calendar_id")
    if calendar_id is not None:
        calendar = session.get(TaskCalendar, calendar_id)
        if calendar is not None and calendar.project_id != project_id:
            errors.append(
                FieldError(
                    ("body", "calendar_id"),
                    "error.field.other_project_calendar",
                    {"value": calendar_id},
                )
            )
    milestone = values.get("is_milestone", task.is_milestone)
    if milestone and values.get("duration_days", task.duration_days or 0):
        errors.append(FieldError(("body", "duration_days"), "error.field.milestone_duration"))
    if parent_id is not None and not errors:
        parent = session.get(Task, parent_id)
        if parent is not None:
            parent.is_summary = True
    return errors


#: Every change reschedules the project (see :func:`reschedule_after_change`).
tasks: ProjectPart[Task] = ProjectPart(
    entity="task",
    model=Task,
    search=("wbs", "name", "name_zh"),
    sortable=(
        "wbs",
        "name",
        "planned_start",
        "planned_finish",
        "duration_days",
        "percent_complete",
    ),
    default_sort="wbs",
    filters=("parent_id", "is_milestone", "assignee_id", "calendar_id"),
    validate=_task_rules,
    after_change=reschedule_after_change,
)
