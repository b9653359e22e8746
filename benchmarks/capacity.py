"""Capacity planning on the large demo: by person and by skill, per week, for a year.

Builds the large demo (seed 7) on SQLite and on PostgreSQL, then times the database read
(``load_capacity``) and the vectorised computation (``plan_capacity`` + grouping) apart, and,
as the baseline in the same run, a plain per-person Python loop over the same rows on a sample
of people (scaled to all). Prints JSON.

    python benchmarks/capacity.py [--skip-postgres] [--sample 200]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from openpmo.db import migrate
from openpmo.db.session import make_engine, transaction
from openpmo.engines.capacity import plan_capacity
from openpmo.services import scheduling
from openpmo.services.capacity import _window, capacity_report, load_capacity
from openpmo.services.demo import build_demo
from openpmo.services.principal import SYSTEM

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/openpmo_bench_capacity"
START, FINISH = date(2026, 11, 16), date(2027, 11, 14)


def _ensure_postgres() -> None:
    admin = create_engine(POSTGRES.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        name = POSTGRES.rsplit("/", 1)[1]
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def _build(url: str) -> float:
    engine = make_engine(url)
    began = time.perf_counter()
    migrate.reset(engine)
    with transaction(sessionmaker(engine)) as session:
        build_demo(session, seed=7, size="large")
        scheduling.reschedule_all(session)
    engine.dispose()
    return time.perf_counter() - began


def _loop_baseline(loaded: Any, sample: int) -> float:
    """Per person: walk its items day by day in Python (what the engine replaces)."""
    data = loaded.data
    people = min(sample, data.capacity.shape[0])
    began = time.perf_counter()
    n_buckets = data.n_buckets
    for r in range(people):
        cap = [0.0] * n_buckets
        for d in range(data.bucket.size):
            cap[data.bucket[d]] += float(data.capacity[r, d])
        demand: dict[tuple[int, int], list[float]] = {}
        for i in np.flatnonzero(data.item_resource == r).tolist():
            first, last = (
                max(int(data.item_first[i]), 0),
                min(int(data.item_last[i]), data.bucket.size - 1),
            )
            cal = data.calendar[r]
            days = [d for d in range(first, last + 1) if data.working[cal, d]]
            span = [d for d in range(int(data.item_first[i]), int(data.item_last[i]) + 1)
                    if 0 <= d < data.bucket.size and data.working[cal, d]]  # fmt: skip
            work = data.item_work[i]
            rate = data.item_rate[i] if np.isnan(work) else work / max(len(span), 1)
            for d in days:
                key = (int(data.item_project[i]), int(data.bucket[d]))
                demand.setdefault(key, [0.0, 0.0])[int(data.item_source[i])] += rate
    elapsed = time.perf_counter() - began
    return elapsed * data.capacity.shape[0] / max(people, 1)


def _measure(url: str, sample: int) -> dict[str, Any]:
    engine = make_engine(url)
    result: dict[str, Any] = {}
    with Session(engine) as session:
        window = _window("person", "week", START, FINISH)
        began = time.perf_counter()
        loaded = load_capacity(session, window, org_unit_id=None, what_if=None)
        result["read_s"] = round(time.perf_counter() - began, 3)
        began = time.perf_counter()
        plan_capacity(loaded.data)
        result["compute_s"] = round(time.perf_counter() - began, 3)
        result["resources"] = int(loaded.data.capacity.shape[0])
        result["demand_items"] = len(loaded.items)
        result["weeks"] = loaded.data.n_buckets
        for by in ("person", "skill"):
            began = time.perf_counter()
            report = capacity_report(
                session, SYSTEM, by=by, period="week", start=START, finish=FINISH
            )
            result[f"report_by_{by}_s"] = round(time.perf_counter() - began, 3)
            result[f"over_allocated_cells_{by}"] = report.over_allocated_cells
        result["baseline_loop_all_people_s_estimated"] = round(_loop_baseline(loaded, sample), 3)
        result["baseline_sample_people"] = sample
        result["speedup_compute_vs_loop"] = round(
            result["baseline_loop_all_people_s_estimated"] / max(result["compute_s"], 1e-9), 1
        )
    engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--sqlite", default="sqlite:///./bench-capacity.db")
    args = parser.parse_args()
    out: dict[str, Any] = {"window": [START.isoformat(), FINISH.isoformat()]}
    targets = [("sqlite", args.sqlite)]
    if not args.skip_postgres:
        _ensure_postgres()
        targets.append(("postgresql", POSTGRES))
    for name, url in targets:
        build = _build(url)
        out[name] = {"demo_build_s": round(build, 1), **_measure(url, args.sample)}
    out["window_days"] = (FINISH - START + timedelta(days=1)).days
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
