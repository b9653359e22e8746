"""What a project's schedule page shows: its tasks, links and one baseline's dates.

Reads only: the dates come from the stored schedule written by
:func:`openpmo.services.scheduling.schedule_project`. Datetimes are naive local times of
the project; floats are working minutes (``minutes_per_day`` turns them into days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Baseline, BaselineTask, Dependency, Project, Task
from openpmo.services import authz
from openpmo.services.principal import Principal
from openpmo.services.scheduling import minutes_per_day

__all__ = ["ScheduleView", "load_schedule"]


@dataclass(frozen=True)
class ScheduleView:
    """A project's stored schedule; ``baseline_dates`` maps task id → (start, finish)."""

    project: Project
    tasks: list[Task]
    links: list[Dependency]
    baselines: list[Baseline]
    baseline: Baseline | None
    baseline_dates: dict[int, tuple[datetime | None, datetime | None]]
    minutes_per_day: int


def load_schedule(
    session: Session, principal: Principal, project_id: int, *, baseline_number: int | None
) -> ScheduleView:
    """The project's tasks, its links between its own tasks, and baseline ``baseline_number``
    (``None`` or a number the project has not saved: no baseline)."""
    project = authz.load_project(session, principal, project_id)
    tasks = list(session.scalars(select(Task).where(Task.project_id == project_id)))
    own = {t.id for t in tasks}
    links = [
        link
        for link in session.scalars(select(Dependency).where(Dependency.project_id == project_id))
        if link.predecessor_id in own
    ]
    baselines = list(
        session.scalars(
            select(Baseline).where(Baseline.project_id == project_id).order_by(Baseline.number)
        )
    )
    chosen = next((b for b in baselines if b.number == baseline_number), None)
    dates: dict[int, tuple[datetime | None, datetime | None]] = {}
    if chosen is not None:
        rows = session.execute(
            select(BaselineTask.task_id, BaselineTask.start, BaselineTask.finish).where(
                BaselineTask.baseline_id == chosen.id
            )
        )
        dates = {task_id: (start, finish) for task_id, start, finish in rows}
    return ScheduleView(
        project=project,
        tasks=tasks,
        links=links,
        baselines=baselines,
        baseline=chosen,
        baseline_dates=dates,
        minutes_per_day=minutes_per_day(project.work_hours),
    )
