"""Analytic Hierarchy Process: criteria weights from pairwise comparisons, and a weighted ranking.

A pairwise comparison matrix ``A`` of ``n`` criteria holds in ``A[i, j]`` how many times more
important criterion ``i`` is than criterion ``j`` (Saaty's 1-9 scale: 1 equal, 3 moderate, 5
strong, 7 very strong, 9 extreme, and the reciprocals), with ``A[j, i] = 1 / A[i, j]`` and
ones on the diagonal.

* The **weights** are the principal (Perron) eigenvector of ``A``, scaled to sum to 1.
* ``lambda_max`` is its eigenvalue; ``lambda_max >= n``, with equality exactly when the
  judgements are consistent (``A[i, j] * A[j, k] == A[i, k]`` for all ``i, j, k``).
* The **consistency index** is ``CI = (lambda_max - n) / (n - 1)`` and the **consistency ratio**
  ``CR = CI / RI[n]``, where ``RI[n]`` is the mean CI of random reciprocal matrices of size
  ``n`` (:data:`RANDOM_INDEX`). Saaty's rule of thumb: ``CR <= 0.1`` is acceptable. For
  ``n <= 2`` every reciprocal matrix is consistent and ``CR = 0``.
* When ``CR > 0.1`` the result names the judgements that disagree most with the weights: for
  each pair ``i < j`` the ratio ``A[i, j] / (w[i] / w[j])`` would be 1 for a consistent
  matrix; the pairs whose ratio is furthest from 1 (in ``|log|``, so 2 and 1/2 are equally
  far) come first, each with the value the weights imply (``w[i] / w[j]``).

Source of the random index table and of the worked examples in the tests: T. L. Saaty, *The
Analytic Hierarchy Process*, McGraw-Hill, 1980, and T. L. Saaty, "How to make a decision: The
Analytic Hierarchy Process", *European Journal of Operational Research* 48 (1990) 9-26
(Table 2: RI for n = 1..10). See ``docs/engines/ahp.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from openpmo.engines.errors import ComparisonMatrixError

__all__ = [
    "CR_THRESHOLD",
    "RANDOM_INDEX",
    "AhpResult",
    "Judgement",
    "Ranking",
    "ahp",
    "rank",
]

FloatArray = npt.NDArray[np.float64]

#: Saaty's random consistency index RI[n] for n = 1..10 (index 0 unused).
RANDOM_INDEX: tuple[float, ...] = (0.0, 0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
#: Above this consistency ratio the judgements should be revised (Saaty's 10 % rule).
CR_THRESHOLD = 0.1
#: ``A[i, j] * A[j, i]`` may differ from 1 by this much (0.333 for 1/3 is accepted).
RECIPROCAL_TOLERANCE = 0.01
#: How many judgements the inconsistency warning names.
WORST_JUDGEMENTS = 3


@dataclass(frozen=True)
class Judgement:
    """One comparison ``A[row, col]`` (``row < col``) and how far it is from the weights.

    Attributes
    ----------
    row, col : int
        The cell of the upper triangle.
    given : float
        The judgement ``A[row, col]``.
    implied : float
        ``w[row] / w[col]``: the judgement that would agree with the weights.
    deviation : float
        ``|log(given / implied)|``; 0 for a judgement consistent with the weights.
    """

    row: int
    col: int
    given: float
    implied: float
    deviation: float


@dataclass(frozen=True, eq=False)
class AhpResult:
    """Weights and consistency of one comparison matrix.

    Attributes
    ----------
    weights : numpy.ndarray of float64, shape (n,)
        Normalised principal eigenvector: positive, sums to 1.
    lambda_max : float
        The principal eigenvalue (``n`` for a consistent matrix).
    consistency_index : float
        ``(lambda_max - n) / (n - 1)``, 0 for ``n <= 2``.
    consistency_ratio : float
        ``consistency_index / RANDOM_INDEX[n]``, 0 for ``n <= 2``.
    judgements : tuple of Judgement
        Every upper-triangle comparison, the furthest from the weights first.
    """

    weights: FloatArray
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    judgements: tuple[Judgement, ...]

    @property
    def consistent(self) -> bool:
        """``consistency_ratio <= CR_THRESHOLD``."""
        return self.consistency_ratio <= CR_THRESHOLD

    @property
    def inconsistent_judgements(self) -> tuple[Judgement, ...]:
        """The (at most three) judgements to revise first when CR is above 0.1; else empty."""
        if self.consistent:
            return ()
        return tuple(j for j in self.judgements[:WORST_JUDGEMENTS] if j.deviation > 1e-9)


@dataclass(frozen=True, eq=False)
class Ranking:
    """Alternatives ranked by their weighted score.

    Attributes
    ----------
    total : numpy.ndarray of float64, shape (m,)
        ``sum_k scores[a, k] * weights[k]`` per alternative, in input order.
    breakdown : numpy.ndarray of float64, shape (m, n)
        ``scores[a, k] * weights[k]``: what each criterion contributes to the total.
    order : numpy.ndarray of int64, shape (m,)
        Alternative indexes, best first (ties keep input order).
    rank : numpy.ndarray of int64, shape (m,)
        1-based position of each alternative in ``order``.
    """

    total: FloatArray
    breakdown: FloatArray
    order: npt.NDArray[np.int64]
    rank: npt.NDArray[np.int64]


def _matrix(values: Any) -> FloatArray:
    try:
        a = np.array(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ComparisonMatrixError("not_numeric", f"matrix must hold numbers ({exc})") from exc
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ComparisonMatrixError(
            "not_square", f"matrix must be square (n x n), got shape {a.shape}"
        )
    n = a.shape[0]
    if not 1 <= n < len(RANDOM_INDEX):
        raise ComparisonMatrixError(
            "size",
            f"matrix must compare 1 to {len(RANDOM_INDEX) - 1} criteria, got {n}",
            limit=len(RANDOM_INDEX) - 1,
        )
    for i, j in zip(*np.nonzero(~np.isfinite(a) | (a <= 0)), strict=True):
        raise ComparisonMatrixError(
            "not_positive",
            f"matrix[{i}][{j}] = {a[i, j]} must be a positive number",
            cell=(int(i), int(j)),
            value=float(a[i, j]),
        )
    for i in range(n):
        if abs(a[i, i] - 1.0) > RECIPROCAL_TOLERANCE:
            raise ComparisonMatrixError(
                "diagonal",
                f"matrix[{i}][{i}] = {a[i, i]} must be 1 (a criterion against itself)",
                cell=(i, i),
                value=float(a[i, i]),
            )
    off = np.abs(a * a.T - 1.0) > RECIPROCAL_TOLERANCE
    for i, j in zip(*np.nonzero(np.triu(off, 1)), strict=True):
        expected = 1.0 / a[i, j]
        raise ComparisonMatrixError(
            "not_reciprocal",
            f"matrix[{j}][{i}] = {a[j, i]} must be the reciprocal of "
            f"matrix[{i}][{j}] = {a[i, j]}, i.e. {expected:.4g}",
            cell=(int(j), int(i)),
            value=float(a[j, i]),
            expected=round(float(expected), 4),
        )
    return a


def ahp(matrix: npt.ArrayLike) -> AhpResult:
    """Criteria weights and consistency of a pairwise comparison matrix.

    Parameters
    ----------
    matrix : array_like of float, shape (n, n)
        ``matrix[i][j]``: importance of criterion ``i`` over ``j``; positive, ones on the
        diagonal, ``matrix[j][i] == 1 / matrix[i][j]`` within 1 %; ``1 <= n <= 10``.

    Returns
    -------
    AhpResult
        Weights, ``lambda_max``, CI, CR and the judgements ordered by deviation.

    Raises
    ------
    ComparisonMatrixError
        If the matrix breaks a rule above; ``error.cell`` names the first bad cell.

    Examples
    --------
    >>> r = ahp([[1, 3], [1 / 3, 1]])
    >>> r.weights.round(2).tolist(), r.consistency_ratio
    ([0.75, 0.25], 0.0)
    """
    a = _matrix(matrix)
    n = a.shape[0]
    eigenvalues, vectors = np.linalg.eig(a)
    k = int(np.argmax(eigenvalues.real))
    # The Perron vector of a positive matrix has entries of one sign: abs() fixes the sign.
    w = np.abs(vectors[:, k].real)
    w = w / w.sum()
    lambda_max = float(eigenvalues[k].real)
    if n <= 2:
        ci = cr = 0.0
        lambda_max = float(n)
    else:
        ci = max(0.0, (lambda_max - n) / (n - 1))
        cr = ci / RANDOM_INDEX[n]
    w.setflags(write=False)
    return AhpResult(w, lambda_max, ci, cr, _judgements(a, w))


def _judgements(a: FloatArray, w: FloatArray) -> tuple[Judgement, ...]:
    rows, cols = np.triu_indices(a.shape[0], 1)
    implied = w[rows] / w[cols]
    deviation = np.abs(np.log(a[rows, cols] / implied))
    order = np.argsort(-deviation, kind="stable")
    return tuple(
        Judgement(
            int(rows[p]),
            int(cols[p]),
            float(a[rows[p], cols[p]]),
            float(implied[p]),
            float(deviation[p]),
        )
        for p in order
    )


def rank(scores: npt.ArrayLike, weights: npt.ArrayLike) -> Ranking:
    """Rank alternatives by the weighted sum of their scores on each criterion.

    Parameters
    ----------
    scores : array_like of float, shape (m, n)
        Score of alternative ``a`` on criterion ``k`` (any common scale, e.g. 0-10).
    weights : array_like of float, shape (n,)
        Criteria weights, ``>= 0`` (typically :attr:`AhpResult.weights`).

    Returns
    -------
    Ranking
        Totals, the per-criterion breakdown, the order best first and each rank.

    Raises
    ------
    ValueError
        If the shapes disagree or a score or weight is not finite or a weight is negative.
    """
    s = np.array(scores, dtype=np.float64)
    w = np.array(weights, dtype=np.float64)
    if w.ndim != 1:
        raise ValueError(f"weights must be one-dimensional, got shape {w.shape}")
    if s.ndim != 2 or s.shape[1] != w.shape[0]:
        raise ValueError(
            f"scores must have shape (alternatives, {w.shape[0]} criteria), got {s.shape}"
        )
    if not np.isfinite(s).all():
        a, k = np.argwhere(~np.isfinite(s))[0]
        raise ValueError(f"scores[{a}][{k}] must be a finite number")
    bad = np.flatnonzero(~np.isfinite(w) | (w < 0))
    if bad.size:
        raise ValueError(f"weights[{bad[0]}] = {w[bad[0]]} must be a number >= 0")
    breakdown = s * w
    total = breakdown.sum(axis=1)
    order = np.argsort(-total, kind="stable").astype(np.int64)
    position = np.empty_like(order)
    position[order] = np.arange(1, order.size + 1)
    for array in (total, breakdown, order, position):
        array.setflags(write=False)
    return Ranking(total, breakdown, order, position)
