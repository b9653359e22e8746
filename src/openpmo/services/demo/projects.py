"""Projects: who runs them, where they stand, and their team and strategic alignment."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openpmo.services.demo import names
from openpmo.services.demo import work_names as vocab
from openpmo.services.demo.clock import REFERENCE_TIME, STATUS_DAY, workday
from openpmo.services.demo.context import Demo, stamp
from openpmo.services.demo.network import Node, plan_network
from openpmo.services.demo.work_names import ProjectTemplate

__all__ = ["Placement", "ProjectPlan", "plan_projects", "project_row"]

#: Share of each status; what rounding leaves over goes to ``active``.
STATUS_SHARES: tuple[tuple[str, float], ...] = (
    ("proposed", 0.1),
    ("approved", 0.1),
    ("active", 0.5),
    ("on_hold", 0.075),
    ("closed", 0.15),
    ("cancelled", 0.075),
)

#: Methodologies by domain, with their weights.
METHODOLOGIES: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "software": (("agile", "hybrid", "waterfall"), (4, 3, 3)),
    "plant": (("waterfall", "hybrid"), (8, 2)),
    "product": (("hybrid", "waterfall", "agile"), (5, 3, 2)),
    "business": (("waterfall", "hybrid", "agile"), (6, 2, 2)),
}

#: Program themes (indices into ``names.PROGRAM_THEMES``) by department.
THEMES: dict[str, tuple[int, ...]] = {
    "RND": (2,),
    "IT": (1, 5),
    "MFG": (0, 4),
    "MKT": (3,),
    "SAL": (3,),
    "FIN": (1, 4),
    "HR": (1,),
    "SCM": (4, 0),
    "QA": (4,),
    "CS": (3,),
    "PRC": (4,),
    "LEG": (1,),
    "STR": (1,),
    "EHS": (4,),
}


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a project sits in time, in working days: its first day, and the day up to
    which work is recorded (the status date, or when it was put on hold or cancelled)."""

    start: int
    cut: int
    pace: float  # share of the planned progress achieved on tasks under way


@dataclass(slots=True)
class ProjectPlan:
    id: int
    status: str
    methodology: str
    template: ProjectTemplate
    name: tuple[str, str]
    manager: int
    members: list[int]
    nodes: list[Node]
    placement: Placement


def statuses(demo: Demo) -> list[str]:
    total = demo.scale.projects
    counts = {status: max(1, round(total * share)) for status, share in STATUS_SHARES}
    counts["active"] += total - sum(counts.values())
    result = [status for status, count in counts.items() for _ in range(count)]
    demo.rng.shuffle(result)
    return result


def place(demo: Demo, status: str, span: int) -> Placement:
    """Dates consistent with the status: closed in the past, proposed in the future."""
    rng = demo.rng
    if status == "closed":
        start = STATUS_DAY - span - rng.randint(5, 150)
        return Placement(start, start + span, 1.0)
    if status in ("proposed", "approved"):
        ahead = rng.randint(40, 260) if status == "proposed" else rng.randint(5, 80)
        return Placement(STATUS_DAY + ahead, STATUS_DAY, 1.0)
    low, high = {"active": (0.1, 0.85), "on_hold": (0.2, 0.7)}.get(status, (0.3, 1.1))
    start = STATUS_DAY - max(1, round(span * rng.uniform(low, high)))
    cut = STATUS_DAY
    if status == "on_hold":
        cut = max(start + 1, STATUS_DAY - rng.randint(5, 40))
    elif status == "cancelled":
        cut = min(STATUS_DAY, start + max(1, round(span * rng.uniform(0.1, 0.5))))
    return Placement(start, cut, rng.uniform(0.7, 1.05))


def _unique_name(template: ProjectTemplate, demo: Demo, taken: set[str]) -> tuple[str, str]:
    """The template's name filled in; a repeat is told apart by a city, then by phase."""
    rng = demo.rng
    fill = {
        "city": rng.choice(names.CITIES),
        "product": rng.choice(names.PRODUCTS),
        "country": rng.choice(names.COUNTRIES),
    }
    en = template.name[0].format(**{k: v[0] for k, v in fill.items()})
    zh = template.name[1].format(**{k: v[1] for k, v in fill.items()})
    if en in taken and "{city}" not in template.name[0]:
        city_en, city_zh = rng.choice(names.CITIES)
        en, zh = f"{en} – {city_en}", f"{zh}（{city_zh}）"
    base_en, base_zh, phase = en, zh, 1
    while en in taken:
        phase += 1
        digit = vocab.CHINESE_DIGITS[phase] if phase <= 10 else str(phase)
        en, zh = f"{base_en}, phase {phase}", f"{base_zh}（{digit}期）"
    taken.add(en)
    return en, zh


def _team(demo: Demo, everyone: list[int], department: str, manager: int) -> list[int]:
    """The manager and a team drawn mostly from the owning department."""
    rng = demo.rng
    own = demo.people[department]
    team = [manager]
    size = rng.randint(*demo.scale.members)
    while len(team) < size + 1:
        person = rng.choice(own if own and rng.random() < 0.7 else everyone)
        if person not in team:
            team.append(person)
    return team


