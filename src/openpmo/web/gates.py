"""A project's gate review page: its lifecycle phases, the chosen phase's gate checklist and
deliverables, earlier reviews, and the review form (a decision for PMO and executives)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from openpmo.db.models import GateReview, ProjectPhase, User
from openpmo.enums import CriterionResult, GateDecision, PhaseStatus, Role
from openpmo.errors import Conflict, FieldError, InvalidInput
from openpmo.i18n import translate
from openpmo.schemas.governance import GateReviewCreate
from openpmo.schemas.validation import field_errors
from openpmo.services import authz, gates, lifecycles, overview, projects
from openpmo.web import forms, project_tabs
from openpmo.web.deps import Form, Page, PageContext, flash
from openpmo.web.errors import PageRoute
from openpmo.web.intake import bilingual
from openpmo.web.listing import int_param

__all__ = ["ReviewForm", "router"]

router = APIRouter(route_class=PageRoute)


ReviewForm = forms.Posted


def _chosen(phases: list[ProjectPhase], phase_id: int | None) -> ProjectPhase | None:
    for phase in phases:
        if phase.id == phase_id:
            return phase
    active = [p for p in phases if p.status is PhaseStatus.ACTIVE]
    return active[0] if active else (phases[-1] if phases else None)


def _prefill(phase: ProjectPhase, latest: GateReview | None) -> dict[str, str]:
    values: dict[str, str] = {}
    if latest is None:
        return values
    for item in latest.assessments:
        values[f"result_{item['criterion']}"] = str(item.get("result") or "")
        values[f"note_{item['criterion']}"] = str(item.get("note") or "")
    for item in latest.deliverables:
        values[f"link_{item['key']}"] = str(item.get("link") or item.get("file_ref") or "")
        values[f"accepted_{item['key']}"] = "on" if item.get("accepted") else ""
    return values


def _gate_text(key: str, params: dict[str, Any], lang: str) -> str:
    """A gate finding in ``lang``: Chinese names when the service gave them, the decision
    as the enum's label."""
    values = {k: v if v is not None else "" for k, v in params.items()}
    if lang == "zh-CN":
        for name in ("gate", "deliverables"):
            values[name] = values.get(f"{name}_zh") or values.get(name, "")
    if "decision" in values:
        decision = str(values["decision"])
        label = "web.gate.undecided" if decision == "none" else f"web.enum.gate_decision.{decision}"
        values["decision"] = translate(label, lang)
    return translate(key, lang, **values)


def _page(
    page: PageContext,
    project_id: int,
    phase_id: int | None,
    form: ReviewForm | None = None,
    advance_alert: str = "",
) -> Response:
    project = projects.get_project(page.session, page.principal, project_id)
    phases = lifecycles.list_phases(page.session, page.principal, project_id)
    phase = _chosen(phases, phase_id)
    reviews = (
        gates.list_reviews(page.session, page.principal, project_id, phase_id=phase.id)
        if phase
        else []
    )
    latest = reviews[-1] if reviews else None
    may_review = authz.can_edit_project(page.principal, project) or page.principal.role in (
        *gates.APPROVERS,
        Role.ADMIN,
    )
    approver_ids = {r.approver_id for r in reviews if r.approver_id}
    approvers = {
        u.id: u for u in (page.session.get(User, uid) for uid in approver_ids) if u is not None
    }
    if form is None and phase is not None:
        form = ReviewForm(values=_prefill(phase, latest))
    may_advance = authz.can_edit_project(page.principal, project)
    assessment = gates.assess_advance(page.session, page.principal, project_id)
    context: dict[str, Any] = {
        "project": project,
        "tab": "gates",
        "tabs": list(project_tabs.TABS),
        "counts": overview.project_part_counts(page.session, project.id),
        "phases": phases,
        "phase": phase,
        "reviews": list(reversed(reviews)),
        "latest": latest,
        "approvers": approvers,
        "may_review": may_review,
        "may_decide": page.principal.role in (*gates.APPROVERS, Role.ADMIN),
        "results": [r.value for r in CriterionResult],
        "decisions": [d.value for d in GateDecision],
        "form": form or ReviewForm(),
        "assessment": assessment,
        "may_advance": may_advance,
        "advance_alert": advance_alert,
        "finding": lambda w: _gate_text(w.code, w.params, page.lang),
        "moved_warnings": [
            _gate_text(code, params, page.lang)
            for code, params in page.request.session.pop("gate_warnings", [])
        ],
        "bi": lambda text: bilingual(text, page.lang),
    }
    status = 409 if advance_alert else (form.status if form else 200)
    return page.render("project_gates.html", context, status_code=status)


