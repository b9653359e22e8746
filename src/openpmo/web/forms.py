"""Forms: posted text → a Pydantic input model, or field errors in the user's language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from openpmo.errors import Conflict, FieldError
from openpmo.i18n import translate
from openpmo.schemas.validation import field_errors

__all__ = ["Posted", "conflict_text", "field_messages", "parse"]

M = TypeVar("M", bound=BaseModel)


@dataclass
class Posted:
    """A form as shown again after a refused POST: the values posted, the errors beside
    their fields, one alert at its top and the response's status."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    alert: str = ""
    status: int = 200


def conflict_text(exc: Conflict, lang: str, **params: Any) -> str:
    """A refused change (stale version, a step the state forbids) in words, the entity
    named in ``lang``; ``params`` replace the conflict's own (e.g. states already put into
    words)."""
    merged = {**exc.params, **params}
    if "entity" in merged:
        merged["entity"] = translate(f"entity.{merged['entity']}", lang)
    return translate(exc.key, lang, **merged)


def field_messages(errors: Iterable[FieldError], lang: str) -> dict[str, str]:
    """``{field: translated message}``; the first error of a field wins."""
    messages: dict[str, str] = {}
    for error in errors:
        messages.setdefault(error.field or "_form", translate(error.key, lang, **error.params))
    return messages


def parse(
    model: type[M], form: Mapping[str, str], fields: Iterable[str], required: Iterable[str] = ()
) -> tuple[M | None, list[FieldError]]:
    """Validate the posted ``fields`` of ``form`` into ``model``.

    An empty box means "no value" (``None``), except in a ``required`` field, where it
    stays an empty text so that it is reported as missing instead of ignored.
    """
    keep = set(required)
    values: dict[str, str | None] = {}
    for name in fields:
        if name in form:
            text = form[name].strip()
            values[name] = text if text or name in keep else None
    try:
        return model.model_validate(values), []
    except ValidationError as exc:
        return None, field_errors(exc.errors(), empty_is_missing=True)
