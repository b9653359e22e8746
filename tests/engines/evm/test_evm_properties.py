"""Earned value engine: properties that hold for any portfolio (Hypothesis)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from openpmo.engines.evm import analyse, divide, planned_curve, tasks


@st.composite
def portfolios(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 30))
    n_projects = draw(st.integers(1, 6))
    n_programs = draw(st.integers(1, 3))
    ints = st.integers(0, 50)
    money = st.floats(0, 1e6, allow_nan=False).map(lambda x: round(x, 2))
    start = np.array(draw(st.lists(ints, min_size=n, max_size=n)))
    span = np.array(draw(st.lists(st.integers(0, 20), min_size=n, max_size=n)))
    return {
        "items": tasks(
            budget=draw(st.lists(money, min_size=n, max_size=n)),
            hours=draw(st.lists(st.integers(0, 500), min_size=n, max_size=n)),
            start=start,
            finish=start + span,
            percent_complete=draw(st.lists(st.integers(0, 100), min_size=n, max_size=n)),
            actual_cost=draw(st.lists(money, min_size=n, max_size=n)),
            actual_hours=draw(st.lists(st.integers(0, 500), min_size=n, max_size=n)),
        ),
        "project": np.array(draw(st.lists(st.integers(0, n_projects - 1), min_size=n, max_size=n))),
        "program": np.array(
            draw(st.lists(st.integers(0, n_programs - 1), min_size=n_projects, max_size=n_projects))
        ),
        "n_projects": n_projects,
        "n_programs": n_programs,
        "status": draw(st.integers(-5, 80)),
    }


def run(p: dict[str, Any]) -> Any:
    return analyse(
        p["items"],
        p["status"],
        parents=[p["project"], p["program"], np.zeros(p["n_programs"], np.int64)],
        sizes=[p["n_projects"], p["n_programs"], 1],
    )


@settings(max_examples=60, deadline=None)
@given(portfolios())
def test_rolled_up_sums_equal_the_sum_of_their_parts(p: dict[str, Any]) -> None:
    result = run(p)
    tasks_, projects, programs, portfolio = result.levels
    for unit in ("money", "hours"):
        for field in ("bac", "pv", "ev", "ac"):
            per_task = getattr(getattr(tasks_, unit), field)
            per_project = getattr(getattr(projects, unit), field)
            expected = np.zeros(p["n_projects"])
            np.add.at(expected, p["project"], per_task)
            np.testing.assert_allclose(per_project, expected, rtol=1e-12, atol=1e-6)
            expected_programs = np.zeros(p["n_programs"])
            np.add.at(expected_programs, p["program"], per_project)
            np.testing.assert_allclose(
                getattr(getattr(programs, unit), field), expected_programs, rtol=1e-12, atol=1e-6
            )
            np.testing.assert_allclose(
                getattr(getattr(portfolio, unit), field), [per_task.sum()], rtol=1e-12, atol=1e-6
            )


@settings(max_examples=60, deadline=None)
@given(portfolios())
def test_indices_and_estimates_satisfy_their_identities(p: dict[str, Any]) -> None:
    for level in run(p).levels:
        m = level.money
        np.testing.assert_array_equal(m.spi, divide(m.ev, m.pv))
        np.testing.assert_array_equal(np.isnan(m.spi), m.pv == 0)
        np.testing.assert_array_equal(np.isnan(m.cpi), m.ac == 0)
        np.testing.assert_allclose(m.sv, m.ev - m.pv)
        np.testing.assert_allclose(m.cv, m.ev - m.ac)
        np.testing.assert_allclose(m.eac_budget - m.ac, m.bac - m.ev, atol=1e-6)
        np.testing.assert_allclose(m.etc, m.eac - m.ac, atol=1e-6)
        np.testing.assert_allclose(m.vac, m.bac - m.eac, atol=1e-6)
        defined = (m.ev > 0) & (m.ac > 0)  # CPI exists and is not 0
        # EAC = BAC / CPI  <=>  EAC * EV = BAC * AC
        np.testing.assert_allclose(
            (m.eac_cpi * m.ev)[defined], (m.bac * m.ac)[defined], rtol=1e-9, atol=1e-6
        )
        assert np.isnan(m.eac_cpi[~defined]).all()
        # with EAC by CPI the efficiency needed to meet EAC is the CPI itself
        both = defined & np.isfinite(m.tcpi_eac)
        np.testing.assert_allclose(m.tcpi_eac[both], m.cpi[both], rtol=1e-9)


@settings(max_examples=60, deadline=None)
@given(portfolios())
def test_earned_schedule_lies_within_the_planned_duration(p: dict[str, Any]) -> None:
    for level in run(p).levels:
        for figures in (level.money, level.hours):
            has = ~np.isnan(figures.es)
            assert (figures.es[has] >= 0).all()
            assert (figures.es[has] <= figures.pd[has] + 1e-9).all()
            np.testing.assert_allclose(figures.sv_t[has], (figures.es - figures.at)[has])


@settings(max_examples=60, deadline=None)
@given(portfolios())
def test_the_planned_curve_at_the_status_date_is_the_rolled_up_pv(p: dict[str, Any]) -> None:
    items = p["items"]
    project_pv = run(p).levels[1].money.pv
    curve = planned_curve(items.start, items.finish, items.budget, p["project"], p["n_projects"])

    at_status = curve.value_at([p["status"]])[:, 0]

    np.testing.assert_allclose(at_status, project_pv, rtol=1e-9, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(portfolios(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_tasks(p: dict[str, Any], rnd: Any) -> None:
    items = p["items"]
    order = np.array(rnd.sample(range(items.n), items.n))
    shuffled = dict(p)
    shuffled["items"] = tasks(
        budget=items.budget[order],
        hours=items.hours[order],
        start=items.start[order],
        finish=items.finish[order],
        percent_complete=items.percent_complete[order],
        actual_cost=items.actual_cost[order],
        actual_hours=items.actual_hours[order],
    )
    shuffled["project"] = p["project"][order]
    a, b = run(p).levels[1].money, run(shuffled).levels[1].money
    for field in ("pv", "ev", "ac", "cpi", "spi", "es", "spi_t", "eac_cpi_spi"):
        np.testing.assert_allclose(getattr(a, field), getattr(b, field), rtol=1e-9, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(portfolios(), st.floats(0, 1))
def test_earned_schedule_grows_with_earned_value(p: dict[str, Any], share: float) -> None:
    items = p["items"]
    curve = planned_curve(items.start, items.finish, items.budget, p["project"], p["n_projects"])
    total = curve.total
    lower = curve.earned_schedule(total * share * 0.5)
    upper = curve.earned_schedule(total * share)
    has = ~np.isnan(lower)
    assert (lower[has] <= upper[has] + 1e-9).all()


@settings(max_examples=60, deadline=None)
@given(portfolios())
def test_task_earned_schedule_equals_a_curve_per_task(p: dict[str, Any]) -> None:
    items = p["items"]
    money = run(p).levels[0].money
    curve = planned_curve(items.start, items.finish, items.budget)

    np.testing.assert_allclose(money.es, curve.earned_schedule(money.ev), atol=1e-9)
    np.testing.assert_allclose(money.pd, curve.finish - curve.start)
