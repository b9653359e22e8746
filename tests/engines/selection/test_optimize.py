"""Hand-checked selection instances: optimum, greedy, explanations, infeasibility."""

from __future__ import annotations

import numpy as np
import pytest

from openpmo.engines.selection import Dependency, Status, greedy, optimize, violations
from tests.engines.selection.builders import cand, problem


def kinds(result: object, i: int) -> set[str]:
    return {r.kind for r in result.explanations[i].reasons}  # type: ignore[attr-defined]


def test_optimum_beats_greedy_when_the_best_ratio_blocks_two_others() -> None:
    # Ratios: A 7/6 > B = C = 1. Greedy takes A and nothing else fits (7); B + C is 10.
    p = problem([cand("A", 7, [6]), cand("B", 5, [5]), cand("C", 5, [5])], budget=[10])
    best = optimize(p)
    assert best.status is Status.OPTIMAL
    assert best.selected == (1, 2)
    assert best.objective == 10
    assert best.gap <= 1e-3
    base = greedy(p)
    assert (base.selected, base.objective) == ((0,), 7)
    # The LP relaxation prices budget at B's ratio 1, so A (7 for 6) looks worth it there:
    # only the direct reason is given.
    assert kinds(best, 0) == {"budget"}
    budget = next(r for r in best.explanations[0].reasons if r.kind == "budget")
    assert (budget.period, budget.amount) == (0, pytest.approx(6))
    assert "tight_budget" in kinds(best, 1)


def test_shifting_a_start_lets_both_fit_the_yearly_budget() -> None:
    p = problem([cand("A", 3, [5], window=(0, 1)), cand("B", 3, [5], window=(0, 1))], budget=[5, 5])
    r = optimize(p)
    assert r.selected == (0, 1)
    assert sorted(r.start.values()) == [0, 1]
    assert violations(p, r.start) == []


def test_a_profile_counts_in_each_period_of_its_life() -> None:
    # A costs 4 then 4: with budget [5, 5] it cannot overlap B (cost 3) in either year,
    # and past the two-year horizon nothing is limited, so B fits only if it starts in 0.
    p = problem(
        [cand("A", 5, [4, 4], window=(0, 1)), cand("B", 4, [3], window=(0, 1))],
        budget=[5, 5],
    )
    r = optimize(p)
    assert r.objective == 9
    assert r.start == {0: 1, 1: 0}


def test_skill_capacity_binds_and_is_named() -> None:
    p = problem(
        [cand("A", 4, [1], [[1.0]]), cand("B", 3, [1], [[1.0]])],
        budget=[100],
        capacity=[[1.5]],
    )
    p = p.__class__(
        p.candidates, p.budget, p.capacity, skill_names=("dev",), period_names=("2026",)
    )
    r = optimize(p)
    assert r.selected == (0,)
    skill = [x for x in r.explanations[1].reasons if x.kind == "skill"]
    assert len(skill) == 1
    assert (skill[0].period, skill[0].skill, skill[0].amount) == (0, 0, pytest.approx(0.5))
    assert "dev capacity in 2026" in skill[0].message
    assert "tight_skill" not in kinds(r, 0)  # 0.5 of 1.5 is left


def test_exclusion_keeps_the_better_one_and_names_it() -> None:
    p = problem([cand("A", 5, [1]), cand("B", 4, [1])], budget=[10], exclusive=[[0, 1]])
    r = optimize(p)
    assert r.selected == (0,)
    (reason,) = r.explanations[1].reasons
    assert (reason.kind, reason.other) == ("exclusive", 0)


def test_dependency_brings_in_a_valueless_prerequisite() -> None:
    # B (10) needs A (0); C (5) fits alone. Greedy skips B (A not yet in), takes C: 5.
    p = problem(
        [cand("A", 0, [3]), cand("B", 10, [3]), cand("C", 5, [5])],
        budget=[6],
        dependencies=[Dependency(0, 1)],
    )
    r = optimize(p)
    assert (r.selected, r.objective) == ((0, 1), 10)
    assert greedy(p).objective == 5
    assert [(v.kind, v.other) for v in violations(p, {1: 0})] == [("dependency", 0)]


def test_lead_puts_the_prerequisite_first() -> None:
    p = problem(
        [cand("A", 1, [1], window=(0, 2)), cand("B", 1, [1], window=(0, 2))],
        budget=[1, 1, 1],
        dependencies=[Dependency(0, 1, min_lead=1)],
    )
    r = optimize(p)
    assert r.selected == (0, 1)
    assert r.start[0] + 1 <= r.start[1]
    assert [v.kind for v in violations(p, {0: 1, 1: 2})] == []
    assert [v.kind for v in violations(p, {0: 2, 1: 1})] == ["order"]


