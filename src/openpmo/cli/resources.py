"""``pmo capacity`` and ``pmo level-portfolio``: the resource pool from the command line.

Both act as the system administrator on the configured database; ``level-portfolio --apply``
writes the levelled dates in the same transaction that made the scenario.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

import typer

from openpmo.cli.base import app, console, fail, use_database
from openpmo.config import get_settings

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="Database URL (overrides PMO_DATABASE_URL).", show_default=False
    ),
]


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} must be a date (YYYY-MM-DD), got {value!r}")


@app.command("capacity")
def capacity(
    by: Annotated[str, typer.Option(help="person, skill, role or org_unit.")] = "person",
    period: Annotated[str, typer.Option(help="week or month.")] = "week",
    start: Annotated[str | None, typer.Option("--from", help="First day (default today).")] = None,
    finish: Annotated[
        str | None, typer.Option("--to", help="Last day (default 90 days on).")
    ] = None,
    org_unit: Annotated[int | None, typer.Option(help="Only this org unit's subtree.")] = None,
    what_if: Annotated[
        int | None, typer.Option(help="Add this (proposed) project's demand.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Demand against capacity for the whole portfolio, with the over-allocations."""
    from openpmo.db.session import session_factory, transaction
    from openpmo.services.capacity import BY, PERIODS, capacity_report
    from openpmo.services.principal import SYSTEM

    if by not in BY:
        fail(f"--by must be one of {', '.join(BY)}, got {by!r}")
    if period not in PERIODS:
        fail(f"--period must be one of {', '.join(PERIODS)}, got {period!r}")
    first, last = _day(start, "--from"), _day(finish, "--to")
    use_database(database_url)
    with transaction(session_factory(get_settings().database_url)) as session:
        report = capacity_report(
            session,
            SYSTEM,
            by=by,
            period=period,
            start=first,
            finish=last,
            org_unit_id=org_unit,
            what_if_project_id=what_if,
        )
    if as_json:
        print(report.model_dump_json())
        return
    _print_capacity(report)


def _print_capacity(report: Any) -> None:
    from rich.table import Table

    table = Table(title=f"Demand / capacity (hours) by {report.by}, per {report.period}")
    table.add_column(report.by)
    for p in report.periods:
        table.add_column(p.label, justify="right")
    for row in [*report.rows, report.total]:
        cells = [
            f"[red]{d:.0f}/{c:.0f}[/]" if d > c + 0.01 else f"{d:.0f}/{c:.0f}"
            for d, c in zip(row.demand, row.capacity, strict=True)
        ]
        table.add_row(row.label, *cells)
    console.print(table)
    for cell in report.over_allocations[:20]:
        causes = ", ".join(f"{c.project_code} {c.name} {c.hours:.0f} h" for c in cell.causes[:3])
        console.print(f"over: {cell.resource} {cell.period} +{cell.excess:.0f} h ({causes})")


@app.command("level-portfolio")
def level_portfolio(
    portfolio: Annotated[int | None, typer.Option(help="Portfolio id to level.")] = None,
    program: Annotated[int | None, typer.Option(help="Program id to level instead.")] = None,
    apply: Annotated[bool, typer.Option("--apply", help="Write the levelled dates.")] = False,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.01, help="Seconds the solver may take.")
    ] = 10.0,
    solver: Annotated[str, typer.Option(help="auto, cpsat or heuristic.")] = "auto",
    objective: Annotated[str, typer.Option(help="weighted_delay or makespan.")] = "weighted_delay",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Level a portfolio's (or program's) projects as a scenario; --apply writes it."""
    from openpmo.db.session import session_factory, transaction
    from openpmo.schemas.capacity import ScenarioCreate
    from openpmo.services import levelling
    from openpmo.services.principal import SYSTEM

    if (portfolio is None) == (program is None):
        fail("give exactly one of --portfolio and --program")
    if solver not in ("auto", "cpsat", "heuristic"):
        fail(f"--solver must be auto, cpsat or heuristic, got {solver!r}")
    if objective not in ("weighted_delay", "makespan"):
        fail(f"--objective must be weighted_delay or makespan, got {objective!r}")
    data = ScenarioCreate.model_validate(
        {
            "scope": "portfolio" if portfolio is not None else "program",
            "portfolio_id": portfolio,
            "program_id": program,
            "time_limit": time_limit,
            "solver": solver,
            "objective": objective,
        }
    )
    use_database(database_url)
    with transaction(session_factory(get_settings().database_url)) as session:
        scenario = levelling.create_scenario(session, SYSTEM, data)
        if apply and scenario.summary["status"] in ("optimal", "feasible"):
            levelling.apply_scenario(session, SYSTEM, scenario.id, version=scenario.version)
        out: dict[str, Any] = {"scenario_id": scenario.id}
        out["scenario_status"] = scenario.status.value
        out |= scenario.summary
    if as_json:
        print(json.dumps(out))
        return
    console.print(
        f"Scenario {out['scenario_id']} ({out['scenario_status']}): {out['solver']} "
        f"{out['status']}, objective {out['objective']}, bound {out['lower_bound']}; "
        f"conflicts {out['conflicts_before']} → {out['conflicts_after']}"
    )
    for p in out["projects"]:
        console.print(
            f"  {p['code']}: finish {p['finish_before']} → {p['finish_after']}, "
            f"delay {p['delay_days_after']} d, {p['moved_tasks']} tasks moved"
        )
    for run in out["over_allocations_left"][:20]:
        started = ", ".join(
            f"{c['project']} {c['wbs']} {c['name']}" for c in run.get("started_tasks", [])[:3]
        )
        console.print(
            f"  left: resource {run['resource_id']} {run['first']} – {run['last']}, "
            f"{run['peak']} % / {run['capacity']} %" + (f" (started: {started})" if started else "")
        )
    if out["reason"]:
        console.print(out["reason"])
