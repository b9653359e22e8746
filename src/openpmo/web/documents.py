"""Documents in the web UI: a project's filled documents (downloads from its overview) and a
PMO's template page (list, upload with every problem listed, replace, delete)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import UploadFile
from starlette.responses import RedirectResponse, Response

from openpmo.enums import Role
from openpmo.errors import Conflict, FieldError, InvalidInput
from openpmo.i18n import LANGUAGES, translate
from openpmo.io.documents import FORMATS
from openpmo.services import authz, documents, pmos
from openpmo.web import csrf
from openpmo.web.deps import Page, PageContext, flash
from openpmo.web.errors import PageRoute

attachment = documents.content_disposition

__all__ = ["UploadForm", "documents_panel", "router"]

router = APIRouter(route_class=PageRoute)


@dataclass(frozen=True)
class Upload:
    """A posted upload form: its text fields and its file (CSRF checked)."""

    fields: dict[str, str]
    file_name: str
    content: bytes


async def checked_upload(request: Request) -> Upload:
    data = await request.form()
    try:
        csrf.check(request, data.get(csrf.FIELD))
        file = data.get("file")
        name, content = "", b""
        if isinstance(file, UploadFile):
            name = file.filename or ""
            content = await file.read(documents.MAX_TEMPLATE_BYTES + 1)
        fields = {k: v for k, v in data.items() if isinstance(v, str) and k != csrf.FIELD}
    finally:
        await data.close()
    return Upload(fields, name, content)


UploadData = Annotated[Upload, Depends(checked_upload)]


@dataclass
class UploadForm:
    """The upload form as shown again after a refusal: values and every problem, translated."""

    values: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)
    alert: str | None = None
    status: int = 200


def documents_panel(page: PageContext, project_id: int) -> dict[str, Any]:
    """What the project overview's Documents card shows: each kind and whose template."""
    return {
        "document_kinds": list(documents.KINDS),
        "document_formats": FORMATS,
        "document_sources": documents.governing_templates(
            page.session, page.principal, project_id, page.lang
        ),
        "document_languages": LANGUAGES,
    }


@router.get("/projects/{project_id}/documents/{kind}", include_in_schema=False)
def download_document(
    project_id: int, kind: str, page: Page, language: str | None = None
) -> Response:
    filled = documents.render_project_document(
        page.session, page.principal, project_id, kind, language or page.lang
    )
    return Response(
        filled.content,
        media_type=filled.media_type,
        headers={"Content-Disposition": attachment(filled.file_name)},
    )


def _templates_page(
    page: PageContext, pmo_id: int, form: UploadForm | None = None, replace: int | None = None
) -> Response:
    authz.ensure_role(page.principal, Role.PMO, action="admin")
    pmo = pmos.pmos.get(page.session, page.principal, pmo_id)
    stored = documents.list_templates(page.session, page.principal, pmo_id)
    form = form or UploadForm()
    replacing = next((t for t in stored if t.id == replace), None)
    if replacing is not None and not form.values:
        form.values = {
            "kind": replacing.kind,
            "language": replacing.language,
            "version": str(replacing.version),
        }
    context = {
        "section": "pmos",
        "pmo": pmo,
        "stored": stored,
        "form": form,
        "replacing": replacing,
        "kinds": list(documents.KINDS),
        "formats": FORMATS,
        "languages": LANGUAGES,
        "vocabulary": {k: documents.vocabulary(k) for k in documents.KINDS},
    }
    return page.render("admin/document_templates.html", context, status_code=form.status)


@router.get("/admin/pmos/{pmo_id}/templates", include_in_schema=False)
def templates_page(pmo_id: int, page: Page, replace: int | None = None) -> Response:
    return _templates_page(page, pmo_id, replace=replace)


def _problems(errors: list[FieldError], lang: str) -> list[tuple[str, str]]:
    return [(e.field, translate(e.key, lang, **e.params)) for e in errors]


@router.post("/admin/pmos/{pmo_id}/templates", include_in_schema=False)
def upload_template(pmo_id: int, page: Page, posted: UploadData) -> Response:
    values = posted.fields
    version_text = values.get("version", "").strip()
    upload = documents.TemplateUpload(
        kind=values.get("kind", ""),
        language=values.get("language", ""),
        file_name=posted.file_name,
        content=posted.content,
    )
    form = UploadForm(values=dict(values))
    try:
        if not posted.file_name:
            raise InvalidInput([FieldError(("body", "file"), "error.field.missing")])
        version = int(version_text) if version_text.isdigit() else None
        record = documents.upload_template(
            page.session, page.principal, pmo_id, upload, version=version
        )
    except InvalidInput as refused:
        page.session.rollback()
        form.problems = _problems(refused.errors, page.lang)
        form.alert = translate("web.templates.refused", page.lang)
        form.status = 422
        return _templates_page(page, pmo_id, form)
    except Conflict as conflict:
        page.session.rollback()
        params = {k: v for k, v in conflict.params.items() if k != "entity"}
        form.alert = translate(conflict.key, page.lang, **params)
        form.status = 409
        return _templates_page(page, pmo_id, form)
    flash(page.request, "web.templates.saved", name=record.file_name, version=record.version)
    return RedirectResponse(f"/admin/pmos/{pmo_id}/templates", status_code=303)


@router.post("/admin/pmos/{pmo_id}/templates/{template_id}/delete", include_in_schema=False)
def delete_template(pmo_id: int, template_id: int, page: Page, posted: UploadData) -> Response:
    version = posted.fields.get("version", "")
    documents.delete_template(
        page.session,
        page.principal,
        template_id,
        version=int(version) if version.isdigit() else None,
    )
    flash(page.request, "web.templates.deleted")
    return RedirectResponse(f"/admin/pmos/{pmo_id}/templates", status_code=303)


@router.get("/admin/document-templates/{template_id}/file", include_in_schema=False)
def template_file(template_id: int, page: Page) -> Response:
    record = documents.template_file(page.session, page.principal, template_id)
    return Response(
        record.content,
        media_type="application/octet-stream",
        headers={"Content-Disposition": attachment(record.file_name)},
    )


@router.get("/admin/document-templates/builtin/{kind}", include_in_schema=False)
def builtin_file(kind: str, page: Page, language: str = "en") -> Response:
    data = documents.builtin_file(kind, language)
    return Response(
        data,
        media_type="application/octet-stream",
        headers={"Content-Disposition": attachment(f"{kind}.{language}.{FORMATS[kind]}")},
    )
