"""Earned value, KPIs and health of the whole large demo portfolio, against project by project.

    python benchmarks/portfolio_health.py               # SQLite in a temporary file
    python benchmarks/portfolio_health.py --postgres    # also PostgreSQL (openpmo_bench_health)
    python benchmarks/portfolio_health.py --sqlite-path /tmp/demo.db   # keep/reuse the build

Builds the ``--size large`` demo (about 2,000 projects, 200,000 tasks; its ~1,000 active
projects have four status dates each), then times ``services.performance.portfolio_health``
(every active project's latest snapshot: one database read, one earned value call, one
health call per threshold set, reasons for every project) several times and reports the
median split into database read, engine and presentation. The baseline, measured in the
same run, is ``project_performance`` called project by project on a sample, extrapolated to
every project; the sample's figures must equal the portfolio call's. Prints one JSON
object per database. Target: <= 2 s for the portfolio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker

from openpmo.db import migrate
from openpmo.db.models import StatusDate, TaskProgress, User
from openpmo.db.session import make_engine, transaction
from openpmo.enums import Role
from openpmo.services import performance
from openpmo.services.demo import build_demo
from openpmo.services.principal import load_principal

TARGET_SECONDS = 2.0
SEED = 7
RUNS = 5
SAMPLE = 40
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/openpmo_bench_health"


def fresh_postgres_database(url: str) -> None:
    """Drop and create the database named in ``url`` (a benchmark database only)."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def _built(url: str) -> bool:
    engine = make_engine(url)
    try:
        if not migrate.is_current(engine):
            return False
        with sessionmaker(engine)() as session:
            return session.scalar(select(TaskProgress.id).limit(1)) is not None
    except OperationalError:  # no such database yet
        return False
    finally:
        engine.dispose()


def build(url: str, reuse: bool) -> float:
    """Build the large demo into a fresh database unless ``reuse`` and it is there; the
    seconds it took."""
    if reuse and _built(url):
        return 0.0
    began = time.perf_counter()
    if make_url(url).get_backend_name() == "postgresql":
        fresh_postgres_database(url)
    else:
        Path(make_url(url).database or "").unlink(missing_ok=True)
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with transaction(sessionmaker(engine)) as session:
            build_demo(session, seed=SEED, size="large")
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                conn.execute(text("ANALYZE"))
                conn.commit()
    finally:
        engine.dispose()
    return time.perf_counter() - began


def measure(url: str) -> dict[str, Any]:
    engine = make_engine(url)
    factory = sessionmaker(engine)
    try:
        with factory() as session:
            admin_user = session.scalar(select(User).where(User.role == Role.ADMIN))
            assert admin_user is not None
            admin = load_principal(session, admin_user)
            performance.portfolio_health(session, admin)  # warm caches (calendars, numba)
            runs = []
            for _ in range(RUNS):
                began, cpu = time.perf_counter(), time.process_time()
                result = performance.portfolio_health(session, admin)
                total = time.perf_counter() - began
                runs.append(
                    (total, result.seconds_read, result.seconds_engine, time.process_time() - cpu)
                )
            tasks = session.scalar(
                select(text("count(*)"))
                .select_from(TaskProgress)
                .where(TaskProgress.status_date_id.in_([p.status_date_id for p in result.projects]))
            )
            status_dates = session.scalar(select(text("count(*)")).select_from(StatusDate))
            sample = random.Random(SEED).sample(result.projects, min(SAMPLE, len(result.projects)))
            began = time.perf_counter()
            singles = [
                performance.project_performance(session, admin, p.project_id) for p in sample
            ]
            per_project = (time.perf_counter() - began) / max(len(sample), 1)
            equal = all(
                s.money == p.money
                and s.hours == p.hours
                and s.kpis == p.kpis
                and s.overall.colour == p.overall.colour
                for s, p in zip(singles, sample, strict=True)
            )
    finally:
        engine.dispose()
    total = statistics.median(r[0] for r in runs)
    read = statistics.median(r[1] for r in runs)
    engine_s = statistics.median(r[2] for r in runs)
    baseline = per_project * len(result.projects)
    return {
        "projects": len(result.projects),
        "tasks_evaluated": tasks,
        "status_dates_stored": status_dates,
        "health": result.counts,
        "seconds_median": round(total, 3),
        "seconds_runs": [round(r[0], 3) for r in runs],
        "cpu_seconds_median": round(statistics.median(r[3] for r in runs), 3),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "seconds_database_read": round(read, 3),
        "seconds_engine": round(engine_s, 3),
        "seconds_presentation": round(total - read - engine_s, 3),
        "baseline_seconds_per_project": round(per_project, 4),
        "baseline_seconds_extrapolated": round(baseline, 1),
        "speedup": round(baseline / total, 1) if total else None,
        "sample_equal_to_portfolio": equal,
        "target_seconds": TARGET_SECONDS,
        "met_target": total <= TARGET_SECONDS,
    }


def report(database: str, url: str, reuse: bool) -> None:
    built = build(url, reuse)
    result = {"database": database, "build_seconds": round(built, 1), **measure(url)}
    print(json.dumps(result, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--sqlite-path", help="build here (kept), or reuse a build found here")
    parser.add_argument("--reuse", action="store_true", help="reuse a finished build")
    args = parser.parse_args()
    if args.sqlite_path:
        report("sqlite", f"sqlite:///{Path(args.sqlite_path).resolve()}", args.reuse)
    else:
        with tempfile.TemporaryDirectory() as folder:
            report("sqlite", f"sqlite:///{Path(folder) / 'bench.db'}", False)
    if args.postgres:
        report("postgresql", args.postgres_url, args.reuse)


if __name__ == "__main__":
    main()
