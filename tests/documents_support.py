"""A project with everything its documents show, and small templates to upload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from io import BytesIO

from docx import Document
from openpyxl import Workbook
from sqlalchemy import insert
from sqlalchemy.orm import Session

from openpmo.db.models import GateReview, OrgUnit, Pmo, Project, ProjectPhase, project_objectives
from openpmo.enums import GateDecision, IssueStatus, PhaseStatus, PmoLevel, PmoType, RiskStatus
from tests import factories as f


@dataclass
class DocumentWorld:
    enterprise: OrgUnit
    department: OrgUnit
    enterprise_pmo: Pmo
    department_pmo: Pmo
    project: Project


def document_world(session: Session) -> DocumentWorld:
    """A department project under two PMOs, with bilingual names, objectives, a lifecycle
    with a decided gate, a WBS three levels deep with milestones, a team, 7 risks, 3 issues."""
    enterprise = f.org_unit(session, name="Acme Group", name_zh="顶点集团")
    department = f.org_unit(session, parent=enterprise, name="IT", name_zh="信息技术部")
    enterprise_pmo = f.pmo(
        session, enterprise, name="Group PMO", name_zh="集团 PMO", level=PmoLevel.ENTERPRISE
    )
    department_pmo = f.pmo(
        session, department, name="IT PMO", name_zh="信息技术 PMO", type=PmoType.DIRECTIVE
    )
    manager = f.resource(session, unit=department, name="Li Lei", name_zh="李雷", email="li@x.cn")
    sponsor = f.resource(session, unit=enterprise, name="Wang Fang", name_zh="王芳", title="CIO")
    member = f.resource(session, unit=department, name="Zhao Min", name_zh="赵敏")
    project = f.project(
        session,
        department,
        manager=manager,
        sponsor_id=sponsor.id,
        code="ERP-2026",
        name="ERP upgrade",
        name_zh="ERP 系统升级",
        description="Replace the ERP.\nMove finance first.",
        current_phase="Execution",
    )
    project.members.append(member)
    goal = f.objective(session, name="Digital operations", name_zh="数字化运营", unit="%")
    session.execute(
        insert(project_objectives).values(
            project_id=project.id, objective_id=goal.id, contribution=60.0
        )
    )
    start = ProjectPhase(
        project_id=project.id,
        seq=1,
        key="initiate",
        name="Initiation",
        name_zh="启动",
        status=PhaseStatus.COMPLETED,
        gate_name="Charter approval",
        gate_name_zh="章程审批",
        deliverables=[
            {"key": "charter", "name": "Charter", "name_zh": "项目章程", "required": True}
        ],
    )
    run = ProjectPhase(
        project_id=project.id,
        seq=2,
        key="execute",
        name="Execution",
        name_zh="执行",
        status=PhaseStatus.ACTIVE,
        gate_name="Go-live",
        gate_name_zh="上线评审",
    )
    session.add_all([start, run])
    session.flush()
    session.add(
        GateReview(
            project_id=project.id,
            phase_id=start.id,
            decision=GateDecision.CONDITIONAL_GO,
            decided_at=datetime(2026, 2, 1, 9, tzinfo=UTC),
            conditions="Hire a DBA",
        )
    )
    top = f.task(session, project, wbs="1", name="Finance", name_zh="财务", is_summary=True)
    child = f.task(
        session, project, wbs="1.1", name="Ledger", parent_id=top.id, assignee_id=member.id
    )
    f.task(session, project, wbs="1.1.1", name="Chart of accounts", parent_id=child.id)
    f.task(
        session,
        project,
        wbs="1.2",
        name="Finance live",
        name_zh="财务上线",
        parent_id=top.id,
        is_milestone=True,
        duration_days=0,
        planned_finish=date(2026, 6, 30),
    )
    f.task(
        session,
        project,
        wbs="2",
        name="Cut-over",
        is_milestone=True,
        duration_days=0,
        planned_finish=date(2026, 11, 30),
        percent_complete=100,
    )
    for k, (p, i) in enumerate(
        [(0.9, 5), (0.5, 3), (0.2, 2), (0.6, 4), (0.1, 1), (0.3, 5), (0.8, 2)]
    ):
        f.risk(
            session,
            project,
            title=f"Risk {k + 1}",
            probability=p,
            impact=i,
            owner_id=manager.id,
            response="Mitigate",
            status=RiskStatus.CLOSED if k == 4 else RiskStatus.OPEN,
        )
    f.issue(session, project, title="Vendor late", severity=4, owner_id=manager.id)
    f.issue(session, project, title="Test data", severity=2)
    f.issue(session, project, title="Old one", severity=5, status=IssueStatus.CLOSED)
    session.commit()
    return DocumentWorld(enterprise, department, enterprise_pmo, department_pmo, project)


def docx_bytes(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(rows: list[list[str]], title: str = "Risks") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    """Every paragraph of the body, tables, header and footer, one per line."""
    document = Document(BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(c.text for c in row.cells))
    for section in document.sections:
        lines.extend(p.text for p in section.header.paragraphs)
    return "\n".join(lines)
