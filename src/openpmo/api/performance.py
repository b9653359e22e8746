"""Progress, performance and health: ``/projects/{id}/progress``, ``/projects/{id}/performance``,
``/portfolio/health``, overrides, quality checks, remediation actions, KPI thresholds.

Reasons come back as message keys with parameters and as text in the request's language
(``Accept-Language``, else the user's language).
(No ``from __future__ import annotations``: FastAPI must see the real parameter types.)
"""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile, status

from openpmo.api.deps import ApiRoute, CurrentUser, DbSession, etag
from openpmo.api.filters import ListParams
from openpmo.api.routes import add_project_part_routes
from openpmo.engines.evm import EacMethod
from openpmo.enums import QualityCheckKind, RemediationStatus
from openpmo.errors import FieldError, InvalidInput
from openpmo.i18n import negotiate, normalise, translate
from openpmo.schemas.monitoring import (
    DimensionRead,
    OverrideCreate,
    OverrideRead,
    PerformanceRead,
    PortfolioHealthRead,
    ProgressBulk,
    ProgressResult,
    QualityCheckCreate,
    QualityCheckRead,
    QualityCheckUpdate,
    ReasonRead,
    RemediationCreate,
    RemediationRead,
    RemediationUpdate,
    StatusDateRead,
    ThresholdRead,
    ThresholdsRead,
    ThresholdsUpdate,
)
from openpmo.services import monitoring, performance, progress, progress_excel
from openpmo.services.performance import DimensionResult, ProjectPerformance
from openpmo.services.principal import Principal
from openpmo.services.progress import ProgressEntry

__all__ = ["router"]

router = APIRouter(tags=["performance"], route_class=ApiRoute)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 20 * 1024 * 1024


class QualityCheckFilters(ListParams):
    kind: QualityCheckKind | None = None
    passed: bool | None = None


class RemediationFilters(ListParams):
    status: RemediationStatus | None = None
    owner_id: int | None = None


def _language(request: Request, principal: Principal) -> str:
    header = request.headers.get("accept-language")
    return negotiate(header) if header else normalise(principal.language)


def _dimension(result: DimensionResult, lang: str) -> DimensionRead:
    reasons = [
        ReasonRead(key=r.key, params=dict(r.params), text=translate(r.key, lang, **r.params))
        for r in result.reasons
    ]
    summary = translate(
        "health.sentence",
        lang,
        colour=translate(f"health.colour.{result.computed_colour}", lang),
        reasons=translate("health.reason.separator", lang).join(r.text for r in reasons),
    )
    override = result.override
    return DimensionRead(
        dimension=result.dimension,
        colour=result.colour,
        computed_colour=result.computed_colour,
        reasons=reasons,
        summary=summary,
        override=None if override is None else OverrideRead.model_validate(override),
    )


def _performance(p: ProjectPerformance, lang: str) -> PerformanceRead:
    return PerformanceRead(
        project_id=p.project_id,
        code=p.code,
        name=p.name,
        status_date=p.status_date,
        baseline_id=p.baseline_id,
        money=p.money,
        hours=p.hours,
        kpis=p.kpis,
        overall=_dimension(p.overall, lang),
        dimensions=[_dimension(d, lang) for d in p.dimensions],
    )


@router.get(
    "/projects/{project_id}/performance", response_model=PerformanceRead, name="get_performance"
)
def get_performance(
    session: DbSession,
    principal: CurrentUser,
    request: Request,
    project_id: int,
    status_date: date | None = None,
    eac_method: EacMethod = EacMethod.CPI,
) -> Any:
    found = performance.project_performance(
        session, principal, project_id, status_date=status_date, eac_method=eac_method.value
    )
    return _performance(found, _language(request, principal))


@router.get(
    "/projects/{project_id}/health/trend",
    response_model=list[PerformanceRead],
    name="get_health_trend",
)
def get_health_trend(
    session: DbSession, principal: CurrentUser, request: Request, project_id: int
) -> Any:
    lang = _language(request, principal)
    return [_performance(p, lang) for p in performance.health_trend(session, principal, project_id)]


@router.get("/portfolio/health", response_model=PortfolioHealthRead, name="get_portfolio_health")
def get_portfolio_health(
    session: DbSession,
    principal: CurrentUser,
    request: Request,
    as_of: date | None = None,
    portfolio_id: int | None = None,
    program_id: int | None = None,
    org_unit_id: int | None = None,
) -> Any:
    found = performance.portfolio_health(
        session,
        principal,
        as_of=as_of,
        portfolio_id=portfolio_id,
        program_id=program_id,
        org_unit_id=org_unit_id,
    )
    lang = _language(request, principal)
    return PortfolioHealthRead(
        as_of=found.as_of,
        counts=found.counts,
        projects=[_performance(p, lang) for p in found.projects],
        without_status_date=found.without_status_date,
    )


