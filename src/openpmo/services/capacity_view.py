"""The capacity page's read model: a report reduced to arrays per row, kept while the data
stays the same and brought up to date person by person when it changes.

On the large demo (5,000 people, 2,000 projects) reading the demand and computing the report
takes about a second, and building every person's row to sort by peak load took as long
again. A :class:`CapacityView` keeps what the page shows of one filter (the header, totals,
over-allocations, the demand per project and per role for the charts) and the rows as
NumPy arrays: a page sorts by peak with one ``lexsort`` and builds only its 50 rows.
:func:`capacity_view` caches views per filter in a
:class:`~openpmo.services.cache.GenerationCache`, valid while the newest audit entry is the
same (every change to people, leave, projects, tasks, assignments and allocations is
audited, rescheduling included).

When something has changed, the view is brought up to date rather than computed again: each
person's row is independent of the others', so the audit entries written since say whose rows
may have moved (:func:`~openpmo.services.capacity_changes.affected_resources`), only those
people are read and computed again, and their rows, demand cells and demand items replace
the old ones in the per-person arrays the view keeps (:class:`Basis`). Everything shown is
then derived from those arrays exactly as from a computation from scratch, in the same order,
so the two are equal to the last bit. A change of a skill or the org-unit tree, the what-if
project, more than :data:`MAX_PEOPLE` people or more than :data:`MAX_CHANGES` entries at once
compute it all again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from openpmo.engines.capacity import CapacityResult, demand_cells, plan_capacity, sum_rows
from openpmo.errors import NotFound
from openpmo.schemas.capacity import CapacityRead, CapacityRowRead, OverAllocationRead, PeriodRead
from openpmo.services import authz
from openpmo.services.cache import Change, GenerationCache
from openpmo.services.capacity import (
    READERS,
    Loaded,
    Plan,
    ResourceScope,
    Window,
    _groups,
    _keyed,
    _row,
    _window,
    capacity_plan,
    largest_excess,
    load_capacity,
    over_reads,
    rows_of,
    utilisation,
)
from openpmo.services.capacity_changes import DemandItems, affected_resources
from openpmo.services.principal import Principal

__all__ = ["MAX_CHANGES", "MAX_PEOPLE", "SORTS", "Basis", "CapacityView", "capacity_view"]

SORTS = ("load", "name")
#: More people concerned than this: compute the view again (reading a few hundred people's
#: demand by id is fast; beyond, one pass over all of it is cheaper).
MAX_PEOPLE = 400
#: More audit entries than this since the cached view: compute it again.
MAX_CHANGES = 500

#: Reads the over-allocations of cells (person index into the basis, period), in order.
Reader = Callable[[list[tuple[int, int]]], list[OverAllocationRead]]


@dataclass(frozen=True, eq=False)
class Basis:
    """Per person (R, by id) and period (B): what a view is derived from.

    ``cells`` are the demand per (person id, project id, period), sorted so; ``codes`` the
    project codes; ``items`` the demand items read (to know whom a deleted task had);
    ``over`` the over-allocations shown, by (person id, period).
    """

    window: Window
    labels: list[str]
    resources: list[Any]
    ids: np.ndarray
    capacity: np.ndarray
    demand: np.ndarray
    actual: np.ndarray
    cells: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    codes: dict[int, str]
    items: DemandItems
    over: dict[tuple[int, int], OverAllocationRead] = field(default_factory=dict)

    def three(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Capacity, demand and actual hours (R × B)."""
        return self.capacity, self.demand, self.actual


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
        Demand per project and period, largest first (as :func:`demand_by_project`).
    by_role : list of (str, list of float)
        Demand per role and period, largest first (``""``: no role).
    basis : Basis
        The per-person arrays the view was derived from, kept to bring it up to date.
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
    basis: Basis

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
    folded = [label.casefold() for label in labels]
    by_name = np.array(sorted(range(len(labels)), key=folded.__getitem__), np.int64)
    rank = np.empty_like(by_name)
    rank[by_name] = np.arange(by_name.size)
    ratio = utilisation(capacity, demand)
    known = ~np.isnan(ratio)
    peak = np.where(known.any(axis=1), np.where(known, ratio, -np.inf).max(axis=1), -1.0)
    return np.lexsort((rank, -peak)).astype(np.int64), by_name


