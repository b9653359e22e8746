"""Route factories: the same five endpoints for every area of records.

``GET /things`` (paged, filtered, sorted), ``POST /things``, ``GET /things/{id}``,
``PATCH /things/{id}`` (needs the version) and ``DELETE /things/{id}`` (needs it too).
Areas with rules of their own pass their own create and update functions.
(No ``from __future__ import annotations`` here: FastAPI must see the real types
of the closures' parameters.)
"""

from collections.abc import Callable
from typing import Annotated, Any, cast

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel

from openpmo.api.deps import CurrentUser, DbSession, IfMatch, etag
from openpmo.api.filters import ListParams
from openpmo.schemas.common import Page
from openpmo.services.registers import ProjectPart, Register

__all__ = ["add_project_part_routes", "add_register_routes"]


def _read(read: type[BaseModel], record: Any) -> Any:
    return read.model_validate(record, from_attributes=True)


def _list_args(params: Any) -> dict[str, Any]:
    query = cast(ListParams, params)
    return {
        "filters": query.filters(),
        "q": query.q,
        "sort": query.sort,
        "limit": query.limit,
        "offset": query.offset,
    }


def _page_body(read: type[BaseModel], items: list[Any], total: int, params: Any) -> Any:
    query = cast(ListParams, params)
    return {
        "items": [_read(read, i) for i in items],
        "total": total,
        "limit": query.limit,
        "offset": query.offset,
    }


def add_register_routes(
    router: APIRouter,
    path: str,
    register: Register[Any],
    create: type[BaseModel],
    update: type[BaseModel],
    read: type[BaseModel],
    filters: type[ListParams],
    *,
    create_fn: Callable[..., Any] | None = None,
    update_fn: Callable[..., Any] | None = None,
) -> None:
    """Add the five endpoints of ``register`` under ``path`` to ``router``."""
    tag = register.entity
    make = create_fn or register.create
    change = update_fn or register.update

    @router.get(path, response_model=Page[read], tags=[tag], name=f"list_{tag}s")  # type: ignore[valid-type]
    def list_records(
        session: DbSession,
        principal: CurrentUser,
        params: Annotated[filters, Query()],  # type: ignore[valid-type]
    ) -> Any:
        items, total = register.list(session, principal, **_list_args(params))
        return _page_body(read, items, total, params)

    @router.post(
        path,
        response_model=read,
        status_code=status.HTTP_201_CREATED,
        tags=[tag],
        name=f"create_{tag}",
    )
    def create_record(
        session: DbSession,
        principal: CurrentUser,
        body: create,  # type: ignore[valid-type]
        response: Response,
    ) -> Any:
        record = make(session, principal, body)
        etag(response, record.version)
        return _read(read, record)

    @router.get(f"{path}/{{record_id}}", response_model=read, tags=[tag], name=f"get_{tag}")
    def get_record(
        session: DbSession, principal: CurrentUser, record_id: int, response: Response
    ) -> Any:
        record = register.get(session, principal, record_id)
        etag(response, record.version)
        return _read(read, record)

    @router.patch(f"{path}/{{record_id}}", response_model=read, tags=[tag], name=f"update_{tag}")
    def update_record(
        session: DbSession,
        principal: CurrentUser,
        record_id: int,
        body: update,  # type: ignore[valid-type]
        version: IfMatch,
        response: Response,
    ) -> Any:
        record = change(session, principal, record_id, body, version=version)
        etag(response, record.version)
        return _read(read, record)

    @router.delete(
        f"{path}/{{record_id}}",
        status_code=status.HTTP_204_NO_CONTENT,
        tags=[tag],
        name=f"delete_{tag}",
    )
    def delete_record(
        session: DbSession, principal: CurrentUser, record_id: int, version: IfMatch
    ) -> None:
        register.delete(session, principal, record_id, version=version)


def add_project_part_routes(
    router: APIRouter,
    path: str,
    part: ProjectPart[Any],
    create: type[BaseModel],
    update: type[BaseModel],
    read: type[BaseModel],
    filters: type[ListParams],
) -> None:
    """Add the five endpoints of a project's ``part`` under ``/projects/{project_id}{path}``."""
    tag = part.entity
    base = f"/projects/{{project_id}}{path}"

    @router.get(base, response_model=Page[read], tags=[tag], name=f"list_{tag}s")  # type: ignore[valid-type]
    def list_records(
        session: DbSession,
        principal: CurrentUser,
        project_id: int,
        params: Annotated[filters, Query()],  # type: ignore[valid-type]
    ) -> Any:
        items, total = part.list(session, principal, project_id, **_list_args(params))
        return _page_body(read, items, total, params)

    @router.post(
        base,
        response_model=read,
        status_code=status.HTTP_201_CREATED,
        tags=[tag],
        name=f"create_{tag}",
    )
    def create_record(
        session: DbSession,
        principal: CurrentUser,
        project_id: int,
        body: create,  # type: ignore[valid-type]
        response: Response,
    ) -> Any:
        record = part.create(session, principal, project_id, body)
        etag(response, record.version)
        return _read(read, record)

    @router.get(f"{base}/{{record_id}}", response_model=read, tags=[tag], name=f"get_{tag}")
    def get_record(
        session: DbSession,
        principal: CurrentUser,
        project_id: int,
        record_id: int,
        response: Response,
    ) -> Any:
        record = part.get(session, principal, project_id, record_id)
        etag(response, record.version)
        return _read(read, record)

    @router.patch(f"{base}/{{record_id}}", response_model=read, tags=[tag], name=f"update_{tag}")
    def update_record(
        session: DbSession,
        principal: CurrentUser,
        project_id: int,
        record_id: int,
        body: update,  # type: ignore[valid-type]
        version: IfMatch,
        response: Response,
    ) -> Any:
        record = part.update(session, principal, project_id, record_id, body, version=version)
        etag(response, record.version)
        return _read(read, record)

    @router.delete(
        f"{base}/{{record_id}}",
        status_code=status.HTTP_204_NO_CONTENT,
        tags=[tag],
        name=f"delete_{tag}",
    )
    def delete_record(
        session: DbSession,
        principal: CurrentUser,
        project_id: int,
        record_id: int,
        version: IfMatch,
    ) -> None:
        part.delete(session, principal, project_id, record_id, version=version)
