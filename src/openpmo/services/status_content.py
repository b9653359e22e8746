"""The generated part of a project's weekly status report, from the data at a status date.

Every figure comes from the services the rest of OpenPMO uses, so a report agrees with the
project's performance page: earned value, KPIs and health with reasons from
:func:`openpmo.services.performance.health_trend` (one engine call for all the project's
status dates, which also gives the trend and the S-curve's EV and AC), task progress from the
status date's snapshot, the baseline the snapshot is measured against.

* **Period**: from the project's previous status date (a week before when there is none, or
  it is more than a month back) to the day before the status date; the next period is as
  long and starts on the status date.
* **Finished tasks**: leaf tasks whose actual finish (in the snapshot) falls in the period.
  **Planned tasks**: unfinished leaf tasks whose (scheduled, else planned) span meets the
  next period.
* **Milestones**: tasks flagged as milestones or without duration in the baseline. Late: not
  finished and the baseline finish is at or before the status date's start on the project's
  working calendar (the ``late_milestones`` KPI's own rule). Shown: every late one, those
  finished in the period, those due in the next period and the next few after.
* **Risks**: the open ones with the highest exposure (probability × impact); **issues**: the
  open ones, overdue first; **remediation actions**: those not done.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from openpmo.db.base import utcnow
from openpmo.db.models import (
    Baseline,
    BaselineTask,
    Issue,
    OrgUnit,
    Portfolio,
    Program,
    Project,
    RemediationAction,
    Resource,
    Risk,
    StatusDate,
    Task,
    TaskProgress,
)
from openpmo.engines.calendars import to_working_minutes
from openpmo.engines.evm import planned_curve, round_half_up
from openpmo.enums import IssueStatus, RemediationStatus, RiskStatus
from openpmo.io.reports.content import (
    ActionLine,
    CurvePoint,
    HealthLine,
    IssueLine,
    Label,
    Message,
    MilestoneLine,
    ProjectInfo,
    RiskLine,
    StatusReportContent,
    TaskLine,
    TrendPoint,
)
from openpmo.services import authz, performance
from openpmo.services.calendars import build_calendar, exceptions_of
from openpmo.services.performance import DimensionResult, ProjectPerformance
from openpmo.services.principal import Principal
from openpmo.services.progress import get_status_date

__all__ = [
    "ContentRequest",
    "default_period",
    "health_line",
    "message_of",
    "open_actions",
    "status_content",
    "status_contents",
]

#: Longest lists of a report (the totals count all).
MAX_TASKS = 25
MAX_RISKS = 5
MAX_ISSUES = 10
MAX_MILESTONES = 20
#: Upcoming milestones shown beyond the next period.
UPCOMING = 3
#: Most points of the S-curve's planned value (weekly, or coarser on long projects).
CURVE_POINTS = 60


def default_period(session: Session, project_id: int, status_date: date) -> tuple[date, date]:
    """From the previous status date (or a week back) to the day before ``status_date``."""
    previous = session.scalar(
        select(StatusDate.status_date)
        .where(StatusDate.project_id == project_id, StatusDate.status_date < status_date)
        .order_by(StatusDate.status_date.desc())
        .limit(1)
    )
    if previous is None or (status_date - previous).days > 31:
        previous = status_date - timedelta(days=7)
    return previous, status_date - timedelta(days=1)


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value


def message_of(key: str, params: dict[str, Any]) -> Message:
    return Message(key, {k: _plain(v) for k, v in params.items()})


def health_line(result: DimensionResult) -> HealthLine:
    return HealthLine(
        dimension=result.dimension,
        colour=result.colour,
        computed_colour=result.computed_colour,
        reasons=tuple(message_of(r.key, r.params) for r in result.reasons),
        override_comment=result.override.comment if result.override is not None else None,
    )


def _labels(session: Session, model: Any, ids: set[int | None]) -> dict[int, Label]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(model.id, model.name, model.name_zh).where(model.id.in_(wanted)))
    return {i: Label(name, zh) for i, name, zh in rows}


def _info(session: Session, project: Project) -> ProjectInfo:
    people = _labels(session, Resource, {project.manager_id, project.sponsor_id})
    program = _labels(session, Program, {project.program_id}).get(project.program_id or 0)
    portfolio = _labels(session, Portfolio, {project.portfolio_id}).get(project.portfolio_id or 0)
    unit = _labels(session, OrgUnit, {project.org_unit_id}).get(project.org_unit_id)
    return ProjectInfo(
        id=project.id,
        code=project.code,
        name=project.name,
        name_zh=project.name_zh,
        status=project.status.value,
        manager=people.get(project.manager_id or 0),
        sponsor=people.get(project.sponsor_id or 0),
        program=program,
        portfolio=portfolio,
        org_unit=unit,
        currency=project.currency,
        budget=float(project.budget),
        planned_start=project.planned_start,
        planned_finish=project.planned_finish,
        current_phase=project.current_phase,
    )


def _day(scheduled: datetime | None, planned: date | None) -> date | None:
    return scheduled.date() if scheduled is not None else planned


def _tasks(
    session: Session, snapshot: StatusDate
) -> tuple[Sequence[Any], dict[int, Label], dict[int, tuple[datetime, datetime]]]:
    """Every task with its progress in the snapshot, assignee names, baseline dates."""
    rows = session.execute(
        select(
            Task.id,
            Task.wbs,
            Task.name,
            Task.name_zh,
            Task.is_milestone,
            Task.is_summary,
            Task.planned_start,
            Task.planned_finish,
            Task.scheduled_start,
            Task.scheduled_finish,
            Task.assignee_id,
            TaskProgress.percent_complete,
            TaskProgress.actual_finish,
        )
        .outerjoin(
            TaskProgress,
            and_(TaskProgress.task_id == Task.id, TaskProgress.status_date_id == snapshot.id),
        )
        .where(Task.project_id == snapshot.project_id)
        .order_by(Task.wbs, Task.id)
    ).all()
    people = _labels(session, Resource, {r.assignee_id for r in rows})
    baseline: dict[int, tuple[datetime, datetime]] = {}
    if snapshot.baseline_id is not None:
        for task_id, start, finish in session.execute(
            select(BaselineTask.task_id, BaselineTask.start, BaselineTask.finish).where(
                BaselineTask.baseline_id == snapshot.baseline_id,
                BaselineTask.start.is_not(None),
                BaselineTask.finish.is_not(None),
            )
        ):
            if start is not None and finish is not None:
                baseline[task_id] = (start, finish)
    return rows, people, baseline


def _task_line(row: Any, people: dict[int, Label]) -> TaskLine:
    return TaskLine(
        wbs=row.wbs,
        name=row.name,
        name_zh=row.name_zh,
        assignee=people.get(row.assignee_id or 0),
        start=_day(row.scheduled_start, row.planned_start),
        finish=_day(row.scheduled_finish, row.planned_finish),
        actual_finish=row.actual_finish.date() if row.actual_finish else None,
        percent_complete=float(row.percent_complete or 0.0),
    )


def _work(
    rows: Sequence[Any],
    people: dict[int, Label],
    period: tuple[date, date],
    status_date: date,
    next_end: date,
) -> tuple[list[TaskLine], list[TaskLine]]:
    start, end = period
    finished, planned = [], []
    for row in rows:
        if row.is_summary or row.is_milestone:
            continue
        line = _task_line(row, people)
        if line.actual_finish is not None and start <= line.actual_finish <= end:
            finished.append(line)
        elif (
            line.percent_complete < 100
            and line.start is not None
            and line.finish is not None
            and line.start <= next_end
            and line.finish >= status_date
        ):
            planned.append(line)
    return finished, planned


def _calendar(session: Session, project: Project) -> Any:
    return build_calendar(
        project.calendar,
        project.work_hours,
        project.workdays or "12345",
        exceptions_of(session, project.id),
    )


def _late_flags(
    calendar: Any, status_date: date, finishes: list[datetime]
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Whether each baseline finish is at or before the status instant in working time."""
    if not finishes:
        return np.zeros(0, np.bool_)
    origin = datetime.combine(status_date, time())
    moments = np.array([origin, *finishes], dtype="datetime64[m]")
    minutes = to_working_minutes(calendar, origin, moments)
    return np.asarray(minutes[1:] <= minutes[0])


