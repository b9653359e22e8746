"""The ``pmo`` command line.

Bad input gets one line on stderr and exit code 2, and changes nothing. Each group of
commands lives in its own module and registers on :data:`openpmo.cli.base.app`.
"""

from __future__ import annotations

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError

from openpmo.cli import (
    commands,  # noqa: F401  (registers its commands)
    documents,  # noqa: F401  (registers pmo document and pmo templates)
    level,  # noqa: F401  (registers pmo level)
    msproject,  # noqa: F401  (registers import and export)
    portfolio,  # noqa: F401  (registers pmo portfolio)
    reports,  # noqa: F401  (registers pmo report)
    resources,  # noqa: F401  (registers pmo capacity and level-portfolio)
    scenarios,  # noqa: F401  (registers pmo portfolio scenario)
)
from openpmo.cli.base import EXIT_CODES, app, explain, fail
from openpmo.errors import OpenPMOError

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: runs the app, turning every expected error into one line and a code."""
    try:
        code = app(standalone_mode=False)
    except NoArgsIsHelpError:
        code = 0
    except typer.Abort:
        fail("aborted", 1)
    except ClickException as exc:
        fail(exc.format_message(), 2)
    except OpenPMOError as exc:
        code = next((c for t, c in EXIT_CODES.items() if isinstance(exc, t)), 1)
        fail(explain(exc), code)
    except Exception as exc:
        from sqlalchemy.exc import OperationalError

        if isinstance(exc, OperationalError):
            fail(f"cannot use the database: {exc.orig}", 1)
        raise
    raise SystemExit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
