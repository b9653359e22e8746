"""Benchmark of earned value + earned schedule + KPIs + health for a portfolio, printing JSON.

    python benchmarks/evm.py [--projects 2000] [--tasks-per-project 100] [--repeats 5]

A seeded synthetic portfolio (``--projects`` projects of ``--tasks-per-project`` tasks, 10 %
milestones, in 200 programs and 10 portfolios; baselines in working minutes over about two
years) is analysed at four status dates. Per status date it times, median of ``--repeats``
runs, the whole pipeline: ``evm.analyse`` (money and hours, earned schedule on every level,
roll-up task → project → program → portfolio), ``health.project_kpis`` + ``health.evaluate``
for every project, and the reasons of every project (``Health.project``).

The baseline, in the same run, is a plain-Python per-task loop (dicts and floats, earned
schedule by walking each project's sorted breakpoints) on the first ``--baseline-projects``
projects; both must agree (money to the cent, indices and ES to 1e-9), and the speed ratio
against ``evm.analyse`` on the same subset is printed (the engine does more: hours too, and
earned schedule per task as well as per project). Target (issue 5): ≤ 2 s per status date
for 2,000 projects and 200,000 tasks.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import time
from typing import Any

import numpy as np

from openpmo.engines.evm import Tasks, analyse, round_half_up, tasks
from openpmo.engines.health import evaluate, project_kpis, risk_exposure

DAY = 480  # working minutes
TASK_KEYS = ("project", "budget", "hours", "start", "finish", "speed", "cost_factor")


def portfolio(projects: int, per_project: int, seed: int) -> dict[str, Any]:
    """Baseline and registers of a synthetic portfolio (inputs that do not change by date)."""
    rng = np.random.default_rng(seed)
    n = projects * per_project
    project = np.repeat(np.arange(projects), per_project)
    project_start = rng.integers(0, 250, projects) * DAY
    start = project_start[project] + rng.integers(0, 200, n) * DAY
    duration = rng.integers(1, 60, n) * DAY
    duration[rng.random(n) < 0.1] = 0  # milestones
    risks = projects * 8
    return {
        "project": project,
        "program": np.arange(projects) % 200,
        "portfolio": np.arange(200) % 10,
        "budget": np.round(rng.uniform(1_000, 50_000, n), 2) * (duration > 0),
        "hours": rng.integers(8, 400, n).astype(np.float64) * (duration > 0),
        "start": start,
        "finish": start + duration,
        "speed": rng.uniform(0.85, 1.2, n),  # how fast each task progresses
        "cost_factor": rng.uniform(0.85, 1.15, n),
        "risk_project": rng.integers(0, projects, risks),
        "risk_probability": np.round(rng.uniform(0, 1, risks), 2),
        "risk_impact": rng.integers(1, 6, risks),
        "risk_open": rng.random(risks) < 0.7,
        "checks_total": rng.integers(0, 30, projects),
        "overallocation": np.where(rng.random(projects) < 0.3, rng.uniform(0, 80, projects), 0),
    }


def progress(p: dict[str, Any], status: int) -> Tasks:
    """Task inputs at one status date: progress follows the plan at each task's own speed."""
    span = np.maximum(p["finish"] - p["start"], 1)
    planned = np.clip((status - p["start"]) / span, 0, 1)
    done = np.floor(np.clip(planned * p["speed"], 0, 1) * 100)
    actual = np.round(p["budget"] * done / 100 * p["cost_factor"], 2)
    return tasks(
        budget=p["budget"],
        hours=p["hours"],
        start=p["start"],
        finish=p["finish"],
        percent_complete=done,
        actual_cost=actual,
        actual_hours=np.round(p["hours"] * done / 100 * p["cost_factor"], 1),
    )


def pipeline(p: dict[str, Any], items: Tasks, status: int) -> tuple[Any, Any, list[Any]]:
    """EVM with earned schedule on every level, KPIs, health and every project's reasons."""
    projects = int(p["program"].shape[0])
    result = analyse(
        items,
        status,
        parents=[p["project"], p["program"], p["portfolio"]],
        sizes=[projects, 200, 10],
    )
    money = result.levels[1].money
    late = np.bincount(
        p["project"],
        weights=(p["finish"] == p["start"])
        & (p["finish"] < status)
        & (items.percent_complete < 100),
        minlength=projects,
    )
    passed = np.floor(p["checks_total"] * np.clip(money.cpi, 0, 1))
    kpis = project_kpis(
        money,
        late_milestones=late,
        quality_passed=np.nan_to_num(passed),
        quality_total=p["checks_total"],
        risk_exposure=risk_exposure(
            p["risk_project"], p["risk_probability"], p["risk_impact"], p["risk_open"], projects
        ),
        overdue_issues=np.zeros(projects),
        overallocation_hours=p["overallocation"],
    )
    health = evaluate(kpis)
    reasons = [health.project(i) for i in range(projects)]
    return result, health, reasons


# --- the baseline: plain Python, one task at a time -------------------------------------------


def _ratio(a: float, b: float) -> float:
    return a / b if b != 0 else math.nan


