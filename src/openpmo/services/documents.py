"""A project's documents filled from its data, and the templates PMOs upload for them.

Which template fills a project's document: the template of that kind and language of the
nearest PMO governing the project (the PMO of its org unit, else of the unit above, up to
the enterprise), else OpenPMO's built-in one. An upload is checked whole before anything
is stored (:func:`openpmo.io.documents.inspect_template`); replacing or deleting a stored
template needs the version the client read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.base import utcnow
from openpmo.db.models import DocumentTemplate, OrgUnit, Pmo
from openpmo.enums import Role
from openpmo.errors import Conflict, FieldError, InvalidInput, NotFound
from openpmo.i18n import LANGUAGES
from openpmo.io.documents import (
    FORMATS,
    KIND_VARS,
    MEDIA_TYPES,
    Problem,
    Var,
    builtin_template,
    inspect_template,
    render_template,
)
from openpmo.services import authz, crud
from openpmo.services.document_context import build_context
from openpmo.services.principal import Principal

__all__ = [
    "KINDS",
    "MAX_TEMPLATE_BYTES",
    "FilledDocument",
    "TemplateUpload",
    "builtin_file",
    "content_disposition",
    "delete_template",
    "get_template",
    "governing_templates",
    "list_templates",
    "render_project_document",
    "template_file",
    "upload_template",
    "vocabulary",
]

#: The kinds a project's documents can be made of, with their placeholders.
KINDS: dict[str, tuple[Var, ...]] = dict(KIND_VARS)
#: Larger uploads are refused before they are opened.
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FilledDocument:
    """A project's document: the file, its media type and name, and which template made it
    (``template_id`` ``None``: OpenPMO's built-in)."""

    content: bytes
    media_type: str
    file_name: str
    template_id: int | None


@dataclass(frozen=True)
class TemplateUpload:
    """A file a PMO sends as its template of ``kind`` in ``language``."""

    kind: str
    language: str
    file_name: str
    content: bytes


def content_disposition(file_name: str) -> str:
    """An attachment header naming the file in ASCII and (RFC 6266) in UTF-8."""
    plain = file_name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(file_name)}"


def _kind(kind: str, loc: tuple[str | int, ...] = ("path", "kind")) -> tuple[Var, ...]:
    if kind not in KINDS:
        raise InvalidInput([FieldError(loc, "error.field.enum", {"expected": ", ".join(KINDS)})])
    return KINDS[kind]


def _language(language: str, loc: tuple[str | int, ...] = ("query", "language")) -> str:
    if language not in LANGUAGES:
        params = {"expected": ", ".join(LANGUAGES)}
        raise InvalidInput([FieldError(loc, "error.field.enum", params)])
    return language


def vocabulary(kind: str) -> tuple[Var, ...]:
    """The placeholders of ``kind`` (a 422 naming the kinds when there is no such kind)."""
    return _kind(kind)


def builtin_file(kind: str, language: str) -> bytes:
    """OpenPMO's own template of ``kind``: the place to start a PMO's own from."""
    _kind(kind)
    return builtin_template(kind, _language(language))


def _pmo_chain(session: Session, org_unit_id: int) -> list[int]:
    """The ids of the PMOs governing ``org_unit_id``, the nearest first."""
    parents: dict[int, int | None] = dict(
        session.execute(select(OrgUnit.id, OrgUnit.parent_id)).all()
    )
    by_unit: dict[int, list[int]] = {}
    for pmo_id, unit_id in session.execute(select(Pmo.id, Pmo.org_unit_id).order_by(Pmo.id)):
        by_unit.setdefault(unit_id, []).append(pmo_id)
    chain: list[int] = []
    unit: int | None = org_unit_id
    seen: set[int] = set()
    while unit is not None and unit not in seen:
        chain.extend(by_unit.get(unit, []))
        seen.add(unit)
        unit = parents.get(unit)
    return chain


def _governing_template(
    session: Session, org_unit_id: int, kind: str, language: str
) -> DocumentTemplate | None:
    chain = _pmo_chain(session, org_unit_id)
    if not chain:
        return None
    found = {
        t.pmo_id: t
        for t in session.scalars(
            select(DocumentTemplate).where(
                DocumentTemplate.pmo_id.in_(chain),
                DocumentTemplate.kind == kind,
                DocumentTemplate.language == language,
            )
        )
    }
    return next((found[p] for p in chain if p in found), None)


def governing_templates(
    session: Session, principal: Principal, project_id: int, language: str
) -> dict[str, tuple[DocumentTemplate, Pmo]]:
    """Per kind, the PMO template a project's document in ``language`` is made from (a kind
    missing here is made from the built-in template)."""
    project = authz.load_project(session, principal, project_id)
    chain = _pmo_chain(session, project.org_unit_id)
    found: dict[str, tuple[DocumentTemplate, Pmo]] = {}
    rows = session.execute(
        select(DocumentTemplate, Pmo)
        .join(Pmo, Pmo.id == DocumentTemplate.pmo_id)
        .where(DocumentTemplate.pmo_id.in_(chain), DocumentTemplate.language == language)
    ).all()
    for template, pmo in sorted(rows, key=lambda row: chain.index(row[0].pmo_id)):
        found.setdefault(template.kind, (template, pmo))
    return found


