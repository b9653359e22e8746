"""``pmo report status|program|pmo``, run as a user runs them: in a subprocess, on the demo."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pypdfium2 as pdfium
from docx import Document
from openpyxl import load_workbook

from tests.support import pmo


def test_reports_of_the_demo_come_out_as_files(tmp_path: Path) -> None:
    assert pmo("demo", "--no-serve", "--seed", "3", cwd=tmp_path).returncode == 0
    database = f"sqlite:///{tmp_path / 'openpmo-demo.db'}"
    with sqlite3.connect(tmp_path / "openpmo-demo.db") as db:
        code, day = db.execute(
            "SELECT p.code, r.status_date FROM status_reports r JOIN projects p "
            "ON p.id = r.project_id WHERE r.state = 'accepted' ORDER BY r.id LIMIT 1"
        ).fetchone()
    word = tmp_path / "status.docx"
    result = pmo(
        "report",
        "status",
        code,
        "--status-date",
        day,
        "--format",
        "docx",
        "-o",
        str(word),
        "--lang",
        "zh-CN",
        "--database-url",
        database,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    document = Document(io.BytesIO(word.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "项目周报" in text
    assert "已接受" in "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    sheet = tmp_path / "program.xlsx"
    result = pmo(
        "report",
        "program",
        "1",
        "-f",
        "xlsx",
        "-o",
        str(sheet),
        "--database-url",
        database,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert load_workbook(sheet).sheetnames[0] == "Program report"
    pdf = tmp_path / "pmo.pdf"
    result = pmo(
        "report",
        "pmo",
        "1",
        "-o",
        str(pdf),
        "--as-of",
        "2026-11-16",
        "--database-url",
        database,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    text = "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(pdf.read_bytes()))
    assert "PMO operating report" in text
    bad = pmo(
        "report",
        "status",
        code,
        "-f",
        "odt",
        "-o",
        str(tmp_path / "x"),
        "--database-url",
        database,
        cwd=tmp_path,
    )
    assert bad.returncode == 2
    assert "--format" in bad.stderr
    assert not (tmp_path / "x").exists()
    unknown = pmo(
        "report",
        "status",
        "NOPE",
        "-o",
        str(tmp_path / "y.pdf"),
        "--database-url",
        database,
        cwd=tmp_path,
    )
    assert unknown.returncode == 3
    early = pmo(
        "report",
        "status",
        code,
        "--status-date",
        "2020-01-06",
        "-o",
        str(tmp_path / "z.pdf"),
        "--database-url",
        database,
        cwd=tmp_path,
    )
    assert early.returncode == 2
    assert "status_date" in early.stderr
