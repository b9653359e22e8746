"""``pmo portfolio scenario ...``: saved selection scenarios on the configured database.

``run PARAMS.json`` takes the body of ``POST /api/v1/portfolio/selection/scenarios`` (see
``docs/portfolio-selection.md``), optimises and saves; ``list``, ``show``, ``compare`` and
``delete`` work on saved ones. Commands act as the system administrator.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from openpmo.cli.base import fail, use_database
from openpmo.cli.portfolio import _path, portfolio_app
from openpmo.config import get_settings

scenario_app = typer.Typer(help="Saved selection scenarios.", no_args_is_help=True)
portfolio_app.add_typer(scenario_app, name="scenario")

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="Database URL (overrides PMO_DATABASE_URL).", show_default=False
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _params(file: Path) -> Any:
    from pydantic import ValidationError

    from openpmo.schemas.selection import SelectionScenarioCreate

    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        fail(f"{file}: {exc.strerror or exc}")
    except json.JSONDecodeError as exc:
        fail(f"{file}: not JSON: {exc}")
    try:
        return SelectionScenarioCreate.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        fail(f"{file}: {_path(tuple(first['loc']))}: {first['msg']}")


def _print(body: dict[str, Any]) -> None:
    result = body["result"]
    gap = "-" if body["gap"] is None else f"{100 * body['gap']:.3f} %"
    greedy = result["greedy"]["objective"]
    print(
        f"#{body['id']} {body['name']}: {body['status']}  value {body['objective']:.6g}  "
        f"gap {gap}  greedy {greedy:.6g}  gain {result['gain']:+.6g}"
    )
    for year, budget, used in zip(
        result["periods"], result["budget"], result["budget_used"], strict=True
    ):
        print(f"  {year}: {used:,.0f} of {budget:,.0f}")
    for row in result["candidates"]:
        mark = "+" if row["selected"] else "-"
        why = "; ".join(r["message"] for r in row["reasons"])
        print(f"{mark} {row['code']:<16} {row['start'] or '':<6} {why}")
    for r in result["infeasibility"]:
        print(f"! {r['message']}")


def _session() -> Any:
    from openpmo.db.session import session_factory, transaction

    return transaction(session_factory(get_settings().database_url))


def _detail(scenario: Any) -> dict[str, Any]:
    from openpmo.schemas.selection import SelectionScenarioDetailRead

    body: dict[str, Any] = SelectionScenarioDetailRead.model_validate(scenario).model_dump(
        mode="json"
    )
    return body


@scenario_app.command("run")
def run(
    file: Annotated[Path, typer.Argument(help="Scenario parameters (JSON), as for the API.")],
    as_json: AsJson = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Optimise a PMO's (or portfolio's) selection and save it as a scenario."""
    from openpmo.services import selection
    from openpmo.services.principal import SYSTEM

    data = _params(file)
    use_database(database_url)
    with _session() as session:
        body = _detail(selection.create_scenario(session, SYSTEM, data))
    if as_json:
        print(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        _print(body)


@scenario_app.command("list")
def list_scenarios(
    pmo: Annotated[int | None, typer.Option(help="Only this PMO's scenarios.")] = None,
    as_json: AsJson = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Saved scenarios, newest first."""
    from openpmo.schemas.selection import SelectionScenarioRead
    from openpmo.services import selection
    from openpmo.services.principal import SYSTEM

    use_database(database_url)
    with _session() as session:
        items, _ = selection.scenarios.list(session, SYSTEM, filters={"pmo_id": pmo}, limit=500)
        rows = [SelectionScenarioRead.model_validate(i).model_dump(mode="json") for i in items]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        print(f"#{row['id']:<5} {row['status']:<10} {row['objective']:>12.6g}  {row['name']}")


@scenario_app.command("show")
def show(scenario_id: int, as_json: AsJson = False, database_url: DatabaseUrl = None) -> None:
    """One scenario with every candidate and its reasons."""
    from openpmo.services import selection
    from openpmo.services.principal import SYSTEM

    use_database(database_url)
    with _session() as session:
        body = _detail(selection.scenarios.get(session, SYSTEM, scenario_id))
    if as_json:
        print(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        _print(body)


@scenario_app.command("compare")
def compare(
    first: int, second: int, as_json: AsJson = False, database_url: DatabaseUrl = None
) -> None:
    """What changes from the first scenario to the second."""
    from openpmo.services import selection
    from openpmo.services.principal import SYSTEM

    use_database(database_url)
    with _session() as session:
        body = selection.compare_scenarios(session, SYSTEM, [first, second])
    if as_json:
        print(json.dumps(body, ensure_ascii=False, indent=2))
        return
    print(f"value {body['a']['objective']:.6g} -> {body['b']['objective']:.6g}")
    for row in body["changes"]:
        starts = f"{row['start_a'] or '-'} -> {row['start_b'] or '-'}"
        print(f"{row['change']:<8} {row['code']:<16} {starts}")


@scenario_app.command("delete")
def delete(
    scenario_id: int,
    version: Annotated[int, typer.Option(help="The version you read (see show --json).")],
    database_url: DatabaseUrl = None,
) -> None:
    """Delete a saved scenario."""
    from openpmo.services import selection
    from openpmo.services.principal import SYSTEM

    use_database(database_url)
    with _session() as session:
        selection.scenarios.delete(session, SYSTEM, scenario_id, version=version)
    print(f"deleted scenario {scenario_id}")
