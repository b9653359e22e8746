"""Health engine: every dimension by hand, boundaries, missing data, overall colour, reasons."""

from __future__ import annotations

import numpy as np
import pytest

from openpmo.engines.evm import analyse, tasks
from openpmo.engines.health import (
    Colour,
    Dimension,
    HealthConfig,
    Reason,
    Threshold,
    describe,
    evaluate,
    per_project,
    project_kpis,
    risk_exposure,
)
from openpmo.i18n import catalog, translate

G, Y, R, U = Colour.GREEN, Colour.AMBER, Colour.RED, Colour.GREY


def colours(values: list[float], threshold: Threshold) -> list[Colour]:
    return [Colour(int(c)) for c in threshold.colours(np.array(values, np.float64))]


def test_higher_is_better_boundaries_get_the_better_colour() -> None:
    cpi = Threshold("cpi", amber=0.95, red=0.90, higher_is_better=True)

    assert colours([1.2, 0.95, 0.9499, 0.90, 0.8999, np.nan], cpi) == [G, G, Y, Y, R, U]


def test_lower_is_better_boundaries_get_the_better_colour() -> None:
    late = Threshold("late_milestones", amber=0, red=2, higher_is_better=False)

    assert colours([0, 1, 2, 3, np.nan], late) == [G, Y, Y, R, U]


def test_schedule_dimension_is_the_worst_of_spi_sv_and_late_milestones() -> None:
    """Defaults: SPI amber < 0.95, red < 0.90; SV% amber < -5, red < -10; late milestones
    amber > 0, red > 2. Project 0: SPI 0.97 (green), SV% -3 (green), 1 late (amber) -> amber.
    Project 1: SPI 0.85 (red), SV% -15 (red), 0 late -> red. Project 2: all green -> green.
    """
    health = evaluate(
        {"spi": [0.97, 0.85, 1.0], "sv_percent": [-3, -15, 0], "late_milestones": [1, 0, 0]}
    )
    row = health.dimensions.index(Dimension.SCHEDULE)

    assert health.dimension_colour[row].tolist() == [Y, R, G]
    assert health.project(0).dimensions[Dimension.SCHEDULE].reasons == (
        Reason("health.reason.late_milestones_above", {"value": 1.0, "threshold": 0.0}),
    )
    assert [r.key for r in health.project(1).dimensions[Dimension.SCHEDULE].reasons] == [
        "health.reason.spi_below",
        "health.reason.sv_percent_below",
    ]
    assert health.project(1).dimensions[Dimension.SCHEDULE].reasons[0].params == {
        "value": 0.85,
        "threshold": 0.9,
    }


def test_cost_dimension_from_earned_value() -> None:
    """One task, BAC 1,000, all planned by the status date, 82 % done, AC 1,000:
    CPI = 820/1,000 = 0.82 (red: below 0.90), CV% = -180/820 = -21.95 % (red),
    EAC = 1,000/0.82 = 1,219.51, over budget 21.95 % (red: above 10 %).
    """
    items = tasks(
        budget=[1000.0], start=[0], finish=[10], percent_complete=[82], actual_cost=[1000.0]
    )
    money = analyse(items, 10, parents=[[0]]).levels[1].money

    health = evaluate(project_kpis(money))
    cost = health.project(0).dimensions[Dimension.COST]

    assert cost.colour is R
    assert [(r.key, r.params) for r in cost.reasons] == [
        ("health.reason.cpi_below", {"value": 0.82, "threshold": 0.9}),
        ("health.reason.cv_percent_below", {"value": -21.9512, "threshold": -10.0}),
        ("health.reason.eac_over_budget_percent_above", {"value": 21.9512, "threshold": 10.0}),
    ]


def test_quality_pass_rate_is_passed_over_total_and_grey_without_checks() -> None:
    """Passed/total: 19/20 = 0.95 (green, on the boundary), 18/20 = 0.90 (amber),
    8/10 = 0.80 (red), 0/0 = no checks (grey)."""
    money = (
        analyse(
            tasks(
                budget=[1.0] * 4,
                start=[0] * 4,
                finish=[1] * 4,
                percent_complete=[0] * 4,
                actual_cost=[0.0] * 4,
            ),
            0,
            parents=[[0, 1, 2, 3]],
        )
        .levels[1]
        .money
    )
    kpis = project_kpis(money, quality_passed=[19, 18, 8, 0], quality_total=[20, 20, 10, 0])

    health = evaluate(kpis)
    row = health.dimensions.index(Dimension.QUALITY)

    assert health.dimension_colour[row].tolist() == [G, Y, R, U]
    assert health.project(3).dimensions[Dimension.QUALITY].reasons == (
        Reason("health.reason.quality_pass_rate_missing", {}),
    )


