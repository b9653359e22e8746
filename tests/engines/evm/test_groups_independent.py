"""A group's figures do not depend on the groups evaluated with it."""

from __future__ import annotations

import numpy as np
import pytest

from openpmo.engines.evm import analyse, tasks


@pytest.mark.parametrize("earned", [1000.3, 1234.56, 999.99, 1500.15])
def test_a_late_groups_plateau_is_exact_beside_large_groups(earned: float) -> None:
    """Group 1 plans ``earned`` over [0, 10], nothing over (10, 20), 1,000 over [20, 30], and
    has earned exactly ``earned`` at 25: ES is the end of the flat stretch, 20
    (``sup {t : PV(t) <= EV}``), alone and beside group 0 with a budget of 1.7e13. (Cumulative
    sums over all groups, rebased per group, left rounding noise of group 0's total on group
    1's plateau, and ES fell to 10.)"""
    own = {
        "budget": [earned, 1000.0],
        "start": [0, 20],
        "finish": [10, 30],
        "percent_complete": [100.0, 0.0],
        "actual_cost": [0.0, 0.0],
    }
    alone = analyse(tasks(**own), 25, parents=[[0, 0]]).levels[1].money
    big = np.full(50, 1e12 / 3)
    together = (
        analyse(
            tasks(
                budget=np.concatenate([big, own["budget"]]),
                start=np.concatenate([np.arange(50), own["start"]]),
                finish=np.concatenate([np.arange(50) + 7, own["finish"]]),
                percent_complete=np.concatenate([np.full(50, 33.3), own["percent_complete"]]),
                actual_cost=np.zeros(52),
            ),
            25,
            parents=[[0] * 50 + [1, 1]],
        )
        .levels[1]
        .money
    )
    assert alone.es.tolist() == [20.0]
    assert together.es[1] == 20.0
    assert together.pv[1] == alone.pv[0]


def test_no_groups_give_empty_figures() -> None:
    empty = tasks(budget=[], start=[], finish=[], percent_complete=[], actual_cost=[])
    result = analyse(empty, 0, parents=[np.zeros(0, np.int64)], sizes=[0])
    assert result.levels[1].money.es.shape == (0,)
