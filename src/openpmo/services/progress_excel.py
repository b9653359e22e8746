"""Progress as an Excel workbook: the template of a project, and its upload.

An upload is all or nothing: every bad cell (not a number, not a date, a percentage over
100, a finish before its start, a task of another project ...) is reported at once as
``file.Progress!D7`` and nothing is written.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import StatusDate, Task
from openpmo.errors import FieldError, InvalidInput
from openpmo.io.progress_xlsx import column_letters, read_progress, write_template
from openpmo.services import authz
from openpmo.services.principal import Principal
from openpmo.services.progress import (
    ProgressEntry,
    find_status_date,
    progress_rows,
    record_progress,
    validate_entries,
)

__all__ = ["progress_template", "upload_progress"]


def progress_template(
    session: Session, principal: Principal, project_id: int, status_date: date | None = None
) -> bytes:
    """The workbook to fill in: every task with its progress at the latest status date
    on or before ``status_date`` (the tasks' own values if there is none)."""
    project = authz.load_project(session, principal, project_id)
    rows = []
    if find_status_date(session, project_id, status_date) is not None:
        _, pairs = progress_rows(session, principal, project_id, status_date)
        for task, p in pairs:
            source = p if p is not None else task
            rows.append(
                [
                    task.id,
                    task.wbs,
                    task.name,
                    source.percent_complete,
                    source.remaining_days,
                    source.actual_start,
                    source.actual_finish,
                    p.actual_hours if p is not None else None,
                    float(p.actual_cost) if p is not None else None,
                ]
            )
    else:
        for task in session.scalars(
            select(Task).where(Task.project_id == project.id).order_by(Task.wbs, Task.id)
        ):
            rows.append(
                [
                    task.id,
                    task.wbs,
                    task.name,
                    task.percent_complete,
                    task.remaining_days,
                    task.actual_start,
                    task.actual_finish,
                    None,
                    None,
                ]
            )
    return write_template(rows)


def _cell(letters: dict[str, str], row: int, name: str) -> tuple[str, str]:
    return ("file", f"Progress!{letters.get(name, '?')}{row}")


def upload_progress(
    session: Session,
    principal: Principal,
    project_id: int,
    *,
    status_date: date,
    data: bytes,
) -> tuple[StatusDate, int]:
    """Record the workbook's progress as of ``status_date``; returns the snapshot and how
    many tasks it set."""
    project = authz.load_project(session, principal, project_id)
    authz.ensure_can_edit_project(principal, project)
    rows, cell_errors = read_progress(data)
    errors = [FieldError(("file", e.cell), e.key, e.params) for e in cell_errors]
    letters = column_letters(data) if rows else {}
    entries: list[ProgressEntry] = []
    numbers: list[int] = []
    for number, values in rows:
        if "task_id" not in values:
            errors.append(FieldError(_cell(letters, number, "task_id"), "error.field.missing"))
            continue
        entries.append(ProgressEntry(**values))
        numbers.append(number)
    for e in validate_entries(session, project_id, status_date, entries):
        index = int(str(e.loc[1]).removeprefix("tasks[").removesuffix("]"))
        errors.append(FieldError(_cell(letters, numbers[index], str(e.loc[2])), e.key, e.params))
    if errors:
        raise InvalidInput(errors)
    snapshot = record_progress(
        session, principal, project_id, status_date=status_date, entries=entries
    )
    return snapshot, len(entries)
