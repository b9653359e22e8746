"""Pydantic's validation errors as our :class:`~openpmo.errors.FieldError`, so the API and
the web UI report them with the same translated messages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from openpmo.errors import FieldError

__all__ = ["field_error", "field_errors"]

#: Pydantic error types with a message of ours; others fall back to Pydantic's English.
_KEYS = {
    "missing": "error.field.missing",
    "extra_forbidden": "error.field.unknown",
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
    "decimal_max_digits": "error.field.not_number",
    "decimal_max_places": "error.field.decimal_places",
    "date_from_datetime_parsing": "error.field.not_date",
    "date_parsing": "error.field.not_date",
    "enum": "error.field.enum",
    "literal_error": "error.field.enum",
    "bool_parsing": "error.field.not_bool",
    "value_error": "error.field.invalid",
}

#: ``ValueError`` messages of our model validators, mapped to the field they concern.
_MODEL_RULES = {
    "planned_finish_before_start": ("planned_finish", "error.field.finish_before_start"),
    "milestone_has_duration": ("duration_days", "error.field.milestone_duration"),
    "constraint_date_required": ("constraint_date", "error.field.constraint_date_required"),
    "work_hours_invalid": ("work_hours", "error.field.work_hours"),
    "time_zone_unknown": ("time_zone", "error.field.time_zone"),
    "note_required_not_applicable": ("note", "error.field.note_required"),
    "link_or_file_required": ("link", "error.field.link_or_file"),
    "duplicate_phase_key": ("phases", "error.field.duplicate_key"),
    "duplicate_criterion_key": ("criteria", "error.field.duplicate_key"),
    "duplicate_deliverable_key": ("deliverables", "error.field.duplicate_key"),
    "duplicate_objective": ("contributions", "error.field.duplicate_key"),
    "duplicate_criterion": ("scores", "error.field.duplicate_key"),
}
#: ``ValueError`` messages of field validators: the key, the field is the error's own.
_FIELD_RULES = {"local_datetime_required": "error.field.local_datetime"}


def field_error(error: Mapping[str, Any], *, empty_is_missing: bool = False) -> FieldError:
    """One Pydantic error dict as a :class:`FieldError`.

    With ``empty_is_missing`` an empty required text says "is required" rather than
    "at least 1 character" (what a person filling a form expects).
    """
    loc = tuple(error.get("loc", ()))
    message = str(error.get("msg", ""))
    for rule, (name, key) in _MODEL_RULES.items():
        if rule in message:
            return FieldError((*loc, name), key)
    for rule, key in _FIELD_RULES.items():
        if rule in message:
            return FieldError(loc, key)
    kind = str(error.get("type", ""))
    params = {k: v for k, v in (error.get("ctx") or {}).items() if isinstance(v, str | int | float)}
    if empty_is_missing and kind == "string_too_short" and params.get("min_length") == 1:
        return FieldError(loc, "error.field.missing")
    return FieldError(loc, _KEYS.get(kind, "error.field.pydantic"), {"msg": message, **params})


def field_errors(
    errors: Iterable[Mapping[str, Any]], *, empty_is_missing: bool = False
) -> list[FieldError]:
    return [field_error(e, empty_is_missing=empty_is_missing) for e in errors]
