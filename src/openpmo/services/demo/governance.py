"""Governance in the demo: the lifecycle library, each PMO's policy and scoring criteria,
the objectives' targets, and every project's phases, gate reviews and contributions.

A project's phases follow its own task network: the phases its network has finished are
completed (each passed by an approving gate review), the one its work has reached is active,
the rest pending. A cancelled project was stopped at the gate of the phase it was in; a
closed one has every phase completed. Random draws come from a source of the project's own,
so the rows of other tables are the same with or without them.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from openpmo.engines.ahp import ahp
from openpmo.services.demo import names
from openpmo.services.demo.clock import STATUS_DATE, workday
from openpmo.services.demo.context import Demo, Row, stamp
from openpmo.services.demo.lifecycle_library import TEMPLATES, lifecycle_phase, template_phases
from openpmo.services.demo.network import Node
from openpmo.services.demo.projects import ProjectPlan

__all__ = ["CRITERIA", "build_governance_library", "governance_rows", "governing_pmo"]

#: Default lifecycle and discount rate per PMO (same order as ``names.PMOS``).
_POLICIES: tuple[tuple[str, float], ...] = (
    ("hybrid", 0.08),
    ("agile", 0.10),
    ("waterfall", 0.07),
    ("agile", 0.09),
    ("hybrid", 0.08),
    ("waterfall", 0.075),
)

# fmt: off
#: Scoring criteria: (code, name, 中文, description).
CRITERIA: tuple[tuple[str, str, str, str], ...] = (
    ("alignment", "Strategic alignment", "战略契合度",
     "How directly it serves the strategic objectives. / 对战略目标的直接贡献。"),
    ("benefit", "Financial benefit", "财务收益",
     "NPV and payback of the business case. / 商业论证的净现值与回收期。"),
    ("risk", "Delivery risk (10 = lowest)", "实施风险（10分为最低）",
     "Technical, supplier and change risk; 10 is the lowest. / 技术、供应商与变革风险，10分最低。"),
    ("resources", "Resource availability", "资源可得性",
     "Whether the skills it needs are free when it needs them. / 所需技能在所需时段是否可用。"),
    ("urgency", "Urgency", "紧迫性",
     "Regulatory dates, market windows, end of support. / 法规期限、市场窗口、停止支持等。"),
)

#: Pairwise judgements of the criteria above (upper triangle, row by row), per PMO type.
_JUDGEMENTS: dict[str, tuple[float, ...]] = {
    "controlling": (2, 3, 4, 5, 2, 3, 4, 1, 2, 2),
    "directive": (1, 2, 3, 3, 2, 3, 3, 2, 2, 1),
    "supportive": (1 / 2, 2, 3, 2, 3, 4, 3, 2, 1, 1 / 2),
}

#: Objective measures: code → (measure, unit, baseline, target, current, target date).
_TARGETS: dict[str, tuple[str, str, float, float, float, date]] = {
    "SO-1": ("New-energy revenue / 新能源收入", "CNY bn", 4.2, 12.0, 7.1, date(2027, 12, 31)),
    "SO-1.1": ("New products launched / 新产品上市数", "products", 0, 5, 2, date(2027, 12, 31)),
    "SO-1.2": ("Overseas markets entered / 进入海外市场数", "markets", 0, 3, 1, date(2027, 6, 30)),
    "SO-2": ("Processes digitalised / 数字化流程占比", "%", 35, 90, 58, date(2027, 12, 31)),
    "SO-2.1": ("Plants certified smart / 智能工厂认证数", "plants", 1, 6, 3, date(2027, 12, 31)),
    "SO-2.2": ("Systems on the data platform / 接入数据平台的系统", "systems", 4, 40, 17,
               date(2027, 3, 31)),
    "SO-3": ("Unit cost index / 单位成本指数", "index", 100, 92, 96.5, date(2027, 12, 31)),
}
# fmt: on


def governing_pmo(demo: Demo, department: str) -> int:
    """The PMO of the department, else the enterprise PMO (the first)."""
    for index, (*_, key) in enumerate(names.PMOS[: len(demo.pmos)]):
        if key == department:
            return demo.pmos[index]
    return demo.pmos[0]


def _criteria_weights(pmo_type: str) -> list[float]:
    n = len(CRITERIA)
    matrix = [[1.0] * n for _ in range(n)]
    values = iter(_JUDGEMENTS[pmo_type])
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i][j] = float(next(values))
            matrix[j][i] = 1.0 / matrix[i][j]
    return [round(float(w), 4) for w in ahp(matrix).weights]


def build_governance_library(demo: Demo) -> None:
    """Lifecycle templates, the PMOs' policies and criteria, and the objectives' targets."""
    by_methodology: dict[str, int] = {}
    for code, name, name_zh, methodology, phases in TEMPLATES:
        by_methodology[methodology] = demo.add(
            "lifecycle_templates",
            {
                "code": code,
                "name": name,
                "name_zh": name_zh,
                "methodology": methodology,
                "description": f"{name}. / {name_zh}。",
                "pmo_id": None,
                "is_active": True,
                "phases": template_phases(phases),
            },
        )
    for index, pmo in enumerate(demo.pmos):
        default, rate = _POLICIES[index]
        pmo_type = names.PMOS[index][2]
        flexible = pmo_type == "supportive"
        demo.add(
            "pmo_policies",
            {
                "pmo_id": pmo,
                "default_template_id": by_methodology[default],
                "discount_rate": rate,
                "may_skip_phases": flexible,
                "may_add_deliverables": True,
                "may_waive_deliverables": flexible,
                "may_edit_criteria": pmo_type != "directive",
            },
        )
        for (code, name, name_zh, description), weight in zip(
            CRITERIA, _criteria_weights(pmo_type), strict=True
        ):
            demo.add(
                "scoring_criteria",
                {
                    "pmo_id": pmo,
                    "code": code,
                    "name": name,
                    "name_zh": name_zh,
                    "description": description,
                    "weight": weight,
                },
            )
    for row in demo.table("strategic_objectives"):
        measure, unit, baseline, target, current, due = _TARGETS[row["code"]]
        row |= {
            "measure": measure,
            "unit": unit,
            "baseline_value": baseline,
            "target_value": target,
            "current_value": current,
            "target_date": due,
        }


def _template(demo: Demo, methodology: str) -> tuple[int, list[dict[str, Any]]]:
    for row in demo.table("lifecycle_templates"):
        if row["methodology"] == methodology:
            return int(row["id"]), list(row["phases"])
    raise LookupError(methodology)


def _spans(plan: ProjectPlan) -> dict[str, tuple[int, int]]:
    """Each lifecycle phase's first and last working day (from the project's start)."""
    spans: dict[str, tuple[int, int]] = {}
    for node in plan.nodes:
        if node.parent != -1:
            continue
        name = lifecycle_phase(node.name[0])
        start, end = spans.get(name, (node.start, node.end))
        spans[name] = (min(start, node.start), max(end, node.end))
    return spans


def _current(plan: ProjectPlan, phases: list[dict[str, Any]], nodes: list[Node]) -> int:
    if plan.status in ("proposed", "approved"):
        return 0
    if plan.status == "closed":
        return len(phases) - 1
    names_in_order = [p["name"] for p in phases]
    for node in nodes:
        if node.parent == -1 and plan.placement.start + node.end > plan.placement.cut:
            return names_in_order.index(lifecycle_phase(node.name[0]))
    return len(phases) - 1


def _review(
    rng: random.Random,
    demo: Demo,
    phase: dict[str, Any],
    decision: str | None,
    day: date,
    code: str,
) -> Row:
    """A review of ``phase``'s gate; ``decision`` None: prepared, not yet decided."""
    assessments = [
        {"criterion": c["key"], "result": "met", "note": None} for c in phase["criteria"]
    ]
    conditions = None
    if decision in ("conditional_go", "recycle", "hold", "stop") and assessments:
        assessments[-1] = {
            "criterion": assessments[-1]["criterion"],
            "result": "not_met",
            "note": "Open points remain. / 仍有未关闭事项。",
        }
    if decision == "conditional_go":
        conditions = "Close the open points within 20 working days. / 20个工作日内关闭遗留事项。"
    elif decision is None:
        assessments = assessments[: max(1, len(assessments) - 1)]
    deliverables = [
        {
            "key": d["key"],
            "name": d["name"],
            "link": f"https://dms.{names.EMAIL_DOMAIN}/{code}/{d['key']}",
            "file_ref": None,
            "accepted": decision in ("go", "conditional_go") or not d["required"],
        }
        for d in phase["deliverables"]
        if d["required"] or rng.random() < 0.5
    ]
    approver = demo.users["pmo" if rng.random() < 0.7 else "executive"]
    return {
        "assessments": assessments,
        "deliverables": deliverables,
        "decision": decision,
        "approver_id": approver if decision else None,
        "decided_at": stamp(day) if decision else None,
        "conditions": conditions,
        "comments": None
        if decision is None
        else "Reviewed at the gate meeting. / 已在关口评审会上审议。",
    }


