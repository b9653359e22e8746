"""HiGHS through the copy of its Python bindings that SciPy ships.

SciPy (1.17 here) builds HiGHS into ``scipy.optimize._highspy._core`` with the symbols kept
private, so it shares a process with OR-Tools (whose wheel's ``libhighs.so.1`` clashes with
the ``highspy`` wheel's). Unlike :func:`scipy.optimize.milp` the bindings take a starting
solution (``setSolution``) and return the LP's reduced costs and row duals. The module is
private to SciPy: when it cannot be imported, :func:`mip` and :func:`relax` fall back to
``milp`` / ``linprog`` (no start, same answers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, linprog, milp  # type: ignore[import-untyped]

from openpmo.engines.selection._model import Model
from openpmo.engines.selection._problem import Status

try:  # pragma: no cover - depends on the SciPy build
    from scipy.optimize._highspy import _core  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover
    _core = None

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Solved:
    """A MIP solve in our terms: ``x`` is ``None`` without a solution; ``bound`` is the
    solver's proved upper bound on the value (``inf`` when none); ``seconds`` its run time."""

    status: Status
    x: FloatArray | None
    bound: float
    seconds: float = 0.0


@dataclass(frozen=True, eq=False)
class Relaxation:
    """The LP relaxation's optimum (maximising value): ``x``, ``value``, the reduced cost
    of each column (``> 0``: raising it from 0 lowers the value by that much per unit) and
    the dual price of each row (``>= 0`` on a binding upper limit)."""

    x: FloatArray
    value: float
    reduced: FloatArray
    dual: FloatArray


def available() -> bool:
    """Whether SciPy's HiGHS bindings (with starting solutions) are importable."""
    return _core is not None


def _highs(model: Model, upper: FloatArray, integral: bool, options: dict[str, Any]) -> Any:
    matrix = model.matrix.tocsc()
    n_rows, n_cols = matrix.shape
    lp = _core.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = n_rows
    lp.a_matrix_.num_col_ = n_cols
    lp.a_matrix_.num_row_ = n_rows
    lp.a_matrix_.format_ = _core.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    # HiGHS minimises: the value is negated.
    lp.col_cost_ = -model.value
    lp.col_lower_ = np.zeros(n_cols)
    lp.col_upper_ = upper
    lp.row_lower_ = np.where(np.isfinite(model.row_lower), model.row_lower, -_core.kHighsInf)
    lp.row_upper_ = np.where(np.isfinite(model.row_upper), model.row_upper, _core.kHighsInf)
    if integral:
        lp.integrality_ = [_core.HighsVarType.kInteger] * n_cols
    highs = _core._Highs()
    highs.setOptionValue("output_flag", False)
    for key, value in options.items():
        highs.setOptionValue(key, value)
    highs.passModel(lp)
    return highs


def relax(model: Model) -> tuple[Relaxation | None, float]:
    """The LP relaxation of ``model`` (``None`` when it has no optimum) and the seconds the
    solver took."""
    if _core is None:  # pragma: no cover
        return _relax_scipy(model), 0.0
    highs = _highs(model, model.col_upper, False, {})
    lp = _relaxation(highs)
    return lp, float(highs.getRunTime())


class Relaxer:
    """One LP kept between solves that differ only in row limits (the frontier's budget
    levels): each :meth:`solve` starts the dual simplex from the previous basis."""

    def __init__(self, model: Model) -> None:
        self._model = model
        self._highs = None if _core is None else _highs(model, model.col_upper, False, {})
        self._upper = model.row_upper.copy()

    def solve(self, row_upper: FloatArray) -> Relaxation | None:
        """The LP optimum with the rows' upper limits ``row_upper``."""
        if self._highs is None:  # pragma: no cover
            return _relax_scipy(replace(self._model, row_upper=row_upper))
        lower = self._model.row_lower
        for r in np.flatnonzero(row_upper != self._upper):
            low = float(lower[r]) if np.isfinite(lower[r]) else -_core.kHighsInf
            up = float(row_upper[r]) if np.isfinite(row_upper[r]) else _core.kHighsInf
            self._highs.changeRowBounds(int(r), low, up)
        self._upper = row_upper.copy()
        return _relaxation(self._highs)


def _relaxation(highs: Any) -> Relaxation | None:
    highs.run()
    if highs.getModelStatus() != _core.HighsModelStatus.kOptimal:
        return None
    solution = highs.getSolution()
    return Relaxation(
        np.asarray(solution.col_value, np.float64),
        -float(highs.getInfo().objective_function_value),
        np.asarray(solution.col_dual, np.float64),
        -np.asarray(solution.row_dual, np.float64),
    )


