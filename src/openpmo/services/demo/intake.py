"""Intake in the demo: proposals (立项申请) in every workflow state, with business cases,
skills, contributions and the score sheets of two or three reviewers; running projects
scored on their PMO's criteria too, so the ranked list mixes both.

Approved proposals are the demo's approved projects (same code and name, linked), as an
approval through the workflow would have made them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from openpmo.services.demo.clock import STATUS_DATE
from openpmo.services.demo.context import Demo, Row, stamp
from openpmo.services.demo.governance import governing_pmo

__all__ = ["PROPOSAL_STATES", "build_intake"]

#: How many proposals of each state per 15 (the small demo; the large one has twice as many).
PROPOSAL_STATES: tuple[tuple[str, int], ...] = (
    ("draft", 2),
    ("submitted", 3),
    ("under_review", 4),
    ("approved", 2),
    ("rejected", 2),
    ("deferred", 2),
)

#: The logins that score (PMO, executive, admin).
_REVIEWERS = ("pmo", "executive", "admin")

# fmt: off
#: (department, title, 中文, problem, objectives, key risks, objectives served, methodology,
#: yearly cost in CNY thousands).
_IDEAS: tuple[tuple[str, str, str, str, str, tuple[str, ...], tuple[str, ...], str, int], ...] = (
    ("IT", "Zero-trust network access", "零信任网络访问",
     "Remote staff reach plant systems through a flat VPN. / 远程员工通过扁平VPN访问工厂系统。",
     "Per-application access with device checks by Q4. / 第四季度前实现按应用授权与设备校验。",
     ("Legacy OT protocols / 老旧工控协议", "User disruption / 影响用户使用"),
     ("SO-2", "SO-3"), "agile", 2600),
    ("RND", "Solid-state battery pilot line", "固态电池中试线",
     "Our cells lag competitors by 15 % in energy density. / 电芯能量密度落后竞品15%。",
     "Pilot line producing 500 cells a month. / 建成月产500支电芯的中试线。",
     ("Unproven electrolyte supply / 电解质供应未经验证",), ("SO-1", "SO-1.1"), "hybrid", 9800),
    ("MFG", "Predictive maintenance for presses", "冲压设备预测性维护",
     "Unplanned press downtime cost 1,900 hours last year. / 去年冲压设备非计划停机1900小时。",
     "Halve unplanned downtime with vibration analytics. / 通过振动分析将非计划停机减半。",
     ("Sensor retrofit on old presses / 老设备传感器改造",), ("SO-2.1", "SO-3"), "waterfall", 3400),
    ("MKT", "Customer data platform", "客户数据平台",
     "Customer data sits in six systems without one ID. / 客户数据分散在六个系统，无统一标识。",
     "One customer view feeding campaigns and service. / 统一客户视图支撑营销与服务。",
     ("Consent and privacy law / 个人信息保护合规",), ("SO-2.2", "SO-1.2"), "agile", 4100),
    ("FIN", "Automated intercompany reconciliation", "集团内部往来自动对账",
     "Month-end close takes nine days, four on reconciliations. / 月结需9天，其中4天用于对账。",
     "Close in five days. / 月结缩短至5天。",
     ("Data quality in subsidiaries / 子公司数据质量",), ("SO-2", "SO-2.2"), "waterfall", 1500),
    ("HR", "Skills inventory and internal talent market", "技能盘点与内部人才市场",
     "Projects hire contractors for skills we already have. / 项目外聘已有技能的外包人员。",
     "Every engineer's skills recorded and searchable. / 全员技能可登记、可检索。",
     ("Low participation / 员工参与度低",), ("SO-2",), "agile", 900),
    ("RND", "800 V fast-charging platform", "800V快充平台",
     "Charging time is the top reason lost deals cite. / 充电时间是丢单的首要原因。",
     "10-80 % charge in 15 minutes on the next model. / 下一代车型15分钟充电10%-80%。",
     ("Supplier capacity for SiC devices / 碳化硅器件供应产能",),
     ("SO-1", "SO-1.1"), "hybrid", 12500),
    ("MFG", "Energy monitoring in every workshop", "车间能耗监测全覆盖",
     "Energy is 11 % of unit cost and measured only per plant. / 能耗占单位成本11%，仅按工厂计量。",
     "Metering per line and a monthly saving plan. / 按产线计量并制定月度节能计划。",
     ("Meter installation during production / 生产期间安装计量表",),
     ("SO-3", "SO-2.1"), "waterfall", 1800),
    ("IT", "Retire the legacy HR system", "下线旧人事系统",
     "The vendor ends support next year. / 供应商明年停止支持。",
     "Payroll and records on the HR cloud suite. / 薪酬与档案迁移至云端人力系统。",
     ("Payroll errors at cut-over / 切换期薪酬差错",), ("SO-2",), "waterfall", 2200),
    ("MKT", "Distributor portal for South-East Asia", "东南亚经销商门户",
     "Orders from new distributors arrive by e-mail. / 新经销商仍通过邮件下单。",
     "Self-service ordering in four languages. / 支持四种语言的自助下单。",
     ("Local payment providers / 当地支付渠道",), ("SO-1.2",), "agile", 2900),
    ("RND", "Digital twin of the battery pack", "电池包数字孪生",
     "Each design change needs a physical test round. / 每次设计变更都需实物测试。",
     "Two test rounds replaced by simulation. / 用仿真替代两轮实物测试。",
     ("Model accuracy / 模型精度",), ("SO-1.1", "SO-2"), "hybrid", 5200),
    ("FIN", "Treasury cash-pooling", "资金池管理",
     "Idle cash in subsidiaries while the group borrows. / 子公司资金闲置而集团对外借款。",
     "Daily sweep into one pool. / 每日归集至统一资金池。",
     ("Cross-border rules / 跨境资金规定",), ("SO-3",), "waterfall", 1200),
)
# fmt: on


def _department_of_unit(demo: Demo) -> dict[int, str]:
    return {unit: key for key, units in demo.units.items() for unit in units}


def _money(demo: Demo, base: int, quality: float) -> tuple[list[float], list[float]]:
    """Costs over two years, benefits over five; better proposals pay back sooner."""
    rng = demo.rng
    cost = base * 1000 * rng.uniform(0.8, 1.2)
    costs = [round(cost * 0.6, -3), round(cost * 0.4, -3)]
    yearly = cost * (quality / 10) * rng.uniform(0.5, 0.8)
    benefits = [0.0, *(round(yearly * f, -3) for f in (0.5, 1.0, 1.1, 1.1))]
    return costs, benefits


def _scores(demo: Demo, subject: Row, quality: float, reviewers: int) -> None:
    """Score sheets of ``reviewers`` logins near the subject's quality (0-10, halves)."""
    rng = demo.rng
    criteria = [r for r in demo.table("scoring_criteria") if r["pmo_id"] == subject["pmo_id"]]
    for login in _REVIEWERS[:reviewers]:
        bias = rng.uniform(-1.0, 1.0)
        for criterion in criteria:
            value = quality + bias + rng.uniform(-1.5, 1.5)
            demo.add(
                "scores",
                {
                    "proposal_id": subject.get("proposal_id"),
                    "project_id": subject.get("project_id"),
                    "reviewer_id": demo.users[login],
                    "criterion_id": criterion["id"],
                    "score": min(10.0, max(0.0, round(value * 2) / 2)),
                    "note": None,
                },
            )


