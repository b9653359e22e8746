"""Document templates without a database: rendering, the xlsx convention, the checks."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill

from openpmo.io.documents import KIND_VARS, Var, builtin_template, inspect_template, render_template
from openpmo.io.documents.docx import inspect_docx, render_docx
from openpmo.io.documents.vocabulary import sample_context, shape_errors
from openpmo.io.documents.xlsx import inspect_xlsx, render_xlsx
from tests.documents_support import docx_bytes, docx_text, xlsx_bytes

CHARTER = KIND_VARS["charter"]
REGISTER = KIND_VARS["risk_register"]


def _context(**risks: int) -> dict[str, object]:
    context = sample_context(REGISTER)
    base = context["risks"][0]  # type: ignore[index]
    context["risks"] = [
        {**base, "no": k, "title": f"R{k}", "exposure": k * 1.0} for k in range(1, risks["n"] + 1)
    ]
    return context


@pytest.mark.parametrize("kind", ["charter", "plan", "risk_register", "status_report"])
@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_builtin_templates_use_only_known_placeholders(kind: str, language: str) -> None:
    data = builtin_template(kind, language)
    fmt = "xlsx" if kind == "risk_register" else "docx"
    assert inspect_template(fmt, data, KIND_VARS[kind]) == []


def test_sample_context_has_the_vocabulary_shape() -> None:
    for variables in KIND_VARS.values():
        assert shape_errors(sample_context(variables), variables) == []
    broken = sample_context(CHARTER)
    broken["project"]["nmae"] = "x"  # type: ignore[index]
    del broken["risks"]
    assert sorted(shape_errors(broken, CHARTER)) == [
        "project.nmae: not in the vocabulary",
        "risks: missing",
    ]


def test_docx_placeholders_are_filled_escaped_and_none_is_empty() -> None:
    template = docx_bytes(
        "{{ project.code }} <{{ project.name }}> {{ project.sponsor }}|",
        "{{ project.budget | money }}",
    )
    context = sample_context(CHARTER)
    context["project"].update(code="A&B", name="x < y", sponsor=None)  # type: ignore[union-attr]
    text = docx_text(render_docx(template, context))
    assert "A&B <x < y> |" in text
    assert "123,456.78" in text


def test_docx_unknown_attribute_is_named_with_its_paragraph_and_a_suggestion() -> None:
    problems = inspect_docx(docx_bytes("Intro", "Name: {{ project.nmae }}"), CHARTER)
    assert len(problems) == 1
    assert problems[0].key == "error.template.unknown_hint"
    assert problems[0].params["name"] == "project.nmae"
    assert problems[0].params["suggestion"] == "project.name"
    assert problems[0].params["excerpt"] == "Name: {{ project.nmae }}"


def test_docx_loop_variable_attributes_are_checked_against_the_list_items() -> None:
    template = docx_bytes(
        "{% for r in risks[:3] if r.level == 'high' %}{{ r.title }} {{ r.ownr }}{% endfor %}"
    )
    problems = inspect_docx(template, CHARTER)
    assert [p.params["name"] for p in problems] == ["r.ownr"]


def test_docx_set_macro_and_loop_names_are_not_reported() -> None:
    template = docx_bytes(
        "{% set n = risks | length %}{{ n }}{% for r in risks %}{{ loop.index }}{% endfor %}",
        "{% macro row(x) %}{{ x }}{% endmacro %}{{ row(project.code) }}{{ range(3) | list }}",
    )
    assert inspect_docx(template, CHARTER) == []


def test_docx_syntax_error_names_the_paragraph() -> None:
    problems = inspect_docx(docx_bytes("fine", "Owner {{ project.manager }", "after"), CHARTER)
    assert [p.key for p in problems] == ["error.template.syntax"]
    assert "Owner {{ project.manager }" in problems[0].params["excerpt"]


def test_docx_unknown_filter_is_reported() -> None:
    problems = inspect_docx(docx_bytes("{{ project.code | shout }}"), CHARTER)
    assert [p.key for p in problems] == ["error.template.syntax"]
    assert "shout" in problems[0].params["msg"]


def test_docx_that_fails_on_sample_data_is_refused() -> None:
    problems = inspect_docx(docx_bytes("{{ project.code | money }}"), CHARTER)
    assert [p.key for p in problems] == ["error.template.render"]


def test_docx_template_cannot_reach_python_internals() -> None:
    problems = inspect_docx(docx_bytes("{{ project.code.__class__.__mro__ }}"), CHARTER)
    assert [p.key for p in problems] == ["error.template.render"]


def test_files_that_are_not_word_documents_are_refused() -> None:
    assert [p.key for p in inspect_docx(b"plain text", CHARTER)] == ["error.template.corrupt"]
    xlsx = xlsx_bytes([["x"]])
    assert [p.key for p in inspect_docx(xlsx, CHARTER)] == ["error.template.not_docx"]
    truncated = docx_bytes("x")[:2000]
    assert [p.key for p in inspect_docx(truncated, CHARTER)] == ["error.template.corrupt"]
    assert [p.key for p in inspect_xlsx(docx_bytes("x"), REGISTER)] == ["error.template.not_xlsx"]


def _register_template() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Risks"
    sheet["A1"] = "Register {{ project.code }}"
    sheet.merge_cells("A1:D1")
    sheet.append(["No", "Title", "Exposure", "Due"])
    sheet.append(
        [
            "{%tr for r in risks %}{{ r.no }}",
            "{{ r.title }}",
            "{{ r.exposure }}",
            "{{ r.due_date }}{%tr endfor %}",
        ]
    )
    sheet["B3"].font = Font(bold=True)
    sheet.row_dimensions[3].height = 30
    sheet.append(["Total", None, "=SUM(C3:C3)"])
    sheet.append(["{{ summary.open }} open"])
    sheet.conditional_formatting.add(
        "C3:C3", FormulaRule(formula=["$C3>=2.5"], fill=PatternFill("solid", fgColor="FF0000"))
    )
    sheet.auto_filter.ref = "A2:D3"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_block_rows_repeat_per_item_with_style_and_typed_values() -> None:
    out = load_workbook(BytesIO(render_xlsx(_register_template(), _context(n=4)))).active
    assert out["A1"].value == "Register Sample 示例"
    assert [out.cell(row=r, column=2).value for r in range(3, 7)] == ["R1", "R2", "R3", "R4"]
    assert out["C5"].value == 3.0
    assert out["D3"].value.date() == date(2026, 3, 2)
    assert out["D3"].number_format == "yyyy-mm-dd"
    assert all(out.cell(row=r, column=2).font.b for r in range(3, 7))
    assert out.row_dimensions[6].height == 30
    assert out["C7"].value == "=SUM(C3:C6)"
    assert out["A8"].value == "3 open"
    assert out.auto_filter.ref == "A2:D6"
    assert [str(c.sqref) for c in out.conditional_formatting] == ["C3:C6"]
    assert [str(r) for r in out.merged_cells.ranges] == ["A1:D1"]


def test_xlsx_block_with_no_items_is_removed() -> None:
    out = load_workbook(BytesIO(render_xlsx(_register_template(), _context(n=0)))).active
    assert out["A3"].value == "Total"
    assert out["C3"].value == "=SUM(0)"


def test_xlsx_problems_are_named_by_cell() -> None:
    template = xlsx_bytes(
        [
            ["{{ project.nmae }}"],
            ["{%tr for r in risks %}{{ r.ownr }}", "{{ r.title"],
            ["{%tr endfor %}"],
            ["{%tr endfor %}"],
            ["{%tr for x in risks %}"],
        ]
    )
    problems = {(p.where, p.key) for p in inspect_xlsx(template, REGISTER)}
    assert problems == {
        ("Risks!A1", "error.template.unknown_hint"),
        ("Risks!A2", "error.template.unknown_hint"),
        ("Risks!B2", "error.template.syntax"),
        ("Risks!A4", "error.template.loop_stray"),
        ("Risks!A5", "error.template.loop_unclosed"),
    }


def test_render_template_dispatches_on_format() -> None:
    data = render_template("docx", docx_bytes("{{ project.code }}"), {"project": {"code": "P1"}})
    assert Document(BytesIO(data)).paragraphs[0].text == "P1"


def _paths(variables: tuple[Var, ...], prefix: str = "") -> list[str]:
    found = []
    for var in variables:
        name = prefix + var.name + ("[]" if var.kind == "list" else "")
        found.append(name)
        found.extend(_paths(var.fields, prefix + var.name + ("[]." if var.kind == "list" else ".")))
    return found


def test_the_documentation_lists_every_placeholder() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "documents.md").read_text("utf-8")
    missing = [
        path
        for variables in KIND_VARS.values()
        for path in _paths(variables)
        if f"`{path}`" not in text
    ]
    assert missing == []
