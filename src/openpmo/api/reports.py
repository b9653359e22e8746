"""Reports: weekly status reports and their review (``/projects/{id}/status-reports``), and the
status, program and PMO reports as Word, Excel or PDF files (``.../reports/...``).

The language of a file is ``lang`` if given, else ``Accept-Language``, else the user's.
(No ``from __future__ import annotations``: FastAPI must see the real parameter types.)
"""

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status

from openpmo.api.deps import ApiRoute, CurrentUser, DbSession, IfMatch, etag
from openpmo.enums import StatusReportState
from openpmo.i18n import negotiate, normalise
from openpmo.io.reports.content import PortfolioReportContent, to_plain
from openpmo.io.reports.render import MEDIA_TYPES
from openpmo.schemas.common import Page
from openpmo.schemas.status_reports import (
    ReviewInput,
    StatusReportCreate,
    StatusReportRead,
    StatusReportUpdate,
)
from openpmo.services import operating_reports, status_reports
from openpmo.services.principal import Principal

__all__ = ["router"]

router = APIRouter(tags=["reports"], route_class=ApiRoute)


class ReportFormat(StrEnum):
    DOCX = "docx"
    XLSX = "xlsx"
    PDF = "pdf"


class Language(StrEnum):
    EN = "en"
    ZH_CN = "zh-CN"


Format = Annotated[ReportFormat, Query(description="docx, xlsx or pdf")]
Lang = Annotated[Language | None, Query(description="en or zh-CN (default: Accept-Language)")]


def _language(request: Request, principal: Principal, lang: Language | None) -> str:
    if lang is not None:
        return lang.value
    header = request.headers.get("accept-language")
    return negotiate(header) if header else normalise(principal.language)


def _file(data: bytes, fmt: ReportFormat, stem: str, lang: str) -> Response:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-") or "report"
    return Response(
        content=data,
        media_type=MEDIA_TYPES[fmt.value],
        headers={
            "Content-Disposition": f'attachment; filename="{safe}.{fmt.value}"',
            "Content-Language": lang,
        },
    )


def _portfolio_file(
    content: PortfolioReportContent, kind: str, fmt: ReportFormat, language: str
) -> Response:
    """A program or PMO report's file, named ``<kind>-<code>-<as of>``."""
    from openpmo.io.reports.render import render_portfolio

    data = render_portfolio(content, fmt.value, language)
    return _file(data, fmt, f"{kind}-{content.scope.code}-{content.as_of}", language)


_FILES: dict[int | str, dict[str, Any]] = {200: {"content": {m: {} for m in MEDIA_TYPES.values()}}}


@router.get(
    "/projects/{project_id}/reports/status",
    response_class=Response,
    responses=_FILES,
    name="status_report_file",
)
def status_report_file(
    session: DbSession,
    principal: CurrentUser,
    request: Request,
    project_id: int,
    format: Format,
    status_date: date | None = None,
    lang: Lang = None,
) -> Response:
    """The project's weekly status report at the snapshot holding on ``status_date`` (the
    latest by default): the written report when there is one, else the generated content."""
    from openpmo.io.reports.render import render_status

    content = status_reports.export_content(session, principal, project_id, status_date)
    language = _language(request, principal, lang)
    data = render_status(content, format.value, language)
    stem = f"status-{content.project.code}-{content.status_date.isoformat()}"
    return _file(data, format, stem, language)


@router.get(
    "/programs/{program_id}/reports/program",
    response_class=Response,
    responses=_FILES,
    name="program_report_file",
)
def program_report_file(
    session: DbSession,
    principal: CurrentUser,
    request: Request,
    program_id: int,
    format: Format,
    as_of: date | None = None,
    lang: Lang = None,
) -> Response:
    """The program report (portfolio summary, pipeline, health, trends, utilisation,
    escalations, remediation) as of ``as_of`` (default: the latest status date)."""
    content = operating_reports.program_content(session, principal, program_id, as_of=as_of)
    return _portfolio_file(content, "program", format, _language(request, principal, lang))


