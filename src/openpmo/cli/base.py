"""What every ``pmo`` command shares: the Typer app, the error line and the exit codes.

Command modules (:mod:`openpmo.cli.commands`, ...) register on :data:`app`;
:func:`openpmo.cli.main` runs it.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from openpmo.config import get_settings
from openpmo.errors import Conflict, Forbidden, InvalidInput, NotFound, OpenPMOError, Unauthorized
from openpmo.i18n import translate

__all__ = [
    "EXIT_CODES",
    "SCHEDULE_FILE_HELP",
    "app",
    "console",
    "db_app",
    "explain",
    "fail",
    "use_database",
    "user_app",
]

app = typer.Typer(
    name="pmo",
    help="OpenPMO: the Project Management Office platform.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
user_app = typer.Typer(help="Logins and roles.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")

console = Console(stderr=True)

#: Exit codes of the error tree; 2 is also what bad command-line usage gets.
EXIT_CODES: dict[type[OpenPMOError], int] = {
    InvalidInput: 2,
    NotFound: 3,
    Conflict: 4,
    Forbidden: 5,
    Unauthorized: 5,
}

DEMO_DATABASE = "sqlite:///./openpmo-demo.db"


def fail(message: str, code: int = 2) -> NoReturn:
    print(f"pmo: error: {message}", file=sys.stderr)
    raise SystemExit(code)


def explain(error: OpenPMOError) -> str:
    language = os.environ.get("PMO_LANGUAGE", "en")
    text = translate(error.key, language, **error.params)
    if isinstance(error, InvalidInput):
        text = "; ".join(
            f"{e.field}: {translate(e.key, language, **e.params)}" for e in error.errors
        )
    return text


def use_database(url: str | None) -> None:
    if url:
        os.environ["PMO_DATABASE_URL"] = url
        get_settings.cache_clear()


@app.callback()
def _root(
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url", help="Database URL (overrides PMO_DATABASE_URL).", show_default=False
        ),
    ] = None,
) -> None:
    use_database(database_url)


#: The help of a command's schedule-file argument (``pmo schedule``, ``pmo import``).
SCHEDULE_FILE_HELP = (
    "A schedule file: Microsoft Project XML (MSPDI); with openpmo\\[mpxj] .mpp, .mpx, "
    "Primavera .xer and P6 XML, Planner and the other formats MPXJ reads too."
)
