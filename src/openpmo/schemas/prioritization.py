"""AHP criteria weights: the pairwise comparison matrix in, weights and consistency out."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from openpmo.schemas.common import Input, Name, Read

__all__ = ["AhpInput", "AhpRead", "JudgementRead"]

Judgement = Annotated[float, Field(allow_inf_nan=False)]


class AhpInput(Input):
    """``matrix[i][j]``: how many times more important ``criteria[i]`` is than ``criteria[j]``
    (Saaty's 1-9 scale and reciprocals); ones on the diagonal, ``matrix[j][i] = 1/matrix[i][j]``."""

    criteria: list[Name] = Field(min_length=1, max_length=10)
    matrix: list[list[Judgement]]


class JudgementRead(Read):
    """A comparison that disagrees with the weights: ``given`` was asked, ``implied`` =
    ``weights[row] / weights[col]`` would be consistent with them."""

    row: int
    col: int
    row_criterion: str
    col_criterion: str
    given: float
    implied: float


class AhpRead(Read):
    criteria: list[str]
    weights: list[float]
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    consistent: bool
    inconsistent_judgements: list[JudgementRead]
    warning: str | None
