"""The levelling engine's reasons and left-over over-allocation, in the PMO's own words.

The engine names activities, resources and time units by index
(:class:`~openpmo.engines.levelling.Reason`, :class:`~openpmo.engines.levelling.Overload`);
a scenario's summary names the task (WBS, name, project), the person and the dates instead,
as a message key with its parameters (translated where it is shown) and its English text.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Resource
from openpmo.engines.levelling import LevellingResult, Overload, Reason
from openpmo.i18n import translate
from openpmo.services.levelling_input import Network

__all__ = ["MAX_NAMED_TASKS", "clamped_demands", "describe_reason", "started_causes"]

#: Tasks a reason or an over-allocation names before "and N more".
MAX_NAMED_TASKS = 5


def _task(network: Network, index: int) -> str:
    task = network.tasks[index]
    code = network.projects[int(network.project_index[index])].code
    return f"{code} {task.wbs} {task.name}"


def _tasks(network: Network, indexes: tuple[int, ...]) -> str:
    named = ", ".join(_task(network, j) for j in indexes[:MAX_NAMED_TASKS])
    more = len(indexes) - MAX_NAMED_TASKS
    return f"{named} (+{more})" if more > 0 else named


def _resource_name(session: Session, network: Network, index: int) -> str:
    resource_id = network.resources[index]
    name = session.scalar(select(Resource.name).where(Resource.id == resource_id))
    return str(name or resource_id)


def describe_reason(
    session: Session, network: Network, result: LevellingResult, time_limit: float
) -> dict[str, Any] | None:
    """Why the run has no schedule: ``{"key", "params", "text"}`` (English text), or ``None``."""
    why: Reason | None = result.why
    if why is None or result.starts is not None:
        return None
    params: dict[str, Any] = {}
    if why.code == "started_link":
        params = {
            "first": _task(network, why.activities[0]),
            "second": _task(network, why.activities[1]),
        }
    elif why.code == "float_energy":
        first, last = network.to_date(np.array([why.time, max(why.end - 1, why.time)]))
        params = {
            "resource": _resource_name(session, network, why.resource),
            "need": round(why.need / 100, 1),
            "available": round(why.available / 100, 1),
            "start": first.isoformat(),
            "end": last.isoformat(),
            "tasks": _tasks(network, why.activities),
        }
    elif why.code == "float_clash":
        params = {
            "resource": _resource_name(session, network, why.resource),
            "day": network.to_date(np.array([why.time]))[0].isoformat(),
            "need": why.need,
            "available": why.available,
            "tasks": _tasks(network, why.activities),
        }
    elif why.code == "time_limit":
        params = {"seconds": time_limit}
    key = f"levelling.reason.{why.code}"
    return {"key": key, "params": params, "text": translate(key, "en", **params)}


def started_causes(
    network: Network, overloads: tuple[Overload, ...]
) -> dict[int, list[dict[str, Any]]]:
    """The started tasks behind each resource's left-over over-allocation, by resource id:
    ``[{"task_id", "project_id", "project", "wbs", "name", "first", "last"}, ...]``."""
    causes: dict[int, list[dict[str, Any]]] = {}
    seen: set[tuple[int, int]] = set()
    for run in overloads:
        resource_id = network.resources[run.resource]
        for j in run.activities:
            if (resource_id, j) in seen:
                continue
            seen.add((resource_id, j))
            task = network.tasks[j]
            project = network.projects[int(network.project_index[j])]
            last = network.start[j] + max(int(network.durations[j]) - 1, 0)
            first_day, last_day = network.to_date(np.array([network.start[j], last]))
            causes.setdefault(resource_id, []).append(
                {
                    "task_id": task.id,
                    "project_id": project.id,
                    "project": project.code,
                    "wbs": task.wbs,
                    "name": task.name,
                    "first": first_day.isoformat(),
                    "last": last_day.isoformat(),
                }
            )
    return causes


def clamped_demands(session: Session, network: Network) -> list[dict[str, Any]]:
    """The assignments asking more of a person than their capacity, cut to it:
    ``[{"task_id", "project", "wbs", "name", "resource_id", "resource", "units", "capacity"}]``."""
    ids = {network.resources[r] for _, r, _, _ in network.clamped_cells}
    names = dict(
        session.execute(select(Resource.id, Resource.name).where(Resource.id.in_(ids))).all()
        if ids
        else []
    )
    rows = []
    for k, r, units, capacity in network.clamped_cells:
        task = network.tasks[k]
        rows.append(
            {
                "task_id": task.id,
                "project": network.projects[int(network.project_index[k])].code,
                "wbs": task.wbs,
                "name": task.name,
                "resource_id": network.resources[r],
                "resource": names.get(network.resources[r], network.resources[r]),
                "units": units,
                "capacity": capacity,
            }
        )
    return rows
