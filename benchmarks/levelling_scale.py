"""Scale benchmark of the levelling heuristic on a seeded portfolio, printing JSON.

    python benchmarks/levelling_scale.py [--projects 1000] [--activities 100] \
        [--resources 50] [--seed 7] [--iterations N] [--time-limit 60]

The portfolio: ``--projects`` projects of ``--activities`` activities each (100,000 by
default), durations 1-10, every activity with one to three links to earlier activities of its
project (mostly FS, some SS/FF with lags), each activity needing 1-3 units of one to three of
``--resources`` shared resources (capacity 8-20 each); projects have weights 1-10 and release
dates spread over the first 200 time units; the objective is the weighted project delay.

It measures ``level(..., solver="heuristic")`` end to end (validation, preparation, every
priority rule with forward-backward improvement, sampled schedules) after a warm-up on a small
portfolio (so numba's on-disk cache is loaded, not timed), and checks the schedule
independently: every link and every resource at every time unit. The baseline, in the same
run, is one serial SGS pass with the latest-finish rule and no improvement. ``--time-limit``
(default 60 s, beyond the run on a quiet machine) lets the heuristic finish its schedules on a
loaded one, so the figures compare across runs; ``limit_reached`` says if it stopped early.
Target (issue 4): 100,000 activities, 1,000 projects, 50 resources in <= 10 s, no capacity
exceeded. The heuristic is single-threaded, so on a shared machine its CPU seconds (also
printed, with the load average) show what it costs when it has a core to itself.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from typing import Any

import numpy as np
import numpy.typing as npt

from openpmo.engines.levelling import LevellingProblem, build_problem, level
from openpmo.engines.levelling._prepared import distances, prepare
from openpmo.engines.levelling.heuristic import Heuristic, priority_keys

Ints = npt.NDArray[np.int64]


def portfolio(projects: int, size: int, resources: int, seed: int) -> LevellingProblem:
    """A seeded random portfolio (see the module docstring)."""
    rng = np.random.default_rng(seed)
    n = projects * size
    durations = rng.integers(1, 11, n)
    demand = np.zeros((n, resources), np.int64)
    for k in range(3):
        used = rng.random(n) < (1.0, 0.5, 0.25)[k]
        demand[np.flatnonzero(used), rng.integers(0, resources, used.sum())] = rng.integers(
            1, 4, used.sum()
        )
    capacity = rng.integers(8, 21, resources)
    local = np.tile(np.arange(size), projects)
    base = np.repeat(np.arange(projects) * size, size)
    pred, succ = [], []
    for _ in range(3):
        has = (local > 0) & (rng.random(n) < 0.7)
        back = rng.integers(1, 6, n)
        src = base + np.maximum(local - back, 0)
        keep = has & (src < base + local)
        pred.append(src[keep])
        succ.append(np.flatnonzero(keep))
    p = np.concatenate(pred)
    s = np.concatenate(succ)
    pairs = np.unique(np.stack([p, s], axis=1), axis=0)
    m = pairs.shape[0]
    link_type = np.where(rng.random(m) < 0.85, 0, rng.integers(1, 3, m))
    lag = np.where(rng.random(m) < 0.8, 0, rng.integers(0, 4, m))
    return build_problem(
        durations,
        demand,
        capacity,
        pred=pairs[:, 0],
        succ=pairs[:, 1],
        link_type=link_type,
        lag=lag,
        project=np.repeat(np.arange(projects), size),
        weight=rng.integers(1, 11, projects),
        release=rng.integers(0, 201, projects),
        objective="weighted_delay",
    )


def violations(problem: LevellingProblem, starts: Ints) -> dict[str, int]:
    """Links broken and (resource, time) cells over capacity, counted independently."""
    d = problem.durations
    broken = int((starts[problem.succ] < starts[problem.pred] + distances(problem)).sum())
    horizon = int((starts + d).max())
    over = 0
    for r in range(problem.n_resources):
        delta = np.zeros(horizon + 1, np.int64)
        np.add.at(delta, starts, problem.demand[:, r])
        np.add.at(delta, starts + d, -problem.demand[:, r])
        over += int((np.cumsum(delta)[:horizon] > problem.capacity[r, -1]).sum())
    early = int((starts < problem.release[problem.project]).sum())
    return {"links_broken": broken, "cells_over_capacity": over, "before_release": early}


def baseline(problem: LevellingProblem) -> tuple[float, Ints]:
    """One serial SGS pass by the latest-finish rule, timed with its preparation."""
    start = time.perf_counter()
    prep = prepare(problem)
    heuristic = Heuristic(prep)
    starts = heuristic.forward(priority_keys(prep)["lft"])
    assert starts is not None
    return time.perf_counter() - start, starts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--activities", type=int, default=100)
    parser.add_argument("--resources", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--iterations", type=int, default=None)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    level(portfolio(5, 20, 5, 1), solver="heuristic", iterations=2)  # load numba's cache
    built = time.perf_counter()
    problem = portfolio(args.projects, args.activities, args.resources, args.seed)
    built = time.perf_counter() - built
    start, cpu = time.perf_counter(), time.process_time()
    result = level(
        problem,
        solver="heuristic",
        iterations=args.iterations,
        seed=args.seed,
        time_limit=args.time_limit,
    )
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert result.starts is not None
    assert result.project_delay is not None
    base_seconds, base_starts = baseline(problem)
    prep = prepare(problem)
    report: dict[str, Any] = {
        "activities": problem.n_activities,
        "projects": problem.n_projects,
        "resources": problem.n_resources,
        "links": int(problem.pred.shape[0]),
        "generate_s": round(built, 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "heuristic": {
            "seconds": round(seconds, 3),
            "cpu_seconds": round(cpu, 3),
            "status": result.status.value,
            "limit_reached": result.limit_reached,
            "weighted_delay": result.objective,
            "lower_bound": result.lower_bound,
            "makespan": result.makespan,
            "projects_late": int((result.project_delay > 0).sum()),
            **violations(problem, result.starts),
        },
        "baseline_single_lft_pass": {
            "seconds": round(base_seconds, 3),
            "weighted_delay": prep.objective(base_starts),
            "makespan": int((base_starts + problem.durations).max()),
            **violations(problem, base_starts),
        },
        "target_seconds": 10.0,
        "time_limit_s": args.time_limit,
    }
    report["heuristic"]["meets_target"] = bool(
        seconds <= 10.0 and report["heuristic"]["cells_over_capacity"] == 0
    )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
