"""KPI thresholds, red/amber/green per KPI, dimension and project, and the reasons why."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

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
]

Float64Array = npt.NDArray[np.float64]
Int8Array = npt.NDArray[np.int8]


class Colour(IntEnum):
    """A health colour; the values order them by severity, so worst-of is ``max``.

    Unknown (grey) ranks above green and below amber: missing data never shows as green,
    and never hides an amber or a red.
    """

    GREEN = 0
    GREY = 1
    AMBER = 2
    RED = 3

    @property
    def key(self) -> str:
        """Message key of the colour's name, ``health.colour.<name>``."""
        return f"health.colour.{self.name.lower()}"


class Dimension(StrEnum):
    """The five health dimensions, in display order."""

    SCHEDULE = "schedule"
    COST = "cost"
    QUALITY = "quality"
    RISK = "risk"
    RESOURCES = "resources"


KPI_DIMENSION: dict[str, Dimension] = {
    "spi": Dimension.SCHEDULE,
    "sv_percent": Dimension.SCHEDULE,
    "late_milestones": Dimension.SCHEDULE,
    "cpi": Dimension.COST,
    "cv_percent": Dimension.COST,
    "eac_over_budget_percent": Dimension.COST,
    "quality_pass_rate": Dimension.QUALITY,
    "risk_exposure": Dimension.RISK,
    "overdue_issues": Dimension.RISK,
    "overallocation_hours": Dimension.RESOURCES,
}
"""Every KPI the engine knows, and the dimension it belongs to."""


@dataclass(frozen=True)
class Threshold:
    """Where one KPI turns amber and red.

    A value exactly on a boundary gets the better colour. Higher-is-better: ``value >= amber``
    is green, ``red <= value < amber`` amber, ``value < red`` red. Lower-is-better:
    ``value <= amber`` green, ``amber < value <= red`` amber, ``value > red`` red. NaN is grey.

    Parameters
    ----------
    kpi : str
        One of :data:`KPI_DIMENSION`.
    amber, red : float
        The boundaries; ``red <= amber`` when higher is better, ``red >= amber`` otherwise.
    higher_is_better : bool
        The direction.
    """

    kpi: str
    amber: float
    red: float
    higher_is_better: bool

    def __post_init__(self) -> None:
        if self.kpi not in KPI_DIMENSION:
            known = ", ".join(KPI_DIMENSION)
            raise ValueError(f"kpi must be one of {known}, got {self.kpi!r}")
        if not (np.isfinite(self.amber) and np.isfinite(self.red)):
            raise ValueError(f"{self.kpi}: amber and red must be finite numbers")
        if self.higher_is_better and self.red > self.amber:
            raise ValueError(
                f"{self.kpi}: red ({self.red}) must be <= amber ({self.amber}) "
                "when higher is better"
            )
        if not self.higher_is_better and self.red < self.amber:
            raise ValueError(
                f"{self.kpi}: red ({self.red}) must be >= amber ({self.amber}) when lower is better"
            )

    @property
    def dimension(self) -> Dimension:
        """The dimension the KPI belongs to."""
        return KPI_DIMENSION[self.kpi]

    def colours(self, values: Float64Array) -> Int8Array:
        """Colour code of every value (see :class:`Colour`)."""
        if self.higher_is_better:
            green, amber = values >= self.amber, values >= self.red
        else:
            green, amber = values <= self.amber, values <= self.red
        codes = np.where(green, Colour.GREEN, np.where(amber, Colour.AMBER, Colour.RED))
        return np.where(np.isnan(values), Colour.GREY, codes).astype(np.int8)

    def reason(self, value: float, colour: Colour) -> Reason:
        """The reason for one KPI's colour: a message key and its parameters."""
        if colour is Colour.GREY:
            return Reason(f"health.reason.{self.kpi}_missing", {})
        if colour is Colour.GREEN:
            return Reason(
                f"health.reason.{self.kpi}_ok", {"value": value, "threshold": float(self.amber)}
            )
        side = "below" if self.higher_is_better else "above"
        limit = self.red if colour is Colour.RED else self.amber
        return Reason(
            f"health.reason.{self.kpi}_{side}", {"value": value, "threshold": float(limit)}
        )


