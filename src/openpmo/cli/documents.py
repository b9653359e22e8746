"""``pmo document CODE KIND -o FILE`` (a project's charter, plan, risk register or status
report filled from its data) and ``pmo templates upload|list`` (a PMO's own templates)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from openpmo.cli.base import app, console, fail, use_database
from openpmo.config import get_settings

templates_app = typer.Typer(help="A PMO's document templates.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="Database URL (overrides PMO_DATABASE_URL).", show_default=False
    ),
]
Language = Annotated[str, typer.Option("--language", help="en or zh-CN.")]


@app.command("document")
def document(
    project: Annotated[str, typer.Argument(help="Project code or id.")],
    kind: Annotated[str, typer.Argument(help="charter, plan, risk_register or status_report.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: its own name).")
    ] = None,
    language: Language = "en",
    database_url: DatabaseUrl = None,
) -> None:
    """Fill the project's document from its data, with its PMO's template or the built-in."""
    from sqlalchemy import select

    from openpmo.db.models import Project
    from openpmo.db.session import session_factory, transaction
    from openpmo.errors import NotFound
    from openpmo.services.documents import render_project_document
    from openpmo.services.principal import SYSTEM

    use_database(database_url)
    with transaction(session_factory(get_settings().database_url)) as session:
        condition = Project.code == project
        if project.isdigit():
            condition = condition | (Project.id == int(project))
        found = session.scalar(select(Project.id).where(condition).order_by(Project.id).limit(1))
        if found is None:
            raise NotFound(entity="project", id=project)
        filled = render_project_document(session, SYSTEM, found, kind, language)
    target = output or Path(filled.file_name)
    if str(target) == "-":
        sys.stdout.buffer.write(filled.content)
        return
    try:
        target.write_bytes(filled.content)
    except OSError as exc:
        fail(f"{target}: {exc.strerror or exc}")
    source = "built-in" if filled.template_id is None else f"template {filled.template_id}"
    console.print(f"[green]Wrote[/] {target} ({len(filled.content):,} bytes, {source})")


@templates_app.command("upload")
def upload(
    pmo: Annotated[int, typer.Argument(help="PMO id.")],
    kind: Annotated[str, typer.Argument(help="charter, plan, risk_register or status_report.")],
    file: Annotated[Path, typer.Argument(help="The template: .docx (.xlsx for risk_register).")],
    language: Language = "en",
    version: Annotated[
        int | None, typer.Option(help="Version of the template it replaces.")
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Check a template and store it as the PMO's; every problem is listed, nothing stored."""
    from openpmo.db.session import session_factory, transaction
    from openpmo.services.documents import TemplateUpload, upload_template
    from openpmo.services.principal import SYSTEM

    use_database(database_url)
    try:
        content = file.read_bytes()
    except OSError as exc:
        fail(f"{file}: {exc.strerror or exc}")
    with transaction(session_factory(get_settings().database_url)) as session:
        record = upload_template(
            session,
            SYSTEM,
            pmo,
            TemplateUpload(kind, language, file.name, content),
            version=version,
        )
        line = (
            f"[green]Stored[/] {record.file_name} as PMO {pmo}'s {kind} template ({language}), "
            f"id {record.id}, version {record.version}"
        )
    console.print(line)


@templates_app.command("list")
def list_templates(
    pmo: Annotated[int, typer.Argument(help="PMO id.")],
    database_url: DatabaseUrl = None,
) -> None:
    """The PMO's templates: id, kind, language, version, size, file name, upload time."""
    from openpmo.db.session import session_factory, transaction
    from openpmo.services.documents import list_templates as stored
    from openpmo.services.principal import SYSTEM

    use_database(database_url)
    with transaction(session_factory(get_settings().database_url)) as session:
        rows = [
            (t.id, t.kind, t.language, t.version, t.size, t.file_name, t.uploaded_at)
            for t in stored(session, SYSTEM, pmo)
        ]
    if not rows:
        print(f"PMO {pmo} has no templates of its own (its projects use the built-in ones).")
    for tid, kind, language, version, size, name, at in rows:
        print(f"{tid}\t{kind}\t{language}\tv{version}\t{size}\t{name}\t{at:%Y-%m-%d %H:%M}")
