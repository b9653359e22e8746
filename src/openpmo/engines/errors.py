"""Errors raised by the engines.

Every engine error is a :class:`ValueError`, so callers that validate input generically keep
working; the subclasses carry the detail a caller needs to explain the problem::

    ValueError
    └── CycleError      links that loop back on themselves (names the activities)
"""

from __future__ import annotations

__all__ = ["CycleError"]


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
