"""The demo's methodology library: three lifecycle templates, each phase closed by a gate
with a bilingual checklist and the deliverables it must produce.

Phase names follow the demo's task networks (``work_names.PHASES``), so a project's current
phase names a phase of its lifecycle; the numbered sprints of a network share one phase,
"Sprints", whose ``iterations`` count them.
"""

from __future__ import annotations

from typing import Any

from openpmo.services.demo.names import Bi

__all__ = ["SPRINTS", "TEMPLATES", "lifecycle_phase", "template_phases"]

#: The phase that holds every numbered sprint of a network.
SPRINTS: Bi = ("Sprints", "迭代开发")

# fmt: off
#: Per phase kind: the gate's name, its criteria (key, text, 中文) and its deliverables
#: (key, name, 中文, required, quality criteria).
_GATES: dict[str, tuple[Bi, tuple[tuple[str, str, str], ...],
                        tuple[tuple[str, str, str, bool, tuple[str, ...]], ...]]] = {
    "initiation": (
        ("Charter gate", "立项关口"),
        (("business_case", "Business case approved", "商业论证已批准"),
         ("sponsor", "Sponsor named and committed", "发起人已明确并承诺"),
         ("budget", "Budget released for the next phase", "下一阶段预算已下达")),
        (("charter", "Project charter", "项目章程", True,
          ("Signed by the sponsor / 发起人签字",
           "Scope, budget and milestones stated / 写明范围、预算和里程碑")),
         ("stakeholders", "Stakeholder register", "干系人登记册", False, ())),
    ),
    "requirements": (
        ("Requirements gate", "需求关口"),
        (("baselined", "Requirements baselined", "需求已基线化"),
         ("signed_off", "Business owners signed off", "业务负责人已签字确认")),
        (("srs", "Requirements specification", "需求规格说明书", True,
          ("Every requirement testable / 每条需求可测试",)),),
    ),
    "design": (
        ("Design gate", "设计评审关口"),
        (("architecture", "Architecture reviewed", "架构已评审"),
         ("risks", "Risk register updated", "风险登记册已更新"),
         ("estimate", "Estimate within 10 % of budget", "估算偏差在预算10%以内")),
        (("design_doc", "Design document", "设计说明书", True,
          ("Reviewed by the architecture board / 经架构委员会评审",)),
         ("risk_register", "Risk register", "风险登记册", True, ())),
    ),
    "build": (
        ("Build complete gate", "开发完成关口"),
        (("complete", "Scope built", "范围内功能已完成"),
         ("unit_tests", "Unit tests pass", "单元测试通过")),
        (("build_report", "Build report", "开发完成报告", True, ()),),
    ),
    "sprint": (
        ("Release readiness review", "发布就绪评审"),
        (("done", "Definition of done met", "满足完成的定义"),
         ("backlog", "Release backlog accepted by the product owner", "产品负责人已验收发布待办")),
        (("increment", "Potentially shippable increment", "可发布的产品增量", True,
          ("Demonstrated in the sprint review / 已在迭代评审会上演示",)),
         ("velocity", "Velocity report", "速率报告", False, ())),
    ),
    "testing": (
        ("Acceptance gate", "验收关口"),
        (("tests_passed", "Acceptance tests passed", "验收测试通过"),
         ("defects", "No open critical defects", "无未关闭的严重缺陷")),
        (("test_report", "Test report", "测试报告", True,
          ("Coverage of every requirement / 覆盖全部需求",)),),
    ),
    "deployment": (
        ("Go-live gate", "上线关口"),
        (("cutover", "Cut-over plan rehearsed", "切换方案已演练"),
         ("support", "Operations ready to support", "运维支持已就绪")),
        (("release_notes", "Release notes", "发布说明", True, ()),
         ("handover", "Operations handover", "运维移交文档", True, ())),
    ),
    "closure": (
        ("Closure gate", "收尾关口"),
        (("accepted", "Sponsor accepted the result", "发起人已验收成果"),
         ("lessons", "Lessons learned recorded", "经验教训已记录")),
        (("closure_report", "Closure report", "项目总结报告", True, ()),
         ("lessons_learned", "Lessons learned", "经验教训", False, ())),
    ),
}

#: The templates: (code, name, 中文, methodology, phases as (key, kind, name, 中文, iterations)).
TEMPLATES: tuple[tuple[str, str, str, str,
                       tuple[tuple[str, str, str, str, int | None], ...]], ...] = (
    ("LC-WATERFALL", "Waterfall (stage-gate)", "瀑布型（阶段关口）", "waterfall", (
        ("initiation", "initiation", "Initiation", "项目启动", None),
        ("requirements", "requirements", "Requirements", "需求分析", None),
        ("design", "design", "Design", "方案设计", None),
        ("build", "build", "Build", "开发实施", None),
        ("testing", "testing", "Testing", "测试验证", None),
        ("deployment", "deployment", "Deployment", "部署上线", None),
        ("closure", "closure", "Closure", "项目收尾", None),
    )),
    ("LC-AGILE", "Agile (Scrum releases)", "敏捷型（Scrum 发布）", "agile", (
        ("inception", "initiation", "Inception", "项目启动", None),
        ("sprints", "sprint", SPRINTS[0], SPRINTS[1], 6),
        ("release", "deployment", "Release", "版本发布", None),
        ("closure", "closure", "Closure", "项目收尾", None),
    )),
    ("LC-HYBRID", "Hybrid (gated design, agile delivery)", "混合型（阶段设计，敏捷交付）",
     "hybrid", (
        ("initiation", "initiation", "Initiation", "项目启动", None),
        ("design", "design", "Design", "总体设计", None),
        ("sprints", "sprint", SPRINTS[0], SPRINTS[1], 4),
        ("integration", "testing", "Integration test", "集成测试", None),
        ("go_live", "deployment", "Go-live", "上线切换", None),
        ("closure", "closure", "Closure", "项目收尾", None),
    )),
)
# fmt: on


def template_phases(
    phases: tuple[tuple[str, str, str, str, int | None], ...],
) -> list[dict[str, Any]]:
    """The template's phases as stored (``PhaseSpec`` JSON, every default filled in)."""
    out = []
    for key, kind, name, name_zh, iterations in phases:
        gate, criteria, deliverables = _GATES[kind]
        out.append(
            {
                "key": key,
                "name": name,
                "name_zh": name_zh,
                "iterations": iterations,
                "gate_name": gate[0],
                "gate_name_zh": gate[1],
                "criteria": [{"key": k, "text": en, "text_zh": zh} for k, en, zh in criteria],
                "deliverables": [
                    {
                        "key": k,
                        "name": en,
                        "name_zh": zh,
                        "required": required,
                        "quality_criteria": list(quality),
                    }
                    for k, en, zh, required, quality in deliverables
                ],
            }
        )
    return out


def lifecycle_phase(network_phase: str) -> str:
    """The lifecycle phase a network phase belongs to (``"Sprint 3"`` → ``"Sprints"``)."""
    return SPRINTS[0] if network_phase.startswith("Sprint ") else network_phase
