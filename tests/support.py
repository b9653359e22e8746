"""Helpers for tests that run OpenPMO in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: The checkout's source, for subprocesses that run ``python -m openpmo``.
SOURCE = str(Path(__file__).resolve().parents[1] / "src")


def subprocess_env() -> dict[str, str]:
    """The environment for a ``python -m openpmo`` subprocess: no PMO_ settings, and this
    checkout's code first on the path (another copy of openpmo may be installed)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PMO_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [SOURCE, env.get("PYTHONPATH")]))
    return env


def pmo(
    *args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m openpmo ARGS`` in ``cwd`` (see :func:`subprocess_env`), ``env`` added."""
    environment = subprocess_env()
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "openpmo", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
        check=False,
    )
