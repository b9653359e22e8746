"""Report files from hand-made content (no database): what a reader finds in each format."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import pypdfium2 as pdfium
import pytest
from docx import Document
from openpyxl import load_workbook

from openpmo.io.reports.content import (
    ActionLine,
    CurvePoint,
    Escalation,
    HealthLine,
    HealthTrendPoint,
    IssueLine,
    Label,
    Message,
    MilestoneLine,
    Narrative,
    PipelineLine,
    PortfolioReportContent,
    ProjectHealthRow,
    ProjectInfo,
    RemediationSummary,
    ReviewInfo,
    RiskLine,
    ScopeInfo,
    StatusCount,
    StatusReportContent,
    TaskLine,
    TrendPoint,
    UtilisationLine,
    from_plain,
    to_plain,
)
from openpmo.io.reports.fonts import cjk_font_path
from openpmo.io.reports.render import render_portfolio, render_status

NAME_ZH = "智能工厂MES系统上线"
NAME_EN = "Smart factory MES rollout"
MANAGER = Label("Chen Hao", "陈浩")


def status() -> StatusReportContent:
    reason = Message("health.reason.cpi_below", {"value": 0.82, "threshold": 0.9})
    return StatusReportContent(
        project=ProjectInfo(
            id=1,
            code="PRJ-1",
            name=NAME_EN,
            name_zh=NAME_ZH,
            status="active",
            manager=MANAGER,
            sponsor=None,
            program=Label("Digital", "数字化项目集"),
            portfolio=None,
            org_unit=Label("Hefei Plant", "合肥工厂"),
            currency="CNY",
            budget=1_200_000.0,
            planned_start=date(2026, 3, 2),
            planned_finish=date(2026, 9, 30),
            current_phase="Build",
        ),
        status_date=date(2026, 3, 16),
        period_start=date(2026, 3, 9),
        period_end=date(2026, 3, 15),
        next_period_end=date(2026, 3, 22),
        baseline="0: Approved",
        money={"bac": 16000.0, "pv": 8000.0, "ev": 8000.0, "ac": 9000.0, "spi": 1.0, "cpi": 0.8889},
        hours={"bac": 160.0, "pv": 80.0, "ev": 80.0, "ac": 90.0, "spi": 1.0, "cpi": 0.8889},
        kpis={"spi": 1.0, "cpi": 0.8889, "late_milestones": 0.0, "quality_pass_rate": 0.95},
        overall=HealthLine("overall", "red", "red", (reason,)),
        dimensions=(
            HealthLine("schedule", "green", "green", ()),
            HealthLine("cost", "red", "red", (reason,)),
            HealthLine("risk", "amber", "green", (), "Supplier risk is rising / 供应商风险上升"),
        ),
        finished=(
            TaskLine(
                "1",
                "Design",
                "总体设计",
                Label("Wang Ping", "王平"),
                date(2026, 3, 2),
                date(2026, 3, 13),
                date(2026, 3, 13),
                100.0,
            ),
        ),
        finished_total=1,
        planned=(
            TaskLine(
                "2", "Build", "系统开发", None, date(2026, 3, 16), date(2026, 3, 27), None, 0.0
            ),
        ),
        planned_total=1,
        milestones=(
            MilestoneLine(
                "3",
                "Go-live",
                "系统上线",
                date(2026, 3, 27),
                date(2026, 3, 30),
                None,
                "upcoming",
                3,
            ),
        ),
        risks=(RiskLine("Supplier delay / 供应商延误", 0.6, 4, 2.4, "open", MANAGER, None, None),),
        issues=(
            IssueLine(
                "Test server down / 测试服务器宕机", 4, "open", None, date(2026, 3, 10), True
            ),
        ),
        actions=(
            ActionLine(
                None, "Add a tester / 增加一名测试人员", MANAGER, date(2026, 3, 20), "open", False
            ),
        ),
        curve=(
            CurvePoint(date(2026, 3, 2), 0.0),
            CurvePoint(date(2026, 3, 9), 4000.0, 3200.0, 5000.0),
            CurvePoint(date(2026, 3, 16), 8000.0, 8000.0, 9000.0),
            CurvePoint(date(2026, 3, 27), 16000.0),
        ),
        trend=(
            TrendPoint(date(2026, 3, 9), "amber", 0.8, 0.64),
            TrendPoint(date(2026, 3, 16), "red", 1.0, 0.8889),
        ),
        generated_at=datetime(2026, 3, 16, 2, 0, tzinfo=UTC),
        narrative=Narrative(
            summary="设计阶段完成，开发已启动。", decisions_needed="批准预算调拨。"
        ),
        review=ReviewInfo(
            "submitted", "Chen Hao", datetime(2026, 3, 16, 3, 0, tzinfo=UTC), "Chen Hao"
        ),
    )


def portfolio() -> PortfolioReportContent:
    row = ProjectHealthRow(
        id=1,
        code="PRJ-1",
        name=NAME_EN,
        name_zh=NAME_ZH,
        manager=MANAGER,
        status_date=date(2026, 3, 16),
        colours={
            "overall": "red",
            "schedule": "green",
            "cost": "red",
            "quality": "green",
            "risk": "amber",
            "resources": "green",
        },
        overall_computed="red",
        overridden=False,
        reasons=(Message("health.reason.cpi_below", {"value": 0.82, "threshold": 0.9}),),
        bac=16000.0,
        pv=8000.0,
        ev=8000.0,
        ac=9000.0,
        eac=18000.0,
        spi=1.0,
        cpi=0.89,
    )
    return PortfolioReportContent(
        scope=ScopeInfo(
            "pmo",
            1,
            "HQ",
            "Enterprise PMO",
            "集团项目管理办公室",
            Label("Group", "集团"),
            "controlling/enterprise",
        ),
        as_of=date(2026, 3, 16),
        currency="CNY",
        statuses=(StatusCount("active", 1, 1_200_000.0), StatusCount("closed", 2, 800_000.0)),
        pipeline=(PipelineLine("submitted", 2, 500_000.0),),
        pipeline_source=Label("Enterprise PMO", "集团项目管理办公室"),
        health_counts={"green": 0, "amber": 0, "red": 1, "grey": 0},
        projects=(row,),
        without_status_date=("PRJ-9",),
        totals={
            "bac": 16000.0,
            "pv": 8000.0,
            "ev": 8000.0,
            "ac": 9000.0,
            "eac": 18000.0,
            "spi": 1.0,
            "cpi": 0.89,
        },
        trend=(
            HealthTrendPoint(date(2026, 3, 9), {"amber": 1}, 0.8, 0.64),
            HealthTrendPoint(date(2026, 3, 16), {"red": 1}, 1.0, 0.89),
        ),
        utilisation_periods=("2026-03", "2026-04"),
        utilisation=(
            UtilisationLine("1", Label("Hefei Plant", "合肥工厂"), 320.0, 352.0, 1.1, (1.2, 1.0)),
        ),
        escalations=(
            Escalation(
                "PRJ-1", NAME_EN, NAME_ZH, "red", "overall", "red", "red", row.reasons, None
            ),
        ),
        remediation=RemediationSummary({"open": 1, "in_progress": 0, "done": 2}, 0, ()),
        generated_at=datetime(2026, 3, 16, 2, 0, tzinfo=UTC),
    )


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    return "".join(page.get_textpage().get_text_range() for page in document)


def test_content_survives_json_and_back() -> None:
    for content, kind in ((status(), StatusReportContent), (portfolio(), PortfolioReportContent)):
        plain = json.loads(json.dumps(to_plain(content)))
        assert from_plain(kind, plain) == content


def test_the_pdf_embeds_the_cjk_font_and_reads_in_chinese(tmp_path: object) -> None:
    data = render_status(status(), "pdf", "zh-CN")
    text = pdf_text(data)
    for expected in ("项目周报", NAME_ZH, "陈浩", "总体设计", "设计阶段完成，开发已启动。", "挣值"):
        assert expected in text
    assert b"/FontFile" in data  # an embedded font program, not a reference
    assert b"NotoSansCJK" in data
    assert len(data) < 600_000  # a subset, not the 16 MB font
    page = pdfium.PdfDocument(data)[0].render(scale=0.5).to_pil().convert("L")
    assert page.getextrema()[0] < 100  # something dark is drawn


def test_the_english_pdf_speaks_english() -> None:
    text = pdf_text(render_status(status(), "pdf", "en"))
    assert "Weekly status report" in text
    assert NAME_EN in text
    assert "CPI 0.82 is below the 0.90 threshold" in text
    assert "项目周报" not in text


def test_the_word_document_names_an_east_asian_font_and_holds_the_chart() -> None:
    document = Document(io.BytesIO(render_status(status(), "docx", "zh-CN")))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "项目周报" in text
    assert "设计阶段完成，开发已启动。" in text
    assert NAME_ZH in cells
    assert "总体设计" in cells
    assert len(document.inline_shapes) >= 1  # the S-curve
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    english = Document(io.BytesIO(render_status(status(), "docx", "en")))
    assert "Weekly status report" in "\n".join(p.text for p in english.paragraphs)


def test_the_workbook_keeps_numbers_as_numbers_with_frozen_headers() -> None:
    book = load_workbook(io.BytesIO(render_status(status(), "xlsx", "en")))
    assert book.sheetnames[0] == "Weekly status report"
    evm = book["Earned value"]
    values = {evm.cell(r, 1).value: evm.cell(r, 2) for r in range(1, evm.max_row + 1)}
    ev = values["Earned value (EV)"]
    assert ev.value == 8000.0
    assert ev.number_format == "#,##0.00"
    assert evm.freeze_panes == "A3"
    assert len(evm._images) == 1  # the S-curve
    finished = book["Tasks finished this period"]
    assert finished.cell(3, 4).value == datetime(2026, 3, 13)
    zh = load_workbook(io.BytesIO(render_status(status(), "xlsx", "zh-CN")))
    assert zh.sheetnames[0] == "项目周报"


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_the_pmo_report_renders_in_every_format(fmt: str) -> None:
    data = render_portfolio(portfolio(), fmt, "zh-CN")
    if fmt == "pdf":
        text = pdf_text(data)
        assert "PMO 运营报告" in text
        assert "红黄绿矩阵" in text
        assert NAME_ZH in text
    elif fmt == "docx":
        document = Document(io.BytesIO(data))
        assert len(document.inline_shapes) >= 2  # health trend and RAG matrix at least
    else:
        book = load_workbook(io.BytesIO(data))
        assert "红黄绿矩阵" in book.sheetnames


def test_the_font_comes_from_the_mplfonts_package() -> None:
    path = cjk_font_path()
    assert path.name == "NotoSansCJKsc-Regular.otf"
    assert "mplfonts" in path.parts


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        render_status(status(), "odt", "en")


def test_a_long_project_list_is_cut_in_print_and_whole_in_the_workbook() -> None:
    from dataclasses import replace

    base = portfolio()
    rows = tuple(replace(base.projects[0], id=k, code=f"PRJ-{k:03d}") for k in range(65))
    many = replace(base, projects=rows, escalations=())
    text = pdf_text(render_portfolio(many, "pdf", "en"))
    assert "PRJ-059" in text
    assert "PRJ-060" not in text
    assert "… and 5 more projects (all of them in the Excel report)" in text
    book = load_workbook(io.BytesIO(render_portfolio(many, "xlsx", "en")))
    codes = [c.value for c in book["RAG matrix"]["A"] if str(c.value).startswith("PRJ-")]
    assert len(codes) == 65
