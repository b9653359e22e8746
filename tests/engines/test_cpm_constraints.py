"""Critical path with constraints, deadlines, percentage lags, summaries and progress."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openpmo.engines import CycleError
from openpmo.engines.cpm import (
    NO_DATE,
    ConstraintType,
    LinkType,
    ScheduleInput,
    ScheduleResult,
    schedule,
)
from tests.engines.test_cpm import FIELDS, Plan, plans

C = ConstraintType
N = None


def chain(**columns: Any) -> ScheduleResult:
    """A (3) -FS-> B (4), and C (10) alone, which sets the project finish at 10."""
    return schedule(ScheduleInput(durations=[3, 4, 10], pred=[0], succ=[1], **columns))


def on_b(kind: ConstraintType, day: int) -> ScheduleResult:
    return chain(constraint_type=[C.ASAP, kind, C.ASAP], constraint_date=[N, day, N])


def row(r: ScheduleResult, v: int) -> tuple[int, int, int, int, int]:
    """(ES, EF, LS, LF, TF) of activity v."""
    return (
        int(r.early_start[v]),
        int(r.early_finish[v]),
        int(r.late_start[v]),
        int(r.late_finish[v]),
        int(r.total_float[v]),
    )


# --- constraints on B of the chain A (3) -> B (4), C (10) -------------------------------------


def test_without_constraints_the_chain_has_float_three() -> None:
    r = chain()
    assert row(r, 0) == (0, 3, 3, 6, 3)
    assert row(r, 1) == (3, 7, 6, 10, 3)
    assert r.project_finish == 10


@pytest.mark.parametrize(
    ("kind", "day", "b", "a_tf", "finish"),
    [
        # start no earlier than 5: B moves to 5-9, A keeps LF = LS_B = 6
        (C.SNET, 5, (5, 9, 6, 10, 1), 3, 10),
        # ... than 8: B finishes at 12, past C, and drives the project
        (C.SNET, 8, (8, 12, 8, 12, 0), 5, 12),
        # a date the links already satisfy changes nothing
        (C.SNET, 2, (3, 7, 6, 10, 3), 3, 10),
        # finish no earlier than 9 is start no earlier than 5
        (C.FNET, 9, (5, 9, 6, 10, 1), 3, 10),
        # start no later than 4: late dates only
        (C.SNLT, 4, (3, 7, 4, 8, 1), 1, 10),
        # ... than 1, which the links cannot meet: negative float on the path
        (C.SNLT, 1, (3, 7, 1, 5, -2), -2, 10),
        # finish no later than 8
        (C.FNLT, 8, (3, 7, 4, 8, 1), 1, 10),
        # must start on 5: early and late start both 5, zero float of its own
        (C.MSO, 5, (5, 9, 5, 9, 0), 2, 10),
        # must start on 1 overrides the link from A (which ends at 3): A gets -2
        (C.MSO, 1, (1, 5, 1, 5, 0), -2, 10),
        # must finish on 9 is must start on 5
        (C.MFO, 9, (5, 9, 5, 9, 0), 2, 10),
    ],
)
def test_each_constraint_moves_the_dates_it_documents(
    kind: ConstraintType, day: int, b: tuple[int, ...], a_tf: int, finish: int
) -> None:
    r = on_b(kind, day)

    assert row(r, 1) == b
    assert r.total_float[0] == a_tf
    assert r.early_start[0] == 0  # no constraint moves a predecessor's early dates
    assert r.project_finish == finish
    assert r.critical.tolist() == (r.total_float <= 0).tolist()


def test_a_violated_must_start_shows_as_negative_free_float_on_the_link() -> None:
    r = on_b(C.MSO, 1)
    assert r.free_float[0] == -2  # B starts 2 units before A's finish allows


def test_alap_places_an_activity_at_its_late_dates_and_its_successor_follows() -> None:
    # MS Project: A as late as possible goes to 3-6, and B, linked after it, to 6-10.
    r = chain(constraint_type=[C.ALAP, C.ASAP, C.ASAP])

    assert (r.scheduled_start.tolist(), r.scheduled_finish.tolist()) == ([3, 6, 0], [6, 10, 10])
    assert row(r, 0) == (0, 3, 3, 6, 3)  # A's early dates stay the as-soon-as-possible ones
    assert row(r, 1) == (6, 10, 6, 10, 0)  # B has lost its float to A
    assert r.free_float[0] == 0
    assert r.project_finish == 10


def test_alap_without_successors_finishes_with_the_project() -> None:
    r = chain(constraint_type=[C.ASAP, C.ALAP, C.ASAP])
    assert (r.scheduled_start[1], r.scheduled_finish[1]) == (6, 10)
    assert r.early_start[1] == 3
    assert r.free_float[1] == 0


def test_a_missing_constraint_date_is_refused() -> None:
    with pytest.raises(ValueError, match=r"constraint_date\[1\] is missing"):
        on_b(C.SNET, NO_DATE)


def test_an_unknown_constraint_code_is_refused() -> None:
    with pytest.raises(ValueError, match=r"constraint_type\[0\] = 9"):
        chain(constraint_type=[9, 0, 0], constraint_date=[1, 1, 1])


# --- deadlines ---------------------------------------------------------------------------------


def test_a_deadline_that_cannot_be_met_gives_negative_float_to_the_whole_path() -> None:
    r = chain(deadline=[N, 5, N])

    assert r.early_finish.tolist() == [3, 7, 10]  # no effect on early dates
    assert row(r, 1) == (3, 7, 1, 5, -2)
    assert r.total_float.tolist() == [-2, -2, 0]
    assert r.critical.tolist() == [True, True, True]


def test_a_deadline_that_can_be_met_only_reduces_float() -> None:
    r = chain(deadline=[N, 8, N])
    assert r.total_float.tolist() == [1, 1, 0]
    assert r.critical.tolist() == [False, False, True]


def test_a_milestone_after_the_chain_with_a_deadline() -> None:
    r = schedule(ScheduleInput(durations=[3, 4, 0], pred=[0, 1], succ=[1, 2], deadline=[N, N, 6]))
    assert row(r, 2) == (7, 7, 6, 6, -1)
    assert r.total_float.tolist() == [-1, -1, -1]


def test_a_milestone_with_must_finish_on() -> None:
    r = schedule(
        ScheduleInput(
            durations=[3, 0],
            pred=[0],
            succ=[1],
            constraint_type=[C.ASAP, C.MFO],
            constraint_date=[N, 5],
        )
    )
    assert row(r, 1) == (5, 5, 5, 5, 0)
    assert r.total_float[0] == 2
    assert r.free_float[0] == 2


# --- lags as a percentage of the predecessor's duration ------------------------------------------


@pytest.mark.parametrize(
    ("kind", "lag", "percent", "es_b"),
    [
        (LinkType.FS, 0, 50, 6),  # 50 % of 4 = 2 after A's finish at 4
        (LinkType.SS, 0, 50, 2),
        (LinkType.FS, 1, 50, 7),  # absolute and percentage lags add up
        (LinkType.FS, 0, 37.5, 6),  # 1.5 rounds half away from zero to 2
        (LinkType.FS, 0, -37.5, 2),  # -1.5 rounds to -2
        (LinkType.FS, 0, 10, 4),  # 0.4 rounds to 0
    ],
)
def test_a_percentage_lag_uses_the_predecessor_duration(
    kind: LinkType, lag: int, percent: float, es_b: int
) -> None:
    r = schedule(
        ScheduleInput(
            durations=[4, 3],
            pred=[0],
            succ=[1],
            link_type=[kind],
            lag=[lag],
            lag_percent=[percent],
        )
    )
    assert r.early_start[1] == es_b


# --- summary tasks -------------------------------------------------------------------------------


def outline(**columns: Any) -> ScheduleResult:
    """W (2) -> S, S = {X (3), Y (2)}, S -> Z (4): links to and from the summary S."""
    #            S   X  Y  Z  W
    return schedule(
        ScheduleInput(
            durations=[99, 3, 2, 4, 2],
            pred=[4, 0],
            succ=[0, 3],
            parent=[-1, 0, 0, -1, -1],
            **columns,
        )
    )


def test_a_summary_rolls_up_its_children_and_its_links_apply_to_each_child() -> None:
    r = outline()

    # W -> S puts X and Y after W; S -> Z puts Z after both.
    assert r.early_start.tolist() == [2, 2, 2, 5, 0]
    assert r.early_finish.tolist() == [5, 5, 4, 9, 2]
    assert r.late_start.tolist() == [2, 2, 3, 5, 0]
    assert r.late_finish.tolist() == [5, 5, 5, 9, 2]
    assert r.total_float.tolist() == [0, 0, 1, 0, 0]
    assert r.summary.tolist() == [True, False, False, False, False]
    assert r.project_finish == 9  # the summary's own duration 99 plays no part


def test_a_summary_deadline_binds_every_child() -> None:
    r = outline(deadline=[4, N, N, N, N])
    assert r.total_float.tolist()[:3] == [-1, -1, 0]
    assert r.late_finish[2] == 4


def test_nested_summaries_roll_up_through_every_level() -> None:
    # Summary 0 holds summary 1 and leaf 3; summary 1 holds leaves 2 and 4; 2 -> 4, 3 -> 4.
    r = schedule(
        ScheduleInput(
            durations=[0, 0, 5, 1, 2],
            pred=[2, 3],
            succ=[4, 4],
            parent=[-1, 0, 1, 0, 1],
        )
    )
    assert r.early_start.tolist()[:2] == [0, 0]
    assert r.early_finish.tolist() == [7, 7, 5, 1, 7]
    assert r.summary.tolist() == [True, True, False, False, False]


def test_a_link_from_a_summary_to_its_own_child_is_refused() -> None:
    with pytest.raises(ValueError, match="joins a summary to an activity inside it"):
        schedule(ScheduleInput(durations=[0, 1], pred=[0], succ=[1], parent=[-1, 0]))


def test_a_loop_in_the_outline_is_refused() -> None:
    with pytest.raises(ValueError, match="loop"):
        schedule(ScheduleInput(durations=[1, 1, 1], parent=[1, 0, -1]))


def test_a_cycle_through_a_summary_names_its_leaves() -> None:
    with pytest.raises(CycleError) as caught:
        # 1 -> S stands for 1 -> 2, the only child of S; 2 -> 1 closes the loop.
        schedule(ScheduleInput(durations=[0, 1, 1], pred=[1, 2], succ=[0, 1], parent=[-1, -1, 0]))
    assert sorted(caught.value.cycle) == [1, 2]


# --- progress: status date 10 ------------------------------------------------------------------


def progress(**columns: Any) -> ScheduleResult:
    """A (5) -> B (4) -> C (3), and D (2) alone; status date 10."""
    return schedule(
        ScheduleInput(durations=[5, 4, 3, 2], pred=[0, 1], succ=[1, 2], status_date=10, **columns)
    )


def test_done_in_progress_and_not_started_activities() -> None:
    # A ran 0-6 (a unit late); B started at 6 and has 2 units left after the status date.
    r = progress(actual_start=[0, 6, N, N], actual_finish=[6, N, N, N], remaining=[N, 2, N, N])

    assert row(r, 0) == (0, 6, 0, 6, 0)  # complete: actual dates, no float, not critical
    assert row(r, 1) == (6, 12, 6, 12, 0)  # finishes at status date + remaining
    assert row(r, 2) == (12, 15, 12, 15, 0)
    assert row(r, 3) == (10, 12, 13, 15, 3)  # not started: not before the status date
    assert r.critical.tolist() == [False, True, True, False]
    assert r.complete.tolist() == [True, False, False, False]
    assert r.in_progress.tolist() == [False, True, False, False]
    assert r.free_float[0] == 0


def test_percent_complete_gives_the_remaining_duration() -> None:
    r = progress(
        actual_start=[0, 6, N, N], actual_finish=[6, N, N, N], percent_complete=[100, 50, 0, 0]
    )
    assert r.early_finish[1] == 12  # 50 % of 4 left, after the status date


def test_without_remaining_the_work_done_is_the_time_since_the_actual_start() -> None:
    r = progress(actual_start=[0, 8, N, N], actual_finish=[6, N, N, N])
    assert r.early_finish[1] == 12  # 2 of 4 units done by the status date 10, 2 left


def test_an_actual_finish_alone_implies_the_start() -> None:
    r = progress(actual_finish=[6, N, N, N])
    assert (r.early_start[0], r.early_finish[0]) == (1, 6)
    assert r.early_start[1] == 10  # B has not started: the status date holds it


def test_hundred_percent_complete_finishes_after_the_planned_duration() -> None:
    r = progress(actual_start=[1, N, N, N], percent_complete=[100, N, N, N])
    assert r.complete[0]
    assert r.early_finish[0] == 6


def test_out_of_sequence_progress_overrides_the_link() -> None:
    # C started at 5 although B has not: the link B -> C binds neither of them any more.
    r = progress(actual_start=[0, N, 5, N], actual_finish=[5, N, N, N], remaining=[N, N, 1, N])
    assert row(r, 2) == (5, 11, 8, 14, 3)
    assert row(r, 1) == (10, 14, 10, 14, 0)


def test_a_not_started_activity_with_must_start_before_the_status_date_keeps_it() -> None:
    r = progress(constraint_type=[0, 0, 0, C.MSO], constraint_date=[N, N, N, 2])
    assert r.early_start[3] == 2


def test_percent_complete_without_an_actual_start_is_refused() -> None:
    with pytest.raises(ValueError, match=r"percent_complete\[1\] > 0 needs an actual_start"):
        progress(percent_complete=[0, 30, 0, 0])


def test_an_actual_finish_before_the_actual_start_is_refused() -> None:
    with pytest.raises(ValueError, match=r"actual_finish\[0\] is before"):
        progress(actual_start=[5, N, N, N], actual_finish=[4, N, N, N])


# --- properties ----------------------------------------------------------------------------------


def plain(plan: Plan, **columns: Any) -> ScheduleResult:
    return schedule(
        ScheduleInput(
            durations=plan.durations,
            pred=plan.pred,
            succ=plan.succ,
            link_type=plan.link_type,
            lag=plan.lag,
            **columns,
        )
    )


@given(plans())
def test_without_constraints_or_progress_schedule_equals_cpm(plan: Plan) -> None:
    r, expected = plain(plan), plan.result()
    for field in FIELDS:
        assert (getattr(r, field) == getattr(expected, field)).all(), field
    assert (r.scheduled_start == r.early_start).all()
    assert r.project_finish == expected.project_finish


@st.composite
def plans_with_dates(draw: st.DrawFn, kinds: tuple[int, ...]) -> tuple[Plan, list[int], list[int]]:
    plan = draw(plans())
    n = len(plan.durations)
    codes = draw(st.lists(st.sampled_from(kinds), min_size=n, max_size=n))
    days = draw(st.lists(st.integers(-5, 60), min_size=n, max_size=n))
    return plan, codes, days


@given(plans_with_dates((C.ASAP, C.SNET, C.FNET)))
def test_start_and_finish_no_earlier_than_never_make_early_dates_earlier(
    case: tuple[Plan, list[int], list[int]],
) -> None:
    plan, codes, days = case
    r = plain(plan, constraint_type=codes, constraint_date=days)
    free = plan.result()
    assert (r.early_start >= free.early_start).all()
    d = np.asarray(plan.durations)
    for v, (code, day) in enumerate(zip(codes, days, strict=True)):
        if code == C.SNET:
            assert r.early_start[v] >= day
        elif code == C.FNET:
            assert r.early_finish[v] >= day
    assert (r.total_float >= 0).all()  # pushing early dates never breaks a late bound
    assert (r.early_finish == r.early_start + d).all()


@given(plans_with_dates((C.ASAP, C.SNLT, C.FNLT)), st.lists(st.integers(0, 60), max_size=25))
def test_late_constraints_and_deadlines_never_move_early_dates(
    case: tuple[Plan, list[int], list[int]], due: list[int]
) -> None:
    plan, codes, days = case
    n = len(plan.durations)
    deadline = [due[v] if v < len(due) else None for v in range(n)]
    r = plain(plan, constraint_type=codes, constraint_date=days, deadline=deadline)
    free = plan.result()
    assert (r.early_start == free.early_start).all()
    assert (r.late_finish <= free.late_finish).all()
    for v in range(n):
        if deadline[v] is not None:
            assert r.late_finish[v] <= deadline[v]
    assert (r.critical == (r.total_float <= 0)).all()


@given(plans(), st.data())
def test_alap_activities_have_no_free_float_and_keep_the_late_dates(
    plan: Plan, data: st.DataObject
) -> None:
    n = len(plan.durations)
    alap = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    r = plain(plan, constraint_type=[C.ALAP if a else C.ASAP for a in alap])
    free = plan.result()
    chosen = np.asarray(alap)
    assert (r.free_float[chosen] == 0).all()
    assert (r.scheduled_start[chosen] == free.late_start[chosen]).all()
    assert (r.late_finish == free.late_finish).all()
    assert (r.scheduled_start <= r.late_start).all()
    assert (r.scheduled_start >= free.early_start).all()
    assert r.project_finish == free.project_finish


@settings(max_examples=50)
@given(plans(), st.integers(0, 30), st.data())
def test_progress_keeps_actuals_and_holds_the_rest_after_the_status_date(
    plan: Plan, status: int, data: st.DataObject
) -> None:
    n = len(plan.durations)
    done = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    starts = data.draw(st.lists(st.integers(0, 20), min_size=n, max_size=n))
    finish = [s + plan.durations[v] if done[v] else None for v, s in enumerate(starts)]
    start = [s if done[v] else None for v, s in enumerate(starts)]
    r = plain(plan, actual_start=start, actual_finish=finish, status_date=status)
    for v in range(n):
        if done[v]:
            assert (r.early_start[v], r.early_finish[v]) == (start[v], finish[v])
            assert (r.late_start[v], r.late_finish[v]) == (start[v], finish[v])
            assert not r.critical[v]
        else:
            assert r.early_start[v] >= status


@settings(max_examples=50)
@given(plans_with_dates(tuple(ConstraintType)), st.randoms(use_true_random=False))
def test_constrained_results_do_not_depend_on_the_order_of_activities_or_links(
    case: tuple[Plan, list[int], list[int]], rnd: Any
) -> None:
    plan, codes, days = case
    n, m = len(plan.durations), len(plan.pred)
    new = list(range(n))
    rnd.shuffle(new)
    links = list(range(m))
    rnd.shuffle(links)
    old = np.argsort(new)
    before = plain(plan, constraint_type=codes, constraint_date=days, deadline=days)
    after = schedule(
        ScheduleInput(
            durations=[plan.durations[v] for v in old],
            pred=[new[plan.pred[k]] for k in links],
            succ=[new[plan.succ[k]] for k in links],
            link_type=[plan.link_type[k] for k in links],
            lag=[plan.lag[k] for k in links],
            constraint_type=[codes[v] for v in old],
            constraint_date=[days[v] for v in old],
            deadline=[days[v] for v in old],
        )
    )
    for field in (*FIELDS, "scheduled_start", "scheduled_finish"):
        assert (getattr(after, field)[new] == getattr(before, field)).all(), field