def python_evm(rows: list[tuple[Any, ...]], status: int) -> dict[int, dict[str, float]]:
    """Per-project money figures and earned schedule from a per-task loop."""
    sums: dict[int, dict[str, float]] = {}
    points: dict[int, list[tuple[int, float, float]]] = {}
    for project, budget, start, finish, percent, actual in rows:
        if finish > start:
            planned = min(max((status - start) / (finish - start), 0.0), 1.0)
            slope = budget / (finish - start)
            points.setdefault(project, []).extend([(start, slope, 0.0), (finish, -slope, 0.0)])
        else:
            planned = 1.0 if status >= finish else 0.0
            points.setdefault(project, []).append((finish, 0.0, budget))
        s = sums.setdefault(project, {"bac": 0.0, "pv": 0.0, "ev": 0.0, "ac": 0.0})
        s["bac"] += budget
        s["pv"] += budget * planned
        s["ev"] += budget * percent / 100.0
        s["ac"] += actual
    out = {}
    for project, s in sums.items():
        bac, pv, ev, ac = s["bac"], s["pv"], s["ev"], s["ac"]
        cpi = _ratio(ev, ac)
        eac = _ratio(bac, cpi)
        es, pd = _earned_schedule(points[project], ev)
        at = status - min(t for t, _, _ in points[project])
        out[project] = {
            "bac": bac,
            "pv": pv,
            "ev": ev,
            "ac": ac,
            "sv": ev - pv,
            "cv": ev - ac,
            "spi": _ratio(ev, pv),
            "cpi": cpi,
            "eac": eac,
            "etc": _ratio(bac - ev, cpi),
            "vac": bac - eac,
            "tcpi_bac": _ratio(bac - ev, bac - ac),
            "es": es,
            "spi_t": _ratio(es, at) if at > 0 else math.nan,
            "pd": pd,
        }
    return out


def _earned_schedule(events: list[tuple[int, float, float]], ev: float) -> tuple[float, float]:
    """Walk the breakpoints in time order until planned value passes ``ev``."""
    merged: dict[int, list[float]] = {}
    for t, slope, jump in events:
        m = merged.setdefault(t, [0.0, 0.0])
        m[0] += slope
        m[1] += jump
    times = sorted(merged)
    origin, value, slope, es = times[0], 0.0, 0.0, None
    for k, t in enumerate(times):
        if k:
            before = value + max(slope, 0.0) * (t - times[k - 1])
            if before > ev and es is None:
                es = times[k - 1] + (ev - value) / (before - value) * (t - times[k - 1])
            value = before
        if value + merged[t][1] > ev and es is None:
            es = t
        value += merged[t][1]
        slope += merged[t][0]
    return (times[-1] if es is None else es) - origin, times[-1] - origin


def compare(result: Any, expected: dict[int, dict[str, float]]) -> bool:
    money = result.levels[1].money
    for project, figures in expected.items():
        for name, value in figures.items():
            got = float(getattr(money, name)[project])
            if math.isnan(value) or math.isnan(got):
                if math.isnan(value) != math.isnan(got):
                    return False
            elif name in ("bac", "pv", "ev", "ac", "sv", "cv", "eac", "etc", "vac"):
                if round_half_up(got).item() != round_half_up(value).item():
                    return False
            elif not math.isclose(got, value, rel_tol=1e-9, abs_tol=1e-9):
                return False
    return True


def timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--tasks-per-project", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--baseline-projects", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20240605)
    args = parser.parse_args()
    p = portfolio(args.projects, args.tasks_per_project, args.seed)
    n = int(p["project"].shape[0])
    statuses = [int(s) * DAY for s in (120, 250, 380, 520)]
    report: dict[str, Any] = {
        "benchmark": "evm",
        "cpu_count": os.cpu_count(),
        "projects": args.projects,
        "tasks": n,
        "status_dates": [],
    }
    subset = int(np.searchsorted(p["project"], args.baseline_projects))
    for status in statuses:
        input_s, items = timed(lambda: progress(p, status))  # noqa: B023
        runs = [timed(lambda: pipeline(p, items, status))[0] for _ in range(args.repeats)]  # noqa: B023
        result, health, _ = pipeline(p, items, status)
        rows = list(
            zip(
                p["project"][:subset].tolist(),
                items.budget[:subset].tolist(),
                items.start[:subset].tolist(),
                items.finish[:subset].tolist(),
                items.percent_complete[:subset].tolist(),
                items.actual_cost[:subset].tolist(),
                strict=True,
            )
        )
        python_s, expected = timed(lambda: python_evm(rows, status))  # noqa: B023
        part = progress({k: v[:subset] if k in TASK_KEYS else v for k, v in p.items()}, status)
        engine_subset = statistics.median(
            timed(lambda: analyse(part, status, parents=[p["project"][:subset]]))[0]  # noqa: B023
            for _ in range(args.repeats)
        )
        report["status_dates"].append(
            {
                "status_day": status // DAY,
                "inputs_s": input_s,
                "pipeline_median_s": statistics.median(runs),
                "pipeline_min_s": min(runs),
                "pipeline_max_s": max(runs),
                "overall_colours": {
                    c: int((health.overall == i).sum())
                    for i, c in enumerate(("green", "grey", "amber", "red"))
                },
                "baseline_tasks": subset,
                "baseline_python_evm_s": python_s,
                "identical": compare(result, expected),
                "baseline_engine_evm_s": engine_subset,
                "speedup": python_s / engine_subset,
            }
        )
    medians = [d["pipeline_median_s"] for d in report["status_dates"]]
    report["worst_status_date_median_s"] = max(medians)
    report["targets"] = {
        "pipeline_le_2s": max(medians) <= 2.0,
        "identical": all(d["identical"] for d in report["status_dates"]),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
