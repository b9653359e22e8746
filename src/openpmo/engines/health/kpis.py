"""KPI values per project from earned value figures and the registers' rows, vectorised."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from openpmo.engines.evm import Figures, divide

__all__ = ["per_project", "project_kpis", "risk_exposure"]

Float64Array = npt.NDArray[np.float64]


def per_project(
    project: npt.ArrayLike, n_projects: int, weights: npt.ArrayLike | None = None
) -> Float64Array:
    """Sum of ``weights`` (or a count of rows) per project.

    Parameters
    ----------
    project : array_like of int, shape (m,)
        Project index of each row (a risk, an issue, a quality check, ...).
    n_projects : int
        Number of projects.
    weights : array_like of float or bool, shape (m,), optional
        What to add per row; 1 when omitted (a count). A boolean mask counts the True rows.

    Returns
    -------
    numpy.ndarray of float64, shape (n_projects,)
    """
    index = np.asarray(project, np.int64)
    w = None if weights is None else np.asarray(weights, np.float64)
    if index.size and (index.min() < 0 or index.max() >= n_projects):
        raise ValueError(f"project indexes must lie in 0..{n_projects - 1}")
    return np.asarray(np.bincount(index, weights=w, minlength=n_projects), np.float64)


def risk_exposure(
    project: npt.ArrayLike,
    probability: npt.ArrayLike,
    impact: npt.ArrayLike,
    is_open: npt.ArrayLike,
    n_projects: int,
) -> Float64Array:
    """``Σ probability × impact`` of each project's open risks (0 for a project without any).

    Parameters
    ----------
    project : array_like of int, shape (m,)
        Project index of each risk.
    probability : array_like of float, shape (m,)
        0-1.
    impact : array_like of float, shape (m,)
        On the PMO's impact scale (1-5 in the risk register).
    is_open : array_like of bool, shape (m,)
        Whether the risk is open; closed risks add nothing.
    n_projects : int
    """
    p = np.asarray(probability, np.float64)
    if p.size and (np.isnan(p).any() or p.min() < 0 or p.max() > 1):
        raise ValueError("probability must lie between 0 and 1")
    score = p * np.asarray(impact, np.float64) * np.asarray(is_open, np.bool_)
    return per_project(project, n_projects, score)


def project_kpis(
    money: Figures,
    *,
    late_milestones: npt.ArrayLike | None = None,
    quality_passed: npt.ArrayLike | None = None,
    quality_total: npt.ArrayLike | None = None,
    risk_exposure: npt.ArrayLike | None = None,
    overdue_issues: npt.ArrayLike | None = None,
    overallocation_hours: npt.ArrayLike | None = None,
) -> dict[str, Float64Array]:
    """The KPI arrays :func:`openpmo.engines.health.evaluate` rates, one entry per project.

    Parameters
    ----------
    money : Figures
        Project-level earned value in money (``analyse(...).levels[1].money``).
    late_milestones : array_like of int, optional
        Milestones past their baseline finish and not done at the status date.
    quality_passed, quality_total : array_like of int, optional
        Passed and recorded quality checks (inspections, tests, acceptances); the pass rate
        is ``passed / total``, NaN (grey) for a project without checks.
    risk_exposure : array_like of float, optional
        From :func:`risk_exposure`.
    overdue_issues : array_like of int, optional
        Open issues past their due date.
    overallocation_hours : array_like of float, optional
        Hours by which the project's assigned resources are over their capacity.

    Returns
    -------
    dict of str to numpy.ndarray of float64
        ``spi``, ``sv_percent``, ``cpi``, ``cv_percent``, ``eac_over_budget_percent``
        (``100 × (EAC − BAC) / BAC``) and each optional KPI given; an input left out is
        absent from the result, so it rates grey.
    """
    kpis = {
        "spi": money.spi,
        "sv_percent": money.sv_percent,
        "cpi": money.cpi,
        "cv_percent": money.cv_percent,
        "eac_over_budget_percent": 100.0 * divide(money.eac - money.bac, money.bac),
    }
    optional = {
        "late_milestones": late_milestones,
        "risk_exposure": risk_exposure,
        "overdue_issues": overdue_issues,
        "overallocation_hours": overallocation_hours,
    }
    for name, values in optional.items():
        if values is not None:
            kpis[name] = np.asarray(values, np.float64)
    if (quality_passed is None) != (quality_total is None):
        raise ValueError("quality_passed and quality_total go together")
    if quality_passed is not None and quality_total is not None:
        kpis["quality_pass_rate"] = divide(quality_passed, quality_total)
    return kpis
