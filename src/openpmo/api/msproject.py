"""``POST /projects/import`` (an MSPDI upload becomes a scheduled project) and
``GET /projects/{id}/export?format=mspdi``: thin wrappers of the MSPDI services."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Response, UploadFile, status

from openpmo.api.deps import ApiRoute, CurrentUser, DbSession
from openpmo.errors import FieldError, InvalidInput
from openpmo.io.msproject import read_mspdi_bytes
from openpmo.schemas.msproject import ImportRead
from openpmo.schemas.scheduling import ScheduleSummaryRead
from openpmo.services.msproject import ImportTarget, import_mspdi
from openpmo.services.msproject_export import export_mspdi

router = APIRouter(prefix="/projects", tags=["msproject"], route_class=ApiRoute)

#: Larger uploads are refused before parsing (a 20,000-task file is about 30 MB).
MAX_UPLOAD = 64 * 1024 * 1024
MSPDI_MEDIA_TYPE = "application/xml"


@router.post(
    "/import",
    response_model=ImportRead,
    status_code=status.HTTP_201_CREATED,
    name="import_project",
)
def import_project(
    session: DbSession,
    principal: CurrentUser,
    file: Annotated[UploadFile, File(description="A Microsoft Project XML (MSPDI) file.")],
    code: Annotated[str | None, Form()] = None,
    org_unit_id: Annotated[int | None, Form()] = None,
    portfolio_id: Annotated[int | None, Form()] = None,
    program_id: Annotated[int | None, Form()] = None,
) -> Any:
    data = file.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InvalidInput(
            [FieldError(("body", "file"), "error.field.too_large", {"max": MAX_UPLOAD})]
        )
    try:
        source = read_mspdi_bytes(data, file.filename or "upload.xml")
    except ValueError as error:
        raise InvalidInput(
            [FieldError(("body", "file"), "error.field.mspdi", {"msg": str(error)})]
        ) from None
    target = ImportTarget(
        code=code, org_unit_id=org_unit_id, portfolio_id=portfolio_id, program_id=program_id
    )
    result = import_mspdi(session, principal, source, target)
    summary = result.schedule
    return ImportRead(
        project_id=result.project.id,
        code=result.project.code,
        tasks=result.tasks,
        links=result.links,
        calendar_exceptions=result.calendar_exceptions,
        schedule=None if summary is None else ScheduleSummaryRead.model_validate(summary),
        notes=list(result.notes),
    )


@router.get(
    "/{project_id}/export",
    response_class=Response,
    name="export_project",
    responses={200: {"content": {MSPDI_MEDIA_TYPE: {}}}},
)
def export_project(
    session: DbSession,
    principal: CurrentUser,
    project_id: int,
    format: Literal["mspdi"] = "mspdi",
) -> Response:
    data = export_mspdi(session, principal, project_id)
    return Response(
        content=data,
        media_type=MSPDI_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="project-{project_id}.xml"'},
    )
