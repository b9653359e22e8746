"""Project health: KPIs rated red/amber/green against a PMO's thresholds, with reasons.

:func:`project_kpis` gathers the KPI arrays of many projects (from earned value and the
registers), :func:`evaluate` rates them per KPI, per dimension (schedule, cost, quality,
risk, resources: worst of its KPIs) and overall (worst of the dimensions), all vectorised;
:meth:`Health.project` explains one project's colours as message keys with parameters, which
:func:`describe` (given :func:`openpmo.i18n.translate`) turns into one sentence in English or
Chinese. Missing data rates grey, never green. See ``docs/engines/health.md``.
"""

from openpmo.engines.health.kpis import per_project, project_kpis, risk_exposure
from openpmo.engines.health.rules import (
    DEFAULT_THRESHOLDS,
    KPI_DIMENSION,
    Colour,
    Dimension,
    DimensionHealth,
    Health,
    HealthConfig,
    ProjectHealth,
    Reason,
    Threshold,
    describe,
    evaluate,
)

__all__ = [
    "DEFAULT_THRESHOLDS",
    "KPI_DIMENSION",
    "Colour",
    "Dimension",
    "DimensionHealth",
    "Health",
    "HealthConfig",
    "ProjectHealth",
    "Reason",
    "Threshold",
    "describe",
    "evaluate",
    "per_project",
    "project_kpis",
    "risk_exposure",
]
