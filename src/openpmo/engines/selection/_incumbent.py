"""A starting selection for the MIP, and fixings that cannot cut off a better one.

* :func:`round_relaxation`: walk the columns in the LP optimum's order (value in the LP
  first, then smallest reduced cost), adding each that keeps every row within its limits:
  an LP rounding with repair. A column whose row goes over only until another column is in
  (a dependent before its prerequisite) gets another pass.
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
#: Row activity may exceed a limit by this much (HiGHS's primal feasibility tolerance).
FEASIBILITY = 1e-7
#: Passes over the columns; the second catches dependents met before their prerequisite.
PASSES = 2


def round_relaxation(
    model: Model, lp: Relaxation, seed: FloatArray | None = None
) -> FloatArray | None:
    """A 0/1 column vector satisfying every row, built from the LP optimum (``seed``: columns
    to put in first, e.g. the previous frontier point); ``None`` when the must-do rows
    (lower limits) are not met."""
    matrix = model.matrix.tocsc()
    order = np.lexsort((lp.reduced, -np.round(lp.x, 6)))
    if seed is not None:
        order = np.concatenate([np.flatnonzero(seed > 0.5), order])
    activity = np.zeros(matrix.shape[0])
    x = np.zeros(matrix.shape[1])
    upper = model.row_upper * (1 + FEASIBILITY) + FEASIBILITY
    # The must-do rows (a lower limit of 1) have their columns tried first.
    musts = np.flatnonzero(np.isfinite(model.row_lower) & (model.row_lower > 0))
    rank = np.empty_like(order)
    rank[order[::-1]] = np.arange(order.shape[0])[::-1]
    first = np.unique(model.matrix.tocsr()[musts].indices)
    first = first[np.argsort(rank[first])]
    for _ in range(PASSES):
        for j in np.concatenate([first, order]):
            if x[j] or not model.col_upper[j]:
                continue
            rows = matrix.indices[matrix.indptr[j] : matrix.indptr[j + 1]]
            coefs = matrix.data[matrix.indptr[j] : matrix.indptr[j + 1]]
            trial = activity[rows] + coefs
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
