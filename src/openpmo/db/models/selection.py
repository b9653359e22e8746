"""Saved portfolio-selection scenarios: what was asked of the optimiser and what it found.

A :class:`SelectionScenario` is one run of :func:`openpmo.engines.selection.optimize` over a
PMO's (or a portfolio's) proposals and running projects. ``parameters`` hold the request as
given (budget per year, horizon, must-do and forced-out codes, rules, time limit) and
``result`` the outcome as JSON (the candidates with their value, cost per year, start and the
reasons they are in or out, budget and skill use, the greedy baseline and the efficient
frontier). ``status``, ``objective`` and ``gap`` are copied into columns for lists.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from openpmo.db.base import Base, Versioned

__all__ = ["SelectionScenario"]


class SelectionScenario(Versioned, Base):
    """One saved optimisation of a PMO's or a portfolio's selection."""

    __tablename__ = "selection_scenarios"
    #: The result is derived from the parameters and the data; the audit log keeps the rest.
    __audit_exclude__ = frozenset({"result"})

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    pmo_id: Mapped[int | None] = mapped_column(
        ForeignKey("pmos.id", ondelete="CASCADE"), index=True
    )
    portfolio_id: Mapped[int | None] = mapped_column(
        ForeignKey("portfolios.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The solver's status: optimal, feasible, infeasible or timed_out.
    status: Mapped[str] = mapped_column(String(20))
    objective: Mapped[float] = mapped_column(Float, default=0.0)
    #: Relative optimality gap; ``None`` without a selection.
    gap: Mapped[float | None] = mapped_column(Float)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
