"""The selection engine's input built from stored data (see ``docs/portfolio-selection.md``).

Periods are the years of the scenario's horizon. The candidates are:

* the PMO's proposals **under review** and **approved** ones not yet made into a project:
  cost per year from ``costs`` (its year 0 is ``first_year``), skill demand per year from
  ``skills`` (hours per quarter, summed per year); it starts in its ``first_year`` (the
  horizon's first year when earlier) or up to ``max_shift`` years later, or within the
  scenario's window for it;
* the **running** projects (approved, active, on hold) of the PMO's org-unit subtree, or of
  the portfolio: the budget spread evenly over ``planned_start``..``planned_finish`` (all in
  the first year without dates; years before the horizon are spent), demand per year from
  the capacity planning service (task assignments and allocations, the larger of the two per
  resource, project and month, shared among the resource's skills) plus
  submitted resource requests with a skill; a fixed start; must-do when ``keep_running``.

A candidate's value is its aggregated score (0-10, the PMO's AHP-weighted criteria; a project
made from a proposal takes the proposal's score when it has none of its own) or its NPV at the
PMO's discount rate (≥ 0; a project: its proposal's). Capacity per skill and year is the
pool's: each resource's hours are shared among its skills in proportion to its
levels (a person is counted once in all, not once per skill). When must-do running projects already
need more of a skill than there is, the capacity is raised to their need, so that nothing new
takes that skill there, and a warning says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import (
    Pmo,
    Portfolio,
    Project,
    Proposal,
    Score,
    Skill,
)
from openpmo.engines.finance import business_case
from openpmo.engines.selection import Candidate, SelectionProblem
from openpmo.enums import ProposalStatus
from openpmo.errors import FieldError, InvalidInput
from openpmo.schemas.selection import SelectionScenarioCreate
from openpmo.services import authz, capacity, scoring
from openpmo.services.lifecycles import policy_of
from openpmo.services.principal import Principal, org_subtree
from openpmo.services.selection_pool import Pool, load_pool
from openpmo.services.selection_rules import Rules

__all__ = [
    "Built",
    "CandidateInfo",
    "build_problem",
    "candidates_of",
    "horizon_of",
    "resolve_scope",
]

FloatArray = npt.NDArray[np.float64]

#: Proposals that compete for the budget.
CANDIDATE_PROPOSALS = (ProposalStatus.UNDER_REVIEW, ProposalStatus.APPROVED)


@dataclass(frozen=True)
class CandidateInfo:
    """What the scenario shows of a candidate besides the engine's numbers."""

    key: str
    kind: str
    id: int
    code: str
    name: str
    name_zh: str | None
    status: str
    nominal: int
    running: bool
    scored: bool


@dataclass(frozen=True, eq=False)
class Built:
    problem: SelectionProblem
    info: list[CandidateInfo]
    years: list[int]
    skills: list[dict[str, Any]]
    pool: FloatArray
    warnings: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)


def _bad(loc: tuple[str | int, ...], key: str, **params: Any) -> FieldError:
    return FieldError(("body", *loc), key, params)


def resolve_scope(
    session: Session, principal: Principal, data: SelectionScenarioCreate
) -> tuple[Pmo, Portfolio | None]:
    """The PMO whose criteria and proposals count, and the portfolio when one is named."""
    if (data.pmo_id is None) == (data.portfolio_id is None):
        raise InvalidInput([_bad(("pmo_id",), "error.field.pmo_or_portfolio")])
    portfolio = None
    if data.portfolio_id is not None:
        portfolio = session.get(Portfolio, data.portfolio_id)
        if portfolio is None:
            raise InvalidInput(
                [_bad(("portfolio_id",), "error.field.not_found", value=data.portfolio_id)]
            )
        if portfolio.pmo_id is None:
            raise InvalidInput([_bad(("portfolio_id",), "error.field.portfolio_without_pmo")])
        pmo_id = portfolio.pmo_id
    else:
        pmo_id = int(data.pmo_id or 0)
    pmo = session.get(Pmo, pmo_id)
    if pmo is None:
        raise InvalidInput([_bad(("pmo_id",), "error.field.not_found", value=pmo_id)])
    authz.ensure_pmo_scope(principal, pmo.org_unit_id)
    return pmo, portfolio


def horizon_of(data: SelectionScenarioCreate, today: date) -> list[int]:
    first = data.first_year or today.year
    if len(data.budget) != data.years:
        raise InvalidInput([_bad(("budget",), "error.field.budget_years", years=data.years)])
    return list(range(first, first + data.years))


