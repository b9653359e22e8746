"""Jinja2 templates of the web UI, with the filters that format numbers, dates and names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from openpmo import __version__
from openpmo.i18n import translate
from openpmo.services.principal import Principal
from openpmo.web import csrf

__all__ = ["local_name", "money", "render", "render_fragment", "select_options", "templates"]


def money(value: Decimal | float | int | None, places: int = 0) -> str:
    """``1234567.5`` → ``1,234,568`` (``places`` decimals, thousands separated)."""
    if value is None:
        return ""
    return f"{Decimal(value):,.{places}f}"


def number(value: float | int | None, places: int = 0) -> str:
    if value is None:
        return ""
    return f"{value:,.{places}f}"


def iso_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def local_name(record: Any, lang: str) -> str:
    """The Chinese name of a record in Chinese when it has one, else its name."""
    if record is None:
        return ""
    zh = getattr(record, "name_zh", None)
    return str(zh) if lang == "zh-CN" and zh else str(getattr(record, "name", ""))


def select_options(
    options: Iterable[tuple[int, str, str | None]], selected: int | None, lang: str
) -> Markup:
    """The ``<option>`` elements of a filter select from (id, name, Chinese name) tuples,
    ``selected`` marked: built here rather than in a template loop, since a select may
    list hundreds of people and the loop cost more than the page's queries; and built
    once per list and language (the lists come from a cache), then only marked."""
    html = _options_html(tuple(options), lang == "zh-CN")
    if selected is None:
        return html
    plain = f'<option value="{int(selected)}">'
    return Markup(str(html).replace(plain, plain[:-1] + " selected>", 1))


@lru_cache(maxsize=64)
def _options_html(options: tuple[tuple[int, str, str | None], ...], zh: bool) -> Markup:
    return Markup(
        "".join(
            f'<option value="{int(option_id)}">{escape((zh and name_zh) or name)}</option>'
            for option_id, name, name_zh in options
        )
    )


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("openpmo.web", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship inside the package: checking their files on every render cost
        # ~10% of a page under load.
        auto_reload=False,
    )
    env.filters.update(money=money, number=number, iso_date=iso_date)
    icons = env.get_template("_icons.html").module

    @cache
    def icon(name: str, size: int = 18) -> Markup:
        """The SVG icon ``name``, rendered once per name and size (pages show dozens)."""
        return Markup(str(icons.icon(name, size)))  # type: ignore[attr-defined]

    env.globals.update(version=__version__, select_options=select_options, icon=icon)
    return env


templates = Jinja2Templates(env=_environment())


def render(
    request: Request,
    name: str,
    lang: str,
    principal: Principal | None,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """Render page ``name`` in ``lang``; every page gets ``t``, ``lang``, ``me`` and flashes."""

    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    def name_of(record: Any) -> str:
        return local_name(record, lang)

    flashes = [t(key, **params) for key, params in request.session.pop("flash", [])]
    base = {
        "t": t,
        "lang": lang,
        "me": principal,
        "name_of": name_of,
        "flashes": flashes,
        "csrf_token": csrf.token(request),
        "path": request.url.path,
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    }
    response = templates.TemplateResponse(
        request, name, {**base, **(context or {})}, status_code=status_code
    )
    response.headers["Content-Language"] = lang
    return response


def render_fragment(name: str, lang: str, context: Mapping[str, Any]) -> Markup:
    """Template ``name`` rendered in ``lang`` to markup, outside any response: a costly part
    of a page that can be kept and reused (it gets ``t``, ``lang`` and ``name_of``, nothing
    of the user or the request)."""

    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    def name_of(record: Any) -> str:
        return local_name(record, lang)

    template = templates.env.get_template(name)
    return Markup(template.render({"t": t, "lang": lang, "name_of": name_of, **context}))
