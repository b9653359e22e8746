"""Dated exceptions of a project's working calendar (holidays, extra working days).

A project's calendar is its ``calendar`` kind (Monday to Friday, with or without Chinese
public holidays) worked ``work_hours`` on its ``workdays``; the rows here override single
dates on top of that, the way a Microsoft Project calendar's exceptions do.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from openpmo.db.base import Base


class CalendarException(Base):
    """One date of a project's calendar: ``hours`` ``""`` is a day off, else its shifts
    (``"08:00-12:00, 13:00-17:00"``)."""

    __tablename__ = "calendar_exceptions"
    #: Written with the project by imports, whose creation is audited.
    __audited__ = False

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    hours: Mapped[str] = mapped_column(String(100), default="")
    name: Mapped[str | None] = mapped_column(String(200))
