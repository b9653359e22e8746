"""PSPLIB benchmark of the levelling engine (minimum makespan), printing JSON.

    python benchmarks/psplib.py --set j30|j60|j90|j120 [--time-limit 10] [--workers 2]
        [--every K | --limit N | --names FILE] [--seed 0] [--baseline | --no-baseline]
        [--data DIR]

Every instance of the set (or about every K-th in name order: index ``k*K + k % K`` for
k = 0, 1, ..., so that the sample spreads over instance numbers; or the first N; or those
named in FILE, one stem a line, such as ``benchmarks/psplib_j120_dev.txt``: 12 open j120
instances outside the ``--every 10`` sample, used to tune the engine) is levelled with
``level(..., solver="cpsat")``: the heuristic's schedule warm-starts CP-SAT, which runs for
``--time-limit`` seconds on ``--workers`` workers. Each schedule is checked independently of
the engine (every precedence, every resource at every time unit) and compared with
``best_known.csv`` (optimal or best known makespans) and with the critical-path lower bound
(from :func:`openpmo.engines.cpm.cpm`). Printed per set: instances, solved (valid schedule),
proven optimal, matching / beating the best known, average deviation from the best known and
from the critical-path bound (also of the best known themselves, for reference), and time per
instance (median, max).

The baseline, measured in the same run (by default for j120, ``--baseline`` for any set), is
plain CP-SAT: the same model, no warm start, same time limit and workers.
Targets (issue 4, ``--time-limit 10`` on 2 cores): j30 all at the optimum with median < 1 s;
j60 average deviation from the best known <= 0.3 %; j120 average deviation from the
critical-path bound <= 30.5 %.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from openpmo.engines.cpm import cpm
from openpmo.engines.levelling import Status, build_problem, level
from openpmo.io.psplib import RcpspInstance, read_sm

DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "psplib"


def best_known(data: Path) -> dict[str, tuple[int, str]]:
    """Instance stem -> (makespan, "optimal" | "best_known")."""
    with (data / "best_known.csv").open() as f:
        rows = [r for r in csv.DictReader(f) if r["status"] != "lower_bound"]
    return {r["instance"]: (int(r["makespan"]), r["status"]) for r in rows}


def instances(data: Path, name: str, every: int, limit: int | None) -> list[Path]:
    def key(path: Path) -> tuple[int, int]:
        match = re.search(r"(\d+)_(\d+)$", path.stem)
        assert match, path
        return int(match.group(1)[len(name) - 1 :]), int(match.group(2))

    paths = sorted((data / name).glob("*.sm"), key=key)
    # Every K-th, shifted by one in each block of K, so that a stride of 10 does not take
    # instance 1 of every parameter group (groups hold 10 instances).
    picked = [
        paths[i] for i in (k * every + k % every for k in range(len(paths))) if i < len(paths)
    ]
    return picked[:limit] if limit else picked


def violations(inst: RcpspInstance, starts: np.ndarray) -> list[str]:
    """Independent check of a schedule: FS precedences and capacity at every time unit."""
    d = inst.durations
    found = []
    bad = np.flatnonzero(starts[inst.succ] < starts[inst.pred] + d[inst.pred])
    if bad.size:
        found.append(f"precedence {inst.pred[bad[0]] + 1} -> {inst.succ[bad[0]] + 1}")
    if (starts < 0).any():
        found.append("negative start")
    for t in range(int((starts + d).max())):
        running = (starts <= t) & (t < starts + d)
        use = inst.demand[running].sum(axis=0)
        if (use > inst.capacity).any():
            found.append(f"capacity at time {t}")
            break
    return found


def run(inst: RcpspInstance, args: argparse.Namespace, warm: bool) -> dict[str, Any]:
    problem = build_problem(
        inst.durations, inst.demand, inst.capacity, pred=inst.pred, succ=inst.succ
    )
    start = time.perf_counter()
    result = level(
        problem,
        solver="cpsat",
        time_limit=args.time_limit,
        num_workers=args.workers,
        seed=args.seed,
        warm_start=warm,
    )
    seconds = time.perf_counter() - start
    ok = result.starts is not None and not violations(inst, np.asarray(result.starts))
    return {
        "makespan": result.makespan if ok else None,
        "optimal": ok and result.status is Status.OPTIMAL,
        "seconds": seconds,
        "bound": result.lower_bound,
    }


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    solved = [r for r in rows if r["makespan"] is not None]
    dev_best = [100.0 * (r["makespan"] - r["best"]) / r["best"] for r in solved]
    dev_cp = [100.0 * (r["makespan"] - r["cp"]) / r["cp"] for r in solved]
    times = [r["seconds"] for r in rows]
    return {
        "instances": len(rows),
        "solved": len(solved),
        "proven_optimal": sum(r["optimal"] for r in rows),
        "matching_best_known": sum(r["makespan"] == r["best"] for r in solved),
        "better_than_best_known": sum(r["makespan"] < r["best"] for r in solved),
        "avg_dev_best_known_pct": round(statistics.fmean(dev_best), 3) if solved else None,
        "avg_dev_cp_bound_pct": round(statistics.fmean(dev_cp), 3) if solved else None,
        "time_median_s": round(statistics.median(times), 3),
        "time_max_s": round(max(times), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", required=True, choices=["j30", "j60", "j90", "j120"])
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    sample = parser.add_mutually_exclusive_group()
    sample.add_argument(
        "--every", type=int, default=1, help="take every K-th instance (shifted, see code)"
    )
    sample.add_argument("--limit", type=int, default=None, help="take the first N instances")
    sample.add_argument("--names", type=Path, default=None, help="file of instance names")
    parser.add_argument("--baseline", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--verbose", action="store_true", help="one JSON line per instance")
    args = parser.parse_args()
    with_baseline = args.set == "j120" if args.baseline is None else args.baseline
    known = best_known(args.data)
    rows, base_rows = [], []
    level(build_problem([1, 1], [[1], [1]], [1]), solver="cpsat", time_limit=1)  # load numba
    if args.names is not None:
        paths = [args.data / args.set / f"{name}.sm" for name in args.names.read_text().split()]
    else:
        paths = instances(args.data, args.set, args.every, args.limit)
    for path in paths:
        inst = read_sm(path)
        best, _ = known[path.stem]
        cp = cpm(inst.durations, inst.pred, inst.succ).project_finish
        ref = {"instance": path.stem, "best": best, "cp": cp}
        rows.append(ref | run(inst, args, warm=True))
        if with_baseline:
            base_rows.append(ref | run(inst, args, warm=False))
        if args.verbose:
            extra = {"plain_makespan": base_rows[-1]["makespan"]} if with_baseline else {}
            print(json.dumps(rows[-1] | extra), flush=True)
    reference = [{"makespan": r["best"], "optimal": False, "seconds": 0.0} | r for r in rows]
    report: dict[str, Any] = {
        "set": args.set,
        "time_limit_s": args.time_limit,
        "workers": args.workers,
        "sample": (
            str(args.names)
            if args.names is not None
            else f"every {args.every}"
            if args.limit is None
            else f"first {args.limit}"
        ),
        "levelling": summary(rows),
    }
    if with_baseline:
        report["baseline_plain_cpsat"] = summary(base_rows)
    best_dev = summary([r | {"makespan": r["best"]} for r in reference])["avg_dev_cp_bound_pct"]
    report["best_known_avg_dev_cp_bound_pct"] = best_dev
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
