"""Earned value indicators from the four base sums (BAC, PV, EV, AC), vectorised.

Every indicator is computed from sums, never averaged: a project's CPI is its EV sum over its
AC sum. A ratio whose denominator is 0 or NaN is NaN (``numpy.nan``), never an exception, an
infinity or a silent 0; see ``docs/engines/evm.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

__all__ = ["EacMethod", "Figures", "divide", "figures", "round_half_up"]

Float64Array = npt.NDArray[np.float64]


class EacMethod(StrEnum):
    """Which estimate at completion :attr:`Figures.eac` (and so ETC, VAC, TCPI-EAC) reports."""

    CPI = "cpi"
    """``BAC / CPI``: the cost efficiency so far continues (PMI's usual default)."""
    CPI_SPI = "cpi_spi"
    """``AC + (BAC - EV) / (CPI * SPI)``: cost and schedule pressure both weigh on the rest."""
    BOTTOM_UP = "bottom_up"
    """``AC + ETC`` with the estimate to complete given per task (re-estimated)."""
    BUDGET = "budget"
    """``AC + BAC - EV``: the rest of the work goes at the budgeted rate."""


def divide(numerator: npt.ArrayLike, denominator: npt.ArrayLike) -> Float64Array:
    """``numerator / denominator`` element-wise, NaN where the denominator is 0 or NaN.

    Parameters
    ----------
    numerator, denominator : array_like of float
        Broadcast against each other.

    Returns
    -------
    numpy.ndarray of float64
        The quotient; NaN where ``denominator == 0`` or either side is NaN.
    """
    num, den = np.broadcast_arrays(
        np.asarray(numerator, np.float64), np.asarray(denominator, np.float64)
    )
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def round_half_up(values: npt.ArrayLike, decimals: int = 2) -> Float64Array:
    """Round to ``decimals`` places, halves away from zero (commercial rounding, 四舍五入).

    The engines keep float64 throughout; this is the rounding for presentation and for
    comparing with published figures. Binary noise below 1e-6 of the last kept place is
    removed first, so ``2.675`` (stored as 2.67499999...) rounds to ``2.68``. NaN stays NaN.

    Parameters
    ----------
    values : array_like of float
    decimals : int, default 2
        Places after the decimal point (2 = cents).

    Returns
    -------
    numpy.ndarray of float64

    Examples
    --------
    >>> round_half_up([2.675, -2.675, 0.125, 1.0049]).tolist()
    [2.68, -2.68, 0.13, 1.0]
    """
    scale = 10.0**decimals
    scaled = np.round(np.asarray(values, np.float64) * scale, 6)
    result: Float64Array = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5) / scale
    return result + 0.0  # turns -0.0 into 0.0


@dataclass(frozen=True, eq=False)
class Figures:
    """Earned value figures of one set of tasks or groups, in one unit (money or hours).

    Every attribute is a float64 array with one entry per task or group. Money and hours
    use the same formulas (PMI Practice Standard for EVM; PMBOK Guide, 6th ed., Table 7-1);
    the earned schedule ones follow Lipke (2003). Times are in the caller's working-time
    unit, measured from the group's baseline start.

    Attributes
    ----------
    bac, pv, ev, ac : numpy.ndarray of float64
        Budget at completion, planned value, earned value, actual cost (actual hours).
    sv, cv : numpy.ndarray of float64
        ``EV - PV`` and ``EV - AC``.
    spi, cpi : numpy.ndarray of float64
        ``EV / PV`` and ``EV / AC`` (NaN where the denominator is 0).
    sv_percent, cv_percent : numpy.ndarray of float64
        ``100 * SV / PV`` and ``100 * CV / EV``.
    eac_cpi, eac_cpi_spi, eac_bottom_up, eac_budget : numpy.ndarray of float64
        The four estimates at completion (see :class:`EacMethod`).
    eac : numpy.ndarray of float64
        The estimate of the chosen method; ``vac = bac - eac``.
    etc, vac : numpy.ndarray of float64
        Estimate to complete by the chosen method's own formula (``(BAC - EV) / CPI``,
        ``(BAC - EV) / (CPI * SPI)``, the given ETC, ``BAC - EV``; equal to ``eac - ac`` up
        to rounding, and exactly 0 for finished work), and variance at completion.
    tcpi_bac, tcpi_eac : numpy.ndarray of float64
        To-complete performance index to meet BAC, ``(BAC - EV) / (BAC - AC)``, and to meet
        ``eac``, ``(BAC - EV) / ETC`` (``= (BAC - EV) / (EAC - AC)``).
    es, at, pd : numpy.ndarray of float64
        Earned schedule, actual time (status date) and planned duration, from the group's
        baseline start; NaN where no earned schedule was computed.
    sv_t, spi_t, ieac_t : numpy.ndarray of float64
        ``ES - AT``, ``ES / AT`` and ``PD / SPI(t)`` (independent estimate of the duration).
    """

    bac: Float64Array
    pv: Float64Array
    ev: Float64Array
    ac: Float64Array
    sv: Float64Array
    cv: Float64Array
    spi: Float64Array
    cpi: Float64Array
    sv_percent: Float64Array
    cv_percent: Float64Array
    eac_cpi: Float64Array
    eac_cpi_spi: Float64Array
    eac_bottom_up: Float64Array
    eac_budget: Float64Array
    eac: Float64Array
    etc: Float64Array
    vac: Float64Array
    tcpi_bac: Float64Array
    tcpi_eac: Float64Array
    es: Float64Array
    at: Float64Array
    pd: Float64Array
    sv_t: Float64Array
    spi_t: Float64Array
    ieac_t: Float64Array