DEFAULT_THRESHOLDS = (
    Threshold("spi", amber=0.95, red=0.90, higher_is_better=True),
    Threshold("sv_percent", amber=-5.0, red=-10.0, higher_is_better=True),
    Threshold("late_milestones", amber=0, red=2, higher_is_better=False),
    Threshold("cpi", amber=0.95, red=0.90, higher_is_better=True),
    Threshold("cv_percent", amber=-5.0, red=-10.0, higher_is_better=True),
    Threshold("eac_over_budget_percent", amber=5.0, red=10.0, higher_is_better=False),
    Threshold("quality_pass_rate", amber=0.95, red=0.90, higher_is_better=True),
    Threshold("risk_exposure", amber=5.0, red=10.0, higher_is_better=False),
    Threshold("overdue_issues", amber=0, red=3, higher_is_better=False),
    Threshold("overallocation_hours", amber=0.0, red=40.0, higher_is_better=False),
)


@dataclass(frozen=True)
class HealthConfig:
    """The KPIs a PMO rates its projects on, with their thresholds.

    A KPI left out is not rated; a dimension without any KPI is left out of the overall
    colour. :meth:`default` is a starting point (see ``docs/engines/health.md``);
    :meth:`from_mapping` builds one from a PMO's stored settings.
    """

    thresholds: tuple[Threshold, ...] = field(default=DEFAULT_THRESHOLDS)

    def __post_init__(self) -> None:
        names = [t.kpi for t in self.thresholds]
        if len(set(names)) != len(names):
            raise ValueError(f"each KPI may have one threshold, got {names}")

    @classmethod
    def default(cls) -> HealthConfig:
        """The default thresholds."""
        return cls()

    @classmethod
    def from_mapping(cls, settings: Mapping[str, Mapping[str, Any]]) -> HealthConfig:
        """Thresholds from ``{kpi: {"amber": a, "red": r, "higher_is_better": b}}``.

        A KPI's direction defaults to the default configuration's; KPIs not named are
        not rated.
        """
        direction = {t.kpi: t.higher_is_better for t in DEFAULT_THRESHOLDS}
        thresholds = []
        for kpi, spec in settings.items():
            missing = {"amber", "red"} - set(spec)
            if missing:
                raise ValueError(f"{kpi}: missing {', '.join(sorted(missing))}")
            thresholds.append(
                Threshold(
                    kpi,
                    amber=float(spec["amber"]),
                    red=float(spec["red"]),
                    higher_is_better=bool(spec.get("higher_is_better", direction.get(kpi, True))),
                )
            )
        return cls(tuple(thresholds))

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        """The dimensions rated, in display order."""
        rated = {t.dimension for t in self.thresholds}
        return tuple(d for d in Dimension if d in rated)


@dataclass(frozen=True)
class Reason:
    """Why a colour is what it is: a message key of ``openpmo/locales`` and its parameters."""

    key: str
    params: dict[str, Any]


@dataclass(frozen=True)
class DimensionHealth:
    """The colour of one dimension (or of the project) and the reasons for it."""

    colour: Colour
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class ProjectHealth:
    """One project's health: overall and per dimension, each with its reasons."""

    overall: DimensionHealth
    dimensions: dict[Dimension, DimensionHealth]


@dataclass(frozen=True, eq=False)
class Health:
    """Health of many projects, as arrays; :meth:`project` explains one of them.

    Attributes
    ----------
    thresholds : tuple of Threshold
        The KPIs rated, in the order of the rows below.
    values : numpy.ndarray of float64, shape (kpis, n)
        Each KPI's value per project (NaN = no data).
    kpi_colour : numpy.ndarray of int8, shape (kpis, n)
        :class:`Colour` codes per KPI and project.
    dimensions : tuple of Dimension
        The dimensions rated, in the order of the rows of ``dimension_colour``.
    dimension_colour : numpy.ndarray of int8, shape (dimensions, n)
        Worst KPI colour of each dimension.
    overall : numpy.ndarray of int8, shape (n,)
        Worst dimension colour of each project.
    """

    thresholds: tuple[Threshold, ...]
    values: Float64Array
    kpi_colour: Int8Array
    dimensions: tuple[Dimension, ...]
    dimension_colour: Int8Array
    overall: Int8Array

    @cached_property
    def _lists(self) -> tuple[list[list[float]], list[list[int]], list[list[int]], list[int]]:
        # plain lists once: reading numpy scalars one by one costs more than the rules
        return (
            np.round(self.values, 4).tolist(),
            self.kpi_colour.tolist(),
            self.dimension_colour.tolist(),
            self.overall.tolist(),
        )

    @cached_property
    def _rows(self) -> list[list[int]]:
        return [
            [k for k, t in enumerate(self.thresholds) if t.dimension is d] for d in self.dimensions
        ]

    def project(self, index: int) -> ProjectHealth:
        """The colours of project ``index`` with their reasons.

        A dimension's reasons are those of its KPIs that have the dimension's colour; the
        overall reasons are those of the dimensions that have the overall colour.
        """
        values, kpi_colour, dimension_colour, overall_colour = self._lists
        per_dimension: dict[Dimension, DimensionHealth] = {}
        for row, dimension in enumerate(self.dimensions):
            colour = Colour(dimension_colour[row][index])
            reasons = tuple(
                self.thresholds[k].reason(values[k][index], colour)
                for k in self._rows[row]
                if kpi_colour[k][index] == colour
            )
            per_dimension[dimension] = DimensionHealth(colour, reasons)
        overall = Colour(overall_colour[index])
        reasons = tuple(
            reason
            for health in per_dimension.values()
            if health.colour is overall
            for reason in health.reasons
        )
        return ProjectHealth(DimensionHealth(overall, reasons), per_dimension)