def _finish_order(row: Any) -> tuple[date, str]:
    return _day(row.scheduled_finish, row.planned_finish) or date.max, row.wbs


def _milestone_state(line: TaskLine, late: bool, status_date: date, next_end: date) -> str:
    if line.percent_complete >= 100:
        return "done"
    if late:
        return "late"
    if line.finish is not None and line.finish <= next_end:
        return "due" if line.finish >= status_date else "late"
    return "upcoming"


def _milestones(
    rows: Sequence[Any],
    people: dict[int, Label],
    baseline: dict[int, tuple[datetime, datetime]],
    calendar: Any,
    period: tuple[date, date],
    status_date: date,
    next_end: date,
) -> list[MilestoneLine]:
    chosen = [
        r
        for r in rows
        if not r.is_summary
        and (r.is_milestone or (r.id in baseline and baseline[r.id][0] == baseline[r.id][1]))
    ]
    in_baseline = [r for r in chosen if r.id in baseline]
    flags = _late_flags(calendar, status_date, [baseline[r.id][1] for r in in_baseline])
    late = {r.id: bool(f) for r, f in zip(in_baseline, flags, strict=True)}
    lines: list[MilestoneLine] = []
    upcoming = 0
    for row in sorted(chosen, key=_finish_order):
        task = _task_line(row, people)
        state = _milestone_state(task, late.get(row.id, False), status_date, next_end)
        if state == "done" and not (task.actual_finish and task.actual_finish >= period[0]):
            continue
        if state == "upcoming":
            upcoming += 1
            if upcoming > UPCOMING:
                continue
        base = baseline[row.id][1].date() if row.id in baseline else None
        moment = task.actual_finish or task.finish
        lines.append(
            MilestoneLine(
                wbs=row.wbs,
                name=row.name,
                name_zh=row.name_zh,
                baseline_finish=base,
                forecast_finish=task.finish,
                actual_finish=task.actual_finish,
                state=state,
                variance_days=(moment - base).days if moment and base else None,
            )
        )
    order = {"late": 0, "done": 1, "due": 2, "upcoming": 3}
    lines.sort(key=lambda m: order[m.state])
    return lines[:MAX_MILESTONES]


