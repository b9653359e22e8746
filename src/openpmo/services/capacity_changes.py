"""Which people's capacity figures the audit entries written since a report may change.

A capacity report is a sum of independent rows, one per person: a person's capacity depends
only on their own record and leave, their demand only on their own assignments and
allocations, the dates of the tasks they are assigned to and the status of those tasks'
projects. So a report can be brought up to date by computing again only the rows of the
people a change concerns (:func:`affected_resources`) — see
:mod:`openpmo.services.capacity_view`.

A person is concerned by a change of their record, leave, assignment or allocation; by a
change of a task they are (or were) assigned to; and by any change of a project they work
on (its status, its code, a reschedule — one ``project`` entry with ``action="schedule"``
moves all its tasks). "Were" comes from the report itself: a task or project deleted takes
its assignments with it (by the database's cascade, not audited row by row), so the people
it had are read from the demand the report kept (:class:`DemandItems`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Allocation, Assignment, ResourceLeave, Task
from openpmo.services.cache import Change

__all__ = ["DemandItems", "affected_resources"]

#: Changes that move every row: skill names (rows by skill) and the org-unit tree (the org
#: unit filter's subtree, rows by org unit).
_EVERYONE = frozenset({"skill", "org_unit"})
#: Records of one person, by their ``resource_id``.
_OF_RESOURCE: dict[str, type[ResourceLeave] | type[Assignment] | type[Allocation]] = {
    "resource_leave": ResourceLeave,
    "assignment": Assignment,
    "allocation": Allocation,
}


@dataclass(frozen=True, eq=False)
class DemandItems:
    """The demand items a report read: per item, its person, task (-1 for an allocation)
    and project ids."""

    resource: np.ndarray
    task: np.ndarray
    project: np.ndarray

    @classmethod
    def of(cls, resource_ids: np.ndarray, items: list[tuple[str, int, int]]) -> DemandItems:
        """From each item's resource id and its ``(kind, id, project id)``."""
        task = [ident if kind == "task" else -1 for kind, ident, _ in items]
        return cls(
            resource=np.asarray(resource_ids, np.int64),
            task=np.array(task, np.int64),
            project=np.array([p for _, _, p in items], np.int64),
        )

    def without(self, resources: Iterable[int]) -> DemandItems:
        keep = ~np.isin(self.resource, np.fromiter(resources, np.int64))
        return DemandItems(self.resource[keep], self.task[keep], self.project[keep])

    def joined(self, other: DemandItems) -> DemandItems:
        return DemandItems(
            np.concatenate([self.resource, other.resource]),
            np.concatenate([self.task, other.task]),
            np.concatenate([self.project, other.project]),
        )

    def people_of(self, *, tasks: set[int], projects: set[int]) -> set[int]:
        """The people with an item of one of ``tasks`` or ``projects``."""
        hit = np.isin(self.task, np.fromiter(tasks, np.int64)) | np.isin(
            self.project, np.fromiter(projects, np.int64)
        )
        return {int(r) for r in np.unique(self.resource[hit])}


def _named(changes: list[Change]) -> tuple[set[int], dict[str, set[int]], set[int], set[int]]:
    """From the entries alone: people, records to look up, tasks and projects."""
    people: set[int] = set()
    named: dict[str, set[int]] = defaultdict(set)
    unnamed: dict[str, set[int]] = defaultdict(set)
    tasks: set[int] = set()
    projects: set[int] = set()
    for change in changes:
        if change.entity == "resource":
            people.add(change.entity_id)
        elif change.entity == "task":
            tasks.add(change.entity_id)
        elif change.entity == "project":
            projects.add(change.entity_id)
        elif change.entity in _OF_RESOURCE:
            found = {
                int(values["resource_id"])
                for values in (change.before, change.after)
                if values and values.get("resource_id") is not None
            }
            people |= found
            (named if found else unnamed)[change.entity].add(change.entity_id)
    # an update that left the person out is looked up, unless another entry named them
    look_up = {e: ids - named[e] for e, ids in unnamed.items() if ids - named[e]}
    return people, look_up, tasks, projects


def affected_resources(
    session: Session, changes: list[Change], kept: DemandItems, what_if: int | None = None
) -> set[int] | None:
    """The people whose capacity, demand or actual hours the ``changes`` may move; ``None``
    when one moves every row (skills, org units), names a record that is gone without
    saying whose it was, or concerns the report's what-if project (which must exist)."""
    if any(c.entity in _EVERYONE for c in changes):
        return None
    people, look_up, tasks, projects = _named(changes)
    if what_if is not None and what_if in projects:
        return None
    for entity, ids in look_up.items():
        model = _OF_RESOURCE[entity]
        stmt = select(model.id, model.resource_id).where(model.id.in_(ids))
        found = dict(session.execute(stmt).all())
        if len(found) < len(ids):
            return None
        people.update(found.values())
    if tasks or projects:
        people |= kept.people_of(tasks=tasks, projects=projects)
    if tasks:
        people.update(
            session.scalars(select(Assignment.resource_id).where(Assignment.task_id.in_(tasks)))
        )
    if projects:
        people.update(
            session.scalars(
                select(Assignment.resource_id)
                .join(Task, Task.id == Assignment.task_id)
                .where(Task.project_id.in_(projects))
            )
        )
        people.update(
            session.scalars(
                select(Allocation.resource_id).where(Allocation.project_id.in_(projects))
            )
        )
    return people
