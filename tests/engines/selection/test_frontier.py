"""The efficient frontier over budget levels."""

from __future__ import annotations

import numpy as np
import pytest

from openpmo.engines.selection import Status, frontier, violations
from tests.engines.selection.builders import cand, problem


def test_frontier_values_by_hand() -> None:
    p = problem([cand("A", 7, [6]), cand("B", 5, [5]), cand("C", 5, [5])], budget=[10])
    points = frontier(p, [1.5, 0.5, 1.0])
    assert [pt.scale for pt in points] == [0.5, 1.0, 1.5]
    assert [pt.budget for pt in points] == [5.0, 10.0, 15.0]
    assert [pt.value for pt in points] == [5, 10, 12]
    assert all(pt.status is Status.OPTIMAL for pt in points)
    assert points[1].selected == (1, 2)


def test_frontier_is_monotone_and_each_point_fits_its_budget() -> None:
    rng = np.random.default_rng(11)
    cands = [
        cand(f"c{i}", float(rng.integers(1, 60)), rng.integers(0, 9, 3), window=(0, 2))
        for i in range(25)
    ]
    p = problem(cands, budget=[30, 30, 30, 30, 30])
    points = frontier(p, np.linspace(0.2, 2.0, 6))
    values = [pt.value for pt in points]
    assert values == sorted(values)
    for pt in points:
        scaled = problem(cands, budget=[30 * pt.scale] * 5)
        assert pt.gap <= 1e-3
        assert violations(scaled, pt.start) == []
        assert pt.value == pytest.approx(sum(cands[i].value for i in pt.selected))
        assert scaled.budget.sum() == pytest.approx(pt.budget)


def test_must_do_makes_low_budgets_infeasible() -> None:
    p = problem([cand("A", 1, [8], must=True), cand("B", 3, [2])], budget=[10])
    points = frontier(p, [0.5, 1.0])
    assert [pt.status for pt in points] == [Status.INFEASIBLE, Status.OPTIMAL]
    assert points[1].selected == (0, 1)
    assert violations(p, {0: 0, 1: 0}) == []


def test_levels_below_the_fixed_must_dos_are_infeasible_with_the_period_short() -> None:
    p = problem(
        [cand("A", 1, [8, 2], must=True), cand("B", 3, [2, 2], window=(0, 1))], budget=[10, 10]
    )
    points = frontier(p, [0.5, 1.0])
    low = points[0]
    assert low.status is Status.INFEASIBLE
    assert [(r.kind, r.period, r.amount) for r in low.reasons] == [("budget", 0, 3.0)]
    assert "fixed start" in low.reasons[0].message
    assert points[1].status is Status.OPTIMAL
    assert points[1].reasons == ()


def test_a_must_do_with_a_window_too_big_for_a_level_is_explained_by_the_solver() -> None:
    # A may start in either period, so no fixed usage proves the level infeasible upfront.
    p = problem([cand("A", 1, [8], window=(0, 1), must=True)], budget=[10, 10])
    points = frontier(p, [0.5, 1.0])
    assert points[0].status is Status.INFEASIBLE
    assert {r.kind for r in points[0].reasons} == {"budget"}
    assert points[1].selected == (0,)


def test_a_frontier_time_budget_still_returns_every_level_in_order() -> None:
    rng = np.random.default_rng(3)
    cands = [
        cand(f"c{i}", float(rng.integers(1, 60)), rng.integers(0, 9, 3), window=(0, 2))
        for i in range(30)
    ]
    p = problem(cands, budget=[30, 30, 30, 30, 30])
    points = frontier(p, np.linspace(0.2, 2.0, 8), total_time=5.0)
    assert [pt.scale for pt in points] == sorted(pt.scale for pt in points)
    for pt in points:
        scaled = problem(cands, budget=[30 * pt.scale] * 5)
        assert violations(scaled, pt.start) == []
    values = [pt.value for pt in points]
    assert values == sorted(values)
