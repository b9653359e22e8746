"""Portfolio selection pages: a PMO's scenarios with the form that runs a new one, a
scenario's result (in/out with the reasons in words, budget use per year, the efficient
frontier, the gain over the greedy ranking), and two scenarios compared."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import ValidationError
from sqlalchemy import select
from starlette.responses import RedirectResponse, Response

from openpmo.db.models import Pmo, SelectionScenario, User
from openpmo.enums import Role
from openpmo.errors import FieldError, InvalidInput
from openpmo.i18n import catalog, translate
from openpmo.schemas.selection import SelectionScenarioCreate
from openpmo.schemas.validation import field_errors
from openpmo.services import authz, crud, selection
from openpmo.services.selection_input import candidates_of
from openpmo.web import forms
from openpmo.web.charts import BarSeries, Series, bar_chart, line_chart
from openpmo.web.deps import Form, Page, PageContext, flash
from openpmo.web.errors import PageRoute
from openpmo.web.listing import int_param

__all__ = ["reason_text", "router"]

router = APIRouter(route_class=PageRoute)

#: Budget boxes on the form: the horizon is as many years as boxes filled from the first.
BUDGET_BOXES = 5
CHOICES = ("", "must", "out")


RunForm = forms.Posted


def _readers(page: PageContext) -> None:
    authz.ensure_role(page.principal, *selection.scenarios.readers or (), action="read")


def _pmo_of(page: PageContext, pmo_id: int | None) -> Pmo:
    if pmo_id is None:
        user = page.session.get(User, page.principal.user_id) if page.principal.user_id else None
        pmo_id = (user.pmo_id if user else None) or page.session.scalar(
            select(Pmo.id).order_by(Pmo.id)
        )
    return crud.get_one(page.session, Pmo, int(pmo_id or 0), "pmo")


def _amount(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"


def reason_text(reason: dict[str, Any], lang: str) -> str:
    """A stored reason in the reader's language: its own message key when there is one,
    with the period, skill, other candidate and amount; else the engine's English text."""
    key = f"selection.reason.{reason['kind']}"
    if key not in catalog(lang):
        return str(reason.get("message", reason["kind"]))
    params = {
        "period": reason.get("period") or "",
        "skill": reason.get("skill") or "",
        "other": reason.get("other") or "",
        "amount": _amount(reason.get("amount")),
    }
    text = translate(key, lang, **params)
    if reason.get("start"):
        text = translate("selection.reason.if_started", lang, start=reason["start"], text=text)
    return text


def _defaults(page: PageContext, pmo: Pmo) -> dict[str, str]:
    """The form prefilled from the PMO's latest scenario (its budget, rules and choices)."""
    latest = page.session.scalar(
        select(SelectionScenario)
        .where(SelectionScenario.pmo_id == pmo.id)
        .order_by(SelectionScenario.created_at.desc(), SelectionScenario.id.desc())
        .limit(1)
    )
    values = {
        "first_year": str(date.today().year),
        "value": "score",
        "keep_running": "on",
        "use_skills": "on",
        "max_shift": "0",
        "time_limit": "10",
        "frontier_points": "11",
    }
    if latest is None:
        return values
    p = latest.parameters
    values |= {
        "first_year": str(p.get("first_year") or values["first_year"]),
        "value": str(p.get("value", "score")),
        "keep_running": "on" if p.get("keep_running", True) else "",
        "use_skills": "on" if p.get("use_skills", True) else "",
        "max_shift": str(p.get("max_shift", 0)),
        "time_limit": f"{p.get('time_limit', 10):g}",
        "frontier_points": str(p.get("frontier_points", 11)),
    }
    for i, amount in enumerate(p.get("budget", [])[:BUDGET_BOXES]):
        values[f"budget_{i}"] = f"{amount:,.0f}"
    for code in p.get("must", []):
        values[f"choice_{code}"] = "must"
    for code in p.get("forced_out", []):
        values[f"choice_{code}"] = "out"
    return values


def _list_page(page: PageContext, pmo: Pmo, form: RunForm | None = None) -> Response:
    items, _ = selection.scenarios.list(
        page.session, page.principal, filters={"pmo_id": pmo.id}, limit=100
    )
    projects, proposals = candidates_of(page.session, pmo, None)
    form = form or RunForm(values=_defaults(page, pmo))
    context = {
        "pmo": pmo,
        "pmos": list(page.session.scalars(select(Pmo).order_by(Pmo.id))),
        "scenarios": items,
        "projects": projects,
        "proposals": proposals,
        "form": form,
        "boxes": BUDGET_BOXES,
        "choices": CHOICES,
        "may_run": page.principal.role in (Role.PMO, Role.ADMIN),
    }
    return page.render("selection.html", context, status_code=form.status)