def _phase_status(plan: ProjectPlan, seq: int, current: int) -> str:
    if plan.status == "closed" or seq < current:
        return "completed"
    if seq > current:
        return "skipped" if plan.status == "cancelled" else "pending"
    return "completed" if plan.status == "cancelled" else "active"


def _contributions(rng: random.Random, demo: Demo, plan: ProjectPlan) -> None:
    """Split the project over its objectives in % (a tenth keep the equal share)."""
    rows = [r for r in demo.table("project_objectives")[-4:] if r["project_id"] == plan.id]
    if rng.random() < 0.1:
        for row in rows:
            row["contribution"] = None
        return
    shares = [rng.randint(1, 4) for _ in rows]
    for row, share in zip(rows, shares, strict=True):
        row["contribution"] = float(round(100 * share / sum(shares)))


def governance_rows(demo: Demo, plan: ProjectPlan) -> None:
    """The project's phases (its current phase renamed to its lifecycle phase), gate
    reviews and objective contributions."""
    rng = random.Random(plan.id * 6007 + 1009)
    template_id, phases = _template(demo, plan.methodology)
    project = demo.table("projects")[plan.id - 1]
    spans = _spans(plan)
    current = _current(plan, phases, plan.nodes)
    project["current_phase"] = phases[current]["name"]
    start = plan.placement.start
    for seq, spec in enumerate(phases):
        status = _phase_status(plan, seq, current)
        first, last = spans.get(spec["name"], (0, 1))
        waiting = status in ("pending", "skipped") or plan.status in ("proposed", "approved")
        started = None if waiting else workday(start + first)
        finished = None
        if status == "completed":
            end_day = (
                plan.placement.cut
                if seq == current and plan.status == "cancelled"
                else start + last - 1
            )
            finished = min(workday(end_day), STATUS_DATE)
        phase_id = demo.add(
            "project_phases",
            {
                "project_id": plan.id,
                "template_id": template_id,
                "key": spec["key"],
                "seq": seq,
                "status": status,
                **{
                    k: spec[k]
                    for k in ("name", "name_zh", "iterations", "gate_name", "gate_name_zh")
                },
                "criteria": spec["criteria"],
                "deliverables": spec["deliverables"],
                "started_on": started,
                "finished_on": finished,
            },
        )
        decisions: list[str | None] = []
        if status == "completed":
            if plan.status == "cancelled" and seq == current:
                decisions = ["stop"]
            else:
                draw = rng.random()
                first_try = ["recycle"] if draw < 0.08 else ["hold"] if draw < 0.12 else []
                decisions = [*first_try, "conditional_go" if rng.random() < 0.15 else "go"]
        elif status == "active" and plan.status == "active" and rng.random() < 0.3:
            decisions = [None]
        for decision in decisions:
            day = finished or STATUS_DATE
            review = _review(rng, demo, spec, decision, day, project["code"])
            demo.add("gate_reviews", {"project_id": plan.id, "phase_id": phase_id, **review})
    _contributions(rng, demo, plan)
