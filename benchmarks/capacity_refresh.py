"""The capacity page's first render after a change: its cached view brought up to date person
by person from the audit log, against computed again from scratch (what every change cost
before).

    cp /tmp/openpmo_bench_load.db /tmp/openpmo_capacity_refresh.db
    python benchmarks/capacity_refresh.py --database-url sqlite:////tmp/openpmo_capacity_refresh.db
    python benchmarks/capacity_refresh.py --database-url postgresql+psycopg://...  --changes 9

Needs a database holding the large demo (``pmo demo --size large``, or a copy of the one
``benchmarks/load.py --reuse`` keeps); it WRITES to it. Each round makes one change of one of
three kinds, in turn, and commits it:

- ``assignment``: one assignment's units (a task in the window);
- ``leave``: a week of leave for one person with work in the window;
- ``reschedule``: one active project's planned start moved a week later and the project
  rescheduled (every task of it moves: one ``schedule`` audit entry);

then times ``services.capacity_view.capacity_view`` for the page's default filter (every
person, by week, 13 weeks from today) twice in the same process: first as the page now
answers (the cached view brought up to date), then with the cache emptied (computed from
scratch). The two views must be equal. Prints one JSON object: the first computation of the
process, and per kind the median and maximum of each, the people read again, and the
``uptime`` load averages at start and end (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from openpmo.db import audit
from openpmo.db.models import Assignment, Project, Resource, ResourceLeave, Task, User
from openpmo.db.session import make_engine
from openpmo.enums import ProjectStatus, Role
from openpmo.services import capacity_view as cv
from openpmo.services import scheduling
from openpmo.services.capacity_view import CapacityView
from openpmo.services.principal import Principal, load_principal

SEED = 11
KINDS = ("assignment", "leave", "reschedule")


def _load() -> list[float]:
    return [round(v, 2) for v in os.getloadavg()]


def _in_window(view: CapacityView) -> Any:
    window = view.basis.window
    return Task.scheduled_start <= window.finish, Task.scheduled_finish >= window.start


def _assignment(session: Session, view: CapacityView, rng: random.Random) -> None:
    found = session.scalar(
        select(Assignment)
        .join(Task, Task.id == Assignment.task_id)
        .where(*_in_window(view))
        .order_by(func.random())
        .limit(1)
    )
    assert found is not None
    found.units = rng.choice((50.0, 80.0, 120.0, 150.0))


def _leave(session: Session, view: CapacityView, rng: random.Random) -> None:
    busy = np.flatnonzero(view.basis.demand.sum(axis=1) > 0)
    person = int(view.basis.ids[rng.choice(busy.tolist())])
    first = view.basis.window.start + timedelta(days=7 * rng.randrange(12))
    session.add(ResourceLeave(resource_id=person, start=first, finish=first + timedelta(6)))


def _reschedule(session: Session, view: CapacityView, rng: random.Random) -> None:
    project = session.scalar(
        select(Project)
        .join(Task, Task.project_id == Project.id)
        .where(Project.status == ProjectStatus.ACTIVE, *_in_window(view))
        .order_by(func.random())
        .limit(1)
    )
    assert project is not None
    assert project.planned_start is not None
    project.planned_start = project.planned_start + timedelta(days=7)
    session.flush()
    scheduling.reschedule(session, project)


CHANGES = {"assignment": _assignment, "leave": _leave, "reschedule": _reschedule}


def _timed(session: Session, reader: Principal) -> tuple[float, CapacityView]:
    began = time.perf_counter()
    view = cv.capacity_view(session, reader, start=date.today())
    return (time.perf_counter() - began) * 1000, view


def _same(a: CapacityView, b: CapacityView) -> bool:
    return bool(
        a.report.model_dump() == b.report.model_dump()
        and a.by_project == b.by_project
        and a.by_role == b.by_role
        and np.array_equal(a.demand, b.demand)
        and np.array_equal(a.capacity, b.capacity)
        and np.array_equal(a.actual, b.actual)
        and np.array_equal(a.peak_order, b.peak_order)
    )


def _people_read(old: CapacityView, new: CapacityView) -> int:
    kept = {r.id: r for r in old.basis.resources}
    return sum(kept.get(r.id) is not r for r in new.basis.resources)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--changes", type=int, default=9, help="rounds (one change each)")
    args = parser.parse_args()
    load_start = _load()
    engine = make_engine(args.database_url)
    rng = random.Random(SEED)
    rounds: dict[str, dict[str, list[float]]] = {
        k: {"kept": [], "scratch": [], "people": []} for k in KINDS
    }
    with sessionmaker(engine, expire_on_commit=False)() as session:
        user = session.scalar(select(User).where(User.role == Role.ADMIN).limit(1))
        assert user is not None
        admin = load_principal(session, user)
        session.commit()
        first_ms, view = _timed(session, admin)  # the first computation of the process
        session.commit()
        for k in range(args.changes):
            kind = KINDS[k % len(KINDS)]
            audit.set_actor(session, admin.user_id)
            CHANGES[kind](session, view, rng)
            session.commit()
            ms, kept = _timed(session, admin)
            session.commit()
            rounds[kind]["kept"].append(ms)
            rounds[kind]["people"].append(_people_read(view, kept))
            cv._views.clear()
            ms, fresh = _timed(session, admin)
            session.commit()
            rounds[kind]["scratch"].append(ms)
            if not _same(kept, fresh):
                raise SystemExit(f"the view brought up to date after a {kind} change differs")
            view = fresh
        people = session.scalar(select(func.count()).select_from(Resource))
    engine.dispose()

    def summary(values: list[float]) -> dict[str, float]:
        return {"median": round(statistics.median(values), 1), "max": round(max(values), 1)}

    print(
        json.dumps(
            {
                "database": engine.url.get_backend_name(),
                "people": people,
                "rows": view.size,
                "periods": len(view.report.periods),
                "changes": args.changes,
                "first_computation_ms": round(first_ms, 1),
                "after_change": {
                    kind: {
                        "incremental_ms": summary(r["kept"]),
                        "from_scratch_ms": summary(r["scratch"]),
                        "people_read_again": [int(p) for p in r["people"]],
                    }
                    for kind, r in rounds.items()
                    if r["kept"]
                },
                "load_average_start": load_start,
                "load_average_end": _load(),
            }
        )
    )


if __name__ == "__main__":
    main()