def evaluate(kpis: Mapping[str, npt.ArrayLike], config: HealthConfig | None = None) -> Health:
    """Rate many projects on the configured KPIs, vectorised.

    Parameters
    ----------
    kpis : mapping of str to array_like of float, each shape (n,)
        KPI values per project (see :func:`openpmo.engines.health.project_kpis`); NaN, or a
        KPI absent from the mapping, means no data, which rates grey.
    config : HealthConfig, optional
        Thresholds; :meth:`HealthConfig.default` when omitted.

    Returns
    -------
    Health

    Raises
    ------
    ValueError
        If the KPI arrays are not one-dimensional of one common length, or name an unknown
        KPI.

    Examples
    --------
    >>> h = evaluate({"cpi": [0.82, 1.0], "spi": [1.0, float("nan")]})
    >>> [Colour(c).name for c in h.overall]
    ['RED', 'GREY']
    >>> h.project(0).overall.reasons[0]
    Reason(key='health.reason.cpi_below', params={'value': 0.82, 'threshold': 0.9})
    """
    config = config or HealthConfig.default()
    unknown = sorted(set(kpis) - set(KPI_DIMENSION))
    if unknown:
        raise ValueError(f"unknown KPI {unknown[0]!r}; known: {', '.join(KPI_DIMENSION)}")
    arrays = {name: np.asarray(values, np.float64) for name, values in kpis.items()}
    lengths = {a.shape for a in arrays.values()}
    if len(lengths) > 1 or any(len(s) != 1 for s in lengths):
        raise ValueError(f"KPI arrays must be one-dimensional of one length, got {lengths}")
    n = next(iter(lengths))[0] if lengths else 0
    values = np.stack(
        [arrays.get(t.kpi, np.full(n, np.nan)) for t in config.thresholds] or [np.zeros(n)]
    )[: len(config.thresholds)]
    colours = np.stack(
        [t.colours(values[k]) for k, t in enumerate(config.thresholds)] or [np.zeros(n, np.int8)]
    )[: len(config.thresholds)]
    dimensions = config.dimensions
    dimension_colour = np.full((len(dimensions), n), Colour.GREY, np.int8)
    for row, dimension in enumerate(dimensions):
        rows = [k for k, t in enumerate(config.thresholds) if t.dimension is dimension]
        dimension_colour[row] = colours[rows].max(axis=0)
    overall = (
        dimension_colour.max(axis=0) if dimensions else np.full(n, Colour.GREY, np.int8)
    ).astype(np.int8)
    return Health(config.thresholds, values, colours, dimensions, dimension_colour, overall)


def describe(
    health: DimensionHealth,
    translate: Callable[..., str],
    language: str = "en",
) -> str:
    """One sentence for a colour and its reasons, e.g. "Red: CPI 0.82 is below 0.90; ...".

    The engine stays free of the message catalogues: pass
    :func:`openpmo.i18n.translate` (or any ``translate(key, language, **params)``).
    """
    parts = [translate(r.key, language, **r.params) for r in health.reasons]
    return translate(
        "health.sentence",
        language,
        colour=translate(health.colour.key, language),
        reasons=translate("health.reason.separator", language).join(parts),
    )