def _special_roles(order: list[str]) -> tuple[set[int], set[int]]:
    """Projects managed by the project manager login (three active, one approved, one
    closed) and those the member login works on (two active, one on hold)."""

    def first(status: str, count: int, skip: set[int]) -> list[int]:
        return [i for i, s in enumerate(order) if s == status and i not in skip][:count]

    managed = set(
        first("active", 3, set()) + first("approved", 1, set()) + first("closed", 1, set())
    )
    member = set(first("active", 2, managed) + first("on_hold", 1, managed))
    return managed, member


def plan_projects(demo: Demo) -> list[ProjectPlan]:
    """Every project's template, status, manager, team and scheduled network."""
    rng = demo.rng
    order = statuses(demo)
    managed, member_on = _special_roles(order)
    templates = [t for t in vocab.PROJECTS if t.department in demo.units]
    everyone = [p for key in sorted(demo.people) for p in demo.people[key]]
    taken: set[str] = set()
    plans: list[ProjectPlan] = []
    for index, status in enumerate(order):
        template = templates[index] if index < len(templates) else rng.choice(templates)
        manager = (
            demo.linked["project_manager"]
            if index in managed
            else rng.choice(demo.managers[template.department])
        )
        members = _team(demo, everyone, template.department, manager)
        if index in member_on:
            members.append(demo.linked["member"])
        methodologies, weights = METHODOLOGIES[template.domain]
        methodology = rng.choices(methodologies, weights)[0]
        nodes = plan_network(
            rng, methodology, template.domain, round(rng.triangular(*demo.scale.tasks))
        )
        placement = place(demo, status, max(node.end for node in nodes))
        plans.append(
            ProjectPlan(
                index + 1,
                status,
                methodology,
                template,
                _unique_name(template, demo, taken),
                manager,
                members,
                nodes,
                placement,
            )
        )
    return plans


def _current_phase(plan: ProjectPlan) -> str:
    phases = [node for node in plan.nodes if node.parent == -1]
    if plan.status == "proposed":
        return "Proposal"
    if plan.status != "closed":
        for phase in phases:
            if plan.placement.start + phase.end > plan.placement.cut:
                return phase.name[0]
    return phases[-1].name[0]


def _budget(demo: Demo, plan: ProjectPlan) -> tuple[Decimal, str]:
    thousands = demo.rng.randint(15, 90) * len(plan.nodes)
    if plan.template.overseas:
        return Decimal(thousands // 7 * 1000).quantize(Decimal("0.01")), "USD"
    return Decimal(thousands * 1000).quantize(Decimal("0.01")), "CNY"


def _links(demo: Demo, plan: ProjectPlan) -> None:
    rng = demo.rng
    codes = list(plan.template.objectives[: rng.randint(1, len(plan.template.objectives))])
    extra = rng.choice(sorted(demo.objectives))
    if len(codes) < 3 and extra not in codes and rng.random() < 0.3:
        codes.append(extra)
    demo.table("project_objectives").extend(
        {"project_id": plan.id, "objective_id": demo.objectives[c]} for c in codes
    )
    demo.table("project_members").extend(
        {"project_id": plan.id, "resource_id": r} for r in plan.members
    )


def project_row(demo: Demo, plan: ProjectPlan) -> None:
    """The project's row, its objectives and its members."""
    rng = demo.rng
    department = plan.template.department
    units = demo.units[department]
    unit = units[0] if len(units) == 1 or rng.random() < 0.3 else rng.choice(units[1:])
    sponsor = demo.linked["executive"] if rng.random() < 0.15 else demo.heads[department]
    program, portfolio = rng.choice(demo.programs[rng.choice(THEMES[department])])
    start = plan.placement.start
    budget, currency = _budget(demo, plan)
    row = {
        "id": plan.id,
        "code": f"PRJ-{workday(start).year}-{plan.id:04d}",
        "name": plan.name[0],
        "name_zh": plan.name[1],
        "description": f"{plan.name[0]}: {plan.template.domain} project of "
        f"{names.DEPARTMENTS_BY_KEY[department].name[0]}. / {plan.name[1]}。",
        "status": plan.status,
        "methodology": plan.methodology,
        "current_phase": _current_phase(plan),
        "priority": rng.randint(1, 1000),
        "budget": budget,
        "currency": currency,
        "planned_start": workday(start),
        "planned_finish": workday(start + max(n.end for n in plan.nodes) - 1),
        "portfolio_id": portfolio,
        "program_id": None if rng.random() < 0.1 else program,
        "org_unit_id": unit,
        "manager_id": plan.manager,
        "sponsor_id": sponsor,
        "version": 1,
        "created_at": stamp(workday(start - 20)),
        "updated_at": REFERENCE_TIME,
    }
    demo.table("projects").append(row)
    _links(demo, plan)
