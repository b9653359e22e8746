"""A project's tasks and dependencies as rows, with dates and progress as of the status date."""

from __future__ import annotations

from datetime import datetime

from openpmo.services.demo.clock import REFERENCE_TIME, workday
from openpmo.services.demo.context import Demo, Row, stamp
from openpmo.services.demo.network import LEAF, MILESTONE, SUMMARY, Node
from openpmo.services.demo.projects import ProjectPlan

__all__ = ["task_rows"]


def _percents(plan: ProjectPlan) -> list[float]:
    """Progress per node: done before the cut, partly done across it, nothing after;
    closed projects are complete; a summary averages its leaves weighted by duration."""
    start, cut, pace = plan.placement.start, plan.placement.cut, plan.placement.pace
    closed = plan.status == "closed"
    percents = [0.0] * len(plan.nodes)
    for k, node in enumerate(plan.nodes):
        first, end = start + node.start, start + node.end
        if node.kind == SUMMARY:
            continue
        done = end <= cut if node.kind == LEAF else end - 1 < cut  # a milestone ends on day end-1
        if closed or done:
            percents[k] = 100.0
        elif node.kind == LEAF and first < cut:
            percents[k] = min(99.0, max(1.0, round(100 * pace * (cut - first) / (end - first), 1)))
    _roll_up(plan.nodes, percents)
    return percents


def _roll_up(nodes: list[Node], percents: list[float]) -> None:
    done: dict[int, float] = {}
    work: dict[int, float] = {}
    for k in range(len(nodes) - 1, -1, -1):
        node = nodes[k]
        if node.kind == SUMMARY:
            percents[k] = round(done[k] / work[k], 1) if work.get(k) else 0.0
        elif node.kind == LEAF:
            done[k], work[k] = percents[k] * node.duration, float(node.duration)
        if node.parent >= 0 and k in done:
            done[node.parent] = done.get(node.parent, 0.0) + done[k]
            work[node.parent] = work.get(node.parent, 0.0) + work[k]


def _assignees(demo: Demo, plan: ProjectPlan) -> list[int | None]:
    """Leaves go round the team (not the manager), so everyone on it has work."""
    team = plan.members[1:]
    demo.rng.shuffle(team)
    offset = demo.rng.randrange(len(team))
    result: list[int | None] = []
    turn = offset
    for node in plan.nodes:
        if node.kind == LEAF:
            result.append(team[turn % len(team)])
            turn += 1
        else:
            result.append(None)
    return result


def _task_row(node: Node, task_id: int, base: int, start: int) -> Row:
    if node.kind == MILESTONE:
        first = last = workday(start + node.start - 1)
    else:
        first, last = workday(start + node.start), workday(start + node.end - 1)
    return {
        "id": task_id,
        "parent_id": base + node.parent if node.parent >= 0 else None,
        "wbs": node.wbs,
        "name": node.name[0],
        "name_zh": node.name[1],
        "is_milestone": node.kind == MILESTONE,
        "is_summary": node.kind == SUMMARY,
        "duration_days": float(node.duration),
        "planned_start": first,
        "planned_finish": last,
    }


def task_rows(demo: Demo, plan: ProjectPlan) -> None:
    """Append the project's tasks and dependencies to the demo's rows."""
    tasks, links = demo.table("tasks"), demo.table("dependencies")
    base = len(tasks) + 1
    start = plan.placement.start
    created: datetime = stamp(workday(start - 20))
    common = {
        "project_id": plan.id,
        "version": 1,
        "created_at": created,
        "updated_at": REFERENCE_TIME,
    }
    percents = _percents(plan)
    assignees = _assignees(demo, plan)
    for k, node in enumerate(plan.nodes):
        row = _task_row(node, base + k, base, start)
        row.update(common, percent_complete=percents[k], assignee_id=assignees[k])
        tasks.append(row)
        for pred, kind, lag in node.preds:
            links.append(
                {
                    "id": len(links) + 1,
                    "predecessor_id": base + pred,
                    "successor_id": base + k,
                    "type": kind,
                    "lag_days": float(lag),
                    **common,
                }
            )