def _array(values: npt.ArrayLike | None, shape: tuple[int, ...]) -> Float64Array:
    if values is None:
        return np.full(shape, np.nan)
    return np.broadcast_to(np.asarray(values, np.float64), shape).astype(np.float64)


def figures(
    bac: npt.ArrayLike,
    pv: npt.ArrayLike,
    ev: npt.ArrayLike,
    ac: npt.ArrayLike,
    *,
    etc: npt.ArrayLike | None = None,
    eac_method: EacMethod | str = EacMethod.CPI,
    es: npt.ArrayLike | None = None,
    at: npt.ArrayLike | None = None,
    pd: npt.ArrayLike | None = None,
) -> Figures:
    """All earned value indicators from the base sums.

    Parameters
    ----------
    bac, pv, ev, ac : array_like of float, shape (n,)
        Budget at completion, planned value, earned value and actual cost (or the same in
        hours), already summed over whatever each entry stands for.
    etc : array_like of float, shape (n,), optional
        Bottom-up estimate to complete; NaN (or omitted) where there is none, which makes
        ``eac_bottom_up`` NaN there.
    eac_method : EacMethod or str, default "cpi"
        The estimate reported as ``eac`` and used for ``etc``, ``vac`` and ``tcpi_eac``.
    es, at, pd : array_like of float, shape (n,), optional
        Earned schedule, actual time and planned duration (see
        :meth:`PlannedCurve.earned_schedule`); the time-based indicators are NaN without them.

    Returns
    -------
    Figures

    Examples
    --------
    >>> f = figures(bac=[1000.0], pv=[500.0], ev=[400.0], ac=[500.0])
    >>> f.spi.tolist(), f.cpi.tolist(), f.eac.tolist(), f.tcpi_bac.tolist()
    ([0.8], [0.8], [1250.0], [1.2])
    """
    method = EacMethod(eac_method)
    given = [np.asarray(v) for v in (bac, pv, ev, ac, etc, es, at, pd) if v is not None]
    shape = np.broadcast_shapes(*(v.shape for v in given))
    bac_a, pv_a, ev_a, ac_a = (_array(v, shape) for v in (bac, pv, ev, ac))
    etc_a, es_a, at_a, pd_a = (_array(v, shape) for v in (etc, es, at, pd))
    with np.errstate(invalid="ignore", over="ignore"):
        spi = divide(ev_a, pv_a)
        cpi = divide(ev_a, ac_a)
        remaining = bac_a - ev_a
        # ETC by each method's own formula (PMI), so finished work leaves exactly 0 to do
        to_complete = {
            EacMethod.CPI: divide(remaining, cpi),
            EacMethod.CPI_SPI: divide(remaining, cpi * spi),
            EacMethod.BOTTOM_UP: etc_a,
            EacMethod.BUDGET: remaining,
        }
        estimates = {
            EacMethod.CPI: divide(bac_a, cpi),
            EacMethod.CPI_SPI: ac_a + to_complete[EacMethod.CPI_SPI],
            EacMethod.BOTTOM_UP: ac_a + etc_a,
            EacMethod.BUDGET: ac_a + remaining,
        }
        eac, etc_chosen = estimates[method], to_complete[method]
        spi_t = divide(es_a, np.where(at_a > 0, at_a, np.nan))
        return Figures(
            bac=bac_a,
            pv=pv_a,
            ev=ev_a,
            ac=ac_a,
            sv=ev_a - pv_a,
            cv=ev_a - ac_a,
            spi=spi,
            cpi=cpi,
            sv_percent=100.0 * divide(ev_a - pv_a, pv_a),
            cv_percent=100.0 * divide(ev_a - ac_a, ev_a),
            eac_cpi=estimates[EacMethod.CPI],
            eac_cpi_spi=estimates[EacMethod.CPI_SPI],
            eac_bottom_up=estimates[EacMethod.BOTTOM_UP],
            eac_budget=estimates[EacMethod.BUDGET],
            eac=eac,
            etc=etc_chosen,
            vac=bac_a - eac,
            tcpi_bac=divide(remaining, bac_a - ac_a),
            tcpi_eac=divide(remaining, etc_chosen),
            es=es_a,
            at=at_a,
            pd=pd_a,
            sv_t=es_a - at_a,
            spi_t=spi_t,
            ieac_t=divide(pd_a, spi_t),
        )
