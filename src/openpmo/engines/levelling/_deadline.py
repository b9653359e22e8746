"""The wall-clock budget of one levelling run.

The only clock in the levelling engine: a run is given seconds by its caller, and every phase
(the heuristic's schedules, CP-SAT's model and search) asks how many are left.
"""

from __future__ import annotations

import time


class Deadline:
    """A moment ``seconds`` from now, on the monotonic performance counter."""

    __slots__ = ("at",)

    def __init__(self, seconds: float) -> None:
        self.at = time.perf_counter() + seconds

    def left(self) -> float:
        """Seconds until the deadline (negative once it has passed)."""
        return self.at - time.perf_counter()

    def share(self, fraction: float) -> Deadline:
        """A deadline ``fraction`` of the time left from now."""
        return Deadline(max(self.left(), 0.0) * fraction)


def now() -> float:
    """The performance counter, in seconds."""
    return time.perf_counter()
