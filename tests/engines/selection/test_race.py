"""The proof and the neighbourhood search at once: shared incumbent, neighbourhoods, and a
bound that stays valid (checked against the optimum proved by HiGHS alone)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from openpmo.engines.selection import (
    Candidate,
    Dependency,
    SelectionProblem,
    Status,
    optimize,
    usage,
    violations,
)
from openpmo.engines.selection._highs import relax
from openpmo.engines.selection._incumbent import fixings, round_relaxation
from openpmo.engines.selection._model import build
from openpmo.engines.selection._race import Shared, neighbourhoods, race


def portfolio(n: int, periods: int, skills: int, seed: int) -> SelectionProblem:
    """A random portfolio like the benchmark's, small: windows, must-dos, exclusions,
    dependencies, budget and skills at about half of what is asked."""
    rng = np.random.default_rng(seed)
    cands = []
    for i in range(n):
        life = int(rng.integers(2, 6))
        cost = np.round(rng.uniform(1, 10, life), 1)
        demand = np.zeros((life, skills))
        demand[:, int(rng.integers(skills))] = np.round(rng.uniform(0.5, 2, life), 1)
        earliest = int(rng.integers(0, periods - 2))
        cands.append(
            Candidate(
                f"c{i}",
                float(np.round(cost.sum() * rng.lognormal(0, 0.5), 1)),
                cost,
                demand,
                earliest=earliest,
                latest=min(periods - 1, earliest + int(rng.integers(0, 3))),
                must=i < 2,
            )
        )
    ask = np.zeros(periods)
    ask_skill = np.zeros((periods, skills))
    for c in cands:
        end = min(periods, c.earliest + c.cost.shape[0])
        ask[c.earliest : end] += c.cost[: end - c.earliest]
        ask_skill[c.earliest : end] += c.demand[: end - c.earliest]
    budget = np.round(ask * 0.5) + 12
    capacity = np.round(ask_skill * 0.6) + 3
    exclusive = ((2, 3), (4, 5, 6))
    deps = (Dependency(7, 8), Dependency(9, 10, 0))
    return SelectionProblem(tuple(cands), budget, capacity, exclusive, deps)


def test_shared_keeps_the_better_selection_rounded_and_the_lowest_bound() -> None:
    shared = Shared(np.array([3.0, 2.0, 4.0]), np.array([1.0, 0.0, 0.0]), gap=0.1)
    assert shared.objective == 3
    assert not shared.offer(np.array([0.0, 1.0, 0.0]))
    assert shared.offer(np.array([1e-9, 0.9999999, 1.0]))
    assert shared.objective == 6
    assert shared.x.tolist() == [0.0, 1.0, 1.0]
    assert shared.version == 1
    assert not shared.closed()
    shared.prove(7.0)
    shared.prove(8.0)
    assert shared.bound == 7
    assert not shared.closed()
    shared.prove(6.5)
    # 6.5 - 6 is within 10 % of 6.
    assert shared.closed()
    assert not shared.finished
    shared.finish()
    assert shared.finished


def test_neighbourhoods_fix_what_the_lp_prices_clearly_and_widen() -> None:
    p = portfolio(40, 8, 2, seed=3)
    model, _ = build(p)
    lp, _ = relax(model)
    assert lp is not None
    found = list(neighbourhoods(model, lp))
    assert found
    free_counts = []
    for lower, upper in found:
        # Fixed at 1 only where the LP is at 1 with a negative reduced cost.
        assert (lp.x[lower == 1] > 1 - 1e-9).all()
        assert (lp.reduced[lower == 1] < 0).all()
        # Every column the LP uses stays allowed; a forced-out one never is.
        assert (upper[lp.x > 1e-9] == model.col_upper[lp.x > 1e-9]).all()
        assert (upper <= model.col_upper).all()
        free_counts.append(int((upper - lower > 0).sum()))
    assert free_counts == sorted(free_counts)
    assert free_counts[-1] > free_counts[0]


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_race_bound_is_valid_and_its_selection_breaks_nothing(seed: int) -> None:
    p = portfolio(40, 6, 3, seed)
    exact = optimize(p, gap=0.0, time_limit=60, concurrent=False)
    assert exact.status is Status.OPTIMAL
    model, layout = build(p)
    lp, _ = relax(model)
    assert lp is not None
    start = round_relaxation(model, lp)
    assert start is not None
    upper = fixings(model, lp, float(model.value @ start))
    solved = race(model, lp, start, upper, time.perf_counter() + 60, 0.0)
    assert solved.x is not None
    value = float(model.value @ solved.x)
    # Nothing is worth more than the optimum, and the proved bound is never below it.
    assert value <= exact.objective + 1e-6
    assert max(solved.bound, float(model.value @ start)) >= exact.objective - 1e-6
    cols = np.flatnonzero(solved.x)
    chosen = {int(layout.col_candidate[j]): int(layout.col_start[j]) for j in cols}
    assert violations(p, chosen) == []


@pytest.mark.parametrize("seed", [1, 2, 5, 8])
def test_concurrent_optimum_equals_the_proof_alone_and_fits_every_limit(seed: int) -> None:
    p = portfolio(40, 6, 3, seed)
    alone = optimize(p, gap=0.0, time_limit=60, concurrent=False, explain_result=False)
    both = optimize(p, gap=0.0, time_limit=60, explain_result=False)
    assert both.status is Status.OPTIMAL
    assert both.objective == pytest.approx(alone.objective)
    assert both.bound >= both.objective
    assert violations(p, both.start) == []
    # Checked independently of violations(): every limit, rule and window by hand.
    used = usage(p, both.start)
    assert (used.budget <= p.budget + 1e-6).all()
    assert (used.skills <= p.capacity + 1e-6).all()
    assert {0, 1} <= set(both.start)
    assert len({2, 3} & set(both.start)) <= 1
    assert len({4, 5, 6} & set(both.start)) <= 1
    assert 8 not in both.start or 7 in both.start
    if 10 in both.start:
        assert 9 in both.start
        assert both.start[9] <= both.start[10]
    for i, s in both.start.items():
        c = p.candidates[i]
        assert c.earliest <= s <= c.latest
    assert both.objective == pytest.approx(sum(p.candidates[i].value for i in both.start))


def test_a_short_time_limit_still_returns_a_feasible_selection_with_a_valid_bound() -> None:
    p = portfolio(80, 8, 3, seed=4)
    longer = optimize(p, gap=1e-3, time_limit=3, concurrent=False, explain_result=False)
    quick = optimize(p, time_limit=0.3, gap=0.0, explain_result=False)
    assert quick.status in (Status.OPTIMAL, Status.TIMED_OUT, Status.FEASIBLE)
    assert violations(p, quick.start) == []
    # Each proved bound is at least every feasible value, the other run's included.
    assert quick.bound >= longer.objective - 1e-6
    assert longer.bound >= quick.objective - 1e-6
