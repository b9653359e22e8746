"""Which constraints a selection breaks, or would break with one more candidate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from openpmo.engines.selection._problem import SelectionProblem, Usage, over, profile_rows, usage


@dataclass(frozen=True)
class Reason:
    """One reason for a candidate's place in (or out of) the selection.

    Attributes
    ----------
    kind : str
        ``must``, ``forced_out``, ``selected``, ``tight_budget``, ``tight_skill``, ``budget``,
        ``skill``, ``exclusive``, ``dependency``, ``order``, ``shadow_price``, ``within_gap``,
        ``no_value`` or ``not_reached`` (see ``docs/engines/selection.md``).
    message : str
        The reason in English, with names.
    period, skill, other : int or None
        Horizon period, skill index and other candidate concerned, when there is one.
    amount : float or None
        The overshoot (``budget``/``skill``), the shadow cost (``shadow_price``), ...
    """

    kind: str
    message: str
    period: int | None = None
    skill: int | None = None
    other: int | None = None
    amount: float | None = None


def violations(problem: SelectionProblem, start: Mapping[int, int]) -> list[Reason]:
    """Every constraint that the selection ``start`` (index -> start period) breaks.

    An empty list means the selection is feasible.
    """
    out: list[Reason] = []
    for i, c in enumerate(problem.candidates):
        if c.must and i not in start:
            out.append(Reason("must", f"must-do {c.name} is not selected", other=i))
        if i in start and c.forced_out:
            out.append(Reason("forced_out", f"forced-out {c.name} is selected", other=i))
        if i in start and start[i] not in c.shifts:
            out.append(Reason("window", f"{c.name} starts outside its window", other=i))
    used = usage(problem, start)
    out.extend(_resource_reasons(problem, used))
    for group in problem.exclusive:
        chosen = sorted({i for i in group if i in start})
        if len(chosen) > 1:
            names = ", ".join(problem.candidates[i].name for i in chosen)
            out.append(Reason("exclusive", f"mutually exclusive candidates selected: {names}"))
    for dep in problem.dependencies:
        out.extend(
            _dependency_reasons(problem, start, dep.prerequisite, dep.dependent, dep.min_lead)
        )
    return out


def _resource_reasons(problem: SelectionProblem, used: Usage) -> list[Reason]:
    out: list[Reason] = []
    for t in over(used.budget, problem.budget).nonzero()[0]:
        excess = float(used.budget[t] - problem.budget[t])
        out.append(
            Reason(
                "budget",
                f"budget in {problem.period(int(t))} exceeded by {excess:.6g}",
                period=int(t),
                amount=excess,
            )
        )
    for t, k in zip(*over(used.skills, problem.capacity).nonzero(), strict=True):
        excess = float(used.skills[t, k] - problem.capacity[t, k])
        out.append(
            Reason(
                "skill",
                f"{problem.skill(k)} capacity in {problem.period(t)} exceeded by {excess:.6g}",
                period=int(t),
                skill=int(k),
                amount=excess,
            )
        )
    return out


def _dependency_reasons(
    problem: SelectionProblem,
    start: Mapping[int, int],
    a: int,
    b: int,
    lead: int | None,
) -> list[Reason]:
    if b not in start:
        return []
    name_a, name_b = problem.candidates[a].name, problem.candidates[b].name
    if a not in start:
        return [Reason("dependency", f"{name_b} needs {name_a}, which is not selected", other=a)]
    if lead is not None and start[a] > start[b] - lead:
        return [
            Reason(
                "order",
                f"{name_a} must start at least {lead} period(s) before {name_b}",
                other=a,
            )
        ]
    return []


def addition_reasons(
    problem: SelectionProblem,
    start: Mapping[int, int],
    used: Usage,
    i: int,
    s: int,
    groups: tuple[int, ...],
) -> list[Reason]:
    """What adding candidate ``i`` at start ``s`` to the selection ``start`` would break
    (``used`` is the selection's usage, ``groups`` the exclusion groups of ``i``)."""
    c = problem.candidates[i]
    horizon, life = profile_rows(problem, i, s)
    trial = Usage(used.budget.copy(), used.skills.copy())
    trial.budget[horizon] += c.cost[life]
    trial.skills[horizon] += c.demand[life]
    out = [
        r
        for r in _resource_reasons(problem, trial)
        if r.period is not None and horizon.start <= r.period < horizon.stop
    ]
    for g in groups:
        for j in problem.exclusive[g]:
            if j != i and j in start:
                name = problem.candidates[j].name
                out.append(Reason("exclusive", f"excludes {name}, which is selected", other=j))
    with_i = {**start, i: s}
    for dep in problem.dependencies:
        if dep.dependent == i:
            out.extend(_dependency_reasons(problem, with_i, dep.prerequisite, i, dep.min_lead))
        elif dep.prerequisite == i and dep.dependent in start:
            out.extend(_dependency_reasons(problem, with_i, i, dep.dependent, dep.min_lead))
    return out