def _relax_scipy(model: Model) -> Relaxation | None:  # pragma: no cover
    res: Any = linprog(
        -model.value,
        A_ub=model.matrix,
        b_ub=model.row_upper,
        bounds=np.column_stack([np.zeros_like(model.col_upper), model.col_upper]),
        method="highs",
    )
    if res.status != 0 or np.isfinite(model.row_lower).any():
        return None
    reduced = np.asarray(res.lower.marginals) + np.asarray(res.upper.marginals)
    dual = -np.asarray(res.ineqlin.marginals)
    return Relaxation(np.asarray(res.x), -float(res.fun), reduced, dual)


#: The callback kinds a shared search listens to: improving solution, user solution (HiGHS
#: asks for one), interrupt (HiGHS asks whether to stop).
CALLBACKS = (
    ()
    if _core is None
    else (
        _core.cb.HighsCallbackType.kCallbackMipImprovingSolution,
        _core.cb.HighsCallbackType.kCallbackMipUserSolution,
        _core.cb.HighsCallbackType.kCallbackMipInterrupt,
    )
)
#: The ints HiGHS passes a callback for the first two kinds.
IMPROVING, USER = (int(CALLBACKS[0]), int(CALLBACKS[1])) if CALLBACKS else (-1, -2)
#: A HiGHS callback: (kind, message, data out, data in, user data).
Callback = Callable[[int, str, Any, Any, Any], None]


def mip(
    model: Model,
    *,
    time_limit: float,
    gap: float,
    upper: FloatArray | None = None,
    start: FloatArray | None = None,
    lower: FloatArray | None = None,
    callback: Callback | None = None,
    options: dict[str, Any] | None = None,
) -> Solved:
    """HiGHS on the MIP (maximising value), optionally with columns' bounds ``lower`` and
    ``upper`` (fixings), a feasible ``start`` (0/1 per column), a ``callback`` for the
    :data:`CALLBACKS` kinds and other HiGHS ``options``."""
    upper = model.col_upper if upper is None else upper
    if _core is None:  # pragma: no cover
        return _mip_scipy(model, upper, time_limit, gap)
    settings = {"time_limit": max(float(time_limit), 0.01), "mip_rel_gap": float(gap)}
    highs = _highs(model, upper, True, settings | (options or {}))
    if lower is not None:
        n = lower.shape[0]
        highs.changeColsBounds(n, np.arange(n, dtype=np.int32), lower, upper)
    if start is not None:
        n = start.shape[0]
        highs.setSolution(n, np.arange(n, dtype=np.int32), np.asarray(start, np.float64))
    if callback is not None:
        highs.setCallback(callback, None)
        for kind in CALLBACKS:
            highs.startCallback(kind)
    highs.run()
    seconds = float(highs.getRunTime())
    status = highs.getModelStatus()
    info = highs.getInfo()
    has_x = int(info.primal_solution_status) == int(_core.SolutionStatus.kSolutionStatusFeasible)
    x = np.asarray(highs.getSolution().col_value, np.float64) if has_x else None
    bound = -float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else np.inf
    if status == _core.HighsModelStatus.kOptimal:
        return Solved(Status.OPTIMAL, x, bound, seconds)
    if status == _core.HighsModelStatus.kInfeasible:
        return Solved(Status.INFEASIBLE, None, np.inf, seconds)
    if status == _core.HighsModelStatus.kTimeLimit:
        return Solved(Status.TIMED_OUT, x, bound, seconds)
    return Solved(Status.FEASIBLE if x is not None else Status.TIMED_OUT, x, bound, seconds)


def _mip_scipy(model: Model, upper: FloatArray, time_limit: float, gap: float) -> Solved:
    res: Any = milp(  # pragma: no cover
        -model.value,
        integrality=np.ones(model.value.shape[0]),
        bounds=Bounds(np.zeros(model.value.shape[0]), upper),
        constraints=LinearConstraint(model.matrix, model.row_lower, model.row_upper),
        options={"time_limit": float(time_limit), "mip_rel_gap": float(gap), "presolve": True},
    )
    x = None if res.x is None else np.asarray(res.x)  # pragma: no cover
    bound = -float(res.mip_dual_bound) if res.mip_dual_bound is not None else np.inf
    if res.status == 0:  # pragma: no cover
        return Solved(Status.OPTIMAL, x, bound)
    if res.status == 2:  # pragma: no cover
        return Solved(Status.INFEASIBLE, None, np.inf)
    timed_out = "time limit" in str(res.message).lower()  # pragma: no cover
    status = Status.FEASIBLE if x is not None and not timed_out else Status.TIMED_OUT
    return Solved(status, x, bound)  # pragma: no cover
