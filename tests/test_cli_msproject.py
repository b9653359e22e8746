"""``pmo import FILE.xml`` and ``pmo export``, run as a user runs them: in a subprocess."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from openpmo.io.msproject import read_mspdi
from tests.support import pmo

DATA = Path(__file__).resolve().parent / "data" / "msproject"


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


def _count(url: str, table: str) -> int:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        count: int = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return count


def test_import_then_export_writes_the_project_back(database: str, tmp_path: Path) -> None:
    result = pmo("import", str(DATA / "office_move.xml"), "--database-url", database, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Imported" in result.stdout + result.stderr
    out = tmp_path / "copy.xml"
    exported = pmo(
        "export",
        "office_move",
        "--format",
        "mspdi",
        "-o",
        str(out),
        "--database-url",
        database,
        cwd=tmp_path,
    )
    assert exported.returncode == 0, exported.stderr
    copy, source = read_mspdi(out), read_mspdi(DATA / "office_move.xml")
    assert [t.name for t in copy.tasks] == [t.name for t in source.tasks if t.outline_level > 0]
    assert len(copy.links) == len(source.links)
    by_id = pmo("export", "1", "--database-url", database, cwd=tmp_path)
    assert by_id.returncode == 0
    assert by_id.stdout.encode() == out.read_bytes()
    again = pmo("import", str(out), "--code", "COPY", "--database-url", database, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert _count(database, "projects") == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.xml"], "missing.xml: No such file or directory"),
        ([str(DATA / "not_xml.xml")], "line "),
        ([str(DATA / "office_move.xml"), "--portfolio", "42"], "portfolio_id"),
        ([str(DATA / "cycle.xml")], "dependencies"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    database: str, tmp_path: Path, args: list[str], message: str
) -> None:
    result = pmo("import", *args, "--database-url", database, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("pmo: error:")
    assert message in lines[0]
    assert _count(database, "projects") == 0
    assert _count(database, "tasks") == 0


def test_export_refuses_an_unknown_format(database: str, tmp_path: Path) -> None:
    result = pmo("export", "1", "--format", "xer", "--database-url", database, cwd=tmp_path)
    assert result.returncode == 2
    assert "mspdi" in result.stderr
