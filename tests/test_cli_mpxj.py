"""``pmo schedule FILE.xer`` and ``pmo import FILE.xer``, run as a user runs them.

The runs that read through MPXJ skip where the mpxj extra or Java is missing; the runs that
check the error for a missing MPXJ hide it with a stub package and run everywhere.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.support import SOURCE, pmo

DATA = Path(__file__).resolve().parent / "data" / "mpxj"
XER = DATA / "site_works.xer"

needs_mpxj = pytest.mark.skipif(
    importlib.util.find_spec("mpxj") is None
    or importlib.util.find_spec("jpype") is None
    or shutil.which("java") is None,
    reason="needs the mpxj extra (pip install '.[mpxj]') and Java 11+",
)


@pytest.fixture
def database(tmp_path: Path) -> str:
    """A migrated SQLite database with one org unit to import into."""
    url = f"sqlite:///{tmp_path / 'pmo.db'}"
    assert pmo("--database-url", url, "db", "upgrade", cwd=tmp_path).returncode == 0
    with sqlite3.connect(tmp_path / "pmo.db") as db:
        db.execute(
            "INSERT INTO org_units (code, name, kind, version, created_at, updated_at) "
            "VALUES ('HQ', 'Head office', 'enterprise', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
    return url


def _projects(url: str) -> list[tuple[str, str]]:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        return list(db.execute("SELECT code, name FROM projects ORDER BY id"))


@pytest.fixture
def without_mpxj(tmp_path: Path) -> dict[str, str]:
    """An environment in which ``import mpxj`` fails, as where the extra is not installed."""
    stub = tmp_path / "stub" / "mpxj"
    stub.mkdir(parents=True)
    (stub / "__init__.py").write_text("raise ImportError(\"No module named 'mpxj'\")\n")
    return {"PYTHONPATH": os.pathsep.join([SOURCE, str(stub.parent)])}


@needs_mpxj
def test_schedule_an_xer_file_as_json(tmp_path: Path) -> None:
    result = pmo("schedule", str(XER), "--json", "--compare", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert (rows["Snag"]["early_start"], rows["Snag"]["early_finish"]) == (
        "2025-04-07T08:00",
        "2025-04-07T17:00",
    )
    assert rows["Report"]["early_start"] == "2025-04-08T08:00"
    assert rows["Report"]["critical"] is True
    assert rows["Cure"]["total_float_minutes"] == 120
    assert result.stderr.strip().splitlines()[-1] == "6 of 6 tasks match"


@needs_mpxj
def test_import_an_xer_file(database: str, tmp_path: Path) -> None:
    result = pmo("import", str(XER), "--database-url", database, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    said = " ".join((result.stdout + result.stderr).split())
    assert "9 tasks, 5 links, 1 calendar exceptions" in said
    assert "2025-03-31 08:00 → 2025-04-08 12:00" in said
    assert _projects(database) == [("site_works", "Site works")]


@needs_mpxj
def test_an_unrecognised_file_is_exit_2_and_stores_nothing(database: str, tmp_path: Path) -> None:
    bad = tmp_path / "plan.mpp"
    bad.write_bytes(b"not a schedule")
    for args in (["schedule", str(bad)], ["import", str(bad), "--database-url", database]):
        result = pmo(*args, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert result.stderr.strip().splitlines() == [
            f"pmo: error: {bad}: MPXJ does not recognise this as a schedule file of any format"
        ]
    assert _projects(database) == []


def test_without_mpxj_the_error_says_how_to_install_it(
    database: str, tmp_path: Path, without_mpxj: dict[str, str]
) -> None:
    for args in (["schedule", str(XER)], ["import", str(XER), "--database-url", database]):
        result = pmo(*args, cwd=tmp_path, env=without_mpxj)
        assert result.returncode == 2, result.stderr
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith(f"pmo: error: {XER}: reading this format needs MPXJ")
        assert "pip install 'openpmo[mpxj]'" in line
        assert "Java 11" in line
    assert _projects(database) == []
    mspdi = Path(__file__).resolve().parent / "data" / "msproject" / "standard_week.xml"
    assert pmo("schedule", str(mspdi), cwd=tmp_path, env=without_mpxj).returncode == 0
