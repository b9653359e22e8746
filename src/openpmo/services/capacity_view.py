"""The capacity page's read model: a report reduced to arrays per row, kept while the data
stays the same.

On the large demo (5,000 people, 2,000 projects) reading the demand and computing the report
takes about a second, and building every person's row to sort by peak load took as long
again. A :class:`CapacityView` keeps what the page shows of one filter (the header, totals,
over-allocations, the demand per project and per role for the charts) and the rows as
NumPy arrays: a page sorts by peak with one ``lexsort`` and builds only its 50 rows.
:func:`capacity_view` caches views per filter in a
:class:`~openpmo.services.cache.GenerationCache`, valid while the newest audit entry is the
same (every change to people, leave, projects, tasks, assignments and allocations is
audited, rescheduling included).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from sqlalchemy.orm import Session

from openpmo.schemas.capacity import CapacityRead, CapacityRowRead, PeriodRead
from openpmo.services import authz
from openpmo.services.cache import GenerationCache
from openpmo.services.capacity import (
    READERS,
    Plan,
    ResourceScope,
    _groups,
    _keyed,
    _over_allocations,
    _row,
    _window,
    capacity_plan,
    demand_by_project,
    rows_of,
    utilisation,
)
from openpmo.services.principal import Principal

__all__ = ["SORTS", "CapacityView", "capacity_view"]

SORTS = ("load", "name")


@dataclass(frozen=True, eq=False)
class CapacityView:
    """One filter's capacity report, its rows as arrays (G groups × B periods).

    Attributes
    ----------
    report : CapacityRead
        Header, periods, total and over-allocations; ``rows`` is empty (see :meth:`rows`).
    keys, labels : list of str
        Each row's key and label.
    capacity, demand, actual : numpy.ndarray, shape (G, B)
        Hours per row and period.
    people : int
        Resources the report covers.
    by_project : list of (int, str, list of float)
        Demand per project and period, largest first (:func:`demand_by_project`).
    by_role : list of (str, list of float)
        Demand per role and period, largest first (``""``: no role).
    """

    report: CapacityRead
    keys: list[str]
    labels: list[str]
    capacity: np.ndarray
    demand: np.ndarray
    actual: np.ndarray
    people: int
    by_project: list[tuple[int, str, list[float]]]
    by_role: list[tuple[str, list[float]]]
    peak_order: np.ndarray
    name_order: np.ndarray

    @property
    def size(self) -> int:
        """Number of rows."""
        return len(self.keys)

    def rows(self, sort: str, offset: int, limit: int) -> list[CapacityRowRead]:
        """Rows ``offset .. offset + limit``: ``"load"`` by highest peak load (then name), or by
        ``"name"``."""
        order = self.name_order if sort == "name" else self.peak_order
        chosen = order[offset : offset + limit]
        return rows_of(self.keys, self.labels, self.capacity, self.demand, self.actual, chosen)


def _orders(labels: list[str], capacity: np.ndarray, demand: np.ndarray) -> tuple[np.ndarray, ...]:
    by_name = np.array(sorted(range(len(labels)), key=lambda g: labels[g].casefold()), np.int64)
    rank = np.empty_like(by_name)
    rank[by_name] = np.arange(by_name.size)
    ratio = utilisation(capacity, demand)
    known = ~np.isnan(ratio)
    peak = np.where(known.any(axis=1), np.where(known, ratio, -np.inf).max(axis=1), -1.0)
    return np.lexsort((rank, -peak)).astype(np.int64), by_name


def _by_role(session: Session, plan: Plan) -> list[tuple[str, list[float]]]:
    group, keys, _ = _keyed([r.role for r in plan.loaded.resources])
    _, demand, _ = plan.result.grouped(group, len(keys))
    order = np.argsort(-demand.sum(axis=1), kind="stable")
    return [(keys[g], demand[g].round(2).tolist()) for g in order.tolist()]


def _build(session: Session, plan: Plan, by: str, over_limit: int) -> CapacityView:
    loaded, result, labels = plan.loaded, plan.result, plan.labels
    group, keys, names = _groups(session, by, loaded)
    capacity, demand, actual = result.grouped(group, len(keys))
    total = _row("total", "total", capacity.sum(axis=0), demand.sum(axis=0), actual.sum(axis=0))
    report = CapacityRead(
        by=by,
        period=plan.window.period,
        start=plan.window.start,
        finish=plan.window.finish,
        what_if_project_id=plan.what_if_project_id,
        periods=[
            PeriodRead(label=lb, start=a, finish=z)
            for lb, (a, z) in zip(labels, plan.window.periods(), strict=True)
        ],
        rows=[],
        total=total,
        over_allocated_cells=int(result.over_resource.size),
        over_allocations=_over_allocations(session, loaded, result, labels, over_limit),
    )
    peak_order, name_order = _orders(names, capacity, demand)
    return CapacityView(
        report=report,
        keys=keys,
        labels=names,
        capacity=capacity,
        demand=demand,
        actual=actual,
        people=len(loaded.resources),
        by_project=demand_by_project(plan),
        by_role=_by_role(session, plan),
        peak_order=peak_order,
        name_order=name_order,
    )


_views: GenerationCache[CapacityView] = GenerationCache(size=8)


def capacity_view(
    session: Session,
    principal: Principal,
    *,
    by: str = "person",
    period: str = "week",
    start: date | None = None,
    finish: date | None = None,
    scope: ResourceScope | None = None,
    what_if_project_id: int | None = None,
    over_limit: int = 25,
) -> CapacityView:
    """The capacity report of one filter, from the cache while the data has not changed.

    Checks the reader's role and the parameters first (every call); errors are those of
    :func:`openpmo.services.capacity.capacity_plan`.
    """
    authz.ensure_role(principal, *READERS, action="read")
    scope = scope or ResourceScope()
    window = _window(by, period, start, finish)
    key = ("capacity_view", by, window, scope, what_if_project_id, over_limit)

    def compute() -> CapacityView:
        plan = capacity_plan(
            session,
            principal,
            by=by,
            period=period,
            start=window.start,
            finish=window.finish,
            scope=scope,
            what_if_project_id=what_if_project_id,
        )
        return _build(session, plan, by, over_limit)

    return _views.get(session, key, compute)
