"""Critical path method over arrays: textbook networks, every link type, errors, properties."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openpmo.engines import CycleError, cpm
from openpmo.engines.cpm import CpmResult, LinkType, passes, prepare, project_finish_batch

FS, SS, FF, SF = LinkType.FS, LinkType.SS, LinkType.FF, LinkType.SF
FIELDS = (
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float",
    "free_float",
    "critical",
)


def columns(result: CpmResult) -> dict[str, list[Any]]:
    return {field: getattr(result, field).tolist() for field in FIELDS}


# --- textbook networks -----------------------------------------------------------------------


def test_heizer_render_milwaukee_paper_matches_the_published_schedule() -> None:
    # Heizer, Render & Munson, "Operations Management", ch. 3 (Project Management), the
    # Milwaukee Paper Manufacturing example: activities A-H in weeks, Table 3.3 lists ES, EF,
    # LS, LF and slack; the critical path is A-C-E-G-H and the project takes 15 weeks.
    # Free float is not in the table; it is checked by hand from the early dates.
    names = "ABCDEFGH"
    durations = [2, 3, 2, 4, 4, 3, 5, 2]
    links = ["AC", "AD", "BD", "CE", "CF", "DG", "EG", "FH", "GH"]
    pred = [names.index(a) for a, _ in links]
    succ = [names.index(b) for _, b in links]

    result = cpm(durations, pred, succ)

    assert columns(result) == {
        "early_start": [0, 0, 2, 3, 4, 4, 8, 13],
        "early_finish": [2, 3, 4, 7, 8, 7, 13, 15],
        "late_start": [0, 1, 2, 4, 4, 10, 8, 13],
        "late_finish": [2, 4, 4, 8, 8, 13, 13, 15],
        "total_float": [0, 1, 0, 1, 0, 6, 0, 0],
        "free_float": [0, 0, 0, 1, 0, 6, 0, 0],
        "critical": [True, False, True, False, True, False, True, True],
    }
    assert result.project_finish == 15
    assert "".join(names[i] for i in np.flatnonzero(result.critical)) == "ACEGH"


def test_milestones_have_zero_duration_and_can_carry_float() -> None:
    # start milestone 0 -> A(3) -> end milestone 3; B(5) -> 3: B drives the finish.
    result = cpm([0, 3, 5, 0], pred=[0, 1, 2], succ=[1, 3, 3])

    assert result.early_start.tolist() == [0, 0, 0, 5]
    assert result.late_start.tolist() == [2, 2, 0, 5]
    assert result.total_float.tolist() == [2, 2, 0, 0]
    assert result.free_float.tolist() == [0, 2, 0, 0]
    assert result.critical.tolist() == [False, False, True, True]


def test_an_activity_without_links_floats_to_the_project_finish() -> None:
    result = cpm([4, 6, 2], pred=[0], succ=[1])

    assert result.project_finish == 10
    assert result.early_start[2] == 0
    assert result.late_finish[2] == 10
    assert result.total_float[2] == 8
    assert result.free_float[2] == 8


def test_an_empty_network_has_empty_results() -> None:
    result = cpm([], [], [])

    assert all(getattr(result, f).shape == (0,) for f in FIELDS)
    assert result.project_finish == 0


# --- link types and lags: predecessor 0 (4 units) -> successor 1 (3 units) --------------------

LINK_CASES = [
    # type, lag, ES of successor, project finish, LS of successor, TF of successor, FF of pred
    (FS, 2, 6, 9, 6, 0, 0),
    (FS, -2, 2, 5, 2, 0, 0),  # a lead overlaps the successor with its predecessor
    (SS, 1, 1, 4, 1, 0, 0),
    (SS, -2, 0, 4, 1, 1, 0),  # would start at -2: clamped to the project start
    (FF, 2, 3, 6, 3, 0, 0),
    (FF, -3, 0, 4, 1, 1, 0),  # finish 1 would need start -2: clamped
    (SF, 5, 2, 5, 2, 0, 0),
    (SF, -1, 0, 4, 1, 1, 0),  # finish -1 would need start -4: clamped
]


@pytest.mark.parametrize(("kind", "lag", "es_s", "finish", "ls_s", "tf_s", "ff_p"), LINK_CASES)
def test_each_link_type_and_lag_follows_the_documented_formulas(
    kind: LinkType, lag: int, es_s: int, finish: int, ls_s: int, tf_s: int, ff_p: int
) -> None:
    result = cpm([4, 3], pred=[0], succ=[1], link_type=[kind], lag=[lag])

    assert result.early_start.tolist() == [0, es_s]
    assert result.project_finish == finish
    assert result.late_start[1] == ls_s
    assert result.total_float.tolist() == [0, tf_s]
    assert result.free_float[0] == ff_p
    assert result.late_finish[1] == finish  # no successors: late finish is the project finish


def test_late_finish_never_passes_the_project_finish_even_through_a_start_to_start_link() -> None:
    # 0 (10) SS-> 2 (1), 1 (5) FS-> 2: the long SS predecessor defines the finish itself.
    result = cpm([10, 5, 1], pred=[0, 1], succ=[2, 2], link_type=[SS, FS])

    assert result.project_finish == 10
    assert result.late_finish.tolist() == [10, 9, 10]
    assert result.total_float.tolist() == [0, 4, 4]
    # the SS link alone would allow 5 units of free float, but the project finish allows 0
    assert result.free_float.tolist() == [0, 0, 4]


def test_the_latest_of_several_predecessors_drives_and_the_others_get_free_float() -> None:
    result = cpm([2, 2, 3, 5], [0, 1, 2], [3, 3, 3], link_type=[FS, SS, FF], lag=[1, 2, -1])
    # bounds on activity 3: FS 2+1=3, SS 0+2=2, FF 3-1-5=-3 -> starts at 3, finishes at 8
    assert result.early_start[3] == 3
    # free slack: FS 3-1-2=0, SS 3-2-0=1, FF 8+1-3=6 capped by the project finish 8-3=5
    assert result.free_float.tolist() == [0, 1, 5, 0]


# --- errors -----------------------------------------------------------------------------------


def test_a_cycle_is_named_in_link_order() -> None:
    pred = [0, 1, 2, 3, 3]
    succ = [1, 2, 3, 1, 4]
    with pytest.raises(CycleError, match="cycle through activities") as caught:
        cpm([1] * 5, pred, succ)

    cycle = caught.value.cycle
    assert sorted(cycle) == [1, 2, 3]
    links = set(zip(pred, succ, strict=True))
    assert all((a, b) in links for a, b in zip(cycle, (*cycle[1:], cycle[0]), strict=True))
    assert isinstance(caught.value, ValueError)


def test_a_self_link_is_a_cycle_of_one() -> None:
    with pytest.raises(CycleError, match="activities 2 -> 2") as caught:
        cpm([1, 1, 1], [0, 2], [1, 2])
    assert caught.value.cycle == (2,)


def test_a_long_cycle_is_shortened_in_the_message() -> None:
    n = 50
    with pytest.raises(CycleError, match=r"\.\.\. \(50 activities\)") as caught:
        cpm([1] * n, list(range(n)), [(i + 1) % n for i in range(n)])
    assert len(caught.value.cycle) == n


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([1, -2], [0], [1]), r"durations\[1\] = -2"),
        (([1.5, 2], [0], [1]), "durations must hold integers"),
        (([[1, 2]], [0], [1]), "durations must be one-dimensional"),
        (([1, 2], [0, 2], [1, 0]), r"pred\[1\] = 2 is not an activity index"),
        (([1, 2], [0], [-1]), r"succ\[0\] = -1 is not an activity index"),
        (([1, 2], [0, 1], [1]), "succ must have 2 entries"),
        (([1, 2], [0], [1], [4]), r"link_type\[0\] = 4 is not a link type"),
        (([1, 2], [0], [1], [0, 1]), "link_type must have 1 entries"),
        (([1, 2], [0], [1], None, [1, 2]), "lag must have 1 entries"),
        (([1, 2], [0], [1], None, [0.5]), "lag must hold integers"),
        (([1, 2**62], [0], [1]), "durations are too large"),
    ],
)
def test_bad_input_is_refused_naming_the_argument(args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cpm(*args)


def test_passes_refuse_durations_of_another_network() -> None:
    network = prepare(3, [0], [1])
    with pytest.raises(ValueError, match="durations must have 3 entries"):
        passes(network, [1, 2])


def test_results_are_read_only() -> None:
    result = cpm([1, 2], [0], [1])
    with pytest.raises(ValueError, match="read-only"):
        result.early_start[0] = 5


# --- properties -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    durations: list[int]
    pred: list[int]
    succ: list[int]
    link_type: list[int]
    lag: list[int]

    def result(self) -> CpmResult:
        return cpm(self.durations, self.pred, self.succ, self.link_type, self.lag)


@st.composite
def plans(draw: st.DrawFn, kinds: tuple[int, ...] = (0, 1, 2, 3), lags: int = 6) -> Plan:
    """A random DAG: links go forward in a random permutation of the activities."""
    n = draw(st.integers(1, 25))
    rank = draw(st.permutations(range(n)))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n))
    pairs = [(min(a, b), max(a, b)) for a, b in pairs if a != b]
    m = len(pairs)
    return Plan(
        durations=draw(st.lists(st.integers(0, 12), min_size=n, max_size=n)),
        pred=[rank[a] for a, _ in pairs],
        succ=[rank[b] for _, b in pairs],
        link_type=draw(st.lists(st.sampled_from(kinds), min_size=m, max_size=m)),
        lag=draw(st.lists(st.integers(-lags, lags), min_size=m, max_size=m)),
    )


def bound(kind: int, lag: int, es_p: int, ef_p: int, d_s: int) -> int:
    """Earliest start of the successor that one link allows (the documented table)."""
    return [ef_p, es_p, ef_p - d_s, es_p - d_s][kind] + lag


def reference(plan: Plan) -> dict[str, list[Any]]:
    """The definitions, relaxed to a fixed point: no topological order, no shared code."""
    n, d = len(plan.durations), plan.durations
    links = list(zip(plan.pred, plan.succ, plan.link_type, plan.lag, strict=True))
    es = [0] * n
    for _ in range(n):
        for p, s, kind, lag in links:
            es[s] = max(es[s], bound(kind, lag, es[p], es[p] + d[p], d[s]))
    ef = [es[v] + d[v] for v in range(n)]
    finish = max(ef)
    lf = [finish] * n
    for _ in range(n):
        for p, s, kind, lag in links:
            ls_s, lf_s = lf[s] - d[s], lf[s]
            late = [ls_s - lag, ls_s - lag + d[p], lf_s - lag, lf_s - lag + d[p]][kind]
            lf[p] = min(lf[p], late)
    ff = [finish - ef[v] for v in range(n)]
    for p, s, kind, lag in links:
        ff[p] = min(ff[p], [es[s], es[s], ef[s], ef[s]][kind] - lag - [ef[p], es[p]][kind % 2])
    tf = [lf[v] - ef[v] for v in range(n)]
    ls = [lf[v] - d[v] for v in range(n)]
    return dict(zip(FIELDS, [es, ef, ls, lf, tf, ff, [t <= 0 for t in tf]], strict=True))


@given(plans())
def test_results_agree_with_the_definitions(plan: Plan) -> None:
    assert columns(plan.result()) == reference(plan)


@given(plans())
def test_dates_are_consistent_and_floats_ordered(plan: Plan) -> None:
    r = plan.result()
    d = np.asarray(plan.durations)
    assert (r.early_start >= 0).all()
    assert (r.early_start <= r.late_start).all()
    assert (r.early_finish <= r.late_finish).all()
    assert (r.late_finish <= r.project_finish).all()
    assert (r.early_finish == r.early_start + d).all()
    assert (r.late_finish == r.late_start + d).all()
    assert (r.total_float >= 0).all()  # no date constraints yet, so never negative
    assert (r.free_float >= 0).all()
    assert (r.free_float <= r.total_float).all()
    assert (r.critical == (r.total_float == 0)).all()
    for p, s, kind, lag in zip(plan.pred, plan.succ, plan.link_type, plan.lag, strict=True):
        for start in (r.early_start, r.late_start):
            assert start[s] >= bound(kind, lag, start[p], start[p] + d[p], d[s])


def driving_chain(plan: Plan, r: CpmResult) -> list[tuple[int, int]]:
    """Walk back from an activity finishing at T through links that set the early start.

    Returns (activity, lag of the link into the next activity of the chain), start first.
    """
    d = plan.durations
    v = int(np.flatnonzero(r.early_finish == r.project_finish)[0])
    chain = [(v, 0)]
    while r.early_start[v] > 0:
        es, ef = r.early_start, r.early_finish
        links = zip(plan.pred, plan.succ, plan.link_type, plan.lag, strict=True)
        p, lag = next(
            (p, lag)
            for p, s, kind, lag in links
            if s == v and bound(kind, lag, es[p], ef[p], d[v]) == es[v]
        )
        chain.append((p, lag))
        v = p
    return chain[::-1]


@given(plans())
def test_every_critical_finish_is_driven_by_a_chain_of_critical_activities(plan: Plan) -> None:
    r = plan.result()
    chain = driving_chain(plan, r)
    assert all(r.critical[v] for v, _ in chain)
    assert r.early_start[chain[0][0]] == 0


@given(plans(kinds=(0,)))
def test_with_finish_to_start_links_the_critical_path_is_as_long_as_the_project(
    plan: Plan,
) -> None:
    # For FS links, the chain of driving links from an activity starting at 0 to one finishing
    # at T is a critical path: its durations plus its lags add up to the project duration.
    r = plan.result()
    chain = driving_chain(plan, r)
    length = sum(plan.durations[v] + lag for v, lag in chain)
    assert length == r.project_finish


@given(plans(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_activities_or_links(plan: Plan, rnd: Any) -> None:
    n, m = len(plan.durations), len(plan.pred)
    new = list(range(n))  # activity v becomes new[v]
    rnd.shuffle(new)
    links = list(range(m))
    rnd.shuffle(links)
    old = np.argsort(new)  # new index -> old index
    shuffled = Plan(
        durations=[plan.durations[v] for v in old],
        pred=[new[plan.pred[k]] for k in links],
        succ=[new[plan.succ[k]] for k in links],
        link_type=[plan.link_type[k] for k in links],
        lag=[plan.lag[k] for k in links],
    )
    before, after = plan.result(), shuffled.result()
    for field in FIELDS:
        assert (getattr(after, field)[new] == getattr(before, field)).all(), field


@settings(max_examples=30)
@given(plans(), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_one_prepared_network_serves_many_duration_samples(
    plan: Plan, runs: int, seed: int
) -> None:
    network = prepare(len(plan.durations), plan.pred, plan.succ, plan.link_type, plan.lag)
    samples = np.random.default_rng(seed).integers(0, 12, (runs, len(plan.durations)))

    finish, critical_runs = project_finish_batch(network, samples)

    results = [passes(network, row) for row in samples]
    one_by_one = [
        cpm(row, plan.pred, plan.succ, plan.link_type, plan.lag).project_finish for row in samples
    ]
    assert finish.tolist() == [r.project_finish for r in results] == one_by_one
    assert critical_runs.tolist() == np.sum([r.critical for r in results], axis=0).tolist()
