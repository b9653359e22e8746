"""A project's status page (the drill-down of the dashboard): earned value at a status date,
health per dimension with its reasons and overrides, KPI history, S-curve, open
remediation actions; and the override form (comment mandatory, audited)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter
from markupsafe import Markup
from pydantic import BaseModel, Field, ValidationError
from starlette.responses import RedirectResponse, Response

from openpmo.enums import HealthColour
from openpmo.errors import Conflict, FieldError, InvalidInput
from openpmo.i18n import translate
from openpmo.schemas.validation import field_errors
from openpmo.services import overview, project_status
from openpmo.services.performance import ProjectPerformance
from openpmo.web import forms, project_tabs
from openpmo.web.charts import Series, line_chart
from openpmo.web.dashboard import DIMENSIONS, cells, date_param, s_curve
from openpmo.web.deps import Form, Page, PageContext, flash
from openpmo.web.errors import PageRoute

__all__ = ["OverrideForm", "router"]

router = APIRouter(route_class=PageRoute)

#: The EVM figures shown, money then ratios then earned schedule (working days).
MONEY_ROWS = ("bac", "pv", "ev", "ac", "sv", "cv", "eac", "etc", "vac")
RATIO_ROWS = ("spi", "cpi", "tcpi_bac", "tcpi_eac", "spi_t")
MINUTES_PER_DAY = 480.0


class OverrideInput(BaseModel):
    status_date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    dimension: str
    colour: HealthColour
    comment: str = Field(min_length=1, max_length=2000)
    version: int = Field(ge=0)


@dataclass
class OverrideForm:
    """The override form of one dimension as posted, with its errors."""

    dimension: str = ""
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    alert: str = ""
    status: int = 200


def _kpi_chart(history: list[ProjectPerformance], lang: str) -> Markup:
    def points(name: str) -> list[tuple[Any, float]]:
        return [(p.status_date, float(v)) for p in history if (v := p.money.get(name)) is not None]

    return line_chart(
        [
            Series("SPI", points("spi"), markers=True, css="series-0"),
            Series("CPI", points("cpi"), markers=True, css="series-1"),
            Series("SPI(t)", points("spi_t"), markers=True, dashed=True, css="series-4"),
        ],
        label=translate("web.status.kpi_history", lang),
        empty=translate("web.status.no_status_date", lang),
        y_from_zero=False,
        height=220,
    )


def _history_rows(history: list[ProjectPerformance], lang: str) -> list[dict[str, Any]]:
    return [{"p": p, "cells": cells(p, lang, p.status_date_id)} for p in reversed(history)]


def _page(
    page: PageContext, project_id: int, status_date: str | None, form: OverrideForm | None = None
) -> Response:
    view = project_status.project_status(
        page.session, page.principal, project_id, status_date=date_param(status_date)
    )
    current = view.current
    context: dict[str, Any] = {
        "project": view.project,
        "view": view,
        "tab": "status",
        "tabs": list(project_tabs.TABS),
        "counts": overview.project_part_counts(page.session, project_id),
        "current": current,
        "cells": cells(current, page.lang) if current else [],
        "money_rows": MONEY_ROWS,
        "ratio_rows": RATIO_ROWS,
        "minutes_per_day": MINUTES_PER_DAY,
        "dimensions": DIMENSIONS,
        "colours": [c.value for c in HealthColour],
        "kpi_chart": _kpi_chart(view.history, page.lang),
        "history_rows": _history_rows(view.history, page.lang),
        "curve_chart": s_curve(
            view.curve,
            current.status_date if current else None,
            page.lang,
            empty_key="web.status.no_baseline",
        ),
        "people": overview.resource_names(page.session, (a.owner_id for a in view.actions)),
        "form": form or OverrideForm(),
    }
    return page.render("project_status.html", context, status_code=form.status if form else 200)


@router.get("/projects/{project_id}/status", include_in_schema=False)
def status_page(project_id: int, page: Page, status_date: str | None = None) -> Response:
    return _page(page, project_id, status_date)


@router.post("/projects/{project_id}/status/override", include_in_schema=False)
def override(project_id: int, page: Page, form: Form) -> Response:
    state = OverrideForm(dimension=form.get("dimension", ""), values=dict(form))
    errors: list[FieldError]
    try:
        data = OverrideInput.model_validate(
            {k: (form.get(k) or "").strip() for k in OverrideInput.model_fields}
        )
    except ValidationError as exc:
        errors = field_errors(exc.errors(), empty_is_missing=True)
    else:
        try:
            project_status.override_health(
                page.session,
                page.principal,
                project_id,
                status_date=date_param(data.status_date),  # type: ignore[arg-type]
                dimension=data.dimension,
                colour=data.colour,
                comment=data.comment,
                version=data.version,
            )
        except InvalidInput as exc:
            errors = exc.errors
        except Conflict as exc:
            page.session.rollback()
            state.alert, state.status = forms.conflict_text(exc, page.lang), 409
            return _page(page, project_id, form.get("status_date"), state)
        else:
            flash(
                page.request,
                "web.status.overridden",
                dimension=translate(f"health.dimension.{data.dimension}", page.lang),
            )
            return RedirectResponse(
                f"/projects/{project_id}/status?status_date={data.status_date}",
                status_code=303,
            )
    page.session.rollback()
    state.errors = forms.field_messages(errors, page.lang)
    state.alert = translate("web.form.fix_errors", page.lang)
    state.status = 422
    return _page(page, project_id, form.get("status_date"), state)
