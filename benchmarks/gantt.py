"""Schedule page at 2,000 tasks in headless Chromium: DOM size, load time, scroll frames.

Builds a scheduled 2,000-task project (100 summaries of 19 tasks, FS chains, a few SS/FF
links; ``--baseline`` saves and shows a baseline) in a temporary SQLite database, serves it
with uvicorn on a free port, and opens the schedule page twice in the same run: as drawn now
(only the rows in view of the Gantt and of the schedule table, static/gantt.js) and with
``?rows=all`` (every row on the server). For each it prints, as JSON: the navigation timing
and HTML size, the page's, the Gantt's and the table's element counts (after load and after
scrolling), and, while the Gantt and then the table scroll down by ``--step`` pixels a frame,
the gaps between animation frames and each frame's main-thread work (see ``SCROLL``). Run it
on an older commit's code (``PYTHONPATH=<its src>``) for a before/after comparison. Not a
timed test: figures depend on the machine.

    python benchmarks/gantt.py [--tasks 2000] [--frames 120] [--step 60] [--baseline]
        [--png gantt.png]
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
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from openpmo.app import create_app
from openpmo.config import Settings
from openpmo.db import audit
from openpmo.db.base import Base
from openpmo.db.models import Dependency, OrgUnit, Project, Task, User
from openpmo.db.session import make_engine
from openpmo.enums import DependencyType, Methodology, OrgUnitKind, ProjectStatus, Role
from openpmo.services import auth, baselines
from openpmo.services.scheduling import reschedule
from openpmo.services.security import hash_password

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"]
PASSWORD = "bench-password-1"

#: Scrolls ``selector`` by ``step`` px a frame for ``frames`` frames. ``gaps`` are the
#: intervals between animation frames (16.7 ms at 60 Hz when no frame is dropped); ``work`` is,
#: per frame, the time from its animation callbacks to the end of its rendering (a message
#: posted from requestAnimationFrame arrives once the frame's script, style, layout and paint
#: are done): what the frame cost the main thread.
SCROLL = """async ([selector, frames, step]) => {
  const box = document.querySelector(selector);
  box.scrollTop = 0;
  await new Promise(requestAnimationFrame);
  const gaps = [];
  const work = [];
  const channel = new MessageChannel();
  let last = await new Promise(requestAnimationFrame);
  for (let k = 0; k < frames; k++) {
    box.scrollTop += step;
    const [now, done] = await new Promise((resolve) => requestAnimationFrame((t) => {
      const began = performance.now();
      channel.port1.onmessage = () => resolve([t, performance.now() - began]);
      channel.port2.postMessage(0);
    }));
    gaps.push(now - last);
    work.push(done);
    last = now;
  }
  return [gaps, work];
}"""


#: Navigation timing of the page, in ms from the start of the navigation.
TIMING = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    response_end_ms: Math.round(nav.responseEnd),
    dom_content_loaded_ms: Math.round(nav.domContentLoadedEventEnd),
    load_event_ms: Math.round(nav.loadEventEnd),
    html_kb: Math.round(nav.transferSize / 1024),
  };
}"""

COUNT = "s => document.querySelectorAll(s).length"


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median": round(ordered[len(ordered) // 2], 1),
        "p95": round(ordered[int(len(ordered) * 0.95)], 1),
        "max": round(ordered[-1], 1),
    }


def _frames(page: Any, selector: str, frames: int, step: int) -> dict[str, Any]:
    gaps, work = page.evaluate(SCROLL, [selector, frames, step])
    return {"gap": _stats(gaps), "work": _stats(work)}


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
    """Load ``url`` and scroll the Gantt, then the table, ``frames`` frames of ``step`` px."""
    began = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("#schedule-table tbody tr")
    page.wait_for_load_state("load")
    loaded = time.perf_counter() - began
    figures: dict[str, Any] = {"load_s": round(loaded, 3), **page.evaluate(TIMING)}
    figures["elements"] = page.evaluate("document.getElementsByTagName('*').length")
    figures["gantt_elements"] = page.evaluate(COUNT, "#gantt *")
    figures["table_elements"] = page.evaluate(COUNT, "#schedule-table *")
    figures["gantt_frame_ms"] = _frames(page, ".gantt-scroll", frames, step)
    figures["gantt_last_row"] = page.evaluate(
        "document.querySelector('.gantt-body .rows').lastElementChild.dataset.wbs"
    )
    figures["table_frame_ms"] = _frames(page, ".schedule-table-scroll", frames, step)
    figures["table_last_row"] = page.evaluate(
        "[...document.querySelectorAll('#schedule-table tbody tr[data-wbs]')].pop().dataset.wbs"
    )
    figures["elements_after_scroll"] = page.evaluate("document.getElementsByTagName('*').length")
    figures["table_elements_after_scroll"] = page.evaluate(COUNT, "#schedule-table *")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--frames", type=int, default=120)
    parser.add_argument("--step", type=int, default=60)
    parser.add_argument("--png", type=Path, default=None, help="screenshot of the scrolled chart")
    parser.add_argument(
        "--baseline", action="store_true", help="save a baseline and show it (bars, variance)"
    )
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
            if args.baseline:
                admin = session.scalar(select(User.id).where(User.username == "admin"))
                principal = auth.principal_for_user_id(session, admin or 0)
                baselines.save_baseline(session, principal, project_id, name="Plan", number=0)
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
        results: dict[str, Any] = {
            "tasks": args.tasks,
            "frames": args.frames,
            "step": args.step,
            "baseline": args.baseline,
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(f"{base}/login")
            page.fill("input[name=username]", "admin")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/portfolio")
            schedule = f"{base}/projects/{project_id}/schedule?zoom=week"
            if args.baseline:
                schedule += "&baseline=0"
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
