"""A project's schedule page: the Gantt chart, the schedule table, variance, Reschedule."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from starlette.responses import RedirectResponse, Response

from openpmo.errors import InvalidInput
from openpmo.i18n import translate
from openpmo.services import authz, baselines, gantt, overview, scheduling, task_calendars
from openpmo.web import project_tabs
from openpmo.web.deps import Form, Page, PageContext, flash
from openpmo.web.errors import PageRoute
from openpmo.web.gantt import ROW_HEIGHT, ZOOMS, Chart, layout, rows_payload
from openpmo.web.schedule_table import table_cells
from openpmo.web.templating import local_name

__all__ = ["router"]

router = APIRouter(route_class=PageRoute)

#: Pixels of indentation per WBS level in the names pane.
INDENT = 16


def _query(zoom: str, baseline: int | None) -> str:
    params: dict[str, str | int] = {"zoom": zoom}
    if baseline is not None:
        params["baseline"] = baseline
    return urlencode(params)


#: Rows drawn on the server, in the chart and in the table: enough to fill both before the
#: script runs, and all of them without JavaScript for most projects; the script draws the
#: rest as they scroll in.
FIRST_ROWS = 150
#: More task calendars than any project has.
_CALENDARS = 5000


def _table(
    page: PageContext, view: gantt.ScheduleView, chart: Chart, variance: dict[int, Any]
) -> list[list[object]]:
    """Each row's cells of the schedule table (web.schedule_table), in chart order."""
    calendars, _ = task_calendars.task_calendars.list(
        page.session, page.principal, view.project.id, limit=_CALENDARS
    )
    names = {c.id: c.name for c in calendars}
    units = (translate("web.unit.days", page.lang), translate("web.unit.elapsed_days", page.lang))
    return [
        table_cells(
            row.task,
            per_day=view.minutes_per_day,
            units=units,
            calendars=names,
            variance=variance.get(row.task.id),
            with_variance=view.baseline is not None,
        )
        for row in chart.rows
    ]


def _page(
    page: PageContext,
    project_id: int,
    zoom: str,
    baseline: int | None,
    error: str | None = None,
    status: int = 200,
    *,
    all_rows: bool = False,
) -> Response:
    zoom = zoom if zoom in ZOOMS else "week"
    view = gantt.load_schedule(page.session, page.principal, project_id, baseline_number=baseline)
    project = view.project
    items = sorted(view.tasks, key=lambda t: project_tabs.wbs_key(t.wbs))
    depth = project_tabs.depths(items)
    status_date = project.status_date or date.today()
    months = translate("web.schedule.months", page.lang).split(",")
    chart = layout(
        [(t, depth[t.id]) for t in items],
        view.links,
        zoom=zoom,
        baseline=view.baseline_dates,
        status_date=status_date,
        months=months,
        month_year=translate("web.schedule.month_year", page.lang),
    )
    variance = None
    if view.baseline is not None:
        variance = baselines.baseline_variance(
            page.session, page.principal, project_id, view.baseline.number
        )
    by_task = {v.task_id: v for v in variance.tasks} if variance else {}
    cells = _table(page, view, chart, by_task)
    names = [local_name(r.task, page.lang) for r in chart.rows]
    payload = [[*row, cell] for row, cell in zip(rows_payload(chart, names), cells, strict=True)]
    context: dict[str, Any] = {
        "project": project,
        "tab": "schedule",
        "tabs": list(project_tabs.TABS),
        "counts": overview.project_part_counts(page.session, project.id),
        "editable": authz.can_edit_project(page.principal, project),
        "chart": chart,
        "row_height": ROW_HEIGHT,
        "gantt_rows": payload,
        "cells": cells,
        "first_rows": len(chart.rows) if all_rows else FIRST_ROWS,
        "all_rows": all_rows,
        "indent": INDENT,
        "zoom": zoom,
        "zooms": list(ZOOMS),
        "view": view,
        "per_day": view.minutes_per_day,
        "rollup": variance,
        "status_date": status_date,
        "critical_count": sum(1 for t in items if t.is_critical),
        "query": _query(zoom, view.baseline.number if view.baseline else None),
        "error": error,
    }
    return page.render("schedule.html", context, status_code=status)


@router.get("/projects/{project_id}/schedule", include_in_schema=False)
def schedule_page(
    project_id: int,
    page: Page,
    zoom: str = "week",
    baseline: int | None = None,
    rows: str | None = None,
) -> Response:
    """``rows=all`` draws every row on the server (for printing, and to compare)."""
    return _page(page, project_id, zoom, baseline, all_rows=rows == "all")


@router.post("/projects/{project_id}/schedule", include_in_schema=False)
def reschedule(project_id: int, page: Page, form: Form) -> Response:
    zoom = form.get("zoom", "week")
    chosen = form.get("baseline", "")
    baseline = int(chosen) if chosen.isdigit() else None
    try:
        summary = scheduling.schedule_project(page.session, page.principal, project_id)
    except InvalidInput as exc:
        first = exc.errors[0]
        message = translate(first.key, page.lang, **first.params)
        return _page(page, project_id, zoom, baseline, message, 422)
    flash(
        page.request,
        "web.schedule.rescheduled",
        tasks=summary.tasks_scheduled,
        critical=summary.critical_tasks,
    )
    if summary.years_without_holidays:
        years = ", ".join(str(y) for y in summary.years_without_holidays)
        flash(page.request, "web.schedule.no_holiday_data", years=years)
    target = f"/projects/{project_id}/schedule?{_query(zoom, baseline)}"
    return RedirectResponse(target, status_code=303)