def render_project_document(
    session: Session, principal: Principal, project_id: int, kind: str, language: str
) -> FilledDocument:
    """The project's ``kind`` document in ``language``, from the governing PMO's template
    or the built-in one; anyone who may read the project may have it."""
    _kind(kind)
    _language(language)
    project = authz.load_project(session, principal, project_id)
    stored = _governing_template(session, project.org_unit_id, kind, language)
    template = stored.content if stored else builtin_template(kind, language)
    context = build_context(session, principal, project, kind, language)
    file_format = FORMATS[kind]
    return FilledDocument(
        content=render_template(file_format, template, context),
        media_type=MEDIA_TYPES[file_format],
        file_name=f"{project.code}-{kind}-{language}.{file_format}",
        template_id=stored.id if stored else None,
    )


def list_templates(session: Session, principal: Principal, pmo_id: int) -> list[DocumentTemplate]:
    """The PMO's own templates, by kind and language."""
    crud.get_one(session, Pmo, pmo_id, "pmo")
    return list(
        session.scalars(
            select(DocumentTemplate)
            .where(DocumentTemplate.pmo_id == pmo_id)
            .order_by(DocumentTemplate.kind, DocumentTemplate.language)
        )
    )


def get_template(session: Session, principal: Principal, template_id: int) -> DocumentTemplate:
    return crud.get_one(session, DocumentTemplate, template_id, "document_template")


def template_file(session: Session, principal: Principal, template_id: int) -> DocumentTemplate:
    """The stored template with its content loaded (for download)."""
    template = get_template(session, principal, template_id)
    _ = template.content
    return template


def _ensure_manager(principal: Principal, pmo: Pmo) -> None:
    authz.ensure_role(principal, Role.PMO, action="manage_templates")
    authz.ensure_pmo_scope(principal, pmo.org_unit_id)


def _file_errors(upload: TemplateUpload) -> list[FieldError]:
    """The upload's problems as field errors at ``file`` (``file.Risks!B7``, ...)."""
    expected = FORMATS[upload.kind]
    suffix = PurePath(upload.file_name).suffix.lower().lstrip(".")
    if suffix != expected:
        params = {"expected": f".{expected}", "name": upload.file_name, "kind": upload.kind}
        return [FieldError(("body", "file"), "error.template.wrong_type", params)]
    if not upload.content:
        return [FieldError(("body", "file"), "error.template.empty")]
    if len(upload.content) > MAX_TEMPLATE_BYTES:
        return [FieldError(("body", "file"), "error.field.too_large", {"max": MAX_TEMPLATE_BYTES})]
    problems = inspect_template(expected, upload.content, KINDS[upload.kind])
    return [_field_error(p) for p in problems]


def _field_error(problem: Problem) -> FieldError:
    loc: tuple[str, ...] = (
        ("body", "file") if problem.where == "file" else ("body", "file", problem.where)
    )
    return FieldError(loc, problem.key, problem.params)


def upload_template(
    session: Session,
    principal: Principal,
    pmo_id: int,
    upload: TemplateUpload,
    *,
    version: int | None = None,
) -> DocumentTemplate:
    """Store the PMO's template of a kind and language, after checking it whole.

    A template of that kind and language already there is replaced only when ``version``
    is the stored one (:class:`Conflict` without a version, ``StaleVersion`` when stale).
    """
    pmo = crud.get_one(session, Pmo, pmo_id, "pmo")
    _ensure_manager(principal, pmo)
    _kind(upload.kind, ("body", "kind"))
    _language(upload.language, ("body", "language"))
    errors = _file_errors(upload)
    if errors:
        raise InvalidInput(errors)
    record = session.scalar(
        select(DocumentTemplate).where(
            DocumentTemplate.pmo_id == pmo.id,
            DocumentTemplate.kind == upload.kind,
            DocumentTemplate.language == upload.language,
        )
    )
    if record is None:
        record = DocumentTemplate(pmo_id=pmo.id, kind=upload.kind, language=upload.language)
        session.add(record)
    elif version is None:
        raise Conflict(
            "error.template.exists",
            kind=upload.kind,
            template_language=upload.language,
            current=record.version,
        )
    else:
        crud.check_version(record, version, "document_template")
    record.file_name = PurePath(upload.file_name).name[:255]
    record.content = upload.content
    record.size = len(upload.content)
    record.sha256 = hashlib.sha256(upload.content).hexdigest()
    record.uploaded_by_id = principal.user_id
    record.uploaded_at = utcnow()
    session.flush()
    return record


def delete_template(
    session: Session, principal: Principal, template_id: int, *, version: int | None
) -> None:
    """Remove a PMO's template (its projects go back to the next PMO's or the built-in)."""
    record = get_template(session, principal, template_id)
    pmo = crud.get_one(session, Pmo, record.pmo_id, "pmo")
    _ensure_manager(principal, pmo)
    crud.check_version(record, version, "document_template")
    session.delete(record)
    session.flush()


def find_template(session: Session, pmo_id: int, kind: str, language: str) -> DocumentTemplate:
    """The PMO's stored template of ``kind`` in ``language``, or :class:`NotFound`."""
    found = session.scalar(
        select(DocumentTemplate).where(
            DocumentTemplate.pmo_id == pmo_id,
            DocumentTemplate.kind == kind,
            DocumentTemplate.language == language,
        )
    )
    if found is None:
        raise NotFound(entity="document_template", id=f"{kind}/{language}")
    return found
