"""Hours per skill and year for portfolio selection: the pool's capacity and the running
projects' demand, from the capacity planning service.

Each resource's hours are shared among its skills in proportion to their levels, so that a
person counts once in all; a project's demand per resource and month is the larger of its
task assignments and its allocations (as the capacity report counts them), plus submitted
resource requests for a skill (count × percent of an 8-hour weekday).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import ResourceRequest, ResourceSkill
from openpmo.engines.capacity import plan_capacity
from openpmo.enums import RequestStatus
from openpmo.services import capacity

__all__ = ["DAY_HOURS", "Pool", "load_pool"]

FloatArray = npt.NDArray[np.float64]

#: Hours of one working day, for requests (count × percent of a day).
DAY_HOURS = 8.0


def _skill_shares(session: Session) -> dict[int, list[tuple[int, float]]]:
    """Each resource's skills with the share of its hours they get (in proportion to the
    levels), so that a person's hours are counted once in all."""
    levels: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for rid, sid, level in session.execute(
        select(ResourceSkill.resource_id, ResourceSkill.skill_id, ResourceSkill.level)
    ):
        levels[rid].append((sid, float(max(level, 1))))
    shares = {}
    for rid, items in levels.items():
        total = sum(level for _, level in items)
        shares[rid] = [(sid, level / total) for sid, level in sorted(items)]
    return shares


@dataclass(frozen=True, eq=False)
class Pool:
    """Hours per skill id and horizon year: the pool's capacity and running projects' need."""

    capacity: dict[int, FloatArray]
    demand: dict[tuple[int, int], FloatArray]  # (project id, skill id) -> per year


def load_pool(session: Session, years: list[int], project_ids: set[int]) -> Pool:
    window = capacity.Window(date(years[0], 1, 1), date(years[-1], 12, 31), "month")
    loaded = capacity.load_capacity(session, window, org_unit_id=None, what_if=None)
    result = plan_capacity(loaded.data)
    shares = _skill_shares(session)
    rid = [shares.get(r.id, []) for r in loaded.resources]
    year_of_month = np.arange(result.capacity.shape[1]) // 12
    cap: dict[int, FloatArray] = defaultdict(lambda: np.zeros(len(years)))
    for r, skills in enumerate(rid):
        for sid, share in skills:
            np.add.at(cap[sid], year_of_month, result.capacity[r] * share)
    demand: dict[tuple[int, int], FloatArray] = defaultdict(lambda: np.zeros(len(years)))
    # The larger of assignments and allocations per (resource, project, month), as the
    # capacity report counts them.
    cells: dict[tuple[int, int, int], list[float]] = defaultdict(lambda: [0.0, 0.0])
    data = loaded.data
    for item, month, hours in zip(
        result.pair_item.tolist(),
        result.pair_bucket.tolist(),
        result.pair_hours.tolist(),
        strict=True,
    ):
        project_id = loaded.items[item][2]
        if project_id in project_ids:
            key = (int(data.item_resource[item]), project_id, month)
            cells[key][int(data.item_source[item])] += hours
    for (r, project_id, month), both in cells.items():
        for sid, share in rid[r]:
            demand[(project_id, sid)][month // 12] += max(both) * share
    _requests(session, years, project_ids, demand)
    return Pool(dict(cap), dict(demand))


def _requests(
    session: Session,
    years: list[int],
    project_ids: set[int],
    demand: dict[tuple[int, int], FloatArray],
) -> None:
    """Submitted (not yet approved) requests for a skill: count × percent of a day on each
    weekday they cover."""
    rows = session.execute(
        select(
            ResourceRequest.project_id,
            ResourceRequest.skill_id,
            ResourceRequest.count,
            ResourceRequest.percent,
            ResourceRequest.start,
            ResourceRequest.finish,
        ).where(
            ResourceRequest.status == RequestStatus.SUBMITTED,
            ResourceRequest.skill_id.is_not(None),
            ResourceRequest.project_id.in_(project_ids),
        )
    )
    for project_id, skill_id, count, percent, start, finish in rows:
        for t, year in enumerate(years):
            lo, hi = max(start, date(year, 1, 1)), min(finish, date(year, 12, 31))
            if hi >= lo:
                days = int(np.busday_count(lo, hi + timedelta(days=1)))
                demand[(project_id, int(skill_id or 0))][t] += (
                    count * percent / 100 * DAY_HOURS * days
                )
