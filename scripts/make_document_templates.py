"""Write OpenPMO's built-in document templates (English and Chinese) into the package.

    python scripts/make_document_templates.py

Charter and project plan as Word files (docxtpl placeholders), the risk register as an
Excel workbook (the cell convention of ``openpmo.io.documents.xlsx``). The files are
committed; run this again after changing it, and the tests check that every placeholder
is in the vocabulary. See ``docs/documents.md``.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

OUT = Path(__file__).resolve().parents[1] / "src" / "openpmo" / "io" / "documents" / "builtin"
INK = RGBColor(0x1F, 0x2A, 0x44)
ACCENT = "1F4E79"
LIGHT = "DCE6F1"
LATIN_FONT = "Calibri"
CJK_FONT = "Microsoft YaHei"
#: Stamped as the files' creation time, so that a rerun changes only what changed.
FIXED = datetime(2026, 1, 1, tzinfo=UTC)

# --- words of each language ------------------------------------------------------------

L: dict[str, dict[str, str]] = {
    "en": {
        "charter": "Project Charter",
        "plan": "Project Management Plan",
        "info": "Project information",
        "code": "Project code",
        "name": "Project name",
        "sponsor": "Sponsor",
        "manager": "Project manager",
        "org_unit": "Org unit",
        "pmo": "Governing PMO",
        "methodology": "Methodology",
        "phase": "Current phase",
        "phase_col": "Phase",
        "person": "Name",
        "status": "Status",
        "priority": "Priority",
        "start": "Planned start",
        "finish": "Planned finish",
        "budget": "Approved budget",
        "portfolio": "Portfolio / program",
        "generated": "Generated on {{ document.generated_on }} by {{ document.generated_by }}"
        " from OpenPMO. Figures are as of the status date {{ project.status_date or '—' }}.",
        "purpose": "Purpose and description",
        "no_description": "No description has been recorded for this project.",
        "alignment": "Strategic alignment",
        "objective": "Objective",
        "contribution": "Contribution",
        "target": "Target",
        "no_objectives": "The project is not linked to a strategic objective.",
        "lifecycle": "Lifecycle and stage gates",
        "gate": "Gate",
        "decision": "Gate decision",
        "date": "Date",
        "deliverables": "Deliverables",
        "no_phases": "No lifecycle has been set up for this project.",
        "milestones": "Key milestones",
        "milestone": "Milestone",
        "no_milestones": "No milestones are planned.",
        "budget_h": "Budget and cost",
        "figure": "Figure",
        "value": "Value",
        "bac": "Budget at completion (BAC)",
        "pv": "Planned value (PV)",
        "ev": "Earned value (EV)",
        "ac": "Actual cost (AC)",
        "eac": "Estimate at completion (EAC)",
        "cpi": "Cost performance index (CPI)",
        "spi": "Schedule performance index (SPI)",
        "no_evm": "No progress has been recorded yet; earned-value figures follow the first "
        "status date.",
        "team": "Team and roles",
        "role": "Role",
        "title": "Title",
        "email": "E-mail",
        "status_report": "Weekly Status Report",
        "status_date": "Status date",
        "period": "Reporting period",
        "overall": "Overall health",
        "sr_summary": "Summary",
        "sr_health": "Health by dimension",
        "dimension": "Dimension",
        "colour": "Health",
        "reasons": "Why",
        "sr_evm": "Earned value",
        "sr_done": "Achievements this period",
        "sr_next": "Plan for the next period",
        "task": "Task",
        "forecast": "Forecast",
        "baseline_col": "Baseline",
        "variance": "Variance (days)",
        "sr_risks": "Risks and issues",
        "sr_decisions": "Decisions and help needed",
        "decisions": "Decisions needed",
        "help": "Help needed",
        "review": "Report {{ state_label }}{% if submitted_by %}, submitted by {{ submitted_by }}"
        " {{ submitted_at }}{% endif %}{% if reviewed_by %}, reviewed by {{ reviewed_by }}"
        " {{ reviewed_at }}{% if review_comment %}: {{ review_comment }}{% endif %}{% endif %}.",
        "nothing": "None.",
        "risks": "Key risks",
        "all_risks": "Risk list",
        "risk": "Risk",
        "prob": "Prob.",
        "impact": "Impact",
        "exposure": "Exposure",
        "owner": "Owner",
        "response": "Response",
        "no_risks": "No risks have been recorded.",
        "approval": "Approval",
        "signature": "Signature",
        "pmo_rep": "PMO representative",
        "approval_text": "By signing, the sponsor authorises the project manager to apply "
        "organisational resources to the project within the budget and milestones above.",
        "wbs": "Work breakdown structure",
        "wbs_code": "WBS",
        "element": "Work package",
        "duration": "Days",
        "progress": "Done",
        "no_wbs": "No work breakdown structure has been entered.",
        "issues": "Open issues",
        "issue": "Issue",
        "severity": "Severity",
        "due": "Due",
        "no_issues": "No issues have been recorded.",
        "risk_mgmt": "Risk management",
        "risk_intro": "Risks are assessed for probability (0–100 %) and impact (1–5); "
        "exposure is their product. High ≥ 2.5, medium ≥ 1.2.",
        "page": "Page",
        "register": "Risk Register",
        "level": "Level",
        "description": "Description",
        "scales": "Scales",
        "summary": "Open risks: {{ summary.open }} of {{ summary.total }} · high {{ summary.high }}"
        " · medium {{ summary.medium }} · low {{ summary.low }}",
        "total_exposure": "Total exposure of open risks",
        "prepared": "Project manager: {{ project.manager }}"
        " · Generated {{ document.generated_on }}",
        "scale_rows": "1|Minor: negligible effect on cost, time or quality\n"
        "2|Low: < 2 % cost or schedule, handled within the team\n"
        "3|Moderate: 2–5 %, needs the project manager\n"
        "4|Major: 5–10 %, needs the sponsor\n"
        "5|Severe: > 10 % or an objective missed, needs the steering committee",
        "level_rows": "High|exposure ≥ 2.5: escalate, response owner named, reviewed weekly\n"
        "Medium|exposure ≥ 1.2: response planned, reviewed at each status date\n"
        "Low|exposure < 1.2: watched",
    },
    "zh-CN": {
        "charter": "项目章程",
        "plan": "项目管理计划",
        "info": "项目基本信息",
        "code": "项目编号",
        "name": "项目名称",
        "sponsor": "发起人",
        "manager": "项目经理",
        "org_unit": "所属部门",
        "pmo": "主管 PMO",
        "methodology": "方法论",
        "phase": "当前阶段",
        "phase_col": "阶段",
        "person": "姓名",
        "status": "状态",
        "priority": "优先级",
        "start": "计划开始",
        "finish": "计划完成",
        "budget": "批准预算",
        "portfolio": "项目组合 / 项目集",
        "generated": "由 OpenPMO 于 {{ document.generated_on }} 生成"
        "（{{ document.generated_by }}）。数据截至状态日期 {{ project.status_date or '—' }}。",
        "purpose": "项目目的与描述",
        "no_description": "尚未填写项目描述。",
        "alignment": "战略一致性",
        "objective": "战略目标",
        "contribution": "贡献度",
        "target": "目标值",
        "no_objectives": "项目尚未关联战略目标。",
        "lifecycle": "生命周期与阶段关口",
        "gate": "阶段关口",
        "decision": "关口决策",
        "date": "日期",
        "deliverables": "交付物",
        "no_phases": "项目尚未设置生命周期。",
        "milestones": "关键里程碑",
        "milestone": "里程碑",
        "no_milestones": "尚未计划里程碑。",
        "budget_h": "预算与成本",
        "figure": "指标",
        "value": "数值",
        "bac": "完工预算（BAC）",
        "pv": "计划价值（PV）",
        "ev": "挣值（EV）",
        "ac": "实际成本（AC）",
        "eac": "完工估算（EAC）",
        "cpi": "成本绩效指数（CPI）",
        "spi": "进度绩效指数（SPI）",
        "no_evm": "尚未登记进展；首个状态日期之后显示挣值数据。",
        "team": "项目团队与角色",
        "role": "角色",
        "title": "职位",
        "email": "邮箱",
        "status_report": "项目周报",
        "status_date": "状态日期",
        "period": "报告周期",
        "overall": "总体健康度",
        "sr_summary": "总体情况",
        "sr_health": "各维度健康度",
        "dimension": "维度",
        "colour": "健康度",
        "reasons": "原因",
        "sr_evm": "挣值分析",
        "sr_done": "本期完成工作",
        "sr_next": "下期工作计划",
        "task": "任务",
        "forecast": "预测",
        "baseline_col": "基线",
        "variance": "偏差（天）",
        "sr_risks": "风险与问题",
        "sr_decisions": "需决策与支持事项",
        "decisions": "需决策事项",
        "help": "需支持事项",
        "review": "报告状态：{{ state_label }}{% if submitted_by %}，{{ submitted_by }} 于"
        " {{ submitted_at }} 提交{% endif %}{% if reviewed_by %}，{{ reviewed_by }} 于"
        " {{ reviewed_at }} 审核{% if review_comment %}：{{ review_comment }}{% endif %}"
        "{% endif %}。",
        "nothing": "无。",
        "risks": "主要风险",
        "all_risks": "风险清单",
        "risk": "风险",
        "prob": "概率",
        "impact": "影响",
        "exposure": "风险敞口",
        "owner": "责任人",
        "response": "应对措施",
        "no_risks": "尚未登记风险。",
        "approval": "审批",
        "signature": "签字",
        "pmo_rep": "PMO 代表",
        "approval_text": "发起人签字即授权项目经理在上述预算和里程碑范围内调用组织资源开展项目。",
        "wbs": "工作分解结构",
        "wbs_code": "WBS",
        "element": "工作包",
        "duration": "工期（天）",
        "progress": "完成",
        "no_wbs": "尚未录入工作分解结构。",
        "issues": "未关闭问题",
        "issue": "问题",
        "severity": "严重程度",
        "due": "期限",
        "no_issues": "尚未登记问题。",
        "risk_mgmt": "风险管理",
        "risk_intro": "风险按概率（0–100%）与影响（1–5）评估，风险敞口为二者之积。"
        "高：≥ 2.5；中：≥ 1.2。",
        "page": "第",
        "register": "风险登记册",
        "level": "等级",
        "description": "描述",
        "scales": "评分标准",
        "summary": "未关闭风险 {{ summary.open }} / {{ summary.total }} · 高 {{ summary.high }}"
        " · 中 {{ summary.medium }} · 低 {{ summary.low }}",
        "total_exposure": "未关闭风险敞口合计",
        "prepared": "项目经理：{{ project.manager }} · 生成日期 {{ document.generated_on }}",
        "scale_rows": "1|轻微：对成本、进度、质量影响可忽略\n"
        "2|较低：成本或进度偏差 < 2%，团队内处理\n"
        "3|中等：偏差 2–5%，需项目经理处理\n"
        "4|重大：偏差 5–10%，需发起人决策\n"
        "5|严重：偏差 > 10% 或目标无法实现，需指导委员会决策",
        "level_rows": "高|风险敞口 ≥ 2.5：升级处理，指定应对责任人，每周评审\n"
        "中|风险敞口 ≥ 1.2：制定应对计划，每个状态日期评审\n"
        "低|风险敞口 < 1.2：持续观察",
    },
}

# --- Word helpers ----------------------------------------------------------------------


def _fonts(style: Any, size: float | None = None, bold: bool | None = None) -> None:
    style.font.name = LATIN_FONT
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), CJK_FONT)


def _new_document(landscape: bool = False) -> Any:
    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(1.8)
    _fonts(document.styles["Normal"], 10.5)
    for level, size in ((1, 14), (2, 12)):
        style = document.styles[f"Heading {level}"]
        _fonts(style, size, True)
        style.font.color.rgb = INK
    _fonts(document.styles["Title"], 24, True)
    document.styles["Title"].font.color.rgb = INK
    return document


def _shade(cell: _Cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _write(cell: _Cell, text: str, *, bold: bool = False, white: bool = False) -> None:
    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = bold
    run.font.size = Pt(9.5)
    if white:
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _widths(table: Table, widths: list[float]) -> None:
    """Fixed column widths (Word and LibreOffice read the grid, not only the cells)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)


