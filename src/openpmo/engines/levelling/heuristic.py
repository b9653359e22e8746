"""The fast levelling heuristic: serial schedule generation with priority rules, random-biased
sampling and forward–backward improvement.

One *pass* is a serial schedule generation scheme (SGS): repeatedly take the eligible
activity (all predecessors placed) with the best priority and start it at the earliest time
its links, its project's release date and the free capacity allow. Each schedule is then
improved by *justification* (Valls et al. 2005): a backward pass right-justifies the
activities in order of decreasing finish, within their project's current finish, and a
forward pass left-justifies them again in order of start; this repeats while the objective
improves. The deterministic rules come first, then random-biased samples of them (a rule's
ranks plus noise) fill a population, from which a steady-state genetic algorithm breeds the
remaining schedules (order crossover of activity lists, Hartmann 1998). All compiled kernels
are in ``_kernels``; the search is deterministic for a seed and bounded by a number of
schedules and, when given one, by a :class:`~openpmo.engines.levelling._deadline.Deadline`:
it starts no schedule it expects to finish after the deadline (the first one always runs).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from openpmo.engines.levelling._deadline import Deadline, now
from openpmo.engines.levelling._prepared import Prepared, kernels
from openpmo.engines.levelling._problem import Objective

Int64Array = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

__all__ = ["MUTATION", "POPULATION", "RULES", "UNTIL_STALL", "Heuristic", "priority_keys"]

#: Priority rules, in the order they run: least latest finish / latest start, most total
#: successors, greatest rank positional weight, shortest processing time, and (for several
#: projects) highest project weight then latest start.
RULES = ("lft", "lst", "mts", "grpw", "spt", "weight_lst")

#: Above this many activities the exact successor count (a bitset closure) is replaced by
#: the number of immediate successors.
_MTS_EXACT_LIMIT = 4000

_MAX_ROUNDS = 4

#: A number of schedules that no run reaches: the search ends by its deadline or patience.
UNTIL_STALL = 2**40

#: Schedules the genetic search keeps, and the chance of swapping each neighbour pair.
POPULATION = 800
MUTATION = 0.05


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
    stopped: bool = False
    pool: list[tuple[int, Int64Array]] = field(default_factory=list)
    pace: float = 0.0
    streams: int = 0

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
                *self._windows_and_load(),
            )
            if code == kernels().HORIZON:
                self._grow(2 * self.horizon)
                continue
            return starts if code == kernels().OK else None

    def run(
        self,
        iterations: int,
        seed: int,
        deadline: Deadline | None = None,
        islands: int = 1,
        patience: int = 0,
    ) -> tuple[Int64Array | None, int]:
        """Best schedule over every rule and ``iterations`` further schedules, and its value.

        The further schedules come from a population of :data:`POPULATION` justified
        schedules, seeded by the rules and random-biased samples of them; each new one is a
        two-point order crossover of two tournament winners (Hartmann 1998), mutated by
        swapping neighbours, decoded by the serial SGS and justified. It replaces the worst
        member when it is better and not a copy. The result is ``(None, -1)`` when no pass met
        the within-float deadlines. With a ``deadline``, no schedule starts that would end
        after it at the pace so far (``self.stopped`` then says so). With ``islands`` > 1 the
        genetic search runs that many populations from the same start in as many threads (the
        compiled kernels release the GIL), sharing the ``iterations`` between them. With
        ``patience`` > 0 an island also stops once ``max(patience, schedules it has bred)``
        schedules in a row have not improved its best.
        """
        prep = self.prep
        n = prep.problem.n_activities
        rng = np.random.default_rng(seed)
        pool: list[tuple[int, Int64Array]] = []
        keys = list(priority_keys(prep).values())
        ranks = [np.argsort(np.argsort(v, kind="stable")).astype(np.float64) for v in keys]
        pace = 0.0
        total = len(keys) + iterations
        seeded = min(POPULATION, 2 + min(iterations, default_iterations(n)) // 4)
        i = 0
        while i < total and (i < len(keys) or len(pool) < max(seeded, 2)):
            if deadline is not None and i and deadline.left() < pace:
                self.stopped = True
                break
            began = now()
            if i < len(keys):
                key = keys[i]
            else:
                spread = float(rng.choice((0.1, 0.3, 1.0))) * max(n, 1)
                key = ranks[i % len(ranks)] + rng.uniform(0.0, spread, n)
            found = self._schedule(key)
            took = now() - began
            pace = took if i < 2 else 0.8 * pace + 0.2 * took
            i += 1
            if found is not None:
                _admit(pool, found)
                if pool[0][0] <= prep.lower_bound:
                    return pool[0][1], pool[0][0]
        if not pool:
            return None, -1
        self.pace = pace
        if i < total and not self.stopped and len(pool) >= 2:
            pool = self._islands(pool, total - i, seed, deadline, islands, patience)
        self.pool = pool
        return pool[0][1], pool[0][0]

    def resume(
        self, extra: Int64Array, seed: int, deadline: Deadline, islands: int = 1
    ) -> tuple[Int64Array, int]:
        """Continue the genetic search of the last :meth:`run` until ``deadline``, with the
        feasible schedule ``extra`` (say CP-SAT's) and its justification joining the
        population; returns the best schedule and its value."""
        pool = list(self.pool)
        d = self.prep.problem.durations
        _admit(pool, (self.prep.objective(extra), np.ascontiguousarray(extra, dtype=np.int64)))
        found = self._schedule(extra + 0.5 * d / (d.max(initial=0) + 1))
        if found is not None:
            _admit(pool, found)
        if pool[0][0] > self.prep.lower_bound and len(pool) >= 2:
            pool = self._islands(pool, UNTIL_STALL, seed, deadline, islands)
        self.pool = pool
        return pool[0][1], pool[0][0]

    def _islands(
        self,
        pool: list[tuple[int, Int64Array]],
        steps: int,
        seed: int,
        deadline: Deadline | None,
        islands: int,
        patience: int = 0,
    ) -> list[tuple[int, Int64Array]]:
        """:meth:`_evolve` on ``islands`` copies of ``pool`` in parallel threads (one: here),
        each with its own share of ``steps``, random stream and profiles; the first to reach
        the lower bound stops the others. Returns the best of their populations, best first."""
        first = self.streams
        self.streams += islands
        halt = [False]
        if islands <= 1:
            return self._evolve(pool, steps, (seed, first), self.pace, deadline, halt, patience)
        workers = [Heuristic(self.prep) for _ in range(islands)]
        for worker in workers:
            # Start from the profiles grown so far (the kernels only read them): growing
            # them again would cost a failed pass per doubling on each island.
            worker.horizon, worker.cap, worker.usage = self.horizon, self.cap, self.usage
        with ThreadPoolExecutor(islands) as threads:
            futures = [
                threads.submit(
                    worker._evolve,
                    pool,
                    steps // islands + (k < steps % islands),
                    (seed, first + k),
                    self.pace,
                    deadline,
                    halt,
                    patience,
                )
                for k, worker in enumerate(workers)
            ]
            found = [member for future in futures for member in future.result()]
        self.passes += sum(worker.passes for worker in workers)
        self.stopped = any(worker.stopped for worker in workers)
        self.pace = max(worker.pace for worker in workers)
        found.sort(key=lambda member: member[0])
        merged: list[tuple[int, Int64Array]] = []
        seen: set[bytes] = set()
        for value, starts in found:
            if len(merged) == POPULATION:
                break
            if starts.tobytes() not in seen:
                seen.add(starts.tobytes())
                merged.append((value, starts))
        return merged

    def _evolve(
        self,
        pool: list[tuple[int, Int64Array]],
        steps: int,
        stream: tuple[int, int],
        pace: float,
        deadline: Deadline | None,
        halt: list[bool],
        patience: int = 0,
    ) -> list[tuple[int, Int64Array]]:
        """``steps`` of the compiled genetic search from ``pool``, in chunks that each end
        before ``deadline`` at the pace so far, with the random ``stream`` (seed, island);
        stops early once a chunk ends with ``halt[0]`` set, and sets it on reaching the lower
        bound; with ``patience`` > 0 it also stops once ``max(patience, steps done)`` steps
        have not improved its best. Returns the population, best first."""
        p = self.prep
        starts = np.ascontiguousarray(np.array([s for _, s in pool], dtype=np.int64))
        values = np.array([v for v, _ in pool], dtype=np.int64)
        mixed = np.random.SeedSequence(stream).generate_state(1, np.uint64)
        state = np.array([mixed[0] or 1], np.uint64)
        chunk = 8
        self.pace = pace
        record, done_all, since = int(values.min()), 0, 0
        while steps > 0 and not halt[0]:
            if patience and since >= max(patience, done_all):
                break
            if deadline is not None:
                fits = int(deadline.left() / max(pace, 1e-6))
                if fits < 1:
                    self.stopped = True
                    break
                chunk = min(chunk, fits)
            chunk = min(chunk, steps)
            began = now()
            done, code = kernels().breed(
                starts,
                values,
                values.shape[0],
                chunk,
                MUTATION,
                state,
                _MAX_ROUNDS,
                *self._network(),
                p.lower_bound,
            )
            self.passes += done
            steps -= done
            done_all += done
            since += done
            if values.min() < record:
                record, since = int(values.min()), 0
            if done:
                pace = 0.5 * pace + 0.5 * (now() - began) / done
                self.pace = pace
            if code == kernels().HORIZON:
                self._grow(2 * self.horizon)
                continue
            if values.min() <= p.lower_bound:
                halt[0] = True
                break
            # Chunks of about a twentieth of a second: the deadline is checked between them.
            chunk = max(1, int(0.05 / max(pace, 1e-6)))
        best = np.argsort(values, kind="stable")
        return [(int(values[k]), starts[k].copy()) for k in best]

    def _network(self) -> tuple[Any, ...]:
        """The arguments ``decode`` and ``breed`` share after ``rounds``: the problem's
        arrays, the objective and the current resource profiles."""
        p = self.prep
        problem = p.problem
        return (
            problem.durations,
            problem.project,
            problem.weight,
            p.target,
            problem.objective is Objective.WEIGHTED_DELAY,
            p.in_off,
            p.in_src,
            p.in_dist,
            p.out_off,
            p.out_dst,
            p.out_dist,
            *self._windows_and_load(),
        )

    def _windows_and_load(self) -> tuple[Any, ...]:
        """The kernels' last arguments: each activity's window and fixed start, its demands
        and the current capacity and usage profiles."""
        p = self.prep
        return (
            p.earliest,
            p.latest,
            p.fixed,
            p.dem_off,
            p.dem_res,
            p.dem_amt,
            self.cap,
            self.usage,
        )

    def _schedule(self, key: FloatArray) -> tuple[int, Int64Array] | None:
        """Decode ``key`` (serial SGS) and justify it, all in one compiled call."""
        while True:
            self.passes += 1
            starts, value, code = kernels().decode(
                np.ascontiguousarray(key, dtype=np.float64),
                _MAX_ROUNDS,
                *self._network(),
            )
            if code == kernels().HORIZON:
                self._grow(2 * self.horizon)
                continue
            return None if code != kernels().OK else (int(value), starts)


def _admit(pool: list[tuple[int, Int64Array]], found: tuple[int, Int64Array]) -> None:
    """Insert ``found`` keeping the pool sorted and at most :data:`POPULATION` strong,
    unless it is no better than the worst of a full pool or a copy of a member."""
    value, starts = found
    if len(pool) >= POPULATION and value >= pool[-1][0]:
        return
    if any(v == value and np.array_equal(s, starts) for v, s in pool):
        return
    at = next((i for i, (v, _) in enumerate(pool) if v > value), len(pool))
    pool.insert(at, found)
    del pool[POPULATION:]


def left_justify(heuristic: Heuristic, starts: Int64Array) -> Int64Array:
    """``starts`` shifted left where possible (a serial SGS in their order), if no worse."""
    prep = heuristic.prep
    d = prep.problem.durations
    key = starts + 0.5 * d / (d.max(initial=0) + 1)
    left = heuristic.forward(key.astype(np.float64))
    if left is None or prep.objective(left) > prep.objective(starts):
        return starts
    return left


def default_iterations(n: int) -> int:
    """Sampled schedules when the caller does not say: fewer as the network grows."""
    return int(min(5000, max(4, 500_000 // max(n, 1))))
