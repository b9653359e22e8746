"""The compiled genetic search: islands in threads, its resumption after CP-SAT, and the
phases of a CP-SAT run that does not prove its answer at once."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

import openpmo.engines.levelling as levelling
from openpmo.engines.levelling import Status, build_problem, check_schedule, level
from openpmo.engines.levelling._deadline import Deadline
from openpmo.engines.levelling._prepared import prepare
from openpmo.engines.levelling.heuristic import UNTIL_STALL, Heuristic
from openpmo.io.psplib import read_sm

DATA = Path(__file__).resolve().parents[2] / "data" / "psplib"


def _problem(name: str = "j3046_1") -> levelling.LevellingProblem:
    inst = read_sm(DATA / f"{name}.sm")
    return build_problem(inst.durations, inst.demand, inst.capacity, pred=inst.pred, succ=inst.succ)


@pytest.mark.parametrize("islands", [1, 2])
def test_the_genetic_search_gives_valid_schedules_repeatably_for_a_seed(islands: int) -> None:
    problem = _problem()
    runs = []
    for _ in range(2):
        heuristic = Heuristic(prepare(problem))
        starts, value = heuristic.run(400, seed=7, islands=islands)
        assert starts is not None
        assert check_schedule(problem, starts) == []
        assert value == int((starts + problem.durations).max())
        runs.append((value, starts.tolist()))
    assert runs[0] == runs[1]
    other = Heuristic(prepare(problem))
    other.run(400, seed=8, islands=islands)
    # Another seed breeds another population (the best value may coincide).
    assert sorted(v for v, _ in other.pool) != sorted(v for v, _ in heuristic.pool) or [
        s.tolist() for _, s in other.pool
    ] != [s.tolist() for _, s in heuristic.pool]


def test_more_schedules_are_never_worse_for_the_same_seed() -> None:
    problem = _problem()
    few = Heuristic(prepare(problem)).run(20, seed=3)[1]
    many = Heuristic(prepare(problem)).run(2000, seed=3)[1]
    assert many <= few


@pytest.mark.parametrize("islands", [1, 2])
def test_patience_ends_a_search_that_has_no_schedule_count_once_it_stalls(islands: int) -> None:
    # No deadline and no limit on schedules: only patience can end the run.
    heuristic = Heuristic(prepare(_problem()))
    starts, value = heuristic.run(UNTIL_STALL, seed=0, islands=islands, patience=300)
    assert starts is not None
    assert not heuristic.stopped
    # Each island breeds at most twice the schedules it took to reach its best, plus the
    # patience and one chunk, so the run is short; it is no worse than the rules alone.
    assert heuristic.passes < 200_000
    assert value <= Heuristic(prepare(_problem())).run(0, seed=0)[1]


def test_resume_takes_in_a_schedule_and_keeps_its_deadline() -> None:
    problem = _problem()
    heuristic = Heuristic(prepare(problem))
    _, value = heuristic.run(30, seed=0)
    # A poor but valid schedule: every activity one after the other in network order.
    prep = heuristic.prep
    serial = np.zeros(problem.n_activities, np.int64)
    clock = 0
    for j in prep.order:
        serial[j] = clock
        clock += int(problem.durations[j])
    began = time.perf_counter()
    starts, resumed = heuristic.resume(serial, seed=0, deadline=Deadline(0.5), islands=2)
    assert time.perf_counter() - began < 0.5 + 1.0
    assert check_schedule(problem, starts) == []
    assert resumed <= value
    assert resumed == int((starts + problem.durations).max())


def test_cpsat_not_proving_at_once_breeds_again_and_searches_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The first search gets almost nothing, so the run goes through every phase: warm
    # start, first search, the genetic search resumed, the second search.
    monkeypatch.setattr(levelling, "FIRST_SEARCH", 1e-4)
    problem = _problem()
    levelling.warm_up()  # loading OR-Tools and the kernels is not part of the limit
    Heuristic(prepare(problem)).run(5, seed=0, islands=2)
    began = time.perf_counter()
    result = level(problem, solver="cpsat", time_limit=3.0, seed=1)
    assert time.perf_counter() - began < 3.0 + 2.0
    assert result.starts is not None
    assert check_schedule(problem, result.starts) == []
    assert result.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert result.lower_bound <= result.objective
    assert result.makespan <= 59 * 1.1  # j3046_1's optimum is 59
