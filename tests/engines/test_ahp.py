"""AHP weights and consistency: Saaty's published examples plus properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openpmo.engines.ahp import RANDOM_INDEX, ahp, rank
from openpmo.engines.errors import ComparisonMatrixError

# Saaty, The Analytic Hierarchy Process (1980), "wealth of nations": US, USSR, China, France,
# UK, Japan, West Germany compared on economic power; eigenvector and lambda_max as published.
WEALTH = [
    [1, 4, 9, 6, 6, 5, 5],
    [1 / 4, 1, 7, 5, 5, 3, 4],
    [1 / 9, 1 / 7, 1, 1 / 5, 1 / 5, 1 / 7, 1 / 5],
    [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
    [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
    [1 / 5, 1 / 3, 7, 3, 3, 1, 2],
    [1 / 5, 1 / 4, 5, 3, 3, 1 / 2, 1],
]
WEALTH_WEIGHTS = [0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094]

# Same book, relative brightness of four chairs at increasing distance from a light.
OPTICS = [
    [1, 5, 6, 7],
    [1 / 5, 1, 4, 6],
    [1 / 6, 1 / 4, 1, 4],
    [1 / 7, 1 / 6, 1 / 4, 1],
]


def test_wealth_of_nations_matches_saaty() -> None:
    r = ahp(WEALTH)
    np.testing.assert_allclose(r.weights, WEALTH_WEIGHTS, atol=0.0015)
    assert r.lambda_max == pytest.approx(7.61, abs=0.005)
    assert r.consistency_index == pytest.approx(0.10, abs=0.005)
    assert r.consistency_ratio == pytest.approx(0.08, abs=0.005)
    assert r.consistent
    assert r.inconsistent_judgements == ()


def test_optics_example_matches_saaty() -> None:
    r = ahp(OPTICS)
    np.testing.assert_allclose(r.weights, [0.61, 0.24, 0.10, 0.05], atol=0.01)
    assert r.lambda_max == pytest.approx(4.39, abs=0.005)
    assert r.consistency_ratio == pytest.approx((4.39 - 4) / 3 / 0.90, abs=0.005)


def test_random_index_is_saatys_table() -> None:
    assert RANDOM_INDEX[1:] == (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)


def test_one_and_two_criteria_are_always_consistent() -> None:
    one = ahp([[1]])
    assert one.weights.tolist() == [1.0]
    assert (one.lambda_max, one.consistency_ratio) == (1.0, 0.0)
    two = ahp([[1, 4], [0.25, 1]])
    np.testing.assert_allclose(two.weights, [0.8, 0.2])
    assert (two.lambda_max, two.consistency_ratio) == (2.0, 0.0)


def test_a_cyclic_matrix_names_its_judgements() -> None:
    # A > B, B > C but C > A: every judgement disagrees with the (equal) weights.
    r = ahp([[1, 5, 1 / 5], [1 / 5, 1, 5], [5, 1 / 5, 1]])
    assert r.consistency_ratio > 1
    assert not r.consistent
    cells = {(j.row, j.col) for j in r.inconsistent_judgements}
    assert cells == {(0, 1), (0, 2), (1, 2)}
    assert all(j.implied == pytest.approx(1.0) for j in r.inconsistent_judgements)


def test_the_worst_judgement_is_the_one_that_was_changed() -> None:
    w = np.array([0.4, 0.3, 0.2, 0.1])
    m = w[:, None] / w[None, :]
    m[0, 3], m[3, 0] = 1 / 4, 4.0  # consistent value is 4: turned around
    r = ahp(m)
    assert r.consistency_ratio > 0.1
    worst = r.inconsistent_judgements[0]
    assert (worst.row, worst.col, worst.given) == (0, 3, 0.25)
    assert worst.implied > 3 * worst.given  # the other judgements pull it back up


@pytest.mark.parametrize(
    ("matrix", "reason", "cell"),
    [
        ([[1, 2], [0.5, 1], [1, 1]], "not_square", None),
        ([[1, 2, 3]], "not_square", None),
        ([], "not_square", None),
        (np.ones((11, 11)).tolist(), "size", None),
        ([[1, 0], [1, 1]], "not_positive", (0, 1)),
        ([[1, 2], [-0.5, 1]], "not_positive", (1, 0)),
        ([[1, float("nan")], [1, 1]], "not_positive", (0, 1)),
        ([[1, 2], [0.5, 2]], "diagonal", (1, 1)),
        ([[1, 3, 2], [1 / 3, 1, 4], [0.5, 4, 1]], "not_reciprocal", (2, 1)),
        ([[1, "x"], [1, 1]], "not_numeric", None),
    ],
)
def test_bad_matrices_name_the_rule_and_the_cell(
    matrix: object, reason: str, cell: tuple[int, int] | None
) -> None:
    with pytest.raises(ComparisonMatrixError) as info:
        ahp(matrix)  # type: ignore[arg-type]
    assert info.value.reason == reason
    assert info.value.cell == cell
    if cell is not None:
        assert f"matrix[{cell[0]}][{cell[1]}]" in str(info.value)


def test_a_rounded_reciprocal_is_accepted() -> None:
    r = ahp([[1, 3], [0.333, 1]])
    assert r.weights[0] == pytest.approx(0.75, abs=1e-3)


positive = st.floats(min_value=0.1, max_value=10.0)


@settings(max_examples=60, deadline=None)
@given(st.lists(positive, min_size=1, max_size=10))
def test_a_consistent_matrix_returns_its_weights_with_cr_zero(values: list[float]) -> None:
    w = np.array(values) / sum(values)
    r = ahp(w[:, None] / w[None, :])
    np.testing.assert_allclose(r.weights, w, rtol=1e-9, atol=1e-12)
    assert r.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert r.lambda_max == pytest.approx(len(values), rel=1e-9)


@st.composite
def reciprocal_matrices(draw: st.DrawFn) -> np.ndarray:
    n = draw(st.integers(1, 10))
    scale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9]
    m = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            m[i, j] = draw(st.sampled_from(scale))
            m[j, i] = 1 / m[i, j]
    return m


@settings(max_examples=60, deadline=None)
@given(reciprocal_matrices(), st.integers(0, 2**32 - 1))
def test_weights_sum_to_one_and_follow_a_permutation(m: np.ndarray, seed: int) -> None:
    r = ahp(m)
    assert r.weights.sum() == pytest.approx(1.0)
    assert (r.weights > 0).all()
    assert r.lambda_max >= m.shape[0] - 1e-9
    perm = np.random.default_rng(seed).permutation(m.shape[0])
    p = ahp(m[np.ix_(perm, perm)])
    np.testing.assert_allclose(p.weights, r.weights[perm], atol=1e-9)
    assert p.consistency_ratio == pytest.approx(r.consistency_ratio, abs=1e-9)


def test_rank_orders_by_weighted_total_with_breakdown() -> None:
    scores = [[5, 1], [3, 9], [4, 4]]
    r = rank(scores, [0.75, 0.25])
    np.testing.assert_allclose(r.total, [4.0, 4.5, 4.0])
    np.testing.assert_allclose(r.breakdown[1], [2.25, 2.25])
    assert r.order.tolist() == [1, 0, 2]  # tie between 0 and 2 keeps input order
    assert r.rank.tolist() == [2, 1, 3]


@pytest.mark.parametrize(
    ("scores", "weights", "message"),
    [
        ([[1, 2]], [1.0], "shape"),
        ([[1, float("inf")]], [0.5, 0.5], r"scores\[0\]\[1\]"),
        ([[1, 2]], [0.5, -0.5], r"weights\[1\]"),
    ],
)
def test_rank_rejects_bad_input(scores: object, weights: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rank(scores, weights)  # type: ignore[arg-type]
