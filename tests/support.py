"""Helpers for tests that run OpenPMO in a subprocess."""

from __future__ import annotations

import os
from pathlib import Path

#: The checkout's source, for subprocesses that run ``python -m openpmo``.
SOURCE = str(Path(__file__).resolve().parents[1] / "src")


def subprocess_env() -> dict[str, str]:
    """The environment for a ``python -m openpmo`` subprocess: no PMO_ settings, and this
    checkout's code first on the path (another copy of openpmo may be installed)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PMO_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [SOURCE, env.get("PYTHONPATH")]))
    return env