def _by_role(basis: Basis) -> list[tuple[str, list[float]]]:
    group, keys, _ = _keyed([r.role for r in basis.resources])
    demand = sum_rows(basis.demand, group, len(keys))
    order = np.argsort(-demand.sum(axis=1), kind="stable")
    return [(keys[g], demand[g].round(2).tolist()) for g in order.tolist()]


def _by_project(basis: Basis) -> list[tuple[int, str, list[float]]]:
    """Demand per project and period summed over people, in the order
    :func:`~openpmo.engines.capacity.project_demand` adds it, largest first."""
    _, project, period, hours = basis.cells
    ids, index = np.unique(project, return_inverse=True)
    table = np.zeros((ids.size, len(basis.labels)))
    np.add.at(table, (index.reshape(-1), period), hours)
    order = np.argsort(-table.sum(axis=1), kind="stable")
    order = order[table[order].any(axis=1)]
    codes = basis.codes
    return [
        (pid, codes.get(pid, str(pid)), hours)
        for pid, hours in zip(ids[order].tolist(), table[order].round(2).tolist(), strict=True)
    ]


def _view(
    session: Session, basis: Basis, by: str, what_if: int | None, over_limit: int, read: Reader
) -> CapacityView:
    """Everything the page shows, derived from the per-person arrays."""
    group, keys, names = _groups(session, by, basis.resources)
    capacity, demand, actual = (sum_rows(m, group, len(keys)) for m in basis.three())
    total = _row("total", "total", capacity.sum(axis=0), demand.sum(axis=0), actual.sum(axis=0))
    chosen, over_cells = largest_excess(basis.capacity, basis.demand, over_limit)
    over = read(chosen)
    window = basis.window
    report = CapacityRead(
        by=by,
        period=window.period,
        start=window.start,
        finish=window.finish,
        what_if_project_id=what_if,
        periods=[
            PeriodRead(label=lb, start=a, finish=z)
            for lb, (a, z) in zip(basis.labels, window.periods(), strict=True)
        ],
        rows=[],
        total=total,
        over_allocated_cells=over_cells,
        over_allocations=over,
    )
    shown = {(int(basis.ids[r]), b): o for (r, b), o in zip(chosen, over, strict=True)}
    peak_order, name_order = _orders(names, capacity, demand)
    return CapacityView(
        report=report,
        keys=keys,
        labels=names,
        capacity=capacity,
        demand=demand,
        actual=actual,
        people=len(basis.resources),
        by_project=_by_project(basis),
        by_role=_by_role(basis),
        peak_order=peak_order,
        name_order=name_order,
        basis=dataclasses.replace(basis, over=shown),
    )


def _cells(loaded: Loaded, result: CapacityResult) -> tuple[np.ndarray, ...]:
    """Demand per (person id, project id, period), sorted so."""
    resource, project, period, hours = demand_cells(loaded.data, result)
    ids = np.array([r.id for r in loaded.resources], np.int64)
    return ids[resource], loaded.project_ids[project], period, hours


def _basis(window: Window, labels: list[str], loaded: Loaded, result: CapacityResult) -> Basis:
    ids = np.array([r.id for r in loaded.resources], np.int64)
    resource, project, period, hours = _cells(loaded, result)
    return Basis(
        window=window,
        labels=labels,
        resources=list(loaded.resources),
        ids=ids,
        capacity=result.capacity,
        demand=result.demand,
        actual=result.actual,
        cells=(resource, project, period, hours),
        codes=dict(loaded.projects),
        items=DemandItems.of(ids[loaded.data.item_resource], loaded.items),
    )


def _spliced(old: Basis, people: set[int], loaded: Loaded, result: CapacityResult) -> Basis:
    """``old`` with the rows, cells and items of ``people`` replaced by those read again."""
    gone = np.fromiter(people, np.int64)
    keep = np.flatnonzero(~np.isin(old.ids, gone))
    fresh = _basis(old.window, old.labels, loaded, result)
    ids = np.concatenate([old.ids[keep], fresh.ids])
    order = np.argsort(ids, kind="stable")
    listed = [old.resources[k] for k in keep.tolist()] + fresh.resources
    arrays = [
        np.concatenate([a[keep], b])[order] for a, b in zip(old.three(), fresh.three(), strict=True)
    ]
    kept_cells = ~np.isin(old.cells[0], gone)
    cells = [
        np.concatenate([a[kept_cells], b]) for a, b in zip(old.cells, fresh.cells, strict=True)
    ]
    by = np.lexsort((cells[2], cells[1], cells[0]))
    return Basis(
        window=old.window,
        labels=old.labels,
        resources=[listed[k] for k in order.tolist()],
        ids=ids[order],
        capacity=arrays[0],
        demand=arrays[1],
        actual=arrays[2],
        cells=(cells[0][by], cells[1][by], cells[2][by], cells[3][by]),
        codes={**old.codes, **fresh.codes},
        items=old.items.without(people).joined(fresh.items),
    )


