"""Document templates and the placeholder vocabulary of each kind of document."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from openpmo.schemas.common import VersionedRead

__all__ = ["DocumentTemplateRead", "PlaceholderRead", "VocabularyRead"]


class DocumentTemplateRead(VersionedRead):
    """A PMO's stored template (the file itself: ``GET /document-templates/{id}/file``)."""

    pmo_id: int
    kind: str
    language: str
    file_name: str
    size: int
    sha256: str
    uploaded_by_id: int | None
    uploaded_at: datetime


class PlaceholderRead(BaseModel):
    """A placeholder: ``type`` is text, integer, number, money, percent (0-100), fraction
    (0-1), date, boolean, object (has ``fields``) or list (of objects with ``fields``)."""

    name: str
    type: str
    description: str
    description_zh: str
    fields: list[PlaceholderRead] = []


class VocabularyRead(BaseModel):
    kind: str
    format: str
    placeholders: list[PlaceholderRead]
    filters: list[str]
