"""The ``pmo`` command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support import pmo


def count(url: str, sql: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        value = conn.scalar(text(sql))
    engine.dispose()
    return int(value or 0)


@pytest.mark.parametrize(
    "command", [[], ["serve"], ["demo"], ["db"], ["db", "upgrade"], ["user"], ["user", "add"]]
)
def test_every_command_has_help(tmp_path: Path, command: list[str]) -> None:
    result = pmo(*command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "Usage" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["serve", "--port", "0"],
        ["demo", "--size", "huge"],
        ["user", "add"],
        ["user", "add", "bob", "--role", "boss"],
        ["frobnicate"],
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_code_2(tmp_path: Path, args: list[str]) -> None:
    result = pmo(*args, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("pmo: error: ")
    assert not list(tmp_path.glob("*.db"))


def test_db_upgrade_then_user_add_creates_a_login(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pmo.db'}"
    assert pmo("--database-url", url, "db", "upgrade", cwd=tmp_path).returncode == 0
    added = pmo(
        "--database-url",
        url,
        "user",
        "add",
        "wang.fang",
        "--role",
        "pmo",
        "--password",
        "a-long-password",
        cwd=tmp_path,
    )
    assert added.returncode == 0, added.stderr
    assert count(url, "SELECT count(*) FROM users WHERE username = 'wang.fang'") == 1


def test_database_url_comes_from_the_environment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    assert pmo("db", "upgrade", cwd=tmp_path, env={"PMO_DATABASE_URL": url}).returncode == 0
    assert (tmp_path / "env.db").exists()


def test_a_rejected_user_changes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pmo.db'}"
    pmo("--database-url", url, "db", "upgrade", cwd=tmp_path)
    pmo(
        "--database-url",
        url,
        "user",
        "add",
        "dup",
        "--role",
        "member",
        "--password",
        "a-long-password",
        cwd=tmp_path,
    )
    again = pmo(
        "--database-url",
        url,
        "user",
        "add",
        "dup",
        "--role",
        "admin",
        "--password",
        "a-long-password",
        cwd=tmp_path,
    )
    short = pmo(
        "--database-url",
        url,
        "user",
        "add",
        "tiny",
        "--role",
        "admin",
        "--password",
        "short",
        cwd=tmp_path,
    )
    assert again.returncode == 2
    assert "username" in again.stderr
    assert short.returncode == 2
    assert "password" in short.stderr
    assert count(url, "SELECT count(*) FROM users") == 1


def test_user_add_without_a_terminal_needs_a_password(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pmo.db'}"
    pmo("--database-url", url, "db", "upgrade", cwd=tmp_path)
    result = pmo(
        "--database-url", url, "user", "add", "zhao", "--role", "member", cwd=tmp_path, stdin=""
    )
    assert result.returncode == 2
    assert "--password" in result.stderr


def test_demo_without_serving_builds_the_demo_database(tmp_path: Path) -> None:
    result = pmo("demo", "--no-serve", "--seed", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    url = f"sqlite:///{tmp_path / 'openpmo-demo.db'}"
    assert count(url, "SELECT count(*) FROM projects") >= 30
    assert count(url, "SELECT count(*) FROM users WHERE is_demo") == 6
    assert count(url, "SELECT count(*) FROM tasks WHERE early_start IS NULL") == 0
    assert count(url, "SELECT count(*) FROM audit_log WHERE action = 'schedule'") == count(
        url, "SELECT count(*) FROM projects"
    )
    again = pmo("demo", "--no-serve", "--seed", "3", cwd=tmp_path)
    assert again.returncode == 0, again.stderr


def test_demo_refuses_to_replace_real_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'real.db'}"
    pmo("--database-url", url, "db", "upgrade", cwd=tmp_path)
    pmo(
        "--database-url",
        url,
        "user",
        "add",
        "boss",
        "--role",
        "admin",
        "--password",
        "a-long-password",
        cwd=tmp_path,
    )
    result = pmo("--database-url", url, "demo", "--no-serve", cwd=tmp_path)
    assert result.returncode == 2
    assert "--force" in result.stderr
    assert count(url, "SELECT count(*) FROM users WHERE username = 'boss'") == 1
