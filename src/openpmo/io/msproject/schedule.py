"""An MSPDI project → the calendar-aware critical path: the glue behind ``pmo schedule FILE.xml``.

:func:`to_schedule_input` turns an :class:`MsProject` into an
:class:`openpmo.engines.ProjectPlan` (one activity per task, summaries rolled up through
``parent``); :func:`schedule_mspdi` schedules it and returns one :class:`TaskSchedule` per
task; :func:`compare_saved` checks the computed dates against the Start/Finish the file saved.

By default the rules are Microsoft Project's (see ``docs/io/msproject.md``): the status date
does not move work that is not done (Project does that only on "Update Project"), and a task
in progress finishes at its actual start plus its whole duration. Task calendars, elapsed
durations and elapsed lags are scheduled exactly (:mod:`openpmo.engines.calendar_passes`);
what the engine cannot express (cross-project links, resource calendars) is left out and
listed in :attr:`MsScheduleInput.notes`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from openpmo.engines import CycleError, ProjectPlan, ProjectSchedule, schedule_project
from openpmo.engines.calendars import Calendar
from openpmo.engines.cpm import NO_DATE
from openpmo.io.msproject.calendars import engine_calendar
from openpmo.io.msproject.errors import MsProjectError
from openpmo.io.msproject.model import MsLink, MsProject, MsTask
from openpmo.io.msproject.units import ConstraintType, MsDuration

__all__ = [
    "Comparison",
    "Mismatch",
    "MsScheduleInput",
    "TaskSchedule",
    "compare_saved",
    "schedule_mspdi",
    "to_schedule_input",
]

_DATED = frozenset(
    {
        ConstraintType.MSO,
        ConstraintType.MFO,
        ConstraintType.SNET,
        ConstraintType.SNLT,
        ConstraintType.FNET,
        ConstraintType.FNLT,
    }
)


@dataclass(frozen=True, eq=False)
class MsScheduleInput:
    """A plan for :func:`openpmo.engines.schedule_project` and where it came from.

    Attributes
    ----------
    plan : ProjectPlan
        Activity ``i`` is ``tasks[i]``; durations and lags in working minutes of the project
        calendar.
    tasks : tuple of MsTask
        Every task but the project summary (UID 0 at outline level 0), in file order.
    notes : tuple of str
        Approximations made, one sentence each (empty when the conversion is exact).
    """

    plan: ProjectPlan
    tasks: tuple[MsTask, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class TaskSchedule:
    """Computed dates of one task: naive local datetimes, floats in working minutes.

    ``start``/``finish`` are where the task is placed (its late dates for ALAP tasks, else
    its early dates); they are what :func:`compare_saved` checks.
    """

    uid: int
    name: str
    summary: bool
    early_start: dt.datetime
    early_finish: dt.datetime
    late_start: dt.datetime
    late_finish: dt.datetime
    start: dt.datetime
    finish: dt.datetime
    total_float_minutes: int
    critical: bool

    def as_json(self) -> dict[str, object]:
        """The JSON object ``pmo schedule --json`` prints (ISO 8601 local, to the minute)."""
        return {
            "uid": self.uid,
            "name": self.name,
            "early_start": _iso(self.early_start),
            "early_finish": _iso(self.early_finish),
            "late_start": _iso(self.late_start),
            "late_finish": _iso(self.late_finish),
            "total_float_minutes": self.total_float_minutes,
            "critical": self.critical,
        }


@dataclass(frozen=True)
class Mismatch:
    """A task whose computed start or finish differs from the one saved in the file."""

    uid: int
    name: str
    saved_start: dt.datetime
    saved_finish: dt.datetime
    start: dt.datetime
    finish: dt.datetime

    def describe(self) -> str:
        """One line, e.g. ``UID 7 'Move': start 2025-03-13T08:00 (saved 2025-03-12T08:00)…``."""
        parts = [
            f"{what} {_iso(got)} (saved {_iso(saved)})"
            for what, got, saved in (
                ("start", self.start, self.saved_start),
                ("finish", self.finish, self.saved_finish),
            )
            if got != saved
        ]
        return f"UID {self.uid} {self.name!r}: " + ", ".join(parts)


@dataclass(frozen=True)
class Comparison:
    """Computed against saved dates: ``compared`` tasks, of which ``mismatches`` differ."""

    compared: int
    mismatches: tuple[Mismatch, ...]

    @property
    def matched(self) -> int:
        """Tasks whose computed start and finish both equal the saved ones."""
        return self.compared - len(self.mismatches)

    def summary(self) -> str:
        """``N of M tasks match``."""
        return f"{self.matched} of {self.compared} tasks match"


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)


class _Notes:
    """Collects approximations, one sentence per kind, naming the tasks involved."""

    def __init__(self) -> None:
        self.by_kind: dict[str, list[str]] = {}

    def add(self, kind: str, task: MsTask) -> None:
        self.by_kind.setdefault(kind, []).append(f"{task.uid} {task.name!r}")

    def sentences(self) -> tuple[str, ...]:
        return tuple(f"{kind}: UID {', '.join(tasks)}" for kind, tasks in self.by_kind.items())


def _working(duration: MsDuration | None) -> int:
    """Minutes of a duration: working minutes, or clock minutes for an elapsed format."""
    return 0 if duration is None else duration.minutes


def _lag(link: MsLink) -> tuple[int, float, bool]:
    """``(lag in minutes, lag in percent, elapsed)`` of a link."""
    if link.lag_percent is not None:
        return 0, link.lag_percent, False
    return link.lag_minutes, 0.0, link.lag_format.elapsed


def _project_start(project: MsProject, tasks: tuple[MsTask, ...]) -> dt.datetime:
    if project.start_date is not None:
        return project.start_date
    starts = [t.start for t in tasks if t.start is not None]
    if not starts:
        raise MsProjectError("<project>", None, "StartDate", "the project has no start date")
    return min(starts)


def _calendar(project: MsProject) -> Calendar:
    # A file without a default calendar is scheduled on Project's Standard calendar.
    if project.calendar_uid is None:
        return Calendar.standard()
    return engine_calendar(project, project.calendar_uid)


def to_schedule_input(project: MsProject, *, use_status_date: bool = False) -> MsScheduleInput:
    """Build the engine's plan for a project read by :func:`read_mspdi`.

    Parameters
    ----------
    project : MsProject
    use_status_date : bool, default False
        Schedule work not done yet after the file's status date (Primavera's data date; the
        engine's progress rules). By default the status date is ignored, as Microsoft
        Project's scheduling ignores it, and a task in progress finishes at its actual start
        plus its duration.

    Returns
    -------
    MsScheduleInput

    Raises
    ------
    MsProjectError
        If the project is scheduled from its finish date, has no start date, or its
        calendar cannot be converted.
    """
    if not project.schedule_from_start:
        raise MsProjectError(
            "<project>", None, "ScheduleFromStart", "scheduling from the finish is not supported"
        )
    tasks = tuple(t for t in project.tasks if not (t.uid == 0 and t.outline_level == 0))
    index = {t.uid: i for i, t in enumerate(tasks)}
    notes = _Notes()
    parents = {t.parent_uid for t in tasks}
    leaf = [t.uid not in parents for t in tasks]
    calendars = {
        uid: engine_calendar(project, uid)
        for uid in {t.calendar_uid for t in tasks} - {None, project.calendar_uid}
        if uid is not None
    }
    pred, succ, types, lags, percents, elapsed_lags = [], [], [], [], [], []
    for link in project.links:
        successor = project.task(link.successor_uid)
        if link.predecessor_uid not in index or link.successor_uid not in index:
            notes.add("link ignored (cross-project or to the project summary)", successor)
            continue
        lag, percent, elapsed = _lag(link)
        pred.append(index[link.predecessor_uid])
        succ.append(index[link.successor_uid])
        types.append(int(link.type))
        lags.append(lag)
        percents.append(percent)
        elapsed_lags.append(elapsed)
    status = project.status_date if use_status_date else None
    progress = [_progress(t, is_leaf, status) for t, is_leaf in zip(tasks, leaf, strict=True)]
    constraints = [_constraint(t, notes) for t in tasks]
    plan = ProjectPlan(
        start=_project_start(project, tasks),
        calendar=_calendar(project),
        durations=np.array([_working(t.duration) for t in tasks], np.int64),
        elapsed=np.array(
            [t.duration is not None and t.duration.format.elapsed for t in tasks], np.bool_
        ),
        task_calendar=[calendars.get(t.calendar_uid or -1) for t in tasks],
        lag_elapsed=np.array(elapsed_lags, np.bool_),
        pred=np.array(pred, np.int64),
        succ=np.array(succ, np.int64),
        link_type=np.array(types, np.int64),
        lag=np.array(lags, np.int64),
        lag_percent=np.array(percents, np.float64),
        parent=np.array(
            [-1 if t.parent_uid is None else index.get(t.parent_uid, -1) for t in tasks],
            np.int64,
        ),
        constraint_type=np.array([int(c) for c, _ in constraints], np.int64),
        constraint_date=[d for _, d in constraints],
        deadline=[t.deadline for t in tasks],
        actual_start=[p.actual_start for p in progress],
        actual_finish=[p.actual_finish for p in progress],
        remaining=np.array(
            [NO_DATE if p.remaining is None else p.remaining for p in progress], np.int64
        ),
        percent_complete=np.array(
            [np.nan if p.percent is None else p.percent for p in progress], np.float64
        ),
        status_date=status,
    )
    return MsScheduleInput(plan=plan, tasks=tasks, notes=notes.sentences())


def _constraint(task: MsTask, notes: _Notes) -> tuple[ConstraintType, dt.datetime | None]:
    kind = task.constraint_type or ConstraintType.ASAP
    if kind in _DATED and task.constraint_date is None:
        notes.add("constraint without a ConstraintDate ignored", task)
        return ConstraintType.ASAP, None
    return kind, task.constraint_date if kind in _DATED else None


@dataclass(frozen=True)
class _Progress:
    actual_start: dt.datetime | None = None
    actual_finish: dt.datetime | None = None
    remaining: int | None = None
    percent: float | None = None


def _progress(task: MsTask, leaf: bool, status: dt.datetime | None) -> _Progress:
    """The progress columns of one task (summaries' progress is rolled up, not given)."""
    percent = task.percent_complete or 0
    started = task.actual_start or (task.start if percent > 0 else None)
    if not leaf or (started is None and task.actual_finish is None):
        return _Progress()
    if task.actual_finish is not None or percent >= 100:
        return _Progress(started, task.actual_finish, None, float(percent))
    if status is None:
        # Project keeps the remaining work right after the work done: actual start + duration.
        return _Progress(started, None, _working(task.duration), None)
    remaining = task.remaining_duration
    left = None if remaining is None else _working(remaining)
    return _Progress(started, None, left, float(percent))


def schedule_mspdi(
    project: MsProject, *, use_status_date: bool = False, source: str = "<project>"
) -> tuple[tuple[TaskSchedule, ...], tuple[str, ...]]:
    """Schedule a project: one :class:`TaskSchedule` per task (file order) and the notes.

    Parameters
    ----------
    project : MsProject
    use_status_date : bool, default False
        See :func:`to_schedule_input`.
    source : str
        The file's name, for error messages.

    Raises
    ------
    MsProjectError
        For a cycle in the links (naming the tasks by UID and name), a project that cannot be
        scheduled, or a date the calendar cannot place.
    """
    try:
        built = to_schedule_input(project, use_status_date=use_status_date)
    except MsProjectError as error:
        raise MsProjectError(source, error.line, error.element, error.reason) from None
    try:
        result = schedule_project(built.plan)
    except CycleError as error:
        tasks = [built.tasks[i] for i in (*error.cycle, error.cycle[0])]
        path = " -> ".join(f"UID {t.uid} {t.name!r}" for t in tasks)
        raise MsProjectError(
            source, None, "PredecessorLink", f"the links form a cycle: {path}"
        ) from None
    except ValueError as error:
        raise MsProjectError(source, None, None, f"cannot schedule: {error}") from None
    return _rows(built.tasks, result), built.notes


def _rows(tasks: tuple[MsTask, ...], result: ProjectSchedule) -> tuple[TaskSchedule, ...]:
    columns = {
        name: getattr(result, name).astype("datetime64[m]").astype(dt.datetime)
        for name in (
            "early_start",
            "early_finish",
            "late_start",
            "late_finish",
            "scheduled_start",
            "scheduled_finish",
        )
    }
    summary = result.minutes.summary
    return tuple(
        TaskSchedule(
            uid=task.uid,
            name=task.name,
            summary=bool(summary[i]),
            early_start=columns["early_start"][i],
            early_finish=columns["early_finish"][i],
            late_start=columns["late_start"][i],
            late_finish=columns["late_finish"][i],
            start=columns["scheduled_start"][i],
            finish=columns["scheduled_finish"][i],
            total_float_minutes=int(result.total_float[i]),
            critical=bool(result.critical[i]),
        )
        for i, task in enumerate(tasks)
    )


def compare_saved(project: MsProject, rows: tuple[TaskSchedule, ...]) -> Comparison:
    """Compare computed start and finish with the saved ones, to the minute.

    Compared are the tasks that are not summaries and have both a saved Start and Finish.
    """
    mismatches: list[Mismatch] = []
    compared = 0
    for row in rows:
        task = project.task(row.uid)
        if row.summary or task.summary or task.start is None or task.finish is None:
            continue
        compared += 1
        saved_start, saved_finish = _minute(task.start), _minute(task.finish)
        if (row.start, row.finish) != (saved_start, saved_finish):
            mismatches.append(
                Mismatch(row.uid, row.name, saved_start, saved_finish, row.start, row.finish)
            )
    return Comparison(compared, tuple(mismatches))