@router.get("/projects/{project_id}/gates", include_in_schema=False)
def gate_page(project_id: int, page: Page, phase: int | None = None) -> Response:
    return _page(page, project_id, phase)


def _review_input(
    phase: ProjectPhase, posted: dict[str, str]
) -> tuple[GateReviewCreate | None, list[FieldError]]:
    """The posted checklist as a review; errors named after the form's boxes."""
    criteria = [c["key"] for c in phase.criteria if posted.get(f"result_{c['key']}")]
    delivered = [d["key"] for d in phase.deliverables if posted.get(f"link_{d['key']}", "").strip()]
    values = {
        "phase_id": phase.id,
        "assessments": [
            {
                "criterion": key,
                "result": posted[f"result_{key}"],
                "note": posted.get(f"note_{key}", "").strip() or None,
            }
            for key in criteria
        ],
        "deliverables": [
            {
                "key": key,
                "link": posted[f"link_{key}"].strip(),
                "accepted": posted.get(f"accepted_{key}") == "on",
            }
            for key in delivered
        ],
        "decision": posted.get("decision") or None,
        "conditions": posted.get("conditions", "").strip() or None,
        "comments": posted.get("comments", "").strip() or None,
    }
    try:
        return GateReviewCreate.model_validate(values), []
    except ValidationError as exc:
        errors = [_rename(e, criteria, delivered) for e in field_errors(exc.errors())]
    if values["decision"] == GateDecision.CONDITIONAL_GO.value and not values["conditions"]:
        # The service says so too, but only once the rest is valid: report all at once.
        errors.append(FieldError(("conditions",), "error.field.conditions_required"))
    return None, errors


def _rename(error: FieldError, criteria: list[str], delivered: list[str]) -> FieldError:
    loc = error.loc
    if len(loc) >= 3 and isinstance(loc[1], int):
        if loc[0] == "assessments":
            box = "note" if loc[2] == "note" else "result"
            return FieldError((f"{box}_{criteria[loc[1]]}",), error.key, error.params)
        if loc[0] == "deliverables":
            return FieldError((f"link_{delivered[loc[1]]}",), error.key, error.params)
    return error


@router.post("/projects/{project_id}/gates", include_in_schema=False)
def record_review(project_id: int, page: Page, form: Form) -> Response:
    phases = lifecycles.list_phases(page.session, page.principal, project_id)
    phase = _chosen(phases, int_param(form.get("phase_id")))
    if phase is None:
        return _page(page, project_id, None)
    data, errors = _review_input(phase, form)
    state = ReviewForm(values=dict(form))
    if data is not None:
        try:
            review = gates.create_review(page.session, page.principal, project_id, data)
        except InvalidInput as exc:
            errors = exc.errors
        except Conflict as exc:
            page.session.rollback()
            state.alert, state.status = translate(exc.key, page.lang, **exc.params), 409
            return _page(page, project_id, phase.id, state)
        else:
            key = "web.gate.decided" if review.decision else "web.gate.prepared"
            flash(
                page.request,
                key,
                gate=phase.gate_name_zh
                if page.lang == "zh-CN" and phase.gate_name_zh
                else phase.gate_name,
            )
            return RedirectResponse(
                f"/projects/{project_id}/gates?phase={phase.id}", status_code=303
            )
    page.session.rollback()
    state.errors = forms.field_messages(errors, page.lang)
    state.alert = translate("web.form.fix_errors", page.lang)
    state.status = 422
    return _page(page, project_id, phase.id, state)


@router.post("/projects/{project_id}/phases/advance", include_in_schema=False)
def advance_phase(project_id: int, page: Page, form: Form) -> Response:
    """Move to the next phase under the governing PMO's rules (the service decides)."""
    try:
        done = gates.advance_phase(
            page.session, page.principal, project_id, version=int_param(form.get("version"))
        )
    except Conflict as exc:
        page.session.rollback()
        params = dict(exc.params)
        if "entity" in params:
            params["entity"] = translate(f"entity.{params['entity']}", page.lang)
        return _page(page, project_id, None, advance_alert=_gate_text(exc.key, params, page.lang))
    name = (
        done.current.name_zh if page.lang == "zh-CN" and done.current.name_zh else done.current.name
    )
    flash(page.request, "web.gate.advanced", phase=name)
    # Shown once on the next gates page, as warnings (a flash reads as a success).
    page.request.session["gate_warnings"] = [[w.code, w.params] for w in done.warnings]
    return RedirectResponse(f"/projects/{project_id}/gates", status_code=303)