def _pool_skills(demo: Demo) -> list[int]:
    """Skills someone in the pool has: what a proposal asks for should exist."""
    return sorted({row["skill_id"] for row in demo.table("resource_skills")})


def _proposal(demo: Demo, index: int, state: str, approved: list[Row]) -> tuple[Row, float]:
    rng = demo.rng
    dept, title, title_zh, problem, goals, risks, objectives, method, base = _IDEAS[
        index % len(_IDEAS)
    ]
    project: Row | None = approved.pop(0) if state == "approved" and approved else None
    if project is not None:
        dept, method = _department_of_unit(demo)[project["org_unit_id"]], project["methodology"]
    elif dept not in demo.units:
        dept = "IT"
    quality = {"approved": 8.0, "rejected": 3.5, "deferred": 5.5}.get(state, rng.uniform(4, 8.5))
    if index >= len(_IDEAS):
        title, title_zh = (
            f"{title}, wave {index // len(_IDEAS) + 1}",
            f"{title_zh}（第{index // len(_IDEAS) + 1}批）",
        )
    costs, benefits = _money(demo, base, quality)
    start = STATUS_DATE + timedelta(days=rng.randint(30, 200))
    row: Row = {
        "code": f"PRP-2026-{index + 1:03d}",
        "title": project["name"] if project else title,
        "title_zh": project["name_zh"] if project else title_zh,
        "status": state,
        "pmo_id": governing_pmo(demo, dept),
        "org_unit_id": project["org_unit_id"] if project else demo.units[dept][0],
        "lifecycle_template_id": next(
            r["id"] for r in demo.table("lifecycle_templates") if r["methodology"] == method
        ),
        "methodology": method,
        "problem": problem,
        "objectives": goals,
        "scope": f"{title}. / {title_zh}。",
        "key_risks": list(risks),
        "first_year": start.year,
        "currency": "CNY",
        "costs": costs,
        "benefits": benefits,
        "skills": [
            {"skill_id": rng.choice(_pool_skills(demo)), "period": p, "hours": 480.0}
            for p in range(rng.randint(2, 4))
        ],
        "contributions": _contributions(demo, objectives),
        "planned_start": project["planned_start"] if project else start,
        "planned_finish": project["planned_finish"] if project else start + timedelta(days=300),
        "manager_id": project["manager_id"] if project else rng.choice(demo.managers[dept]),
        "submitted_by_id": demo.users["project_manager" if index % 3 else "pmo"],
        "decided_by_id": None,
        "decided_at": None,
        "decision_note": None,
        "project_id": project["id"] if project else None,
    }
    if state in ("approved", "rejected", "deferred"):
        row["decided_by_id"] = demo.users["executive"]
        row["decided_at"] = stamp(STATUS_DATE - timedelta(days=rng.randint(3, 40)))
        row["decision_note"] = _NOTES[state]
    return row, quality


