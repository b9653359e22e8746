"""Who could fill a resource request, ranked by fit, with the reasons the others cannot.

The pool is every active person of the requested role or with the requested skill (at any
level: someone just below the level is worth seeing). All of them are ranked in bulk by what
approval checks — role, skill level, the highest allocation already booked on a day of the
period — and the best are then checked one by one with the very rules of approval
(:func:`openpmo.services.requests.person_errors`), so a reason shown is the reason approval
would give. Their planned load over the period (tasks and allocations against capacity, from
:mod:`openpmo.services.capacity`) breaks ties: the less loaded first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from openpmo.db.models import Allocation, Resource, ResourceRequest, ResourceSkill
from openpmo.enums import ResourceKind, Role
from openpmo.errors import FieldError
from openpmo.services import authz, capacity
from openpmo.services.principal import Principal
from openpmo.services.requests import APPROVERS, person_errors, requests

__all__ = ["Candidate", "rank_candidates"]

#: Who may see the candidates of a request.
VIEWERS = (*APPROVERS, Role.PMO)


@dataclass
class Candidate:
    """A person who might fill the request; ``reasons`` say why not (empty: fits)."""

    resource_id: int
    name: str
    name_zh: str | None
    role: str | None
    org_unit_id: int | None
    level: int | None  # of the requested skill
    allocated: float  # highest % already allocated on one day of the period
    load: float | None = None  # planned hours ÷ capacity over the period
    reasons: list[FieldError] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        return not self.reasons

    @property
    def free(self) -> float:
        """Percent still free on the busiest day of the period."""
        return max(100.0 - self.allocated, 0.0)


def _pool(session: Session, record: ResourceRequest) -> list[Candidate]:
    levels: dict[int, int] = {}
    if record.skill_id is not None:
        levels = dict(
            session.execute(
                select(ResourceSkill.resource_id, ResourceSkill.level).where(
                    ResourceSkill.skill_id == record.skill_id
                )
            ).all()
        )
    matches = []
    if record.role:
        matches.append(Resource.role == record.role)
    if levels:
        matches.append(Resource.id.in_(list(levels)))
    if not matches:
        return []
    rows = session.execute(
        select(
            Resource.id, Resource.name, Resource.name_zh, Resource.role, Resource.org_unit_id
        ).where(Resource.is_active.is_(True), Resource.kind == ResourceKind.PERSON, or_(*matches))
    ).all()
    return [Candidate(r[0], r[1], r[2], r[3], r[4], levels.get(r[0]), 0.0) for r in rows]


def _peaks(session: Session, ids: list[int], start: date, finish: date) -> dict[int, float]:
    """The highest total allocation (%) of each resource on a day of ``start``..``finish``."""
    events: dict[int, dict[date, float]] = {}
    for first in range(0, len(ids), 5000):
        chunk = ids[first : first + 5000]
        for rid, a, z, percent in session.execute(
            select(
                Allocation.resource_id, Allocation.start, Allocation.finish, Allocation.percent
            ).where(
                Allocation.resource_id.in_(chunk),
                Allocation.start <= finish,
                Allocation.finish >= start,
            )
        ):
            days = events.setdefault(rid, {})
            days[max(a, start)] = days.get(max(a, start), 0.0) + percent
            end = min(z, finish) + timedelta(days=1)
            days[end] = days.get(end, 0.0) - percent
    peaks = {}
    for rid, days in events.items():
        total = peak = 0.0
        for day in sorted(days):
            total += days[day]
            peak = max(peak, total)
        peaks[rid] = round(peak, 1)
    return peaks


def _loads(
    session: Session, principal: Principal, ids: list[int], start: date, finish: date
) -> dict[int, float | None]:
    plan = capacity.capacity_plan(
        session,
        principal,
        period="month",
        start=start,
        finish=finish,
        scope=capacity.ResourceScope(resource_ids=tuple(ids)),
    )
    capacity_hours = plan.result.capacity.sum(axis=1)
    demand = plan.result.demand.sum(axis=1)
    return {
        r.id: (float(demand[k] / capacity_hours[k]) if capacity_hours[k] > 0 else None)
        for k, r in enumerate(plan.loaded.resources)
    }


def rank_candidates(
    session: Session, principal: Principal, request_id: int, *, limit: int = 20
) -> list[Candidate]:
    """The ``limit`` best people for the request, those who fit first (see the module
    docstring); each carries the reasons approval would refuse them for."""
    record = requests.get(session, principal, request_id)
    authz.ensure_role(principal, *VIEWERS, action="read")
    pool = _pool(session, record)
    peaks = _peaks(session, [c.resource_id for c in pool], record.start, record.finish)
    for c in pool:
        c.allocated = peaks.get(c.resource_id, 0.0)

    def rough(c: Candidate) -> tuple[bool, bool, bool, float, int, str]:
        return (
            bool(record.role) and c.role != record.role,
            record.skill_id is not None and (c.level or 0) < record.min_level,
            c.allocated + record.percent > 100.0 + 1e-9,
            c.allocated,
            -(c.level or 0),
            c.name,
        )

    chosen = sorted(pool, key=rough)[:limit]
    if not chosen:
        return []
    loads = _loads(session, principal, [c.resource_id for c in chosen], record.start, record.finish)
    for c in chosen:
        c.load = loads.get(c.resource_id)
        c.reasons = person_errors(session, record, 0, c.resource_id, set())
    chosen.sort(
        key=lambda c: (
            len(c.reasons),
            c.allocated,
            c.load if c.load is not None else float("inf"),
            -(c.level or 0),
            c.name,
        )
    )
    return chosen
