"""The proof and searches for better selections near the LP optimum, at once, in two threads.

On the benchmark (``benchmarks/portfolio.py``) the LP relaxation is almost integral: 76 of
4,838 columns fractional, and the best selections known differ from it in a few dozen
columns, all with a reduced cost near 0. HiGHS on the whole model proves a bound within
0.1 % of those in about 2 CPU seconds (presolve, LP, root cuts), then spends 70 CPU seconds
or more in branch-and-bound before it finds one; its bound hardly moves meanwhile. So:

* the **proof thread** runs HiGHS on the whole model (with the start's reduced-cost
  fixings) through its root node, publishing the bound; then searches neighbourhoods; then,
  if time is left, runs the whole model again, to the end (the proof that small problems need);
* the **calling thread** searches neighbourhoods: first HiGHS on the model with the columns
  the LP prices clearly fixed (at 1 with a reduced cost below 0, at 0 with one above a
  width, :data:`WIDTHS`) until it finds nothing better for :data:`PATIENCE` CPU seconds;
  then, from the best selection (improved by one-for-one exchanges in NumPy,
  :mod:`._local`), the neighbourhoods around it (RINS: the columns where it and the LP
  optimum disagree free, then also the cheapest zeros, :data:`AROUND`), starting again from
  each better selection found; when none is found, the wider LP neighbourhoods. The proof
  thread, after its root, does the same with the other widths.

Every run offers the selections it finds to one :class:`Shared` incumbent (which adds every
column that still fits) and takes the others' better ones through HiGHS's callbacks; every
run stops as soon as the best proved bound is within the gap of the shared best. Only
whole-model runs prove bounds, so the result's gap is proved. With one free core the
threads share it; with two, the search for selections goes on beside the proof.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from openpmo.engines.selection._highs import (
    IMPROVING,
    USER,
    Callback,
    Relaxation,
    Solved,
    mip,
)
from openpmo.engines.selection._local import Bounds, Local, around, window
from openpmo.engines.selection._model import Model
from openpmo.engines.selection._problem import Status

FloatArray = npt.NDArray[np.float64]

#: Neighbourhood widths: a column at 0 in the LP stays free when its reduced cost is at most
#: this quantile of the positive reduced costs of such columns. The calling thread takes the
#: 1st, 3rd, ...; the proof thread, after the root, the 2nd, 4th, ...
WIDTHS = (0.07, 0.12, 0.25, 0.4, 0.6, 0.8)
#: HiGHS's primal heuristic effort in a neighbourhood (its default, 0.05, is for proofs):
#: on the benchmark 0.5 found the selections a 0.1 % proof needs ~15 % sooner.
EFFORT = 0.5
#: Reduced costs within this of 0 are 0 (HiGHS's dual feasibility tolerance).
ZERO = 1e-7
#: The root's bound has stalled when it fell by less than this fraction of the gap allowed
#: in the last :data:`STALL_SECONDS` of its thread's CPU time (on a busy machine a second of
#: wall time is less work). On the benchmark the cuts bring it from 337,128 to 336,977 in
#: ~1.3 CPU s, then it moves by less than 1 in 10 CPU s, while HiGHS's root heuristics and
#: strong branching run without calling back. With 1 s the root stopped after 5.0-5.4 CPU s
#: on seeds 7, 8 and 9; with 0.5 s after 2.3-2.6, its bound at most 0.7 higher.
STALL_FRACTION = 0.02
STALL_SECONDS = 0.5
#: A neighbourhood run stops when its thread has spent this many CPU seconds without finding
#: a better selection than the shared best (since its start or its last find). The LP's
#: neighbourhood finds its selections on the benchmark at most ~0.85 CPU s apart (seed 7:
#: 334,778 → 336,597 within 1.8 CPU s, then nothing for 3 s), so it stops after
#: :data:`PATIENCE`; a window's first find took 0.9-1.3 CPU s, so those get
#: :data:`PATIENCE_AROUND`.
PATIENCE = 1.0
PATIENCE_AROUND = 1.5
#: ... or this many times as many wall-clock seconds: on a busy machine a thread gets a
#: fraction of a core, and the searches around the best should still get their turn.
WALL_PATIENCE = 2.0
#: The neighbourhoods of the best selection free the columns starting in one of this many
#: windows of the start periods (:func:`._local.window`; 6 periods of the benchmark's 36,
#: ~900 of 4,838 columns); the proof thread's windows are shifted by half a window.
WINDOWS = 6
#: No round of :meth:`._local.Local.swap` starts this close to the deadline.
SWAP_SECONDS = 0.5
#: No HiGHS run starts this close to the deadline: on the benchmark a run given 0.01 s takes
#: 0.15 s (passing the model, presolve) before it looks at its clock; more on a busy machine.
LAST_START = 0.3


class Shared:
    """The best selection of the runs working at once, the best proved bound, and when to stop.

    Each run offers every selection it finds (HiGHS's improving-solution callback) and takes
    a better one found by another run when HiGHS next asks (user-solution callback). Every
    run stops when :meth:`finish` is called or the best proved bound is within ``gap`` of
    the best selection.
    """

    def __init__(
        self, value: FloatArray, x: FloatArray, gap: float, local: Local | None = None
    ) -> None:
        self._value = value
        self._local = local
        self._gap = gap
        self._lock = threading.Lock()
        self._finished = threading.Event()
        self.x = x
        self.objective = float(value @ x)
        self.bound = np.inf
        self.version = 0

    def offer(self, x: FloatArray) -> bool:
        """Keep ``x`` (rounded to 0/1, with every column that fits added when the shared
        incumbent has a :class:`._local.Local`) if it is worth more than the best; whether
        it was."""
        x = np.round(x) if self._local is None else self._local.fill(x)
        objective = float(self._value @ x)
        with self._lock:
            if objective <= self.objective + 1e-9:
                return False
            self.x, self.objective = x, objective
            self.version += 1
            return True

    def prove(self, bound: float) -> None:
        """Record a bound proved on the value of every selection better than the start."""
        with self._lock:
            self.bound = min(self.bound, bound)

    def closed(self) -> bool:
        """Whether the best selection is within the gap of the best proved bound."""
        return self.bound - self.objective <= self._gap * max(abs(self.objective), 1e-9)

    def finish(self) -> None:
        """Ask every run to stop at its next callback."""
        self._finished.set()

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    def callback(
        self, *, proving: bool, root_only: bool = False, patience: float = np.inf
    ) -> Callback:
        """A HiGHS callback for one run: ``proving`` when its dual bound covers the whole
        model; ``root_only`` stops it once that bound stalls (see :data:`STALL_FRACTION`);
        ``patience``: it stops after that many CPU seconds of its thread (or
        :data:`WALL_PATIENCE` times as many wall-clock seconds) without finding a better
        selection than the shared best."""
        seen = [self.version]
        # This thread's CPU and wall clocks when the run started or last found a better one.
        found = [time.thread_time(), time.perf_counter()]
        # The bound when it last fell by a step worth counting, and this thread's CPU clock then.
        last = [np.inf, time.thread_time()]

        def on_event(kind: int, _message: str, out: Any, given: Any, _data: Any) -> None:
            if kind == IMPROVING:
                if self.offer(np.asarray(out.mip_solution, np.float64)):
                    seen[0] = self.version
                    found[:] = [time.thread_time(), time.perf_counter()]
                return
            if kind == USER:
                with self._lock:
                    x, version = self.x, self.version
                if version != seen[0]:
                    given.setSolution(x)
                    seen[0] = version
                return
            stalled = False
            if proving and np.isfinite(out.mip_dual_bound):
                # HiGHS minimises the negated value: its dual bound is -(value bound).
                bound, clock = -float(out.mip_dual_bound), time.thread_time()
                self.prove(bound)
                step = STALL_FRACTION * self._gap * max(abs(self.objective), 1e-9)
                if bound < last[0] - step:
                    last[:] = [bound, clock]
                stalled = root_only and clock - last[1] > STALL_SECONDS
            idle = (
                time.thread_time() - found[0] > patience
                or time.perf_counter() - found[1] > WALL_PATIENCE * patience
            )
            if self.finished or self.closed() or stalled or idle:
                given.user_interrupt = True

        return on_event


def neighbourhoods(model: Model, lp: Relaxation) -> list[Bounds]:
    """Column (lower, upper) bounds of each neighbourhood of the LP optimum, widening."""
    at_one = (lp.x > 1 - 1e-9) & (lp.reduced < -ZERO)
    lower = np.where(at_one & (model.col_upper > 0), 1.0, 0.0)
    at_zero = (lp.x < 1e-9) & (model.col_upper > 0)
    priced = lp.reduced[at_zero & (lp.reduced > ZERO)]
    if priced.size == 0:
        return []
    return [
        (lower, np.where(at_zero & (lp.reduced > np.quantile(priced, q)), 0.0, model.col_upper))
        for q in WIDTHS
    ]


def _run(model: Model, shared: Shared, deadline: float, bounds: Bounds, patience: float) -> None:
    """HiGHS on one neighbourhood, from the shared best when it lies inside, until its end,
    the deadline, ``patience`` (see :meth:`Shared.callback`) or the runs are asked to stop."""
    lower, upper = bounds
    x = shared.x
    inside = bool(((x >= lower) & (x <= upper)).all())
    mip(
        model,
        time_limit=deadline - time.perf_counter(),
        gap=0.0,
        upper=upper,
        lower=lower,
        start=x if inside else None,
        callback=shared.callback(proving=False, patience=patience),
        options={"mip_heuristic_effort": EFFORT},
    )


def _search(
    model: Model,
    lp: Relaxation,
    shared: Shared,
    deadline: float,
    ladder: Sequence[Bounds],
    shift: float,
    local: Local | None = None,
) -> None:
    """The first LP neighbourhood of ``ladder`` until it stalls; then neighbourhoods of the
    best selection: the windows of start periods (:data:`WINDOWS`, shifted by ``shift`` of
    a window) in turn, and RINS each time one finds a better selection (which
    :meth:`._local.Local.swap` improves first when ``local`` is given); once a whole turn
    finds nothing, the rest of ``ladder`` to its end. Until the deadline or the runs are
    asked to stop."""

    def stop() -> bool:
        late = time.perf_counter() >= deadline - LAST_START
        return shared.finished or shared.closed() or late

    if not ladder or stop():
        return
    _run(model, shared, deadline, ladder[0], PATIENCE)
    # The thread that exchanges starts with RINS; the other with a window, not the same RINS.
    fresh, idle, part = local is not None, 0, shift
    # Never more windows than start periods (each frees the columns of one at least).
    parts = min(WINDOWS, int(np.ptp(model.col_start)) + 1)
    while idle <= parts and not stop():
        if fresh and local is not None:
            # A round of exchanges takes ~0.1-0.5 s on the benchmark: none is started late
            # (and RINS from 336,598.2 found 336,666 in 0.4 CPU s; from 336,596.7, in 1.5).
            shared.offer(local.swap(shared.x, deadline - SWAP_SECONDS))
        base = shared.objective
        if fresh:
            bounds = around(model, lp, shared.x)
        else:
            bounds = window(model, shared.x, part, parts)
            part += 1
        _run(model, shared, deadline, bounds, PATIENCE_AROUND)
        fresh = shared.objective > base + 1e-9
        idle = 0 if fresh else idle + 1
    for bounds in ladder[1:]:
        if stop():
            return
        _run(model, shared, deadline, bounds, np.inf)


def race(
    model: Model,
    lp: Relaxation,
    start: FloatArray,
    upper: FloatArray,
    deadline: float,
    gap: float,
) -> Solved:
    """The proof (columns' upper bounds ``upper``) and the neighbourhood searches from the
    feasible ``start``, until the gap is proved or ``deadline`` (a
    :func:`time.perf_counter` reading). The result's ``x`` is the best selection found;
    its bound the best proved, and its status the last proof's."""
    local = Local(model)
    shared = Shared(model.value, local.fill(start), gap, local)
    ladder = neighbourhoods(model, lp)
    outcome: list[Solved] = []
    failure: list[BaseException] = []

    def whole(root_only: bool) -> Solved:
        return mip(
            model,
            time_limit=deadline - time.perf_counter(),
            gap=gap,
            upper=upper,
            start=shared.x,
            callback=shared.callback(proving=True, root_only=root_only),
        )

    def prove() -> None:
        try:
            solved = whole(root_only=bool(ladder))
            if solved.status not in (Status.OPTIMAL, Status.INFEASIBLE) and not shared.closed():
                _search(model, lp, shared, deadline, ladder[1::2], 0.5)
                if time.perf_counter() < deadline - LAST_START and not shared.closed():
                    solved = whole(root_only=False)
            outcome.append(solved)
        except BaseException as error:  # pragma: no cover - re-raised in the caller
            failure.append(error)
        finally:
            shared.finish()

    proof = threading.Thread(target=prove, name="selection-proof", daemon=True)
    proof.start()
    try:
        _search(model, lp, shared, deadline, ladder[0::2], 0.0, local)
    except BaseException:  # pragma: no cover - stop the proof too, then re-raise
        shared.finish()
        raise
    finally:
        proof.join()
    if failure:
        raise failure[0]
    solved = outcome[0]
    status = solved.status
    if shared.closed():
        status = Status.OPTIMAL
    elif status is Status.FEASIBLE:
        # Interrupted (the root's bound stalled) and the deadline came before the rest.
        status = Status.TIMED_OUT
    return Solved(status, shared.x, min(shared.bound, solved.bound), solved.seconds)
