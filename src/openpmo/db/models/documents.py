"""Document templates a PMO uploads to replace OpenPMO's built-in ones."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from openpmo.db.base import Base, Versioned, utcnow


class DocumentTemplate(Versioned, Base):
    """A PMO's own template of one kind of document in one language: used for every project
    the PMO governs (see ``services/documents.py``). Replacing it bumps ``version``."""

    __tablename__ = "document_templates"
    __table_args__ = (UniqueConstraint("pmo_id", "kind", "language"),)
    #: The file itself stays out of the audit log; its digest and size are in it.
    __audit_exclude__ = frozenset({"content"})

    id: Mapped[int] = mapped_column(primary_key=True)
    pmo_id: Mapped[int] = mapped_column(ForeignKey("pmos.id", ondelete="CASCADE"), index=True)
    #: ``charter``, ``plan``, ``risk_register`` or ``status_report``.
    kind: Mapped[str] = mapped_column(String(20))
    #: ``en`` or ``zh-CN``.
    language: Mapped[str] = mapped_column(String(10))
    file_name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