def test_must_do_and_forced_out_are_obeyed_and_explained() -> None:
    p = problem(
        [cand("A", 1, [5], must=True), cand("B", 9, [5]), cand("C", 8, [1], out=True)],
        budget=[6],
    )
    r = optimize(p)
    assert r.selected == (0,)
    assert kinds(r, 0) >= {"must"}
    assert kinds(r, 2) == {"forced_out"}
    assert "budget" in kinds(r, 1)


def test_a_must_do_over_budget_is_infeasible_with_the_reason() -> None:
    p = problem([cand("A", 1, [3, 8], must=True), cand("B", 5, [1])], budget=[5, 5])
    r = optimize(p)
    assert r.status is Status.INFEASIBLE
    assert r.start == {}
    (reason,) = r.infeasibility
    assert (reason.kind, reason.period, reason.amount) == ("budget", 1, pytest.approx(3))


def test_must_dos_that_exclude_each_other_are_infeasible() -> None:
    p = problem(
        [cand("A", 1, [1], must=True), cand("B", 1, [1], must=True)],
        budget=[10],
        exclusive=[[0, 1]],
    )
    r = optimize(p)
    assert r.status is Status.INFEASIBLE
    assert [x.kind for x in r.infeasibility] == ["exclusive"]
    assert "A, B" in r.infeasibility[0].message


def test_a_running_project_keeps_its_fixed_start() -> None:
    p = problem(
        [cand("run", 0, [4, 4], window=(0, 0), must=True), cand("new", 6, [4], window=(0, 1))],
        budget=[5, 9],
    )
    r = optimize(p)
    assert r.start == {0: 0, 1: 1}


def test_time_limit_returns_a_status_not_an_error() -> None:
    rng = np.random.default_rng(3)
    cands = [cand(f"c{i}", float(rng.integers(1, 100)), rng.integers(1, 50, 3)) for i in range(60)]
    p = problem(cands, budget=[400, 400, 400])
    r = optimize(p, time_limit=1e-6)
    assert r.status in (Status.TIMED_OUT, Status.OPTIMAL, Status.FEASIBLE)
    assert violations(p, r.start) == []


def test_bad_problem_names_the_field() -> None:
    with pytest.raises(ValueError, match=r"candidates\[1\] \('A'\): the name is used twice"):
        optimize(problem([cand("A", 1, [1]), cand("A", 1, [1])], budget=[1]))
    with pytest.raises(ValueError, match=r"candidates\[0\] \('A'\)\.value"):
        optimize(problem([cand("A", -1, [1])], budget=[1]))


def test_lp_prices_explain_a_poor_value_for_money_candidate() -> None:
    # LP relaxation: A, B and a fifth of C use the budget, so it is priced at C's ratio 0.6;
    # D would use 5 units worth 3 at that price but brings only 1.
    p = problem(
        [cand("A", 6, [5]), cand("B", 6, [5]), cand("C", 3, [5]), cand("D", 1, [5])],
        budget=[11],
    )
    r = optimize(p)
    assert r.selected == (0, 1)
    price = [x for x in r.explanations[3].reasons if x.kind == "shadow_price"]
    assert [x.amount for x in price] == [pytest.approx(3.0)]
    assert "shadow_price" not in kinds(r, 2)  # the marginal one is priced at its own value


def test_a_warm_start_from_greedy_reaches_the_same_optimum() -> None:
    p = problem([cand("A", 7, [6]), cand("B", 5, [5]), cand("C", 5, [5])], budget=[10])
    cold = optimize(p)
    warm = optimize(p, start=greedy(p).start)
    assert (warm.status, warm.selected, warm.objective) == (Status.OPTIMAL, (1, 2), 10)
    assert warm.selected == cold.selected


def test_an_infeasible_warm_start_is_repaired_not_trusted() -> None:
    p = problem([cand("A", 7, [6]), cand("B", 5, [5]), cand("C", 5, [5])], budget=[10])
    r = optimize(p, start={0: 0, 1: 0, 2: 0})
    assert r.selected == (1, 2)
    assert violations(p, r.start) == []
    with pytest.raises(ValueError, match="no candidate 7"):
        optimize(p, start={7: 0})
