"""Gantt page at 2,000 tasks in headless Chromium: DOM size and scroll frame times.

Builds a scheduled 2,000-task project (100 summaries of 19 tasks, FS chains, a few SS/FF
links) in a temporary SQLite database, serves it with uvicorn on a free port, and opens the
schedule page twice in the same run: as drawn now (only the rows in view, static/gantt.js)
and with ``?rows=all`` (every row on the server: the page before virtualisation). For each it
prints, as JSON: the page's element count, the Gantt's elements, the time to load, and the
frame times (requestAnimationFrame deltas) while the chart scrolls down by ``--step`` pixels a
frame. Not a timed test: figures depend on the machine.

    python benchmarks/gantt.py [--tasks 2000] [--frames 120] [--step 60] [--png gantt.png]
"""

from __future__ import annotations

import argparse
import json
import socket
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import uvicorn
from sqlalchemy.orm import Session, sessionmaker

from openpmo.app import create_app
from openpmo.config import Settings
from openpmo.db import audit
from openpmo.db.base import Base
from openpmo.db.models import Dependency, OrgUnit, Project, Task, User
from openpmo.db.session import make_engine
from openpmo.enums import DependencyType, Methodology, OrgUnitKind, ProjectStatus, Role
from openpmo.services.scheduling import reschedule
from openpmo.services.security import hash_password

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"]
PASSWORD = "bench-password-1"

SCROLL = """async ([frames, step]) => {
  const box = document.querySelector('.gantt-scroll');
  const times = [];
  let last = await new Promise(requestAnimationFrame);
  for (let k = 0; k < frames; k++) {
    box.scrollTop += step;
    const now = await new Promise(requestAnimationFrame);
    times.push(now - last);
    last = now;
  }
  return times;
}"""


def build(session: Session, tasks: int) -> int:
    unit = OrgUnit(code="HQ", name="Head office", kind=OrgUnitKind.ENTERPRISE)
    session.add(unit)
    session.flush()
    session.add(
        User(
            username="admin",
            full_name="Admin",
            password_hash=hash_password(PASSWORD),
            role=Role.ADMIN,
        )
    )
    project = Project(
        code="BIG",
        name="2,000 tasks",
        status=ProjectStatus.ACTIVE,
        methodology=Methodology.WATERFALL,
        org_unit_id=unit.id,
        planned_start=date(2025, 3, 3),
    )
    session.add(project)
    session.flush()
    groups = max(1, tasks // 20)
    summaries = [
        Task(
            project_id=project.id,
            wbs=str(g + 1),
            name=f"Phase {g + 1}",
            is_summary=True,
            duration_days=0,
        )
        for g in range(groups)
    ]
    session.add_all(summaries)
    session.flush()
    leaves: list[Task] = []
    for k in range(tasks - groups):
        group = k % groups
        leaves.append(
            Task(
                project_id=project.id,
                parent_id=summaries[group].id,
                wbs=f"{group + 1}.{k // groups + 1}",
                name=f"Activity {k + 1}",
                duration_days=1 + k % 5,
                is_milestone=False,
            )
        )
    session.add_all(leaves)
    session.flush()
    links = []
    for k in range(groups, len(leaves)):
        kind = DependencyType.FS if k % 13 else DependencyType.SS
        links.append(
            Dependency(
                project_id=project.id,
                predecessor_id=leaves[k - groups].id,
                successor_id=leaves[k].id,
                type=kind,
            )
        )
    session.add_all(links)
    reschedule(session, project)
    return project.id


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def measure(page: Any, url: str, frames: int, step: int) -> dict[str, Any]:
    began = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".gantt-body g.row")
    loaded = time.perf_counter() - began
    elements = page.evaluate("document.getElementsByTagName('*').length")
    gantt = page.evaluate("document.querySelectorAll('#gantt *').length")
    times = sorted(page.evaluate(SCROLL, [frames, step]))
    after = page.evaluate("document.querySelectorAll('#gantt *').length")
    bottom = page.evaluate(
        "document.querySelector('.gantt-body .rows').lastElementChild.dataset.wbs"
    )
    return {
        "load_s": round(loaded, 3),
        "elements": elements,
        "gantt_elements": gantt,
        "gantt_elements_after_scroll": after,
        "frame_ms_median": round(times[len(times) // 2], 1),
        "frame_ms_p95": round(times[int(len(times) * 0.95)], 1),
        "frame_ms_max": round(times[-1], 1),
        "last_row_drawn": bottom,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--frames", type=int, default=120)
    parser.add_argument("--step", type=int, default=60)
    parser.add_argument("--png", type=Path, default=None, help="screenshot of the scrolled chart")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'gantt.db'}"
        engine = make_engine(url)
        Base.metadata.create_all(engine)
        sessions = sessionmaker(bind=engine, expire_on_commit=False)
        with sessions() as session:
            audit.set_actor(session, None)
            project_id = build(session, args.tasks)
            session.commit()
        settings = Settings(
            database_url=url,
            env="development",
            secret_key="gantt-benchmark-secret-0123456789abcdef",
        )
        port = _port()
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(settings, sessions=sessions),
                host="127.0.0.1",
                port=port,
                log_level="warning",
                lifespan="off",
                ws="none",
            )
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        base = f"http://127.0.0.1:{port}"
        results: dict[str, Any] = {"tasks": args.tasks, "frames": args.frames, "step": args.step}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(f"{base}/login")
            page.fill("input[name=username]", "admin")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/portfolio")
            schedule = f"{base}/projects/{project_id}/schedule?zoom=week"
            results["all_rows_before"] = measure(
                page, schedule + "&rows=all", args.frames, args.step
            )
            results["virtualised_after"] = measure(page, schedule, args.frames, args.step)
            if args.png:
                page.locator(".gantt-card").screenshot(path=str(args.png))
            browser.close()
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
