"""Earned value management over arrays: PV, EV, AC, indices, forecasts and earned schedule.

Tasks are given as arrays (:func:`tasks`): budget in money and in hours, baseline start and
finish as integer working-time offsets on one axis (working minutes from the calendar engine,
or period indexes), physical percent complete, actual cost and hours, and optionally a
bottom-up estimate to complete. :func:`analyse` computes, for one status date, every figure
for the tasks and for each level of a roll-up chain (task → project → program → portfolio)
given as group index arrays; sums are rolled up with ``numpy.bincount`` and every ratio is
recomputed from the rolled-up sums. :func:`planned_curve` gives the cumulative planned value
of any grouping as a piecewise-linear curve, to evaluate (S-curves) or invert (earned
schedule). Money is float64 in the currency's units; :func:`round_half_up` rounds for
display. Division by zero gives NaN. See ``docs/engines/evm.md``.
"""

from openpmo.engines.evm.analysis import (
    EvmResult,
    Level,
    Tasks,
    analyse,
    planned_fraction,
    tasks,
)
from openpmo.engines.evm.curve import PlannedCurve, planned_curve
from openpmo.engines.evm.figures import EacMethod, Figures, divide, figures, round_half_up

__all__ = [
    "EacMethod",
    "EvmResult",
    "Figures",
    "Level",
    "PlannedCurve",
    "Tasks",
    "analyse",
    "divide",
    "figures",
    "planned_curve",
    "planned_fraction",
    "round_half_up",
    "tasks",
]
