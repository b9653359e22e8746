"""Saved portfolio-selection scenarios: run the optimiser over stored data, keep the result,
compare two scenarios.

:func:`create_scenario` builds the engine's input (:mod:`openpmo.services.selection_input`),
runs :func:`openpmo.engines.selection.optimize`, the greedy value-for-money ranking under the
same constraints (the baseline the optimum is measured against) and, when asked, the
efficient frontier over budget levels; it stores parameters and result as one
:class:`~openpmo.db.models.SelectionScenario`. The result holds, per candidate, its value,
cost per year, whether and when it starts, and the reasons in structured form (``kind`` with
period, skill, other candidate and amount, plus the engine's English text), so that pages
can word them in the reader's language. Scenarios are never edited; they are deleted with
their version.
"""

from __future__ import annotations

import time as clock
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from openpmo.db.base import utcnow
from openpmo.db.models import SelectionScenario
from openpmo.engines.selection import (
    Reason,
    SelectionProblem,
    SelectionResult,
    frontier,
    greedy,
    optimize,
    usage,
)
from openpmo.enums import Role
from openpmo.errors import FieldError, InvalidInput
from openpmo.schemas.selection import SelectionScenarioCreate
from openpmo.services import authz
from openpmo.services.principal import Principal
from openpmo.services.registers import Register
from openpmo.services.selection_input import (
    Built,
    CandidateInfo,
    build_problem,
    horizon_of,
    resolve_scope,
)

__all__ = ["OPTIMISERS", "compare_scenarios", "create_scenario", "frontier_of", "scenarios"]

OPTIMISERS = (Role.PMO,)
#: The frontier's budget levels run from this share of the budget to ...
FRONTIER_LOW = 0.5
#: ... this one.
FRONTIER_HIGH = 1.5

scenarios: Register[SelectionScenario] = Register(
    entity="selection_scenario",
    model=SelectionScenario,
    search=("name",),
    sortable=("created_at", "name", "objective", "status"),
    default_sort="-created_at",
    filters=("pmo_id", "portfolio_id", "status"),
    editors=OPTIMISERS,
    readers=(*OPTIMISERS, Role.EXECUTIVE),
)


def _finite(value: float) -> float | None:
    return None if not np.isfinite(value) else round(float(value), 9)


def _reason(problem: SelectionProblem, info: list[CandidateInfo], r: Reason) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": r.kind, "message": r.message}
    if r.period is not None:
        out["period"] = problem.period(r.period)
    if r.skill is not None:
        out["skill"] = problem.skill(r.skill)
    if r.other is not None:
        out["other"] = info[r.other].code
    if r.amount is not None:
        out["amount"] = round(float(r.amount), 2)
    return out


def _candidate_rows(
    built: Built, result: SelectionResult, base: SelectionResult
) -> list[dict[str, Any]]:
    problem, info = built.problem, built.info
    rows = []
    explained = {e.candidate: e for e in result.explanations}
    for i, c in enumerate(info):
        cand = problem.candidates[i]
        start = result.start.get(i)
        at = start if start is not None else cand.earliest
        cost = usage(problem, {i: at}).budget
        explanation = explained.get(i)
        reasons = []
        for r in explanation.reasons if explanation else ():
            row = _reason(problem, info, r)
            if r.kind == "selected" and start is not None:
                row["period"] = problem.period(start)
            if not explanation or not explanation.selected:
                row["start"] = (
                    problem.period(at) if r.kind not in ("forced_out", "no_value") else None
                )
            reasons.append(row)
        rows.append(
            {
                "key": c.key,
                "kind": c.kind,
                "id": c.id,
                "code": c.code,
                "name": c.name,
                "name_zh": c.name_zh,
                "status": c.status,
                "value": round(cand.value, 6),
                "scored": c.scored,
                "running": c.running,
                "must": cand.must,
                "forced_out": cand.forced_out,
                "selected": start is not None,
                "greedy": i in base.start,
                "planned_start": problem.period(cand.earliest),
                "start": None if start is None else problem.period(start),
                "shift": 0 if start is None else start - c.nominal,
                "cost": [round(float(v), 2) for v in cost],
                "total_cost": round(float(cand.cost.sum()), 2),
                "reasons": reasons,
            }
        )
    return rows


def _frontier_rows(
    built: Built, data: SelectionScenarioCreate, deadline_share: float
) -> list[dict[str, Any]]:
    if data.frontier_points < 2:
        return []
    scales = np.linspace(FRONTIER_LOW, FRONTIER_HIGH, data.frontier_points).tolist()
    points = frontier(
        built.problem,
        scales,
        time_limit=data.time_limit,
        gap=max(data.gap, 1e-3),
        total_time=max(deadline_share, 1.0),
    )
    return [
        {
            "scale": round(p.scale, 6),
            "budget": round(p.budget, 2),
            "value": round(p.value, 6),
            "status": p.status.value,
            "gap": _finite(p.gap),
            "selected": [built.info[i].key for i in p.selected],
            "reasons": [_reason(built.problem, built.info, r) for r in p.reasons],
        }
        for p in points
    ]


