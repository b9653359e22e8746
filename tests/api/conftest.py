"""A small organisation with one user per role, shared by the API tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from openpmo.db.models import OrgUnit, Project, User
from openpmo.enums import PmoLevel, PmoType, Role
from tests import factories as f


@dataclass
class World:
    enterprise: OrgUnit
    dept_a: OrgUnit
    dept_b: OrgUnit
    users: dict[str, User]
    project_a: Project  # in dept A, managed by project_manager, member works on it
    project_b: Project  # in dept B, managed by another project manager
    headers: dict[str, dict[str, str]]


@pytest.fixture
def world(session: Session, headers_for: Callable[..., dict[str, str]]) -> World:
    enterprise = f.org_unit(session)
    dept_a = f.org_unit(session, parent=enterprise)
    dept_b = f.org_unit(session, parent=enterprise)
    dept_pmo = f.pmo(session, dept_a, type=PmoType.DIRECTIVE, level=PmoLevel.DEPARTMENT)
    users = {
        "admin": f.user(session, Role.ADMIN),
        "pmo": f.user(session, Role.PMO, pmo_id=dept_pmo.id),
        "executive": f.user(session, Role.EXECUTIVE),
        "project_manager": f.user(session, Role.PROJECT_MANAGER),
        "other_pm": f.user(session, Role.PROJECT_MANAGER),
        "resource_manager": f.user(session, Role.RESOURCE_MANAGER),
        "member": f.user(session, Role.MEMBER),
    }
    project_a = f.project(session, dept_a, manager=f.person_of(session, users["project_manager"]))
    project_b = f.project(session, dept_b, manager=f.person_of(session, users["other_pm"]))
    project_a.members.append(f.person_of(session, users["member"]))
    session.commit()
    headers = {name: headers_for(u) for name, u in users.items()}
    return World(enterprise, dept_a, dept_b, users, project_a, project_b, headers)
