"""The generic shape of an area of records: list, read, create, update, delete.

A :class:`Register` holds top-level records (portfolios, org units, ...); a
:class:`ProjectPart` holds records that belong to one project (tasks, risks, ...) and
takes its permissions from that project. Areas with rules of their own add a
``validate`` hook, which returns field errors instead of raising one at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from openpmo.db.base import Base
from openpmo.enums import Role
from openpmo.errors import FieldError, Forbidden, NotFound
from openpmo.services import authz, crud
from openpmo.services.principal import Principal

__all__ = ["ProjectPart", "Register", "Validator"]

M = TypeVar("M", bound=Base)

#: ``validate(session, record, values)`` → the field errors of applying ``values``.
Validator = Callable[[Session, Any, dict[str, Any]], list[FieldError]]


def _no_rules(_session: Session, _record: Any, _values: dict[str, Any]) -> list[FieldError]:
    return []


@dataclass(frozen=True)
class _Area(Generic[M]):
    entity: str
    model: type[M]
    search: tuple[str, ...]
    sortable: tuple[str, ...]
    default_sort: str
    filters: tuple[str, ...] = ()
    validate: Validator = field(default=_no_rules)

    def _select(self, filters: Mapping[str, Any], q: str | None) -> Select[Any]:
        stmt = select(self.model)
        for name, value in filters.items():
            if name not in self.filters:
                raise ValueError(f"{self.entity} cannot be filtered by {name}")
            if value is not None:
                stmt = stmt.where(getattr(self.model, name) == value)
        text = crud.text_filter((getattr(self.model, c) for c in self.search), q)
        return stmt if text is None else stmt.where(text)

    def _page(
        self, session: Session, stmt: Select[Any], sort: str | None, limit: int, offset: int
    ) -> tuple[list[M], int]:
        order = crud.parse_sort(self.model, sort, self.sortable, self.default_sort)
        return crud.page(session, stmt, order, limit, offset)

    def _write(self, session: Session, record: M, data: BaseModel, **fixed: Any) -> M:
        values = {**data.model_dump(exclude_unset=True, exclude={"version"}), **fixed}
        crud.assign(session, record, values, self.validate(session, record, values))
        session.flush()
        return record

    def _update(self, session: Session, record: M, data: BaseModel, version: int | None) -> M:
        given = version if version is not None else getattr(data, "version", None)
        crud.check_version(record, given, self.entity)
        return self._write(session, record, data)

    def _delete(self, session: Session, record: M, version: int | None) -> None:
        crud.check_version(record, version, self.entity)
        session.delete(record)
        session.flush()


@dataclass(frozen=True)
class Register(_Area[M]):
    """Top-level records. ``editors`` may write; ``readers`` (``None``: all) may read."""

    editors: tuple[Role, ...] = ()
    readers: tuple[Role, ...] | None = None

    def _ensure_read(self, principal: Principal) -> None:
        if self.readers is not None:
            authz.ensure_role(principal, *self.readers, action="read")

    def list(
        self,
        session: Session,
        principal: Principal,
        *,
        filters: Mapping[str, Any] | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[M], int]:
        self._ensure_read(principal)
        return self._page(session, self._select(filters or {}, q), sort, limit, offset)

    def get(self, session: Session, principal: Principal, record_id: int) -> M:
        self._ensure_read(principal)
        return crud.get_one(session, self.model, record_id, self.entity)

    def create(self, session: Session, principal: Principal, data: BaseModel) -> M:
        authz.ensure_role(principal, *self.editors)
        return self._write(session, self.model(), data)

    def update(
        self,
        session: Session,
        principal: Principal,
        record_id: int,
        data: BaseModel,
        *,
        version: int | None = None,
    ) -> M:
        record = self.get(session, principal, record_id)
        authz.ensure_role(principal, *self.editors)
        return self._update(session, record, data, version)

    def delete(
        self, session: Session, principal: Principal, record_id: int, *, version: int | None
    ) -> None:
        record = self.get(session, principal, record_id)
        authz.ensure_role(principal, *self.editors)
        self._delete(session, record, version)


#: ``after_change(session, project_id)`` runs after every create, update and delete.
AfterChange = Callable[[Session, int], None]


def _nothing_after(_session: Session, _project_id: int) -> None:
    return None


@dataclass(frozen=True)
class ProjectPart(_Area[M]):
    """Records of one project: readable with the project, writable by its editors.

    ``after_change`` lets an area keep derived data current (tasks and links reschedule).
    """

    after_change: AfterChange = field(default=_nothing_after)

    def _load(self, session: Session, principal: Principal, project_id: int, record_id: int) -> M:
        authz.load_project(session, principal, project_id)
        record = session.get(self.model, record_id)
        if record is None or getattr(record, "project_id", None) != project_id:
            raise NotFound(entity=self.entity, id=record_id)
        return record

    def _ensure_edit(self, session: Session, principal: Principal, project_id: int) -> None:
        project = authz.load_project(session, principal, project_id)
        if not authz.can_edit_project(principal, project):
            raise Forbidden(role=principal.role.value, action="edit_project", project=project.code)

    def list(
        self,
        session: Session,
        principal: Principal,
        project_id: int,
        *,
        filters: Mapping[str, Any] | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[M], int]:
        authz.load_project(session, principal, project_id)
        stmt = self._select(filters or {}, q).where(
            self.model.project_id == project_id  # type: ignore[attr-defined]
        )
        return self._page(session, stmt, sort, limit, offset)

    def get(self, session: Session, principal: Principal, project_id: int, record_id: int) -> M:
        return self._load(session, principal, project_id, record_id)

    def create(self, session: Session, principal: Principal, project_id: int, data: BaseModel) -> M:
        self._ensure_edit(session, principal, project_id)
        record = self._write(session, self.model(), data, project_id=project_id)
        self.after_change(session, project_id)
        return record

    def update(
        self,
        session: Session,
        principal: Principal,
        project_id: int,
        record_id: int,
        data: BaseModel,
        *,
        version: int | None = None,
    ) -> M:
        record = self._load(session, principal, project_id, record_id)
        self._ensure_edit(session, principal, project_id)
        record = self._update(session, record, data, version)
        self.after_change(session, project_id)
        return record

    def delete(
        self,
        session: Session,
        principal: Principal,
        project_id: int,
        record_id: int,
        *,
        version: int | None,
    ) -> None:
        record = self._load(session, principal, project_id, record_id)
        self._ensure_edit(session, principal, project_id)
        self._delete(session, record, version)
        self.after_change(session, project_id)
