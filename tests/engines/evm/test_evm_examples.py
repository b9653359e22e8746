"""Earned value engine: hand-checked examples, to the cent.

The formulas are those of PMI's *Practice Standard for Earned Value Management* (2nd ed.,
2011) and the *PMBOK Guide* (6th ed., 2017, section 7.4.2.2 and Table 7-1), and for earned
schedule Lipke, "Schedule is Different", *The Measurable News*, March 2003 (ES = C + I).
The figures below are **not** copied from those books: I could not check their published
tables here, so every example is constructed for this suite and its expected values are
worked by hand in the docstring (exact fractions, then rounded half up to the cent), so a
reviewer can redo them with a pencil.
"""

from __future__ import annotations

import numpy as np
import pytest

from openpmo.engines.evm import (
    EacMethod,
    PlannedCurve,
    analyse,
    figures,
    planned_curve,
    round_half_up,
    tasks,
)


def cents(values: np.ndarray) -> list[float]:
    return round_half_up(values, 2).tolist()


def four_task_project() -> object:
    """Tasks A, B, C and milestone M of one project, in working days, status date day 10.

    ====  ==========  =========  ========  =====  ==========  ======  =======  ========
    task  BAC         baseline   planned   done   AC          hours   act. h   ETC
    ====  ==========  =========  ========  =====  ==========  ======  =======  ========
    A     10,000.00   day 0-10   100 %     100 %  11,250.00   80      90       0.00
    B      8,000.00   day 5-15    50 %      40 %   3,900.00   64      30       5,000.00
    C      6,000.00   day 10-20    0 %       0 %       0.00   48       0       6,500.00
    M          0.00   day 20       0 %       0 %       0.00    0       0       0.00
    ====  ==========  =========  ========  =====  ==========  ======  =======  ========
    """
    return tasks(
        budget=[10_000.00, 8_000.00, 6_000.00, 0.0],
        hours=[80, 64, 48, 0],
        start=[0, 5, 10, 20],
        finish=[10, 15, 20, 20],
        percent_complete=[100, 40, 0, 0],
        actual_cost=[11_250.00, 3_900.00, 0.0, 0.0],
        actual_hours=[90, 30, 0, 0],
        etc_cost=[0.0, 5_000.00, 6_500.00, 0.0],
    )


def test_project_money_figures_match_the_hand_calculation_to_the_cent() -> None:
    """BAC 24,000; PV = 10,000 + 8,000 x 5/10 = 14,000; EV = 10,000 + 0.4 x 8,000 = 13,200;
    AC = 15,150.

    SV = -800.00, CV = -1,950.00, SPI = 13,200/14,000 = 0.942857 -> 0.94,
    CPI = 13,200/15,150 = 0.871287 -> 0.87, SV% = -5.71 %, CV% = -14.77 %.
    EAC(CPI) = 24,000 x 15,150 / 13,200 = 27,545.4545 -> 27,545.45;
    EAC(CPI x SPI) = 15,150 + 10,800 x 15,150 x 14,000 / 13,200^2 = 28,296.6942 -> 28,296.69;
    EAC(bottom-up) = 15,150 + 0 + 5,000 + 6,500 = 26,650.00;
    EAC(budget) = 15,150 + 24,000 - 13,200 = 25,950.00;
    ETC = 27,545.45 - 15,150 = 12,395.45; VAC = 24,000 - 27,545.45 = -3,545.45;
    TCPI(BAC) = 10,800 / 8,850 = 1.220339 -> 1.22; TCPI(EAC by CPI) = CPI = 0.87.
    """
    project = analyse(four_task_project(), 10, parents=[[0, 0, 0, 0]]).levels[1].money

    assert cents(project.bac) == [24_000.00]
    assert cents(project.pv) == [14_000.00]
    assert cents(project.ev) == [13_200.00]
    assert cents(project.ac) == [15_150.00]
    assert cents(project.sv) == [-800.00]
    assert cents(project.cv) == [-1_950.00]
    assert cents(project.spi) == [0.94]
    assert cents(project.cpi) == [0.87]
    assert cents(project.sv_percent) == [-5.71]
    assert cents(project.cv_percent) == [-14.77]
    assert cents(project.eac_cpi) == [27_545.45]
    assert cents(project.eac_cpi_spi) == [28_296.69]
    assert cents(project.eac_bottom_up) == [26_650.00]
    assert cents(project.eac_budget) == [25_950.00]
    assert cents(project.eac) == [27_545.45]
    assert cents(project.etc) == [12_395.45]
    assert cents(project.vac) == [-3_545.45]
    assert cents(project.tcpi_bac) == [1.22]
    assert cents(project.tcpi_eac) == [0.87]


