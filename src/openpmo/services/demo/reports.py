"""Weekly status reports of the demo: a few active projects report every status date.

The demo project manager's own active projects come first (so that login has a draft, a
submitted and a returned report), then others until :data:`PROJECTS` report, written by the
PMO login on behalf of managers without one. Older weeks are accepted (one of them after a
return and a resubmission); the latest week is submitted, returned with a comment, a draft or
accepted, in turn. Rows are generated in memory like every other table
(:func:`status_report_rows`); the content of submitted and accepted reports is frozen after
the insert (:func:`freeze_reports`) by the same service the application uses, with the
demo's fixed timestamps, so the build stays deterministic.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from openpmo.db.models import StatusReport
from openpmo.io.reports.content import to_plain
from openpmo.services.demo.context import Demo, Row
from openpmo.services.principal import SYSTEM
from openpmo.services.status_content import ContentRequest, status_contents

__all__ = ["PROJECTS", "freeze_reports", "status_report_rows"]

#: How many projects write weekly reports in the demo.
PROJECTS = 4
#: The latest week's state, project by project in turn.
_LATEST = ("submitted", "returned", "draft", "accepted")
_RETURN_COMMENTS = (
    "Please explain the overdue issues and give a recovery date for each. "
    "/ 请说明逾期问题的原因，并给出每项的解决日期。",
    "The cost variance needs a cause and a corrective action before acceptance. "
    "/ 成本偏差需说明原因和纠正措施后方可接受。",
)
_SUMMARIES = (
    (
        "Work is on plan this week; the team closed the design review actions.",
        "本周工作按计划推进，团队已关闭设计评审的遗留事项。",
    ),
    (
        "Progress is slightly behind on integration; recovery is planned next week.",
        "集成工作略有滞后，已安排下周追赶。",
    ),
    (
        "Good week: key deliverables were accepted by the business owner.",
        "本周进展良好：关键交付物已通过业务负责人验收。",
    ),
    (
        "Supplier delays are the main concern; mitigation is under way.",
        "供应商延误是主要关注点，应对措施正在实施。",
    ),
)
_ACHIEVEMENTS = (
    "Finished the planned tasks of the period and updated the schedule. "
    "/ 完成本期计划任务并更新进度计划。"
)
_PLAN = (
    "Continue the current phase; prepare the next gate review. "
    "/ 继续当前阶段工作，准备下一阶段评审。"
)
_DECISIONS = (
    "Approve the budget transfer for the test environment. / 批准测试环境的预算调拨。",
    None,
    "Decide whether to add a second supplier. / 决定是否引入第二家供应商。",
    None,
)
_HELP = (
    None,
    "Two more testers for three weeks. / 需要增加两名测试人员，为期三周。",
    None,
    "Escalate the supplier delay to procurement. / 请将供应商延误升级至采购部。",
)


def _moment(day: date, days: int, hour: int) -> datetime:
    """``day`` + ``days`` at ``hour`` UTC (Beijing is eight hours ahead)."""
    return datetime.combine(day + timedelta(days=days), time(hour), tzinfo=UTC)


def _chosen(demo: Demo) -> list[int]:
    """Active projects with status dates: the demo manager's first."""
    with_dates = list(dict.fromkeys(r["project_id"] for r in demo.table("status_dates")))
    linked = demo.linked.get("project_manager")
    managers = {p["id"]: p["manager_id"] for p in demo.table("projects")}
    own = [p for p in with_dates if linked is not None and managers.get(p) == linked]
    others = [p for p in with_dates if p not in own]
    return (own + others)[:PROJECTS]


def _steps(final: str, week: int, turn: int) -> list[tuple[str, str | None, str, str | None]]:
    """(action, from, to, comment) of a report's history ending in ``final``."""
    steps: list[tuple[str, str | None, str, str | None]] = [("create", None, "draft", None)]
    if final == "draft":
        return steps
    steps.append(("submit", "draft", "submitted", None))
    resubmitted = final == "accepted" and week == 2 and turn % 2 == 1
    if final == "returned" or resubmitted:
        comment = _RETURN_COMMENTS[turn % len(_RETURN_COMMENTS)]
        steps.append(("return", "submitted", "returned", comment))
    if resubmitted:
        steps.append(("submit", "returned", "submitted", None))
    if final == "accepted":
        steps.append(("accept", "submitted", "accepted", "Accepted. / 已接受。"))
    return steps


