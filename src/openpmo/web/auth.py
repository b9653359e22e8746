"""Signing in and out, and choosing the language."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from openpmo.errors import OpenPMOError, TooManyAttempts
from openpmo.i18n import LANGUAGES, translate
from openpmo.services import auth
from openpmo.web import csrf
from openpmo.web.deps import LANG_COOKIE, Db, Form, language, safe_next, settings_of
from openpmo.web.errors import PageRoute
from openpmo.web.templating import render

__all__ = ["router"]

router = APIRouter(route_class=PageRoute)

_YEAR = 365 * 24 * 3600


def _login_page(
    request: Request, next_url: str, username: str = "", error: str = "", status: int = 200
) -> Response:
    context = {"next": next_url, "username": username, "error": error}
    return render(request, "login.html", language(request), None, context, status_code=status)


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str | None = None) -> Response:
    if isinstance(request.session.get("user_id"), int):
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, safe_next(next))


@router.post("/login", include_in_schema=False)
def login(request: Request, session: Db, form: Form) -> Response:
    username, next_url = form.get("username", "").strip(), safe_next(form.get("next"))
    try:
        user = auth.authenticate(session, settings_of(request), username, form.get("password", ""))
    except OpenPMOError as exc:
        session.commit()  # keep the failure count: it is what throttles the next attempt
        message = translate(exc.key, language(request), **exc.params)
        status = 429 if isinstance(exc, TooManyAttempts) else 401
        return _login_page(request, next_url, username, message, status)
    request.session.clear()  # a fresh session (and CSRF token) for the signed-in user
    request.session["user_id"] = user.id
    csrf.token(request)
    return RedirectResponse(next_url, status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request, form: Form) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/lang/{code}", include_in_schema=False)
def switch_language(request: Request, code: str, next: str | None = None) -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, max_age=_YEAR, samesite="lax", httponly=True)
    return response
