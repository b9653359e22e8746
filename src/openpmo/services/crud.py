"""Building blocks every area's service uses: paging, sorting, text search, version
checks, and assignment that validates references and unique values field by field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, inspect, or_, select
from sqlalchemy.orm import Session

from openpmo.db.base import Base
from openpmo.errors import FieldError, InvalidInput, NotFound, StaleVersion

__all__ = [
    "assign",
    "check_version",
    "get_one",
    "page",
    "parse_sort",
    "text_filter",
]

M = TypeVar("M", bound=Base)


def get_one(session: Session, model: type[M], record_id: int, entity: str) -> M:
    """The record, or :class:`NotFound` naming the entity and id."""
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(entity=entity, id=record_id)
    return record


def check_version(record: Any, version: int | None, entity: str) -> None:
    """Refuse an update whose version is missing or not the stored one."""
    if version is None:
        raise InvalidInput([FieldError(("body", "version"), "error.field.version_required")])
    if version != record.version:
        raise StaleVersion(entity=entity, id=record.id, given=version, current=record.version)


def parse_sort(
    model: type[Base], sort: str | None, allowed: Sequence[str], default: str
) -> list[ColumnElement[Any]]:
    """``"-priority,code"`` → ORDER BY priority DESC, code ASC; unknown keys are a 422."""
    keys = [k.strip() for k in (sort or default).split(",") if k.strip()]
    order: list[ColumnElement[Any]] = []
    for key in keys:
        name = key.lstrip("-+")
        if name not in allowed:
            raise InvalidInput(
                [
                    FieldError(
                        ("query", "sort"),
                        "error.field.sort",
                        {"value": name, "allowed": ", ".join(allowed)},
                    )
                ]
            )
        column = getattr(model, name)
        order.append(column.desc() if key.startswith("-") else column.asc())
    order.append(model.id.asc())  # type: ignore[attr-defined]
    return order


def text_filter(columns: Iterable[Any], q: str | None) -> ColumnElement[bool] | None:
    """Case-insensitive containment over ``columns``, or ``None`` for no text."""
    if not q or not q.strip():
        return None
    pattern = f"%{q.strip().lower()}%"
    return or_(*(func.lower(c).like(pattern) for c in columns))


def page(
    session: Session, stmt: Select[Any], order: list[ColumnElement[Any]], limit: int, offset: int
) -> tuple[list[Any], int]:
    """One page of ``stmt`` and the total count of its rows.

    Two queries on purpose: a ``count(*) OVER ()`` in the page query makes the database
    materialise and sort every matching row, and measured twice as slow on the project list.
    """
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    items = list(session.scalars(stmt.order_by(*order).limit(limit).offset(offset)))
    return items, total


@cache
def _model_for_table(table_name: str) -> type[Base]:
    for mapper in Base.registry.mappers:
        if getattr(mapper.local_table, "name", None) == table_name:
            model: type[Base] = mapper.class_
            return model
    raise LookupError(table_name)


def _reference_errors(
    session: Session, model: type[Base], values: Mapping[str, Any]
) -> list[FieldError]:
    errors = []
    table = inspect(model).local_table
    for name, value in values.items():
        column = table.c.get(name)
        if column is None or value is None or not column.foreign_keys:
            continue
        target = _model_for_table(next(iter(column.foreign_keys)).column.table.name)
        if session.get(target, value) is None:
            errors.append(FieldError(("body", name), "error.field.not_found", {"value": value}))
    return errors


def _unique_errors(session: Session, record: Base, values: Mapping[str, Any]) -> list[FieldError]:
    errors = []
    model = type(record)
    table = inspect(model).local_table
    record_id = getattr(record, "id", None)
    for name, value in values.items():
        column = table.c.get(name)
        if column is None or value is None or not column.unique:
            continue
        stmt = select(model.id).where(getattr(model, name) == value)  # type: ignore[attr-defined]
        if record_id is not None:
            stmt = stmt.where(model.id != record_id)  # type: ignore[attr-defined]
        if session.scalar(stmt.limit(1)) is not None:
            errors.append(FieldError(("body", name), "error.field.duplicate", {"value": value}))
    return errors


def assign(
    session: Session,
    record: M,
    values: Mapping[str, Any],
    extra_errors: Iterable[FieldError] = (),
) -> M:
    """Set ``values`` on ``record`` after checking every reference and unique value.

    All problems are reported together in one :class:`InvalidInput`; on error the
    record is left untouched.
    """
    with session.no_autoflush:
        errors = [
            *extra_errors,
            *_reference_errors(session, type(record), values),
            *_unique_errors(session, record, values),
        ]
    if errors:
        raise InvalidInput(errors)
    for name, value in values.items():
        setattr(record, name, value)
    if inspect(record).transient:
        session.add(record)
    return record