@router.get(
    "/pmos/{pmo_id}/reports/pmo",
    response_class=Response,
    responses=_FILES,
    name="pmo_report_file",
)
def pmo_report_file(
    session: DbSession,
    principal: CurrentUser,
    request: Request,
    pmo_id: int,
    format: Format,
    as_of: date | None = None,
    lang: Lang = None,
) -> Response:
    """The PMO operating report over the org units the PMO governs."""
    content = operating_reports.pmo_content(session, principal, pmo_id, as_of=as_of)
    return _portfolio_file(content, "pmo", format, _language(request, principal, lang))


def _read(report: Any) -> StatusReportRead:
    return StatusReportRead.model_validate(report)


def _page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": [_read(r) for r in items], "total": total, "limit": limit, "offset": offset}


Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]


@router.get(
    "/status-reports", response_model=Page[StatusReportRead], name="list_all_status_reports"
)
def list_all(
    session: DbSession,
    principal: CurrentUser,
    state: StatusReportState | None = None,
    status_date: date | None = None,
    sort: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    """Reports of every project the user may read (the PMO's review queue:
    ``?state=submitted``)."""
    items, total = status_reports.list_status_reports(
        session,
        principal,
        state=state,
        status_date=status_date,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    return _page(items, total, limit, offset)


@router.get(
    "/projects/{project_id}/status-reports",
    response_model=Page[StatusReportRead],
    name="list_status_reports",
)
def list_reports(
    session: DbSession,
    principal: CurrentUser,
    project_id: int,
    state: StatusReportState | None = None,
    status_date: date | None = None,
    sort: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    items, total = status_reports.list_status_reports(
        session,
        principal,
        project_id=project_id,
        state=state,
        status_date=status_date,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    return _page(items, total, limit, offset)


@router.post(
    "/projects/{project_id}/status-reports",
    response_model=StatusReportRead,
    status_code=status.HTTP_201_CREATED,
    name="create_status_report",
)
def create_report(
    session: DbSession,
    principal: CurrentUser,
    project_id: int,
    body: StatusReportCreate,
    response: Response,
) -> Any:
    report = status_reports.create_status_report(session, principal, project_id, body)
    etag(response, report.version)
    return _read(report)


@router.get(
    "/projects/{project_id}/status-reports/{report_id}",
    response_model=StatusReportRead,
    name="get_status_report",
)
def get_report(
    session: DbSession, principal: CurrentUser, project_id: int, report_id: int, response: Response
) -> Any:
    report = status_reports.get_status_report(session, principal, project_id, report_id)
    etag(response, report.version)
    return _read(report)


@router.get(
    "/projects/{project_id}/status-reports/{report_id}/content",
    response_model=dict[str, Any],
    name="status_report_content",
)
def report_content(
    session: DbSession, principal: CurrentUser, project_id: int, report_id: int
) -> Any:
    """The report's content as JSON: frozen once submitted, live while a draft or returned
    (reasons as message keys with parameters)."""
    report = status_reports.get_status_report(session, principal, project_id, report_id)
    return to_plain(status_reports.content_of(session, principal, report))


@router.patch(
    "/projects/{project_id}/status-reports/{report_id}",
    response_model=StatusReportRead,
    name="update_status_report",
)
def update_report(
    session: DbSession,
    principal: CurrentUser,
    project_id: int,
    report_id: int,
    body: StatusReportUpdate,
    version: IfMatch,
    response: Response,
) -> Any:
    report = status_reports.update_status_report(
        session, principal, project_id, report_id, body, version=version
    )
    etag(response, report.version)
    return _read(report)


def _version(body: ReviewInput, header: int | None) -> int | None:
    return body.version if body.version is not None else header


class Step(StrEnum):
    SUBMIT = "submit"
    ACCEPT = "accept"
    RETURN = "return"


@router.post(
    "/projects/{project_id}/status-reports/{report_id}/{step}",
    response_model=StatusReportRead,
    name="status_report_step",
)
def report_step(
    session: DbSession,
    principal: CurrentUser,
    project_id: int,
    report_id: int,
    step: Step,
    body: ReviewInput,
    version: IfMatch,
    response: Response,
) -> Any:
    """``submit`` a draft or returned report (its generated content is frozen); ``accept``
    a submitted one, or ``return`` it to its author with a mandatory comment (PMO)."""
    report = status_reports.take_step(
        session,
        principal,
        project_id,
        report_id,
        step.value,
        version=_version(body, version),
        comment=body.comment,
    )
    etag(response, report.version)
    return _read(report)
