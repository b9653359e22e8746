"""The proposal form: a requester writes a draft (problem, objectives, scope, costs and
benefits per year, required skills per quarter, key risks, contribution per strategic
objective), edits it with the version it read, and submits it from the page.

The posted boxes become :class:`~openpmo.schemas.intake.ProposalCreate` or ``ProposalUpdate``;
every error (of the model or of the service) is shown beside its box, and nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from starlette.responses import RedirectResponse, Response

from openpmo.db.models import LifecycleTemplate, OrgUnit, Pmo, Proposal, Skill, StrategicObjective
from openpmo.enums import Methodology, ProposalStatus
from openpmo.errors import Conflict, FieldError, InvalidInput
from openpmo.i18n import translate
from openpmo.schemas.intake import ProposalCreate, ProposalUpdate, TransitionInput
from openpmo.schemas.validation import field_errors
from openpmo.services import authz, intake
from openpmo.web import forms
from openpmo.web.deps import Form, Page, PageContext, flash
from openpmo.web.errors import PageRoute
from openpmo.web.listing import int_param
from openpmo.web.templating import local_name

__all__ = ["router"]

router = APIRouter(route_class=PageRoute)

#: Years of costs and benefits the form offers, from the first year.
YEARS = 6
#: Empty rows of required skills the form offers beyond those filled.
SKILL_ROWS = 3
_TEXTS = ("code", "title", "title_zh", "problem", "objectives", "scope", "currency")
_DATES = ("planned_start", "planned_finish")


ProposalForm = forms.Posted


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _values_of(proposal: Proposal) -> dict[str, str]:
    values = {name: str(getattr(proposal, name) or "") for name in _TEXTS}
    values |= {name: str(getattr(proposal, name) or "") for name in _DATES}
    values |= {
        "pmo_id": str(proposal.pmo_id),
        "org_unit_id": str(proposal.org_unit_id),
        "methodology": proposal.methodology.value,
        "lifecycle_template_id": str(proposal.lifecycle_template_id or ""),
        "first_year": str(proposal.first_year),
        "key_risks": "\n".join(proposal.key_risks),
        "version": str(proposal.version),
    }
    for i, amount in enumerate(proposal.costs[:YEARS]):
        values[f"cost_{i}"] = _number(amount)
    for i, amount in enumerate(proposal.benefits[:YEARS]):
        values[f"benefit_{i}"] = _number(amount)
    for i, need in enumerate(proposal.skills):
        values[f"skill_id_{i}"] = str(need["skill_id"])
        values[f"skill_period_{i}"] = str(need["period"])
        values[f"skill_hours_{i}"] = _number(float(need["hours"]))
    for item in proposal.contributions:
        values[f"contribution_{item['objective_id']}"] = _number(float(item["contribution"]))
    return values


def _money_list(form: dict[str, str], prefix: str) -> list[str]:
    texts = [form.get(f"{prefix}_{i}", "").replace(",", "").strip() for i in range(YEARS)]
    while texts and not texts[-1]:
        texts.pop()
    return [t or "0" for t in texts]


def _skills(form: dict[str, str]) -> tuple[list[dict[str, str]], list[int]]:
    rows, boxes = [], []
    i = 0
    while f"skill_id_{i}" in form:
        if form.get(f"skill_id_{i}") or form.get(f"skill_hours_{i}", "").strip():
            rows.append(
                {
                    "skill_id": form.get(f"skill_id_{i}", ""),
                    "period": form.get(f"skill_period_{i}", "0"),
                    "hours": form.get(f"skill_hours_{i}", "").replace(",", "").strip(),
                }
            )
            boxes.append(i)
        i += 1
    return rows, boxes


def _contributions(
    form: dict[str, str], objective_ids: list[int]
) -> tuple[list[dict[str, str]], list[int]]:
    rows, ids = [], []
    for oid in objective_ids:
        text = form.get(f"contribution_{oid}", "").strip()
        if text:
            rows.append({"objective_id": str(oid), "contribution": text})
            ids.append(oid)
    return rows, ids


@dataclass
class _Posted:
    values: dict[str, Any]
    skill_boxes: list[int]
    objective_ids: list[int]
    missing: list[str]


def _posted(form: dict[str, str], objective_ids: list[int], *, new: bool) -> _Posted:
    values: dict[str, Any] = {}
    for name in (*_TEXTS, *_DATES, "lifecycle_template_id", "first_year", "org_unit_id"):
        values[name] = form.get(name, "").strip() or None
    if not values["currency"]:
        values.pop("currency")
    values["methodology"] = form.get("methodology") or Methodology.WATERFALL.value
    values["key_risks"] = [
        line.strip() for line in form.get("key_risks", "").splitlines() if line.strip()
    ]
    values["costs"] = _money_list(form, "cost")
    values["benefits"] = _money_list(form, "benefit")
    values["skills"], boxes = _skills(form)
    values["contributions"], ids = _contributions(form, objective_ids)
    if new:
        values["pmo_id"] = form.get("pmo_id") or None
    else:
        values["version"] = form.get("version") or None
    missing = [n for n in ("org_unit_id", "first_year") if values[n] is None]
    for name in missing:  # required: reported beside the box, not sent as "no change"
        values.pop(name)
    for name in ("code", "title"):  # required: an empty box is reported, not ignored
        values[name] = values[name] or ""
    return _Posted(values, boxes, ids, missing)


def _box(error: FieldError, posted: _Posted) -> FieldError:
    """An error of the input model or the service, named after the form's box."""
    loc = tuple(part for part in error.loc if part != "body")
    if len(loc) >= 2 and loc[0] in ("costs", "benefits") and isinstance(loc[1], int):
        return FieldError((f"{str(loc[0])[:-1]}_{loc[1]}",), error.key, error.params)
    if len(loc) >= 2 and loc[0] == "skills" and isinstance(loc[1], int):
        part = str(loc[2]) if len(loc) > 2 else "skill_id"
        return FieldError((f"skill_{part}_{posted.skill_boxes[loc[1]]}",), error.key, error.params)
    if len(loc) >= 2 and loc[0] == "contributions" and isinstance(loc[1], int):
        return FieldError(
            (f"contribution_{posted.objective_ids[loc[1]]}",), error.key, error.params
        )
    if len(loc) >= 2 and loc[0] == "key_risks":
        return FieldError(("key_risks",), error.key, error.params)
    return FieldError(loc, error.key, error.params)


