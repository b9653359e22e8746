"""Small builders for selection problems in tests."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from openpmo.engines.selection import Candidate, Dependency, SelectionProblem


def cand(
    name: str,
    value: float,
    cost: Sequence[float],
    demand: Sequence[Sequence[float]] | None = None,
    *,
    window: tuple[int, int] = (0, 0),
    skills: int = 1,
    must: bool = False,
    out: bool = False,
) -> Candidate:
    d = np.zeros((len(cost), skills)) if demand is None else np.array(demand, dtype=float)
    return Candidate(
        name,
        value,
        np.array(cost, dtype=float),
        d,
        earliest=window[0],
        latest=window[1],
        must=must,
        forced_out=out,
    )


def problem(
    candidates: Sequence[Candidate],
    budget: Sequence[float],
    capacity: Sequence[Sequence[float]] | None = None,
    *,
    exclusive: Sequence[Sequence[int]] = (),
    dependencies: Sequence[Dependency] = (),
) -> SelectionProblem:
    cap = np.full((len(budget), 1), 1e9) if capacity is None else np.array(capacity, float)
    return SelectionProblem(
        tuple(candidates),
        np.array(budget, dtype=float),
        cap,
        tuple(tuple(g) for g in exclusive),
        tuple(dependencies),
    )