@router.post(
    "/projects/{project_id}/progress", response_model=ProgressResult, name="record_progress"
)
def record_progress(
    session: DbSession, principal: CurrentUser, project_id: int, body: ProgressBulk
) -> Any:
    entries = [ProgressEntry(**e.model_dump()) for e in body.tasks]
    snapshot = progress.record_progress(
        session, principal, project_id, status_date=body.status_date, entries=entries
    )
    return ProgressResult(
        status_date=StatusDateRead.model_validate(snapshot), tasks_recorded=len(entries)
    )


@router.post(
    "/projects/{project_id}/progress/upload",
    response_model=ProgressResult,
    name="upload_progress",
)
def upload_progress(
    session: DbSession,
    principal: CurrentUser,
    project_id: int,
    file: Annotated[UploadFile, File(description="The filled-in progress template (.xlsx).")],
    status_date: Annotated[date, Form()],
) -> Any:
    data = file.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InvalidInput(
            [FieldError(("body", "file"), "error.field.too_large", {"max": MAX_UPLOAD})]
        )
    snapshot, count = progress_excel.upload_progress(
        session, principal, project_id, status_date=status_date, data=data
    )
    return ProgressResult(status_date=StatusDateRead.model_validate(snapshot), tasks_recorded=count)


@router.get(
    "/projects/{project_id}/progress/template.xlsx",
    response_class=Response,
    name="progress_template",
    responses={200: {"content": {XLSX: {}}}},
)
def progress_template(
    session: DbSession, principal: CurrentUser, project_id: int, status_date: date | None = None
) -> Response:
    data = progress_excel.progress_template(session, principal, project_id, status_date)
    return Response(
        content=data,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="progress-{project_id}.xlsx"'},
    )


@router.get(
    "/projects/{project_id}/status-dates",
    response_model=list[StatusDateRead],
    name="list_status_dates",
)
def list_status_dates(session: DbSession, principal: CurrentUser, project_id: int) -> Any:
    return [
        StatusDateRead.model_validate(s)
        for s in progress.list_status_dates(session, principal, project_id)
    ]


@router.post(
    "/projects/{project_id}/status-dates",
    response_model=StatusDateRead,
    status_code=status.HTTP_201_CREATED,
    name="take_snapshot",
)
def take_snapshot(
    session: DbSession,
    principal: CurrentUser,
    project_id: int,
    status_date: Annotated[date, Query()],
    response: Response,
) -> Any:
    snapshot = progress.take_snapshot(session, principal, project_id, status_date=status_date)
    etag(response, snapshot.version)
    return StatusDateRead.model_validate(snapshot)


@router.post(
    "/projects/{project_id}/health/overrides",
    response_model=OverrideRead,
    status_code=status.HTTP_201_CREATED,
    name="override_health",
)
def override_health(
    session: DbSession, principal: CurrentUser, project_id: int, body: OverrideCreate
) -> Any:
    found = performance.set_override(
        session,
        principal,
        project_id,
        status_date=body.status_date,
        dimension=body.dimension,
        colour=body.colour,
        comment=body.comment,
    )
    return OverrideRead.model_validate(found)


@router.get("/pmos/{pmo_id}/kpi-thresholds", response_model=ThresholdsRead, name="get_thresholds")
def get_thresholds(session: DbSession, principal: CurrentUser, pmo_id: int) -> Any:
    rows, default = monitoring.get_thresholds(session, principal, pmo_id)
    return ThresholdsRead(
        pmo_id=pmo_id, is_default=default, thresholds=[ThresholdRead(**r) for r in rows]
    )


@router.put("/pmos/{pmo_id}/kpi-thresholds", response_model=ThresholdsRead, name="set_thresholds")
def set_thresholds(
    session: DbSession, principal: CurrentUser, pmo_id: int, body: ThresholdsUpdate
) -> Any:
    settings = {k: v.model_dump(exclude_none=True) for k, v in body.thresholds.items()}
    monitoring.set_thresholds(session, principal, pmo_id, settings)
    rows, default = monitoring.get_thresholds(session, principal, pmo_id)
    return ThresholdsRead(
        pmo_id=pmo_id, is_default=default, thresholds=[ThresholdRead(**r) for r in rows]
    )


add_project_part_routes(
    router,
    "/quality-checks",
    monitoring.quality_checks,
    QualityCheckCreate,
    QualityCheckUpdate,
    QualityCheckRead,
    QualityCheckFilters,
)
add_project_part_routes(
    router,
    "/remediation-actions",
    monitoring.remediation_actions,
    RemediationCreate,
    RemediationUpdate,
    RemediationRead,
    RemediationFilters,
)