def _reader(
    session: Session,
    old: Basis,
    new: Basis,
    loaded: Loaded,
    result: CapacityResult,
    what_if: int | None,
) -> Reader:
    """Over-allocations of the brought-up-to-date view: the people read again from their
    fresh plan, the others as shown before; one that was not shown before (it moved up the
    list) is read again too, with the people it concerns."""

    def read(chosen: list[tuple[int, int]]) -> list[OverAllocationRead]:
        found: dict[int, OverAllocationRead] = {}
        fresh: list[tuple[int, int, int]] = []
        missing: list[tuple[int, int, int]] = []
        for n, (r, b) in enumerate(chosen):
            person = int(new.ids[r])
            if person in loaded_ids:
                fresh.append((n, person, b))
            elif (person, b) in old.over:
                found[n] = old.over[(person, b)]
            else:
                missing.append((n, person, b))
        found |= _reads(session, loaded, result, new.labels, fresh)
        if missing:
            scope = ResourceScope(resource_ids=tuple(sorted({p for _, p, _ in missing})))
            more = load_capacity(session, new.window, what_if=what_if, scope=scope)
            found |= _reads(session, more, plan_capacity(more.data), new.labels, missing)
        return [found[n] for n in range(len(chosen))]

    loaded_ids = {int(r.id) for r in loaded.resources}
    return read


def _reads(
    session: Session,
    loaded: Loaded,
    result: CapacityResult,
    labels: list[str],
    cells: Sequence[tuple[int, int, int]],
) -> dict[int, OverAllocationRead]:
    """The over-allocations of ``cells`` (position, person id, period) read from a plan of
    those people, by position."""
    if not cells:
        return {}
    row = {int(r.id): k for k, r in enumerate(loaded.resources)}
    reads = over_reads(session, loaded, result, labels, [(row[p], b) for _, p, b in cells])
    return {n: o for (n, _, _), o in zip(cells, reads, strict=True)}


def _full(session: Session, plan: Plan, by: str, over_limit: int) -> CapacityView:
    basis = _basis(plan.window, plan.labels, plan.loaded, plan.result)

    def read(chosen: list[tuple[int, int]]) -> list[OverAllocationRead]:
        return over_reads(session, plan.loaded, plan.result, plan.labels, chosen)

    return _view(session, basis, by, plan.what_if_project_id, over_limit, read)


def _refreshed(
    session: Session,
    old: CapacityView,
    changes: list[Change],
    *,
    by: str,
    scope: ResourceScope,
    what_if: int | None,
    over_limit: int,
) -> CapacityView | None:
    """``old`` brought up to date with the audit entries written since; ``None`` when it
    must be computed again (see the module docstring)."""
    basis = old.basis
    people = affected_resources(session, changes, basis.items, what_if)
    if people is None or len(people) > MAX_PEOPLE:
        return None
    if not people:
        return old
    wanted = people if scope.resource_ids is None else people & set(scope.resource_ids)
    narrowed = dataclasses.replace(scope, resource_ids=tuple(sorted(wanted)))
    try:
        loaded = load_capacity(session, basis.window, what_if=what_if, scope=narrowed)
    except NotFound:  # the org unit filtered on is gone: computing it again says so
        return None
    result = plan_capacity(loaded.data)
    new = _spliced(basis, people, loaded, result)
    read = _reader(session, basis, new, loaded, result, what_if)
    return _view(session, new, by, what_if, over_limit, read)


_views: GenerationCache[CapacityView] = GenerationCache(size=8, limit=MAX_CHANGES)


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
    """The capacity report of one filter, from the cache while the data has not changed,
    brought up to date when it has.

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
        return _full(session, plan, by, over_limit)

    def refresh(old: CapacityView, changes: list[Change]) -> CapacityView | None:
        return _refreshed(
            session,
            old,
            changes,
            by=by,
            scope=scope,
            what_if=what_if_project_id,
            over_limit=over_limit,
        )

    return _views.get(session, key, compute, refresh)
