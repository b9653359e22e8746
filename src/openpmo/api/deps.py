"""What every router shares: the route class, the transaction, the acting user, the language.

Every API router uses :class:`ApiRoute`: an endpoint that asks for a ``Session``
(:data:`DbSession`) or a ``Principal`` (:data:`CurrentUser`) runs with them in one
worker-thread step (see :mod:`openpmo.routing`). The ``Depends`` in those two aliases
are what a plain ``APIRoute`` would use instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Annotated, Any, ClassVar

from fastapi import Depends, Header, Request, Response, Security
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from openpmo.config import Settings
from openpmo.db import audit
from openpmo.db.session import transaction
from openpmo.errors import FieldError, InvalidInput, Unauthorized
from openpmo.i18n import negotiate
from openpmo.routing import Injector, OneStepRoute, Step, asks_for
from openpmo.services import auth
from openpmo.services.principal import Principal

__all__ = [
    "ApiRoute",
    "CurrentUser",
    "DbSession",
    "IfMatch",
    "SettingsDep",
    "etag",
    "get_db",
    "parse_if_match",
]

_oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the endpoint returns, rolled back on error."""
    with transaction(request.app.state.session_factory) as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
DbSession = Annotated[Session, Depends(get_db, scope="function")]


async def language(request: Request) -> str:
    return negotiate(request.headers.get("accept-language"))


def current_user(
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(_oauth2)],
) -> Principal:
    """The principal of the bearer token, or of the web session cookie."""
    return _principal(request, session, settings, token)


def _principal(
    request: Request, session: Session, settings: Settings, token: str | None
) -> Principal:
    if token:
        principal = auth.principal_for_token(session, settings, token)
    elif "session" in request.scope and request.session.get("user_id"):
        principal = auth.principal_for_user_id(session, int(request.session["user_id"]))
    else:
        raise Unauthorized("error.unauthorized")
    audit.set_actor(session, principal.user_id)
    request.state.principal = principal
    return principal


CurrentUser = Annotated[Principal, Depends(current_user)]


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _step_principal(step: Step) -> Principal:
    if "principal" not in step.cache:
        request = step.request
        step.cache["principal"] = _principal(
            request, step.session, request.app.state.settings, _bearer(request)
        )
    principal: Principal = step.cache["principal"]
    return principal


class ApiRoute(OneStepRoute):
    """An API route run in one worker-thread step; the principal from the bearer token
    (or the web session's cookie)."""

    injectors: ClassVar[dict[type, Injector]] = {
        **OneStepRoute.injectors,
        Principal: _step_principal,
    }

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if asks_for(endpoint, Principal):
            # Declares the bearer scheme in OpenAPI (the token itself is read in the step).
            kwargs["dependencies"] = [*(kwargs.get("dependencies") or ()), Security(_oauth2)]
        super().__init__(path, endpoint, **kwargs)


_ETAG = re.compile(r'^\s*(?:W/)?"?(\d+)"?\s*$')


def parse_if_match(value: str | None) -> int | None:
    """``W/"3"``, ``"3"`` or ``3`` → 3; absent → ``None``; anything else is a 422."""
    if value is None:
        return None
    match = _ETAG.match(value)
    if match is None:
        raise InvalidInput([FieldError(("header", "If-Match"), "error.field.if_match")])
    return int(match.group(1))


async def if_match(if_match: Annotated[str | None, Header()] = None) -> int | None:
    return parse_if_match(if_match)


IfMatch = Annotated[int | None, Depends(if_match)]


def etag(response: Response, version: int) -> None:
    response.headers["ETag"] = f'W/"{version}"'
