"""``pmo level FILE``, run as a user runs it: in a subprocess, no database."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from openpmo.io.psplib import read_instance
from tests.support import pmo

DATA = Path(__file__).resolve().parent / "data" / "psplib"


def _check(path: Path, starts: dict[str, int]) -> None:
    inst = read_instance(path)
    s = np.array([starts[label] for label in inst.labels])
    d = inst.durations
    assert (s[inst.succ] >= s[inst.pred] + d[inst.pred]).all()
    for t in range(int((s + d).max())):
        running = (s <= t) & (t < s + d)
        assert (inst.demand[running].sum(axis=0) <= inst.capacity).all()


def test_json_gives_the_optimal_makespan_and_a_start_per_job_number(tmp_path: Path) -> None:
    result = pmo("level", str(DATA / "j301_1.sm"), "--time-limit", "5", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert list(out) == ["makespan", "lower_bound", "status", "starts"]
    assert (out["makespan"], out["lower_bound"], out["status"]) == (43, 43, "optimal")
    assert list(out["starts"]) == [str(j) for j in range(1, 33)]
    assert out["starts"]["32"] == 43
    _check(DATA / "j301_1.sm", out["starts"])
    assert not list(tmp_path.iterdir())


def test_rcmp_also_prints_average_project_delay_and_total_makespan(tmp_path: Path) -> None:
    path = DATA / "BY_1_1_1.rcmp"
    result = pmo("level", str(path), "--json", "--solver", "heuristic", "--seed", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert list(out) == ["makespan", "lower_bound", "status", "starts", "apd", "tms"]
    assert list(out["starts"])[:2] == ["1:1", "1:2"]
    assert out["tms"] == out["makespan"] >= out["lower_bound"]
    assert out["apd"] >= 0
    _check(path, out["starts"])


def test_a_bad_file_gets_one_line_naming_it_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sm"
    bad.write_text("jobs (incl. supersource/sink ):  3\n")
    result = pmo("level", str(bad), "--json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"pmo: error: {bad}")