def _result(
    built: Built,
    data: SelectionScenarioCreate,
    result: SelectionResult,
    base: SelectionResult,
    seconds: float,
) -> dict[str, Any]:
    problem = built.problem
    used = usage(problem, result.start)
    running = usage(problem, {i: s for i, s in result.start.items() if built.info[i].running})
    base_value = base.objective if base.start else 0.0
    return {
        "status": result.status.value,
        "objective": round(result.objective, 6),
        "bound": _finite(result.bound),
        "gap": _finite(result.gap),
        "seconds": round(seconds, 3),
        "periods": [str(y) for y in built.years],
        "skills": built.skills,
        "budget": [round(float(b), 2) for b in problem.budget],
        "budget_used": [round(float(b), 2) for b in used.budget],
        "budget_running": [round(float(b), 2) for b in running.budget],
        "capacity": [[round(float(v), 1) for v in row] for row in problem.capacity],
        "pool": [[round(float(v), 1) for v in row] for row in built.pool],
        "skills_used": [[round(float(v), 1) for v in row] for row in used.skills],
        "candidates": _candidate_rows(built, result, base),
        "greedy": {
            "status": base.status.value,
            "objective": round(base.objective, 6),
            "selected": [built.info[i].key for i in base.selected],
        },
        "gain": round(result.objective - base_value, 6),
        "gain_percent": None
        if base_value <= 0
        else round(100 * (result.objective - base_value) / base_value, 3),
        "infeasibility": [_reason(problem, built.info, r) for r in result.infeasibility],
        "warnings": built.warnings,
        "skipped": built.skipped,
        "frontier": [],
    }


def create_scenario(
    session: Session, principal: Principal, data: SelectionScenarioCreate
) -> SelectionScenario:
    """Optimise the PMO's (or portfolio's) selection under ``data`` and store the scenario."""
    authz.ensure_role(principal, *OPTIMISERS)
    began = clock.perf_counter()
    pmo, portfolio = resolve_scope(session, principal, data)
    years = horizon_of(data, utcnow().date())
    built = build_problem(session, data, pmo, portfolio, years)
    result = optimize(built.problem, time_limit=data.time_limit, gap=data.gap)
    base = greedy(built.problem, explain_result=False)
    body = _result(built, data, result, base, clock.perf_counter() - began)
    if result.start:
        body["frontier"] = _frontier_rows(built, data, data.time_limit * 2)
    parameters = data.model_dump(mode="json")
    parameters["first_year"] = years[0]
    scenario = SelectionScenario(
        name=data.name,
        pmo_id=pmo.id if portfolio is None else None,
        portfolio_id=None if portfolio is None else portfolio.id,
        owner_id=principal.user_id,
        status=result.status.value,
        objective=float(result.objective),
        gap=_finite(result.gap),
        parameters=parameters,
        result=body,
    )
    session.add(scenario)
    session.flush()
    return scenario


def frontier_of(session: Session, principal: Principal, scenario_id: int) -> dict[str, Any]:
    """The stored frontier with the scenario's own point (its budget and value)."""
    scenario = scenarios.get(session, principal, scenario_id)
    result = scenario.result
    return {
        "id": scenario.id,
        "budget": float(sum(result.get("budget", []))),
        "value": scenario.objective,
        "status": scenario.status,
        "points": result.get("frontier", []),
    }


def _side(scenario: SelectionScenario) -> dict[str, Any]:
    result = scenario.result
    return {
        "id": scenario.id,
        "name": scenario.name,
        "status": scenario.status,
        "objective": scenario.objective,
        "gap": scenario.gap,
        "periods": result.get("periods", []),
        "budget": result.get("budget", []),
        "budget_used": result.get("budget_used", []),
        "selected": sum(1 for c in result.get("candidates", []) if c["selected"]),
    }


def compare_scenarios(session: Session, principal: Principal, ids: list[int]) -> dict[str, Any]:
    """Two scenarios side by side: value, budget and cost per year, and which candidates
    one selects and the other does not (``added``: in the second only)."""
    if len(ids) != 2 or ids[0] == ids[1]:
        raise InvalidInput([FieldError(("query", "ids"), "error.field.compare_two")])
    first, second = (scenarios.get(session, principal, i) for i in ids)
    rows_a = {c["key"]: c for c in first.result.get("candidates", [])}
    rows_b = {c["key"]: c for c in second.result.get("candidates", [])}
    changes = []
    for key in sorted(rows_a.keys() | rows_b.keys(), key=lambda k: (rows_a | rows_b)[k]["code"]):
        a, b = rows_a.get(key), rows_b.get(key)
        in_a, in_b = bool(a and a["selected"]), bool(b and b["selected"])
        row = b or a
        assert row is not None
        if in_a != in_b or (in_a and in_b and a and b and a["start"] != b["start"]):
            change = "added" if in_b and not in_a else "removed" if in_a and not in_b else "moved"
            changes.append(
                {
                    "key": key,
                    "code": row["code"],
                    "name": row["name"],
                    "name_zh": row.get("name_zh"),
                    "kind": row["kind"],
                    "change": change,
                    "value": row["value"],
                    "total_cost": row["total_cost"],
                    "start_a": a["start"] if a else None,
                    "start_b": b["start"] if b else None,
                }
            )
    return {
        "a": _side(first),
        "b": _side(second),
        "value_change": round(second.objective - first.objective, 6),
        "changes": changes,
    }
