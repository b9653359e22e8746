"""Who may read and write what, by role and by project.

- ``admin`` does everything.
- ``pmo`` edits everything inside its PMO's org-unit subtree (all of it for an
  enterprise PMO) and the shared registers (objectives, portfolios, programs, org units).
- ``executive`` reads everything and edits nothing here (it approves, in later workflows).
- ``project_manager`` edits the projects it manages, with their tasks, links, risks, issues.
- ``resource_manager`` edits the resource pool.
- ``member`` reads the projects it works on, and nothing else of projects.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.orm import Session

from openpmo.db.models import Project, Task, project_members
from openpmo.enums import Role
from openpmo.errors import Forbidden, NotFound
from openpmo.services.principal import Principal

__all__ = [
    "can_edit_project",
    "ensure_can_edit_project",
    "ensure_can_read_project",
    "ensure_role",
    "visible_projects",
]


def ensure_role(principal: Principal, *roles: Role, action: str = "write") -> None:
    """Refuse unless the principal has one of ``roles`` (admin always has)."""
    if principal.role is not Role.ADMIN and principal.role not in roles:
        raise Forbidden(role=principal.role.value, action=action)


def _in_scope(principal: Principal, org_unit_id: int | None) -> bool:
    return principal.scope is None or org_unit_id in principal.scope


def can_edit_project(principal: Principal, project: Project) -> bool:
    if principal.role is Role.ADMIN:
        return True
    if principal.role is Role.PMO:
        return _in_scope(principal, project.org_unit_id)
    if principal.role is Role.PROJECT_MANAGER:
        return principal.resource_id is not None and project.manager_id == principal.resource_id
    return False


def ensure_can_edit_project(principal: Principal, project: Project) -> None:
    if not can_edit_project(principal, project):
        raise Forbidden(role=principal.role.value, action="edit_project", project=project.code)


def ensure_pmo_scope(principal: Principal, org_unit_id: int | None) -> None:
    """A PMO user may only place things in org units it governs."""
    if principal.role is Role.PMO and not _in_scope(principal, org_unit_id):
        raise Forbidden(role=principal.role.value, action="outside_scope")


def visible_projects(principal: Principal) -> ColumnElement[bool]:
    """A WHERE clause selecting the projects the principal may read."""
    if principal.role is not Role.MEMBER:
        return true()
    if principal.resource_id is None:
        return Project.id.is_(None)
    rid = principal.resource_id
    return or_(
        Project.manager_id == rid,
        Project.id.in_(
            select(project_members.c.project_id).where(project_members.c.resource_id == rid)
        ),
        Project.id.in_(select(Task.project_id).where(Task.assignee_id == rid)),
    )


def ensure_can_read_project(session: Session, principal: Principal, project: Project) -> None:
    """Members see only their projects; a project they do not work on is forbidden."""
    if principal.role is not Role.MEMBER:
        return
    visible = session.scalar(
        select(Project.id).where(Project.id == project.id, visible_projects(principal))
    )
    if visible is None:
        raise Forbidden(role=principal.role.value, action="read_project", project=project.code)


def load_project(session: Session, principal: Principal, project_id: int) -> Project:
    """The project if it exists and the principal may read it."""
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(entity="project", id=project_id)
    ensure_can_read_project(session, principal, project)
    return project