@router.get("/portfolio/selection", include_in_schema=False)
def scenarios_page(page: Page, pmo: str | None = None) -> Response:
    _readers(page)
    return _list_page(page, _pmo_of(page, int_param(pmo)))


def _budget(form: dict[str, str]) -> tuple[list[str], list[FieldError]]:
    texts = [form.get(f"budget_{i}", "").replace(",", "").strip() for i in range(BUDGET_BOXES)]
    filled = [i for i, text in enumerate(texts) if text]
    if not filled:
        return [], [FieldError(("budget_0",), "error.field.missing")]
    last = filled[-1]
    gaps = [i for i in range(last) if not texts[i]]
    return texts[: last + 1], [FieldError((f"budget_{i}",), "error.field.missing") for i in gaps]


def _parse(
    form: dict[str, str], pmo: Pmo, codes: list[str]
) -> tuple[SelectionScenarioCreate | None, list[FieldError]]:
    budget, errors = _budget(form)
    values: dict[str, Any] = {
        "name": form.get("name", ""),
        "pmo_id": pmo.id,
        "first_year": form.get("first_year") or None,
        "years": max(len(budget), 1),
        "budget": budget,
        "value": form.get("value") or "score",
        "keep_running": form.get("keep_running") == "on",
        "use_skills": form.get("use_skills") == "on",
        "max_shift": form.get("max_shift") or 0,
        "time_limit": form.get("time_limit") or 10,
        "frontier_points": form.get("frontier_points") or 0,
        "must": [c for c in codes if form.get(f"choice_{c}") == "must"],
        "forced_out": [c for c in codes if form.get(f"choice_{c}") == "out"],
    }
    try:
        data = SelectionScenarioCreate.model_validate(values)
    except ValidationError as exc:
        return None, errors + [
            _box(e, values) for e in field_errors(exc.errors(), empty_is_missing=True)
        ]
    return (None, errors) if errors else (data, [])


def _box(error: FieldError, values: dict[str, Any]) -> FieldError:
    """A field error of the input model, named after the form's box."""
    loc = error.loc
    if len(loc) >= 2 and loc[0] == "budget" and isinstance(loc[1], int):
        return FieldError((f"budget_{loc[1]}",), error.key, error.params)
    if len(loc) >= 2 and loc[0] in ("must", "forced_out") and isinstance(loc[1], int):
        return FieldError((f"choice_{values[str(loc[0])][loc[1]]}",), error.key, error.params)
    if loc and loc[0] in ("pmo_id", "portfolio_id", "years"):
        return FieldError((), error.key, error.params)
    return error


@router.post("/portfolio/selection", include_in_schema=False)
def run_scenario(page: Page, form: Form) -> Response:
    pmo = _pmo_of(page, int_param(form.get("pmo_id")))
    projects, proposals = candidates_of(page.session, pmo, None)
    codes = [p.code for p in projects] + [p.code for p in proposals]
    data, errors = _parse(form, pmo, codes)
    if data is not None:
        try:
            scenario = selection.create_scenario(page.session, page.principal, data)
        except InvalidInput as exc:
            errors = [_box(e, data.model_dump()) for e in exc.errors]
        else:
            flash(page.request, "web.selection.saved", name=scenario.name)
            return RedirectResponse(f"/portfolio/selection/{scenario.id}", status_code=303)
    page.session.rollback()
    state = RunForm(values=dict(form), status=422)
    state.errors = forms.field_messages(errors, page.lang)
    state.alert = state.errors.pop("_form", "") or translate("web.form.fix_errors", page.lang)
    return _list_page(page, pmo, state)


def _money(value: float) -> str:
    size = abs(value)
    if size >= 1e6:
        return f"{value / 1e6:,.1f}M"
    return f"{value / 1e3:,.0f}k" if size >= 1e4 else f"{value:,.0f}"


def _budget_chart(result: dict[str, Any], lang: str) -> Any:
    periods = result["periods"]
    running = result.get("budget_running", [0.0] * len(periods))
    new = [u - r for u, r in zip(result["budget_used"], running, strict=True)]
    return bar_chart(
        periods,
        [
            BarSeries(translate("web.selection.running", lang), running, css="series-6"),
            BarSeries(translate("web.selection.new", lang), new, css="series-0"),
            BarSeries(
                translate("web.selection.budget", lang), result["budget"], css="series-2", line=True
            ),
        ],
        label=translate("web.selection.budget_chart", lang),
        empty=translate("web.selection.no_selection", lang),
        stacked=True,
        y_format=_money,
        height=240,
    )


