"""The proof and a search for better selections near the LP optimum, at once.

On the benchmark (``benchmarks/portfolio.py``) the LP relaxation is almost integral: 76 of
4,838 columns fractional, and the best selections known differ from it in a few dozen
columns, all with a reduced cost near 0. HiGHS on the whole model proves a bound within
0.1 % of them in about 2 CPU seconds (presolve, LP, root cuts) but takes 70 CPU seconds or
more to find one of them. So two HiGHS runs share one incumbent (:class:`._highs.Shared`):

* the **proof**, in a worker thread: HiGHS on the whole model (with the reduced-cost fixings
  of the start), stopping as soon as its bound is within the gap of the shared best;
* the **neighbourhood search**, in the calling thread: HiGHS on the model with the columns
  the LP prices clearly (at 1 with a reduced cost below 0, at 0 with one above a width)
  fixed there, the width widening (:data:`WIDTHS`, quantiles of the reduced costs) whenever
  a neighbourhood is searched to the end, until the proof stops.

Each run takes the other's better selections through HiGHS's callbacks. The proof's bound
covers the whole model, so the result's gap is proved; the neighbourhoods only find
selections. With one free core the two share it; with two, the search runs beside the proof.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from openpmo.engines.selection._highs import Relaxation, Shared, Solved, mip
from openpmo.engines.selection._model import Model

FloatArray = npt.NDArray[np.float64]

#: Neighbourhood widths: a column at 0 in the LP stays free when its reduced cost is at most
#: this quantile of the positive reduced costs of such columns.
WIDTHS = (0.07, 0.25, 0.6)
#: HiGHS's primal heuristic effort in a neighbourhood (its default, 0.05, is for proofs):
#: on the benchmark 0.5 found the selections a 0.1 % proof needs ~15 % sooner.
EFFORT = 0.5
#: Reduced costs within this of 0 are 0 (HiGHS's dual feasibility tolerance).
ZERO = 1e-7


def neighbourhoods(model: Model, lp: Relaxation) -> Iterator[tuple[FloatArray, FloatArray]]:
    """Column (lower, upper) bounds of each neighbourhood of the LP optimum, widening."""
    at_one = (lp.x > 1 - 1e-9) & (lp.reduced < -ZERO)
    lower = np.where(at_one & (model.col_upper > 0), 1.0, 0.0)
    at_zero = (lp.x < 1e-9) & (model.col_upper > 0)
    priced = lp.reduced[at_zero & (lp.reduced > ZERO)]
    if priced.size == 0:
        return
    for q in WIDTHS:
        width = float(np.quantile(priced, q))
        yield lower, np.where(at_zero & (lp.reduced > width), 0.0, model.col_upper)


def race(
    model: Model,
    lp: Relaxation,
    start: FloatArray,
    upper: FloatArray,
    deadline: float,
    gap: float,
) -> Solved:
    """The proof (columns' upper bounds ``upper``) and the neighbourhood search from the
    feasible ``start``, until the gap is proved or ``deadline`` (a
    :func:`time.perf_counter` reading). The result's ``x`` is the best of both; its bound
    and status are the proof's."""
    shared = Shared(model.value, start)
    outcome: list[Solved] = []
    failure: list[BaseException] = []

    def prove() -> None:
        try:
            left = deadline - time.perf_counter()
            outcome.append(
                mip(model, time_limit=left, gap=gap, upper=upper, start=start, shared=shared)
            )
        except BaseException as error:  # pragma: no cover - re-raised in the caller
            failure.append(error)
        finally:
            shared.finish()

    proof = threading.Thread(target=prove, name="selection-proof", daemon=True)
    proof.start()
    try:
        for lower, free in neighbourhoods(model, lp):
            left = deadline - time.perf_counter()
            if shared.finished or left <= 0:
                break
            x = shared.x
            inside = x is not None and bool(((x >= lower) & (x <= free)).all())
            mip(
                model,
                time_limit=left,
                gap=0.0,
                upper=free,
                lower=lower,
                start=x if inside else None,
                shared=shared,
                options={"mip_heuristic_effort": EFFORT},
            )
    except BaseException:  # pragma: no cover - stop the proof too, then re-raise
        shared.finish()
        raise
    finally:
        proof.join()
    if failure:
        raise failure[0]
    solved = outcome[0]
    return Solved(solved.status, shared.x, solved.bound, solved.seconds)
