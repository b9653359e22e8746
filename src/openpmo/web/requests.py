"""Resource requests: a project asks for a role or skill, a resource manager decides.

* ``/projects/{id}/requests`` — the project's requests with their outcome, and the form that
  asks for people (errors beside the field, nothing stored on bad input);
* ``/resources/requests`` — the queue (open requests first for resource managers);
* ``/resources/requests/{id}`` — one request: its facts, the people ranked by fit with every
  reason one does not fit, approval naming the people (never above 100 %) or rejection
  with a reason. Every change carries the version read: a stale one changes nothing.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.responses import RedirectResponse, Response

from openpmo.db.models import Allocation, Project, Resource, ResourceRequest, Skill, User
from openpmo.enums import RequestStatus, Role
from openpmo.errors import Conflict, FieldError, InvalidInput
from openpmo.i18n import translate
from openpmo.schemas.capacity import ApprovalCreate, RequestCreate
from openpmo.services import authz, candidates, overview, projects, requests
from openpmo.services import resources as pool
from openpmo.web import forms, project_tabs
from openpmo.web.deps import Form, Page, PageContext, flash
from openpmo.web.errors import PageRoute
from openpmo.web.listing import Listing, int_param

__all__ = ["RequestForm", "router"]

router = APIRouter(route_class=PageRoute)

FIELDS = ("role", "skill", "min_level", "count", "start", "finish", "percent", "comment")
SORTABLE = ("start", "finish", "status", "project_id", "created_at")
#: Candidates shown for a request.
CANDIDATES = 25


RequestForm = forms.Posted


def _names(page: PageContext, records: list[ResourceRequest]) -> dict[str, Any]:
    """Projects, skills and users the request rows refer to, by id."""
    project_ids = {r.project_id for r in records}
    skill_ids = {r.skill_id for r in records if r.skill_id}
    user_ids = {u for r in records for u in (r.requested_by_id, r.approver_id) if u}
    session = page.session
    return {
        "projects_by_id": {
            p.id: p for p in session.scalars(select(Project).where(Project.id.in_(project_ids)))
        },
        "skills_by_id": dict(
            session.execute(select(Skill.id, Skill.name).where(Skill.id.in_(skill_ids))).all()
        ),
        "users_by_id": dict(
            session.execute(select(User.id, User.full_name).where(User.id.in_(user_ids))).all()
        ),
    }


def _may_request(page: PageContext, project: Project) -> bool:
    return page.principal.role is Role.RESOURCE_MANAGER or authz.can_edit_project(
        page.principal, project
    )


def _allocated(page: PageContext, records: list[ResourceRequest]) -> dict[int, list[Any]]:
    """The people allocated by each approved request, by request id."""
    approved = [r.id for r in records if r.status is RequestStatus.APPROVED]
    if not approved:
        return {}
    rows = page.session.execute(
        select(Allocation.request_id, Resource)
        .join(Resource, Resource.id == Allocation.resource_id)
        .where(Allocation.request_id.in_(approved))
        .order_by(Resource.name)
    ).all()
    found: dict[int, list[Any]] = {}
    for request_id, resource in rows:
        if request_id is not None:
            found.setdefault(request_id, []).append(resource)
    return found


def _project_page(page: PageContext, project_id: int, form: RequestForm | None = None) -> Response:
    project = projects.get_project(page.session, page.principal, project_id)
    records, _ = requests.requests.list(
        page.session, page.principal, filters={"project_id": project_id}, sort="-created_at"
    )
    context = {
        "project": project,
        "tab": "requests",
        "tabs": list(project_tabs.TABS),
        "counts": overview.project_part_counts(page.session, project.id),
        "records": records,
        "allocated": _allocated(page, records),
        "may_request": _may_request(page, project),
        "roles": pool.role_names(page.session),
        "skills": pool.skill_options(page.session),
        "form": form or RequestForm(values={"min_level": "1", "count": "1", "percent": "100"}),
        **_names(page, records),
    }
    return page.render("project_requests.html", context, status_code=(form or RequestForm()).status)


@router.get("/projects/{project_id}/requests", include_in_schema=False)
def project_requests(project_id: int, page: Page) -> Response:
    return _project_page(page, project_id)


@router.post("/projects/{project_id}/requests", include_in_schema=False)
def create_request(project_id: int, page: Page, form: Form) -> Response:
    posted = {**form, "project_id": str(project_id)}
    data, errors = forms.parse(RequestCreate, posted, (*FIELDS, "project_id"))
    if data is not None:
        data = data.model_copy(update={"project_id": project_id, "submit": "submit" in form})
        try:
            record = requests.create_request(page.session, page.principal, data)
        except InvalidInput as exc:
            errors = exc.errors
        else:
            key = "web.req.submitted" if data.submit else "web.req.drafted"
            flash(page.request, key, id=record.id)
            return RedirectResponse(f"/projects/{project_id}/requests", status_code=303)
    page.session.rollback()
    state = RequestForm(values=dict(form), errors=forms.field_messages(errors, page.lang))
    state.alert, state.status = translate("web.form.fix_errors", page.lang), 422
    return _project_page(page, project_id, state)


@router.get("/resources/requests", include_in_schema=False)
def queue(request: Request, page: Page) -> Response:
    listing = Listing.of(request, SORTABLE, "start")
    status = listing.get("status")
    if status is None and page.principal.role is Role.RESOURCE_MANAGER:
        status = RequestStatus.SUBMITTED.value
    chosen = status if status in {s.value for s in RequestStatus} else None
    records, total = requests.requests.list(
        page.session,
        page.principal,
        filters={"status": RequestStatus(chosen) if chosen else None},
        sort=listing.sort,
        limit=listing.per_page,
        offset=listing.offset,
    )
    context = {
        "listing": listing,
        "records": records,
        "total": total,
        "status": chosen or "",
        "statuses": [s.value for s in RequestStatus],
        **_names(page, records),
    }
    return page.render("requests.html", context)


def _may_decide(page: PageContext) -> bool:
    return page.principal.role in (*requests.APPROVERS, Role.ADMIN)


def _detail(page: PageContext, request_id: int, form: RequestForm | None = None) -> Response:
    record = requests.requests.get(page.session, page.principal, request_id)
    project = authz.load_project(page.session, page.principal, record.project_id)
    deciding = record.status is RequestStatus.SUBMITTED and _may_decide(page)
    context = {
        "record": record,
        "project": project,
        "candidates": candidates.rank_candidates(
            page.session, page.principal, request_id, limit=max(CANDIDATES, record.count * 3)
        )
        if deciding
        else [],
        "deciding": deciding,
        "may_submit": record.status is RequestStatus.DRAFT and _may_request(page, project),
        "allocated": _allocated(page, [record]).get(record.id, []),
        "form": form or RequestForm(),
        "reason_text": lambda e: translate(e.key, page.lang, **e.params),
        **_names(page, [record]),
    }
    return page.render("request.html", context, status_code=(form or RequestForm()).status)


@router.get("/resources/requests/{request_id}", include_in_schema=False)
def request_page(request_id: int, page: Page) -> Response:
    return _detail(page, request_id)


def _picked(form: dict[str, str]) -> list[int]:
    """The people ticked on the form (``pick_<resource id>``), in the order shown."""
    ids = [int_param(k.removeprefix("pick_")) for k in form if k.startswith("pick_")]
    return [i for i in ids if i is not None]


def _decision_errors(errors: list[FieldError], picked: list[int]) -> list[FieldError]:
    """Errors about the k-th named person shown beside that person's row."""
    named = []
    for e in errors:
        loc = e.loc[1:] if e.loc and e.loc[0] == "body" else e.loc
        k = loc[1] if len(loc) == 2 and loc[0] == "resource_ids" else None
        if isinstance(k, int) and k < len(picked):
            loc = (f"pick_{picked[k]}",)
        named.append(FieldError(loc, e.key, e.params))
    return named


