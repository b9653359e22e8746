"""``pmo portfolio scenario``: run, list, show, compare and delete saved selection scenarios,
in a subprocess on a migrated SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import sessionmaker

from openpmo.db import migrate
from openpmo.db.models import Proposal, Score, ScoringCriterion
from openpmo.db.session import make_engine
from openpmo.enums import ProposalStatus, Role
from tests import factories as f
from tests.support import pmo


@pytest.fixture
def database(tmp_path: Path) -> tuple[str, int]:
    """A PMO with proposals A (7, cost 60), B and C (5, cost 50 each), all under review."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with sessionmaker(engine)() as session:
        unit = f.org_unit(session)
        office = f.pmo(session, unit)
        reviewer = f.user(session, Role.PMO)
        criterion = ScoringCriterion(pmo_id=office.id, code="value", name="Value")
        session.add(criterion)
        session.flush()
        for code, value, cost in (("A", 7, 60), ("B", 5, 50), ("C", 5, 50)):
            proposal = Proposal(
                code=code,
                title=code,
                status=ProposalStatus.UNDER_REVIEW,
                pmo_id=office.id,
                org_unit_id=unit.id,
                first_year=2027,
                costs=[cost],
                benefits=[],
            )
            session.add(proposal)
            session.flush()
            session.add(
                Score(
                    proposal_id=proposal.id,
                    reviewer_id=reviewer.id,
                    criterion_id=criterion.id,
                    score=value,
                )
            )
        session.commit()
        pmo_id = office.id
    engine.dispose()
    return url, pmo_id


def _params(tmp_path: Path, name: str, **values: object) -> str:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"name": name, **values}), encoding="utf-8")
    return str(path)


def test_run_saves_a_scenario_that_list_show_and_compare_read(
    tmp_path: Path, database: tuple[str, int]
) -> None:
    url, pmo_id = database
    common = {"pmo_id": pmo_id, "first_year": 2027, "years": 1, "frontier_points": 0}
    wide = pmo(
        "--database-url", url, "portfolio", "scenario", "run",
        _params(tmp_path, "wide", budget=[100], **common), "--json", cwd=tmp_path,
    )  # fmt: skip
    assert wide.returncode == 0, wide.stderr
    body = json.loads(wide.stdout)
    assert body["status"] == "optimal"
    assert body["objective"] == pytest.approx(10)
    assert body["result"]["greedy"]["objective"] == pytest.approx(7)
    lean = pmo(
        "--database-url", url, "portfolio", "scenario", "run",
        _params(tmp_path, "lean", budget=[60], **common), cwd=tmp_path,
    )  # fmt: skip
    assert lean.returncode == 0, lean.stderr
    assert "+ A" in lean.stdout
    listed = pmo("--database-url", url, "portfolio", "scenario", "list", "--json", cwd=tmp_path)
    assert [r["name"] for r in json.loads(listed.stdout)] == ["lean", "wide"]
    compared = pmo(
        "--database-url", url, "portfolio", "scenario", "compare", "1", "2", "--json", cwd=tmp_path
    )
    changes = {c["code"]: c["change"] for c in json.loads(compared.stdout)["changes"]}
    assert changes == {"A": "added", "B": "removed", "C": "removed"}


def test_bad_parameters_are_one_line_naming_the_field_and_save_nothing(
    tmp_path: Path, database: tuple[str, int]
) -> None:
    url, pmo_id = database
    bad = _params(tmp_path, "bad", pmo_id=pmo_id, years=2, budget=[100], must=["A"])
    result = pmo("--database-url", url, "portfolio", "scenario", "run", bad, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("pmo: error: budget:")
    listed = pmo("--database-url", url, "portfolio", "scenario", "list", "--json", cwd=tmp_path)
    assert json.loads(listed.stdout) == []
    stale = pmo(
        "--database-url", url, "portfolio", "scenario", "delete", "1", "--version", "1",
        cwd=tmp_path,
    )  # fmt: skip
    assert stale.returncode == 3  # no such scenario
