"""Project documents filled from stored data, PMO templates: checks, precedence, versions."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openpmo.db.models import AuditEntry, DocumentTemplate, StatusDate
from openpmo.enums import Role
from openpmo.errors import Conflict, Forbidden, InvalidInput, StaleVersion
from openpmo.io.documents.vocabulary import shape_errors
from openpmo.services import documents
from openpmo.services.document_context import build_context
from openpmo.services.documents import TemplateUpload
from openpmo.services.principal import SYSTEM, Principal, load_principal
from tests import factories as f
from tests.documents_support import DocumentWorld, document_world, docx_bytes, docx_text, xlsx_bytes


@pytest.fixture
def world(session: Session) -> DocumentWorld:
    return document_world(session)


def _pmo_user(session: Session, pmo_id: int) -> Principal:
    return load_principal(session, f.user(session, Role.PMO, pmo_id=pmo_id))


def _charter(*lines: str) -> TemplateUpload:
    return TemplateUpload("charter", "en", "charter.docx", docx_bytes(*lines))


@pytest.mark.parametrize("kind", ["charter", "plan", "risk_register"])
@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_context_has_exactly_the_vocabulary_shape(
    session: Session, world: DocumentWorld, kind: str, language: str
) -> None:
    context = build_context(session, SYSTEM, world.project, kind, language)
    assert shape_errors(context, documents.KINDS[kind]) == []


def test_charter_in_chinese_shows_the_project_its_people_and_top_five_risks(
    session: Session, world: DocumentWorld
) -> None:
    filled = documents.render_project_document(
        session, SYSTEM, world.project.id, "charter", "zh-CN"
    )
    assert filled.file_name == "ERP-2026-charter-zh-CN.docx"
    assert filled.template_id is None
    text = docx_text(filled.content)
    for expected in (
        "项目章程",
        "ERP 系统升级",
        "王芳",
        "李雷",
        "信息技术 PMO",
        "数字化运营",
        "60%",
        "有条件通过 (2026-02-01): Hire a DBA",
        "财务上线",
        "100,000.00 CNY",
    ):
        assert expected in text, expected
    risk_rows = [
        line
        for line in text.splitlines()
        if line.split(" | ")[1:2] and line.startswith(tuple("123456789")) and "Risk " in line
    ]
    assert [r.split(" | ")[1] for r in risk_rows] == [
        "Risk 1",
        "Risk 4",
        "Risk 7",
        "Risk 2",
        "Risk 6",
    ]
    assert "4.50 高" in text


def test_plan_lists_two_wbs_levels_every_risk_and_open_issues(
    session: Session, world: DocumentWorld
) -> None:
    text = docx_text(
        documents.render_project_document(session, SYSTEM, world.project.id, "plan", "en").content
    )
    assert "Project Management Plan" in text
    assert "    Ledger" in text
    assert "Chart of accounts" not in text
    assert (
        sum(
            line.startswith(tuple(f"{k} | Risk " for k in range(1, 8)))
            for line in text.splitlines()
        )
        == 7
    )
    assert "Vendor late" in text
    assert "Test data" in text
    assert "Old one" not in text


def test_risk_register_workbook_has_a_row_per_risk_and_the_summary(
    session: Session, world: DocumentWorld
) -> None:
    filled = documents.render_project_document(
        session, SYSTEM, world.project.id, "risk_register", "zh-CN"
    )
    assert filled.media_type.endswith("spreadsheetml.sheet")
    book = load_workbook(BytesIO(filled.content))
    sheet = book["风险登记册"]
    assert sheet["A1"].value == "风险登记册 — ERP-2026 ERP 系统升级"
    assert sheet["A3"].value.startswith("未关闭风险 6 / 7 · 高 1")
    titles = [sheet.cell(row=r, column=2).value for r in range(6, 13)]
    assert titles == ["Risk 1", "Risk 4", "Risk 7", "Risk 2", "Risk 6", "Risk 3", "Risk 5"]
    assert sheet["D6"].value == 0.9
    assert sheet["F6"].value == 4.5
    assert sheet["G6"].value == "高"
    assert sheet["B13"].value == "未关闭风险敞口合计"
    assert sheet["F13"].value == pytest.approx(4.5 + 2.4 + 1.6 + 1.5 + 1.5 + 0.4)
    assert book.sheetnames == ["风险登记册", "评分标准"]


def test_budget_figures_come_from_the_latest_status_date(
    session: Session, world: DocumentWorld
) -> None:
    session.add(StatusDate(project_id=world.project.id, status_date=world.project.planned_start))
    session.commit()
    context = build_context(session, SYSTEM, world.project, "charter", "en")
    assert context["budget"]["status_date"] == world.project.planned_start
    assert context["budget"]["budget"] == 100000.0


def test_a_pmo_template_overrides_the_builtin_nearest_pmo_first(
    session: Session, world: DocumentWorld
) -> None:
    group = documents.upload_template(
        session, SYSTEM, world.enterprise_pmo.id, _charter("GROUP {{ project.code }}")
    )
    session.commit()

    def text(language: str = "en") -> str:
        filled = documents.render_project_document(
            session, SYSTEM, world.project.id, "charter", language
        )
        return docx_text(filled.content)

    assert text().startswith("GROUP ERP-2026")
    assert text("zh-CN").startswith("项目章程")  # no Chinese template: the built-in
    dept = documents.upload_template(
        session, SYSTEM, world.department_pmo.id, _charter("IT {{ project.pmo }}")
    )
    session.commit()
    assert text().startswith("IT IT PMO")
    documents.delete_template(session, SYSTEM, dept.id, version=dept.version)
    session.commit()
    assert text().startswith("GROUP")
    other = f.project(session, f.org_unit(session))
    filled = documents.render_project_document(session, SYSTEM, other.id, "charter", "en")
    assert filled.template_id is None
    assert group.id != filled.template_id


@pytest.mark.parametrize(
    ("upload", "where", "key"),
    [
        (_charter("{{ project.nmae }}"), "file.document", "error.template.unknown_hint"),
        (_charter("{% if project.code %}open"), "file.document", "error.template.syntax"),
        (
            TemplateUpload("charter", "en", "charter.xlsx", xlsx_bytes([["x"]])),
            "file",
            "error.template.wrong_type",
        ),
        (
            TemplateUpload("charter", "en", "charter.docx", b"PK\x03\x04broken"),
            "file",
            "error.template.corrupt",
        ),
        (TemplateUpload("charter", "en", "charter.docx", b""), "file", "error.template.empty"),
        (
            TemplateUpload("risk_register", "en", "r.xlsx", xlsx_bytes([["{{ r.title }}"]])),
            "file.Risks!A1",
            "error.template.unknown",
        ),
    ],
)
def test_a_bad_upload_is_refused_whole_and_changes_nothing(
    session: Session, world: DocumentWorld, upload: TemplateUpload, where: str, key: str
) -> None:
    audit_before = session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(InvalidInput) as refused:
        documents.upload_template(session, SYSTEM, world.department_pmo.id, upload)
    session.rollback()
    assert [(e.field, e.key) for e in refused.value.errors] == [(where, key)]
    assert session.scalar(select(func.count()).select_from(DocumentTemplate)) == 0
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == audit_before


def test_unknown_kind_and_language_are_named(session: Session, world: DocumentWorld) -> None:
    with pytest.raises(InvalidInput) as refused:
        documents.upload_template(
            session, SYSTEM, world.department_pmo.id, TemplateUpload("memo", "en", "m.docx", b"x")
        )
    assert refused.value.errors[0].field == "kind"
    with pytest.raises(InvalidInput) as refused:
        documents.render_project_document(session, SYSTEM, world.project.id, "charter", "fr")
    assert refused.value.errors[0].field == "language"


def test_replacing_needs_the_current_version(session: Session, world: DocumentWorld) -> None:
    pmo = world.department_pmo.id
    first = documents.upload_template(session, SYSTEM, pmo, _charter("v1"))
    session.commit()
    with pytest.raises(Conflict) as refused:
        documents.upload_template(session, SYSTEM, pmo, _charter("v2"))
    assert refused.value.key == "error.template.exists"
    with pytest.raises(StaleVersion):
        documents.upload_template(session, SYSTEM, pmo, _charter("v2"), version=first.version + 1)
    session.rollback()
    second = documents.upload_template(session, SYSTEM, pmo, _charter("v2"), version=1)
    session.commit()
    assert (second.id, second.version) == (first.id, 2)
    with pytest.raises(StaleVersion):
        documents.delete_template(session, SYSTEM, second.id, version=1)
    with pytest.raises(InvalidInput):
        documents.delete_template(session, SYSTEM, second.id, version=None)


def test_upload_is_audited_without_the_file(session: Session, world: DocumentWorld) -> None:
    record = documents.upload_template(session, SYSTEM, world.department_pmo.id, _charter("x"))
    session.commit()
    entry = session.scalar(select(AuditEntry).where(AuditEntry.entity == "document_template"))
    assert entry is not None
    assert entry.action == "create"
    assert "content" not in entry.after
    assert entry.after["sha256"] == record.sha256
    assert entry.after["size"] == record.size


def test_only_pmo_staff_in_scope_and_admins_manage_templates(
    session: Session, world: DocumentWorld
) -> None:
    outsider_unit = f.org_unit(session, parent=world.enterprise)
    outsider = _pmo_user(session, f.pmo(session, outsider_unit).id)
    manager = load_principal(session, f.user(session, Role.PROJECT_MANAGER))
    for who in (outsider, manager):
        with pytest.raises(Forbidden):
            documents.upload_template(session, who, world.department_pmo.id, _charter("x"))
    own = _pmo_user(session, world.department_pmo.id)
    assert (
        documents.upload_template(session, own, world.department_pmo.id, _charter("x")).version == 1
    )


def test_status_report_is_filled_from_the_weekly_report_content(
    session: Session, world: DocumentWorld
) -> None:
    session.add(StatusDate(project_id=world.project.id, status_date=date(2026, 3, 2)))
    session.commit()
    context = build_context(session, SYSTEM, world.project, "status_report", "zh-CN")
    assert shape_errors(context, documents.KINDS["status_report"]) == []
    filled = documents.render_project_document(
        session, SYSTEM, world.project.id, "status_report", "zh-CN"
    )
    text = docx_text(filled.content)
    assert "项目周报" in text
    assert "ERP-2026 · ERP 系统升级" in text
    assert "2026-03-02" in text


def test_status_report_needs_a_status_date(session: Session, world: DocumentWorld) -> None:
    with pytest.raises(InvalidInput) as refused:
        documents.render_project_document(session, SYSTEM, world.project.id, "status_report", "en")
    assert refused.value.errors[0].field == "status_date"