def _risks(session: Session, project_id: int) -> list[RiskLine]:
    exposure = Risk.probability * Risk.impact
    risks = list(
        session.scalars(
            select(Risk)
            .where(
                Risk.project_id == project_id,
                Risk.status.in_((RiskStatus.OPEN, RiskStatus.MITIGATING)),
            )
            .order_by(exposure.desc(), Risk.id)
            .limit(MAX_RISKS)
        )
    )
    owners = _labels(session, Resource, {r.owner_id for r in risks})
    return [
        RiskLine(
            title=r.title,
            probability=r.probability,
            impact=r.impact,
            exposure=round(r.probability * r.impact, 4),
            status=r.status.value,
            owner=owners.get(r.owner_id or 0),
            due_date=r.due_date,
            response=r.response,
        )
        for r in risks
    ]


def _issues(session: Session, project_id: int, status_date: date) -> list[IssueLine]:
    issues = list(
        session.scalars(
            select(Issue).where(
                Issue.project_id == project_id,
                Issue.status.in_((IssueStatus.OPEN, IssueStatus.IN_PROGRESS)),
            )
        )
    )
    owners = _labels(session, Resource, {i.owner_id for i in issues})
    lines = [
        IssueLine(
            title=i.title,
            severity=i.severity,
            status=i.status.value,
            owner=owners.get(i.owner_id or 0),
            due_date=i.due_date,
            overdue=i.due_date is not None and i.due_date < status_date,
        )
        for i in issues
    ]
    lines.sort(key=lambda i: (not i.overdue, -i.severity, i.due_date or date.max, i.title))
    return lines[:MAX_ISSUES]


def open_actions(
    session: Session, project_ids: Sequence[int], on: date, codes: dict[int, str] | None = None
) -> list[ActionLine]:
    """Remediation actions not done of the projects, soonest due first."""
    actions = list(
        session.scalars(
            select(RemediationAction)
            .where(
                RemediationAction.project_id.in_(project_ids),
                RemediationAction.status != RemediationStatus.DONE,
            )
            .order_by(RemediationAction.due_date, RemediationAction.id)
        )
    )
    owners = _labels(session, Resource, {a.owner_id for a in actions})
    return [
        ActionLine(
            project=(codes or {}).get(a.project_id),
            description=a.description,
            owner=owners.get(a.owner_id or 0),
            due_date=a.due_date,
            status=a.status.value,
            overdue=a.due_date is not None and a.due_date < on,
        )
        for a in actions
    ]