def _grid(document: Any, headers: list[str], widths: list[float]) -> Table:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, widths)
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        _write(cell, text, bold=True, white=True)
        _shade(cell, ACCENT)
        cell.width = Cm(width)
    _repeat_header(table.rows[0])
    return table


def _loop_table(
    document: Any, headers: list[str], cells: list[str], widths: list[float], loop: str
) -> Table:
    """A table whose middle row repeats per item: ``{%tr for %}`` above it, endfor below."""
    table = _grid(document, headers, widths)
    _write(table.add_row().cells[0], f"{{%tr for {loop} %}}")
    row = table.add_row()
    for cell, text, width in zip(row.cells, cells, widths, strict=True):
        _write(cell, text)
        cell.width = Cm(width)
    _write(table.add_row().cells[0], "{%tr endfor %}")
    return table


def _facts(document: Any, pairs: list[tuple[str, str]]) -> Table:
    """Label / value pairs two to a row: the title block's information table."""
    rows = (len(pairs) + 1) // 2
    table = document.add_table(rows=rows, cols=4)
    table.style = "Table Grid"
    for k, (label, value) in enumerate(pairs):
        row, col = divmod(k, 2)
        label_cell, value_cell = table.rows[row].cells[col * 2], table.rows[row].cells[col * 2 + 1]
        _write(label_cell, label, bold=True)
        _shade(label_cell, LIGHT)
        _write(value_cell, value)
    _widths(table, [3.2, 5.3, 3.2, 5.3])
    for row in table.rows:
        for cell, width in zip(row.cells, (3.2, 5.3, 3.2, 5.3), strict=True):
            cell.width = Cm(width)
    return table


