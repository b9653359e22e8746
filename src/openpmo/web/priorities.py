"""Priorities pages of a PMO: the AHP comparison editor of its criteria and the ranked list
of its scored proposals and projects."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from fastapi import APIRouter
from starlette.responses import RedirectResponse, Response

from openpmo.db.models import Pmo, ScoringCriterion
from openpmo.engines.ahp import CR_THRESHOLD
from openpmo.enums import Role
from openpmo.errors import FieldError, InvalidInput
from openpmo.i18n import translate
from openpmo.schemas.intake import AhpWeightsInput
from openpmo.services import authz, crud, scoring
from openpmo.services.prioritization import AhpWeights, compute_ahp
from openpmo.web import forms
from openpmo.web.deps import Form, Page, PageContext, flash
from openpmo.web.errors import PageRoute
from openpmo.web.templating import local_name

__all__ = ["SAATY", "judgement_text", "parse_judgement", "router"]

router = APIRouter(route_class=PageRoute)

#: Saaty's scale, as offered in the editor's list (any value from 1/9 to 9 is accepted).
SAATY = ("9", "7", "5", "3", "2", "1", "1/2", "1/3", "1/5", "1/7", "1/9")
_LOW, _HIGH = Fraction(1, 9), Fraction(9)


def parse_judgement(text: str) -> float | None:
    """``"3"``, ``"1/3"`` or ``"0.5"`` → its value when within 1/9 … 9, else ``None``."""
    try:
        value = Fraction(text.strip().replace(" ", ""))
    except (ValueError, ZeroDivisionError):
        return None
    return float(value) if _LOW <= value <= _HIGH else None


def judgement_text(value: float) -> str:
    """The nearest entry of Saaty's scale (``0.33`` → ``"1/3"``)."""
    return min(SAATY, key=lambda s: abs(float(Fraction(s)) - value))


@dataclass
class Editor:
    """The comparison form: cells ``a_i_j`` (i < j) as typed, their errors, the result."""

    criteria: list[ScoringCriterion]
    cells: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    result: AhpWeights | None = None
    alert: str = ""

    def mirror(self, name: str) -> str:
        """The reciprocal of cell ``name`` as shown below the diagonal (``"3"`` → ``"1/3"``)."""
        value = parse_judgement(self.cells.get(name, ""))
        if value is None:
            return "—"
        reciprocal = Fraction(1) / Fraction(value).limit_denominator(100)
        return str(reciprocal)


def _ensure_reader(page: PageContext) -> None:
    authz.ensure_role(page.principal, Role.PMO, Role.EXECUTIVE, action="read")


def _from_weights(criteria: list[ScoringCriterion]) -> dict[str, str]:
    return {
        f"a_{i}_{j}": judgement_text(criteria[i].weight / criteria[j].weight)
        for i in range(len(criteria))
        for j in range(i + 1, len(criteria))
    }


def _matrix(editor: Editor, lang: str) -> list[list[float]] | None:
    """The full reciprocal matrix, or ``None`` with an error beside each bad cell."""
    n = len(editor.criteria)
    matrix = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            name = f"a_{i}_{j}"
            value = parse_judgement(editor.cells.get(name, ""))
            if value is None:
                editor.errors[name] = translate("web.ahp.cell_invalid", lang)
                continue
            matrix[i][j], matrix[j][i] = value, 1 / value
    return None if editor.errors else matrix


def _compute(editor: Editor, matrix: list[list[float]], lang: str) -> None:
    names = [local_name(c, lang) for c in editor.criteria]
    editor.result = compute_ahp(criteria=names, matrix=matrix, language=lang)


def _render(page: PageContext, pmo: Pmo, editor: Editor, status: int = 200) -> Response:
    context = {
        "pmo": pmo,
        "editor": editor,
        "saaty": SAATY,
        "threshold": CR_THRESHOLD,
        "may_save": page.principal.role in (Role.PMO, Role.ADMIN),
    }
    return page.render("ahp.html", context, status_code=status)


@router.get("/intake/pmos/{pmo_id}/ahp", include_in_schema=False)
def ahp_editor(pmo_id: int, page: Page) -> Response:
    _ensure_reader(page)
    pmo = crud.get_one(page.session, Pmo, pmo_id, "pmo")
    criteria = scoring.criteria_of(page.session, pmo_id)
    editor = Editor(criteria, _from_weights(criteria))
    matrix = _matrix(editor, page.lang)
    if matrix is not None and criteria:
        _compute(editor, matrix, page.lang)
    return _render(page, pmo, editor)


@router.post("/intake/pmos/{pmo_id}/ahp", include_in_schema=False)
def ahp_submit(pmo_id: int, page: Page, form: Form) -> Response:
    _ensure_reader(page)
    pmo = crud.get_one(page.session, Pmo, pmo_id, "pmo")
    criteria = scoring.criteria_of(page.session, pmo_id)
    editor = Editor(criteria, {k: v for k, v in form.items() if k.startswith("a_")})
    matrix = _matrix(editor, page.lang)
    if matrix is None:
        editor.alert = translate("web.form.fix_errors", page.lang)
        return _render(page, pmo, editor, 422)
    try:
        _compute(editor, matrix, page.lang)
        if form.get("action") != "save":
            return _render(page, pmo, editor)
        data = AhpWeightsInput(criterion_ids=[c.id for c in criteria], matrix=matrix)
        scoring.weights_from_ahp(page.session, page.principal, pmo_id, data)
    except InvalidInput as exc:
        page.session.rollback()
        _cell_errors(editor, exc.errors, page.lang)
        return _render(page, pmo, editor, 422)
    flash(page.request, "web.ahp.saved", pmo=local_name(pmo, page.lang))
    return RedirectResponse(f"/intake/pmos/{pmo_id}/ahp", status_code=303)


def _cell_errors(editor: Editor, errors: list[FieldError], lang: str) -> None:
    for name, message in forms.field_messages(errors, lang).items():
        parts = name.split(".")
        if len(parts) == 3 and parts[0] == "matrix":
            i, j = sorted((int(parts[1]), int(parts[2])))
            editor.errors[f"a_{i}_{j}"] = message
        else:
            editor.alert = message
    editor.alert = editor.alert or translate("web.form.fix_errors", lang)


@router.get("/intake/pmos/{pmo_id}/ranking", include_in_schema=False)
def ranking(pmo_id: int, page: Page) -> Response:
    pmo = crud.get_one(page.session, Pmo, pmo_id, "pmo")
    entries = scoring.ranking(page.session, page.principal, pmo_id)
    criteria = scoring.criteria_of(page.session, pmo_id)
    total_weight = sum(c.weight for c in criteria) or 1.0
    context: dict[str, Any] = {
        "pmo": pmo,
        "entries": entries,
        "criteria": criteria,
        "shares": {c.id: c.weight / total_weight for c in criteria},
    }
    return page.render("ranking.html", context)
