"""The usual ranking heuristic, as a baseline: best value per unit of cost first."""

from __future__ import annotations

import numpy as np

from openpmo.engines.selection._check import addition_reasons
from openpmo.engines.selection._problem import SelectionProblem, Usage, members, profile_rows


def greedy_order(problem: SelectionProblem) -> list[int]:
    """Must-do candidates first, then by ``value / total cost`` (free ones first), ties by
    index; forced-out candidates are left out."""
    keys = []
    for i, c in enumerate(problem.candidates):
        if c.forced_out:
            continue
        total = float(c.cost.sum())
        ratio = c.value / total if total > 0 else float("inf")
        keys.append((not c.must, -ratio, i))
    return [i for *_, i in sorted(keys)]


def greedy_starts(problem: SelectionProblem) -> tuple[dict[int, int], list[int]]:
    """Walk :func:`greedy_order`, adding each candidate at the earliest start where it breaks
    no constraint given what is already in (a prerequisite must already be in).

    Returns the selection (index -> start) and the must-do candidates that did not fit.
    """
    start: dict[int, int] = {}
    used = Usage(np.zeros(problem.n_periods), np.zeros((problem.n_periods, problem.n_skills)))
    groups = members(problem)
    missed: list[int] = []
    for i in greedy_order(problem):
        c = problem.candidates[i]
        for s in c.shifts:
            if not addition_reasons(problem, start, used, i, s, groups[i]):
                start[i] = s
                horizon, life = profile_rows(problem, i, s)
                used.budget[horizon] += c.cost[life]
                used.skills[horizon] += c.demand[life]
                break
        else:
            if c.must:
                missed.append(i)
    return start, missed
