"""A project's documents filled from its data, and the templates PMOs upload for them:
thin wrappers of :mod:`openpmo.services.documents`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Header, Response, UploadFile, status

from openpmo.api.deps import ApiRoute, CurrentUser, DbSession, IfMatch, etag, parse_if_match
from openpmo.errors import FieldError, InvalidInput
from openpmo.i18n import negotiate
from openpmo.io.documents import FORMATS, MEDIA_TYPES, Var
from openpmo.io.documents.jinja import FILTERS
from openpmo.schemas.documents import DocumentTemplateRead, PlaceholderRead, VocabularyRead
from openpmo.services import documents
from openpmo.services.principal import Principal

__all__ = ["router"]

attachment = documents.content_disposition

router = APIRouter(tags=["documents"], route_class=ApiRoute)


def _language(language: str | None, accept: str | None, principal: Principal) -> str:
    if language is not None:
        return language
    return negotiate(accept) if accept else principal.language


def _placeholder(var: Var) -> PlaceholderRead:
    return PlaceholderRead(
        name=var.name,
        type=var.kind,
        description=var.doc,
        description_zh=var.doc_zh,
        fields=[_placeholder(f) for f in var.fields],
    )


@router.get(
    "/projects/{project_id}/documents/{kind}",
    response_class=Response,
    name="project_document",
    responses={200: {"content": {m: {} for m in MEDIA_TYPES.values()}}},
)
def project_document(
    session: DbSession,
    principal: CurrentUser,
    project_id: int,
    kind: str,
    language: str | None = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> Response:
    """The project's charter, plan (Word) or risk register (Excel), filled now."""
    lang = _language(language, accept_language, principal)
    filled = documents.render_project_document(session, principal, project_id, kind, lang)
    source = "builtin" if filled.template_id is None else str(filled.template_id)
    return Response(
        content=filled.content,
        media_type=filled.media_type,
        headers={
            "Content-Disposition": attachment(filled.file_name),
            "X-OpenPMO-Template": source,
        },
    )


@router.get(
    "/document-templates/vocabulary/{kind}",
    response_model=VocabularyRead,
    name="document_vocabulary",
)
def vocabulary(principal: CurrentUser, kind: str) -> Any:
    """Every placeholder a template of ``kind`` may use, with its type and meaning."""
    variables = documents.vocabulary(kind)
    return VocabularyRead(
        kind=kind,
        format=FORMATS[kind],
        placeholders=[_placeholder(v) for v in variables],
        filters=sorted(FILTERS),
    )


@router.get(
    "/document-templates/builtin/{kind}",
    response_class=Response,
    name="builtin_document_template",
    responses={200: {"content": {m: {} for m in MEDIA_TYPES.values()}}},
)
def builtin(principal: CurrentUser, kind: str, language: str = "en") -> Response:
    """OpenPMO's own template of ``kind``: a starting point for a PMO's own."""
    data = documents.builtin_file(kind, language)
    return Response(
        content=data,
        media_type=MEDIA_TYPES[FORMATS[kind]],
        headers={"Content-Disposition": attachment(f"{kind}.{language}.{FORMATS[kind]}")},
    )


@router.get(
    "/pmos/{pmo_id}/document-templates",
    response_model=list[DocumentTemplateRead],
    name="list_document_templates",
)
def list_templates(session: DbSession, principal: CurrentUser, pmo_id: int) -> Any:
    return documents.list_templates(session, principal, pmo_id)


#: Larger request bodies are cut before the service refuses them with a 422.
_READ_LIMIT = documents.MAX_TEMPLATE_BYTES + 1


@router.post(
    "/pmos/{pmo_id}/document-templates",
    response_model=DocumentTemplateRead,
    status_code=status.HTTP_201_CREATED,
    name="upload_document_template",
)
def upload_template(
    session: DbSession,
    principal: CurrentUser,
    pmo_id: int,
    response: Response,
    kind: Annotated[str, Form()],
    language: Annotated[str, Form()],
    file: Annotated[
        UploadFile, File(description="The template: .docx, or .xlsx for risk_register.")
    ],
    version: Annotated[int | None, Form()] = None,
    if_match: Annotated[str | None, Header()] = None,
) -> Any:
    """Check and store the PMO's template of ``kind`` in ``language``. Replacing the one
    already stored needs its version (``If-Match`` or the ``version`` field): 409 without."""
    given = parse_if_match(if_match) if if_match is not None else version
    if given is not None and version is not None and given != version:
        raise InvalidInput([FieldError(("body", "version"), "error.field.if_match")])
    upload = documents.TemplateUpload(
        kind=kind,
        language=language,
        file_name=file.filename or "",
        content=file.file.read(_READ_LIMIT),
    )
    record = documents.upload_template(session, principal, pmo_id, upload, version=given)
    if record.version > 1:
        response.status_code = status.HTTP_200_OK
    etag(response, record.version)
    return record


@router.get(
    "/document-templates/{template_id}",
    response_model=DocumentTemplateRead,
    name="get_document_template",
)
def get_template(
    session: DbSession, principal: CurrentUser, template_id: int, response: Response
) -> Any:
    record = documents.get_template(session, principal, template_id)
    etag(response, record.version)
    return record


@router.get(
    "/document-templates/{template_id}/file",
    response_class=Response,
    name="document_template_file",
    responses={200: {"content": {m: {} for m in MEDIA_TYPES.values()}}},
)
def template_file(session: DbSession, principal: CurrentUser, template_id: int) -> Response:
    """The stored template as uploaded."""
    record = documents.template_file(session, principal, template_id)
    return Response(
        content=record.content,
        media_type=MEDIA_TYPES[FORMATS[record.kind]],
        headers={
            "Content-Disposition": attachment(record.file_name),
            "ETag": f'W/"{record.version}"',
        },
    )


@router.delete(
    "/document-templates/{template_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    name="delete_document_template",
)
def delete_template(
    session: DbSession, principal: CurrentUser, template_id: int, version: IfMatch
) -> Response:
    """Remove the PMO's template (``If-Match`` with its version, or 422 / 409)."""
    documents.delete_template(session, principal, template_id, version=version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
