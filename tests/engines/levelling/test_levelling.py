"""Levelling engine: hand-checked instances, both solvers, statuses, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from openpmo.engines.errors import CycleError
from openpmo.engines.levelling import (
    NO_DATE,
    Objective,
    Status,
    build_problem,
    check_schedule,
    level,
)
from openpmo.io.psplib import read_sm

DATA = Path(__file__).resolve().parents[2] / "data" / "psplib"
SOLVERS = ["heuristic", "cpsat"]


@pytest.mark.parametrize("solver", SOLVERS)
def test_two_activities_on_one_unit_run_one_after_the_other(solver: str) -> None:
    problem = build_problem([2, 3], [[1], [1]], [1])
    result = level(problem, solver=solver, time_limit=5)
    assert result.status is Status.OPTIMAL
    assert result.makespan == result.objective == 5
    assert sorted(result.starts.tolist()) in ([0, 2], [0, 3])
    assert result.lower_bound == 5  # the energy bound: 5 units of work on 1 unit of capacity


@pytest.mark.parametrize("solver", SOLVERS)
def test_levelling_delays_the_lower_priority_project(solver: str) -> None:
    # Two projects of one 4-day task each compete for one person; project 1 weighs 5.
    problem = build_problem(
        [4, 4],
        [[1], [1]],
        [1],
        project=[0, 1],
        weight=[1, 5],
        objective=Objective.WEIGHTED_DELAY,
    )
    result = level(problem, solver=solver, time_limit=5)
    assert result.starts.tolist() == [4, 0]
    assert result.project_delay.tolist() == [4, 0]
    assert result.objective == 4
    # CP-SAT proves it; the heuristic's bound (critical-path delays, 0 here) cannot.
    assert result.status is (Status.OPTIMAL if solver == "cpsat" else Status.FEASIBLE)
    swapped = build_problem(
        [4, 4], [[1], [1]], [1], project=[0, 1], weight=[5, 1], objective="weighted_delay"
    )
    assert level(swapped, solver=solver, time_limit=5).starts.tolist() == [0, 4]


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_due_date_moves_the_target_of_the_delay(solver: str) -> None:
    # Project 0 is due at 8, so it can wait for project 1 (due 4) without any delay.
    problem = build_problem(
        [4, 4], [[1], [1]], [1], project=[0, 1], due=[8, 4], objective="weighted_delay"
    )
    result = level(problem, solver=solver, time_limit=5)
    assert result.starts.tolist() == [4, 0]
    assert result.objective == 0


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_started_activity_stays_and_others_wait_for_it(solver: str) -> None:
    problem = build_problem([3, 2], [[2], [1]], [2], fixed_start=[1, NO_DATE])
    result = level(problem, solver=solver, time_limit=5)
    assert result.starts.tolist() == [1, 4]


@pytest.mark.parametrize("solver", SOLVERS)
def test_capacity_per_period_holds_work_until_people_are_there(solver: str) -> None:
    # Nobody is available in periods 0-2; two people from period 5 on.
    problem = build_problem([2, 2], [[1], [1]], [[0, 0, 0, 1, 1, 2]])
    result = level(problem, solver=solver, time_limit=5)
    assert result.starts.tolist() in ([3, 5], [5, 3])
    assert result.makespan == 7


@pytest.mark.parametrize("solver", SOLVERS)
def test_release_dates_and_link_lags_are_kept(solver: str) -> None:
    # 0 -> 1 FS lag 2, 1 -> 2 SS lag 1, 2 -> 3 FF lag 0, 0 -> 3 SF lag 9; project released at 3.
    problem = build_problem(
        [2, 3, 4, 1],
        np.zeros((4, 1), np.int64),
        [1],
        pred=[0, 1, 2, 0],
        succ=[1, 2, 3, 3],
        link_type=[0, 1, 2, 3],
        lag=[2, 1, 0, 9],
        release=[3],
    )
    result = level(problem, solver=solver, time_limit=5)
    # 0 at 3; 1 at 3+2+2=7; 2 at 7+1=8 (ends 12); 3 finishes >= 12 and >= 3+9=12: starts 11.
    assert result.starts.tolist() == [3, 7, 8, 11]
    assert result.status is Status.OPTIMAL


def test_within_float_keeps_the_project_finish_or_reports_why_not() -> None:
    # Activity 1 has 3 days of float beside 0 -> 2; one person; 1 (1 day) fits in the float.
    fits = build_problem(
        [2, 1, 2], [[1], [1], [0]], [1], pred=[0], succ=[2], link_type=[0], within_float=True
    )
    for solver in SOLVERS:
        result = level(fits, solver=solver, time_limit=5)
        assert result.makespan == 4
        assert check_schedule(fits, result.starts) == []
    tight = build_problem([2, 2], [[1], [1]], [1], within_float=True)
    exact = level(tight, solver="cpsat", time_limit=5)
    assert exact.status is Status.INFEASIBLE
    # Two 2-day activities on one unit cannot both end by day 2: resource 0 is named.
    assert exact.reason == (
        "resource 0 is needed 2 at time 0 by activities that cannot move within float: 1 available"
    )
    assert exact.why is not None
    assert (exact.why.code, exact.why.resource, exact.why.activities) == ("float_clash", 0, (0, 1))
    quick = level(tight, solver="heuristic")  # the resource's energy proves it for both
    assert quick.status is Status.INFEASIBLE
    assert quick.starts is None
    assert quick.why == exact.why
    assert level(build_problem([2, 2], [[1], [1]], [1]), solver="heuristic").makespan == 4


@pytest.mark.parametrize(("name", "optimum"), [("j301_1", 43), ("j301_2", 47), ("j3046_1", 59)])
def test_psplib_j30_instances_reach_their_known_optimum(name: str, optimum: int) -> None:
    inst = read_sm(DATA / f"{name}.sm")
    problem = build_problem(
        inst.durations, inst.demand, inst.capacity, pred=inst.pred, succ=inst.succ
    )
    exact = level(problem, solver="cpsat", time_limit=10, seed=1)
    assert exact.status is Status.OPTIMAL
    assert exact.makespan == exact.lower_bound == optimum
    assert check_schedule(problem, exact.starts) == []
    quick = level(problem, solver="heuristic", iterations=50)
    assert check_schedule(problem, quick.starts) == []
    assert optimum <= quick.makespan <= optimum * 1.1
    assert quick.lower_bound <= optimum


def test_the_heuristic_is_repeatable_for_a_seed() -> None:
    inst = read_sm(DATA / "j3046_1.sm")
    problem = build_problem(
        inst.durations, inst.demand, inst.capacity, pred=inst.pred, succ=inst.succ
    )
    first = level(problem, solver="heuristic", iterations=30, seed=4)
    again = level(problem, solver="heuristic", iterations=30, seed=4)
    assert first.starts.tolist() == again.starts.tolist()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"durations": [2, -1]}, "durations must be >= 0, got durations[1] = -1"),
        (
            {"demand": [[1], [3]]},
            "activity 1 needs 3 units of resource 0, more than its capacity 2",
        ),
        (
            {"demand": [[1, 0], [1, 0]]},
            "demand has 2 resource columns but capacity has 1 resources",
        ),
        ({"pred": [0], "succ": [5]}, "succ[0] = 5 is not an activity index (0 <= index < 2)"),
        ({"project": [0, -1]}, "project[1] = -1 must be >= 0"),
        ({"weight": [-2]}, "weight[0] = -2 must be >= 0"),
        ({"demand": [[1], [-1]]}, "demand[1, 0] = -1 must be >= 0"),
        (
            {"pred": [0], "succ": [1], "fixed_start": [NO_DATE, 0]},
            "activity 1 is fixed (already started) but its predecessor 0 is not",
        ),
    ],
)
def test_bad_input_names_the_activity_resource_or_argument(
    kwargs: dict[str, object], message: str
) -> None:
    args: dict[str, object] = {"durations": [2, 3], "demand": [[1], [1]], "capacity": [2]}
    args.update(kwargs)
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        build_problem(**args)  # type: ignore[arg-type]


def test_a_cycle_is_an_error_naming_its_activities() -> None:
    with pytest.raises(CycleError, match="activities 1 -> 0 -> 1"):
        build_problem([1, 1], [[0], [0]], [1], pred=[0, 1], succ=[1, 0])


def test_unknown_solver_is_refused() -> None:
    with pytest.raises(ValueError, match="solver must be"):
        level(build_problem([1], [[0]], [1]), solver="magic")


def test_cpsat_out_of_time_still_returns_the_warm_start_schedule() -> None:
    inst = read_sm(DATA / "j301_1.sm")
    problem = build_problem(
        inst.durations, inst.demand, inst.capacity, pred=inst.pred, succ=inst.succ
    )
    result = level(problem, solver="cpsat", time_limit=0.001, iterations=5)
    assert result.status in (Status.FEASIBLE, Status.OPTIMAL)
    assert result.starts is not None
    assert check_schedule(problem, result.starts) == []
    assert result.lower_bound <= result.objective
