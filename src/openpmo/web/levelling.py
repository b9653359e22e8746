"""Levelling scenarios: level a portfolio or a program, look at what would move, compare two,
apply one (refused, naming the task, when something moved since) or discard it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from markupsafe import Markup
from sqlalchemy import select
from starlette.responses import RedirectResponse, Response

from openpmo.db.models import LevellingScenario, Portfolio, Program, Resource, User
from openpmo.enums import ScenarioScope, ScenarioStatus
from openpmo.errors import Conflict, FieldError, InvalidInput
from openpmo.i18n import translate
from openpmo.schemas.capacity import ScenarioCreate
from openpmo.services import levelling, overview
from openpmo.web import forms
from openpmo.web.charts import BarSeries, bar_chart
from openpmo.web.deps import Form, Page, PageContext, flash
from openpmo.web.errors import PageRoute
from openpmo.web.listing import Listing, int_param

__all__ = ["ScenarioForm", "router"]

router = APIRouter(route_class=PageRoute)

FIELDS = ("name", "scope", "portfolio_id", "program_id", "objective", "solver", "time_limit")
#: Moved tasks listed per page of a scenario.
MOVES_PER_PAGE = 100


ScenarioForm = forms.Posted


def _scopes(page: PageContext, items: list[LevellingScenario]) -> dict[str, Any]:
    portfolios = {s.portfolio_id for s in items if s.portfolio_id}
    programs = {s.program_id for s in items if s.program_id}
    users = {s.created_by_id for s in items if s.created_by_id}
    session = page.session
    return {
        "portfolios_by_id": {
            p.id: p for p in session.scalars(select(Portfolio).where(Portfolio.id.in_(portfolios)))
        },
        "programs_by_id": {
            p.id: p for p in session.scalars(select(Program).where(Program.id.in_(programs)))
        },
        "users_by_id": dict(
            session.execute(select(User.id, User.full_name).where(User.id.in_(users))).all()
        ),
    }


def _list_page(page: PageContext, listing: Listing, form: ScenarioForm | None = None) -> Response:
    items, total = levelling.scenarios.list(
        page.session,
        page.principal,
        sort="-created_at",
        limit=listing.per_page,
        offset=listing.offset,
    )
    context = {
        "listing": listing,
        "items": items,
        "total": total,
        "options": overview.filter_options(page.session, page.principal),
        "may_level": page.principal.role.value in ("admin", "pmo", "resource_manager"),
        "form": form
        or ScenarioForm(
            values={"time_limit": "10", "objective": "weighted_delay", "solver": "heuristic"}
        ),
        **_scopes(page, items),
    }
    return page.render("levelling.html", context, status_code=(form or ScenarioForm()).status)


@router.get("/resources/levelling", include_in_schema=False)
def scenario_list(request: Request, page: Page) -> Response:
    return _list_page(page, Listing.of(request))


def _scenario_input(form: dict[str, str]) -> tuple[ScenarioCreate | None, list[FieldError]]:
    values = dict(form)
    scope = values.get("scope") or ScenarioScope.PORTFOLIO.value
    # Only the box of the chosen scope counts; the other one may hold a stale choice.
    values.pop("program_id" if scope == ScenarioScope.PORTFOLIO.value else "portfolio_id", None)
    data, errors = forms.parse(ScenarioCreate, values, FIELDS)
    if data is not None:
        data = data.model_copy(update={"within_float": form.get("within_float") == "on"})
    return data, errors


@router.post("/resources/levelling", include_in_schema=False)
def create(request: Request, page: Page, form: Form) -> Response:
    data, errors = _scenario_input(form)
    if data is not None:
        try:
            scenario = levelling.create_scenario(page.session, page.principal, data)
        except InvalidInput as exc:
            errors = exc.errors
        else:
            flash(page.request, "web.lev.created", name=scenario.name)
            return RedirectResponse(f"/resources/levelling/{scenario.id}", status_code=303)
    page.session.rollback()
    state = ScenarioForm(values=dict(form), errors=forms.field_messages(errors, page.lang))
    state.alert, state.status = translate("web.form.fix_errors", page.lang), 422
    return _list_page(page, Listing.of(request), state)


def load_chart(summary: dict[str, Any], lang: str) -> tuple[Markup, Markup]:
    """Person-days per week before and after levelling against capacity, and the demand
    above capacity before and after."""
    load = summary.get("load") or {}
    weeks = load.get("weeks") or []
    empty = translate("web.lev.no_profile", lang)
    before, after = translate("web.lev.before", lang), translate("web.lev.after", lang)
    demand = bar_chart(
        weeks,
        [
            BarSeries(before, load.get("before", []), css="before"),
            BarSeries(after, load.get("after", []), css="after"),
            BarSeries(
                translate("web.cap.capacity", lang),
                load.get("capacity", []),
                css="capacity",
                line=True,
            ),
        ],
        label=translate("web.lev.load_chart", lang),
        empty=empty,
        y_title=translate("web.lev.person_days", lang),
        height=240,
    )
    over = bar_chart(
        weeks,
        [
            BarSeries(before, load.get("over_before", []), css="before"),
            BarSeries(after, load.get("over_after", []), css="series-2"),
        ],
        label=translate("web.lev.over_chart", lang),
        empty=empty,
        y_title=translate("web.lev.person_days", lang),
        height=240,
    )
    return demand, over


def _scenario_page(
    page: PageContext, scenario_id: int, listing: Listing, alert: str = "", status: int = 200
) -> Response:
    scenario = levelling.scenarios.get(page.session, page.principal, scenario_id)
    moves, total = levelling.moved_task_rows(
        page.session, scenario.id, limit=MOVES_PER_PAGE, offset=listing.offset
    )
    moves_listing = Listing(listing.path, listing.params, (), "", MOVES_PER_PAGE)
    summary = scenario.summary
    runs = summary.get("over_allocations_left", [])
    people = dict(
        page.session.execute(
            select(Resource.id, Resource.name).where(
                Resource.id.in_({r["resource_id"] for r in runs})
            )
        ).all()
    )
    demand_chart, over_chart = load_chart(summary, page.lang)
    why = summary.get("why")
    reason = translate(why["key"], page.lang, **why["params"]) if why else summary.get("reason")
    others, _ = levelling.scenarios.list(page.session, page.principal, sort="-created_at", limit=50)
    context = {
        "scenario": scenario,
        "summary": summary,
        "moves": moves,
        "moves_total": total,
        "moves_listing": moves_listing,
        "runs": runs,
        "reason": reason,
        "people": people,
        "demand_chart": demand_chart,
        "over_chart": over_chart,
        "others": [s for s in others if s.id != scenario.id],
        "may_decide": scenario.status is ScenarioStatus.DRAFT
        and page.principal.role.value in ("admin", "pmo", "resource_manager"),
        "alert": alert,
        "alert_status": status,
        **_scopes(page, [scenario]),
    }
    return page.render("scenario.html", context, status_code=status)


@router.get("/resources/levelling/compare", include_in_schema=False)
def compare(request: Request, page: Page) -> Response:
    ids = [i for i in (int_param(v) for v in request.query_params.getlist("ids")) if i]
    ids = list(dict.fromkeys(ids))[:4]
    if len(ids) < 2:
        alert = translate("error.field.compare_two", page.lang)
        context = {"rows": [], "codes": [], "alert": alert}
        return page.render("scenario_compare.html", context, status_code=422)
    rows = levelling.compare_scenarios(page.session, page.principal, ids)
    codes = sorted({code for r in rows for code in r["delays"]})
    return page.render("scenario_compare.html", {"rows": rows, "codes": codes, "alert": ""})


@router.get("/resources/levelling/{scenario_id}", include_in_schema=False)
def scenario_page(scenario_id: int, request: Request, page: Page) -> Response:
    return _scenario_page(page, scenario_id, Listing.of(request))


@router.post("/resources/levelling/{scenario_id}/{action}", include_in_schema=False)
def decide(scenario_id: int, action: str, request: Request, page: Page, form: Form) -> Response:
    version = int_param(form.get("version"))
    act = {"apply": levelling.apply_scenario, "discard": levelling.discard_scenario}.get(action)
    if act is None:
        return _scenario_page(page, scenario_id, Listing.of(request))
    try:
        scenario = act(page.session, page.principal, scenario_id, version=version)
    except Conflict as exc:
        page.session.rollback()
        text = forms.conflict_text(exc, page.lang)
        return _scenario_page(page, scenario_id, Listing.of(request), text, 409)
    except InvalidInput as exc:
        page.session.rollback()
        text = "; ".join(forms.field_messages(exc.errors, page.lang).values())
        return _scenario_page(page, scenario_id, Listing.of(request), text, 422)
    flash(page.request, f"web.lev.{action}_done", name=scenario.name)
    return RedirectResponse(f"/resources/levelling/{scenario_id}", status_code=303)
