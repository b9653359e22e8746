"""The platform's commands: ``demo``, ``serve``, ``db upgrade``, ``user add``, ``schedule``."""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path
from typing import Annotated

import typer

from openpmo.cli import serving
from openpmo.cli.base import (
    DEMO_DATABASE,
    SCHEDULE_FILE_HELP,
    app,
    console,
    db_app,
    fail,
    use_database,
    user_app,
)
from openpmo.config import DEVELOPMENT_SECRET, get_settings
from openpmo.enums import Role


def _ensure_secret() -> None:
    """Give every worker process the same signing key when none is configured."""
    if os.environ.get("PMO_SECRET_KEY") is None and get_settings().env != "production":
        os.environ["PMO_SECRET_KEY"] = secrets.token_urlsafe(48)
        get_settings.cache_clear()


def _serve(host: str, port: int, workers: int, env: str | None = None) -> None:
    import uvicorn

    if env:
        os.environ["PMO_ENV"] = env
        get_settings.cache_clear()
    _ensure_secret()
    settings = get_settings()
    if workers > 1 and settings.is_sqlite:
        console.print(
            "[yellow]Several workers on SQLite serialise writes; use PostgreSQL "
            "(PMO_DATABASE_URL=postgresql+psycopg://...) to scale out.[/]"
        )
    if workers > 1 and serving.balanced_workers_supported():
        try:
            code = serving.serve_balanced(host, port, workers)
        except OSError as exc:
            fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
        if code:
            raise SystemExit(code)
        return
    uvicorn.run(
        serving.APP,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=False,
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
) -> None:
    """Serve the web UI and the REST API."""
    settings = get_settings()
    if settings.env == "production" and settings.secret_key == DEVELOPMENT_SECRET:
        fail("PMO_SECRET_KEY must be set in production")
    _serve(host, port, workers)


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help="Random seed: the same seed builds the same data.")] = 7,
    size: Annotated[
        str,
        typer.Option(
            help="small (about 40 projects) or large (about 2,000 projects, 200,000 tasks)."
        ),
    ] = "small",
    serve_it: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve it when built.")
    ] = True,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    force: Annotated[
        bool, typer.Option(help="Replace a database that holds non-demo data.")
    ] = False,
) -> None:
    """Build a realistic demo organisation (replacing any earlier demo) and serve it."""
    from openpmo.services import demo as demo_service
    from openpmo.services import scheduling

    if size not in ("small", "large"):
        fail(f"--size must be 'small' or 'large', not '{size}'")
    if "PMO_DATABASE_URL" not in os.environ:
        use_database(DEMO_DATABASE)
    url = get_settings().database_url
    from sqlalchemy.orm import sessionmaker

    from openpmo.db import migrate
    from openpmo.db.session import make_engine, transaction

    engine = make_engine(url)
    try:
        if not force and migrate.holds_real_data(engine):
            fail(f"{url} holds data that is not demo data; use --force to replace it")
        with console.status(f"Building the {size} demo (seed {seed}) in {url} ..."):
            migrate.reset(engine)
            with transaction(sessionmaker(engine)) as session:
                counts = demo_service.build_demo(session, seed=seed, size=size)
                counts["scheduled projects"] = scheduling.reschedule_all(session)
            migrate.analyze(engine)
    finally:
        engine.dispose()
    summary = ", ".join(f"{n:,} {what}" for what, n in counts.items())
    console.print(f"[green]Demo ready:[/] {summary}")
    if not serve_it:
        return
    console.print(f"\nOpenPMO is at [bold]http://{host}:{port}/[/]  (API docs: /docs)")
    console.print(
        "Demo logins (password [bold]demo[/], demo mode only): " + ", ".join(r.value for r in Role)
    )
    _serve(host, port, 1, env="demo")


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Create or migrate the database schema to the newest version."""
    from openpmo.db import migrate

    url = get_settings().database_url
    migrate.upgrade(url, revision)
    console.print(f"[green]Database at {revision}:[/] {url}")


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[Role, typer.Option(help="What the user may do.")],
    full_name: Annotated[str | None, typer.Option(help="Display name.")] = None,
    email: Annotated[str | None, typer.Option(help="E-mail address.")] = None,
    password: Annotated[
        str | None, typer.Option(help="Password (asked for when missing; or set PMO_NEW_PASSWORD).")
    ] = None,
    pmo_id: Annotated[int | None, typer.Option(help="The PMO whose scope a pmo user has.")] = None,
) -> None:
    """Add a login with a role."""
    from pydantic import ValidationError

    from openpmo.db.session import session_factory, transaction
    from openpmo.schemas.org import UserCreate
    from openpmo.services.principal import SYSTEM
    from openpmo.services.users import create_user

    secret = password or os.environ.get("PMO_NEW_PASSWORD")
    if secret is None:
        if not sys.stdin.isatty():
            fail("--password is required when no terminal can ask for it")
        secret = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        data = UserCreate(
            username=username,
            full_name=full_name or username,
            email=email,
            password=secret,
            role=role,
            pmo_id=pmo_id,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        fail(f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}")
    with transaction(session_factory(get_settings().database_url)) as session:
        user = create_user(session, SYSTEM, data)
        console.print(f"[green]Added[/] {user.username} ({user.role.value}), id {user.id}")


@app.command()
def schedule(
    file: Annotated[
        Path,
        typer.Argument(help=SCHEDULE_FILE_HELP),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    compare: Annotated[
        bool,
        typer.Option(help="Report on stderr the tasks whose dates differ from the saved ones."),
    ] = False,
    status_date: Annotated[
        bool,
        typer.Option(
            "--status-date",
            help="Schedule work not done yet after the file's status date (Project does not).",
        ),
    ] = False,
) -> None:
    """Schedule a project file (critical path on its calendars), without a database."""
    from openpmo.io.mpxj_import import read_project_file
    from openpmo.io.msproject.schedule import compare_saved, schedule_mspdi

    try:
        project = read_project_file(file)
        rows, notes = schedule_mspdi(project, use_status_date=status_date, source=str(file))
    except OSError as exc:
        fail(f"{file}: {exc.strerror or exc}")
    except ValueError as exc:
        fail(str(exc))
    if as_json:
        print(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2))
    else:
        for row in rows:
            data = row.as_json()
            flag = "*" if row.critical else " "
            print(
                f"{flag} {row.uid:>6}  {data['early_start']}  {data['early_finish']}  "
                f"{row.total_float_minutes:>7}  {row.name}"
            )
    for note in notes:
        print(f"pmo: note: {note}", file=sys.stderr)
    if compare:
        result = compare_saved(project, rows)
        for mismatch in result.mismatches:
            print(mismatch.describe(), file=sys.stderr)
        print(result.summary(), file=sys.stderr)
