"""Forms: posted text → a Pydantic input model, or field errors in the user's language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from openpmo.errors import FieldError
from openpmo.i18n import translate

__all__ = ["field_messages", "parse"]

M = TypeVar("M", bound=BaseModel)

#: Pydantic error types with a message of ours; others fall back to Pydantic's English.
_KEYS = {
    "missing": "error.field.missing",
    "string_too_short": "error.field.too_short",
    "string_too_long": "error.field.too_long",
    "string_pattern_mismatch": "error.field.pattern",
    "greater_than": "error.field.greater_than",
    "greater_than_equal": "error.field.greater_equal",
    "less_than": "error.field.less_than",
    "less_than_equal": "error.field.less_equal",
    "int_parsing": "error.field.not_integer",
    "int_from_float": "error.field.not_integer",
    "float_parsing": "error.field.not_number",
    "decimal_parsing": "error.field.not_number",
    "decimal_max_places": "error.field.decimal_places",
    "decimal_max_digits": "error.field.not_number",
    "date_from_datetime_parsing": "error.field.not_date",
    "date_parsing": "error.field.not_date",
    "enum": "error.field.enum",
}

#: ``ValueError`` messages of model validators, mapped to the field they concern.
_MODEL_RULES = {
    "planned_finish_before_start": ("planned_finish", "error.field.finish_before_start"),
    "milestone_has_duration": ("duration_days", "error.field.milestone_duration"),
}


def _field_error(error: Mapping[str, Any]) -> FieldError:
    loc = tuple(error.get("loc", ()))
    message = str(error.get("msg", ""))
    for rule, (name, key) in _MODEL_RULES.items():
        if rule in message:
            return FieldError((*loc, name), key)
    kind = str(error.get("type", ""))
    params = {k: v for k, v in (error.get("ctx") or {}).items() if isinstance(v, str | int | float)}
    if kind == "string_too_short" and params.get("min_length") == 1:
        return FieldError(loc, "error.field.missing")
    return FieldError(loc, _KEYS.get(kind, "error.field.pydantic"), {"msg": message, **params})


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
        return None, [_field_error(e) for e in exc.errors()]