def test_risk_exposure_sums_probability_times_impact_of_open_risks() -> None:
    """Project 0: open risks 0.5 x 4 + 0.8 x 5 = 6.0 (amber: above 5), a closed 0.9 x 5
    ignored; project 1: 0.2 x 3 = 0.6 (green); project 2: no risks, 0 (green).
    Overdue issues: project 1 has 4 (red: above 3)."""
    exposure = risk_exposure(
        project=[0, 0, 0, 1],
        probability=[0.5, 0.8, 0.9, 0.2],
        impact=[4, 5, 5, 3],
        is_open=[True, True, False, True],
        n_projects=3,
    )
    overdue = per_project([1, 1, 1, 1, 2], 3, [True, True, True, True, False])

    health = evaluate({"risk_exposure": exposure, "overdue_issues": overdue})

    assert exposure.tolist() == pytest.approx([6.0, 0.6, 0.0])
    assert overdue.tolist() == [0.0, 4.0, 0.0]
    row = health.dimensions.index(Dimension.RISK)
    assert health.dimension_colour[row].tolist() == [Y, R, G]
    assert health.project(1).overall.reasons == (
        Reason("health.reason.overdue_issues_above", {"value": 4.0, "threshold": 3.0}),
    )


def test_resources_dimension_rates_over_allocation_hours() -> None:
    health = evaluate({"overallocation_hours": [0, 12.5, 40, 40.5]})

    row = health.dimensions.index(Dimension.RESOURCES)
    assert health.dimension_colour[row].tolist() == [G, Y, Y, R]
    assert health.overall.tolist() == [U, Y, Y, R]  # the other dimensions have no data


def test_overall_is_worst_of_and_missing_data_is_grey_not_green() -> None:
    """Project 0: every dimension green but quality has no data -> grey overall.
    Project 1: quality grey, cost amber -> amber (grey never hides amber or red).
    Project 2: all green -> green."""
    config = HealthConfig.from_mapping(
        {"cpi": {"amber": 0.95, "red": 0.9}, "quality_pass_rate": {"amber": 0.95, "red": 0.9}}
    )
    health = evaluate({"cpi": [1.0, 0.92, 1.0], "quality_pass_rate": [np.nan, np.nan, 1.0]}, config)

    assert health.dimensions == (Dimension.COST, Dimension.QUALITY)
    assert health.overall.tolist() == [U, Y, G]
    assert health.project(0).overall.reasons == (
        Reason("health.reason.quality_pass_rate_missing", {}),
    )
    assert health.project(2).overall.reasons == (
        Reason("health.reason.cpi_ok", {"value": 1.0, "threshold": 0.95}),
        Reason("health.reason.quality_pass_rate_ok", {"value": 1.0, "threshold": 0.95}),
    )


def test_a_kpi_not_supplied_rates_grey() -> None:
    health = evaluate({"cpi": [1.0]})

    schedule = health.project(0).dimensions[Dimension.SCHEDULE]
    assert schedule.colour is U
    assert {r.key for r in schedule.reasons} == {
        "health.reason.spi_missing",
        "health.reason.sv_percent_missing",
        "health.reason.late_milestones_missing",
    }


def test_a_pmo_may_reverse_a_direction_and_move_boundaries() -> None:
    config = HealthConfig.from_mapping(
        {"risk_exposure": {"amber": 2, "red": 1, "higher_is_better": True}}
    )

    health = evaluate({"risk_exposure": [3.0, 1.5, 0.5]}, config)

    assert health.overall.tolist() == [G, Y, R]
    assert health.project(2).overall.reasons[0].key == "health.reason.risk_exposure_below"


@pytest.mark.parametrize(
    ("threshold", "message"),
    [
        (lambda: Threshold("cpi", amber=0.9, red=0.95, higher_is_better=True), "must be <= amber"),
        (lambda: Threshold("late_milestones", 3, 1, higher_is_better=False), "must be >= amber"),
        (lambda: Threshold("velocity", 1, 0, higher_is_better=True), "kpi must be one of"),
        (lambda: HealthConfig.from_mapping({"cpi": {"amber": 1}}), "cpi: missing red"),
    ],
)
def test_bad_thresholds_are_refused_with_the_kpi_named(threshold: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        threshold()  # type: ignore[operator]


def test_unknown_kpis_and_ragged_arrays_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown KPI 'velocity'"):
        evaluate({"velocity": [1.0]})
    with pytest.raises(ValueError, match="one length"):
        evaluate({"cpi": [1.0], "spi": [1.0, 2.0]})


def test_reasons_render_as_one_sentence_in_english_and_chinese() -> None:
    health = evaluate({"cpi": [0.82], "late_milestones": [3]})
    overall = health.project(0).overall

    assert describe(overall, translate, "en") == (
        "red: 3 milestones late (threshold 2); CPI 0.82 is below the 0.90 threshold"
    )
    assert describe(overall, translate, "zh-CN") == (
        "红：3 个里程碑延误（阈值 2）；CPI 0.82 低于阈值 0.90"
    )


def test_every_reason_key_exists_in_both_catalogues() -> None:
    keys = {"health.sentence", "health.reason.separator"}
    keys |= {c.key for c in Colour}
    for t in HealthConfig.default().thresholds:
        for side in ("below", "above", "ok", "missing"):
            keys.add(f"health.reason.{t.kpi}_{side}")
    for language in ("en", "zh-CN"):
        assert sorted(keys - set(catalog(language))) == []
