"""Risk and issue registers of the projects that are past the proposal."""

from __future__ import annotations

from datetime import date, timedelta

from openpmo.services.demo import work_names as vocab
from openpmo.services.demo.clock import STATUS_DATE, workday
from openpmo.services.demo.context import Demo, stamp
from openpmo.services.demo.projects import ProjectPlan

__all__ = ["register_rows"]

_RISK_STATUSES = (("open", "mitigating", "occurred", "closed"), (45, 35, 10, 10))
_ISSUE_STATUSES = (("open", "in_progress", "resolved", "closed"), (35, 30, 20, 15))


def _due(demo: Demo, plan: ProjectPlan, finished: bool, ahead: tuple[int, int]) -> date:
    """A finished entry was due while the project ran; an open one around the status date
    (in the past when ``ahead`` allows: overdue)."""
    if finished:
        cut = plan.placement.cut
        return workday(demo.rng.randint(min(plan.placement.start, cut - 1), cut - 1))
    return STATUS_DATE + timedelta(days=demo.rng.randint(*ahead))


def _risk_status(demo: Demo, plan: ProjectPlan) -> str:
    if plan.status in ("closed", "cancelled"):
        return "occurred" if demo.rng.random() < 0.25 else "closed"
    return demo.rng.choices(*_RISK_STATUSES)[0]


def _risks(demo: Demo, plan: ProjectPlan) -> None:
    rng = demo.rng
    created = stamp(workday(plan.placement.start))
    for en, zh, response, response_zh in rng.sample(vocab.RISKS, rng.randint(3, 8)):
        status = _risk_status(demo, plan)
        due = _due(demo, plan, status in ("closed", "occurred"), (-15, 90))
        demo.add(
            "risks",
            {
                "project_id": plan.id,
                "title": f"{en} / {zh}",
                "description": f"Raised by the project team. / 由项目组识别：{zh}。",
                "probability": round(rng.uniform(0.05, 0.9), 2),
                "impact": rng.randint(1, 5),
                "status": status,
                "owner_id": rng.choice(plan.members),
                "response": None
                if status == "open" and rng.random() < 0.3
                else f"{response} / {response_zh}",
                "due_date": due,
            },
        )
        demo.table("risks")[-1]["created_at"] = created


def _issues(demo: Demo, plan: ProjectPlan) -> None:
    rng = demo.rng
    created = stamp(workday(plan.placement.start))
    for en, zh in rng.sample(vocab.ISSUES, rng.randint(1, 5)):
        status = (
            "closed" if plan.status in ("closed", "cancelled") else rng.choices(*_ISSUE_STATUSES)[0]
        )
        finished = status in ("resolved", "closed")
        resolution = rng.choice(vocab.RESOLUTIONS) if finished else None
        demo.add(
            "issues",
            {
                "project_id": plan.id,
                "title": f"{en} / {zh}",
                "description": f"Reported by the project team. / 项目组反馈：{zh}。",
                "severity": rng.randint(1, 5),
                "status": status,
                "owner_id": rng.choice(plan.members),
                # open issues due in the past are overdue: some are, on purpose
                "due_date": _due(demo, plan, finished, (-25, 30)),
                "resolution": f"{resolution[0]} / {resolution[1]}" if resolution else None,
            },
        )
        demo.table("issues")[-1]["created_at"] = created


def register_rows(demo: Demo, plan: ProjectPlan) -> None:
    """3-8 risks and 1-5 issues for every project past the proposal."""
    if plan.status == "proposed":
        return
    _risks(demo, plan)
    _issues(demo, plan)
