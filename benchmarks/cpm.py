"""Benchmark of the critical-path array API against plain networkx, printing JSON.

    python benchmarks/cpm.py [--activities 1000000] [--repeats 7] [--skip-networkx-1m]

On a seeded random network (a DAG by construction, about two links per activity, mostly FS
with some SS/FF/SF, some positive and negative lags) it measures, for ``openpmo.engines.cpm``:

* ``first_call_s``: the first ``cpm()`` in this process (loads the compiled code from disk);
* the median of ``--repeats`` runs of ``prepare``, ``passes`` and ``cpm`` (= both);
* ``compile_cold_s`` / ``compile_warm_s``: a fresh interpreter importing the engine and
  scheduling a 10-activity network, first with an empty numba cache (it compiles), then with
  the cache the first one wrote;
* ``peak_rss_mb``: the peak resident memory of a fresh interpreter scheduling the network
  (``VmHWM``, reset after the input arrays are built, so it is the engine's peak plus the
  inputs), and the whole process peak for reference.

The baseline, measured in the same run, is networkx as a typical user writes it (topological
sort, then dict loops), starting from Python lists, on 100,000 activities and on
``--activities``; every output must be identical, and the speed ratio is printed.
Targets (issue 3): cpm median <= 0.8 s and peak <= 1.2 GB at 1,000,000 activities, cold
compile < 5 s, >= 50x networkx at 1,000,000.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

FIELDS = (
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float",
    "free_float",
    "critical",
)

Int64Array = npt.NDArray[np.int64]
Arrays = tuple[Int64Array, Int64Array, Int64Array, Int64Array, Int64Array]


def random_network(n: int, seed: int = 20240603, links_per_activity: float = 2.0) -> Arrays:
    """(durations, pred, succ, link_type, lag) of a random DAG with about 2n distinct links.

    Links go from a lower to a higher position in a random permutation, so there is no cycle;
    most reach a little way ahead (long chains, like a real plan), one in ten anywhere.
    """
    rng = np.random.default_rng(seed)
    want = int(n * links_per_activity)
    draw = int(want * 1.1) + 10
    a = rng.integers(0, n - 1, draw)
    gap = 1 + rng.geometric(1 / 25, draw)
    far = rng.random(draw) < 0.1
    b = np.where(far, a + 1 + (rng.random(draw) * (n - 1 - a)).astype(np.int64), a + gap)
    b = np.minimum(b, n - 1)
    keys = np.unique(a * n + b)  # distinct pairs: networkx's DiGraph keeps one edge per pair
    keys = keys[rng.permutation(keys.size)[:want]]
    position = rng.permutation(n)
    pred = position[keys // n]
    succ = position[keys % n]
    m = pred.size
    link_type = rng.choice(4, m, p=[0.85, 0.07, 0.05, 0.03]).astype(np.int64)
    lag = np.where(rng.random(m) < 0.2, rng.integers(-5, 11, m), 0)
    durations = rng.integers(1, 21, n)
    durations[rng.random(n) < 0.05] = 0
    return durations, pred, succ, link_type, lag


def networkx_cpm(
    durations: list[int], links: list[tuple[int, int, int, int]]
) -> dict[str, list[Any]]:
    """The critical path method as a typical networkx user writes it."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(durations)))
    for p, s, kind, lag in links:
        graph.add_edge(p, s, kind=kind, lag=lag)
    order = list(nx.topological_sort(graph))
    es: dict[int, int] = {}
    ef: dict[int, int] = {}
    for v in order:
        start = 0
        for p in graph.predecessors(v):
            link = graph[p][v]
            kind, lag = link["kind"], link["lag"]
            if kind == 0:
                bound = ef[p] + lag
            elif kind == 1:
                bound = es[p] + lag
            elif kind == 2:
                bound = ef[p] + lag - durations[v]
            else:
                bound = es[p] + lag - durations[v]
            start = max(start, bound)
        es[v] = start
        ef[v] = start + durations[v]
    finish = max(ef.values(), default=0)
    ls: dict[int, int] = {}
    lf: dict[int, int] = {}
    ff: dict[int, int] = {}
    for v in reversed(order):
        late = finish
        free = finish - ef[v]
        for s in graph.successors(v):
            link = graph[v][s]
            kind, lag = link["kind"], link["lag"]
            if kind == 0:
                late, free = min(late, ls[s] - lag), min(free, es[s] - lag - ef[v])
            elif kind == 1:
                late = min(late, ls[s] - lag + durations[v])
                free = min(free, es[s] - lag - es[v])
            elif kind == 2:
                late, free = min(late, lf[s] - lag), min(free, ef[s] - lag - ef[v])
            else:
                late = min(late, lf[s] - lag + durations[v])
                free = min(free, ef[s] - lag - es[v])
        lf[v] = late
        ls[v] = late - durations[v]
        ff[v] = free
    nodes = range(len(durations))
    total = [lf[v] - ef[v] for v in nodes]
    return {
        "early_start": [es[v] for v in nodes],
        "early_finish": [ef[v] for v in nodes],
        "late_start": [ls[v] for v in nodes],
        "late_finish": [lf[v] for v in nodes],
        "total_float": total,
        "free_float": [ff[v] for v in nodes],
        "critical": [t <= 0 for t in total],
    }


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def child(mode: str, n: int) -> None:
    """Run in a fresh interpreter: ``compile`` or ``memory``; prints one JSON line."""
    if mode == "compile":
        start = time.perf_counter()
        from openpmo.engines.cpm import cpm

        cpm(np.arange(10), np.arange(9), np.arange(1, 10), np.arange(9) % 4, np.arange(9) - 4)
        print(json.dumps({"seconds": time.perf_counter() - start}))
        return
    from openpmo.engines.cpm import cpm

    cpm([1, 1], [0], [1])  # load the compiled code before the peak is reset
    arrays = random_network(n)
    inputs_rss = _status_kb("VmRSS")
    process_peak = _status_kb("VmHWM")
    with open("/proc/self/clear_refs", "w") as f:  # resets VmHWM to the current RSS
        f.write("5")
    cpm(*arrays)
    print(
        json.dumps(
            {
                "inputs_rss_mb": inputs_rss / 1024,
                "peak_rss_mb": _status_kb("VmHWM") / 1024,
                "generator_peak_rss_mb": process_peak / 1024,
            }
        )
    )


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def in_child(mode: str, n: int, env: dict[str, str] | None = None) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--activities", str(n)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def compile_costs() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        cold = in_child("compile", 10, env)["seconds"]
        warm = in_child("compile", 10, env)["seconds"]
    return {"compile_cold_s": cold, "compile_warm_s": warm}


