"""Prioritisation use cases: AHP criteria weights (stores nothing).

Matrix errors of the engine become :class:`~openpmo.errors.InvalidInput` naming the cell,
e.g. field ``matrix.1.2``.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpmo.engines.ahp import AhpResult, ahp
from openpmo.engines.errors import ComparisonMatrixError
from openpmo.errors import FieldError, InvalidInput
from openpmo.i18n import translate

__all__ = ["AhpWeights", "compute_ahp"]

_KEYS = {
    "not_positive": "error.field.ahp_positive",
    "diagonal": "error.field.ahp_diagonal",
    "not_reciprocal": "error.field.ahp_reciprocal",
    "size": "error.field.ahp_size",
}


@dataclass(frozen=True)
class AhpWeights:
    criteria: list[str]
    result: AhpResult
    warning: str | None


def _check_shape(criteria: list[str], matrix: list[list[float]]) -> None:
    n = len(criteria)
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, name in enumerate(criteria):
        if name in seen:
            errors.append(
                FieldError(("body", "criteria", i), "error.field.duplicate", {"value": name})
            )
        seen.add(name)
    if len(matrix) != n:
        errors.append(FieldError(("body", "matrix"), "error.field.ahp_shape", {"n": n}))
    else:
        errors.extend(
            FieldError(("body", "matrix", i), "error.field.ahp_shape", {"n": n})
            for i, row in enumerate(matrix)
            if len(row) != n
        )
    if errors:
        raise InvalidInput(errors)


def compute_ahp(*, criteria: list[str], matrix: list[list[float]], language: str) -> AhpWeights:
    """Weights of ``criteria`` from their comparison ``matrix``, with a warning in
    ``language`` naming the judgements to revise when the consistency ratio exceeds 0.1."""
    _check_shape(criteria, matrix)
    try:
        result = ahp(matrix)
    except ComparisonMatrixError as exc:
        loc: tuple[str | int, ...] = ("body", "matrix", *(exc.cell or ()))
        key = _KEYS.get(exc.reason, "error.field.ahp_shape")
        raise InvalidInput([FieldError(loc, key, {"n": len(criteria), **exc.params})]) from exc
    warning = None
    if not result.consistent:
        worst = ", ".join(
            f"{criteria[j.row]} : {criteria[j.col]} = {j.given:.3g} (≈ {j.implied:.2g})"
            for j in result.inconsistent_judgements
        )
        warning = translate(
            "prioritization.ahp_inconsistent",
            language,
            ratio=f"{result.consistency_ratio:.2f}",
            judgements=worst,
        )
    return AhpWeights(list(criteria), result, warning)
