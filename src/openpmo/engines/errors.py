"""Errors raised by the engines.

Every engine error is a :class:`ValueError`, so callers that validate input generically keep
working; the subclasses carry the detail a caller needs to explain the problem::

    ValueError
    ├── CycleError             links that loop back on themselves (names the activities)
    └── ComparisonMatrixError  an AHP pairwise comparison matrix breaks a rule (names the cell)
"""

from __future__ import annotations

from typing import Any

__all__ = ["ComparisonMatrixError", "CycleError"]


class CycleError(ValueError):
    """The dependency links contain a cycle, so no schedule exists.

    Parameters
    ----------
    cycle : tuple of int
        Activity indexes of one cycle in link direction: each activity is a predecessor of
        the next, and the last is a predecessor of the first.
    """

    def __init__(self, cycle: tuple[int, ...]) -> None:
        self.cycle = cycle
        if len(cycle) <= 20:
            path = " -> ".join(str(i) for i in (*cycle, cycle[0]))
        else:
            head = " -> ".join(str(i) for i in cycle[:20])
            path = f"{head} -> ... ({len(cycle)} activities)"
        super().__init__(f"dependency links form a cycle through activities {path}")


class ComparisonMatrixError(ValueError):
    """A pairwise comparison matrix is not square, positive, reciprocal or of a usable size.

    Parameters
    ----------
    reason : str
        ``not_numeric``, ``not_square``, ``size``, ``not_positive``, ``diagonal`` or
        ``not_reciprocal``.
    message : str
        English text naming the cell, e.g. ``matrix[2][0] = 4 must be the reciprocal of ...``.
    cell : tuple of int, optional
        ``(row, column)`` of the first bad cell, when one cell is to blame.
    **params
        Figures for a translated message (``value``, ``expected``, ``limit``).
    """

    def __init__(
        self, reason: str, message: str, cell: tuple[int, int] | None = None, **params: Any
    ) -> None:
        self.reason = reason
        self.cell = cell
        self.params = params
        super().__init__(message)
