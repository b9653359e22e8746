"""``pmo level FILE``: level a PSPLIB ``.sm`` or multi-project ``.rcmp`` file, no database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from openpmo.cli.base import app, fail


def _summary(file: Path, solver: str, time_limit: float, workers: int, seed: int) -> dict[str, Any]:
    from openpmo.engines.levelling import Objective, build_problem, level, makespan_bound
    from openpmo.io.psplib import read_instance

    try:
        inst = read_instance(file)
        multi = file.suffix.lower() == ".rcmp"
        problem = build_problem(
            inst.durations,
            inst.demand,
            inst.capacity,
            pred=inst.pred,
            succ=inst.succ,
            project=inst.project,
            release=inst.release,
            objective=Objective.WEIGHTED_DELAY if multi else Objective.MAKESPAN,
        )
        result = level(
            problem, solver=solver, time_limit=time_limit, num_workers=workers, seed=seed
        )
    except ValueError as exc:
        fail(str(exc))
    bound = makespan_bound(problem) if multi else result.lower_bound
    out: dict[str, Any] = {
        "makespan": result.makespan,
        "lower_bound": bound,
        "status": result.status.value,
        "starts": None
        if result.starts is None
        else dict(zip(inst.labels, result.starts.tolist(), strict=True)),
    }
    if multi and result.project_finish is not None and result.project_delay is not None:
        out["apd"] = round(float(result.project_delay.mean()), 4)
        out["tms"] = int(result.project_finish.max() - inst.release.min())
    if result.reason:
        out["reason"] = result.reason
    return out


@app.command("level")
def level_file(
    file: Annotated[Path, typer.Argument(help="A PSPLIB .sm or multi-project .rcmp file.")],
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.01, help="Seconds the CP-SAT search may take.")
    ] = 10.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help="CP-SAT search workers.")] = 2,
    seed: Annotated[int, typer.Option(help="Random seed of both solvers.")] = 0,
    solver: Annotated[
        str, typer.Option(help="auto (CP-SAT up to 3,000 activities), cpsat or heuristic.")
    ] = "auto",
) -> None:
    """Level a PSPLIB/MPSPLIB instance: minimum makespan (.sm) or average project delay (.rcmp).

    Exit code 1 when no schedule was found (status infeasible or timed_out).
    """
    if solver not in ("auto", "cpsat", "heuristic"):
        fail(f"--solver must be auto, cpsat or heuristic, got {solver!r}")
    out = _summary(file, solver, time_limit, workers, seed)
    if as_json:
        print(json.dumps(out))
    else:
        print(
            f"{file.name}: {out['status']}, makespan {out['makespan']}, "
            f"lower bound {out['lower_bound']}"
        )
        if "apd" in out:
            print(f"average project delay {out['apd']}, total makespan {out['tms']}")
        if "reason" in out:
            print(out["reason"])
    if out["starts"] is None:
        raise SystemExit(1)