def _validate(model: type[BaseModel], posted: _Posted) -> tuple[Any, list[FieldError]]:
    errors = [FieldError((name,), "error.field.missing") for name in posted.missing]
    try:
        data = model.model_validate(posted.values)
    except ValidationError as exc:
        found = field_errors(exc.errors(), empty_is_missing=True)
        return None, errors + [_box(e, posted) for e in found]
    return (None, errors) if errors else (data, [])


def _render(page: PageContext, form: ProposalForm, proposal: Proposal | None) -> Response:
    session = page.session
    lang = page.lang
    pmos = list(session.scalars(select(Pmo).order_by(Pmo.id)))
    units = session.scalars(select(OrgUnit).order_by(OrgUnit.code))
    templates = session.scalars(
        select(LifecycleTemplate)
        .where(LifecycleTemplate.is_active.is_(True))
        .order_by(LifecycleTemplate.code)
    )
    used = [
        int(k.rsplit("_", 1)[1]) + 1
        for k, v in form.values.items()
        if k.startswith("skill_id_") and v
    ]
    context = {
        "proposal": proposal,
        "proposal_pmo": session.get(Pmo, proposal.pmo_id) if proposal else None,
        "form": form,
        "pmo_options": [(p.id, local_name(p, lang)) for p in pmos],
        "unit_options": [(u.id, f"{u.code} {local_name(u, lang)}") for u in units],
        "template_options": [(t.id, local_name(t, lang)) for t in templates],
        "method_options": [
            (m.value, translate(f"web.enum.methodology.{m.value}", lang)) for m in Methodology
        ],
        "skills": list(session.scalars(select(Skill).order_by(Skill.name))),
        "objectives": list(
            session.scalars(select(StrategicObjective).order_by(StrategicObjective.code))
        ),
        "years": YEARS,
        "editable": proposal is None or proposal.status in intake.EDITABLE,
        "skill_rows": max(used, default=0) + SKILL_ROWS,
    }
    return page.render("proposal_form.html", context, status_code=form.status)


