"""Project pages: the user's own projects, and one project with its tabs and edit form."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from openpmo.services import authz, overview, projects
from openpmo.web import project_form, project_tabs
from openpmo.web.deps import Form, Page, PageContext, flash
from openpmo.web.errors import PageRoute
from openpmo.web.listing import Listing, project_table
from openpmo.web.portfolio import DEFAULT_SORT, SORTABLE
from openpmo.web.project_form import EditForm

__all__ = ["router"]

router = APIRouter(route_class=PageRoute)


@router.get("/projects", include_in_schema=False)
def my_projects(request: Request, page: Page) -> Response:
    listing = Listing.of(request, SORTABLE, DEFAULT_SORT)
    items, total = overview.list_my_projects(
        page.session,
        page.principal,
        sort=listing.sort,
        limit=listing.per_page,
        offset=listing.offset,
    )
    context = {
        "listing": listing,
        "project_table": project_table(
            items,
            overview.resource_names(page.session, (p.manager_id for p in items)),
            page.lang,
        ),
        "total": total,
    }
    return page.render("my_projects.html", context)


def _project_page(
    page: PageContext, project_id: int, tab: str | None, form: EditForm | None, status: int = 200
) -> Response:
    project = projects.get_project(page.session, page.principal, project_id)
    editable = authz.can_edit_project(page.principal, project)
    tab_name, tab_data = project_tabs.load_tab(page, project.id, tab)
    if editable and form is None:
        form = project_form.blank_form(project)
    context = {
        "project": project,
        "tab": tab_name,
        "tabs": list(project_tabs.TABS),
        "counts": overview.project_part_counts(page.session, project.id),
        "editable": editable,
        "form": form,
        **tab_data,
    }
    return page.render("project.html", context, status_code=status)


@router.get("/projects/{project_id}", include_in_schema=False)
def project_page(project_id: int, page: Page, tab: str | None = None) -> Response:
    return _project_page(page, project_id, tab, None)


@router.post("/projects/{project_id}", include_in_schema=False)
def save_project(project_id: int, page: Page, form: Form) -> Response:
    project = projects.get_project(page.session, page.principal, project_id)
    authz.ensure_can_edit_project(page.principal, project)
    refused = project_form.submit(page, project, form)
    if refused is None:
        flash(page.request, "web.project.saved", code=project.code)
        return RedirectResponse(f"/projects/{project_id}", status_code=303)
    return _project_page(page, project_id, "overview", refused, refused.status)
