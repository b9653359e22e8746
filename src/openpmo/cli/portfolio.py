"""``pmo portfolio optimize FILE.json``: optimal portfolio selection, without a database."""

from __future__ import annotations

import ctypes
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from openpmo.cli.base import app, fail

portfolio_app = typer.Typer(help="Portfolio selection.", no_args_is_help=True)
app.add_typer(portfolio_app, name="portfolio")


@contextmanager
def native_stdout_to_stderr() -> Iterator[None]:
    """Send what native code prints on the process's stdout to stderr meanwhile.

    The HiGHS that SciPy ships (1.12) prints a debugging line
    (``HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();``) with
    ``printf`` now and then, most often in the selection engine's neighbourhood searches; on
    stdout it would corrupt the JSON printed after the solve.
    """
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        if os.name == "posix":
            # What C stdio still buffers goes out now, to stderr, not after the swap back.
            ctypes.CDLL(None).fflush(None)
        os.dup2(saved, 1)
        os.close(saved)


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _load(file: Path) -> Any:
    from pydantic import ValidationError

    from openpmo.schemas.selection import PortfolioInput, PortfolioReferenceError

    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        fail(f"{file}: {exc.strerror or exc}")
    except json.JSONDecodeError as exc:
        fail(f"{file}: not JSON: {exc}")
    try:
        return PortfolioInput.model_validate(data).to_problem()
    except ValidationError as exc:
        first = exc.errors()[0]
        fail(f"{file}: {_path(tuple(first['loc']))}: {first['msg']}")
    except PortfolioReferenceError as exc:
        fail(f"{file}: {exc.path}: {exc.reason}")


def _reason(problem: Any, r: Any) -> dict[str, Any]:
    return {
        "kind": r.kind,
        "message": r.message,
        "period": None if r.period is None else problem.period(r.period),
        "skill": None if r.skill is None else problem.skill(r.skill),
        "other": None if r.other is None else problem.candidates[r.other].name,
        "amount": r.amount,
    }


def _report(problem: Any, result: Any, base: Any) -> dict[str, Any]:
    names = [c.name for c in problem.candidates]
    return {
        "status": result.status.value,
        "objective": result.objective,
        "bound": None if result.bound == float("inf") else result.bound,
        "gap": None if result.gap == float("inf") else result.gap,
        "selected": [names[i] for i in result.selected],
        "start": {names[i]: problem.period(s) for i, s in sorted(result.start.items())},
        "infeasibility": [_reason(problem, r) for r in result.infeasibility],
        "greedy": {"status": base.status.value, "objective": base.objective},
        "candidates": [
            {
                "name": names[e.candidate],
                "selected": e.selected,
                "start": None if e.start is None else problem.period(e.start),
                "value": problem.candidates[e.candidate].value,
                "reasons": [_reason(problem, r) for r in e.reasons],
            }
            for e in result.explanations
        ],
    }


@portfolio_app.command("optimize")
def optimize_command(
    file: Annotated[Path, typer.Argument(help="Portfolio JSON (see docs/portfolio-selection.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.01, help="Solver seconds.")
    ] = 10.0,
    gap: Annotated[float, typer.Option(min=0.0, max=1.0, help="Relative optimality gap.")] = 1e-3,
    frontier_points: Annotated[
        int,
        typer.Option("--frontier", min=0, max=200, help="Also N budget levels, 50 % to 150 %."),
    ] = 0,
) -> None:
    """Select the candidates of greatest total value within budget, skills and rules."""
    import numpy as np

    from openpmo.engines.selection import frontier, greedy, optimize

    problem = _load(file)
    with native_stdout_to_stderr():
        result = optimize(problem, time_limit=time_limit, gap=gap)
        report = _report(problem, result, greedy(problem, explain_result=False))
        levels = np.linspace(0.5, 1.5, frontier_points).tolist()
        points = frontier(problem, levels, time_limit=time_limit, gap=gap) if levels else ()
    if frontier_points:
        report["frontier"] = [
            {
                "scale": p.scale,
                "budget": p.budget,
                "value": p.value,
                "status": p.status.value,
                "gap": None if p.gap == float("inf") else p.gap,
                "selected": [problem.candidates[i].name for i in p.selected],
                "reasons": [r.message for r in p.reasons],
            }
            for p in points
        ]
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    gap_text = "-" if report["gap"] is None else f"{100 * report['gap']:.3f} %"
    print(f"status {report['status']}  value {result.objective:.6g}  gap {gap_text}")
    for row in report["candidates"]:
        mark = "+" if row["selected"] else "-"
        why = "; ".join(r["message"] for r in row["reasons"])
        print(f"{mark} {row['name']:<30} {row['start'] or '':<10} {why}")
    for r in report["infeasibility"]:
        print(f"! {r['message']}")
