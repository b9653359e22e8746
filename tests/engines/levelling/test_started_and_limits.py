"""Levelling around started work that already overloads a resource, the reasons a run finds
no schedule, and the time limit every phase keeps."""

from __future__ import annotations

import time

import numpy as np
import pytest

from openpmo.engines.levelling import (
    NO_DATE,
    LevellingProblem,
    Overload,
    Status,
    build_problem,
    check_schedule,
    level,
)

SOLVERS = ["heuristic", "cpsat"]


@pytest.mark.parametrize("solver", SOLVERS)
def test_started_overload_is_reported_and_the_rest_levelled_around_it(solver: str) -> None:
    # One person; two started 3-day tasks overlap on days 1-2; a third waits until day 4.
    problem = build_problem(
        [3, 3, 2], [[1], [1], [1]], [1], fixed_start=[0, 1, NO_DATE], objective="makespan"
    )
    result = level(problem, solver=solver, time_limit=5)
    assert result.status is Status.OPTIMAL
    assert result.starts.tolist() == [0, 1, 4]
    assert result.makespan == result.lower_bound == 6
    assert result.overloads == (Overload(0, 1, 3, 2, 1, (0, 1)),)
    assert check_schedule(problem, result.starts) == []
    # The same schedule with the free task inside the overload breaks capacity.
    assert check_schedule(problem, [0, 1, 2]) == ["resource 0 over capacity at time 2: 1 > 0"]


@pytest.mark.parametrize("solver", SOLVERS)
def test_capacity_left_by_started_work_is_what_the_others_use(solver: str) -> None:
    # Three units; a started task holds 2 on days 0-3, so two 1-unit tasks that each need 2
    # units cannot start before day 4, and a 1-unit one fits beside the started task.
    problem = build_problem(
        [4, 2, 2, 3],
        [[2], [2], [2], [1]],
        [3],
        fixed_start=[0, NO_DATE, NO_DATE, NO_DATE],
        objective="makespan",
    )
    result = level(problem, solver=solver, time_limit=5)
    assert result.overloads == ()
    assert result.starts[0] == 0
    assert result.starts[3] < 4
    assert sorted(result.starts[1:3].tolist()) == [4, 6]
    assert check_schedule(problem, result.starts) == []


def test_started_tasks_breaking_their_link_are_named() -> None:
    problem = build_problem([3, 2], [[0], [0]], [1], pred=[0], succ=[1], fixed_start=[2, 1])
    result = level(problem, solver="cpsat", time_limit=5)
    assert result.status is Status.INFEASIBLE
    assert result.why is not None
    assert (result.why.code, result.why.activities) == ("started_link", (0, 1))
    assert result.reason == "started activities 0 and 1 break the link between them"


def test_within_float_names_the_resource_and_time_no_float_can_avoid() -> None:
    # Neither task has float: both run on days 0-1. Resource 0 (2 units) carries them;
    # resource 1 (1 unit) cannot, and is named with the day and both tasks.
    problem = build_problem(
        [2, 2], [[1, 1], [1, 1]], [2, 1], within_float=True, objective="makespan"
    )
    result = level(problem, solver="cpsat", time_limit=5)
    assert result.status is Status.INFEASIBLE
    assert result.why is not None
    assert result.why.code == "float_clash"
    assert (result.why.resource, result.why.time, result.why.activities) == (1, 0, (0, 1))
    assert (result.why.need, result.why.available) == (2, 1)


def test_within_float_names_a_resource_without_room_for_its_work_in_the_float() -> None:
    # A, B and C (2 days each, one unit) may run anywhere in days 0-3 beside X (4 days, no
    # resource): no day is forced on any of them, but 6 units of work do not fit in 4.
    problem = build_problem(
        [4, 2, 2, 2], [[0], [1], [1], [1]], [1], within_float=True, objective="makespan"
    )
    for solver in SOLVERS:
        result = level(problem, solver=solver, time_limit=5)
        assert result.status is Status.INFEASIBLE
        assert result.why is not None
        assert result.why.code == "float_energy"
        assert (result.why.resource, result.why.time, result.why.end) == (0, 0, 4)
        assert (result.why.need, result.why.available, result.why.activities) == (6, 4, (1, 2, 3))


def _late_portfolio(projects: int, size: int, resources: int, periods: int) -> LevellingProblem:
    """Projects due on day 1 (already late, like a real portfolio behind plan) sharing a few
    people, with a capacity profile that runs years ahead: a big weighted-delay bound."""
    rng = np.random.default_rng(3)
    n = projects * size
    demand = np.zeros((n, resources), np.int64)
    demand[np.arange(n), rng.integers(0, resources, n)] = rng.integers(20, 101, n)
    local = np.tile(np.arange(size), projects)
    succ = np.flatnonzero(local > 0)
    capacity = np.full((resources, periods), 100, np.int64)
    capacity[:, rng.integers(0, periods, 40)] = 0  # leave days
    return build_problem(
        rng.integers(1, 15, n),
        demand,
        capacity,
        pred=succ - 1,
        succ=succ,
        project=np.repeat(np.arange(projects), size),
        weight=rng.integers(1, 11, projects),
        due=np.ones(projects, np.int64),
        objective="weighted_delay",
    )


@pytest.mark.parametrize("solver", ["auto", "heuristic"])
def test_every_phase_keeps_the_time_limit(solver: str) -> None:
    # Before, the heuristic ran all its schedules whatever the limit, on profiles as long as
    # the weighted-delay bound: 50-55 s here with the default schedules for a 1 s limit.
    # The bound is generous for a loaded machine.
    problem = _late_portfolio(40, 12, 30, 1600)
    level(build_problem([1, 1], [[1], [1]], [1]), solver="cpsat", time_limit=1)  # numba cache
    began = time.perf_counter()
    result = level(problem, solver=solver, time_limit=1.0, iterations=100_000)
    elapsed = time.perf_counter() - began
    assert elapsed < 1.0 + 2.0
    assert result.status is Status.FEASIBLE
    assert result.limit_reached
    assert check_schedule(problem, result.starts) == []


def test_within_float_with_no_single_resource_to_blame_says_so() -> None:
    # A, B and C (1 day each, one unit) must end by day 2 (Q, 9 days, follows them), D must
    # run on day 10 (after W). No day is forced on two of them, and over days 0-10 the unit
    # has room for all four: only the search can tell that A, B and C do not fit.
    problem = build_problem(
        [10, 1, 1, 1, 1, 9],
        [[0], [1], [1], [1], [1], [0]],
        [1],
        pred=[0, 2, 3, 4],
        succ=[1, 5, 5, 5],
        within_float=True,
        objective="makespan",
    )
    exact = level(problem, solver="cpsat", time_limit=5)
    assert exact.status is Status.INFEASIBLE
    assert exact.why is not None
    assert exact.why.code == "within_float"
    quick = level(problem, solver="heuristic", time_limit=5)
    assert quick.status is Status.TIMED_OUT
    assert quick.why is not None
    assert quick.why.code == "no_schedule"
