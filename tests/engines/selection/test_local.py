"""Improvements of a selection in NumPy (fill, one-for-one exchanges) and the neighbourhoods
around a selection (RINS): never worse than the start, never a broken constraint, must-do
and forced-out kept."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import numpy.typing as npt
import pytest

from openpmo.engines.selection import Dependency, SelectionProblem, violations
from openpmo.engines.selection._highs import CALLBACKS, mip, relax
from openpmo.engines.selection._incumbent import round_relaxation
from openpmo.engines.selection._local import Local, around, window
from openpmo.engines.selection._model import Layout, build
from openpmo.engines.selection._race import Shared
from tests.engines.selection.builders import cand, problem
from tests.engines.selection.test_race import portfolio


def starts(layout: Layout, x: npt.NDArray[np.float64]) -> dict[int, int]:
    return {int(layout.col_candidate[j]): int(layout.col_start[j]) for j in np.flatnonzero(x)}


def with_forced_out(p: SelectionProblem, out: tuple[int, ...]) -> SelectionProblem:
    cands = tuple(replace(c, forced_out=i in out) for i, c in enumerate(p.candidates))
    return replace(p, candidates=cands)


def test_fill_adds_what_fits_best_value_first_and_never_a_forced_out_one() -> None:
    # From nothing: A (5) fits, then B (4) fills the budget; C no longer fits; D is out.
    p = problem(
        [cand("A", 5, [6]), cand("B", 4, [4]), cand("C", 3, [5]), cand("D", 99, [1], out=True)],
        budget=[10],
    )
    model, layout = build(p)
    x = Local(model).fill(np.zeros(model.value.shape[0]))
    assert starts(layout, x) == {0: 0, 1: 0}


def test_fill_adds_a_prerequisite_then_its_dependent() -> None:
    # B (worth more) needs A: B alone does not fit the dependency row; after A it does.
    p = problem([cand("A", 1, [1]), cand("B", 9, [1])], budget=[5], dependencies=[Dependency(0, 1)])
    model, layout = build(p)
    x = Local(model).fill(np.zeros(model.value.shape[0]))
    assert starts(layout, x) == {0: 0, 1: 0}


def test_swap_exchanges_a_selected_candidate_for_a_better_one_that_then_fits() -> None:
    # C (3) fills the budget; A (5) fits only once C is out; the must-do M stays.
    p = problem([cand("C", 3, [5]), cand("A", 5, [6]), cand("M", 1, [4], must=True)], budget=[10])
    model, layout = build(p)
    local = Local(model)
    start = np.zeros(model.value.shape[0])
    start[[0, 2]] = 1.0
    assert starts(layout, local.fill(start)) == {0: 0, 2: 0}
    assert starts(layout, local.swap(start)) == {1: 0, 2: 0}


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_fill_and_swap_never_lower_the_value_or_break_a_constraint(seed: int) -> None:
    p = with_forced_out(portfolio(60, 8, 3, seed), (11, 12, 13))
    model, layout = build(p)
    lp, _ = relax(model)
    assert lp is not None
    start = round_relaxation(model, lp)
    assert start is not None
    local = Local(model)
    filled = local.fill(start)
    swapped = local.swap(start)
    value = float(model.value @ start)
    assert float(model.value @ filled) >= value
    assert float(model.value @ swapped) >= float(model.value @ filled)
    for x in (filled, swapped):
        chosen = starts(layout, x)
        assert violations(p, chosen) == []
        assert {0, 1} <= set(chosen)
        assert not {11, 12, 13} & set(chosen)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_rins_step_is_never_worse_than_its_start_and_breaks_nothing(seed: int) -> None:
    p = with_forced_out(portfolio(60, 8, 3, seed), (11, 12, 13))
    model, layout = build(p)
    lp, _ = relax(model)
    assert lp is not None
    start = round_relaxation(model, lp)
    assert start is not None
    integral = np.abs(lp.x - np.round(lp.x)) < 1e-6
    for width in (-np.inf, float(np.median(lp.reduced[lp.reduced > 0]))):
        lower, upper = around(model, lp, start, width)
        # The start lies inside; a column fixed is where it agrees with an integral LP value.
        assert ((start >= lower) & (start <= upper)).all()
        fixed = (lower == upper) & (model.col_upper > 0)
        assert (integral[fixed] & (np.round(lp.x[fixed]) == start[fixed])).all()
        assert (upper <= model.col_upper).all()
        solved = mip(model, time_limit=30, gap=0.0, lower=lower, upper=upper, start=start)
        assert solved.x is not None
        x = np.round(solved.x)
        assert float(model.value @ x) >= float(model.value @ start) - 1e-6
        chosen = starts(layout, x)
        assert violations(p, chosen) == []
        assert {0, 1} <= set(chosen)
        assert not {11, 12, 13} & set(chosen)


def test_shared_fills_what_it_is_offered() -> None:
    p = problem([cand("A", 5, [6]), cand("B", 4, [4]), cand("C", 3, [5])], budget=[10])
    model, _ = build(p)
    shared = Shared(model.value, np.zeros(3), gap=0.0, local=Local(model))
    assert shared.offer(np.array([1.0, 0.0, 0.0]))
    assert shared.x.tolist() == [1.0, 1.0, 0.0]
    assert shared.objective == 9


@pytest.mark.skipif(not CALLBACKS, reason="SciPy's HiGHS bindings are not importable")
def test_a_neighbourhood_run_stops_when_it_finds_nothing_for_its_patience() -> None:
    interrupt = int(list(CALLBACKS)[2])
    shared = Shared(np.ones(2), np.zeros(2), gap=0.0)
    out = SimpleNamespace(mip_dual_bound=np.inf, running_time=0.0)
    patient = SimpleNamespace(user_interrupt=False)
    shared.callback(proving=False)(interrupt, "", out, patient, None)
    assert not patient.user_interrupt
    impatient = SimpleNamespace(user_interrupt=False)
    shared.callback(proving=False, patience=-1.0)(interrupt, "", out, impatient, None)
    assert impatient.user_interrupt


@pytest.mark.parametrize("seed", [1, 2])
def test_windows_free_only_the_columns_starting_in_them_and_cover_every_start(seed: int) -> None:
    p = with_forced_out(portfolio(60, 8, 3, seed), (11, 12, 13))
    model, layout = build(p)
    lp, _ = relax(model)
    assert lp is not None
    start = round_relaxation(model, lp)
    assert start is not None
    covered: set[int] = set()
    for part in (0.5, 1.5, 2.5, 3.5):
        lower, upper = window(model, start, part, 4)
        free = upper - lower > 0
        assert ((start >= lower) & (start <= upper)).all()
        # Outside the window every column is fixed at the selection's value.
        assert (lower[~free] == start[~free]).all()
        periods = set(layout.col_start[free].tolist())
        # Two consecutive start periods of the eight (the first half-shifted one wraps).
        assert len(periods) == 2
        covered |= periods
        assert not free[model.col_upper == 0].any()
        solved = mip(model, time_limit=30, gap=0.0, lower=lower, upper=upper, start=start)
        assert solved.x is not None
        assert float(model.value @ np.round(solved.x)) >= float(model.value @ start) - 1e-6
        assert violations(p, starts(layout, np.round(solved.x))) == []
    assert covered == set(layout.col_start.tolist()) == set(range(8))
