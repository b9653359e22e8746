"""The one place where the error tree of :mod:`openpmo.errors` becomes a page.

Every page route uses :class:`PageRoute`, which runs the handler in one worker-thread
step and turns an error escaping a handler into
a styled page in the user's language: not signed in → the login page, forbidden → 403,
not found (or a malformed id in the address) → 404, anything else of ours → its status.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, ClassVar
from urllib.parse import quote

from fastapi.exceptions import RequestValidationError
from sqlalchemy.orm.exc import StaleDataError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from openpmo.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    OpenPMOError,
    TooManyAttempts,
    Unauthorized,
)
from openpmo.i18n import translate
from openpmo.routing import Injector, OneStepRoute
from openpmo.web.deps import PageContext, language, step_page_context
from openpmo.web.templating import render

__all__ = ["PageRoute", "error_page"]

_STATUS: tuple[tuple[type[OpenPMOError], int], ...] = (
    (NotFound, 404),
    (Forbidden, 403),
    (Conflict, 409),
    (InvalidInput, 422),
    (TooManyAttempts, 429),
)


def _status(error: OpenPMOError) -> int:
    return next((code for cls, code in _STATUS if isinstance(error, cls)), 400)


def error_page(request: Request, status: int, key: str, **params: Any) -> Response:
    """A full page explaining ``key`` with HTTP ``status``."""
    lang = language(request)
    if "entity" in params:
        params = {**params, "entity": translate(f"entity.{params['entity']}", lang)}
    if "role" in params:
        params = {**params, "role": translate(f"web.role.{params['role']}", lang)}
    principal = getattr(request.state, "principal", None)
    context = {"status": status, "message": translate(key, lang, **params)}
    return render(request, "error.html", lang, principal, context, status_code=status)


def _login_redirect(request: Request) -> Response:
    target = request.url.path
    if request.method == "GET" and request.url.query:
        target += "?" + request.url.query
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def _page_for(request: Request, exc: Exception) -> Response | None:
    if isinstance(exc, Unauthorized):
        return _login_redirect(request)
    if isinstance(exc, OpenPMOError):
        return error_page(request, _status(exc), exc.key, **exc.params)
    if isinstance(exc, RequestValidationError):
        return error_page(request, 404, "web.error.not_found")
    if isinstance(exc, StaleDataError):
        return error_page(request, 409, "error.concurrent_update")
    return None


class PageRoute(OneStepRoute):
    """A page's route: its handler runs in one worker-thread step (see
    :mod:`openpmo.routing`) and its errors become pages instead of problem+json."""

    injectors: ClassVar[dict[type, Injector]] = {
        **OneStepRoute.injectors,
        PageContext: step_page_context,
    }

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:
                page = _page_for(request, exc)
                if page is None:
                    raise
                return page

        return handle
