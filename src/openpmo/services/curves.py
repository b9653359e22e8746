"""Time-phased planned value (the PV line of S-curves) from baselines, on each project's
working calendar.

A baseline task spreads its cost evenly over its working time from baseline start to finish
(a milestone plans its cost at its finish), exactly as the earned value engine does at a
status date, so the curve drawn through the status dates meets the PV of each snapshot. The
planned value "at" a day is the value at the start of that day, like a status date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta

import numpy as np
import numpy.typing as npt
from sqlalchemy import Float, cast, select
from sqlalchemy.orm import Session

from openpmo.db.models import Baseline, BaselineTask
from openpmo.engines.calendars import to_working_minutes
from openpmo.engines.evm import planned_curve
from openpmo.services.calendars import build_calendar
from openpmo.services.evaluation import calendar_keys, epoch_seconds

__all__ = ["first_baselines", "month_grid", "planned_values", "span_days", "week_grid"]

Float64Array = npt.NDArray[np.float64]


def first_baselines(session: Session, project_ids: set[int]) -> dict[int, int]:
    """Each project's lowest-numbered baseline (the one a first snapshot is measured on)."""
    found: dict[int, int] = {}
    if not project_ids:
        return found
    rows = session.execute(
        select(Baseline.project_id, Baseline.id)
        .where(Baseline.project_id.in_(project_ids))
        .order_by(Baseline.project_id, Baseline.number.desc())
    )
    for project_id, baseline_id in rows:
        found[project_id] = baseline_id  # the last row per project is the lowest number
    return found


def month_grid(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s month to the month after ``last``."""
    grid, year, month = [], first.year, first.month
    while True:
        day = date(year, month, 1)
        grid.append(day)
        if day > last:
            return grid
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def week_grid(first: date, last: date) -> list[date]:
    """Every Monday from the one on or before ``first`` to the first one after ``last``."""
    day = first - timedelta(days=first.weekday())
    grid = [day]
    while day <= last:
        day += timedelta(days=7)
        grid.append(day)
    return grid


_EPOCH = datetime(1970, 1, 1)


def span_days(low: int, high: int) -> tuple[date, date]:
    """The days of a first start and a last finish given in epoch seconds (naive local)."""
    return (_EPOCH + timedelta(seconds=low)).date(), (_EPOCH + timedelta(seconds=high)).date()


def _span(rows: Sequence[tuple[int, int, int, float]]) -> tuple[date, date] | None:
    """The first baseline start and the last baseline finish (naive local days)."""
    if not rows:
        return None
    return span_days(min(r[1] for r in rows), max(r[2] for r in rows))


def _rows(session: Session, baseline_ids: Sequence[int]) -> list[tuple[int, int, int, float]]:
    if not baseline_ids:
        return []
    stmt = select(
        BaselineTask.baseline_id,
        epoch_seconds(session, BaselineTask.start),
        epoch_seconds(session, BaselineTask.finish),
        cast(BaselineTask.cost, Float),
    ).where(
        BaselineTask.baseline_id.in_(baseline_ids),
        BaselineTask.start.is_not(None),
        BaselineTask.finish.is_not(None),
    )
    return [(b, s, f, c or 0.0) for b, s, f, c in session.execute(stmt)]


def planned_values(
    session: Session,
    baselines: Mapping[int, int],
    *,
    grid_of: Callable[[date, date], list[date]] = month_grid,
    through: date | None = None,
) -> tuple[list[date], dict[int, Float64Array]]:
    """Cumulative planned value (money) of each project's baseline at each day of a grid.

    ``baselines`` maps a project to the baseline to read. The grid is ``grid_of(first,
    last)`` over every baseline's span, extended to ``through`` (e.g. the latest status
    date); empty when no baseline has a dated task. Projects are grouped by calendar and
    each group is one engine call, whatever the number of projects.
    """
    rows = _rows(session, list(baselines.values()))
    span = _span(rows)
    grid = grid_of(span[0], max(span[1], through or span[1])) if span else []
    project_of = {b: p for p, b in baselines.items()}
    keys = calendar_keys(session, set(baselines))
    members: dict[object, list[int]] = defaultdict(list)
    for project_id in baselines:
        members[keys[project_id]].append(project_id)
    by_project: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    for baseline_id, start, finish, cost in rows:
        by_project[project_of[baseline_id]].append((start, finish, cost))
    grid_m = np.array([datetime.combine(d, time()) for d in grid], dtype="datetime64[m]")
    result: dict[int, Float64Array] = {}
    for key, projects in members.items():
        values = _group_values(key, projects, by_project, grid_m)
        for k, project_id in enumerate(projects):
            result[project_id] = values[k]
    return list(grid), result


def _group_values(
    key: object,
    projects: list[int],
    by_project: Mapping[int, list[tuple[int, int, float]]],
    grid_m: npt.NDArray[np.datetime64],
) -> Float64Array:
    """PV of projects sharing one calendar at each grid moment, shape (projects, grid)."""
    starts, finishes, costs, groups = [], [], [], []
    for k, project_id in enumerate(projects):
        for start, finish, cost in by_project.get(project_id, ()):
            starts.append(start)
            finishes.append(finish)
            costs.append(cost)
            groups.append(k)
    if not starts or not grid_m.size:
        return np.zeros((len(projects), grid_m.size))
    start_m = (np.asarray(starts, np.int64) // 60).astype("datetime64[m]")
    finish_m = (np.asarray(finishes, np.int64) // 60).astype("datetime64[m]")
    moments = np.concatenate([start_m, finish_m, grid_m])
    calendar = build_calendar(*key)  # type: ignore[misc]
    minutes = to_working_minutes(calendar, moments.min(), moments)
    n = len(starts)
    curve = planned_curve(
        minutes[:n],
        np.maximum(minutes[n : 2 * n], minutes[:n]),
        np.maximum(np.asarray(costs, np.float64), 0.0),
        group=np.asarray(groups, np.int64),
        n_groups=len(projects),
    )
    return curve.value_at(minutes[2 * n :])