def engine_times(arrays: Arrays, repeats: int) -> dict[str, Any]:
    from openpmo.engines.cpm import cpm, passes, prepare

    durations, pred, succ, link_type, lag = arrays
    first, result = timed(lambda: cpm(*arrays))
    prep, pas, total = [], [], []
    for _ in range(repeats):
        t, network = timed(lambda: prepare(durations.size, pred, succ, link_type, lag))
        prep.append(t)
        pas.append(timed(lambda: passes(network, durations))[0])  # noqa: B023
        total.append(timed(lambda: cpm(*arrays))[0])
    return {
        "first_call_s": first,
        "prepare_median_s": statistics.median(prep),
        "passes_median_s": statistics.median(pas),
        "cpm_median_s": statistics.median(total),
        "cpm_min_s": min(total),
        "cpm_max_s": max(total),
        "result": result,
    }


def against_networkx(arrays: Arrays, cpm_s: float, result: Any) -> dict[str, Any]:
    durations, pred, succ, link_type, lag = arrays
    d_list = durations.tolist()
    links = list(zip(pred.tolist(), succ.tolist(), link_type.tolist(), lag.tolist(), strict=True))
    seconds, expected = timed(lambda: networkx_cpm(d_list, links))
    identical = all(np.array_equal(getattr(result, f), np.asarray(expected[f])) for f in FIELDS)
    return {"networkx_s": seconds, "identical": identical, "speedup": seconds / cpm_s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--skip-networkx-1m", action="store_true", help="networkx takes ~1 min")
    parser.add_argument("--child", choices=["compile", "memory"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.activities)
        return
    report: dict[str, Any] = {"benchmark": "cpm", "cpu_count": os.cpu_count()}
    report.update(compile_costs())

    small = random_network(100_000)
    small_times = engine_times(small, args.repeats)
    small_result = small_times.pop("result")
    report["n_100k"] = {"activities": 100_000, "links": int(small[1].size), **small_times}

    big = random_network(args.activities)
    big_times = engine_times(big, args.repeats)
    big_result = big_times.pop("result")
    report["n_large"] = {"activities": args.activities, "links": int(big[1].size), **big_times}
    report["n_large"].update(in_child("memory", args.activities))

    report["n_100k"].update(against_networkx(small, small_times["cpm_median_s"], small_result))
    if not args.skip_networkx_1m:
        report["n_large"].update(against_networkx(big, big_times["cpm_median_s"], big_result))

    large = report["n_large"]
    report["targets"] = {
        "cpm_median_le_0.8s": large["cpm_median_s"] <= 0.8,
        "peak_le_1.2GB": large["peak_rss_mb"] <= 1200,
        "cold_compile_lt_5s": report["compile_cold_s"] < 5,
        "networkx_ratio_ge_50": large["speedup"] >= 50 if "speedup" in large else None,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
