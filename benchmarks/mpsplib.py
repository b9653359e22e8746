"""Multi-project benchmark (MPSPLIB, Browning & Yassine, RCMPSPLIB): APD and TMS, as JSON.

    python benchmarks/mpsplib.py [--group MPSPLIB|BY_subset|RCMPSPLIB] [--objective apd|tms]
        [--time-limit 10] [--workers 2] [--solver auto|cpsat|heuristic]
        [--every K | --limit N] [--seed 0] [--data DIR]

Each ``.rcmp`` instance is levelled with every project released at its release date. With
``--objective apd`` the engine minimises the total (so the average) project delay, each
project's delay being its finish minus (release + critical-path length); with ``tms`` the
total makespan (last finish minus first release). Every schedule is checked independently
(every precedence, release date and resource at every time unit). Printed per group: the
instances solved, the average APD and TMS, the average critical-path lower bound of TMS, and
time per instance (median, max).

No best-known APD/TMS values are available (see the data README), so the baseline, measured
in the same run, is the simple priority rule those papers start from: one serial SGS pass by
latest finish time (LFT, against each project's critical-path finish), no improvement.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from openpmo.engines.levelling import LevellingProblem, build_problem, level, makespan_bound
from openpmo.engines.levelling._prepared import prepare
from openpmo.engines.levelling.heuristic import Heuristic, priority_keys
from openpmo.io.psplib import RcpspInstance, read_rcmp

DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "mpsplib"


def violations(inst: RcpspInstance, starts: np.ndarray) -> int:
    """Broken precedences, early starts and over-capacity time units, counted independently."""
    d = inst.durations
    bad = int((starts[inst.succ] < starts[inst.pred] + d[inst.pred]).sum())
    bad += int((starts < inst.release[inst.project]).sum())
    horizon = int((starts + d).max())
    for r in range(inst.capacity.shape[0]):
        delta = np.zeros(horizon + 1, np.int64)
        np.add.at(delta, starts, inst.demand[:, r])
        np.add.at(delta, starts + d, -inst.demand[:, r])
        bad += int((np.cumsum(delta)[:horizon] > inst.capacity[r]).sum())
    return bad


def measures(problem: LevellingProblem, inst: RcpspInstance, starts: np.ndarray) -> dict[str, Any]:
    prep = prepare(problem)
    finish = prep.project_finish(starts)
    return {
        "apd": float((finish - prep.cp_finish).mean()),
        "tms": int(finish.max() - inst.release.min()),
        "violations": violations(inst, starts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--group", default="MPSPLIB", choices=["MPSPLIB", "BY_subset", "RCMPSPLIB"])
    parser.add_argument("--objective", default="apd", choices=["apd", "tms"])
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--solver", default="auto", choices=["auto", "cpsat", "heuristic"])
    parser.add_argument("--seed", type=int, default=0)
    sample = parser.add_mutually_exclusive_group()
    sample.add_argument("--every", type=int, default=1)
    sample.add_argument("--limit", type=int, default=None)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--verbose", action="store_true", help="one JSON line per instance")
    args = parser.parse_args()
    paths = sorted((args.data / args.group).glob("*.rcmp"))[:: args.every][: args.limit]
    objective = "weighted_delay" if args.objective == "apd" else "makespan"
    rows: list[dict[str, Any]] = []
    level(build_problem([1, 1], [[1], [1]], [1]), solver="cpsat", time_limit=1)  # load numba
    for path in paths:
        inst = read_rcmp(path)
        problem = build_problem(
            inst.durations,
            inst.demand,
            inst.capacity,
            pred=inst.pred,
            succ=inst.succ,
            project=inst.project,
            release=inst.release,
            objective=objective,
        )
        start = time.perf_counter()
        result = level(
            problem,
            solver=args.solver,
            time_limit=args.time_limit,
            num_workers=args.workers,
            seed=args.seed,
        )
        seconds = time.perf_counter() - start
        prep = prepare(problem)
        base = Heuristic(prep).forward(priority_keys(prep)["lft"])
        assert result.starts is not None
        assert base is not None
        row = {
            "instance": path.stem,
            "activities": problem.n_activities,
            "projects": problem.n_projects,
            "status": result.status.value,
            "seconds": seconds,
            "tms_bound": makespan_bound(problem) - int(inst.release.min()),
            "levelling": measures(problem, inst, np.asarray(result.starts)),
            "baseline_lft": measures(problem, inst, base),
        }
        rows.append(row)
        if args.verbose:
            print(json.dumps(row), flush=True)

    def mean(side: str, key: str) -> float:
        return round(statistics.fmean(r[side][key] for r in rows), 3)

    report = {
        "group": args.group,
        "objective": args.objective,
        "time_limit_s": args.time_limit,
        "workers": args.workers,
        "instances": len(rows),
        "levelling": {
            "solved": sum(r["levelling"]["violations"] == 0 for r in rows),
            "proven_optimal": sum(r["status"] == "optimal" for r in rows),
            "avg_apd": mean("levelling", "apd"),
            "avg_tms": mean("levelling", "tms"),
            "time_median_s": round(statistics.median(r["seconds"] for r in rows), 3),
            "time_max_s": round(max(r["seconds"] for r in rows), 3),
        },
        "baseline_lft": {
            "solved": sum(r["baseline_lft"]["violations"] == 0 for r in rows),
            "avg_apd": mean("baseline_lft", "apd"),
            "avg_tms": mean("baseline_lft", "tms"),
        },
        "avg_tms_critical_path_bound": round(statistics.fmean(r["tms_bound"] for r in rows), 3),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
