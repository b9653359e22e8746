"""``pmo capacity`` and ``pmo level-portfolio``, run as a user runs them: in a subprocess on a
migrated SQLite file."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import sessionmaker

from openpmo.db import migrate
from openpmo.db.models import Assignment, Task
from openpmo.db.session import make_engine
from openpmo.services.scheduling import reschedule
from tests import factories as f
from tests.support import subprocess_env


def pmo(*args: str, url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "openpmo", "--database-url", url, *args],
        cwd=cwd,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def database(tmp_path: Path) -> tuple[str, int, int]:
    """Two projects of one portfolio sharing one person in the week of 2026-06-01."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with sessionmaker(engine)() as session:
        unit = f.org_unit(session)
        folio = f.portfolio(session)
        person = f.resource(session, unit=unit, name="Shared")
        low_task = 0
        for code, priority in (("HIGH", 900), ("LOW", 100)):
            project = f.project(
                session,
                unit,
                code=code,
                priority=priority,
                portfolio_id=folio.id,
                planned_start=date(2026, 6, 1),
                planned_finish=date(2026, 6, 5),
            )
            task = f.task(session, project, wbs="1", duration_days=5.0)
            session.add(Assignment(task_id=task.id, resource_id=person.id, units=100))
            reschedule(session, project)
            low_task = task.id
        session.commit()
        ids = (folio.id, low_task)
    engine.dispose()
    return url, *ids


def test_capacity_json_shows_the_double_booked_week(
    tmp_path: Path, database: tuple[str, int, int]
) -> None:
    url = database[0]
    result = pmo(
        "capacity", "--from", "2026-06-01", "--to", "2026-06-07", "--json", url=url, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    row = next(r for r in report["rows"] if r["label"] == "Shared")
    assert (row["capacity"], row["demand"]) == ([40.0], [80.0])
    (cell,) = report["over_allocations"]
    assert sorted(c["project_code"] for c in cell["causes"]) == ["HIGH", "LOW"]


def test_level_portfolio_applies_the_scenario(
    tmp_path: Path, database: tuple[str, int, int]
) -> None:
    url, folio, low_task = database
    result = pmo(
        "level-portfolio", "--portfolio", str(folio), "--apply", "--solver", "cpsat",
        "--time-limit", "5", "--json", url=url, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["scenario_status"] == "applied"
    assert {p["code"]: p["delay_days_after"] for p in out["projects"]} == {"HIGH": 0, "LOW": 5}
    engine = make_engine(url)
    with sessionmaker(engine)() as session:
        task = session.get(Task, low_task)
        assert task is not None
        assert task.planned_start == date(2026, 6, 8)
    engine.dispose()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("capacity", "--by", "team"), "--by must be one of"),
        (("capacity", "--from", "June"), "--from must be a date"),
        (("capacity", "--from", "2026-06-08", "--to", "2026-06-01"), "to: must not be before"),
        (("level-portfolio",), "give exactly one of --portfolio and --program"),
        (("level-portfolio", "--portfolio", "999"), "portfolio_id: refers to 999"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, database: tuple[str, int, int], args: tuple[str, ...], message: str
) -> None:
    result = pmo(*args, url=database[0], cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("pmo: error: ")
    assert message in lines[0]
