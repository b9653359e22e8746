"""Role-based requests: submit, approve into allocations or reject; permissions and every bad
field at once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Allocation, Resource, ResourceSkill, Skill
from openpmo.enums import RequestStatus, Role
from openpmo.errors import Forbidden, IllegalTransition, InvalidInput
from openpmo.schemas.capacity import AllocationCreate, ApprovalCreate, RequestCreate
from openpmo.services.principal import Principal, load_principal
from openpmo.services.requests import create_request, decide_request, submit_request
from openpmo.services.resource_pool import allocations
from tests import factories as f


def _login(session: Session, role: Role) -> tuple[Principal, Resource]:
    user = f.user(session, role)
    return load_principal(session, user), f.person_of(session, user)


@pytest.fixture
def world(session: Session) -> dict[str, object]:
    unit = f.org_unit(session)
    pm, pm_person = _login(session, Role.PROJECT_MANAGER)
    rm, _ = _login(session, Role.RESOURCE_MANAGER)
    project = f.project(session, unit, manager=pm_person, code="APP")
    java = Skill(name="Java")
    session.add(java)
    session.flush()
    senior = f.resource(session, unit=unit, name="Senior", role="Developer")
    junior = f.resource(session, unit=unit, name="Junior", role="Developer")
    tester = f.resource(session, unit=unit, name="Tester", role="Tester")
    for who, level in ((senior, 5), (junior, 2), (tester, 4)):
        session.add(ResourceSkill(resource_id=who.id, skill_id=java.id, level=level))
    session.flush()
    return {"pm": pm, "rm": rm, "project": project, "senior": senior, "junior": junior,
            "tester": tester, "unit": unit}  # fmt: skip


def _request(session: Session, world: dict[str, object], **kw: object) -> object:
    values = {
        "project_id": world["project"].id,  # type: ignore[attr-defined]
        "role": "Developer",
        "skill": "Java",
        "min_level": 4,
        "count": 1,
        "start": date(2026, 3, 2),
        "finish": date(2026, 5, 29),
        "percent": 50.0,
        "submit": True,
        **kw,
    }
    return create_request(session, world["pm"], RequestCreate(**values))  # type: ignore[arg-type]


def test_approval_creates_allocations_of_the_named_people(
    session: Session, world: dict[str, object]
) -> None:
    request = _request(session, world)
    assert request.status is RequestStatus.SUBMITTED  # type: ignore[attr-defined]
    decided = decide_request(
        session,
        world["rm"],  # type: ignore[arg-type]
        request.id,  # type: ignore[attr-defined]
        ApprovalCreate(resource_ids=[world["senior"].id], comment="ok"),  # type: ignore[attr-defined]
        version=request.version,  # type: ignore[attr-defined]
    )
    assert decided.status is RequestStatus.APPROVED
    assert decided.approver_id == world["rm"].user_id  # type: ignore[attr-defined]
    made = session.scalars(select(Allocation)).all()
    assert [(a.resource_id, a.percent, a.start, a.request_id) for a in made] == [
        (world["senior"].id, 50.0, date(2026, 3, 2), decided.id)  # type: ignore[attr-defined]
    ]


def test_approval_names_every_unfit_person_at_once(
    session: Session, world: dict[str, object]
) -> None:
    request = _request(session, world, count=2)
    # the senior is already 60 % allocated in April: 60 + 50 > 100
    session.add(
        Allocation(
            resource_id=world["senior"].id,  # type: ignore[attr-defined]
            project_id=world["project"].id,  # type: ignore[attr-defined]
            start=date(2026, 4, 1),
            finish=date(2026, 4, 30),
            percent=60.0,
        )
    )
    session.flush()
    ids = [world["junior"].id, world["tester"].id, world["senior"].id, 999_999]  # type: ignore[attr-defined]
    with pytest.raises(InvalidInput) as caught:
        decide_request(
            session,
            world["rm"],
            request.id,
            ApprovalCreate(resource_ids=ids),
            version=request.version,
        )  # type: ignore[arg-type, attr-defined]
    found = [(e.field, e.key) for e in caught.value.errors]
    assert found == [
        ("resource_ids", "error.field.resource_count"),
        ("resource_ids.0", "error.field.skill_mismatch"),
        ("resource_ids.1", "error.field.role_mismatch"),
        ("resource_ids.2", "error.field.over_allocated"),
        ("resource_ids.3", "error.field.not_found"),
    ]
    assert caught.value.errors[3].params["day"] == "2026-04-01"
    assert request.status is RequestStatus.SUBMITTED  # type: ignore[attr-defined]


def test_only_resource_managers_decide_and_only_submitted_requests(
    session: Session, world: dict[str, object]
) -> None:
    draft = _request(session, world, submit=False)
    with pytest.raises(Forbidden):
        decide_request(
            session,
            world["pm"],
            draft.id,
            ApprovalCreate(approve=False, comment="no"),
            version=draft.version,
        )  # type: ignore[arg-type, attr-defined]
    with pytest.raises(IllegalTransition):
        decide_request(
            session,
            world["rm"],
            draft.id,
            ApprovalCreate(approve=False, comment="no"),
            version=draft.version,
        )  # type: ignore[arg-type, attr-defined]
    submitted = submit_request(session, world["pm"], draft.id, version=draft.version)  # type: ignore[arg-type, attr-defined]
    with pytest.raises(InvalidInput) as caught:  # rejecting needs a reason
        decide_request(
            session,
            world["rm"],
            submitted.id,
            ApprovalCreate(approve=False),
            version=submitted.version,
        )  # type: ignore[arg-type]
    assert [e.field for e in caught.value.errors] == ["comment"]
    rejected = decide_request(
        session,
        world["rm"],
        submitted.id,
        ApprovalCreate(approve=False, comment="no budget"),
        version=submitted.version,
    )  # type: ignore[arg-type]
    assert rejected.status is RequestStatus.REJECTED


def test_a_project_manager_requests_only_for_own_projects(
    session: Session, world: dict[str, object]
) -> None:
    other = f.project(session, world["unit"])  # type: ignore[arg-type]
    with pytest.raises(Forbidden):
        _request(session, world, project_id=other.id)


def test_bad_request_fields_are_reported_together(
    session: Session, world: dict[str, object]
) -> None:
    with pytest.raises(InvalidInput) as caught:
        _request(
            session,
            world,
            project_id=999_999,
            role=None,
            skill="Cobol",
            start=date(2026, 5, 1),
            finish=date(2026, 4, 1),
        )
    assert sorted(e.field for e in caught.value.errors) == ["finish", "project_id", "skill"]


def test_direct_allocation_above_100_percent_is_refused(
    session: Session, world: dict[str, object]
) -> None:
    rm = world["rm"]
    values = {"resource_id": world["senior"].id, "project_id": world["project"].id}  # type: ignore[attr-defined]
    allocations.create(
        session,
        rm,
        AllocationCreate(**values, start=date(2026, 1, 5), finish=date(2026, 1, 30), percent=70),
    )  # type: ignore[arg-type]
    with pytest.raises(InvalidInput) as caught:
        allocations.create(
            session,
            rm,
            AllocationCreate(
                **values, start=date(2026, 1, 26), finish=date(2026, 1, 20), percent=40
            ),
        )  # type: ignore[arg-type]
    assert [e.field for e in caught.value.errors] == ["finish"]
    with pytest.raises(InvalidInput) as caught:
        allocations.create(
            session,
            rm,
            AllocationCreate(
                **values, start=date(2026, 1, 26), finish=date(2026, 2, 20), percent=40
            ),
        )  # type: ignore[arg-type]
    assert caught.value.errors[0].params["day"] == "2026-01-26"
    allocations.create(
        session,
        rm,
        AllocationCreate(**values, start=date(2026, 2, 2), finish=date(2026, 2, 20), percent=40),
    )  # type: ignore[arg-type]