def _objective_ids(page: PageContext) -> list[int]:
    return list(
        page.session.scalars(select(StrategicObjective.id).order_by(StrategicObjective.code))
    )


def _refused(
    page: PageContext, form: dict[str, str], errors: list[FieldError], proposal: Proposal | None
) -> Response:
    page.session.rollback()  # nothing of a refused form may be kept
    state = ProposalForm(values=dict(form), status=422)
    state.errors = forms.field_messages(errors, page.lang)
    state.alert = state.errors.pop("_form", "") or translate("web.form.fix_errors", page.lang)
    return _render(page, state, proposal)


@router.get("/intake/proposals/new", include_in_schema=False)
def new_proposal(page: Page, pmo: str | None = None) -> Response:
    authz.ensure_role(page.principal, *intake.AUTHORS)
    values = {
        "pmo_id": str(int_param(pmo) or ""),
        "methodology": Methodology.WATERFALL.value,
        "currency": "CNY",
    }
    return _render(page, ProposalForm(values=values), None)


@router.post("/intake/proposals/new", include_in_schema=False)
def create_proposal(page: Page, form: Form) -> Response:
    posted = _posted(form, _objective_ids(page), new=True)
    data, errors = _validate(ProposalCreate, posted)
    if data is not None:
        try:
            proposal = intake.create_proposal(page.session, page.principal, data)
        except InvalidInput as exc:
            errors = [_box(e, posted) for e in exc.errors]
        else:
            return _saved(page, form, proposal)
    return _refused(page, form, errors, None)


def _saved(page: PageContext, form: dict[str, str], proposal: Proposal) -> Response:
    """After a save: submit when asked (the proposal's own workflow rules), then show it."""
    if form.get("action") == "submit":
        step = TransitionInput(status=ProposalStatus.SUBMITTED, version=proposal.version)
        intake.transition_proposal(page.session, page.principal, proposal.id, step)
        flash(page.request, "web.intake.moved.submitted", code=proposal.code)
    else:
        flash(page.request, "web.proposal_form.saved", code=proposal.code)
    return RedirectResponse(f"/intake/proposals/{proposal.id}", status_code=303)


@router.get("/intake/proposals/{proposal_id}/edit", include_in_schema=False)
def edit_proposal(proposal_id: int, page: Page) -> Response:
    proposal = intake.proposals.get(page.session, page.principal, proposal_id)
    return _render(page, ProposalForm(values=_values_of(proposal)), proposal)


@router.post("/intake/proposals/{proposal_id}/edit", include_in_schema=False)
def update_proposal(proposal_id: int, page: Page, form: Form) -> Response:
    proposal = intake.proposals.get(page.session, page.principal, proposal_id)
    posted = _posted(form, _objective_ids(page), new=False)
    data, errors = _validate(ProposalUpdate, posted)
    if data is not None:
        try:
            saved = intake.update_proposal(page.session, page.principal, proposal_id, data)
        except InvalidInput as exc:
            errors = [_box(e, posted) for e in exc.errors]
        except Conflict as exc:
            page.session.rollback()
            state = ProposalForm(values=dict(form), status=409)
            params = {**exc.params, "entity": translate("entity.proposal", page.lang)}
            state.alert = translate(exc.key, page.lang, **params)
            return _render(
                page, state, intake.proposals.get(page.session, page.principal, proposal_id)
            )
        else:
            return _saved(page, form, saved)
    return _refused(page, form, errors, proposal)
