"""The tabs of a project page: each loads only what it shows."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from openpmo.db.models import Dependency, Task
from openpmo.services import dependencies, issues, overview, risks, task_calendars, tasks
from openpmo.web.deps import PageContext
from openpmo.web.documents import documents_panel

__all__ = ["TABS", "TaskRow", "depths", "load_tab", "wbs_key"]

#: More rows than any real plan has; the page shows them all, in WBS order.
_ALL = 5000


def wbs_key(wbs: str) -> tuple[tuple[int, int | str], ...]:
    """``"1.10"`` after ``"1.9"``: numeric parts compare as numbers."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-]", wbs))


@dataclass(frozen=True)
class TaskRow:
    """A task with its depth in the WBS tree (0 for a top-level task)."""

    task: Task
    depth: int


def depths(items: list[Task]) -> dict[int, int]:
    """Each task's depth in the WBS tree (0 for a top-level task), by id."""
    parent = {t.id: t.parent_id for t in items}
    depth: dict[int, int] = {}
    for task_id in parent:
        chain, node = 0, parent[task_id]
        while node is not None and node in parent and chain < 50:
            chain, node = chain + 1, parent[node]
        depth[task_id] = chain
    return depth


def _all_tasks(page: PageContext, project_id: int) -> list[Task]:
    items, _ = tasks.tasks.list(page.session, page.principal, project_id, limit=_ALL)
    return sorted(items, key=lambda t: wbs_key(t.wbs))


def _tasks(page: PageContext, project_id: int) -> dict[str, Any]:
    items = _all_tasks(page, project_id)
    depth = depths(items)
    calendars, _ = task_calendars.task_calendars.list(
        page.session, page.principal, project_id, limit=_ALL
    )
    return {
        "task_rows": [TaskRow(t, depth[t.id]) for t in items],
        "people": overview.resource_names(page.session, (t.assignee_id for t in items)),
        "calendar_names": {c.id: c.name for c in calendars},
    }


def _dependencies(page: PageContext, project_id: int) -> dict[str, Any]:
    links: list[Dependency]
    links, _ = dependencies.dependencies.list(page.session, page.principal, project_id, limit=_ALL)
    by_id = {t.id: t for t in _all_tasks(page, project_id)}
    links.sort(key=lambda d: (wbs_key(by_id[d.predecessor_id].wbs), d.successor_id))
    return {"links": links, "tasks_by_id": by_id}


def _risks(page: PageContext, project_id: int) -> dict[str, Any]:
    items, _ = risks.risks.list(page.session, page.principal, project_id, limit=_ALL)
    items.sort(key=lambda r: (-r.probability * r.impact, r.title))
    return {
        "risks": items,
        "people": overview.resource_names(page.session, (r.owner_id for r in items)),
    }


def _issues(page: PageContext, project_id: int) -> dict[str, Any]:
    items, _ = issues.issues.list(page.session, page.principal, project_id, limit=_ALL)
    return {
        "issues": items,
        "people": overview.resource_names(page.session, (i.owner_id for i in items)),
    }


def _overview(page: PageContext, project_id: int) -> dict[str, Any]:
    return documents_panel(page, project_id)


TABS: dict[str, Callable[[PageContext, int], dict[str, Any]]] = {
    "overview": _overview,
    "tasks": _tasks,
    "dependencies": _dependencies,
    "risks": _risks,
    "issues": _issues,
}


def load_tab(page: PageContext, project_id: int, tab: str | None) -> tuple[str, dict[str, Any]]:
    """The tab asked for (the overview when unknown) and the data it shows."""
    name = tab if tab in TABS else "overview"
    return name, TABS[name](page, project_id)
