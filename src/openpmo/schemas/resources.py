"""Resources of the pool and their skills."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import EmailStr, Field, model_validator

from openpmo.enums import CalendarKind, ResourceKind
from openpmo.schemas.common import Currency, Input, Name, Read, Update, VersionedRead

Hours = Annotated[float, Field(ge=0, le=168)]
Rate = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]
Share = Annotated[float, Field(gt=0, le=1)]
Workdays = Annotated[str, Field(pattern=r"^[1-7]{1,7}$")]
JobRole = Annotated[str, Field(min_length=1, max_length=80)]


class SkillLevel(Input):
    skill: Name
    level: int = Field(ge=1, le=5)


class SkillLevelRead(Read):
    skill: str
    skill_zh: str | None = None
    level: int

    @model_validator(mode="before")
    @classmethod
    def _from_record(cls, value: Any) -> Any:
        """A stored ``ResourceSkill`` carries its skill as a record; flatten its names."""
        skill = getattr(value, "skill", None)
        if skill is not None and not isinstance(skill, str):
            return {"skill": skill.name, "skill_zh": skill.name_zh, "level": value.level}
        return value


class ResourceCreate(Input):
    name: Name
    name_zh: Name | None = None
    kind: ResourceKind = ResourceKind.PERSON
    email: EmailStr | None = None
    title: Annotated[str, Field(max_length=120)] | None = None
    org_unit_id: int | None = None
    user_id: int | None = None
    role: JobRole | None = None
    capacity_hours_per_week: Hours = 40.0
    employment_share: Share = 1.0
    calendar: CalendarKind = CalendarKind.CHINA
    workdays: Workdays = "12345"
    cost_rate: Rate = Decimal("0")
    currency: Currency = "CNY"
    skills: list[SkillLevel] = Field(default_factory=list)


class ResourceUpdate(Update):
    name: Name | None = None
    name_zh: Name | None = None
    kind: ResourceKind | None = None
    email: EmailStr | None = None
    title: Annotated[str, Field(max_length=120)] | None = None
    org_unit_id: int | None = None
    user_id: int | None = None
    role: JobRole | None = None
    capacity_hours_per_week: Hours | None = None
    employment_share: Share | None = None
    calendar: CalendarKind | None = None
    workdays: Workdays | None = None
    cost_rate: Rate | None = None
    currency: Currency | None = None
    is_active: bool | None = None
    skills: list[SkillLevel] | None = None


class ResourceRead(VersionedRead):
    name: str
    name_zh: str | None
    kind: ResourceKind
    email: str | None
    title: str | None
    org_unit_id: int | None
    user_id: int | None
    role: str | None = None
    capacity_hours_per_week: float
    employment_share: float = 1.0
    calendar: CalendarKind = CalendarKind.CHINA
    workdays: str = "12345"
    cost_rate: Decimal
    currency: str
    is_active: bool
    skills: list[SkillLevelRead] = Field(default_factory=list)
