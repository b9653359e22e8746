"""``pmo import FILE.xml`` and ``pmo export PROJECT --format mspdi``: MS Project XML in and out
of the database. Each runs in one transaction: a bad file changes nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from openpmo.cli.base import SCHEDULE_FILE_HELP, app, console, fail, use_database
from openpmo.config import get_settings

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="Database URL (overrides PMO_DATABASE_URL).", show_default=False
    ),
]


@app.command("import")
def import_file(
    file: Annotated[
        Path,
        typer.Argument(help=SCHEDULE_FILE_HELP),
    ],
    portfolio: Annotated[int | None, typer.Option(help="Portfolio id of the new project.")] = None,
    program: Annotated[int | None, typer.Option(help="Program id of the new project.")] = None,
    code: Annotated[
        str | None, typer.Option(help="Project code (default: from the file's name).")
    ] = None,
    org_unit: Annotated[
        int | None, typer.Option(help="Owning org unit id (default: the top org unit).")
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Create a project from a schedule file (tasks, links, calendar, progress) and schedule it."""
    from openpmo.db.session import session_factory, transaction
    from openpmo.io.mpxj_import import read_project_file
    from openpmo.services.msproject import ImportTarget, import_mspdi
    from openpmo.services.principal import SYSTEM

    use_database(database_url)
    try:
        source = read_project_file(file)
    except OSError as exc:
        fail(f"{file}: {exc.strerror or exc}")
    except ValueError as exc:
        fail(str(exc))
    target = ImportTarget(
        code=code, org_unit_id=org_unit, portfolio_id=portfolio, program_id=program
    )
    with transaction(session_factory(get_settings().database_url)) as session:
        result = import_mspdi(session, SYSTEM, source, target)
        project = result.project
        line = (
            f"[green]Imported[/] {project.code} (id {project.id}): {result.tasks} tasks, "
            f"{result.links} links, {result.calendar_exceptions} calendar exceptions"
        )
        if result.schedule is not None:
            s = result.schedule
            line += f"; scheduled {s.start:%Y-%m-%d %H:%M} → {s.finish:%Y-%m-%d %H:%M}"
            line += f", {s.critical_tasks} critical"
    console.print(line)
    for note in result.notes:
        print(f"pmo: note: {note}", file=sys.stderr)


@app.command("export")
def export_project(
    project: Annotated[str, typer.Argument(help="Project code or id.")],
    format: Annotated[str, typer.Option("--format", help="File format: mspdi.")] = "mspdi",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Write a stored project as Microsoft Project XML (MSPDI)."""
    from sqlalchemy import select

    from openpmo.db.models import Project
    from openpmo.db.session import session_factory, transaction
    from openpmo.errors import NotFound
    from openpmo.services.msproject_export import export_mspdi
    from openpmo.services.principal import SYSTEM

    if format != "mspdi":
        fail(f"--format must be 'mspdi', not '{format}'")
    use_database(database_url)
    with transaction(session_factory(get_settings().database_url)) as session:
        condition = Project.code == project
        if project.isdigit():
            condition = condition | (Project.id == int(project))
        found = session.scalar(select(Project.id).where(condition).order_by(Project.id).limit(1))
        if found is None:
            raise NotFound(entity="project", id=project)
        data = export_mspdi(session, SYSTEM, found)
    if output is None:
        sys.stdout.buffer.write(data)
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        fail(f"{output}: {exc.strerror or exc}")
    console.print(f"[green]Wrote[/] {output} ({len(data):,} bytes)")
