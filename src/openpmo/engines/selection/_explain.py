"""Why each candidate is in or out of a selection.

For a selected candidate: must-do, or its value, and the budget periods and skills it uses
that the selection leaves (almost) full. For a candidate left out: forced out; or, at the
start in its window that breaks the fewest constraints, what adding it to the selection as it
stands would break (budget periods and skills with the overshoot, exclusions, dependencies);
and, from the LP relaxation's dual prices, when its value is below the marginal worth of the
budget and skills it would use. A candidate that would break nothing was left out within the
optimality gap (or the search stopped before reaching it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from openpmo.engines.selection._check import Reason, addition_reasons
from openpmo.engines.selection._problem import (
    SelectionProblem,
    Usage,
    members,
    profile_rows,
    usage,
)

#: A limit counts as tight when less than this fraction of it is left unused.
TIGHT = 0.01
#: At most this many tight limits are named per selected candidate.
MAX_TIGHT = 5


@dataclass(frozen=True)
class Explanation:
    """Why candidate ``candidate`` is in (``start`` is its start period) or out."""

    candidate: int
    selected: bool
    start: int | None
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, eq=False)
class Prices:
    """Dual prices of the LP relaxation: worth of one more unit of budget / skill capacity."""

    budget: npt.NDArray[np.float64]
    skills: npt.NDArray[np.float64]


def explain(
    problem: SelectionProblem,
    start: Mapping[int, int],
    prices: Prices | None,
    proved: bool,
) -> tuple[Explanation, ...]:
    """An :class:`Explanation` per candidate for the selection ``start``; ``proved`` says
    whether the search finished (a fitting candidate was then left out within the gap)."""
    used = usage(problem, start)
    slack_b = problem.budget - used.budget
    slack_s = problem.capacity - used.skills
    tight_b = slack_b <= TIGHT * problem.budget
    tight_s = (slack_s <= TIGHT * problem.capacity) & (problem.capacity > 0)
    groups = members(problem)
    out: list[Explanation] = []
    for i, c in enumerate(problem.candidates):
        if i in start:
            reasons = _selected(problem, i, start[i], tight_b, tight_s)
            out.append(Explanation(i, True, start[i], tuple(reasons)))
            continue
        if c.forced_out:
            reasons = [Reason("forced_out", f"{c.name} is forced out")]
        elif c.value <= 0:
            reasons = [Reason("no_value", f"{c.name} adds no value")]
        else:
            reasons = _left_out(problem, start, used, i, groups[i], prices, proved)
        out.append(Explanation(i, False, None, tuple(reasons)))
    return tuple(out)


def _selected(
    problem: SelectionProblem,
    i: int,
    s: int,
    tight_b: npt.NDArray[np.bool_],
    tight_s: npt.NDArray[np.bool_],
) -> list[Reason]:
    c = problem.candidates[i]
    if c.must:
        reasons = [Reason("must", f"{c.name} is a must-do")]
    else:
        reasons = [
            Reason(
                "selected", f"selected for its value {c.value:.6g}, starting {problem.period(s)}"
            )
        ]
    horizon, life = profile_rows(problem, i, s)
    for t in np.flatnonzero(tight_b[horizon] & (c.cost[life] > 0))[:MAX_TIGHT]:
        p = int(t) + horizon.start
        reasons.append(
            Reason("tight_budget", f"uses budget in {problem.period(p)}, which is full", period=p)
        )
    rows, ks = np.nonzero(tight_s[horizon] & (c.demand[life] > 0))
    for t, k in list(zip(rows, ks, strict=True))[:MAX_TIGHT]:
        p = int(t) + horizon.start
        reasons.append(
            Reason(
                "tight_skill",
                f"uses {problem.skill(int(k))} in {problem.period(p)}, which is fully booked",
                period=p,
                skill=int(k),
            )
        )
    return reasons


def _left_out(
    problem: SelectionProblem,
    start: Mapping[int, int],
    used: Usage,
    i: int,
    groups: tuple[int, ...],
    prices: Prices | None,
    proved: bool,
) -> list[Reason]:
    c = problem.candidates[i]
    best: tuple[int, float, int, list[Reason]] | None = None
    for s in c.shifts:
        reasons = addition_reasons(problem, start, used, i, s, groups)
        excess = sum(r.amount or 0.0 for r in reasons)
        key = (len(reasons), excess, s, reasons)
        if best is None or key[:3] < best[:3]:
            best = key
    assert best is not None
    s, reasons = best[2], best[3]
    if not reasons:
        kind = "within_gap" if proved else "not_reached"
        text = (
            "it fits in what is left; leaving it out costs less than the optimality gap"
            if proved
            else "it fits in what is left; the search stopped before adding it"
        )
        return [Reason(kind, f"{c.name}: {text}", period=s)]
    reasons = [
        Reason(
            r.kind,
            f"if {c.name} started {problem.period(s)}: {r.message}",
            r.period,
            r.skill,
            r.other,
            r.amount,
        )
        for r in reasons
    ]
    if prices is not None:
        horizon, life = profile_rows(problem, i, s)
        worth = float(prices.budget[horizon] @ c.cost[life])
        worth += float((prices.skills[horizon] * c.demand[life]).sum())
        if worth > c.value:
            reasons.append(
                Reason(
                    "shadow_price",
                    f"its value {c.value:.6g} is below {worth:.6g}, the marginal worth of the "
                    "budget and skills it would use (LP dual prices)",
                    amount=worth,
                )
            )
    return reasons