def test_project_earned_schedule_matches_the_hand_calculation() -> None:
    """The planned value curve rises 1,000/day on days 0-5 (A), 1,800/day on 5-10 (A + B),
    1,400/day on 10-15 (B + C), 600/day on 15-20 (C): PV(5) = 5,000, PV(10) = 14,000,
    PV(15) = 21,000, PV(20) = 24,000. EV = 13,200 lies in 5-10:
    ES = 5 + (13,200 - 5,000) / 1,800 = 86/9 = 9.5556 days; AT = 10; PD = 20;
    SV(t) = -4/9 = -0.4444; SPI(t) = 86/90 = 0.9556; IEAC(t) = 20 / (86/90) = 20.9302 days.
    """
    project = analyse(four_task_project(), 10, parents=[[0, 0, 0, 0]]).levels[1].money

    assert round_half_up(project.es, 4).tolist() == [9.5556]
    assert project.at.tolist() == [10.0]
    assert project.pd.tolist() == [20.0]
    assert round_half_up(project.sv_t, 4).tolist() == [-0.4444]
    assert round_half_up(project.spi_t, 4).tolist() == [0.9556]
    assert round_half_up(project.ieac_t, 4).tolist() == [20.9302]


def test_hours_use_the_same_formulas_on_planned_and_actual_hours() -> None:
    """Hours: BAC 192 h; PV = 80 + 64 x 0.5 = 112 h; EV = 80 + 0.4 x 64 = 105.6 h;
    AC = 120 h; SPI = 105.6/112 = 0.942857 -> 0.94; CPI = 105.6/120 = 0.88;
    EAC(CPI) = 192 / 0.88 = 218.18 h. Hours per day are the money figures / 125, so the
    earned schedule is the same 86/9 days.
    """
    project = analyse(four_task_project(), 10, parents=[[0, 0, 0, 0]]).levels[1].hours

    assert cents(np.array([project.bac, project.pv, project.ev, project.ac]).ravel()) == [
        192.0,
        112.0,
        105.6,
        120.0,
    ]
    assert cents(project.spi) == [0.94]
    assert cents(project.cpi) == [0.88]
    assert cents(project.eac_cpi) == [218.18]
    assert round_half_up(project.es, 4).tolist() == [9.5556]


def test_task_level_figures_are_each_tasks_own() -> None:
    """Per task at day 10: PV = [10,000, 4,000, 0, 0], EV = [10,000, 3,200, 0, 0];
    CPI A = 10,000/11,250 = 0.8889; SPI of C is NaN (PV 0) and CPI of C is NaN (AC 0);
    task ES: A = 10 (finished), B = 0.4 x 10 = 4, C = 0, M = 0 (a milestone spans no time).
    """
    level = analyse(four_task_project(), 10).levels[0].money

    assert cents(level.pv) == [10_000.00, 4_000.00, 0.0, 0.0]
    assert cents(level.ev) == [10_000.00, 3_200.00, 0.0, 0.0]
    assert round_half_up(level.cpi[:2], 4).tolist() == [0.8889, 0.8205]
    assert np.isnan(level.spi[2])
    assert np.isnan(level.cpi[2])
    assert level.es.tolist() == [10.0, 4.0, 0.0, 0.0]
    assert level.pd.tolist() == [10.0, 10.0, 10.0, 0.0]


def test_period_table_earned_schedule_is_lipkes_c_plus_i() -> None:
    """Cumulative PV by month 1-6: 100, 250, 450, 700, 900, 1,000; at the end of month 5
    EV = 560. C = 3 (PV_3 = 450 <= 560 < 700 = PV_4), I = (560 - 450)/(700 - 450) = 0.44,
    ES = 3.44 months; AT = 5; SV(t) = -1.56; SPI(t) = 3.44/5 = 0.688;
    IEAC(t) = PD / SPI(t) = 6 / 0.688 = 8.7209 months. SPI (cost based) = 560/900 = 0.6222.
    """
    curve = PlannedCurve.from_table([[100, 250, 450, 700, 900, 1000]])
    es = curve.earned_schedule([560.0])

    result = figures(bac=1000.0, pv=900.0, ev=560.0, ac=600.0, es=es, at=5, pd=6)

    assert round_half_up(es, 4).tolist() == [3.44]
    assert round_half_up(result.sv_t, 4).tolist() == [-1.56]
    assert round_half_up(result.spi_t, 4).tolist() == [0.688]
    assert round_half_up(result.ieac_t, 4).tolist() == [8.7209]
    assert round_half_up(result.spi, 4).tolist() == [0.6222]


def test_earned_schedule_on_a_pv_plateau_is_its_end_and_on_a_milestone_step_its_time() -> None:
    """Task X 0-4 budget 400, gap 4-6, milestone Y at 6 worth 200, task Z 6-10 budget 400.
    PV: 0 -> 400 at 4, flat to 6, step to 600 at 6, 1,000 at 10. EV 400 -> ES 6 (the last
    time PV <= 400, as Lipke's C counts every period with PV <= EV); EV 500 -> ES 6 (inside
    the step); EV 800 -> ES 6 + 200/100 = 8; EV 1,000 -> ES 10 = PD.
    """
    curve = planned_curve([0, 6, 6], [4, 6, 10], [400, 200, 400], [0, 0, 0])
    es = [curve.earned_schedule([v]).item() for v in (0.0, 200.0, 400.0, 500.0, 800.0, 1000.0)]

    assert es == [0.0, 2.0, 6.0, 6.0, 8.0, 10.0]
    assert curve.value_at([0, 2, 5, 6, 8, 10, 12]).tolist() == [
        [0.0, 200.0, 400.0, 600.0, 800.0, 1000.0, 1000.0]
    ]


