"""Integrity of an MSPDI file: unique UIDs and no reference to a UID the file lacks."""

from __future__ import annotations

from openpmo.io.msproject.fields import Fields
from openpmo.io.msproject.model import MsProject
from openpmo.io.msproject.xmltree import Node

__all__ = ["check_references"]


def check_references(f: Fields, root: Node, project: MsProject) -> None:
    """Every UID a file refers to must exist in it, so a consumer never meets a dangling one."""
    tasks = {task.uid for task in project.tasks}
    calendars = {calendar.uid for calendar in project.calendars}
    resources = {resource.uid for resource in project.resources}
    _unique(f, root, "Tasks", "Task")
    _unique(f, root, "Calendars", "Calendar")
    _unique(f, root, "Resources", "Resource")
    task_nodes = _nodes(root, "Tasks", "Task")
    for node in task_nodes:
        for link in node.all("PredecessorLink"):
            uid = f.required_int(link, "PredecessorUID")
            if uid not in tasks and not f.boolean(link, "CrossProject"):
                raise f.error(link, f"PredecessorUID {uid} is not a task in this file")
        calendar = f.uid_ref(node, "CalendarUID")
        if calendar is not None and calendar not in calendars:
            raise f.error(node, f"CalendarUID {calendar} is not a calendar in this file")
    for node in _nodes(root, "Calendars", "Calendar"):
        if f.boolean(node, "IsBaseCalendar", default=True):
            continue  # Project writes BaseCalendarUID 0 on base calendars: no base
        base = f.uid_ref(node, "BaseCalendarUID")
        if base is not None and base not in calendars:
            raise f.error(node, f"BaseCalendarUID {base} is not a calendar in this file")
    for node in _nodes(root, "Resources", "Resource"):
        calendar = f.uid_ref(node, "CalendarUID")
        if calendar is not None and calendar not in calendars:
            raise f.error(node, f"CalendarUID {calendar} is not a calendar in this file")
    for node in _nodes(root, "Assignments", "Assignment"):
        task = f.required_int(node, "TaskUID")
        resource = f.required_int(node, "ResourceUID")
        if task not in tasks:
            raise f.error(node, f"TaskUID {task} is not a task in this file")
        # Microsoft Project writes ResourceUID -65535 for a task without a resource.
        if resource >= 0 and resource not in resources:
            raise f.error(node, f"ResourceUID {resource} is not a resource in this file")
    if project.calendar_uid is not None and project.calendar_uid not in calendars:
        reason = f"CalendarUID {project.calendar_uid} is not a calendar in this file"
        raise f.error(root.child("CalendarUID") or root, reason)


def _nodes(root: Node, container: str, item: str) -> list[Node]:
    node = root.child(container)
    return [] if node is None else node.all(item)


def _unique(f: Fields, root: Node, container: str, item: str) -> None:
    seen: set[int] = set()
    for node in _nodes(root, container, item):
        uid = f.required_int(node, "UID")
        if uid in seen:
            raise f.error(node, f"UID {uid} appears twice among the {container.lower()}")
        seen.add(uid)
