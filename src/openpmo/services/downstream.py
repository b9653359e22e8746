"""Which projects of a program wait on a project: the order to reschedule them in.

A cross-project link belongs to its successor's project and fixes the predecessor (a task of
another project of the same program) at its stored dates (:mod:`openpmo.services.scheduling`).
When a project is rescheduled, the projects whose tasks depend on its tasks must follow, then
the projects that depend on those, and so on. :func:`downstream_projects` finds them all,
each once, upstream first; projects that depend on each other (a cycle between projects,
which task-level links allow) come in id order after everything that feeds them.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from openpmo.db.models import Dependency, Project, Task

__all__ = ["downstream_projects"]


def _edges(session: Session, program_id: int, upstream: set[int]) -> list[tuple[int, int]]:
    """``(upstream project, downstream project)`` pairs of links out of ``upstream``."""
    successor_project = aliased(Project)
    rows = session.execute(
        select(Task.project_id, Dependency.project_id)
        .join(Task, Task.id == Dependency.predecessor_id)
        .join(successor_project, successor_project.id == Dependency.project_id)
        .where(
            Task.project_id.in_(upstream),
            Dependency.project_id != Task.project_id,
            successor_project.program_id == program_id,
        )
        .distinct()
    )
    return [(int(up), int(down)) for up, down in rows]


def downstream_projects(session: Session, project: Project) -> list[Project]:
    """The projects of ``project``'s program that depend on it, directly or through others,
    in the order to reschedule them (upstream first); ``project`` itself is not listed."""
    if project.program_id is None:
        return []
    feeds: dict[int, set[int]] = defaultdict(set)
    seen, frontier = {project.id}, {project.id}
    while frontier:
        found: set[int] = set()
        for up, down in _edges(session, project.program_id, frontier):
            feeds[up].add(down)
            if down not in seen:
                seen.add(down)
                found.add(down)
        frontier = found
    waiting = seen - {project.id}
    waits_on: dict[int, int] = dict.fromkeys(waiting, 0)
    for up, downs in feeds.items():
        for down in downs:
            if up in waiting and down in waiting and up != down:
                waits_on[down] += 1
    order: list[int] = []
    while waiting:
        ready = sorted(p for p in waiting if waits_on[p] == 0)
        # A cycle between projects: take the lowest id and go on.
        chosen = ready[0] if ready else min(waiting)
        order.append(chosen)
        waiting.discard(chosen)
        for down in feeds.get(chosen, ()):
            if down in waiting:
                waits_on[down] -= 1
    return [p for p in (session.get(Project, pid) for pid in order) if p is not None]
