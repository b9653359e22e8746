"""Dated exceptions of a project's working calendar, and the task calendars of a project.

A project's calendar is its ``calendar`` kind (Monday to Friday, with or without Chinese
public holidays) worked ``work_hours`` on its ``workdays``; the rows here override single
dates on top of that, the way a Microsoft Project calendar's exceptions do.

A :class:`TaskCalendar` is a calendar some tasks of the project work instead (a night shift,
a seven-day week, 24 hours): its own week and dated exceptions on top of a base, either the
project's calendar (its holidays and exceptions inherited) or a built-in kind.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from openpmo.db.base import Base, Versioned, str_enum
from openpmo.enums import CalendarKind


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


class TaskCalendar(Versioned, Base):
    """A calendar tasks of one project may work instead of the project calendar.

    ``base`` ``None`` derives it from the project's calendar (holidays, 调休 and the project's
    exceptions inherited), else from the built-in ``china`` or ``standard`` calendar. The
    week is ``work_hours`` on ``workdays`` (ISO digits, 1 = Monday), except the weekdays
    ``weekday_hours`` gives hours of their own (``{"6": "09:00-12:00"}``); ``exceptions`` are
    ``{"day": "2025-10-01", "hours": ""}`` entries (``""`` a day off) that win over both.
    """

    __tablename__ = "task_calendars"
    __table_args__ = (Index("ix_task_calendars_project_name", "project_id", "name", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    base: Mapped[CalendarKind | None] = mapped_column(str_enum(CalendarKind), nullable=True)
    work_hours: Mapped[str] = mapped_column(String(100), default="08:00-12:00, 13:00-17:00")
    workdays: Mapped[str] = mapped_column(String(7), default="12345")
    weekday_hours: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    exceptions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
