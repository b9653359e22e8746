"""Monitoring data of the demo's active projects: a baseline, four weekly status dates with
progress and actuals, quality checks and remediation actions.

Each project draws from its own seeded random source (not the demo's), so adding this
leaves every other table exactly as it was. Cost performance is drawn per project (most
near plan, some over, a few well over); progress follows the task rows' own rule (work
before the cut is done, work across it is at the project's pace), evaluated at each of
the four status dates, the last of which is the demo's status date.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from openpmo.services.demo.clock import REFERENCE_TIME, STATUS_DAY, workday
from openpmo.services.demo.context import Demo, Row
from openpmo.services.demo.network import LEAF, MILESTONE, SUMMARY
from openpmo.services.demo.projects import ProjectPlan

__all__ = ["STATUS_WEEKS", "monitoring_rows", "threshold_rows"]

#: Status dates per project: this many Mondays, a week apart, ending on the demo's.
STATUS_WEEKS = 4
_DAY_MINUTES = 480
_MORNING, _EVENING = time(8, 0), time(17, 0)
_TWO = Decimal("0.01")


def _rng(plan: ProjectPlan) -> random.Random:
    return random.Random(plan.id * 7919 + 104729)


def _cost_factor(rng: random.Random) -> float:
    """Actual cost per unit of earned value: most near plan, some over, a few well over."""
    draw = rng.random()
    if draw < 0.85:
        return rng.uniform(0.9, 1.04)
    if draw < 0.95:
        return rng.uniform(1.06, 1.1)
    return rng.uniform(1.14, 1.35)


def _percent(kind: int, first: int, end: int, cut: int, pace: float) -> float:
    """The task rows' rule (``demo/tasks.py``) at working day ``cut``."""
    if kind == MILESTONE:
        return 100.0 if end - 1 < cut else 0.0
    if end <= cut:
        return 100.0
    if first < cut:
        return min(99.0, max(1.0, round(100 * pace * (cut - first) / (end - first), 1)))
    return 0.0


def _baseline(demo: Demo, plan: ProjectPlan, tasks: list[Row], rates: list[Row]) -> None:
    baseline_id = demo.add(
        "baselines",
        {"project_id": plan.id, "number": 0, "name": "Approved plan / 批准的计划"},
    )
    demo.table("baselines")[-1]["created_by_id"] = None
    rows = demo.table("baseline_tasks")
    for task in tasks:
        first, last = task["planned_start"], task["planned_finish"]
        duration = round(task["duration_days"] * _DAY_MINUTES)
        leaf = not task["is_summary"] and task["assignee_id"] is not None
        work = duration if leaf else 0
        rate = rates[task["assignee_id"] - 1]["cost_rate"] if leaf else Decimal(0)
        finish = datetime.combine(last, _EVENING)
        rows.append(
            {
                "baseline_id": baseline_id,
                "task_id": task["id"],
                "start": finish if task["is_milestone"] else datetime.combine(first, _MORNING),
                "finish": finish,
                "duration_minutes": duration,
                "work_minutes": work,
                "cost": (Decimal(work) / 60 * rate).quantize(_TWO),
            }
        )


def _register_figures(demo: Demo, plan: ProjectPlan, day: datetime) -> tuple[float, int]:
    """Open risks' exposure and issues overdue at ``day``, from this project's rows."""
    exposure = 0.0
    for risk in reversed(demo.table("risks")):
        if risk["project_id"] != plan.id:
            break
        if risk["status"] in ("open", "mitigating"):
            exposure += risk["probability"] * risk["impact"]
    overdue = 0
    for issue in reversed(demo.table("issues")):
        if issue["project_id"] != plan.id:
            break
        due = issue["due_date"]
        if issue["status"] in ("open", "in_progress") and due is not None and due < day.date():
            overdue += 1
    return round(exposure, 4), overdue


