"""``pmo report status|program|pmo``: the weekly status, program and PMO reports as files.

Each reads the configured database as the system administrator and writes Word, Excel or
PDF (``--format``) to ``-o FILE``, in ``--lang`` (default ``PMO_LANGUAGE``, else English).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from openpmo.cli.base import app, console, fail, use_database
from openpmo.config import get_settings

report_app = typer.Typer(
    help="Status, program and PMO reports (docx, xlsx, pdf).", no_args_is_help=True
)
app.add_typer(report_app, name="report")

FORMATS = ("docx", "xlsx", "pdf")

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="Database URL (overrides PMO_DATABASE_URL).", show_default=False
    ),
]
Format = Annotated[str, typer.Option("--format", "-f", help="docx, xlsx or pdf.")]
Output = Annotated[Path, typer.Option("--output", "-o", help="File to write.")]
AsOf = Annotated[
    str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: latest status date).")
]
Lang = Annotated[
    str | None, typer.Option("--lang", help="en or zh-CN (default: PMO_LANGUAGE, else en).")
]


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} must be a date (YYYY-MM-DD), got {value!r}")


def _checked(fmt: str, lang: str | None) -> str:
    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    language = lang or os.environ.get("PMO_LANGUAGE") or "en"
    if language not in ("en", "zh-CN"):
        fail(f"--lang must be en or zh-CN, got {language!r}")
    return language


def _write(output: Path, data: bytes) -> None:
    try:
        output.write_bytes(data)
    except OSError as exc:
        fail(f"{output}: {exc.strerror or exc}")
    console.print(f"[green]Wrote[/] {output} ({len(data):,} bytes)")


def _project_id(session: Any, code: str) -> int:
    from sqlalchemy import select

    from openpmo.db.models import Project
    from openpmo.errors import NotFound

    condition = Project.code == code
    if code.isdigit():
        condition = condition | (Project.id == int(code))
    found = session.scalar(select(Project.id).where(condition).order_by(Project.id).limit(1))
    if found is None:
        raise NotFound(entity="project", id=code)
    return int(found)


@report_app.command("status")
def status_report(
    project: Annotated[str, typer.Argument(help="Project code or id.")],
    output: Output,
    format: Format = "pdf",
    status_date: Annotated[
        str | None, typer.Option("--status-date", help="YYYY-MM-DD (default: the latest).")
    ] = None,
    lang: Lang = None,
    database_url: DatabaseUrl = None,
) -> None:
    """A project's weekly status report (the written one when there is one)."""
    from openpmo.db.session import session_factory, transaction
    from openpmo.io.reports.render import render_status
    from openpmo.services.principal import SYSTEM
    from openpmo.services.status_reports import export_content

    language = _checked(format, lang)
    day = _day(status_date, "--status-date")
    use_database(database_url)
    with transaction(session_factory(get_settings().database_url)) as session:
        content = export_content(session, SYSTEM, _project_id(session, project), day)
    _write(output, render_status(content, format, language))


@report_app.command("program")
def program_report(
    program: Annotated[int, typer.Argument(help="Program id.")],
    output: Output,
    format: Format = "pdf",
    as_of: AsOf = None,
    lang: Lang = None,
    database_url: DatabaseUrl = None,
) -> None:
    """A program report: summary, pipeline, health and trends, utilisation, escalations."""
    _portfolio_report("program", program, output, format, as_of, lang, database_url)


@report_app.command("pmo")
def pmo_report(
    pmo: Annotated[int, typer.Argument(help="PMO id.")],
    output: Output,
    format: Format = "pdf",
    as_of: AsOf = None,
    lang: Lang = None,
    database_url: DatabaseUrl = None,
) -> None:
    """A PMO operating report over the org units the PMO governs."""
    _portfolio_report("pmo", pmo, output, format, as_of, lang, database_url)


def _portfolio_report(
    scope: str,
    record_id: int,
    output: Path,
    format: str,
    as_of: str | None,
    lang: str | None,
    database_url: str | None,
) -> None:
    """Write the program (``scope="program"``) or PMO operating report of ``record_id``."""
    from openpmo.db.session import session_factory, transaction
    from openpmo.io.reports.render import render_portfolio
    from openpmo.services import operating_reports
    from openpmo.services.principal import SYSTEM

    content_of = (
        operating_reports.program_content if scope == "program" else operating_reports.pmo_content
    )
    language = _checked(format, lang)
    day = _day(as_of, "--as-of")
    use_database(database_url)
    with transaction(session_factory(get_settings().database_url)) as session:
        content = content_of(session, SYSTEM, record_id, as_of=day)
    _write(output, render_portfolio(content, format, language))
