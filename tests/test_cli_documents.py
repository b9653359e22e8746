"""``pmo document`` and ``pmo templates upload|list``, run as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy.orm import sessionmaker

from openpmo.db import audit
from openpmo.db.session import make_engine
from tests.documents_support import document_world, docx_bytes
from tests.support import pmo


@pytest.fixture
def database(tmp_path: Path) -> tuple[str, int]:
    """A migrated SQLite database with the documents' project; the department PMO's id."""
    url = f"sqlite:///{tmp_path / 'pmo.db'}"
    assert pmo("--database-url", url, "db", "upgrade", cwd=tmp_path).returncode == 0
    engine = make_engine(url)
    with sessionmaker(bind=engine)() as session:
        audit.set_actor(session, None)
        world = document_world(session)
        pmo_id = world.department_pmo.id
    engine.dispose()
    return url, pmo_id


def test_document_writes_the_filled_file(database: tuple[str, int], tmp_path: Path) -> None:
    url, _ = database
    out = tmp_path / "charter.docx"
    result = pmo(
        "document",
        "ERP-2026",
        "charter",
        "-o",
        str(out),
        "--language",
        "zh-CN",
        "--database-url",
        url,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "built-in" in result.stdout + result.stderr
    assert Document(out).paragraphs[0].text == "项目章程"
    default_name = pmo("document", "ERP-2026", "risk_register", "--database-url", url, cwd=tmp_path)
    assert default_name.returncode == 0, default_name.stderr
    sheet = load_workbook(tmp_path / "ERP-2026-risk_register-en.xlsx").active
    assert sheet["B6"].value == "Risk 1"


def test_templates_upload_list_and_errors(database: tuple[str, int], tmp_path: Path) -> None:
    url, pmo_id = database
    bad = tmp_path / "bad.docx"
    bad.write_bytes(docx_bytes("{{ project.nmae }}"))
    refused = pmo(
        "templates", "upload", str(pmo_id), "charter", str(bad), "--database-url", url, cwd=tmp_path
    )
    assert refused.returncode == 2
    assert "file.document: unknown placeholder “project.nmae”" in refused.stderr
    good = tmp_path / "ours.docx"
    good.write_bytes(docx_bytes("OURS {{ project.code }}"))
    stored = pmo(
        "templates",
        "upload",
        str(pmo_id),
        "charter",
        str(good),
        "--database-url",
        url,
        cwd=tmp_path,
    )
    assert stored.returncode == 0, stored.stderr
    again = pmo(
        "templates",
        "upload",
        str(pmo_id),
        "charter",
        str(good),
        "--database-url",
        url,
        cwd=tmp_path,
    )
    assert again.returncode == 4  # a conflict: it needs --version
    replaced = pmo(
        "templates",
        "upload",
        str(pmo_id),
        "charter",
        str(good),
        "--version",
        "1",
        "--database-url",
        url,
        cwd=tmp_path,
    )
    assert replaced.returncode == 0, replaced.stderr
    listed = pmo("templates", "list", str(pmo_id), "--database-url", url, cwd=tmp_path)
    assert listed.stdout.split("\t")[1:5] == ["charter", "en", "v2", str(good.stat().st_size)]
    out = tmp_path / "ours-filled.docx"
    filled = pmo(
        "document", "ERP-2026", "charter", "-o", str(out), "--database-url", url, cwd=tmp_path
    )
    assert "template 1" in filled.stdout + filled.stderr
    assert Document(out).paragraphs[0].text == "OURS ERP-2026"
