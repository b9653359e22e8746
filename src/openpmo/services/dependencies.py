"""Precedence links between the tasks of a project.

A link belongs to its successor's project. Its predecessor may be a task of another project
of the same program (a cross-project link): scheduling treats that task as fixed at its
stored dates (see :mod:`openpmo.services.scheduling`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Dependency, Project, Task
from openpmo.errors import FieldError
from openpmo.services.registers import ProjectPart
from openpmo.services.scheduling import reschedule_after_change

__all__ = ["dependencies"]


def _reaches(session: Session, project_id: int, start: int, goal: int) -> bool:
    """Whether a path of existing links leads from task ``start`` to task ``goal``."""
    successors: dict[int, list[int]] = defaultdict(list)
    rows = session.execute(
        select(Dependency.predecessor_id, Dependency.successor_id).where(
            Dependency.project_id == project_id
        )
    )
    for pred, succ in rows:
        successors[pred].append(succ)
    stack, seen = [start], {start}
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in successors[node]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def _same_program(session: Session, project_id: int, other_id: int) -> bool:
    ours, theirs = session.get(Project, project_id), session.get(Project, other_id)
    return (
        ours is not None
        and theirs is not None
        and ours.program_id is not None
        and ours.program_id == theirs.program_id
    )


def _link_rules(session: Session, link: Dependency, values: dict[str, Any]) -> list[FieldError]:
    if link.id is not None:  # only type and lag change after creation
        return []
    project_id = values["project_id"]
    pred_id, succ_id = values.get("predecessor_id"), values.get("successor_id")
    errors: list[FieldError] = []
    for name, task_id in (("predecessor_id", pred_id), ("successor_id", succ_id)):
        task = session.get(Task, task_id) if task_id is not None else None
        if task is None or task.project_id == project_id:
            continue
        if name == "successor_id" or not _same_program(session, project_id, task.project_id):
            errors.append(
                FieldError(("body", name), "error.field.other_project", {"value": task_id})
            )
    if errors or pred_id is None or succ_id is None:
        return errors
    if pred_id == succ_id:
        return [FieldError(("body", "successor_id"), "error.field.self_link", {"value": succ_id})]
    duplicate = session.scalar(
        select(Dependency.id).where(
            Dependency.predecessor_id == pred_id, Dependency.successor_id == succ_id
        )
    )
    if duplicate is not None:
        return [FieldError(("body", "successor_id"), "error.field.duplicate", {"value": succ_id})]
    if _reaches(session, project_id, succ_id, pred_id):
        return [FieldError(("body", "successor_id"), "error.field.link_cycle", {"value": succ_id})]
    return []


#: Every change reschedules the project (see :func:`reschedule_after_change`).
dependencies: ProjectPart[Dependency] = ProjectPart(
    entity="dependency",
    model=Dependency,
    search=(),
    sortable=("predecessor_id", "successor_id", "type", "lag_days"),
    default_sort="predecessor_id,successor_id",
    filters=("predecessor_id", "successor_id", "type"),
    validate=_link_rules,
    after_change=reschedule_after_change,
)
