"""The fast levelling heuristic: serial schedule generation with priority rules, random-biased
sampling and forward–backward improvement.

One *pass* is a serial schedule generation scheme (SGS): repeatedly take the eligible
activity (all predecessors placed) with the best priority and start it at the earliest time
its links, its project's release date and the free capacity allow. Each schedule is then
improved by *justification* (Valls et al. 2005): a backward pass right-justifies the
activities in order of decreasing finish, within their project's current finish, and a
forward pass left-justifies them again in order of start; this repeats while the objective
improves. The deterministic rules come first, then ``iterations`` sampled schedules: half
perturb a rule's ranks at random (random-biased sampling), half perturb the best schedule's
start order (a neighbourhood search). All compiled kernels are in ``_kernels``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from openpmo.engines.levelling._prepared import Prepared, kernels
from openpmo.engines.levelling._problem import Objective

Int64Array = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

__all__ = ["RULES", "Heuristic", "priority_keys"]

#: Priority rules, in the order they run: least latest finish / latest start, most total
#: successors, greatest rank positional weight, shortest processing time, and (for several
#: projects) highest project weight then latest start.
RULES = ("lft", "lst", "mts", "grpw", "spt", "weight_lst")

#: Above this many activities the exact successor count (a bitset closure) is replaced by
#: the number of immediate successors.
_MTS_EXACT_LIMIT = 4000

_MAX_ROUNDS = 4


def _successor_counts(prep: Prepared) -> FloatArray:
    n = prep.problem.n_activities
    if n > _MTS_EXACT_LIMIT:
        return np.diff(prep.out_off).astype(np.float64)
    reach = np.zeros((n, (n + 7) // 8), np.uint8)
    for j in prep.order[::-1]:
        succ = prep.out_dst[prep.out_off[j] : prep.out_off[j + 1]]
        if succ.size:
            row = np.bitwise_or.reduce(reach[succ], axis=0)
            bits = np.zeros(n, np.uint8)
            bits[succ] = 1
            reach[j] = row | np.packbits(bits)
    counts: FloatArray = np.unpackbits(reach, axis=1, count=n).sum(axis=1).astype(np.float64)
    return counts


def priority_keys(prep: Prepared) -> dict[str, FloatArray]:
    """Priority of every activity under each rule of :data:`RULES`; the least key goes first."""
    problem = prep.problem
    d = problem.durations
    k = kernels()
    finish_bound = np.maximum(prep.target, prep.cp_finish)[problem.project]
    late_start = k.backward_bounds(
        prep.order, d, prep.out_off, prep.out_dst, prep.out_dist, finish_bound
    ).astype(np.float64)
    grpw = d.astype(np.float64).copy()
    np.add.at(grpw, prep.in_src, d[np.repeat(np.arange(d.shape[0]), np.diff(prep.in_off))])
    keys = {
        "lft": late_start + d,
        "lst": late_start,
        "mts": -_successor_counts(prep),
        "grpw": -grpw,
        "spt": d.astype(np.float64),
    }
    weights = problem.weight
    if problem.n_projects > 1 and weights.min() != weights.max():
        rank = -weights[problem.project].astype(np.float64)
        span = float(np.ptp(late_start)) + 1.0
        keys["weight_lst"] = rank * span + late_start
    return keys


@dataclass
class Heuristic:
    """Runs passes over one prepared problem, growing the time horizon when needed."""

    prep: Prepared
    horizon: int = 0
    cap: Int64Array = field(default_factory=lambda: np.zeros((0, 0), np.int64))
    usage: Int64Array = field(default_factory=lambda: np.zeros((0, 0), np.int64))
    passes: int = 0

    def __post_init__(self) -> None:
        self._grow(self.prep.horizon_guess())

    def _grow(self, horizon: int) -> None:
        self.horizon = horizon
        self.cap = np.ascontiguousarray(self.prep.capacity(horizon))
        self.usage = np.ascontiguousarray(self.prep.usage(horizon))

    def forward(self, key: FloatArray) -> Int64Array | None:
        """Serial SGS by ``key``; ``None`` when a within-float deadline cannot be kept."""
        p = self.prep
        while True:
            self.passes += 1
            starts, code = kernels().sgs_forward(
                key,
                p.problem.durations,
                p.in_off,
                p.in_src,
                p.in_dist,
                p.out_off,
                p.out_dst,
                p.earliest,
                p.latest,
                p.fixed,
                p.dem_off,
                p.dem_res,
                p.dem_amt,
                self.cap,
                self.usage,
            )
            if code == kernels().HORIZON:
                self._grow(2 * self.horizon)
                continue
            return starts if code == kernels().OK else None

    def backward(self, starts: Int64Array) -> Int64Array | None:
        """Right-justify ``starts``; ``None`` if a release date got in the way."""
        p = self.prep
        self.passes += 1
        out, code = kernels().sgs_backward(
            starts,
            p.problem.durations,
            p.problem.project,
            p.in_off,
            p.in_src,
            p.in_dist,
            p.out_off,
            p.out_dst,
            p.out_dist,
            p.earliest,
            p.latest,
            p.fixed,
            p.dem_off,
            p.dem_res,
            p.dem_amt,
            self.cap,
            self.usage,
        )
        return out if code == kernels().OK else None

    def improve(self, starts: Int64Array, value: int) -> tuple[Int64Array, int]:
        """Forward–backward improvement: justify right then left while the objective drops."""
        d = self.prep.problem.durations
        for _ in range(_MAX_ROUNDS):
            right = self.backward(starts)
            if right is None:
                break
            left = self.forward((right + 0.5 * d / (d.max(initial=0) + 1)).astype(np.float64))
            if left is None:
                break
            new = self.prep.objective(left)
            if new > value:
                break
            improved = new < value
            starts, value = left, new
            if not improved:
                break
        return starts, value

    def run(self, iterations: int, seed: int) -> tuple[Int64Array | None, int]:
        """Best schedule found over every rule and ``iterations`` samples, and its objective.

        The result is ``(None, -1)`` when no pass met the within-float deadlines.
        """
        prep = self.prep
        best: Int64Array | None = None
        best_value = -1
        keys = priority_keys(prep)
        ranks = [np.argsort(np.argsort(v, kind="stable")).astype(np.float64) for v in keys.values()]
        for key in keys.values():
            best, best_value = self._try(key, best, best_value)
            if best is not None and best_value <= prep.lower_bound:
                return best, best_value
        rng = np.random.default_rng(seed)
        n = prep.problem.n_activities
        for i in range(iterations):
            if best is not None and i % 2:
                spread = float(rng.choice((1.0, 3.0, 8.0)))
                key = best + rng.uniform(0.0, spread, n)
            else:
                spread = float(rng.choice((0.1, 0.3, 1.0))) * max(n, 1)
                key = ranks[i % len(ranks)] + rng.uniform(0.0, spread, n)
            best, best_value = self._try(key, best, best_value)
            if best is not None and best_value <= prep.lower_bound:
                break
        return best, best_value

    def _try(
        self, key: FloatArray, best: Int64Array | None, best_value: int
    ) -> tuple[Int64Array | None, int]:
        starts = self.forward(np.ascontiguousarray(key, dtype=np.float64))
        if starts is None:
            return best, best_value
        starts, value = self.improve(starts, self.prep.objective(starts))
        if best is None or value < best_value:
            return starts, value
        return best, best_value


def left_justify(heuristic: Heuristic, starts: Int64Array) -> Int64Array:
    """``starts`` shifted left where possible (a serial SGS in their order), if no worse."""
    prep = heuristic.prep
    d = prep.problem.durations
    key = starts + 0.5 * d / (d.max(initial=0) + 1)
    left = heuristic.forward(key.astype(np.float64))
    if left is None or prep.objective(left) > prep.objective(starts):
        return starts
    return left


def default_iterations(n: int, objective: Objective) -> int:
    """Sampled schedules when the caller does not say: fewer as the network grows."""
    del objective
    return int(min(1000, max(4, 500_000 // max(n, 1))))
