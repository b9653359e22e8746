"""The resource pool: people with Chinese names, titles, capacity, cost rates and skills."""

from __future__ import annotations

from decimal import Decimal

from openpmo.services.demo import names
from openpmo.services.demo.context import Demo

__all__ = ["build_people"]

#: Roles of the demo logins whose person sits in IT rather than at group level.
_IN_IT = frozenset({"project_manager", "resource_manager", "member"})


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _skills(demo: Demo) -> None:
    for name, name_zh in names.SKILLS.items():
        demo.add("skills", {"name": name, "name_zh": name_zh})


def _person(
    demo: Demo, name: tuple[str, str], title: str, unit: int, rate: int, hours: float = 40.0
) -> int:
    resource_id = demo.next_id("resources")
    handle = name[0].lower().replace(" ", ".")
    return demo.add(
        "resources",
        {
            "name": name[0],
            "name_zh": name[1],
            "kind": "person",
            "email": f"{handle}.{resource_id}@{names.EMAIL_DOMAIN}",
            "title": title,
            "org_unit_id": unit,
            "user_id": None,
            "capacity_hours_per_week": hours,
            "cost_rate": _money(rate),
            "currency": "CNY",
            "is_active": True,
        },
    )


def _give_skills(
    demo: Demo, resource: int, pool: tuple[str, ...], senior: bool, extra: str | None = None
) -> None:
    rng = demo.rng
    chosen = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
    if extra is not None and extra not in chosen:
        chosen.append(extra)
    skill_ids = list(names.SKILLS)
    for skill in chosen:
        level = rng.randint(3, 5) if senior else rng.randint(1, 4)
        demo.table("resource_skills").append(
            {"resource_id": resource, "skill_id": skill_ids.index(skill) + 1, "level": level}
        )


def _key_people(demo: Demo) -> None:
    """The people the demo logins are linked to, and every department's head."""
    for en, zh, title, role in names.KEY_PEOPLE:
        unit = (
            demo.units["IT"][-1 if role == "member" else 0] if role in _IN_IT else demo.enterprise
        )
        resource = _person(demo, (en, zh), title, unit, 60000)
        demo.linked[role] = resource
        demo.table("resources")[-1]["user_id"] = demo.users[role]
        pool = ("Project management",) if role != "member" else ("Java", "Python", "Testing")
        _give_skills(demo, resource, pool, senior=role != "member")
    for department in names.DEPARTMENTS[: demo.scale.departments]:
        name = _chinese_name(demo)
        unit = demo.units[department.key][0]
        head = _person(
            demo, name, f"Head of {department.name[0]}", unit, demo.rng.randint(90000, 150000)
        )
        demo.heads[department.key] = head
        _give_skills(demo, head, department.skills, True, "Project management")


def _chinese_name(demo: Demo) -> tuple[str, str]:
    rng = demo.rng
    surname = names.SURNAMES[min(int(rng.expovariate(1 / 12)), len(names.SURNAMES) - 1)]
    given = rng.choice(names.GIVEN_NAMES)
    return f"{surname[0]} {given[0]}", surname[1] + given[1]


def _pool_person(demo: Demo, key: str) -> None:
    rng = demo.rng
    department = next(d for d in names.DEPARTMENTS if d.key == key)
    units = demo.units[key]
    unit = units[0] if len(units) == 1 or rng.random() < 0.1 else rng.choice(units[1:])
    draw = rng.random()
    hours = 20.0 if draw < 0.04 else 32.0 if draw < 0.1 else 40.0
    if rng.random() < 0.09:
        senior = rng.random() < 0.4
        title = "Senior Project Manager" if senior else "Project Manager"
        resource = _person(demo, _chinese_name(demo), title, unit, rng.randint(45000, 80000), hours)
        demo.managers.setdefault(key, []).append(resource)
        _give_skills(demo, resource, department.skills, senior, "Project management")
        return
    grade = rng.random()
    prefix, rate = (
        ("Senior ", (50000, 80000))
        if grade < 0.3
        else ("Lead ", (70000, 95000))
        if grade < 0.4
        else ("", (18000, 50000))
    )
    title = prefix + rng.choice(department.titles)
    resource = _person(demo, _chinese_name(demo), title, unit, rng.randint(*rate), hours)
    demo.people.setdefault(key, []).append(resource)
    _give_skills(demo, resource, department.skills, grade < 0.4)


def build_people(demo: Demo) -> None:
    """The skill catalogue and about ``scale.people`` people across the departments."""
    _skills(demo)
    _key_people(demo)
    departments = names.DEPARTMENTS[: demo.scale.departments]
    weights = [d.weight for d in departments]
    keys = [d.key for d in departments]
    for key in keys:  # every department has at least one project manager and two people
        for _ in range(3):
            _pool_person(demo, key)
        demo.managers.setdefault(key, [])
        demo.people.setdefault(key, [])
    while len(demo.table("resources")) < demo.scale.people:
        _pool_person(demo, demo.rng.choices(keys, weights)[0])
    for key in keys:
        if not demo.managers[key]:
            demo.managers[key].append(demo.people[key].pop())