def _status_dates(demo: Demo, plan: ProjectPlan, tasks: list[Row], rng: random.Random) -> None:
    factor = _cost_factor(rng)
    hours_factor = factor * rng.uniform(0.95, 1.05)
    start, pace = plan.placement.start, plan.placement.pace
    baseline_id = len(demo.table("baselines"))
    progress = demo.table("task_progress")
    rates = demo.table("resources")
    stretched = rng.random() < 0.06
    # a few projects miss the milestones of the last three weeks
    slipping = rng.random() < 0.12
    for week in range(STATUS_WEEKS - 1, -1, -1):
        cut = STATUS_DAY - 5 * week
        day = datetime.combine(workday(cut), time())
        exposure, overdue = _register_figures(demo, plan, day)
        sid = demo.add(
            "status_dates",
            {
                "project_id": plan.id,
                "status_date": day.date(),
                "taken_at": REFERENCE_TIME - timedelta(days=7 * week),
                "taken_by_id": None,
                "baseline_id": baseline_id,
                "risk_exposure": exposure,
                "overdue_issues": overdue,
                "overallocation_hours": round(rng.uniform(4, 60), 1) if stretched else 0.0,
            },
        )
        for node, task in zip(plan.nodes, tasks, strict=True):
            if node.kind == SUMMARY:
                done = 0.0
            else:
                done = _percent(node.kind, start + node.start, start + node.end, cut, pace)
            if node.kind == LEAF and week == 0:
                done = task["percent_complete"]  # the tasks show the latest status date
            if slipping and node.kind == MILESTONE and start + node.end > STATUS_DAY - 15:
                done = task["percent_complete"] = 0.0
            earned_hours = node.duration * 8 * done / 100 if node.kind == LEAF else 0.0
            has_cost = node.kind == LEAF and task["assignee_id"] is not None
            rate = float(rates[task["assignee_id"] - 1]["cost_rate"]) if has_cost else 0.0
            began = done > 0 and node.kind == LEAF
            progress.append(
                {
                    "id": len(progress) + 1,
                    "status_date_id": sid,
                    "task_id": task["id"],
                    "percent_complete": done,
                    "remaining_days": None,
                    "actual_start": datetime.combine(task["planned_start"], _MORNING)
                    if began
                    else None,
                    "actual_finish": datetime.combine(task["planned_finish"], _EVENING)
                    if began and done >= 100
                    else None,
                    "actual_hours": round(earned_hours * hours_factor, 1),
                    "actual_cost": Decimal(earned_hours * rate * factor).quantize(_TWO),
                }
            )


def _quality(demo: Demo, plan: ProjectPlan, rng: random.Random) -> None:
    count = rng.randint(4, 12)
    draw = rng.random()
    failures = 0 if draw < 0.9 else (1 if draw < 0.97 else rng.randint(1, 3))
    failed = set(rng.sample(range(count), min(failures, count)))
    kinds = ("inspection", "test", "acceptance")
    for k in range(count):
        day = workday(max(plan.placement.start, STATUS_DAY - rng.randint(1, 60)))
        demo.add(
            "quality_checks",
            {
                "project_id": plan.id,
                "kind": kinds[rng.choices(range(3), (5, 4, 1))[0]],
                "checked_on": day,
                "passed": k not in failed,
                "note": None if k not in failed else "Rework needed / 需要返工",
            },
        )


_ACTIONS = (
    ("Re-plan the remaining work with the team", "与团队重新计划剩余工作"),
    ("Review cost overruns with the sponsor", "与发起人评审成本超支"),
    ("Add a second tester for two weeks", "增加一名测试人员，为期两周"),
    ("Escalate the supplier delay to procurement", "将供应商延误升级至采购部"),
    ("Fix the failed acceptance items before the next gate", "在下一关口前整改验收不合格项"),
)


def _remediation(demo: Demo, plan: ProjectPlan, rng: random.Random) -> None:
    if rng.random() > 0.3:
        return
    for en, zh in rng.sample(_ACTIONS, rng.randint(1, 2)):
        status = rng.choices(("open", "in_progress", "done"), (3, 3, 2))[0]
        demo.add(
            "remediation_actions",
            {
                "project_id": plan.id,
                "description": f"{en} / {zh}",
                "owner_id": plan.manager,
                "due_date": workday(STATUS_DAY + rng.randint(-10, 30)),
                "status": status,
                "closed_at": REFERENCE_TIME - timedelta(days=rng.randint(1, 14))
                if status == "done"
                else None,
            },
        )


def monitoring_rows(demo: Demo, plan: ProjectPlan) -> None:
    """Baseline, status dates with progress, quality checks and remediation of an active
    project (call after its task and register rows, while ``plan.nodes`` is still set)."""
    if plan.status != "active" or not plan.nodes:
        return
    rng = _rng(plan)
    tasks = demo.table("tasks")[-len(plan.nodes) :]
    _baseline(demo, plan, tasks, demo.table("resources"))
    _status_dates(demo, plan, tasks, rng)
    _quality(demo, plan, rng)
    _remediation(demo, plan, rng)


def threshold_rows(demo: Demo) -> None:
    """The enterprise PMO's KPI thresholds: the defaults, with risk exposure and overdue
    issues set for registers of this size (3-8 risks, 1-5 issues a project)."""
    if not demo.pmos:
        return
    pmo = demo.pmos[0]
    settings = (
        ("spi", 0.95, 0.9, True),
        ("sv_percent", -5.0, -10.0, True),
        ("late_milestones", 0.0, 2.0, False),
        ("cpi", 0.95, 0.9, True),
        ("cv_percent", -5.0, -10.0, True),
        ("eac_over_budget_percent", 5.0, 10.0, False),
        ("quality_pass_rate", 0.9, 0.8, True),
        ("risk_exposure", 11.0, 16.0, False),
        ("overdue_issues", 2.0, 4.0, False),
        ("overallocation_hours", 8.0, 40.0, False),
    )
    for kpi, amber, red, higher in settings:
        demo.add(
            "kpi_thresholds",
            {"pmo_id": pmo, "kpi": kpi, "amber": amber, "red": red, "higher_is_better": higher},
        )
