"""Critical path method over arrays: early and late dates, total and free float.

Activities are numbered ``0 .. n-1``; link ``k`` runs from ``pred[k]`` to ``succ[k]`` with
type ``link_type[k]`` (0 = FS, 1 = SS, 2 = FF, 3 = SF) and lag ``lag[k]``. All times are
integers in one working-time unit (minutes, hours or days: the caller's choice, the calendar
engine converts); the project starts at 0.

The work is split so that it can be repeated cheaply: :func:`prepare` checks the links and
sorts the network once (topological order, adjacency), :func:`passes` runs the forward and
backward passes for one set of durations, and :func:`cpm` does both. A Monte Carlo risk
simulation prepares once and calls :func:`passes` (or :func:`project_finish_batch`) per sample.
:func:`schedule` (module :mod:`openpmo.engines.cpm.extended`) adds constraints, deadlines,
percentage lags, summary tasks and progress on the same prepared network, in kernels of its
own, so this plain path stays as fast as it was.

The formulas, with ``d`` the duration, ``ES``/``EF`` early start/finish and ``LS``/``LF``
late start/finish, ``T`` the project finish, and for a link ``p -> s`` with lag ``L``:

============  ====================  ========================  ==========================
type          forward: ES_s >=      backward: LF_p <=         free slack of the link
============  ====================  ========================  ==========================
FS (0)        EF_p + L              LS_s - L                  ES_s - L - EF_p
SS (1)        ES_p + L              LS_s - L + d_p            ES_s - L - ES_p
FF (2)        EF_p + L - d_s        LF_s - L                  EF_s - L - EF_p
SF (3)        ES_p + L - d_s        LF_s - L + d_p            EF_s - L - ES_p
============  ====================  ========================  ==========================

* ``ES = max(0, forward bounds of all incoming links)``, ``EF = ES + d``. Negative lags and
  FF/SF links can ask for a start before 0; the project start clamps it to 0.
* ``T = max(EF)`` (0 for an empty network).
* ``LF = min(T, backward bounds of all outgoing links)``, ``LS = LF - d``. The clamp at ``T``
  mirrors the clamp at 0: no activity may finish after the project does, whatever its links
  say (an activity whose only successor is SS-linked would otherwise get a late finish past
  the end). An activity without successors therefore has ``LF = T``.
* ``total_float = LF - EF`` (always ``>= 0`` here, as there are no date constraints yet);
  ``critical = total_float <= 0``.
* ``free_float = min(T - EF, free slack of every outgoing link)``: how far the activity can
  slip without moving any successor's early dates or the project finish. For an activity
  without successors it is ``T - EF``. It never exceeds the total float.

See ``docs/engines/cpm.md`` for worked examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from openpmo.engines.cpm import _validate
from openpmo.engines.cpm.extended import (
    NO_DATE,
    ConstraintType,
    ScheduleInput,
    ScheduleResult,
    schedule,
)

if TYPE_CHECKING:
    from types import ModuleType

__all__ = [
    "NO_DATE",
    "ConstraintType",
    "CpmResult",
    "LinkType",
    "Network",
    "ScheduleInput",
    "ScheduleResult",
    "cpm",
    "passes",
    "prepare",
    "project_finish_batch",
    "schedule",
]

Int64Array = npt.NDArray[np.int64]


class LinkType(IntEnum):
    """Codes of ``link_type``: which end of the predecessor drives which end of the successor."""

    FS = 0
    """finish-to-start: the successor starts after the predecessor finishes."""
    SS = 1
    """start-to-start: the successor starts after the predecessor starts."""
    FF = 2
    """finish-to-finish: the successor finishes after the predecessor finishes."""
    SF = 3
    """start-to-finish: the successor finishes after the predecessor starts."""


@dataclass(frozen=True, eq=False)
class Network:
    """A checked, topologically sorted network, ready for repeated passes.

    Build it with :func:`prepare`; the arrays are read-only and their layout is private to the
    engine (see ``_kernels``).

    Attributes
    ----------
    n_activities : int
        Number of activities ``n``.
    n_links : int
        Number of links.
    order : numpy.ndarray of int64, shape (n,)
        Activity indexes in a topological order: every link goes from an earlier to a later
        entry.
    offsets : numpy.ndarray of int64, shape (n + 1,)
        Outgoing links of ``order[i]`` are rows ``offsets[i]:offsets[i + 1]`` of ``edges``.
    edges : numpy.ndarray of int64, shape (n_links, 2)
        Per link ``(succ * 4 + link_type, lag)``.
    """

    n_activities: int
    n_links: int
    order: Int64Array
    offsets: Int64Array
    edges: Int64Array


@dataclass(frozen=True, eq=False)
class CpmResult:
    """Dates and floats of every activity, in working-time units from project start 0.

    All arrays have one entry per activity, in the activities' order, and are read-only.

    Attributes
    ----------
    early_start, early_finish : numpy.ndarray of int64
        Earliest dates the links and the project start allow.
    late_start, late_finish : numpy.ndarray of int64
        Latest dates that keep the project finish ``max(early_finish)``.
    total_float : numpy.ndarray of int64
        ``late_finish - early_finish``.
    free_float : numpy.ndarray of int64
        Delay that moves no successor's early dates and not the project finish.
    critical : numpy.ndarray of bool
        ``total_float <= 0``.
    """

    early_start: Int64Array
    early_finish: Int64Array
    late_start: Int64Array
    late_finish: Int64Array
    total_float: Int64Array
    free_float: Int64Array
    critical: npt.NDArray[np.bool_]

    @property
    def project_finish(self) -> int:
        """Project finish ``T = max(early_finish)``, 0 for an empty network."""
        return int(self.early_finish.max()) if self.early_finish.size else 0


def _compiled() -> ModuleType:
    # numba is imported on first use, not when the engines are imported.
    from openpmo.engines.cpm import _kernels

    return _kernels


def _frozen(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array.setflags(write=False)
    return array


def prepare(
    n: int,
    pred: npt.ArrayLike,
    succ: npt.ArrayLike,
    link_type: npt.ArrayLike | None = None,
    lag: npt.ArrayLike | None = None,
) -> Network:
    """Check the links of ``n`` activities and sort them for :func:`passes`.

    Parameters
    ----------
    n : int
        Number of activities; they are numbered ``0 .. n-1``.
    pred, succ : array_like of int, shape (m,)
        Predecessor and successor activity of each link.
    link_type : array_like of int, shape (m,), optional
        0 = FS, 1 = SS, 2 = FF, 3 = SF (see :class:`LinkType`); all FS when omitted.
    lag : array_like of int, shape (m,), optional
        Lag of each link in working-time units, negative for a lead; 0 when omitted.

    Returns
    -------
    Network
        The sorted network; reuse it for any number of :func:`passes`.

    Raises
    ------
    ValueError
        If an argument has the wrong shape or dtype, an index is out of range or a link type
        is unknown; the message names the argument and the first bad entry.
    CycleError
        If the links contain a cycle; ``error.cycle`` lists its activities in link order.
    """
    n = int(n)
    pred_a, succ_a, type_a, lag_a = _validate.links(n, pred, succ, link_type, lag)
    order, offsets, edges, count = _compiled().build(n, pred_a, succ_a, type_a, lag_a)
    if count < n:
        raise _validate.find_cycle(n, pred_a, succ_a, order[:count])
    return Network(n, pred_a.shape[0], _frozen(order), _frozen(offsets), _frozen(edges))


def passes(network: Network, durations: npt.ArrayLike) -> CpmResult:
    """Forward and backward passes of a prepared network for one set of durations.

    Parameters
    ----------
    network : Network
        From :func:`prepare`.
    durations : array_like of int, shape (n,)
        Duration of each activity in working-time units, ``>= 0`` (0 makes a milestone).

    Returns
    -------
    CpmResult
        Early and late dates, total and free float and the critical flag of every activity.

    Raises
    ------
    ValueError
        If ``durations`` has the wrong length or dtype or a negative entry.

    Notes
    -----
    Runs in O(n + m) time with no Python-level loop; it allocates the seven result arrays and
    one work buffer of ``32 * n`` bytes.
    """
    d = _validate.durations(durations, network.n_activities)
    arrays = _compiled().schedule(network.order, network.offsets, network.edges, d)
    return CpmResult(*(_frozen(a) for a in arrays))


def project_finish_batch(
    network: Network, durations: npt.ArrayLike
) -> tuple[Int64Array, Int64Array]:
    """Project finish and criticality counts over many duration samples (Monte Carlo).

    Parameters
    ----------
    network : Network
        From :func:`prepare`.
    durations : array_like of int, shape (runs, n)
        One row of activity durations per run, each ``>= 0``.

    Returns
    -------
    finish : numpy.ndarray of int64, shape (runs,)
        Project finish ``T`` of each run.
    critical_runs : numpy.ndarray of int64, shape (n,)
        In how many runs each activity was critical (divide by ``runs`` for the
        criticality index).
    """
    d = np.asarray(durations)
    if d.ndim != 2:
        raise ValueError(f"durations must be two-dimensional (runs, activities), got {d.shape}")
    runs, n = d.shape
    if n != network.n_activities:
        raise ValueError(
            f"durations must have {network.n_activities} columns (one per activity), got {n}"
        )
    rows = _validate.durations(d.reshape(-1)).reshape(runs, n)
    finish, critical_runs = _compiled().project_finish_batch(
        network.order, network.offsets, network.edges, rows
    )
    return finish, critical_runs


def cpm(
    durations: npt.ArrayLike,
    pred: npt.ArrayLike,
    succ: npt.ArrayLike,
    link_type: npt.ArrayLike | None = None,
    lag: npt.ArrayLike | None = None,
) -> CpmResult:
    """Schedule a network by the critical path method: :func:`prepare` then :func:`passes`.

    Parameters
    ----------
    durations : array_like of int, shape (n,)
        Duration of each activity in working-time units, ``>= 0`` (0 makes a milestone).
    pred, succ : array_like of int, shape (m,)
        Predecessor and successor activity index of each link.
    link_type : array_like of int, shape (m,), optional
        0 = FS, 1 = SS, 2 = FF, 3 = SF (see :class:`LinkType`); all FS when omitted.
    lag : array_like of int, shape (m,), optional
        Lag of each link in working-time units, negative for a lead; 0 when omitted.

    Returns
    -------
    CpmResult
        Early and late dates, total and free float and the critical flag of every activity.

    Raises
    ------
    ValueError
        For a bad argument; the message names it and the first bad entry.
    CycleError
        If the links contain a cycle; the message and ``error.cycle`` name its activities.

    Examples
    --------
    >>> r = cpm([3, 2, 4], pred=[0, 0], succ=[1, 2])
    >>> r.early_finish.tolist(), r.total_float.tolist(), r.critical.tolist()
    ([3, 5, 7], [0, 2, 0], [True, False, True])
    """
    d = _validate.durations(durations)
    return passes(prepare(d.shape[0], pred, succ, link_type, lag), d)
