"""The dashboard right after a change: its history brought up to date from the audit log,
against evaluated again from scratch (what every change cost before).

    python benchmarks/dashboard_refresh.py --database-url sqlite:////tmp/openpmo_dashboard_load.db
    python benchmarks/dashboard_refresh.py --database-url postgresql+psycopg://...  --changes 8

Needs a database holding the large demo (``pmo demo --size large``, or the one
``benchmarks/load.py --reuse`` keeps); it WRITES to it: each round records one task's
progress at its project's latest status date (a random active project; the percent moves by
a few points), commits, and then times ``services.dashboard.portfolio_dashboard`` for the
whole portfolio twice in the same process: first as the dashboard now answers (the cached
history brought up to date from the audit entries since), then with the cache emptied
(the history evaluated from scratch: every status date of every active project, as every
change cost before). The two dashboards must be equal. Prints one JSON object with the
median and maximum of each over the rounds, and the ``uptime`` load averages at start and
end (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from openpmo.db import audit
from openpmo.db.models import StatusDate, Task, TaskProgress, User
from openpmo.db.session import make_engine
from openpmo.enums import Role
from openpmo.services import dashboard
from openpmo.services.dashboard import Dashboard, DashboardFilter
from openpmo.services.principal import Principal, load_principal
from openpmo.services.progress import ProgressEntry, record_progress

SEED = 11


def _load() -> list[float]:
    return [round(v, 2) for v in os.getloadavg()]


def _change(session: Session, admin: Principal, rng: random.Random) -> int:
    """One task's progress at a random active project's latest status date; its project."""
    history = dashboard.portfolio_history(session)
    rated = [pid for pid in history.ids if history.performances.get(pid)]
    project_id = rng.choice(rated)
    day = history.performances[project_id][-1].status_date
    snapshot = session.scalar(
        select(StatusDate.id).where(
            StatusDate.project_id == project_id, StatusDate.status_date == day
        )
    )
    task_id, percent = session.execute(
        select(TaskProgress.task_id, TaskProgress.percent_complete)
        .join(Task, Task.id == TaskProgress.task_id)
        .where(TaskProgress.status_date_id == snapshot)
        .order_by(func.random())
        .limit(1)
    ).one()
    moved = min(100.0, percent + rng.choice((3.0, 5.0, 8.0))) if percent < 95 else percent - 10
    entries = [ProgressEntry(task_id, percent_complete=moved)]
    audit.set_actor(session, admin.user_id)
    record_progress(session, admin, project_id, status_date=day, entries=entries)
    session.commit()
    return int(project_id)


def _timed(session: Session, admin: Principal) -> tuple[float, Dashboard]:
    began = time.perf_counter()
    board = dashboard.portfolio_dashboard(session, admin, DashboardFilter())
    return (time.perf_counter() - began) * 1000, board


def _same(a: Dashboard, b: Dashboard) -> bool:
    def key(board: Dashboard) -> Any:
        return (
            [(r.facts.id, r.performance and r.performance.money) for r in board.rows],
            board.counts,
            board.totals,
            board.trend,
            board.curve,
        )

    return bool(key(a) == key(b))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--changes", type=int, default=6, help="rounds (one change each)")
    args = parser.parse_args()
    load_start = _load()
    engine = make_engine(args.database_url)
    rng = random.Random(SEED)
    with sessionmaker(engine, expire_on_commit=False)() as session:
        user = session.scalar(select(User).where(User.role == Role.ADMIN).limit(1))
        assert user is not None
        admin = load_principal(session, user)
        session.commit()
        first_ms, _ = _timed(session, admin)  # the first read of the process
        session.commit()
        kept, scratch, touched = [], [], []
        for _ in range(args.changes):
            touched.append(_change(session, admin, rng))
            ms, board = _timed(session, admin)
            kept.append(ms)
            session.commit()
            dashboard._cache.clear()
            ms, fresh = _timed(session, admin)
            scratch.append(ms)
            session.commit()
            if not _same(board, fresh):
                raise SystemExit("the dashboard brought up to date differs from a fresh one")
    engine.dispose()
    print(
        json.dumps(
            {
                "database": engine.url.get_backend_name(),
                "projects": len(board.rows),
                "changes": args.changes,
                "projects_changed": touched,
                "first_read_ms": round(first_ms, 1),
                "after_change_incremental_ms": {
                    "median": round(statistics.median(kept), 1),
                    "max": round(max(kept), 1),
                },
                "after_change_from_scratch_ms": {
                    "median": round(statistics.median(scratch), 1),
                    "max": round(max(scratch), 1),
                },
                "load_average_start": load_start,
                "load_average_end": _load(),
            }
        )
    )


if __name__ == "__main__":
    main()
