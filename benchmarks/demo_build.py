"""How long the large demo takes to build: migrate an empty schema, generate, insert, commit.

    python benchmarks/demo_build.py              # SQLite in a temporary file
    python benchmarks/demo_build.py --postgres   # also PostgreSQL (openpmo_bench_demo)

Prints one JSON object per database with the seconds taken, the counts, whether the
120-second target was met and, as the baseline measured in the same run, the seconds spent
generating the rows in memory (so the rest is the database's share).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from openpmo.db import migrate
from openpmo.db.session import make_engine, transaction
from openpmo.services.demo import build_demo
from openpmo.services.demo.build import generate

TARGET_SECONDS = 120.0
SEED = 7
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/openpmo_bench_demo"


def ensure_postgres_database(url: str) -> None:
    """Create the database named in ``url`` when it does not exist yet."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        )
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def timed_build(url: str, size: str) -> dict[str, Any]:
    engine = make_engine(url)
    try:
        began = time.perf_counter()
        migrate.reset(engine)
        migrated = time.perf_counter()
        with transaction(sessionmaker(engine)) as session:
            counts = build_demo(session, seed=SEED, size=size)
        finished = time.perf_counter()
    finally:
        engine.dispose()
    return {
        "seconds": round(finished - began, 2),
        "migrate_seconds": round(migrated - began, 2),
        "counts": counts,
    }


def report(database: str, url: str, size: str, baseline: float) -> dict[str, Any]:
    result = {"size": size, "database": database, **timed_build(url, size)}
    result["generate_only_seconds"] = baseline
    result["target_seconds"] = TARGET_SECONDS
    result["met_target"] = result["seconds"] < TARGET_SECONDS
    print(json.dumps(result, ensure_ascii=False))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="also build into PostgreSQL")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--size", default="large", choices=("small", "large"))
    args = parser.parse_args()
    began = time.perf_counter()
    generate(SEED, args.size)
    baseline = round(time.perf_counter() - began, 2)
    with tempfile.TemporaryDirectory() as folder:
        report("sqlite", f"sqlite:///{Path(folder) / 'bench.db'}", args.size, baseline)
    if args.postgres:
        ensure_postgres_database(args.postgres_url)
        report("postgresql", args.postgres_url, args.size, baseline)


if __name__ == "__main__":
    main()
