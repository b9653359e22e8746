"""``pmo schedule FILE.xml``, run as a user runs it: in a subprocess, no database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import pmo

DATA = Path(__file__).resolve().parent / "data" / "msproject"
KEYS = [
    "uid",
    "name",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float_minutes",
    "critical",
]


def test_json_lists_every_task_with_dates_float_and_critical_flag(tmp_path: Path) -> None:
    result = pmo("schedule", str(DATA / "standard_week.xml"), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["uid"] for row in rows] == [1, 2, 3, 4, 5, 6]
    assert all(list(row) == KEYS for row in rows)
    build = rows[2]
    assert build["early_start"] == "2025-03-06T13:00"
    assert build["early_finish"] == "2025-03-10T17:00"
    assert build["critical"] is True
    assert rows[3]["total_float_minutes"] == 1440
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("name", "summary"),
    [
        ("standard_week.xml", "5 of 5 tasks match"),
        ("links_and_holiday.xml", "6 of 6 tasks match"),
        ("progress.xml", "4 of 4 tasks match"),
        ("office_move.xml", "3 of 3 tasks match"),
    ],
)
def test_compare_reports_on_stderr_and_keeps_stdout_json(
    tmp_path: Path, name: str, summary: str
) -> None:
    result = pmo("schedule", str(DATA / name), "--json", "--compare", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)
    assert result.stderr.strip().splitlines()[-1] == summary


def test_compare_names_the_tasks_that_differ(tmp_path: Path) -> None:
    result = pmo(
        "schedule", str(DATA / "progress.xml"), "--json", "--compare", "--status-date", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == [
        "UID 4 'Order tiles': start 2025-03-06T08:00 (saved 2025-03-03T08:00), "
        "finish 2025-03-06T17:00 (saved 2025-03-03T17:00)",
        "3 of 4 tasks match",
    ]


def test_text_output_marks_critical_tasks(tmp_path: Path) -> None:
    result = pmo("schedule", str(DATA / "links_and_holiday.xml"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("*")
    assert lines[-1].endswith("Report")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad_duration.xml", "line 8: <Duration>: '8 hours' is not an ISO 8601 duration"),
        ("not_xml.xml", "not well-formed XML"),
        ("wrong_root.xml", "the root element must be <Project>"),
        ("cycle.xml", "the links form a cycle: UID 3 'Test' -> UID 2 'Wire' -> UID 3 'Test'"),
        ("no_such_file.xml", "No such file or directory"),
    ],
)
def test_bad_file_is_one_line_on_stderr_and_exit_code_2(
    tmp_path: Path, name: str, expected: str
) -> None:
    result = pmo("schedule", str(DATA / name), "--json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("pmo: error: ")
    assert expected in lines[0]
    assert not list(tmp_path.iterdir())


def test_schedule_has_help(tmp_path: Path) -> None:
    result = pmo("schedule", "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "--compare" in result.stdout
