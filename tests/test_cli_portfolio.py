"""``pmo portfolio optimize FILE.json``, run as a user runs it: in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import pmo

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "portfolio.json"


def test_the_documented_example_is_solved_and_explained(tmp_path: Path) -> None:
    result = pmo("portfolio", "optimize", str(EXAMPLE), "--json", "--frontier", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["status"] == "optimal"
    assert out["selected"] == ["ERP run", "CRM", "Data lake", "Mobile app A"]
    assert out["objective"] == 160
    assert out["start"]["Data lake"] == "2027"
    assert out["gap"] <= 1e-3
    assert out["greedy"]["objective"] < out["objective"]
    rows = {row["name"]: row for row in out["candidates"]}
    assert [r["kind"] for r in rows["Office move"]["reasons"]] == ["forced_out"]
    assert rows["Mobile app B"]["reasons"][0]["other"] == "Mobile app A"
    bi = rows["BI dashboards"]["reasons"]
    assert bi[0]["kind"] == "skill"
    assert bi[0]["skill"] == "data"
    assert [p["scale"] for p in out["frontier"]] == [0.5, 1.0, 1.5]
    values = [p["value"] for p in out["frontier"]]
    assert values == sorted(values)
    assert values[1] == 160
    assert all(p["reasons"] == [] for p in out["frontier"] if p["status"] != "infeasible")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["candidates"][2].update(earliest="2031"), "candidates[2].earliest: '2031'"),
        (lambda d: d["candidates"][1].update(cost=[-1]), "candidates[1].cost[0]: "),
        (lambda d: d.update(budget=[1, 2]), "budget: must list 3 amounts"),
        (lambda d: d["exclusive"][0].append("Nope"), "exclusive[0][2]: 'Nope' is not a candidate"),
        (lambda d: d["candidates"][1]["demand"].update(ux=[1]), "candidates[1].demand.ux"),
    ],
)
def test_bad_input_is_one_line_naming_the_path(
    tmp_path: Path, change: object, message: str
) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = pmo("portfolio", "optimize", str(bad), "--json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"pmo: error: {bad}: ")
    assert message in lines[0]


def test_an_impossible_must_do_reports_infeasible_with_the_reason(tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    # Legacy rewrite: 70 and 4 dev a year next to ERP's 40 and 3 dev in 2026 (limits 100, 6).
    data["candidates"][6]["must"] = True
    f = tmp_path / "p.json"
    f.write_text(json.dumps(data), encoding="utf-8")
    result = pmo("portfolio", "optimize", str(f), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["status"] == "infeasible"
    assert out["selected"] == []
    short = {(r["kind"], r["period"], r["skill"]): r["amount"] for r in out["infeasibility"]}
    assert short == {("budget", "2026", None): pytest.approx(10), ("skill", "2026", "dev"): 1}
