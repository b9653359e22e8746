"""Demand on the demo's pool: task assignments, requests in every status, allocations, leave,
cost rates, and a few rooms, machines and generic roles.

Leaves of approved, active and on-hold projects are assigned to their assignee (100 % mostly,
some at 50 %); people sit on several projects' teams, so some are over-allocated where those
projects overlap, which is the picture capacity planning is for.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from openpmo.services.demo import names
from openpmo.services.demo.clock import STATUS_DATE
from openpmo.services.demo.context import Demo

__all__ = ["build_capacity", "role_of"]

_DEMAND = frozenset({"approved", "active", "on_hold"})
#: Name, Chinese name, kind and the skill it serves (the catalogue's names).
_THINGS = (
    ("Test lab", "测试实验室", "room", "Testing"),
    ("Board room", "大会议室", "room", "Project management"),
    ("GPU server", "GPU 服务器", "equipment", "Data analysis"),
    ("Java developer (to be named)", "Java 开发（待定）", "role", "Java"),
)


def role_of(title: str | None) -> str | None:
    """``"Senior Java Developer"`` → ``"Java Developer"``: the role requests ask for."""
    if not title:
        return None
    for prefix in ("Senior ", "Lead "):
        if title.startswith(prefix):
            return title[len(prefix) :]
    return title


def _things(demo: Demo) -> list[int]:
    ids = []
    catalogue = list(names.SKILLS)
    for name, name_zh, kind, skill in _THINGS:
        ids.append(
            demo.add(
                "resources",
                {
                    "name": name,
                    "name_zh": name_zh,
                    "kind": kind,
                    "email": None,
                    "title": None,
                    "role": "Java Developer" if kind == "role" else None,
                    "org_unit_id": demo.enterprise,
                    "user_id": None,
                    "capacity_hours_per_week": 0.0 if kind == "role" else 40.0,
                    "cost_rate": Decimal("0.00"),
                    "currency": "CNY",
                    "is_active": True,
                },
            )
        )
        demo.table("resource_skills").append(
            {"resource_id": ids[-1], "skill_id": catalogue.index(skill) + 1, "level": 3}
        )
    return ids


def _assignments(demo: Demo, equipment: int) -> None:
    rng = demo.rng
    status = {p["id"]: str(p["status"]) for p in demo.table("projects")}
    for task in demo.table("tasks"):
        person = task.get("assignee_id")
        if person is None:
            continue
        if status.get(task["project_id"]) == "proposed":
            # Staffed but not yet demand: the capacity page's what-if adds it. No random draw,
            # so the rest of the demo stays as it was.
            demo.add(
                "assignments",
                {"task_id": task["id"], "resource_id": person, "units": 100.0,
                 "work_hours": None, "actual_hours": 0.0},
            )  # fmt: skip
            continue
        if status.get(task["project_id"]) not in _DEMAND:
            continue
        units = 100.0 if rng.random() < 0.7 else 50.0
        hours = task["duration_days"] * 8 * units / 100
        demo.add(
            "assignments",
            {
                "task_id": task["id"],
                "resource_id": person,
                "units": units,
                "work_hours": None,
                "actual_hours": round(hours * task["percent_complete"] / 100, 1),
            },
        )
        if rng.random() < 0.01:
            demo.add(
                "assignments",
                {"task_id": task["id"], "resource_id": equipment, "units": 100.0,
                 "work_hours": None, "actual_hours": 0.0},
            )  # fmt: skip


def _requests(demo: Demo) -> None:
    """Two requests in each status over the active projects; approved ones get allocations."""
    rng = demo.rng
    active = [p for p in demo.table("projects") if str(p["status"]) == "active"]
    people = [p for team in demo.people.values() for p in team]
    titles = {r["id"]: r.get("title") for r in demo.table("resources")}
    chosen = rng.sample(people, min(len(people), 16))
    for k, state in enumerate(["draft", "submitted", "approved", "rejected"] * 2):
        if not active or k >= len(chosen):
            break
        project = active[k % len(active)]
        person = chosen[k]
        start = STATUS_DATE + timedelta(days=7 * rng.randint(1, 6))
        finish = start + timedelta(days=7 * rng.randint(4, 12))
        percent = rng.choice([25.0, 50.0])
        request = demo.add(
            "resource_requests",
            {
                "project_id": project["id"],
                "role": role_of(titles.get(person)),
                "skill_id": None,
                "min_level": 1,
                "count": 1,
                "start": start,
                "finish": finish,
                "percent": percent,
                "status": state,
                "requested_by_id": demo.users.get("project_manager"),
                "approver_id": demo.users.get("resource_manager")
                if state in ("approved", "rejected")
                else None,
                "decided_at": None,
                "comment": "No one free in that period" if state == "rejected" else None,
            },
        )
        if state == "approved":
            demo.add(
                "allocations",
                {"resource_id": person, "project_id": project["id"], "request_id": request,
                 "start": start, "finish": finish, "percent": percent},
            )  # fmt: skip


def _leave_and_rates(demo: Demo) -> None:
    rng = demo.rng
    for row in demo.table("resources"):
        if row["kind"] != "person":
            continue
        demo.add(
            "resource_rates",
            {"resource_id": row["id"], "rate": row["cost_rate"], "currency": "CNY",
             "valid_from": date(2025, 1, 1), "valid_to": date(2025, 12, 31)},
        )  # fmt: skip
        demo.add(
            "resource_rates",
            {"resource_id": row["id"], "rate": (row["cost_rate"] * Decimal("1.05")).quantize(Decimal("0.01")),  # noqa: E501
             "currency": "CNY", "valid_from": date(2026, 1, 1), "valid_to": None},
        )  # fmt: skip
        if rng.random() < 0.06:
            start = STATUS_DATE + timedelta(days=rng.randint(-20, 60))
            demo.add(
                "resource_leave",
                {"resource_id": row["id"], "start": start,
                 "finish": start + timedelta(days=rng.randint(2, 12)), "reason": "Annual leave"},
            )  # fmt: skip


def build_capacity(demo: Demo) -> None:
    """Roles on every resource, then assignments, requests, allocations, leave and rates."""
    for row in demo.table("resources"):
        row.setdefault("role", role_of(row.get("title")))
    things = _things(demo)
    _assignments(demo, things[2])
    _requests(demo)
    _leave_and_rates(demo)
