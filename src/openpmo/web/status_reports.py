"""Weekly status report pages over :mod:`openpmo.services.status_reports`: a project's
reports (and a new draft), the edit page (narrative beside the live generated content),
submit, the PMO review queue with accept / return (comment required), the history of each
report, and links to its Word, Excel and PDF files (served by the API, which accepts the
web session)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from openpmo.db.models import StatusReport, User
from openpmo.enums import StatusReportState
from openpmo.errors import Conflict, FieldError, InvalidInput
from openpmo.i18n import translate
from openpmo.io.reports.content import Label, Message, StatusReportContent
from openpmo.schemas.status_reports import StatusReportCreate, StatusReportUpdate
from openpmo.services import authz, overview, pmos, progress, projects, status_reports
from openpmo.web import forms, project_tabs
from openpmo.web.deps import Form, Page, PageContext, flash
from openpmo.web.errors import PageRoute
from openpmo.web.listing import Listing, int_param

__all__ = ["router"]

router = APIRouter(route_class=PageRoute)

FORMATS = ("docx", "xlsx", "pdf")
PERIOD = ("period_start", "period_end")


ReportForm = forms.Posted


def _conflict(exc: Conflict, lang: str) -> str:
    states = {
        name: translate(f"web.enum.status_report_state.{exc.params[name]}", lang)
        for name in ("current", "target")
        if name in exc.params
    }
    return forms.conflict_text(exc, lang, **states)


def _texts(lang: str) -> dict[str, Any]:
    """Helpers the templates use to put content objects into words."""

    def label(value: Label | None) -> str:
        if value is None:
            return "—"
        return value.zh if lang == "zh-CN" and value.zh else value.en

    def message(value: Message) -> str:
        return translate(value.key, lang, **value.params)

    def local(record: Any) -> str:
        zh = getattr(record, "name_zh", None)
        return str(zh) if lang == "zh-CN" and zh else str(record.name)

    return {"label": label, "message": message, "local": local}


def _people(page: PageContext, ids: set[int | None]) -> dict[int, str]:
    found = (page.session.get(User, i) for i in ids if i is not None)
    return {u.id: u.full_name or u.username for u in found if u is not None}


def _downloads(project_id: int, report: StatusReport, lang: str) -> list[tuple[str, str]]:
    base = f"/api/v1/projects/{project_id}/reports/status"
    day = report.status_date.isoformat()
    return [(fmt, f"{base}?format={fmt}&status_date={day}&lang={lang}") for fmt in FORMATS]


# --- a project's reports ----------------------------------------------------------------------


def _list_page(page: PageContext, project_id: int, form: ReportForm | None = None) -> Response:
    project = projects.get_project(page.session, page.principal, project_id)
    items, _ = status_reports.list_status_reports(
        page.session, page.principal, project_id=project_id, limit=200
    )
    taken = {r.status_date for r in items}
    dates = [
        s.status_date
        for s in progress.list_status_dates(page.session, page.principal, project_id)
        if s.status_date not in taken
    ]
    context = {
        "project": project,
        "tab": "reports",
        "tabs": list(project_tabs.TABS),
        "counts": overview.project_part_counts(page.session, project_id),
        "reports": items,
        "free_dates": list(reversed(dates)),
        "may_write": authz.can_edit_project(page.principal, project),
        "downloads": {r.id: _downloads(project_id, r, page.lang) for r in items},
        "form": form or ReportForm(),
    }
    return page.render("project_reports.html", context, status_code=form.status if form else 200)


@router.get("/projects/{project_id}/reports", include_in_schema=False)
def project_reports(project_id: int, page: Page) -> Response:
    return _list_page(page, project_id)


@router.post("/projects/{project_id}/reports", include_in_schema=False)
def create_report(project_id: int, page: Page, form: Form) -> Response:
    data, errors = forms.parse(StatusReportCreate, form, ("status_date",), ("status_date",))
    if data is not None:
        try:
            report = status_reports.create_status_report(
                page.session, page.principal, project_id, data
            )
        except InvalidInput as exc:
            errors = exc.errors
        except Conflict as exc:
            page.session.rollback()
            state = ReportForm(values=dict(form), alert=_conflict(exc, page.lang), status=409)
            return _list_page(page, project_id, state)
        else:
            flash(page.request, "web.report.created", date=report.status_date.isoformat())
            return RedirectResponse(f"/projects/{project_id}/reports/{report.id}", status_code=303)
    page.session.rollback()
    state = ReportForm(
        values=dict(form),
        errors=forms.field_messages(errors, page.lang),
        alert=translate("web.form.fix_errors", page.lang),
        status=422,
    )
    return _list_page(page, project_id, state)


# --- one report -------------------------------------------------------------------------------


def _report_page(
    page: PageContext, project_id: int, report_id: int, form: ReportForm | None = None
) -> Response:
    report = status_reports.get_status_report(page.session, page.principal, project_id, report_id)
    project = projects.get_project(page.session, page.principal, project_id)
    content: StatusReportContent = status_reports.content_of(page.session, page.principal, report)
    actions = status_reports.allowed_actions(page.session, page.principal, report)
    if form is None:
        values = {name: getattr(report, name) or "" for name in status_reports.NARRATIVE}
        values.update({name: getattr(report, name).isoformat() for name in PERIOD})
        form = ReportForm(values=values)
    context = {
        "project": project,
        "tab": "reports",
        "tabs": list(project_tabs.TABS),
        "counts": overview.project_part_counts(page.session, project_id),
        "report": report,
        "content": content,
        "events": sorted(report.events, key=lambda e: (e.at, e.id), reverse=True),
        "people": _people(page, {e.by_id for e in report.events}),
        "actions": actions,
        "narrative": status_reports.NARRATIVE,
        "downloads": _downloads(project_id, report, page.lang),
        "form": form,
        **_texts(page.lang),
    }
    return page.render("status_report.html", context, status_code=form.status)


@router.get("/projects/{project_id}/reports/{report_id}", include_in_schema=False)
def report_page(project_id: int, report_id: int, page: Page) -> Response:
    return _report_page(page, project_id, report_id)


def _step(page: PageContext, project_id: int, report_id: int, form: dict[str, str]) -> Any:
    """Run the posted step (``save``, ``submit``, ``accept``, ``return``) on the report."""
    version = int_param(form.get("version"))
    comment = form.get("comment") or None
    step = form.get("step", "save")
    args = (page.session, page.principal, project_id, report_id)
    if step == "save" or step == "submit":
        fields = (*status_reports.NARRATIVE, *PERIOD)
        data, errors = forms.parse(StatusReportUpdate, form, fields)
        if data is None:
            raise InvalidInput(errors)
        report = status_reports.update_status_report(*args, data, version=version)
        if step == "save":
            return "web.report.saved"
        status_reports.submit_status_report(*args, version=report.version)
        return "web.report.submitted"
    if step in ("accept", "return"):
        status_reports.take_step(*args, step, version=version, comment=comment)
        return "web.report.accepted" if step == "accept" else "web.report.returned"
    raise InvalidInput([FieldError(("step",), "error.field.invalid", {"msg": step})])


@router.post("/projects/{project_id}/reports/{report_id}", include_in_schema=False)
def report_step(project_id: int, report_id: int, page: Page, form: Form) -> Response:
    state = ReportForm(values=dict(form))
    try:
        key = _step(page, project_id, report_id, form)
    except InvalidInput as exc:
        page.session.rollback()
        state.errors = forms.field_messages(exc.errors, page.lang)
        state.alert, state.status = translate("web.form.fix_errors", page.lang), 422
    except Conflict as exc:
        page.session.rollback()
        state.alert, state.status = _conflict(exc, page.lang), 409
    else:
        flash(page.request, key)
        return RedirectResponse(f"/projects/{project_id}/reports/{report_id}", status_code=303)
    return _report_page(page, project_id, report_id, state)


# --- the review queue -------------------------------------------------------------------------


@router.get("/reports", include_in_schema=False)
def reports(request: Request, page: Page) -> Response:
    """Reports of every project the user may read: the submitted ones (the PMO's review
    queue) first, then the others by state."""
    listing = Listing.of(request)
    chosen = listing.get("state") or StatusReportState.SUBMITTED.value
    state = StatusReportState(chosen) if chosen in StatusReportState.__members__.values() else None
    items, total = status_reports.list_status_reports(
        page.session,
        page.principal,
        state=state,
        sort="status_date" if state is StatusReportState.SUBMITTED else "-status_date",
        limit=listing.per_page,
        offset=listing.offset,
    )
    names = {
        pid: projects.get_project(page.session, page.principal, pid)
        for pid in {r.project_id for r in items}
    }
    context = {
        "listing": listing,
        "items": items,
        "total": total,
        "state": chosen,
        "states": [s.value for s in StatusReportState] + ["all"],
        "project_of": names,
        "pmos": pmos.pmos.list(page.session, page.principal, limit=500)[0],
        "programs": overview.filter_options(page.session, page.principal).programs,
        "formats": FORMATS,
    }
    return page.render("status_reports.html", context)


#: The API's file of each report scope: program reports and PMO operating reports.
SCOPE_FILES = {
    "program": "/api/v1/programs/{id}/reports/program",
    "pmo": "/api/v1/pmos/{id}/reports/pmo",
}


@router.get("/reports/file", include_in_schema=False)
def report_file(request: Request, page: Page) -> Response:
    """The download form's target: the program or PMO report's file from the API (which
    accepts the web session), in the page's language. An unknown scope, id or format goes
    back to the reports page, saying so."""
    query = request.query_params
    scope, record, fmt = query.get("scope", ""), query.get("id", ""), query.get("format", "")
    if scope not in SCOPE_FILES or not record.isdigit() or fmt not in FORMATS:
        flash(request, "web.report.file_choice")
        return RedirectResponse("/reports", status_code=303)
    url = SCOPE_FILES[scope].format(id=int(record))
    return RedirectResponse(f"{url}?format={fmt}&lang={page.lang}", status_code=303)
