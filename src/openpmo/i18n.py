"""Bilingual messages (zh-CN / English) from the JSON catalogs in ``openpmo/locales``."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "catalog", "negotiate", "translate"]

LANGUAGES = ("en", "zh-CN")
DEFAULT_LANGUAGE = "en"


@cache
def catalog(language: str) -> dict[str, str]:
    """The message catalog of one language (``en`` or ``zh-CN``)."""
    text = resources.files("openpmo.locales").joinpath(f"{language}.json").read_text("utf-8")
    data: dict[str, str] = json.loads(text, object_pairs_hook=unique_keys)
    return data


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's pairs as a dict, refusing a key given twice (JSON would keep the last
    silently, and one of two messages would be lost)."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise ValueError(f"message key {key!r} appears twice")
        data[key] = value
    return data


def negotiate(accept_language: str | None) -> str:
    """Pick ``zh-CN`` or ``en`` from an HTTP ``Accept-Language`` header, by quality."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, rest = part.strip().partition(";")
        quality = 1.0
        if rest.strip().startswith("q="):
            try:
                quality = float(rest.strip()[2:])
            except ValueError:
                quality = 0.0
        choices.append((-quality, position, tag.strip().lower()))
    for _, _, tag in sorted(choices):
        if tag.startswith("zh"):
            return "zh-CN"
        if tag.startswith("en"):
            return "en"
    return DEFAULT_LANGUAGE


def normalise(language: str | None) -> str:
    """Map a user-chosen language to a supported one."""
    if language in LANGUAGES:
        return language
    if language and language.lower().startswith("zh"):
        return "zh-CN"
    return DEFAULT_LANGUAGE if not language else negotiate(language)


def translate(key: str, language: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The message for ``key`` in ``language``, formatted with ``params``.

    Falls back to English, then to the key itself, so a missing translation shows
    something readable rather than failing.
    """
    template = catalog(normalise(language)).get(key) or catalog(DEFAULT_LANGUAGE).get(key) or key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