def candidates_of(
    session: Session, pmo: Pmo, portfolio: Portfolio | None
) -> tuple[list[Project], list[Proposal]]:
    stmt = select(Project).where(Project.status.in_(capacity.DEMAND_STATUSES))
    if portfolio is not None:
        stmt = stmt.where(Project.portfolio_id == portfolio.id)
    else:
        stmt = stmt.where(Project.org_unit_id.in_(org_subtree(session, pmo.org_unit_id)))
    projects = list(session.scalars(stmt.order_by(Project.code)))
    proposals = list(
        session.scalars(
            select(Proposal)
            .where(
                Proposal.pmo_id == pmo.id,
                Proposal.status.in_(CANDIDATE_PROPOSALS),
                Proposal.project_id.is_(None),
            )
            .order_by(Proposal.code)
        )
    )
    return projects, proposals


def _scores(
    session: Session, pmo: Pmo, projects: list[Project], proposals: list[Proposal]
) -> tuple[dict[int, float], dict[int, float]]:
    """Aggregated score (0-10) per project id and per proposal id, when scored."""
    own = scoring.criteria_of(session, pmo.id)
    ids = [c.id for c in own]
    origin = dict(
        session.execute(
            select(Proposal.project_id, Proposal.id).where(
                Proposal.project_id.in_([p.id for p in projects])
            )
        ).all()
    )
    by_project: dict[int, list[Score]] = defaultdict(list)
    by_proposal: dict[int, list[Score]] = defaultdict(list)
    wanted = [p.id for p in proposals] + list(origin.values())
    for s in session.scalars(
        select(Score).where(
            Score.criterion_id.in_(ids),
            Score.project_id.in_([p.id for p in projects]) | Score.proposal_id.in_(wanted),
        )
    ):
        if s.project_id is not None:
            by_project[s.project_id].append(s)
        elif s.proposal_id is not None:
            by_proposal[s.proposal_id].append(s)

    def total(scores: list[Score]) -> float:
        return float(sum(c.weighted for c in scoring.summary_of(own, scores).criteria))

    proposal_scores = {pid: total(s) for pid, s in by_proposal.items()}
    project_scores = {pid: total(s) for pid, s in by_project.items()}
    for project_id, proposal_id in origin.items():
        if (
            project_id is not None
            and project_id not in project_scores
            and proposal_id in proposal_scores
        ):
            project_scores[project_id] = proposal_scores[proposal_id]
    return project_scores, proposal_scores


def _npvs(
    session: Session, pmo: Pmo, projects: list[Project], proposals: list[Proposal]
) -> tuple[dict[int, float], dict[int, float]]:
    rate = policy_of(session, pmo).discount_rate
    origins = list(
        session.scalars(select(Proposal).where(Proposal.project_id.in_([p.id for p in projects])))
    )

    def npv(p: Proposal) -> float:
        return max(0.0, business_case(p.costs, p.benefits, rate).npv)

    return (
        {int(p.project_id or 0): npv(p) for p in origins},
        {p.id: npv(p) for p in proposals},
    )


def _spread(project: Project, years: list[int]) -> FloatArray:
    """The project's budget per horizon year, spread evenly over its planned days."""
    out = np.zeros(len(years))
    budget = float(project.budget or 0)
    start, finish = project.planned_start, project.planned_finish
    if start is None or finish is None or finish < start:
        out[0] = budget
        return out
    days = (finish - start).days + 1
    for t, year in enumerate(years):
        lo, hi = max(start, date(year, 1, 1)), min(finish, date(year, 12, 31))
        if hi >= lo:
            out[t] = budget * ((hi - lo).days + 1) / days
    return out


