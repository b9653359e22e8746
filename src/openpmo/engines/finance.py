"""Business-case figures of a proposal: NPV, IRR, payback period and ROI.

Cash flows are yearly, ``flows[t] = benefits[t] - costs[t]`` for years ``t = 0, 1, ...``;
year 0 is the first year of the proposal and is not discounted (the usual spreadsheet
convention ``NPV = flows[0] + NPV(rate, flows[1:])``). Money is any one currency, as float.
The IRR is the root of the NPV found with Brent's method (``scipy.optimize.brentq``);
``numpy-financial`` is not used because it is no longer maintained actively.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq  # type: ignore[import-untyped]

__all__ = [
    "BusinessCase",
    "business_case",
    "discounted_payback_period",
    "irr",
    "npv",
    "payback_period",
    "roi",
]

#: The IRR is searched for between these rates (-99.99 % and +1,000,000 % a year).
_IRR_LOW = -0.9999
_IRR_HIGH = 1e4


def _flows(values: Sequence[float]) -> np.ndarray:
    flows = np.asarray(values, dtype=np.float64)
    if flows.ndim != 1:
        raise ValueError("cash flows must be a flat sequence of numbers")
    if not np.isfinite(flows).all():
        raise ValueError("cash flows must be finite numbers")
    return flows


def npv(rate: float, flows: Sequence[float]) -> float:
    """Net present value of yearly ``flows`` at the yearly discount ``rate``.

    Parameters
    ----------
    rate : float
        Discount rate per year as a fraction (0.08 for 8 %), ``> -1``.
    flows : sequence of float
        Net cash flow per year, year 0 first (not discounted).

    Returns
    -------
    float
        ``sum(flows[t] / (1 + rate) ** t)``.
    """
    if not rate > -1:
        raise ValueError("the discount rate must be greater than -1 (-100 %)")
    cash = _flows(flows)
    return float(np.sum(cash / (1.0 + rate) ** np.arange(cash.size)))


def irr(flows: Sequence[float]) -> float | None:
    """Internal rate of return: the rate at which :func:`npv` is zero.

    Returns ``None`` when the flows never change sign (no such rate exists) or no root
    lies between -99.99 % and +1,000,000 %. With several sign changes the NPV may have
    several roots; the one found by bracketing from the lowest rate upwards is returned.
    """
    cash = _flows(flows)
    nonzero = cash[cash != 0]
    if nonzero.size == 0 or (np.all(nonzero > 0) or np.all(nonzero < 0)):
        return None
    # Walk up a geometric grid of rates until the NPV changes sign, then refine.
    grid = np.concatenate([np.linspace(_IRR_LOW, 1.0, 400), np.geomspace(1.0, _IRR_HIGH, 200)])
    values = (cash / (1.0 + grid[:, None]) ** np.arange(cash.size)).sum(axis=1)
    signs = np.sign(values)
    for i in range(grid.size - 1):
        if values[i] == 0:
            return float(grid[i])
        if signs[i] * signs[i + 1] < 0:
            root = brentq(lambda r: npv(r, cash.tolist()), grid[i], grid[i + 1], xtol=1e-12)
            return float(root)
    return float(grid[-1]) if values[-1] == 0 else None


def _payback(cash: np.ndarray) -> float | None:
    cumulative = np.cumsum(cash)
    if cumulative[0] >= 0:
        return 0.0
    for t in range(1, cash.size):
        if cumulative[t] >= 0:
            # Linear within year t: the part of its flow needed to reach zero.
            return float(t - 1 + (-cumulative[t - 1]) / cash[t])
    return None


def payback_period(flows: Sequence[float]) -> float | None:
    """Years until the cumulative cash flow reaches zero, interpolated within the year.

    ``[-1000, 300, 400, 500]`` → cumulative ``-1000, -700, -300, 200`` → ``2 + 300/500 = 2.6``.
    ``None`` if it never pays back; ``0.0`` if year 0 is not negative.
    """
    return _payback(_flows(flows))


def discounted_payback_period(rate: float, flows: Sequence[float]) -> float | None:
    """:func:`payback_period` of the flows discounted at ``rate`` (year 0 undiscounted)."""
    if not rate > -1:
        raise ValueError("the discount rate must be greater than -1 (-100 %)")
    cash = _flows(flows)
    return _payback(cash / (1.0 + rate) ** np.arange(cash.size))


def roi(costs: Sequence[float], benefits: Sequence[float]) -> float | None:
    """Return on investment, undiscounted: ``(sum(benefits) - sum(costs)) / sum(costs)``.

    ``None`` when the costs add up to zero.
    """
    total_cost = float(np.sum(_flows(costs)))
    total_benefit = float(np.sum(_flows(benefits)))
    if total_cost == 0:
        return None
    return (total_benefit - total_cost) / total_cost


@dataclass(frozen=True)
class BusinessCase:
    """Every figure of a business case; ``None`` where a figure does not exist."""

    rate: float
    flows: tuple[float, ...]
    total_cost: float
    total_benefit: float
    npv: float
    irr: float | None
    payback_years: float | None
    discounted_payback_years: float | None
    roi: float | None


def business_case(costs: Sequence[float], benefits: Sequence[float], rate: float) -> BusinessCase:
    """The business case of yearly ``costs`` and ``benefits`` (the shorter is padded with
    zeros) at the yearly discount ``rate``.

    Parameters
    ----------
    costs, benefits : sequence of float
        Money per year, year 0 first; costs as positive amounts.
    rate : float
        Discount rate per year as a fraction.
    """
    c, b = _flows(costs), _flows(benefits)
    years = max(c.size, b.size, 1)
    c = np.pad(c, (0, years - c.size))
    b = np.pad(b, (0, years - b.size))
    flows = (b - c).tolist()
    result = irr(flows)
    return BusinessCase(
        rate=rate,
        flows=tuple(flows),
        total_cost=float(c.sum()),
        total_benefit=float(b.sum()),
        npv=npv(rate, flows),
        irr=None if result is None or math.isnan(result) else result,
        payback_years=payback_period(flows),
        discounted_payback_years=discounted_payback_period(rate, flows),
        roi=roi(c.tolist(), b.tolist()),
    )
