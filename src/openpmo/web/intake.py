"""Intake pages: the pipeline board, a proposal with its business case and scores, the
workflow buttons the user's role allows and the reviewer's scoring form."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter
from pydantic import ValidationError
from sqlalchemy import select
from starlette.responses import RedirectResponse, Response

from openpmo.db.models import Pmo, Project, Proposal, StrategicObjective, User
from openpmo.errors import Conflict, FieldError, InvalidInput
from openpmo.i18n import translate
from openpmo.schemas.intake import ScoreSheet, TransitionInput
from openpmo.schemas.validation import field_errors
from openpmo.services import intake, pipeline, scoring
from openpmo.web import forms
from openpmo.web.deps import Form, Page, PageContext, flash
from openpmo.web.errors import PageRoute

__all__ = ["FormState", "bilingual", "router"]

router = APIRouter(route_class=PageRoute)

_CJK = re.compile(r"[\u4e00-\u9fff]")


def bilingual(text: str | None, lang: str) -> str:
    """``"English. / 中文。"`` (the demo's bilingual texts) → the part in ``lang``; any other
    text as it is."""
    if not text:
        return ""
    parts = text.split(" / ")
    if len(parts) == 2 and _CJK.search(parts[1]) and not _CJK.search(parts[0]):
        return parts[1] if lang == "zh-CN" else parts[0]
    return text


def amount(value: float, lang: str) -> str:
    """Money in short form for the board's narrow cards: ``1.25 M`` or ``125.0 万``."""
    size = abs(value)
    if lang == "zh-CN":
        return f"{value / 1e8:,.2f} 亿" if size >= 1e8 else f"{value / 1e4:,.1f} 万"
    return f"{value / 1e6:,.2f} M" if size >= 1e6 else f"{value / 1e3:,.0f} k"


def title_of(proposal: Proposal, lang: str) -> str:
    return proposal.title_zh if lang == "zh-CN" and proposal.title_zh else proposal.title


@dataclass
class FormState:
    """What a form shows again after a refused POST: values, errors beside fields, an alert."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    alert: str = ""
    status: int = 200


def _helpers(page: PageContext) -> dict[str, Any]:
    return {
        "bi": lambda text: bilingual(text, page.lang),
        "title_of": lambda p: title_of(p, page.lang),
        "amount": lambda value: amount(value, page.lang),
    }


@router.get("/intake", include_in_schema=False)
def board(page: Page) -> Response:
    columns = pipeline.board(page.session, page.principal)
    pmos = list(page.session.scalars(select(Pmo).order_by(Pmo.id)))
    context = {"columns": columns, "pmos": pmos, **_helpers(page)}
    return page.render("intake_board.html", context)


def _score_values(page: PageContext, proposal: Proposal) -> dict[str, str]:
    values: dict[str, str] = {}
    for sheet in pipeline.reviewer_sheets(
        page.session,
        proposal,
        scoring.summarise(page.session, proposal.pmo_id, proposal_id=proposal.id),
    ):
        if sheet.reviewer.id == page.principal.user_id:
            for cid, score in sheet.scores.items():
                values[f"score_{cid}"] = f"{score.score:g}"
                values[f"note_{cid}"] = score.note or ""
    return values


def _proposal_page(
    page: PageContext,
    proposal_id: int,
    *,
    move: FormState | None = None,
    sheet: FormState | None = None,
) -> Response:
    proposal, case = intake.compute_business_case(page.session, page.principal, proposal_id)
    summary = scoring.summarise(page.session, proposal.pmo_id, proposal_id=proposal.id)
    objectives = {
        o.id: o
        for o in page.session.scalars(
            select(StrategicObjective).where(
                StrategicObjective.id.in_([c["objective_id"] for c in proposal.contributions])
            )
        )
    }
    may_score = pipeline.may_score(page.principal, proposal)
    if sheet is None and may_score:
        sheet = FormState(values=_score_values(page, proposal))
    submitter = (
        page.session.get(User, proposal.submitted_by_id) if proposal.submitted_by_id else None
    )
    context = {
        "proposal": proposal,
        "case": case,
        "years": list(range(proposal.first_year, proposal.first_year + len(case.flows))),
        "summary": summary,
        "sheets": pipeline.reviewer_sheets(page.session, proposal, summary),
        "objectives": objectives,
        "pmo": page.session.get(Pmo, proposal.pmo_id),
        "project": page.session.get(Project, proposal.project_id) if proposal.project_id else None,
        "submitter": submitter,
        "moves": pipeline.allowed_moves(page.principal, proposal),
        "move": move or FormState(),
        "may_score": may_score,
        "may_edit": proposal.status in intake.EDITABLE
        and intake.may_edit(page.principal, proposal),
        "sheet": sheet or FormState(),
        **_helpers(page),
    }
    status = max((move or FormState()).status, (sheet or FormState()).status)
    return page.render("proposal.html", context, status_code=status)


@router.get("/intake/proposals/{proposal_id}", include_in_schema=False)
def proposal_page(proposal_id: int, page: Page) -> Response:
    return _proposal_page(page, proposal_id)


@router.post("/intake/proposals/{proposal_id}/transition", include_in_schema=False)
def move_proposal(proposal_id: int, page: Page, form: Form) -> Response:
    fields = ("status", "version", "note", "project_code")
    data, errors = forms.parse(TransitionInput, form, fields)
    state = FormState(values={k: form.get(k, "") for k in fields})
    if data is not None:
        try:
            proposal = intake.transition_proposal(page.session, page.principal, proposal_id, data)
        except InvalidInput as exc:
            errors = exc.errors
        except Conflict as exc:
            page.session.rollback()
            state.alert, state.status = forms.conflict_text(exc, page.lang), 409
            return _proposal_page(page, proposal_id, move=state)
        else:
            key = f"web.intake.moved.{proposal.status.value}"
            flash(page.request, key, code=proposal.code)
            return RedirectResponse(f"/intake/proposals/{proposal_id}", status_code=303)
    page.session.rollback()  # nothing of a refused step may be kept
    state.errors = forms.field_messages(errors, page.lang)
    state.alert, state.status = translate("web.form.fix_errors", page.lang), 422
    return _proposal_page(page, proposal_id, move=state)


def _parse_sheet(
    criteria: list[int], form: dict[str, str]
) -> tuple[ScoreSheet | None, list[FieldError]]:
    """The posted scores (empty boxes: not scored); errors named after the form's boxes."""
    rows = []
    names = []
    for cid in criteria:
        text = form.get(f"score_{cid}", "").strip()
        if not text:
            continue
        note = form.get(f"note_{cid}", "").strip() or None
        rows.append({"criterion_id": cid, "score": text, "note": note})
        names.append(cid)
    if not rows:
        return None, [FieldError(("form",), "web.intake.score_none")]
    try:
        return ScoreSheet.model_validate({"scores": rows}), []
    except ValidationError as exc:
        errors = []
        for error in field_errors(exc.errors(), empty_is_missing=True):
            loc = error.loc
            if len(loc) >= 3 and loc[0] == "scores" and isinstance(loc[1], int):
                box = "score" if loc[2] == "score" else "note"
                loc = (f"{box}_{names[loc[1]]}",)
            errors.append(FieldError(loc, error.key, error.params))
        return None, errors


@router.post("/intake/proposals/{proposal_id}/scores", include_in_schema=False)
def score_proposal(proposal_id: int, page: Page, form: Form) -> Response:
    proposal = intake.proposals.get(page.session, page.principal, proposal_id)
    criteria = [c.id for c in scoring.criteria_of(page.session, proposal.pmo_id)]
    data, errors = _parse_sheet(criteria, form)
    state = FormState(values=dict(form))
    if data is not None:
        try:
            scoring.score_proposal(page.session, page.principal, proposal_id, data)
        except InvalidInput as exc:
            errors = exc.errors
        except Conflict as exc:
            page.session.rollback()
            state.alert, state.status = forms.conflict_text(exc, page.lang), 409
            return _proposal_page(page, proposal_id, sheet=state)
        else:
            flash(page.request, "web.intake.scored", code=proposal.code)
            return RedirectResponse(f"/intake/proposals/{proposal_id}#scores", status_code=303)
    page.session.rollback()
    state.errors = forms.field_messages(errors, page.lang)
    state.alert = state.errors.pop("_form", "") or translate("web.form.fix_errors", page.lang)
    state.status = 422
    return _proposal_page(page, proposal_id, sheet=state)
