"""Lifecycles and stage gates: templates, PMO policies, a project's phases, gate reviews
and the phase change under the PMO's rules."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response, status

from openpmo.api.deps import ApiRoute, CurrentUser, DbSession, IfMatch, etag
from openpmo.api.filters import Filters
from openpmo.api.routes import add_register_routes
from openpmo.enums import Methodology
from openpmo.i18n import negotiate, translate
from openpmo.schemas import governance as s
from openpmo.services import gates, lifecycles
from openpmo.services.principal import Principal

__all__ = ["router"]

router = APIRouter(tags=["governance"], route_class=ApiRoute)


class TemplateFilters(Filters):
    methodology: Methodology | None = None
    pmo_id: int | None = None
    is_active: bool | None = None


add_register_routes(
    router,
    "/lifecycle-templates",
    lifecycles.templates,
    s.LifecycleTemplateCreate,
    s.LifecycleTemplateUpdate,
    s.LifecycleTemplateRead,
    TemplateFilters,
)


@router.get("/pmos/{pmo_id}/policy", response_model=s.PmoPolicyRead, name="get_pmo_policy")
def get_policy(session: DbSession, principal: CurrentUser, pmo_id: int) -> Any:
    return lifecycles.read_policy(session, principal, pmo_id)


@router.patch("/pmos/{pmo_id}/policy", response_model=s.PmoPolicyRead, name="update_pmo_policy")
def update_policy(
    session: DbSession, principal: CurrentUser, pmo_id: int, body: s.PmoPolicyUpdate
) -> Any:
    return lifecycles.update_policy(session, principal, pmo_id, body)


@router.get("/projects/{project_id}/phases", response_model=list[s.PhaseRead], name="list_phases")
def list_phases(session: DbSession, principal: CurrentUser, project_id: int) -> Any:
    return lifecycles.list_phases(session, principal, project_id)


@router.post(
    "/projects/{project_id}/lifecycle",
    response_model=list[s.PhaseRead],
    status_code=status.HTTP_201_CREATED,
    name="instantiate_lifecycle",
)
def instantiate(
    session: DbSession, principal: CurrentUser, project_id: int, body: s.InstantiateInput
) -> Any:
    return lifecycles.instantiate_lifecycle(session, principal, project_id, body.template_id)


@router.patch(
    "/projects/{project_id}/phases/{phase_id}", response_model=s.PhaseRead, name="tailor_phase"
)
def tailor_phase(
    session: DbSession,
    principal: CurrentUser,
    project_id: int,
    phase_id: int,
    body: s.PhaseTailor,
    version: IfMatch,
    response: Response,
) -> Any:
    phase = lifecycles.tailor_phase(session, principal, project_id, phase_id, body, version=version)
    etag(response, phase.version)
    return phase


@router.get(
    "/projects/{project_id}/gate-reviews",
    response_model=list[s.GateReviewRead],
    name="list_gate_reviews",
)
def list_reviews(
    session: DbSession, principal: CurrentUser, project_id: int, phase_id: int | None = None
) -> Any:
    return gates.list_reviews(session, principal, project_id, phase_id=phase_id)


@router.post(
    "/projects/{project_id}/gate-reviews",
    response_model=s.GateReviewRead,
    status_code=status.HTTP_201_CREATED,
    name="create_gate_review",
)
def create_review(
    session: DbSession,
    principal: CurrentUser,
    project_id: int,
    body: s.GateReviewCreate,
    response: Response,
) -> Any:
    review = gates.create_review(session, principal, project_id, body)
    etag(response, review.version)
    return review


@router.get(
    "/projects/{project_id}/gate-reviews/{review_id}",
    response_model=s.GateReviewRead,
    name="get_gate_review",
)
def get_review(
    session: DbSession, principal: CurrentUser, project_id: int, review_id: int, response: Response
) -> Any:
    review = gates.get_review(session, principal, project_id, review_id)
    etag(response, review.version)
    return review


@router.patch(
    "/projects/{project_id}/gate-reviews/{review_id}",
    response_model=s.GateReviewRead,
    name="update_gate_review",
)
def update_review(
    session: DbSession,
    principal: CurrentUser,
    project_id: int,
    review_id: int,
    body: s.GateReviewUpdate,
    version: IfMatch,
    response: Response,
) -> Any:
    review = gates.update_review(session, principal, project_id, review_id, body, version=version)
    etag(response, review.version)
    return review


def _language(request: Request, principal: Principal) -> str:
    header = request.headers.get("accept-language")
    return negotiate(header) if header else principal.language


@router.post(
    "/projects/{project_id}/phases/advance", response_model=s.AdvanceRead, name="advance_phase"
)
def advance(
    request: Request,
    session: DbSession,
    principal: CurrentUser,
    project_id: int,
    version: IfMatch,
    response: Response,
) -> Any:
    """Move the project to its next phase; the PMO's type decides what is refused (409)
    and what is only warned about (``warnings``)."""
    out = gates.advance_phase(session, principal, project_id, version=version)
    language = _language(request, principal)
    etag(response, out.project.version)
    return s.AdvanceRead(
        project_id=out.project.id,
        project_version=out.project.version,
        pmo_type=out.pmo_type,
        previous_phase=s.PhaseRead.model_validate(out.previous),
        current_phase=s.PhaseRead.model_validate(out.current),
        warnings=[
            s.WarningRead(code=w.code, message=translate(w.code, language, **w.params))
            for w in out.warnings
        ],
    )
