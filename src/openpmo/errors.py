"""The one exception tree of OpenPMO.

Services and engines raise these; the edges map them once each: to HTTP in
``api/problems.py``, to exit codes in ``cli.py`` and to messages in ``web``::

    OpenPMOError
     ├── NotFound            404   a record does not exist (or is not visible)
     ├── Conflict            409
     │    ├── StaleVersion        the client's version is not the stored one
     │    └── IllegalTransition   a status change the workflow forbids
     ├── InvalidInput        422   names every bad field with its reason
     ├── Unauthorized        401   no or bad credentials
     ├── Forbidden           403   the role may not do this
     └── TooManyAttempts     429   login throttled

Every error carries a message key and parameters, translated by :mod:`openpmo.i18n`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Conflict",
    "FieldError",
    "Forbidden",
    "IllegalTransition",
    "InvalidInput",
    "NotFound",
    "OpenPMOError",
    "StaleVersion",
    "TooManyAttempts",
    "Unauthorized",
]


@dataclass(frozen=True)
class FieldError:
    """One bad field: where it is (``("body", "name")``), a message key and its parameters."""

    loc: tuple[str | int, ...]
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def field(self) -> str:
        return ".".join(str(p) for p in self.loc if p not in ("body", "query", "path", "form"))


class OpenPMOError(Exception):
    """Base of every error OpenPMO raises on purpose."""

    key = "error.generic"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key = key or type(self).key
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)


class NotFound(OpenPMOError):
    key = "error.not_found"


class Conflict(OpenPMOError):
    key = "error.conflict"


class StaleVersion(Conflict):
    key = "error.stale_version"


class IllegalTransition(Conflict):
    key = "error.illegal_transition"


class InvalidInput(OpenPMOError):
    key = "error.invalid_input"

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__(None, fields=[e.field for e in errors])


class Unauthorized(OpenPMOError):
    key = "error.unauthorized"


class Forbidden(OpenPMOError):
    key = "error.forbidden"


class TooManyAttempts(OpenPMOError):
    key = "error.too_many_attempts"