def test_roll_up_recomputes_ratios_from_sums_instead_of_averaging() -> None:
    """Two projects in one program: P0 EV 100 / AC 200 (CPI 0.5), P1 EV 900 / AC 900
    (CPI 1.0). Program CPI = 1,000 / 1,100 = 0.9091, not the average 0.75.
    """
    items = tasks(
        budget=[100.0, 900.0],
        start=[0, 0],
        finish=[10, 10],
        percent_complete=[100, 100],
        actual_cost=[200.0, 900.0],
    )
    result = analyse(items, 10, parents=[[0, 1], [0, 0], [0]])

    assert result.levels[1].money.cpi.tolist() == [0.5, 1.0]
    assert round_half_up(result.levels[2].money.cpi, 4).tolist() == [0.9091]
    assert round_half_up(result.levels[3].money.cpi, 4).tolist() == [0.9091]


def test_zero_denominators_give_nan_never_an_exception_or_zero() -> None:
    """Nothing planned, earned or spent yet: SPI, CPI, SV%, CV%, EAC by CPI and SPI(t) are
    NaN; a project that spent money but earned nothing has CPI 0 and EAC(CPI) NaN (not inf);
    BAC == AC makes TCPI(BAC) NaN; an empty group has NaN earned schedule and 0 sums.
    """
    items = tasks(
        budget=[1000.0, 500.0],
        start=[10, 0],
        finish=[20, 10],
        percent_complete=[0, 0],
        actual_cost=[0.0, 500.0],
    )
    result = analyse(items, 5, parents=[[0, 2]], sizes=[3])
    money = result.levels[1].money

    assert np.isnan(money.spi[0])
    assert np.isnan(money.cpi[0])
    assert np.isnan(money.sv_percent[0])
    assert np.isnan(money.eac_cpi[0])
    assert np.isnan(money.cv_percent[0])
    assert money.at[0] == -5.0
    assert np.isnan(money.spi_t[0])
    assert money.cpi[2] == 0.0
    assert np.isnan(money.eac_cpi[2])
    assert np.isnan(money.tcpi_bac[2])
    assert money.bac[1] == 0.0
    assert np.isnan(money.es[1])
    assert np.isnan(money.spi[1])
    assert money.eac_budget[2] == 1000.0


def test_eac_method_chooses_the_reported_estimate() -> None:
    items = four_task_project()
    for method, expected in (
        (EacMethod.CPI, 27_545.45),
        (EacMethod.CPI_SPI, 28_296.69),
        (EacMethod.BOTTOM_UP, 26_650.00),
        ("budget", 25_950.00),
    ):
        money = analyse(items, 10, parents=[[0, 0, 0, 0]], eac_method=method).levels[1].money
        assert cents(money.eac) == [expected]
        assert cents(money.vac) == [round(24_000.00 - expected, 2)]


def test_round_half_up_rounds_halves_away_from_zero_despite_binary_noise() -> None:
    assert round_half_up([2.675, -2.675, 0.125, 0.005, 1.0049, np.nan], 2)[:5].tolist() == [
        2.68,
        -2.68,
        0.13,
        0.01,
        1.0,
    ]
    assert np.isnan(round_half_up([np.nan])[0])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"percent_complete": [101, 0]}, r"percent_complete must be between 0 and 100.*\[0\]"),
        ({"finish": [10, -1]}, r"finish must be >= start, got finish\[1\]"),
        ({"actual_cost": [0.0, np.nan]}, r"actual_cost must be finite and >= 0.*\[1\]"),
        ({"budget": [1.0, -2.0]}, r"budget must be finite and >= 0.*\[1\]"),
        ({"start": [0.5, 0.0]}, "start must hold integers"),
        ({"budget": [1.0]}, r"start must have 1 entries"),
    ],
)
def test_bad_input_names_the_argument_and_entry(change: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "budget": [1.0, 2.0],
        "start": [0, 0],
        "finish": [10, 10],
        "percent_complete": [0, 0],
        "actual_cost": [0.0, 0.0],
    }
    arguments.update(change)
    with pytest.raises(ValueError, match=message):
        tasks(**arguments)  # type: ignore[arg-type]


def test_a_group_index_out_of_range_is_refused() -> None:
    items = tasks(budget=[1.0], start=[0], finish=[1], percent_complete=[0], actual_cost=[0.0])
    with pytest.raises(ValueError, match=r"parents\[0\]\[0\] = 3 is not a group index"):
        analyse(items, 0, parents=[[3]], sizes=[2])