def _sample_days(first: date, last: date, status_dates: list[date]) -> list[date]:
    """Mondays from ``first`` to past ``last`` (coarser on long plans), and the status dates."""
    monday = first - timedelta(days=first.weekday())
    weeks = max(1, ((last - monday).days // 7) + 1)
    step = max(1, -(-weeks // CURVE_POINTS))
    days = {monday + timedelta(weeks=k) for k in range(0, weeks + step, step)}
    return sorted(days | set(status_dates) | {last})


def _curve(
    session: Session, snapshot: StatusDate, calendar: Any, history: list[ProjectPerformance]
) -> list[CurvePoint]:
    """Planned value over the baseline's span; EV and AC at each status date."""
    actuals = {p.status_date: (p.money["ev"], p.money["ac"]) for p in history}
    rows: Sequence[Any] = []
    if snapshot.baseline_id is not None:
        rows = session.execute(
            select(BaselineTask.start, BaselineTask.finish, BaselineTask.cost).where(
                BaselineTask.baseline_id == snapshot.baseline_id,
                BaselineTask.start.is_not(None),
                BaselineTask.finish.is_not(None),
            )
        ).all()
    if not rows:
        return [
            CurvePoint(p.status_date, p.money["pv"] or 0.0, p.money["ev"], p.money["ac"])
            for p in history
        ]
    starts = [r[0] for r in rows]
    finishes = [r[1] for r in rows]
    first, last = min(starts).date(), max(finishes).date()
    days = _sample_days(first, last, sorted(actuals))
    origin = datetime.combine(min(first, days[0]), time())
    moments = np.array(
        [*starts, *finishes, *(datetime.combine(d, time()) for d in days)], dtype="datetime64[m]"
    )
    minutes = to_working_minutes(calendar, origin, moments)
    n = len(rows)
    curve = planned_curve(
        minutes[:n],
        minutes[n : 2 * n],
        np.array([float(r[2]) for r in rows]),
        np.zeros(n, np.int64),
        1,
    )
    pv = round_half_up(curve.value_at(minutes[2 * n :])[0], 2)
    return [
        CurvePoint(day, float(value), *actuals.get(day, (None, None)))
        for day, value in zip(days, pv.tolist(), strict=True)
    ]


@dataclass(frozen=True)
class ContentRequest:
    """One report to generate: the status date (``None``: the latest), its period
    (``None``: :func:`default_period`) and the moment it is generated at."""

    status_date: date | None = None
    period: tuple[date, date] | None = None
    generated_at: datetime | None = None


def status_content(
    session: Session,
    principal: Principal,
    project_id: int,
    *,
    status_date: date | None = None,
    period: tuple[date, date] | None = None,
    generated_at: datetime | None = None,
) -> StatusReportContent:
    """The generated content of the project's report at the snapshot holding on
    ``status_date`` (the latest when ``None``); ``period`` defaults to
    :func:`default_period`. The narrative and review are left empty (see
    :func:`openpmo.services.status_reports.content_of`)."""
    request = ContentRequest(status_date, period, generated_at)
    return status_contents(session, principal, project_id, [request])[0]


def status_contents(
    session: Session, principal: Principal, project_id: int, requests: Sequence[ContentRequest]
) -> list[StatusReportContent]:
    """Several reports of one project at once (its health trend is computed once)."""
    project = authz.load_project(session, principal, project_id)
    trend = performance.health_trend(session, principal, project_id)
    info = _info(session, project)
    calendar = _calendar(session, project)
    risks = tuple(_risks(session, project_id))
    return [
        _content(session, principal, project, r, trend, info, calendar, risks) for r in requests
    ]


def _content(
    session: Session,
    principal: Principal,
    project: Project,
    request: ContentRequest,
    trend: list[ProjectPerformance],
    info: ProjectInfo,
    calendar: Any,
    risks: tuple[RiskLine, ...],
) -> StatusReportContent:
    project_id = project.id
    snapshot = get_status_date(session, principal, project_id, request.status_date)
    history = [p for p in trend if p.status_date <= snapshot.status_date]
    current = next(p for p in history if p.status_date_id == snapshot.id)
    start, end = request.period or default_period(session, project_id, snapshot.status_date)
    next_end = snapshot.status_date + (end - start)
    rows, people, baseline = _tasks(session, snapshot)
    finished, planned = _work(rows, people, (start, end), snapshot.status_date, next_end)
    baseline_name = None
    if snapshot.baseline_id is not None:
        found = session.get(Baseline, snapshot.baseline_id)
        baseline_name = f"{found.number}: {found.name}" if found is not None else None
    return StatusReportContent(
        project=info,
        status_date=snapshot.status_date,
        period_start=start,
        period_end=end,
        next_period_end=next_end,
        baseline=baseline_name,
        money=dict(current.money),
        hours=dict(current.hours),
        kpis=dict(current.kpis),
        overall=health_line(current.overall),
        dimensions=tuple(health_line(d) for d in current.dimensions),
        finished=tuple(finished[:MAX_TASKS]),
        finished_total=len(finished),
        planned=tuple(planned[:MAX_TASKS]),
        planned_total=len(planned),
        milestones=tuple(
            _milestones(
                rows, people, baseline, calendar, (start, end), snapshot.status_date, next_end
            )
        ),
        risks=risks,
        issues=tuple(_issues(session, project_id, snapshot.status_date)),
        actions=tuple(open_actions(session, [project_id], snapshot.status_date)),
        curve=tuple(_curve(session, snapshot, calendar, history)),
        trend=tuple(
            TrendPoint(p.status_date, p.overall.colour, p.money["spi"], p.money["cpi"])
            for p in history
        ),
        generated_at=request.generated_at or utcnow(),
    )
