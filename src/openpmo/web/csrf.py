"""Protection against cross-site request forgery: a secret per session, echoed by every form."""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request

from openpmo.errors import Forbidden

__all__ = ["FIELD", "check", "token"]

#: The hidden form field that carries the token.
FIELD = "csrf_token"


def token(request: Request) -> str:
    """The session's token, created on first use."""
    value = request.session.get("csrf")
    if not isinstance(value, str) or not value:
        value = secrets.token_urlsafe(32)
        request.session["csrf"] = value
    return value


def check(request: Request, submitted: object) -> None:
    """Refuse a POST whose token is missing or not the session's."""
    expected = request.session.get("csrf")
    if (
        not isinstance(expected, str)
        or not isinstance(submitted, str)
        or not hmac.compare_digest(expected.encode(), submitted.encode())
    ):
        raise Forbidden("web.error.csrf")