def _report(
    demo: Demo,
    project_id: int,
    status: Row,
    previous: date | None,
    week: int,
    turn: int,
    author: int,
) -> None:
    day: date = status["status_date"]
    final = _LATEST[turn % len(_LATEST)] if week == 3 else "accepted"
    reviewer = demo.users["pmo"]
    steps = _steps(final, week, turn)
    at = [_moment(day, 0, 2 + k) for k in range(len(steps))]
    if len(steps) > 2:
        at[2:] = [_moment(day, 1 + k, 2) for k in range(len(steps) - 2)]
    summary = _SUMMARIES[(turn + week) % len(_SUMMARIES)]
    submits = [k for k, s in enumerate(steps) if s[0] == "submit"]
    reviews = [k for k, s in enumerate(steps) if s[0] in ("accept", "return")]
    report_id = demo.add(
        "status_reports",
        {
            "project_id": project_id,
            "status_date": day,
            "period_start": previous or day - timedelta(days=7),
            "period_end": day - timedelta(days=1),
            "state": final,
            "summary": None if final == "draft" and turn % 2 else f"{summary[0]} / {summary[1]}",
            "achievements": _ACHIEVEMENTS,
            "next_period_plan": _PLAN,
            "decisions_needed": _DECISIONS[(turn + week) % len(_DECISIONS)],
            "help_needed": _HELP[(turn + week) % len(_HELP)],
            "author_id": author,
            "submitted_at": at[submits[-1]] if submits else None,
            "submitted_by_id": author if submits else None,
            "reviewed_at": at[reviews[-1]] if reviews else None,
            "reviewed_by_id": reviewer if reviews else None,
            "review_comment": steps[reviews[-1]][3] if reviews else None,
            "snapshot": None,
        },
    )
    demo.table("status_reports")[-1]["created_at"] = at[0]
    events = demo.table("status_report_events")
    for (action, old, new, comment), moment in zip(steps, at, strict=True):
        events.append(
            {
                "id": len(events) + 1,
                "report_id": report_id,
                "at": moment,
                "by_id": reviewer if action in ("accept", "return") else author,
                "action": action,
                "from_state": old,
                "to_state": new,
                "comment": comment,
            }
        )


def status_report_rows(demo: Demo) -> None:
    """Status reports and their history for the chosen projects (after the status dates)."""
    chosen = _chosen(demo)
    linked = demo.linked.get("project_manager")
    managers = {p["id"]: p["manager_id"] for p in demo.table("projects")}
    pm, pmo = demo.users["project_manager"], demo.users["pmo"]
    dates: dict[int, list[Row]] = {}
    for row in demo.table("status_dates"):
        if row["project_id"] in chosen:
            dates.setdefault(row["project_id"], []).append(row)
    for turn, project_id in enumerate(chosen):
        rows = sorted(dates[project_id], key=lambda r: r["status_date"])[-4:]
        previous = None
        author = pm if linked is not None and managers.get(project_id) == linked else pmo
        for week, status in enumerate(rows, start=4 - len(rows)):
            _report(demo, project_id, status, previous, week, turn, author)
            previous = status["status_date"]


def freeze_reports(session: Session, demo: Demo) -> None:
    """Freeze the content of the demo's submitted and accepted reports (after the insert)."""
    frozen: dict[int, list[Row]] = {}
    for row in demo.table("status_reports"):
        if row["state"] in ("submitted", "accepted"):
            frozen.setdefault(row["project_id"], []).append(row)
    for project_id, rows in frozen.items():
        requests = [
            ContentRequest(
                r["status_date"], (r["period_start"], r["period_end"]), r["submitted_at"]
            )
            for r in rows
        ]
        contents = status_contents(session, SYSTEM, project_id, requests)
        for row, content in zip(rows, contents, strict=True):
            session.execute(
                update(StatusReport)
                .where(StatusReport.id == row["id"])
                .values(snapshot=to_plain(content))
            )
