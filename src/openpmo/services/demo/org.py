"""The organisation of the demo: org units, PMOs, logins, skills and the resource pool."""

from __future__ import annotations

from functools import cache

from openpmo.enums import Role
from openpmo.services.demo import names
from openpmo.services.demo.context import Demo
from openpmo.services.demo.names import Bi, Department
from openpmo.services.security import hash_password

__all__ = ["DEMO_PASSWORD", "build_organisation", "build_programs", "demo_password_hash"]

DEMO_PASSWORD = "demo"


@cache
def demo_password_hash() -> str:
    """The hash of the demo password, computed once: argon2 is slow on purpose."""
    return hash_password(DEMO_PASSWORD)


def _teams(department: Department, index: int) -> list[Bi]:
    """The department's teams; a regional team name is repeated for several cities."""
    teams: list[Bi] = []
    for en, zh in department.teams:
        if "{}" not in en:
            teams.append((en, zh))
            continue
        for k in range(len(names.CITIES)):
            city_en, city_zh = names.CITIES[(index * 3 + k) % len(names.CITIES)]
            teams.append((en.format(city_en), zh.format(city_zh)))
    return teams


def _org_units(demo: Demo) -> None:
    en, zh = names.COMPANY
    demo.enterprise = demo.add(
        "org_units",
        {"code": "HX", "name": en, "name_zh": zh, "kind": "enterprise", "parent_id": None},
    )
    for index, department in enumerate(names.DEPARTMENTS[: demo.scale.departments]):
        code = f"HX-{department.key}"
        unit = demo.add(
            "org_units",
            {
                "code": code,
                "name": department.name[0],
                "name_zh": department.name[1],
                "kind": "department",
                "parent_id": demo.enterprise,
            },
        )
        demo.units[department.key] = [unit]
        teams = _teams(department, index)
        count = min(len(teams), demo.rng.randint(*demo.scale.teams))
        for number, (team_en, team_zh) in enumerate(teams[:count], 1):
            demo.units[department.key].append(
                demo.add(
                    "org_units",
                    {
                        "code": f"{code}-{number:02d}",
                        "name": team_en,
                        "name_zh": team_zh,
                        "kind": "team",
                        "parent_id": unit,
                    },
                )
            )


def _pmos_and_users(demo: Demo) -> None:
    for en, zh, pmo_type, level, key in names.PMOS[: demo.scale.pmos]:
        unit = demo.enterprise if key is None else demo.units[key][0]
        description = f"{pmo_type.title()} PMO at {level} level. / {zh}。"
        demo.pmos.append(
            demo.add(
                "pmos",
                {
                    "name": en,
                    "name_zh": zh,
                    "type": pmo_type,
                    "level": level,
                    "org_unit_id": unit,
                    "description": description,
                },
            )
        )
    password_hash = demo_password_hash()
    for role in Role:
        demo.users[role.value] = demo.add(
            "users",
            {
                "username": role.value,
                "full_name": names.USER_NAMES[role.value],
                "email": f"{role.value}@{names.EMAIL_DOMAIN}",
                "password_hash": password_hash,
                "role": role.value,
                "is_active": True,
                "is_demo": True,
                "language": None,
                "pmo_id": demo.pmos[0] if role is Role.PMO else None,
            },
        )


def _strategy(demo: Demo) -> None:
    for code, en, zh, weight, parent in names.OBJECTIVES:
        demo.objectives[code] = demo.add(
            "strategic_objectives",
            {
                "code": code,
                "name": en,
                "name_zh": zh,
                "weight": weight,
                "parent_id": demo.objectives[parent] if parent else None,
                "description": f"{en}. / {zh}。",
            },
        )
    for code, en, zh, pmo in names.PORTFOLIOS[: demo.scale.pmos]:
        owner = demo.users["executive" if pmo == 0 else "pmo"]
        demo.portfolios.append(
            demo.add(
                "portfolios",
                {
                    "code": code,
                    "name": en,
                    "name_zh": zh,
                    "pmo_id": demo.pmos[pmo],
                    "owner_id": owner,
                    "description": f"{en} portfolio. / {zh}。",
                },
            )
        )


def _programs(demo: Demo) -> None:
    regions = names.REGIONS if demo.scale.regional_programs else (("", ""),)
    large = demo.scale.regional_programs
    for theme, (en, zh, small_pf, large_pf) in enumerate(names.PROGRAM_THEMES):
        portfolio = demo.portfolios[large_pf if large else small_pf]
        for region_en, region_zh in regions:
            name = f"{en} – {region_en}" if region_en else en
            name_zh = f"{zh}（{region_zh}）" if region_zh else f"{zh}项目集"
            managers = demo.managers[demo.rng.choice(sorted(demo.managers))]
            program = demo.add(
                "programs",
                {
                    "code": f"PG-{demo.next_id('programs'):03d}",
                    "name": name,
                    "name_zh": name_zh,
                    "portfolio_id": portfolio,
                    "manager_id": demo.rng.choice(managers),
                    "description": f"{name}. / {name_zh}。",
                },
            )
            demo.programs.setdefault(theme, []).append((program, portfolio))


def build_organisation(demo: Demo) -> None:
    """Org units, PMOs, the demo logins, strategic objectives and portfolios."""
    _org_units(demo)
    _pmos_and_users(demo)
    _strategy(demo)


def build_programs(demo: Demo) -> None:
    """Programs, each led by a project manager from the pool (so after the people)."""
    _programs(demo)