def _proposal_profile(proposal: Proposal, skills: dict[int, int]) -> tuple[FloatArray, FloatArray]:
    """Cost and demand per year of the proposal's own life (year 0 = ``first_year``)."""
    last = max([int(s["period"]) // 4 for s in proposal.skills] or [0])
    life = max(len(proposal.costs), last + 1, 1)
    cost = np.zeros(life)
    cost[: len(proposal.costs)] = proposal.costs
    demand = np.zeros((life, len(skills)))
    for need in proposal.skills:
        k = skills.get(int(need["skill_id"]))
        if k is not None:
            demand[int(need["period"]) // 4, k] += float(need["hours"])
    return cost, demand


def _skill_list(session: Session, proposals: list[Proposal], pool: Pool) -> list[dict[str, Any]]:
    ids = {int(s["skill_id"]) for p in proposals for s in p.skills}
    ids |= {sid for _, sid in pool.demand}
    rows = session.scalars(select(Skill).where(Skill.id.in_(ids)).order_by(Skill.name))
    return [{"id": s.id, "name": s.name, "name_zh": s.name_zh} for s in rows]


def build_problem(
    session: Session,
    data: SelectionScenarioCreate,
    pmo: Pmo,
    portfolio: Portfolio | None,
    years: list[int],
) -> Built:
    """The engine's problem for the scenario; bad codes and windows name their field."""
    projects, proposals = candidates_of(session, pmo, portfolio)
    pool = load_pool(session, years, {p.id for p in projects}) if data.use_skills else Pool({}, {})
    skills = _skill_list(session, proposals, pool) if data.use_skills else []
    skill_at = {s["id"]: k for k, s in enumerate(skills)}
    if data.value == "score":
        project_values, proposal_values = _scores(session, pmo, projects, proposals)
    else:
        project_values, proposal_values = _npvs(session, pmo, projects, proposals)
    info: list[CandidateInfo] = []
    rows: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    for project in projects:
        demand = np.zeros((len(years), len(skills)))
        for sid, k in skill_at.items():
            demand[:, k] = pool.demand.get((project.id, sid), 0.0)
        rows.append({"cost": _spread(project, years), "demand": demand, "window": (0, 0)})
        info.append(
            CandidateInfo(
                f"project:{project.id}",
                "project",
                project.id,
                project.code,
                project.name,
                project.name_zh,
                project.status.value,
                0,
                True,
                project.id in project_values,
            )
        )
    for proposal in proposals:
        nominal = max(proposal.first_year - years[0], 0)
        if nominal >= len(years):
            skipped.append({"code": proposal.code, "first_year": proposal.first_year})
            continue
        cost, demand = _proposal_profile(proposal, skill_at)
        latest = min(nominal + data.max_shift, len(years) - 1)
        rows.append({"cost": cost, "demand": demand, "window": (nominal, latest)})
        info.append(
            CandidateInfo(
                f"proposal:{proposal.id}",
                "proposal",
                proposal.id,
                proposal.code,
                proposal.title,
                proposal.title_zh,
                proposal.status.value,
                nominal,
                False,
                proposal.id in proposal_values,
            )
        )
    if not info:
        loc = "portfolio_id" if portfolio is not None else "pmo_id"
        raise InvalidInput([_bad((loc,), "error.field.no_candidates")])
    values = [
        (project_values if c.kind == "project" else proposal_values).get(c.id, 0.0) for c in info
    ]
    rules = Rules(data, info, years)
    must, out, windows = rules.flags(rows)
    rules.raise_errors()
    capacity_rows, warnings = _capacity(data, info, rows, must, out, skills, pool, years)
    names = _unique_names(info)
    candidates = tuple(
        Candidate(
            names[i],
            values[i],
            rows[i]["cost"],
            rows[i]["demand"],
            earliest=windows[i][0],
            latest=windows[i][1],
            must=must[i],
            forced_out=out[i],
            running=c.running,
        )
        for i, c in enumerate(info)
    )
    problem = SelectionProblem(
        candidates,
        np.asarray(data.budget, float),
        capacity_rows,
        rules.exclusive,
        rules.dependencies,
        tuple(str(y) for y in years),
        tuple(s["name"] for s in skills),
    )
    pool_rows = np.zeros((len(years), len(skills)))
    for sid, k in skill_at.items():
        pool_rows[:, k] = pool.capacity.get(sid, 0.0)
    return Built(problem, info, years, skills, pool_rows, warnings, skipped)


def _unique_names(info: Sequence[CandidateInfo]) -> list[str]:
    seen: set[str] = set()
    names = []
    for c in info:
        name = c.code if c.code not in seen else f"{c.code} ({c.kind})"
        seen.add(name)
        names.append(name)
    return names


def _capacity(
    data: SelectionScenarioCreate,
    info: list[CandidateInfo],
    rows: list[dict[str, Any]],
    must: list[bool],
    out: list[bool],
    skills: list[dict[str, Any]],
    pool: Pool,
    years: list[int],
) -> tuple[FloatArray, list[dict[str, Any]]]:
    """Capacity per year and skill; raised to what must-do running projects already need."""
    rows_out = np.zeros((len(years), len(skills)))
    for k, skill in enumerate(skills):
        rows_out[:, k] = pool.capacity.get(skill["id"], 0.0)
    fixed = np.zeros_like(rows_out)
    for i, c in enumerate(info):
        if c.running and must[i] and not out[i]:
            fixed += rows[i]["demand"][: len(years)]
    warnings = []
    for t, k in zip(*np.nonzero(fixed > rows_out + 1e-6), strict=True):
        warnings.append(
            {
                "key": "selection.warning.overbooked",
                "skill": skills[int(k)]["name"],
                "skill_zh": skills[int(k)]["name_zh"],
                "period": str(years[int(t)]),
                "hours": round(float(fixed[t, k] - rows_out[t, k]), 1),
            }
        )
    return np.maximum(rows_out, fixed), warnings