@router.post("/resources/requests/{request_id}/decision", include_in_schema=False)
def decide(request_id: int, page: Page, form: Form) -> Response:
    picked = _picked(form)
    approve = form.get("action") != "reject"
    state = RequestForm(values=dict(form))
    data, errors = forms.parse(ApprovalCreate, form, ("version", "comment"))
    if data is not None:
        data = data.model_copy(update={"approve": approve, "resource_ids": picked})
        try:
            record = requests.decide_request(page.session, page.principal, request_id, data)
        except InvalidInput as exc:
            errors = _decision_errors(exc.errors, picked)
        except Conflict as exc:
            page.session.rollback()
            state.alert, state.status = forms.conflict_text(exc, page.lang), 409
            return _detail(page, request_id, state)
        else:
            key = "web.req.approved" if approve else "web.req.rejected"
            flash(page.request, key, id=record.id)
            return RedirectResponse(f"/resources/requests/{request_id}", status_code=303)
    page.session.rollback()
    state.errors = forms.field_messages(errors, page.lang)
    state.alert, state.status = translate("web.req.not_decided", page.lang), 422
    return _detail(page, request_id, state)


@router.post("/resources/requests/{request_id}/submit", include_in_schema=False)
def submit(request_id: int, page: Page, form: Form) -> Response:
    version = int_param(form.get("version"))
    try:
        record = requests.submit_request(page.session, page.principal, request_id, version=version)
    except Conflict as exc:
        page.session.rollback()
        state = RequestForm(alert=forms.conflict_text(exc, page.lang), status=409)
        return _detail(page, request_id, state)
    flash(page.request, "web.req.submitted", id=record.id)
    return RedirectResponse(f"/resources/requests/{request_id}", status_code=303)
