"""The levelling problem: frozen, validated input shared by both solvers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from openpmo.engines.cpm import _validate
from openpmo.engines.cpm import prepare as prepare_network

Int64Array = npt.NDArray[np.int64]

#: ``fixed_start`` / ``due`` entry meaning "none".
NO_DATE = -1


class Objective(StrEnum):
    """What the solvers minimise."""

    WEIGHTED_DELAY = "weighted_delay"
    """``Σ weight[p] × max(0, finish[p] - target[p])`` over the projects (see ``targets``)."""
    MAKESPAN = "makespan"
    """The finish of the last activity of all projects."""


@dataclass(frozen=True, eq=False)
class LevellingProblem:
    """Activities, resources, links and projects of one levelling run.

    Build it with :func:`build_problem`, which checks every argument; all arrays are read-only
    int64. Times are integers in one working-time unit from time 0.

    Attributes
    ----------
    durations : numpy.ndarray, shape (n,)
        Duration of each activity, ``>= 0``.
    demand : numpy.ndarray, shape (n, R)
        Units of resource ``r`` that activity ``i`` holds during every unit of its duration.
    capacity : numpy.ndarray, shape (R, P)
        Units available of each resource in periods ``0 .. P-1``; period ``P-1`` repeats forever.
    pred, succ, link_type, lag : numpy.ndarray, shape (m,)
        Links as in :mod:`openpmo.engines.cpm` (0 = FS, 1 = SS, 2 = FF, 3 = SF).
    project : numpy.ndarray, shape (n,)
        Project index of each activity, ``0 .. p-1``.
    weight, release, due : numpy.ndarray, shape (p,)
        Priority weight (``>= 0``), release date (no activity starts earlier) and due date
        (:data:`NO_DATE` for "its critical-path finish") of each project.
    fixed_start : numpy.ndarray, shape (n,)
        Start of an activity already under way, or :data:`NO_DATE`; fixed activities do not move.
    within_float : bool
        Only delay activities within their total float (projects finish no later than their
        targets); ``False`` allows delays.
    objective : Objective
        What to minimise.
    """

    durations: Int64Array
    demand: Int64Array
    capacity: Int64Array
    pred: Int64Array
    succ: Int64Array
    link_type: Int64Array
    lag: Int64Array
    project: Int64Array
    weight: Int64Array
    release: Int64Array
    due: Int64Array
    fixed_start: Int64Array
    within_float: bool
    objective: Objective

    @property
    def n_activities(self) -> int:
        """Number of activities ``n``."""
        return int(self.durations.shape[0])

    @property
    def n_resources(self) -> int:
        """Number of resources ``R``."""
        return int(self.capacity.shape[0])

    @property
    def n_projects(self) -> int:
        """Number of projects ``p``."""
        return int(self.weight.shape[0])


def _frozen(array: npt.NDArray[Any]) -> Int64Array:
    out = np.array(array, dtype=np.int64, copy=True)
    out.setflags(write=False)
    return out


def _matrix(name: str, values: Any, rows: int | None) -> Int64Array:
    array = np.asarray(values)
    if array.ndim == 1 and name == "capacity":
        array = array.reshape(-1, 1)
    if array.ndim != 2:
        raise ValueError(f"{name} must be two-dimensional, got shape {array.shape}")
    if array.size == 0 and array.dtype.kind == "f":
        array = array.astype(np.int64)
    if array.dtype.kind not in "iu":
        raise ValueError(f"{name} must hold integers, got dtype {array.dtype}")
    if rows is not None and array.shape[0] != rows:
        raise ValueError(f"{name} must have {rows} rows, got {array.shape[0]}")
    if array.size and array.min() < 0:
        at = np.unravel_index(int(array.argmin()), array.shape)
        raise ValueError(f"{name}{list(map(int, at))} = {array[at]} must be >= 0")
    return np.asarray(array, dtype=np.int64)


def _per_project(name: str, values: Any, p: int, default: int, low: int) -> Int64Array:
    if values is None:
        return np.full(p, default, np.int64)
    array = _validate.integer_array(name, values)
    if array.shape[0] != p:
        raise ValueError(f"{name} must have {p} entries (one per project), got {array.shape[0]}")
    bad = np.flatnonzero(array < low)
    if bad.size:
        raise ValueError(f"{name}[{bad[0]}] = {array[bad[0]]} must be >= {low}")
    return array


def build_problem(
    durations: npt.ArrayLike,
    demand: npt.ArrayLike,
    capacity: npt.ArrayLike,
    *,
    pred: npt.ArrayLike = (),
    succ: npt.ArrayLike = (),
    link_type: npt.ArrayLike | None = None,
    lag: npt.ArrayLike | None = None,
    project: npt.ArrayLike | None = None,
    weight: npt.ArrayLike | None = None,
    release: npt.ArrayLike | None = None,
    due: npt.ArrayLike | None = None,
    fixed_start: npt.ArrayLike | None = None,
    within_float: bool = False,
    objective: Objective | str = Objective.MAKESPAN,
) -> LevellingProblem:
    """Check the input of a levelling run and freeze it.

    Parameters
    ----------
    durations : array_like of int, shape (n,)
        Activity durations in working-time units, ``>= 0``.
    demand : array_like of int, shape (n, R)
        Units of each resource each activity holds while it runs.
    capacity : array_like of int, shape (R,) or (R, P)
        Units available per resource: constant, or per period with the last period repeating.
    pred, succ, link_type, lag : array_like of int, shape (m,), optional
        Links as in :func:`openpmo.engines.cpm.prepare`; all FS with lag 0 when omitted.
    project : array_like of int, shape (n,), optional
        Project index of each activity (``0 .. p-1``); one project when omitted.
    weight, release, due : array_like of int, shape (p,), optional
        Per project: priority weight (default 1), release date (default 0), due date
        (default :data:`NO_DATE`: its critical-path finish).
    fixed_start : array_like of int, shape (n,), optional
        Start of each activity already under way, :data:`NO_DATE` for the others. The
        predecessors of a fixed activity must be fixed too.
    within_float : bool, default False
        Keep every project's finish at or before its target (due date or critical-path finish).
    objective : Objective or str, default "makespan"
        ``"makespan"`` or ``"weighted_delay"``.

    Returns
    -------
    LevellingProblem
        The frozen input.

    Raises
    ------
    ValueError
        On a bad shape, a negative duration or demand, an index out of range, a single
        activity needing more of a resource than its lasting capacity, or a fixed activity
        with an unfixed predecessor; the message names the activity, resource or argument.
    openpmo.engines.errors.CycleError
        If the links form a cycle (the message names its activities).
    """
    dur = _validate.durations(durations)
    n = dur.shape[0]
    dem = _matrix("demand", demand, n)
    cap = _matrix("capacity", capacity, None)
    if cap.shape[1] == 0:
        raise ValueError("capacity must have at least one period")
    if dem.shape[1] != cap.shape[0]:
        raise ValueError(
            f"demand has {dem.shape[1]} resource columns but capacity has {cap.shape[0]} resources"
        )
    over = np.argwhere(dem > cap[:, -1][None, :])
    if over.size:
        i, r = (int(v) for v in over[0])
        raise ValueError(
            f"activity {i} needs {dem[i, r]} units of resource {r}, "
            f"more than its capacity {cap[r, -1]}"
        )
    network = prepare_network(n, pred, succ, link_type, lag)  # checks indexes, types, cycles
    del network
    pred_a = _validate.integer_array("pred", pred)
    succ_a = _validate.integer_array("succ", succ)
    m = pred_a.shape[0]
    type_a = (
        np.zeros(m, np.int64)
        if link_type is None
        else _validate.integer_array("link_type", link_type, m)
    )
    lag_a = np.zeros(m, np.int64) if lag is None else _validate.integer_array("lag", lag, m)
    proj = np.zeros(n, np.int64) if project is None else _validate.integer_array("project", project)
    if proj.shape[0] != n:
        raise ValueError(f"project must have {n} entries (one per activity), got {proj.shape[0]}")
    if n and proj.min() < 0:
        raise ValueError(f"project[{int(proj.argmin())}] = {proj.min()} must be >= 0")
    p = int(proj.max()) + 1 if n else 0
    if weight is not None:
        p = max(p, len(np.asarray(weight)))
    fixed = (
        np.full(n, NO_DATE, np.int64)
        if fixed_start is None
        else _validate.integer_array("fixed_start", fixed_start)
    )
    if fixed.shape[0] != n:
        raise ValueError(f"fixed_start must have {n} entries, got {fixed.shape[0]}")
    if n and fixed.min() < NO_DATE:
        raise ValueError(f"fixed_start[{int(fixed.argmin())}] must be >= 0 or {NO_DATE}")
    loose = np.flatnonzero((fixed[succ_a] >= 0) & (fixed[pred_a] < 0))
    if loose.size:
        k = int(loose[0])
        raise ValueError(
            f"activity {succ_a[k]} is fixed (already started) but its predecessor "
            f"{pred_a[k]} is not"
        )
    return LevellingProblem(
        durations=_frozen(dur),
        demand=_frozen(dem),
        capacity=_frozen(cap),
        pred=_frozen(pred_a),
        succ=_frozen(succ_a),
        link_type=_frozen(type_a),
        lag=_frozen(lag_a),
        project=_frozen(proj),
        weight=_frozen(_per_project("weight", weight, p, 1, 0)),
        release=_frozen(_per_project("release", release, p, 0, 0)),
        due=_frozen(_per_project("due", due, p, NO_DATE, NO_DATE)),
        fixed_start=_frozen(fixed),
        within_float=bool(within_float),
        objective=Objective(objective),
    )
