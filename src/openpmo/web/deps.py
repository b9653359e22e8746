"""What every page needs: the transaction, the signed-in user, the language, the form."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse

from openpmo.config import Settings
from openpmo.db import audit
from openpmo.db.session import transaction
from openpmo.errors import Unauthorized
from openpmo.i18n import LANGUAGES, negotiate
from openpmo.routing import Step
from openpmo.services import auth
from openpmo.services.principal import Principal
from openpmo.web import csrf
from openpmo.web.templating import render

__all__ = [
    "LANG_COOKIE",
    "Db",
    "Form",
    "Page",
    "PageContext",
    "flash",
    "get_db",
    "language",
    "safe_next",
    "step_page_context",
]

#: The cookie that remembers the language the user chose.
LANG_COOKIE = "pmo_lang"


def get_db(request: Request) -> Iterator[Session]:
    """One transaction per page: committed when the handler returns, rolled back on error."""
    with transaction(request.app.state.session_factory) as session:
        yield session


Db = Annotated[Session, Depends(get_db, scope="function")]


def language(request: Request) -> str:
    """The chosen language (cookie), else the browser's (``Accept-Language``)."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return negotiate(request.headers.get("accept-language"))


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@dataclass(frozen=True)
class PageContext:
    """The request of a signed-in user, with its transaction and language."""

    request: Request
    session: Session
    principal: Principal
    lang: str

    def render(
        self, name: str, context: Mapping[str, Any] | None = None, *, status_code: int = 200
    ) -> HTMLResponse:
        return render(
            self.request, name, self.lang, self.principal, context, status_code=status_code
        )


def page_context(request: Request, session: Db) -> PageContext:
    """The signed-in user's context; :class:`Unauthorized` (→ the login page) otherwise."""
    return _page_context(request, session)


def step_page_context(step: Step) -> PageContext:
    """:func:`page_context` inside a page route's one worker-thread step."""
    return _page_context(step.request, step.session)


def _page_context(request: Request, session: Session) -> PageContext:
    user_id = request.session.get("user_id")
    if not isinstance(user_id, int):
        raise Unauthorized("error.unauthorized")
    try:
        principal = auth.principal_for_user_id(session, user_id)
    except Unauthorized:
        request.session.clear()
        raise
    audit.set_actor(session, principal.user_id)
    request.state.principal = principal
    return PageContext(request, session, principal, language(request))


Page = Annotated[PageContext, Depends(page_context)]


async def checked_form(request: Request) -> dict[str, str]:
    """The posted form's text fields, after checking its CSRF token."""
    data = await request.form()
    csrf.check(request, data.get(csrf.FIELD))
    return {k: v for k, v in data.items() if isinstance(v, str) and k != csrf.FIELD}


Form = Annotated[dict[str, str], Depends(checked_form)]


def flash(request: Request, key: str, **params: str | int) -> None:
    """Show the message ``key`` once, on the next page rendered."""
    request.session["flash"] = [*request.session.get("flash", []), [key, params]]


def safe_next(value: str | None, default: str = "/portfolio") -> str:
    """A local path to go back to; anything pointing off-site becomes ``default``."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return value
