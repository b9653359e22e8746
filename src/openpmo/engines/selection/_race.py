"""The proof and searches for better selections near the LP optimum, at once, in two threads.

On the benchmark (``benchmarks/portfolio.py``) the LP relaxation is almost integral: 76 of
4,838 columns fractional, and the best selections known differ from it in a few dozen
columns, all with a reduced cost near 0. HiGHS on the whole model proves a bound within
0.1 % of those in about 2 CPU seconds (presolve, LP, root cuts), then spends 70 CPU seconds
or more in branch-and-bound before it finds one; its bound hardly moves meanwhile. So:

* the **proof thread** runs HiGHS on the whole model (with the start's reduced-cost
  fixings) through its root node, publishing the bound; then searches neighbourhoods; then,
  if time is left, runs the whole model again, to the end (the proof that small problems need);
* the **calling thread** searches neighbourhoods: HiGHS on the model with the columns the
  LP prices clearly fixed (at 1 with a reduced cost below 0, at 0 with one above a width),
  the widths (:data:`WIDTHS`) shared out between the two threads, each widening when its
  neighbourhood is searched to the end.

Every run offers the selections it finds to one :class:`Shared` incumbent and takes the
others' better ones through HiGHS's callbacks; every run stops as soon as the best proved
bound is within the gap of the shared best. Only whole-model runs prove bounds, so the
result's gap is proved. With one free core the threads share it; with two, the search for
selections goes on beside the proof.
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
from openpmo.engines.selection._model import Model
from openpmo.engines.selection._problem import Status

FloatArray = npt.NDArray[np.float64]
Bounds = tuple[FloatArray, FloatArray]

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
#: in the last :data:`STALL_SECONDS` (HiGHS's clock): on the benchmark the cuts bring it
#: from 337,128 to 336,977 in ~1.3 CPU s, then it moves by less than 1 in 10 CPU s, while
#: HiGHS's root heuristics and strong branching run without calling back.
STALL_FRACTION = 0.02
STALL_SECONDS = 1.0


class Shared:
    """The best selection of the runs working at once, the best proved bound, and when to stop.

    Each run offers every selection it finds (HiGHS's improving-solution callback) and takes
    a better one found by another run when HiGHS next asks (user-solution callback). Every
    run stops when :meth:`finish` is called or the best proved bound is within ``gap`` of
    the best selection.
    """

    def __init__(self, value: FloatArray, x: FloatArray, gap: float) -> None:
        self._value = value
        self._gap = gap
        self._lock = threading.Lock()
        self._finished = threading.Event()
        self.x = x
        self.objective = float(value @ x)
        self.bound = np.inf
        self.version = 0

    def offer(self, x: FloatArray) -> bool:
        """Keep ``x`` (rounded to 0/1) if it is worth more than the best; whether it was."""
        x = np.round(x)
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

    def callback(self, *, proving: bool, root_only: bool = False) -> Callback:
        """A HiGHS callback for one run: ``proving`` when its dual bound covers the whole
        model; ``root_only`` stops it once that bound stalls (see :data:`STALL_FRACTION`)."""
        seen = [self.version]
        # The bound when it last fell by a step worth counting, and HiGHS's clock then.
        last = [np.inf, 0.0]

        def on_event(kind: int, _message: str, out: Any, given: Any, _data: Any) -> None:
            if kind == IMPROVING:
                if self.offer(np.asarray(out.mip_solution, np.float64)):
                    seen[0] = self.version
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
                bound, clock = -float(out.mip_dual_bound), float(out.running_time)
                self.prove(bound)
                step = STALL_FRACTION * self._gap * max(abs(self.objective), 1e-9)
                if bound < last[0] - step:
                    last[:] = [bound, clock]
                stalled = root_only and clock - last[1] > STALL_SECONDS
            if self.finished or self.closed() or stalled:
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


def _search(model: Model, shared: Shared, deadline: float, ladder: Sequence[Bounds]) -> None:
    """Search each neighbourhood of ``ladder`` in turn, from the shared best when it lies
    inside, until the ladder ends, the deadline passes or the runs are asked to stop."""
    for lower, upper in ladder:
        left = deadline - time.perf_counter()
        if shared.finished or shared.closed() or left <= 0:
            return
        x = shared.x
        inside = bool(((x >= lower) & (x <= upper)).all())
        mip(
            model,
            time_limit=left,
            gap=0.0,
            upper=upper,
            lower=lower,
            start=x if inside else None,
            callback=shared.callback(proving=False),
            options={"mip_heuristic_effort": EFFORT},
        )


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
    shared = Shared(model.value, start, gap)
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
                _search(model, shared, deadline, ladder[1::2])
                if time.perf_counter() < deadline and not shared.closed():
                    solved = whole(root_only=False)
            outcome.append(solved)
        except BaseException as error:  # pragma: no cover - re-raised in the caller
            failure.append(error)
        finally:
            shared.finish()

    proof = threading.Thread(target=prove, name="selection-proof", daemon=True)
    proof.start()
    try:
        _search(model, shared, deadline, ladder[0::2])
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
