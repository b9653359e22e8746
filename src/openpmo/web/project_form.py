"""The project edit form: what it shows, and what a POST of it changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpmo.db.models import Project
from openpmo.enums import PROJECT_TRANSITIONS, Methodology
from openpmo.errors import Conflict, FieldError, InvalidInput
from openpmo.i18n import translate
from openpmo.schemas.strategy import ProjectUpdate
from openpmo.services import projects
from openpmo.web import forms
from openpmo.web.deps import PageContext
from openpmo.web.listing import int_param

__all__ = ["EDITABLE", "EditForm", "blank_form", "submit"]

#: The fields the form edits, in the order it shows them.
EDITABLE = (
    "name",
    "name_zh",
    "status",
    "methodology",
    "current_phase",
    "priority",
    "budget",
    "currency",
    "planned_start",
    "planned_finish",
    "description",
)


@dataclass
class EditForm:
    """The values shown in the form, the errors beside its fields and one at its top."""

    values: dict[str, str]
    version: str
    errors: dict[str, str] = field(default_factory=dict)
    alert: str = ""
    status: int = 200
    status_choices: list[str] = field(default_factory=list)
    methodologies: list[str] = field(default_factory=lambda: [m.value for m in Methodology])


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(getattr(value, "value", value))


def _status_choices(project: Project) -> list[str]:
    allowed = PROJECT_TRANSITIONS[project.status]
    return [project.status.value, *sorted(s.value for s in allowed)]


def blank_form(project: Project) -> EditForm:
    """The form filled with the stored project."""
    values = {name: _text(getattr(project, name)) for name in EDITABLE}
    return EditForm(values, str(project.version), status_choices=_status_choices(project))


def _refill(project: Project, posted: dict[str, str]) -> EditForm:
    values = {name: posted.get(name, "") for name in EDITABLE}
    return EditForm(values, posted.get("version", ""), status_choices=_status_choices(project))


def _field_errors(form: EditForm, errors: list[FieldError], lang: str) -> None:
    messages = forms.field_messages(errors, lang)
    for name, message in messages.items():
        if name in EDITABLE:
            form.errors[name] = message
        else:
            label = translate(f"web.project.{name}", lang)
            form.alert = f"{label}: {message}"
    if not form.alert:
        form.alert = translate("web.form.fix_errors", lang)


def submit(page: PageContext, project: Project, posted: dict[str, str]) -> EditForm | None:
    """Apply the posted form; ``None`` when saved, else the form to show again."""
    data, errors = forms.parse(ProjectUpdate, posted, EDITABLE, required=("name",))
    version = int_param(posted.get("version"))
    conflict: Conflict | None = None
    if data is not None:
        try:
            projects.update_project(page.session, page.principal, project.id, data, version=version)
            return None
        except InvalidInput as exc:
            errors = exc.errors
        except Conflict as exc:
            conflict = exc
    page.session.rollback()  # nothing of a refused form may be kept
    form = _refill(project, posted)
    if conflict is not None:
        form.alert, form.status = forms.conflict_text(conflict, page.lang), 409
    else:
        _field_errors(form, errors, page.lang)
        form.status = 422
    return form
