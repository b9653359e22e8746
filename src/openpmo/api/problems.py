"""Every error as RFC 9457 ``application/problem+json``, translated to the client's language.

This is the one place where the error tree of :mod:`openpmo.errors` becomes HTTP.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException

from openpmo.errors import (
    Conflict,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    OpenPMOError,
    TooManyAttempts,
    Unauthorized,
)
from openpmo.i18n import negotiate, translate
from openpmo.schemas.validation import field_errors

__all__ = ["STATUS", "http_problem", "install", "status_of"]

STATUS: dict[type[OpenPMOError], int] = {
    NotFound: 404,
    Conflict: 409,
    InvalidInput: 422,
    Unauthorized: 401,
    Forbidden: 403,
    TooManyAttempts: 429,
}


def status_of(error: OpenPMOError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def _language(request: Request) -> str:
    principal = getattr(request.state, "principal", None)
    header = request.headers.get("accept-language")
    if header:
        return negotiate(header)
    return principal.language if principal is not None else "en"


def _fields(errors: list[FieldError], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "field": e.field or ".".join(str(p) for p in e.loc),
            "location": e.loc[0] if e.loc else "body",
            "code": e.key,
            "message": translate(e.key, lang, **e.params),
        }
        for e in errors
    ]


def problem(
    request: Request,
    status: int,
    key: str,
    lang: str,
    errors: list[FieldError] | None = None,
    **params: Any,
) -> JSONResponse:
    if "entity" in params:
        params = {**params, "entity": translate(f"entity.{params['entity']}", lang)}
    body: dict[str, Any] = {
        "type": f"https://openpmo.org/problems/{key.removeprefix('error.').replace('.', '-')}",
        "title": translate(f"status.{status}", lang),
        "status": status,
        "detail": translate(key, lang, **params),
        "instance": request.url.path,
        "code": key,
    }
    if errors:
        body["errors"] = _fields(errors, lang)
        body["detail"] = "; ".join(f"{f['field']}: {f['message']}" for f in body["errors"])
    headers = {"Content-Language": lang}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if status == 429 and "seconds" in params:
        headers["Retry-After"] = str(params["seconds"])
    return JSONResponse(
        body, status_code=status, headers=headers, media_type="application/problem+json"
    )


async def _openpmo_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, OpenPMOError)
    errors = exc.errors if isinstance(exc, InvalidInput) else None
    return problem(request, status_of(exc), exc.key, _language(request), errors, **exc.params)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = field_errors(exc.errors())
    return problem(request, 422, InvalidInput.key, _language(request), errors)


async def _stale(request: Request, exc: Exception) -> JSONResponse:
    return problem(request, 409, "error.concurrent_update", _language(request))


async def _integrity(request: Request, exc: Exception) -> JSONResponse:
    return problem(request, 409, "error.integrity", _language(request))


async def http_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    keys = {404: "error.not_found_path", 405: "error.method_not_allowed"}
    response = problem(
        request, exc.status_code, keys.get(exc.status_code, "error.generic"), _language(request)
    )
    response.headers.update(exc.headers or {})
    return response


def install(app: FastAPI) -> None:
    app.add_exception_handler(OpenPMOError, _openpmo_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StaleDataError, _stale)
    app.add_exception_handler(IntegrityError, _integrity)
    app.add_exception_handler(HTTPException, http_problem)