_NOTES = {
    "approved": "Approved by the investment committee. / 投资委员会批准。",
    "rejected": "Benefits do not justify the cost. / 收益不足以支撑投入。",
    "deferred": "Revisit when the data platform is live. / 待数据平台上线后再议。",
}


def _contributions(demo: Demo, codes: tuple[str, ...]) -> list[dict[str, Any]]:
    shares = [60.0, 40.0] if len(codes) == 2 else [100.0]
    return [
        {"objective_id": demo.objectives[c], "contribution": s}
        for c, s in zip(codes, shares, strict=True)
    ]


def _score_projects(demo: Demo) -> None:
    """A few active projects per PMO get scored, so the ranking mixes both kinds."""
    department = _department_of_unit(demo)
    per_pmo: dict[int, int] = {}
    for project in demo.table("projects"):
        if project["status"] != "active":
            continue
        pmo = governing_pmo(demo, department[project["org_unit_id"]])
        if per_pmo.get(pmo, 0) >= 4:
            continue
        per_pmo[pmo] = per_pmo.get(pmo, 0) + 1
        subject = {"project_id": project["id"], "pmo_id": pmo}
        _scores(demo, subject, demo.rng.uniform(4, 9), 2)


def build_intake(demo: Demo) -> None:
    """Proposals in every state with their score sheets, and scored running projects."""
    factor = 1 if demo.scale.projects < 500 else 2
    states = [state for state, count in PROPOSAL_STATES for _ in range(count * factor)]
    demo.rng.shuffle(states)
    approved = [p for p in demo.table("projects") if p["status"] == "approved"]
    for index, state in enumerate(states):
        row, quality = _proposal(demo, index, state, approved)
        if row["project_id"] is None and state == "approved":
            row["status"] = state = "under_review"
        proposal = demo.add("proposals", row)
        reviewers = {"draft": 0, "submitted": demo.rng.choice((0, 1))}.get(state)
        if reviewers is None:
            reviewers = demo.rng.choice((2, 3))
        _scores(demo, {"proposal_id": proposal, "pmo_id": row["pmo_id"]}, quality, reviewers)
    _score_projects(demo)