def _field(paragraph: Any, instruction: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind is None:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _header_footer(document: Any, w: dict[str, str], kind: str) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = f"{{{{ project.code }}}} · {{{{ project.name }}}} — {w[kind]}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in header.runs:
        run.font.size = Pt(8.5)
        run.font.color.rgb = RGBColor(0x6B, 0x72, 0x80)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("OpenPMO · ").font.size = Pt(8.5)
    _field(footer, "PAGE")


def _title_block(document: Any, w: dict[str, str], kind: str) -> None:
    document.add_paragraph(w[kind], style="Title")
    subtitle = document.add_paragraph()
    run = subtitle.add_run("{{ project.code }} · {{ project.name }}")
    run.font.size = Pt(14)
    run.font.color.rgb = INK
    _facts(
        document,
        [
            (w["code"], "{{ project.code }}"),
            (w["status"], "{{ project.status_label }}"),
            (w["sponsor"], "{{ project.sponsor }}"),
            (w["manager"], "{{ project.manager }}"),
            (w["org_unit"], "{{ project.org_unit }}"),
            (w["pmo"], "{{ project.pmo }}"),
            (w["methodology"], "{{ project.methodology_label }}"),
            (w["phase"], "{{ project.phase }}"),
            (w["start"], "{{ project.planned_start | date }}"),
            (w["finish"], "{{ project.planned_finish | date }}"),
            (w["budget"], "{{ project.budget | money }} {{ project.currency }}"),
            (w["priority"], "{{ project.priority }}"),
        ],
    )
    note = document.add_paragraph()
    note.paragraph_format.space_before = Pt(6)
    run = note.add_run(w["generated"])
    run.italic = True
    run.font.size = Pt(8.5)


def _note(document: Any, condition: str, message: str) -> None:
    """A paragraph shown only when ``condition`` holds (``{%p %}`` removes the others)."""
    document.add_paragraph(f"{{%p if {condition} %}}")
    note = document.add_paragraph()
    note.add_run(message).italic = True
    document.add_paragraph("{%p endif %}")


def _empty(document: Any, name: str, message: str) -> None:
    _note(document, f"not {name}", message)


def _description(document: Any, w: dict[str, str], number: int) -> None:
    document.add_heading(f"{number}. {w['purpose']}", level=1)
    document.add_paragraph(
        f"{{% if project.description %}}{{{{ project.description }}}}"
        f"{{% else %}}{w['no_description']}{{% endif %}}"
    )


def _objectives(document: Any, w: dict[str, str], number: int) -> None:
    document.add_heading(f"{number}. {w['alignment']}", level=1)
    _loop_table(
        document,
        ["#", w["objective"], w["contribution"], w["target"]],
        [
            "{{ o.code }}",
            "{{ o.name }}",
            "{{ o.contribution | percent if o.contribution is not none else '—' }}",
            "{% if o.target_value is not none %}{{ o.target_value | number(1) }} {{ o.unit }}"
            "{% endif %}{% if o.target_date %} ({{ o.target_date | date }}){% endif %}",
        ],
        [2.5, 7.5, 3.0, 4.0],
        "o in objectives",
    )
    _empty(document, "objectives", w["no_objectives"])


def _phases(document: Any, w: dict[str, str], number: int, deliverables: bool) -> None:
    document.add_heading(f"{number}. {w['lifecycle']}", level=1)
    headers = ["#", w["phase_col"], w["gate"], w["status"]]
    cells = ["{{ p.seq }}", "{{ p.name }}", "{{ p.gate }}", "{{ p.status_label }}"]
    widths = [1.0, 3.5, 4.0, 2.3]
    if deliverables:
        headers.append(w["deliverables"])
        cells.append("{{ p.deliverables }}")
        widths = [1.0, 3.0, 3.2, 2.0, 3.8]
    headers.append(w["decision"])
    cells.append(
        "{{ p.decision_label }}{% if p.decided_on %} ({{ p.decided_on | date }}){% endif %}"
        "{% if p.conditions %}: {{ p.conditions }}{% endif %}"
    )
    widths.append(4.0)
    _loop_table(document, headers, cells, widths, "p in phases")
    _empty(document, "phases", w["no_phases"])


def _milestones(document: Any, w: dict[str, str], number: int) -> None:
    document.add_heading(f"{number}. {w['milestones']}", level=1)
    _loop_table(
        document,
        [w["wbs_code"], w["milestone"], w["date"], w["status"]],
        ["{{ m.wbs }}", "{{ m.name }}", "{{ m.date | date }}", "{{ m.status_label }}"],
        [2.0, 9.0, 3.0, 3.0],
        "m in milestones",
    )
    _empty(document, "milestones", w["no_milestones"])


def _budget(document: Any, w: dict[str, str], number: int) -> None:
    document.add_heading(f"{number}. {w['budget_h']}", level=1)
    table = _grid(document, [w["figure"], w["value"]], [9.0, 8.0])
    rows = [
        (w["budget"], "{{ budget.budget | money }} {{ budget.currency }}"),
        (w["bac"], "{{ budget.bac | money }}"),
        (w["pv"], "{{ budget.pv | money }}"),
        (w["ev"], "{{ budget.ev | money }}"),
        (w["ac"], "{{ budget.ac | money }}"),
        (w["eac"], "{{ budget.eac | money }}"),
        (w["cpi"], "{{ budget.cpi | number(2) }}"),
        (w["spi"], "{{ budget.spi | number(2) }}"),
    ]
    for label, value in rows:
        cells = table.add_row().cells
        _write(cells[0], label)
        _write(cells[1], value)
    _note(document, "not budget.status_date", w["no_evm"])


def _team(document: Any, w: dict[str, str], number: int) -> None:
    document.add_heading(f"{number}. {w['team']}", level=1)
    _loop_table(
        document,
        [w["person"], w["role"], w["title"], w["org_unit"], w["email"]],
        ["{{ t.name }}", "{{ t.role }}", "{{ t.title }}", "{{ t.org_unit }}", "{{ t.email }}"],
        [3.5, 3.0, 3.5, 3.5, 3.5],
        "t in team",
    )


def _risks(document: Any, w: dict[str, str], number: int, heading: str, top: str) -> None:
    document.add_heading(f"{number}. {heading}", level=1)
    _loop_table(
        document,
        ["#", w["risk"], w["prob"], w["impact"], w["exposure"], w["owner"], w["response"]],
        [
            "{{ r.no }}",
            "{{ r.title }}",
            "{{ r.probability_percent | percent }}",
            "{{ r.impact }}",
            "{{ r.exposure | number(2) }} {{ r.level_label }}",
            "{{ r.owner }}",
            "{{ r.response }}",
        ],
        [0.8, 3.9, 1.5, 1.7, 2.4, 2.4, 4.3],
        f"r in risks{top}",
    )
    _empty(document, "risks", w["no_risks"])


def _approval(document: Any, w: dict[str, str], number: int) -> None:
    document.add_heading(f"{number}. {w['approval']}", level=1)
    document.add_paragraph(w["approval_text"])
    table = _grid(document, [w["role"], w["person"], w["signature"], w["date"]], [4, 5, 5, 3])
    for role, name in (
        (w["sponsor"], "{{ project.sponsor }}"),
        (w["manager"], "{{ project.manager }}"),
        (w["pmo_rep"], "{{ project.pmo }}"),
    ):
        cells = table.add_row().cells
        _write(cells[0], role, bold=True)
        _write(cells[1], name)
        table.rows[-1].height = Cm(1.2)


def charter(language: str) -> Any:
    w = L[language]
    document = _new_document()
    _header_footer(document, w, "charter")
    _title_block(document, w, "charter")
    _description(document, w, 1)
    _objectives(document, w, 2)
    _phases(document, w, 3, deliverables=False)
    _milestones(document, w, 4)
    _budget(document, w, 5)
    _team(document, w, 6)
    _risks(document, w, 7, w["risks"], "[:5]")
    _approval(document, w, 8)
    return document


def _wbs(document: Any, w: dict[str, str], number: int) -> None:
    document.add_heading(f"{number}. {w['wbs']}", level=1)
    _loop_table(
        document,
        [
            w["wbs_code"],
            w["element"],
            w["start"],
            w["finish"],
            w["duration"],
            w["progress"],
            w["owner"],
        ],
        [
            "{{ e.wbs }}",
            "{% if e.level > 1 %}    {% endif %}{{ e.name }}"
            "{% if e.is_milestone %} ◆{% endif %}{% if e.is_critical %} *{% endif %}",
            "{{ e.start | date }}",
            "{{ e.finish | date }}",
            "{{ e.duration_days | number(1) }}",
            "{{ e.percent_complete | percent }}",
            "{{ e.owner }}",
        ],
        [1.6, 5.8, 2.2, 2.2, 1.5, 1.4, 2.3],
        "e in wbs",
    )
    _empty(document, "wbs", w["no_wbs"])


def _issues(document: Any, w: dict[str, str], number: int) -> None:
    document.add_heading(f"{number}. {w['issues']}", level=1)
    _loop_table(
        document,
        ["#", w["issue"], w["severity"], w["status"], w["owner"], w["due"]],
        [
            "{{ i.no }}",
            "{{ i.title }}",
            "{{ i.severity }}",
            "{{ i.status_label }}",
            "{{ i.owner }}",
            "{{ i.due_date | date }}",
        ],
        [0.8, 6.6, 2.2, 2.4, 2.6, 2.4],
        "i in issues if i.status in ('open', 'in_progress')",
    )
    _empty(document, "issues", w["no_issues"])


def plan(language: str) -> Any:
    w = L[language]
    document = _new_document()
    _header_footer(document, w, "plan")
    _title_block(document, w, "plan")
    _description(document, w, 1)
    _objectives(document, w, 2)
    _phases(document, w, 3, deliverables=True)
    _wbs(document, w, 4)
    _milestones(document, w, 5)
    _budget(document, w, 6)
    _team(document, w, 7)
    document.add_heading(f"8. {w['risk_mgmt']}", level=1)
    document.add_paragraph(w["risk_intro"])
    _risks(document, w, 9, w["all_risks"], "")
    _issues(document, w, 10)
    _approval(document, w, 11)
    return document


def _text_or(document: Any, name: str, nothing: str) -> None:
    document.add_paragraph(f"{{% if {name} %}}{{{{ {name} }}}}{{% else %}}{nothing}{{% endif %}}")


def status_report(language: str) -> Any:
    """The weekly report (周报) over the keys of ``io/reports/context.py``."""
    w = L[language]
    document = _new_document()
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = f"{{{{ project_code }}}} · {{{{ project_name }}}} — {w['status_report']}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("OpenPMO · ").font.size = Pt(8.5)
    _field(footer, "PAGE")
    document.add_paragraph(w["status_report"], style="Title")
    subtitle = document.add_paragraph()
    run = subtitle.add_run("{{ project_code }} · {{ project_name }}")
    run.font.size = Pt(14)
    run.font.color.rgb = INK
    _facts(
        document,
        [
            (w["status_date"], "{{ status_date }}"),
            (w["period"], "{{ period_start }} – {{ period_end }}"),
            (w["manager"], "{{ manager }}"),
            (w["sponsor"], "{{ sponsor }}"),
            (w["phase"], "{{ phase }}"),
            (w["status"], "{{ project_status }}"),
            (w["budget"], "{{ budget_text }}"),
            (w["overall"], "{{ overall_colour_label }}"),
        ],
    )
    document.add_heading(f"1. {w['sr_summary']}", level=1)
    document.add_paragraph("{{ overall_sentence }}").runs[0].bold = True
    _text_or(document, "summary", "")
    document.add_heading(f"2. {w['sr_health']}", level=1)
    _loop_table(
        document,
        [w["dimension"], w["colour"], w["reasons"]],
        [
            "{{ h.dimension_label }}",
            "{{ h.colour_label }}",
            "{{ h.reasons }}{% if h.override_comment %} ({{ h.override_comment }}){% endif %}",
        ],
        [3.5, 2.5, 11.0],
        "h in health",
    )
    document.add_heading(f"3. {w['sr_evm']}", level=1)
    table = _grid(document, ["BAC", "PV", "EV", "AC", "SPI", "CPI", "EAC"], [2.6] * 7)
    cells = table.add_row().cells
    for cell, key in zip(cells, ("bac", "pv", "ev", "ac", "spi", "cpi", "eac"), strict=True):
        _write(cell, f"{{{{ evm_text.{key} }}}}")
    document.add_heading(f"4. {w['sr_done']}", level=1)
    _text_or(document, "achievements", "")
    _loop_table(
        document,
        [w["wbs_code"], w["task"], w["owner"], w["finish"], w["progress"]],
        [
            "{{ t.wbs }}",
            "{{ t.name }}",
            "{{ t.assignee }}",
            "{{ t.actual_finish or t.finish }}",
            "{{ t.percent_complete | percent }}",
        ],
        [1.8, 7.2, 3.0, 2.8, 2.2],
        "t in finished_tasks",
    )
    document.add_heading(f"5. {w['sr_next']}", level=1)
    _text_or(document, "next_period_plan", "")
    _loop_table(
        document,
        [w["wbs_code"], w["task"], w["owner"], w["start"], w["finish"]],
        ["{{ t.wbs }}", "{{ t.name }}", "{{ t.assignee }}", "{{ t.start }}", "{{ t.finish }}"],
        [1.8, 7.2, 3.0, 2.5, 2.5],
        "t in planned_tasks",
    )
    document.add_heading(f"6. {w['milestones']}", level=1)
    _loop_table(
        document,
        [w["milestone"], w["baseline_col"], w["forecast"], w["variance"], w["status"]],
        [
            "{{ m.name }}",
            "{{ m.baseline_finish }}",
            "{{ m.actual_finish or m.forecast_finish }}",
            "{{ m.variance_days | number(1) }}",
            "{{ m.state_label }}",
        ],
        [6.0, 2.8, 2.8, 2.4, 3.0],
        "m in milestones",
    )
    _empty(document, "milestones", w["no_milestones"])
    document.add_heading(f"7. {w['sr_risks']}", level=1)
    _loop_table(
        document,
        [w["risk"], w["prob"], w["impact"], w["exposure"], w["owner"], w["response"]],
        [
            "{{ r.title }}",
            "{{ (r.probability * 100) | percent }}",
            "{{ r.impact }}",
            "{{ r.exposure | number(2) }}",
            "{{ r.owner }}",
            "{{ r.response }}",
        ],
        [4.5, 1.5, 1.4, 1.8, 2.6, 5.2],
        "r in risks",
    )
    _loop_table(
        document,
        [w["issue"], w["severity"], w["status"], w["owner"], w["due"]],
        [
            "{{ i.title }}{% if i.overdue %} ⚠{% endif %}",
            "{{ i.severity }}",
            "{{ i.status_label }}",
            "{{ i.owner }}",
            "{{ i.due_date }}",
        ],
        [7.0, 1.8, 2.6, 3.0, 2.6],
        "i in issues",
    )
    document.add_heading(f"8. {w['sr_decisions']}", level=1)
    document.add_heading(w["decisions"], level=2)
    _text_or(document, "decisions_needed", w["nothing"])
    document.add_heading(w["help"], level=2)
    _text_or(document, "help_needed", w["nothing"])
    note = document.add_paragraph()
    note.paragraph_format.space_before = Pt(12)
    run = note.add_run(w["review"] + " {{ generated_at }}")
    run.italic = True
    run.font.size = Pt(8.5)
    return document


# --- the risk register workbook --------------------------------------------------------

_THIN = Side(style="thin", color="B7C3D0")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _register_sheet(sheet: Worksheet, w: dict[str, str]) -> None:
    headers = [
        ("#", 5),
        (w["risk"], 28),
        (w["description"], 36),
        (w["prob"], 9),
        (w["impact"], 8),
        (w["exposure"], 10),
        (w["level"], 9),
        (w["status"], 11),
        (w["owner"], 14),
        (w["response"], 36),
        (w["due"], 12),
    ]
    last = chr(ord("A") + len(headers) - 1)
    sheet["A1"] = f"{w['register']} — {{{{ project.code }}}} {{{{ project.name }}}}"
    sheet["A1"].font = Font(size=16, bold=True, color=ACCENT)
    sheet.merge_cells(f"A1:{last}1")
    sheet["A2"] = w["prepared"]
    sheet["A2"].font = Font(italic=True, color="6B7280")
    sheet.merge_cells(f"A2:{last}2")
    sheet["A3"] = w["summary"]
    sheet["A3"].font = Font(bold=True)
    sheet.merge_cells(f"A3:{last}3")
    sheet.row_dimensions[1].height = 26
    for col, (text, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=5, column=col, value=text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=ACCENT)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
        sheet.column_dimensions[chr(ord("A") + col - 1)].width = width
    row = [
        "{%tr for r in risks %}{{ r.no }}",
        "{{ r.title }}",
        "{{ r.description }}",
        "{{ r.probability }}",
        "{{ r.impact }}",
        "{{ r.exposure }}",
        "{{ r.level_label }}",
        "{{ r.status_label }}",
        "{{ r.owner }}",
        "{{ r.response }}",
        "{{ r.due_date }}{%tr endfor %}",
    ]
    formats = {4: "0%", 6: "0.00", 11: "yyyy-mm-dd"}
    for col, text in enumerate(row, start=1):
        cell = sheet.cell(row=6, column=col, value=text)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        cell.border = _BOX
        if col in formats:
            cell.number_format = formats[col]
    sheet.cell(row=7, column=2, value=w["total_exposure"]).font = Font(bold=True)
    total = sheet.cell(row=7, column=6, value="{{ summary.exposure }}")
    total.number_format = "0.00"
    total.font = Font(bold=True)
    for test, colour in ((">=2.5", "F8CBAD"), (">=1.2", "FFE699"), ("<1.2", "C6E0B4")):
        sheet.conditional_formatting.add(
            "F6:G6",
            FormulaRule(
                formula=[f"$F6{test}"],
                fill=PatternFill("solid", fgColor=colour, bgColor=colour),
                stopIfTrue=True,
            ),
        )
    sheet.freeze_panes = "C6"
    sheet.auto_filter.ref = f"A5:{last}6"
    sheet.print_title_rows = "5:5"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _scales_sheet(sheet: Worksheet, w: dict[str, str]) -> None:
    sheet["A1"] = w["scales"]
    sheet["A1"].font = Font(size=14, bold=True, color=ACCENT)
    sheet["A3"], sheet["B3"] = w["impact"], w["description"]
    row = 4
    for line in w["scale_rows"].splitlines():
        score, text = line.split("|")
        sheet.cell(row=row, column=1, value=int(score))
        sheet.cell(row=row, column=2, value=text)
        row += 1
    row += 1
    sheet.cell(row=row, column=1, value=w["level"])
    sheet.cell(row=row, column=2, value=w["description"])
    header_rows = (3, row)
    for line in w["level_rows"].splitlines():
        row += 1
        level, text = line.split("|")
        sheet.cell(row=row, column=1, value=level)
        sheet.cell(row=row, column=2, value=text)
    for r in header_rows:
        for c in (1, 2):
            cell = sheet.cell(row=r, column=c)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor=ACCENT)
    sheet.column_dimensions["A"].width = 10
    sheet.column_dimensions["B"].width = 80


def risk_register(language: str) -> Workbook:
    w = L[language]
    book = Workbook()
    sheet = book.active
    sheet.title = w["register"]
    _register_sheet(sheet, w)
    _scales_sheet(book.create_sheet(w["scales"]), w)
    return book


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for language in ("en", "zh-CN"):
        for kind, build in (("charter", charter), ("plan", plan), ("status_report", status_report)):
            document = build(language)
            document.core_properties.title = L[language][kind]
            document.core_properties.author = "OpenPMO"
            document.core_properties.created = FIXED
            document.core_properties.modified = FIXED
            document.save(OUT / f"{kind}.{language}.docx")
        book = risk_register(language)
        book.properties.creator = "OpenPMO"
        book.properties.created = FIXED
        book.save(OUT / f"risk_register.{language}.xlsx")
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(OUT.parents[4])} {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
