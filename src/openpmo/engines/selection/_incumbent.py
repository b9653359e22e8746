"""A starting selection for the MIP, and fixings that cannot cut off a better one.

* :func:`round_relaxation`: walk the columns in the LP optimum's order (value in the LP
  first, then smallest reduced cost), adding each that keeps every row within its limits:
  an LP rounding with repair. Each list of columns is walked twice: a column whose row goes
  over only until another column is in (a dependent before its prerequisite) gets in then.
* :func:`fixings`: reduced-cost fixing. With an incumbent of value ``z`` and the LP bound
  ``u``, a column at 0 in the LP with reduced cost ``d > u - z`` is 0 in every selection
  worth more than ``z``; so its upper bound can be 0 without losing the optimum.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from openpmo.engines.selection._highs import Relaxation
from openpmo.engines.selection._model import Model

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
#: Row activity may exceed a limit by this much (HiGHS's primal feasibility tolerance).
FEASIBILITY = 1e-7


def round_relaxation(
    model: Model, lp: Relaxation, seed: FloatArray | None = None
) -> FloatArray | None:
    """A 0/1 column vector satisfying every row, built from the LP optimum; ``None`` when the
    must-do rows (lower limits) are not met.

    ``seed`` (e.g. the previous frontier point, or a user's start) goes in first, as much of
    it as fits; then the must-do candidates' columns, then the rest in the LP's order.
    """
    first = np.zeros(0, np.int64) if seed is None else np.flatnonzero(seed > 0.5)
    return _fill(model, lp, first)


def _fill(model: Model, lp: Relaxation, seed: IntArray) -> FloatArray | None:
    matrix = model.matrix.tocsc()
    order = np.lexsort((lp.reduced, -np.round(lp.x, 6)))
    rank = np.empty_like(order)
    rank[order] = np.arange(order.shape[0])
    musts = np.flatnonzero(np.isfinite(model.row_lower) & (model.row_lower > 0))
    first = np.unique(model.matrix.tocsr()[musts].indices)
    first = first[np.argsort(rank[first])]
    activity = np.zeros(matrix.shape[0])
    x = np.zeros(matrix.shape[1])
    upper = model.row_upper * (1 + FEASIBILITY) + FEASIBILITY
    for columns in (seed, seed, first, order, order):
        for j in columns:
            if x[j] or not model.col_upper[j]:
                continue
            rows = matrix.indices[matrix.indptr[j] : matrix.indptr[j + 1]]
            trial = activity[rows] + matrix.data[matrix.indptr[j] : matrix.indptr[j + 1]]
            if (trial <= upper[rows]).all():
                activity[rows] = trial
                x[j] = 1.0
    low = np.isfinite(model.row_lower)
    if (activity[low] < model.row_lower[low] - FEASIBILITY).any():
        return None
    return x


def fixings(model: Model, lp: Relaxation, incumbent: float) -> FloatArray:
    """Column upper bounds with reduced-cost fixing applied (see the module docstring)."""
    margin = 1e-6 * max(abs(lp.value), 1.0)
    out = (lp.x < 1e-9) & (lp.reduced > lp.value - incumbent + margin)
    return np.where(out, 0.0, model.col_upper)