def _frontier_chart(scenario: SelectionScenario, lang: str) -> Any:
    points = [
        (p["budget"], p["value"])
        for p in scenario.result.get("frontier", [])
        if p["status"] != "infeasible"
    ]
    own = (float(sum(scenario.result["budget"])), scenario.objective)
    return line_chart(
        [
            Series(translate("web.selection.frontier", lang), points, markers=True, css="series-0"),
            Series(
                translate("web.selection.this_scenario", lang),
                [own] if points else [],
                markers=True,
                css="series-2",
            ),
        ],
        label=translate("web.selection.frontier_chart", lang),
        empty=translate("web.selection.no_frontier", lang),
        x_format=_money,
        x_title=translate("web.selection.total_budget", lang),
        y_title=translate("web.selection.value", lang),
        height=260,
    )


@router.get("/portfolio/selection/compare", include_in_schema=False)
def compare_page(page: Page, a: str | None = None, b: str | None = None) -> Response:
    _readers(page)
    first, second = int_param(a), int_param(b)
    if first is None or second is None:
        raise InvalidInput([FieldError(("query", "ids"), "error.field.compare_two")])
    body = selection.compare_scenarios(page.session, page.principal, [first, second])
    periods = body["a"]["periods"] if body["a"]["periods"] == body["b"]["periods"] else []
    chart = bar_chart(
        periods,
        [
            BarSeries(body["a"]["name"], body["a"]["budget_used"], css="series-0"),
            BarSeries(body["b"]["name"], body["b"]["budget_used"], css="series-4"),
        ],
        label=translate("web.selection.budget_chart", page.lang),
        empty=translate("web.selection.horizons_differ", page.lang),
        y_format=_money,
        height=220,
    )
    scenario = selection.scenarios.get(page.session, page.principal, first)
    pmo = page.session.get(Pmo, scenario.pmo_id) if scenario.pmo_id else None
    return page.render("selection_compare.html", {"body": body, "chart": chart, "pmo": pmo})


@router.get("/portfolio/selection/{scenario_id}", include_in_schema=False)
def scenario_page(scenario_id: int, page: Page) -> Response:
    scenario = selection.scenarios.get(page.session, page.principal, scenario_id)
    result = scenario.result
    pmo = page.session.get(Pmo, scenario.pmo_id) if scenario.pmo_id else None
    owner = page.session.get(User, scenario.owner_id) if scenario.owner_id else None
    others, _ = selection.scenarios.list(
        page.session,
        page.principal,
        filters={"pmo_id": scenario.pmo_id, "portfolio_id": scenario.portfolio_id},
        limit=100,
    )
    candidates = sorted(
        result.get("candidates", []),
        key=lambda c: (not c["selected"], c["kind"] != "proposal", -c["value"], c["code"]),
    )
    context = {
        "scenario": scenario,
        "result": result,
        "pmo": pmo,
        "owner": owner,
        "candidates": candidates,
        "others": [o for o in others if o.id != scenario.id],
        "budget_chart": _budget_chart(result, page.lang) if result.get("budget_used") else None,
        "frontier_chart": _frontier_chart(scenario, page.lang),
        "reason": lambda r: reason_text(r, page.lang),
        "name_in": lambda row: (
            row.get("name_zh") if page.lang == "zh-CN" and row.get("name_zh") else row["name"]
        ),
        "skill_rows": _skill_rows(result, page.lang),
        "may_delete": page.principal.role in (Role.PMO, Role.ADMIN),
        "money_short": _money,
    }
    return page.render("selection_scenario.html", context)


def _skill_rows(result: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Skills the selection uses, with use and capacity per year (hours)."""
    rows = []
    for k, skill in enumerate(result.get("skills", [])):
        used = [row[k] for row in result.get("skills_used", [])]
        cap = [row[k] for row in result.get("capacity", [])]
        if not any(used):
            continue
        name = skill["name_zh"] if lang == "zh-CN" and skill.get("name_zh") else skill["name"]
        rows.append({"name": name, "used": used, "capacity": cap})
    return rows


@router.post("/portfolio/selection/{scenario_id}/delete", include_in_schema=False)
def delete_scenario(scenario_id: int, page: Page, form: Form) -> Response:
    scenario = selection.scenarios.get(page.session, page.principal, scenario_id)
    pmo_id, name = scenario.pmo_id, scenario.name
    selection.scenarios.delete(
        page.session, page.principal, scenario_id, version=int_param(form.get("version"))
    )
    flash(page.request, "web.selection.deleted", name=name)
    return RedirectResponse(f"/portfolio/selection?pmo={pmo_id or ''}", status_code=303)
