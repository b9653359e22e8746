"""Levelling properties on random networks: capacity and links always hold, and with ample
capacity the levelled schedule is the critical-path schedule."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from hypothesis import given, settings
from hypothesis import strategies as st

from openpmo.engines.cpm import cpm
from openpmo.engines.levelling import LevellingProblem, build_problem, level

Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Network:
    durations: list[int]
    demand: list[list[int]]
    pred: list[int]
    succ: list[int]
    link_type: list[int]
    lag: list[int]
    project: list[int]


@st.composite
def networks(draw: st.DrawFn, max_n: int = 9) -> Network:
    n = draw(st.integers(1, max_n))
    durations = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
    demand = draw(
        st.lists(st.lists(st.integers(0, 3), min_size=2, max_size=2), min_size=n, max_size=n)
    )
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=2 * n))
    links = sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b})  # acyclic: low -> high
    kinds = draw(st.lists(st.integers(0, 3), min_size=len(links), max_size=len(links)))
    lags = draw(st.lists(st.integers(-2, 3), min_size=len(links), max_size=len(links)))
    project = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    return Network(
        durations,
        demand,
        [a for a, _ in links],
        [b for _, b in links],
        kinds,
        lags,
        project,
    )


def _build(net: Network, capacity: list[int], **kwargs: object) -> LevellingProblem:
    return build_problem(
        net.durations,
        net.demand,
        capacity,
        pred=net.pred,
        succ=net.succ,
        link_type=net.link_type,
        lag=net.lag,
        project=net.project,
        **kwargs,  # type: ignore[arg-type]
    )


def violations(net: Network, capacity: list[int], starts: Ints) -> list[str]:
    """Independent check: every link by its own formula, every resource at every time."""
    d = np.array(net.durations)
    found = []
    for p, s, kind, lag in zip(net.pred, net.succ, net.link_type, net.lag, strict=True):
        ends = {0: (starts[p] + d[p], starts[s]), 1: (starts[p], starts[s])}
        ends |= {2: (starts[p] + d[p], starts[s] + d[s]), 3: (starts[p], starts[s] + d[s])}
        before, after = ends[kind]
        if after < before + lag:
            found.append(f"link {p}->{s}")
    if (starts < 0).any():
        found.append("negative start")
    for t in range(int((starts + d).max(initial=0))):
        running = (starts <= t) & (t < starts + d)
        use = np.array(net.demand)[running].sum(axis=0)
        if (use > np.array(capacity)).any():
            found.append(f"over capacity at {t}")
    return found


@settings(max_examples=60, deadline=None)
@given(net=networks(), cap=st.lists(st.integers(3, 4), min_size=2, max_size=2))
def test_heuristic_never_exceeds_capacity_nor_breaks_a_link(net: Network, cap: list[int]) -> None:
    result = level(_build(net, cap), solver="heuristic", iterations=5)
    assert violations(net, cap, result.starts) == []
    assert result.lower_bound <= result.objective


@settings(max_examples=20, deadline=None)
@given(
    net=networks(max_n=7),
    cap=st.lists(st.integers(3, 4), min_size=2, max_size=2),
    weighted=st.booleans(),
)
def test_cpsat_never_exceeds_capacity_and_never_loses_to_the_heuristic(
    net: Network, cap: list[int], weighted: bool
) -> None:
    objective = "weighted_delay" if weighted else "makespan"
    problem = _build(net, cap, objective=objective, weight=[1, 2, 3])
    exact = level(problem, solver="cpsat", time_limit=5, num_workers=1)
    quick = level(problem, solver="heuristic", iterations=5)
    assert violations(net, cap, exact.starts) == []
    assert exact.lower_bound <= exact.objective <= quick.objective


@settings(max_examples=40, deadline=None)
@given(net=networks(), solver=st.sampled_from(["heuristic", "cpsat"]))
def test_with_ample_capacity_levelling_gives_the_critical_path_schedule(
    net: Network, solver: str
) -> None:
    ample = np.array(net.demand).sum(axis=0).tolist()
    ample = [max(c, 1) for c in ample]
    result = level(_build(net, ample), solver=solver, time_limit=5, num_workers=1)
    plain = cpm(net.durations, net.pred, net.succ, net.link_type, net.lag)
    assert result.starts.tolist() == plain.early_start.tolist()
    assert result.makespan == plain.project_finish
