"""The organisation-wide resource pool: people with skills, capacity and cost rates."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import AuditEntry, Resource, ResourceSkill, Skill
from openpmo.enums import Role
from openpmo.schemas.resources import ResourceCreate, ResourceUpdate, SkillLevel
from openpmo.services import authz, crud
from openpmo.services.principal import Principal
from openpmo.services.registers import Register

__all__ = ["create_resource", "resources", "role_names", "skill_options", "update_resource"]

resources: Register[Resource] = Register(
    entity="resource",
    model=Resource,
    search=("name", "name_zh", "email", "title"),
    sortable=("name", "org_unit_id", "capacity_hours_per_week", "cost_rate", "kind"),
    default_sort="name",
    filters=("org_unit_id", "kind", "is_active"),
    editors=(Role.RESOURCE_MANAGER, Role.PMO),
)


def _skills(session: Session, levels: list[SkillLevel]) -> list[ResourceSkill]:
    names = {level.skill for level in levels}
    known = {s.name: s for s in session.scalars(select(Skill).where(Skill.name.in_(names)))}
    result = []
    for level in levels:
        skill = known.get(level.skill)
        if skill is None:
            skill = known[level.skill] = Skill(name=level.skill)
            session.add(skill)
        result.append(ResourceSkill(skill=skill, level=level.level))
    return result


def create_resource(session: Session, principal: Principal, data: ResourceCreate) -> Resource:
    authz.ensure_role(principal, *resources.editors)
    resource = Resource()
    crud.assign(session, resource, data.model_dump(exclude={"skills"}))
    resource.skills = _skills(session, data.skills)
    session.flush()
    return resource


def update_resource(
    session: Session,
    principal: Principal,
    resource_id: int,
    data: ResourceUpdate,
    *,
    version: int | None = None,
) -> Resource:
    resource = resources.get(session, principal, resource_id)
    authz.ensure_role(principal, *resources.editors)
    crud.check_version(resource, version if version is not None else data.version, "resource")
    crud.assign(
        session, resource, data.model_dump(exclude_unset=True, exclude={"version", "skills"})
    )
    if data.skills is not None:
        before = _levels(resource)
        resource.skills = _skills(session, data.skills)
        _audit_skills(session, resource, before)
    session.flush()
    return resource


def _levels(resource: Resource) -> list[list[Any]]:
    return sorted([rs.skill.name, rs.level] for rs in resource.skills)


def _audit_skills(session: Session, resource: Resource, before: list[list[Any]]) -> None:
    """Skills are rows of their own, not audited one by one: a change of them is recorded
    as the resource's, so that caches of what is read from them (the capacity page by skill)
    see it."""
    after = _levels(resource)
    if after != before:
        session.add(
            AuditEntry(
                user_id=session.info.get("actor_id"),
                entity="resource",
                entity_id=resource.id,
                action="update",
                before={"skills": before},
                after={"skills": after},
            )
        )


def skill_options(session: Session) -> list[tuple[int, str, str | None]]:
    """Every skill as ``(id, name, None)`` for a select, by name."""
    rows = session.execute(select(Skill.id, Skill.name).order_by(Skill.name)).all()
    return [(sid, name, None) for sid, name in rows]


def role_names(session: Session) -> list[str]:
    """The distinct job roles of active resources, by name."""
    stmt = (
        select(Resource.role)
        .where(Resource.role.is_not(None), Resource.is_active.is_(True))
        .distinct()
        .order_by(Resource.role)
    )
    return [r for r in session.scalars(stmt) if r]
