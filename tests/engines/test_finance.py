"""Business-case figures against hand-checked and textbook values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openpmo.engines.finance import (
    business_case,
    discounted_payback_period,
    irr,
    npv,
    payback_period,
    roi,
)


def test_npv_matches_the_numpy_financial_documentation_example() -> None:
    # npf.npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]) == 3065.22...
    assert npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]) == pytest.approx(3065.2226681795)


def test_npv_by_hand_at_ten_percent() -> None:
    # -1000 + 300/1.1 + 400/1.21 + 500/1.331 = -21.0368...
    assert npv(0.10, [-1000, 300, 400, 500]) == pytest.approx(-21.0368144, abs=1e-6)


def test_irr_matches_textbook_values() -> None:
    assert irr([-100, 39, 59, 55, 20]) == pytest.approx(0.2809484, abs=1e-6)
    assert irr([-1000, 300, 400, 500]) == pytest.approx(0.0889634, abs=1e-6)


def test_irr_is_none_without_a_sign_change() -> None:
    assert irr([100, 200]) is None
    assert irr([-100, -50]) is None
    assert irr([0, 0]) is None


def test_payback_interpolates_within_the_year() -> None:
    assert payback_period([-1000, 300, 400, 500]) == pytest.approx(2.6)
    assert payback_period([-1000, 100, 100]) is None
    assert payback_period([50, 10]) == 0.0


def test_discounted_payback_is_later_than_plain_payback() -> None:
    # discounted: -100, 27.27, 99.17 → 1 + 72.73/99.17 = 1.7333
    assert discounted_payback_period(0.10, [-100, 30, 120]) == pytest.approx(1.7333333)
    assert payback_period([-100, 30, 120]) == pytest.approx(1 + 70 / 120)


def test_roi_is_net_gain_over_cost_and_none_without_cost() -> None:
    assert roi([100, 50], [0, 80, 120]) == pytest.approx(50 / 150)
    assert roi([0], [10]) is None


def test_business_case_pads_the_shorter_series() -> None:
    case = business_case([100, 50], [0, 80, 120], 0.10)
    assert case.flows == (-100.0, 30.0, 120.0)
    assert case.npv == pytest.approx(-100 + 30 / 1.1 + 120 / 1.21)
    assert case.total_cost == 150
    assert case.total_benefit == 200


def test_bad_rate_and_flows_are_refused() -> None:
    with pytest.raises(ValueError, match="rate"):
        npv(-1.0, [1, 2])
    with pytest.raises(ValueError, match="finite"):
        npv(0.1, [1, float("nan")])


@given(
    st.lists(st.floats(min_value=1000, max_value=1e6), min_size=1, max_size=8),
    st.floats(min_value=1000, max_value=1e6),
)
def test_npv_at_the_irr_is_zero(inflows: list[float], outlay: float) -> None:
    # Inflows between 1/1000 and 8,000 times the outlay keep the IRR inside the searched
    # range (-99.99 % to +1,000,000 %).
    flows = [-outlay, *inflows]
    rate = irr(flows)
    assert rate is not None
    assert abs(npv(rate, flows)) <= 1e-6 * (outlay + sum(inflows))
