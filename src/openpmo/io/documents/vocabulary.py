"""The placeholders a document template may use, per kind of document, typed and documented.

A kind's vocabulary is a tree of :class:`Var`: top-level names (``project``, ``risks``, ...),
objects with fields (``project.code``) and lists of objects (``{% for r in risks %}`` then
``r.owner``). The service that fills a document builds a context of exactly this shape
(checked by :func:`shape_errors` in the tests); uploads are checked against it; and
``docs/documents.md`` lists it. Values are plain Python: ``str``, ``int``, ``float``,
``datetime.date``, ``bool``, ``None`` (shown as an empty text), ``dict`` and ``list``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

__all__ = [
    "DOCUMENT_KINDS",
    "FORMATS",
    "KIND_VARS",
    "Kind",
    "Var",
    "sample_context",
    "shape_errors",
]

#: What a value is: ``money`` and ``number`` are floats, ``percent`` a float 0–100,
#: ``fraction`` a float 0–1, ``date`` a ``datetime.date``.
Kind = Literal[
    "text", "integer", "number", "money", "percent", "fraction", "date", "boolean", "object", "list"
]


@dataclass(frozen=True)
class Var:
    """A placeholder: its name, what it holds, what it means (English, 中文), its fields."""

    name: str
    kind: Kind
    doc: str
    doc_zh: str
    fields: tuple[Var, ...] = ()

    def field(self, name: str) -> Var | None:
        return next((f for f in self.fields if f.name == name), None)


def _v(name: str, kind: Kind, doc: str, doc_zh: str, *fields: Var) -> Var:
    return Var(name, kind, doc, doc_zh, tuple(fields))


DOCUMENT = _v(
    "document",
    "object",
    "The document itself",
    "文档本身",
    _v("title", "text", "Title of the document in its language", "文档标题（文档语言）"),
    _v("kind", "text", "charter, plan, risk_register or status_report", "文档类型代码"),
    _v("language", "text", "en or zh-CN", "文档语言：en 或 zh-CN"),
    _v("generated_on", "date", "Day the document was generated", "生成日期"),
    _v("generated_by", "text", "Who generated it", "生成人"),
)

PROJECT = _v(
    "project",
    "object",
    "The project",
    "项目",
    _v("code", "text", "Project code", "项目编号"),
    _v("name", "text", "Name in the document's language", "项目名称（文档语言）"),
    _v("name_en", "text", "English name", "英文名称"),
    _v("name_zh", "text", "Chinese name (empty if none)", "中文名称（可为空）"),
    _v("description", "text", "Description, objectives and scope text", "项目描述（目标、范围）"),
    _v("status", "text", "Status code (active, on_hold, ...)", "状态代码"),
    _v("status_label", "text", "Status in the document's language", "状态（文档语言）"),
    _v("methodology", "text", "waterfall, agile or hybrid", "方法论代码"),
    _v("methodology_label", "text", "Methodology in the document's language", "方法论（文档语言）"),
    _v("phase", "text", "Current lifecycle phase", "当前阶段"),
    _v("priority", "integer", "Priority, 1 (lowest) to 1000", "优先级（1–1000）"),
    _v("budget", "money", "Approved budget", "批准预算"),
    _v("currency", "text", "Currency of the budget (ISO code)", "预算币种"),
    _v("planned_start", "date", "Planned start", "计划开始"),
    _v("planned_finish", "date", "Planned finish", "计划完成"),
    _v("duration_days", "integer", "Calendar days from start to finish", "计划工期（日历天）"),
    _v("status_date", "date", "Status date of the latest progress", "状态日期"),
    _v("manager", "text", "Project manager", "项目经理"),
    _v("manager_email", "text", "Project manager's e-mail", "项目经理邮箱"),
    _v("sponsor", "text", "Sponsor", "发起人"),
    _v("org_unit", "text", "Owning org unit", "所属部门"),
    _v("pmo", "text", "Governing PMO", "主管 PMO"),
    _v("pmo_type", "text", "The PMO's type in the document's language", "PMO 类型（文档语言）"),
    _v("portfolio", "text", "Portfolio", "项目组合"),
    _v("program", "text", "Program", "项目集"),
)

OBJECTIVES = _v(
    "objectives",
    "list",
    "Strategic objectives the project serves",
    "项目支撑的战略目标",
    _v("code", "text", "Objective code", "目标编号"),
    _v("name", "text", "Name in the document's language", "目标名称"),
    _v(
        "contribution",
        "percent",
        "Share of the project serving it (empty: equal share)",
        "贡献度 %",
    ),
    _v("measure", "text", "What is measured", "衡量指标"),
    _v("unit", "text", "Unit of the measure", "单位"),
    _v("baseline_value", "number", "Value at the start", "基准值"),
    _v("target_value", "number", "Target value", "目标值"),
    _v("current_value", "number", "Latest value", "当前值"),
    _v("target_date", "date", "Target date", "目标日期"),
)

PHASES = _v(
    "phases",
    "list",
    "Lifecycle phases in order, each closed by a stage gate",
    "生命周期阶段（按顺序），每个阶段以阶段关口结束",
    _v("seq", "integer", "Position, from 1", "序号"),
    _v("name", "text", "Phase name", "阶段名称"),
    _v("status", "text", "pending, active, completed or skipped", "阶段状态代码"),
    _v("status_label", "text", "Status in the document's language", "阶段状态"),
    _v("gate", "text", "Name of the gate closing it", "阶段关口名称"),
    _v("started_on", "date", "Day it started", "开始日期"),
    _v("finished_on", "date", "Day it finished", "完成日期"),
    _v("deliverables", "text", "Its deliverables, comma-separated", "交付物（逗号分隔）"),
    _v("decision", "text", "Latest gate decision code (go, hold, ...)", "最近关口决策代码"),
    _v("decision_label", "text", "Latest gate decision in the document's language", "关口决策"),
    _v("decided_on", "date", "Day of the decision", "决策日期"),
    _v("approver", "text", "Who decided", "审批人"),
    _v("conditions", "text", "Conditions of a conditional go", "附带条件"),
    _v("comments", "text", "Comments of the review", "评审意见"),
)

MILESTONES = _v(
    "milestones",
    "list",
    "Milestones in date order",
    "里程碑（按日期）",
    _v("wbs", "text", "WBS code", "WBS 编码"),
    _v("name", "text", "Name in the document's language", "名称"),
    _v("date", "date", "Scheduled (else planned) date", "计划日期"),
    _v("deadline", "date", "Deadline, if any", "截止日期"),
    _v("done", "boolean", "Reached", "是否达成"),
    _v("status_label", "text", "Done / open in the document's language", "状态"),
)

WBS = _v(
    "wbs",
    "list",
    "The work breakdown structure's top two levels, in WBS order",
    "工作分解结构前两层（按 WBS 顺序）",
    _v("wbs", "text", "WBS code", "WBS 编码"),
    _v("name", "text", "Name in the document's language", "名称"),
    _v("level", "integer", "1 for a top-level element, 2 below it", "层级"),
    _v("start", "date", "Scheduled (else planned) start", "开始"),
    _v("finish", "date", "Scheduled (else planned) finish", "完成"),
    _v("duration_days", "number", "Duration in working days", "工期（工作日）"),
    _v("percent_complete", "percent", "Progress", "完成百分比"),
    _v("owner", "text", "Assignee", "负责人"),
    _v("is_summary", "boolean", "Has children", "是否摘要任务"),
    _v("is_milestone", "boolean", "Is a milestone", "是否里程碑"),
    _v("is_critical", "boolean", "On the critical path", "是否关键任务"),
)

TEAM = _v(
    "team",
    "list",
    "Sponsor, manager and members",
    "发起人、项目经理与成员",
    _v("name", "text", "Name in the document's language", "姓名"),
    _v(
        "role", "text", "Sponsor, project manager or member, in the document's language", "项目角色"
    ),
    _v("title", "text", "Job title", "职位"),
    _v("email", "text", "E-mail", "邮箱"),
    _v("org_unit", "text", "Org unit", "部门"),
)

RISKS = _v(
    "risks",
    "list",
    "Risks, highest exposure first",
    "风险（按风险敞口从高到低）",
    _v("no", "integer", "Row number, from 1", "序号"),
    _v("title", "text", "Title", "标题"),
    _v("description", "text", "Description", "描述"),
    _v("probability", "fraction", "Probability, 0–1", "概率（0–1）"),
    _v("probability_percent", "percent", "Probability, 0–100", "概率 %"),
    _v("impact", "integer", "Impact, 1 (minor) to 5 (severe)", "影响（1–5）"),
    _v("exposure", "number", "Probability × impact", "风险敞口（概率×影响）"),
    _v("level", "text", "high (≥ 2.5), medium (≥ 1.2) or low", "等级代码：high / medium / low"),
    _v("level_label", "text", "Level in the document's language", "风险等级"),
    _v("status", "text", "open, mitigating, occurred or closed", "状态代码"),
    _v("status_label", "text", "Status in the document's language", "状态"),
    _v("owner", "text", "Owner", "责任人"),
    _v("response", "text", "Response plan", "应对措施"),
    _v("due_date", "date", "Response due", "应对期限"),
)

ISSUES = _v(
    "issues",
    "list",
    "Issues, open ones first, most severe first",
    "问题（未关闭在前，严重程度从高到低）",
    _v("no", "integer", "Row number, from 1", "序号"),
    _v("title", "text", "Title", "标题"),
    _v("description", "text", "Description", "描述"),
    _v("severity", "integer", "Severity, 1 (minor) to 5 (critical)", "严重程度（1–5）"),
    _v("status", "text", "open, in_progress, resolved or closed", "状态代码"),
    _v("status_label", "text", "Status in the document's language", "状态"),
    _v("owner", "text", "Owner", "责任人"),
    _v("due_date", "date", "Due", "期限"),
    _v("resolution", "text", "Resolution", "解决方案"),
)

BUDGET = _v(
    "budget",
    "object",
    "Budget and cost figures; earned value at the latest status date (empty without one)",
    "预算与成本；挣值为最近状态日期的数据（无状态日期时为空）",
    _v("budget", "money", "Approved budget", "批准预算"),
    _v("currency", "text", "Currency (ISO code)", "币种"),
    _v("status_date", "date", "Status date of the figures", "状态日期"),
    _v("bac", "money", "Budget at completion (baseline)", "完工预算 BAC"),
    _v("pv", "money", "Planned value", "计划价值 PV"),
    _v("ev", "money", "Earned value", "挣值 EV"),
    _v("ac", "money", "Actual cost", "实际成本 AC"),
    _v("cv", "money", "Cost variance EV − AC", "成本偏差 CV"),
    _v("sv", "money", "Schedule variance EV − PV", "进度偏差 SV"),
    _v("eac", "money", "Estimate at completion", "完工估算 EAC"),
    _v("etc", "money", "Estimate to complete", "完工尚需估算 ETC"),
    _v("vac", "money", "Variance at completion", "完工偏差 VAC"),
    _v("cpi", "number", "Cost performance index", "成本绩效指数 CPI"),
    _v("spi", "number", "Schedule performance index", "进度绩效指数 SPI"),
    _v("spent_percent", "percent", "Actual cost as a share of the budget", "预算已使用 %"),
)

SUMMARY = _v(
    "summary",
    "object",
    "Counts over the register",
    "风险登记册汇总",
    _v("total", "integer", "Risks recorded", "风险总数"),
    _v("open", "integer", "Risks not closed", "未关闭风险数"),
    _v("high", "integer", "Open risks of high level", "高风险数（未关闭）"),
    _v("medium", "integer", "Open risks of medium level", "中风险数（未关闭）"),
    _v("low", "integer", "Open risks of low level", "低风险数（未关闭）"),
    _v("exposure", "number", "Sum of open risks' exposure", "未关闭风险敞口合计"),
)

#: Each kind's top-level placeholders.
KIND_VARS: dict[str, tuple[Var, ...]] = {
    "charter": (DOCUMENT, PROJECT, OBJECTIVES, PHASES, MILESTONES, TEAM, RISKS, BUDGET),
    "plan": (
        DOCUMENT,
        PROJECT,
        OBJECTIVES,
        PHASES,
        MILESTONES,
        WBS,
        TEAM,
        RISKS,
        ISSUES,
        BUDGET,
    ),
    "risk_register": (DOCUMENT, PROJECT, RISKS, SUMMARY),
}

#: The file format of each kind.
FORMATS: dict[str, Literal["docx", "xlsx"]] = {
    "charter": "docx",
    "plan": "docx",
    "risk_register": "xlsx",
    "status_report": "docx",
}

#: Every kind there is, registered (with a vocabulary) or not.
DOCUMENT_KINDS = tuple(FORMATS)

_SAMPLES: dict[str, Any] = {
    "text": "Sample 示例",
    "integer": 3,
    "number": 1.25,
    "money": 123456.78,
    "percent": 45.0,
    "fraction": 0.4,
    "date": date(2026, 3, 2),
    "boolean": True,
}


def _sample(var: Var) -> Any:
    if var.kind == "object":
        return {f.name: _sample(f) for f in var.fields}
    if var.kind == "list":
        return [{f.name: _sample(f) for f in var.fields} for _ in range(2)]
    return _SAMPLES[var.kind]


def sample_context(variables: tuple[Var, ...]) -> dict[str, Any]:
    """A context of the vocabulary's shape with a made-up value everywhere (two items per
    list): a trial render with it finds what parsing cannot, such as a filter given text."""
    return {v.name: _sample(v) for v in variables}


_PYTHON: dict[str, tuple[type, ...]] = {
    "text": (str,),
    "integer": (int,),
    "number": (int, float),
    "money": (int, float),
    "percent": (int, float),
    "fraction": (int, float),
    "date": (date,),
    "boolean": (bool,),
}


def _shape(var: Var, value: Any, path: str, errors: list[str]) -> None:
    if var.kind in ("object", "list"):
        items = [value] if var.kind == "object" else value
        if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
            errors.append(f"{path}: not a {var.kind} of objects")
            return
        names = {f.name for f in var.fields}
        for item in items:
            for extra in sorted(set(item) - names):
                errors.append(f"{path}.{extra}: not in the vocabulary")
            for f in var.fields:
                if f.name not in item:
                    errors.append(f"{path}.{f.name}: missing")
                else:
                    _shape(f, item[f.name], f"{path}.{f.name}", errors)
    elif value is not None and not isinstance(value, _PYTHON[var.kind]):
        errors.append(f"{path}: {type(value).__name__} is not {var.kind}")


def shape_errors(context: Mapping[str, Any], variables: tuple[Var, ...]) -> list[str]:
    """Where ``context`` differs from the vocabulary: missing or extra names, wrong types."""
    errors: list[str] = []
    names = {v.name for v in variables}
    errors.extend(f"{extra}: not in the vocabulary" for extra in sorted(set(context) - names))
    for var in variables:
        if var.name not in context:
            errors.append(f"{var.name}: missing")
        else:
            _shape(var, context[var.name], var.name, errors)
    return errors


def _texts(names: str, doc: str, doc_zh: str) -> tuple[Var, ...]:
    return tuple(_v(n, "text", doc, doc_zh) for n in names.split())


_EVM = "bac pv ev ac sv cv spi cpi eac etc vac tcpi_bac spi_t"
_KPIS = (
    "spi sv_percent cpi cv_percent eac_over_budget_percent late_milestones risk_exposure "
    "overdue_issues overallocation_hours quality_pass_rate"
)
_TASK_FIELDS = (
    _v("wbs", "text", "WBS code", "WBS 编码"),
    _v("name", "text", "Name in the report's language", "名称"),
    _v("assignee", "text", "Assignee", "负责人"),
    _v("start", "text", "Start, YYYY-MM-DD", "开始"),
    _v("finish", "text", "Finish, YYYY-MM-DD", "完成"),
    _v("actual_finish", "text", "Actual finish, YYYY-MM-DD", "实际完成"),
    _v("percent_complete", "percent", "Progress", "完成百分比"),
)

#: The weekly status report's placeholders: the keys of
#: :func:`openpmo.io.reports.context.status_context` (dates there are ``YYYY-MM-DD`` texts),
#: and ``document``.
STATUS_REPORT: tuple[Var, ...] = (
    DOCUMENT,
    *_texts("language title", "Report language; its title", "报告语言；标题"),
    *_texts(
        "project_code project_name project_name_en project_name_zh project_status manager "
        "sponsor program portfolio org_unit phase currency budget_text planned_start "
        "planned_finish",
        "The project (names and labels in the report's language)",
        "项目信息（报告语言）",
    ),
    _v("budget", "money", "Approved budget", "批准预算"),
    *_texts(
        "status_date period_start period_end next_period_start next_period_end generated_at",
        "Dates of the report, YYYY-MM-DD (generated_at with the time)",
        "报告日期（YYYY-MM-DD）",
    ),
    _v("baseline", "text", "Baseline compared with", "对比基线"),
    *_texts(
        "overall_colour overall_colour_label overall_computed_colour overall_reasons "
        "overall_sentence",
        "Overall health: colour code, label, computed colour, reasons, one sentence",
        "总体健康度：颜色、标签、计算颜色、原因、概述",
    ),
    _v(
        "health",
        "list",
        "Health per dimension, overall first",
        "各维度健康度（总体在前）",
        *_texts(
            "dimension dimension_label colour colour_label computed_colour reasons "
            "override_comment",
            "Dimension, colour and why",
            "维度、颜色及原因",
        ),
    ),
    _v(
        "evm",
        "object",
        "Earned value figures (money)",
        "挣值数据（金额）",
        *(_v(n, "number", n.upper(), n.upper()) for n in _EVM.split()),
    ),
    _v(
        "evm_text",
        "object",
        "The same, formatted",
        "格式化的挣值数据",
        *_texts(_EVM, "Formatted figure", "格式化数值"),
    ),
    _v(
        "evm_hours",
        "object",
        "Earned value in hours",
        "挣值数据（工时）",
        *(_v(n, "number", n.upper(), n.upper()) for n in _EVM.split()),
    ),
    _v(
        "kpis",
        "object",
        "KPIs as numbers",
        "KPI 数值",
        *(_v(n, "number", n, n) for n in _KPIS.split()),
    ),
    _v(
        "kpis_text",
        "object",
        "KPIs formatted",
        "格式化的 KPI",
        *_texts(_KPIS, "Formatted KPI", "格式化 KPI"),
    ),
    _v("finished_tasks", "list", "Tasks finished in the period", "本期完成的任务", *_TASK_FIELDS),
    _v("finished_total", "integer", "How many were finished", "本期完成任务数"),
    _v("planned_tasks", "list", "Tasks planned for the next period", "下期计划任务", *_TASK_FIELDS),
    _v("planned_total", "integer", "How many are planned", "下期计划任务数"),
    _v(
        "milestones",
        "list",
        "Milestones around the period",
        "里程碑",
        *_texts(
            "wbs name baseline_finish forecast_finish actual_finish state state_label",
            "Milestone, its dates (YYYY-MM-DD) and state",
            "里程碑、日期与状态",
        ),
        _v("variance_days", "number", "Forecast − baseline, working days", "偏差（工作日）"),
    ),
    _v(
        "risks",
        "list",
        "Open risks",
        "未关闭风险",
        _v("title", "text", "Title", "标题"),
        _v("probability", "fraction", "Probability, 0–1", "概率"),
        _v("impact", "integer", "Impact, 1–5", "影响"),
        _v("exposure", "number", "Probability × impact", "风险敞口"),
        *_texts(
            "status status_label owner due_date response",
            "Status, owner, due, response",
            "状态、责任人、期限、应对",
        ),
    ),
    _v(
        "issues",
        "list",
        "Open issues",
        "未关闭问题",
        _v("title", "text", "Title", "标题"),
        _v("severity", "integer", "Severity, 1–5", "严重程度"),
        *_texts("status status_label owner due_date", "Status, owner, due", "状态、责任人、期限"),
        _v("overdue", "boolean", "Past its due date", "是否逾期"),
    ),
    _v(
        "actions",
        "list",
        "Open remediation actions",
        "未完成的整改措施",
        *_texts("description owner due_date status status_label", "The action", "整改措施"),
        _v("overdue", "boolean", "Past its due date", "是否逾期"),
    ),
    _v(
        "trend",
        "list",
        "Health at each status date",
        "各状态日期的健康度",
        *_texts("status_date colour colour_label", "Date and colour", "日期与颜色"),
        _v("spi", "number", "SPI", "SPI"),
        _v("cpi", "number", "CPI", "CPI"),
    ),
    *_texts(
        "summary achievements next_period_plan decisions_needed help_needed",
        "The project manager's narrative",
        "项目经理填写的叙述",
    ),
    *_texts(
        "state state_label author submitted_at submitted_by reviewed_at reviewed_by review_comment",
        "The report's review: state, author, submission, PMO review",
        "报告评审：状态、作者、提交、PMO 审核",
    ),
)

KIND_VARS["status_report"] = STATUS_REPORT
