"""Properties on random small problems: the optimum is feasible, at least greedy's value, and
equal to a brute-force enumeration of every selection and start."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from openpmo.engines.selection import (
    Candidate,
    Dependency,
    SelectionProblem,
    Status,
    greedy,
    optimize,
    violations,
)
from openpmo.engines.selection._highs import relax
from openpmo.engines.selection._incumbent import round_relaxation
from openpmo.engines.selection._model import build


@st.composite
def problems(draw: st.DrawFn) -> SelectionProblem:
    n = draw(st.integers(1, 5))
    t_count = draw(st.integers(1, 3))
    k_count = draw(st.integers(1, 2))
    small = st.integers(0, 4)
    cands = []
    for i in range(n):
        life = draw(st.integers(1, 2))
        earliest = draw(st.integers(0, t_count - 1))
        latest = draw(st.integers(earliest, min(earliest + 1, t_count - 1)))
        cands.append(
            Candidate(
                f"c{i}",
                float(draw(st.integers(0, 9))),
                np.array([draw(small) for _ in range(life)], float),
                np.array([[draw(small) for _ in range(k_count)] for _ in range(life)], float),
                earliest=earliest,
                latest=latest,
                must=draw(st.integers(0, 5)) == 0,
            )
        )
    budget = np.array([draw(st.integers(0, 8)) for _ in range(t_count)], float)
    capacity = np.array(
        [[draw(st.integers(0, 6)) for _ in range(k_count)] for _ in range(t_count)], float
    )
    index = st.integers(0, n - 1)
    exclusive = tuple(
        tuple(sorted(set(g)))
        for g in draw(st.lists(st.lists(index, min_size=2, max_size=3), max_size=1))
    )
    deps = tuple(
        Dependency(a, b, draw(st.sampled_from([None, 0, 1])))
        for a, b in draw(st.lists(st.tuples(index, index), max_size=2))
        if a != b
    )
    return SelectionProblem(tuple(cands), budget, capacity, exclusive, deps)


def brute_force(p: SelectionProblem) -> float | None:
    options = [[None, *c.shifts] for c in p.candidates]
    best: float | None = None
    for combo in itertools.product(*options):
        start = {i: s for i, s in enumerate(combo) if s is not None}
        if not violations(p, start):
            value = sum(p.candidates[i].value for i in start)
            best = value if best is None else max(best, value)
    return best


@settings(max_examples=120, deadline=None)
@given(problems())
def test_optimum_is_feasible_matches_brute_force_and_beats_greedy(p: SelectionProblem) -> None:
    r = optimize(p, gap=0.0)
    expected = brute_force(p)
    if expected is None:
        assert r.status is Status.INFEASIBLE
        assert r.infeasibility
        return
    assert r.status is Status.OPTIMAL
    assert violations(p, r.start) == []
    assert r.objective == expected
    base = greedy(p)
    if base.status is Status.FEASIBLE:
        assert violations(p, base.start) == []
        assert r.objective >= base.objective
    assert len(r.explanations) == len(p.candidates)
    for e in r.explanations:
        assert e.selected == (e.candidate in r.start)
        assert e.reasons


@st.composite
def problems_with_a_start(draw: st.DrawFn) -> tuple[SelectionProblem, dict[int, int]]:
    p = draw(problems())
    start = {
        i: draw(st.sampled_from(list(c.shifts)))
        for i, c in enumerate(p.candidates)
        if draw(st.booleans())
    }
    return p, start


@settings(max_examples=80, deadline=None)
@given(problems_with_a_start())
def test_any_warm_start_gives_the_brute_force_optimum(
    case: tuple[SelectionProblem, dict[int, int]],
) -> None:
    p, start = case
    r = optimize(p, gap=0.0, start=start, explain_result=False)
    expected = brute_force(p)
    if expected is None:
        assert r.status is Status.INFEASIBLE
        return
    assert r.status is Status.OPTIMAL
    assert violations(p, r.start) == []
    assert r.objective == expected


@settings(max_examples=80, deadline=None)
@given(problems())
def test_the_lp_rounding_breaks_no_constraint(p: SelectionProblem) -> None:
    model, layout = build(p)
    lp, _ = relax(model)
    if lp is None:
        return
    x = round_relaxation(model, lp)
    if x is None:
        return
    chosen = {int(layout.col_candidate[j]): int(layout.col_start[j]) for j in np.flatnonzero(x)}
    assert violations(p, chosen) == []
    assert all(i in chosen for i, c in enumerate(p.candidates) if c.must)
