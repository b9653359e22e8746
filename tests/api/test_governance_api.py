"""Lifecycles and gates through the API: templates, instantiation, tailoring, gate reviews
(audited) and the phase change under each PMO type's rules."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.models import Pmo
from openpmo.enums import PmoType
from tests.api.conftest import World

TEMPLATE: dict[str, Any] = {
    "code": "WF-T",
    "name": "Waterfall",
    "name_zh": "瀑布",
    "methodology": "waterfall",
    "phases": [
        {
            "key": "init",
            "name": "Initiation",
            "gate_name": "Charter gate",
            "criteria": [{"key": "charter", "text": "Charter signed"}],
            "deliverables": [
                {"key": "charter", "name": "Charter", "quality_criteria": ["Signed by sponsor"]},
                {"key": "memo", "name": "Memo", "required": False},
            ],
        },
        {"key": "build", "name": "Build", "gate_name": "Build gate"},
        {"key": "close", "name": "Closure", "gate_name": "Closure gate"},
    ],
}


def _setup(client: TestClient, world: World, session: Session, pmo_type: PmoType) -> int:
    pmo = session.scalar(select(Pmo).where(Pmo.org_unit_id == world.dept_a.id))
    assert pmo is not None
    pmo.type = pmo_type
    session.commit()
    h = world.headers["pmo"]
    made = client.post("/api/v1/lifecycle-templates", json=TEMPLATE, headers=h)
    assert made.status_code == 201, made.text
    project = world.project_a.id
    phases = client.post(
        f"/api/v1/projects/{project}/lifecycle", json={"template_id": made.json()["id"]}, headers=h
    )
    assert phases.status_code == 201, phases.text
    assert [p["status"] for p in phases.json()] == ["active", "pending", "pending"]
    return int(phases.json()[0]["id"])


def _advance(client: TestClient, world: World, headers: dict[str, str]) -> Any:
    project = client.get(f"/api/v1/projects/{world.project_a.id}", headers=headers).json()
    return client.post(
        f"/api/v1/projects/{world.project_a.id}/phases/advance",
        headers={**headers, "If-Match": str(project["version"])},
    )


def _review(
    client: TestClient, world: World, phase: int, *, decision: str | None, accepted: bool
) -> Any:
    body = {
        "phase_id": phase,
        "assessments": [{"criterion": "charter", "result": "met"}],
        "deliverables": [
            {"key": "charter", "link": "https://x/charter.docx", "accepted": accepted}
        ],
        "decision": decision,
        "conditions": "Sign the charter again" if decision == "conditional_go" else None,
        "comments": "reviewed",
    }
    made = client.post(
        f"/api/v1/projects/{world.project_a.id}/gate-reviews",
        json=body,
        headers=world.headers["executive"],
    )
    assert made.status_code == 201, made.text
    return made.json()


def test_directive_pmo_refuses_the_next_phase_until_the_gate_is_approved(
    client: TestClient, world: World, session: Session
) -> None:
    phase = _setup(client, world, session, PmoType.DIRECTIVE)
    pm = world.headers["project_manager"]
    refused = _advance(client, world, pm)
    assert refused.status_code == 409
    assert refused.json()["code"] == "error.gate_not_approved"
    assert "Charter gate" in refused.json()["detail"]
    _review(client, world, phase, decision="hold", accepted=True)
    assert _advance(client, world, pm).status_code == 409
    _review(client, world, phase, decision="go", accepted=False)
    moved = _advance(client, world, pm)
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["current_phase"]["name"] == "Build"
    assert body["pmo_type"] == "directive"
    assert [w["code"] for w in body["warnings"]] == ["gate.warning.deliverables_missing"]
    project = client.get(f"/api/v1/projects/{world.project_a.id}", headers=pm).json()
    assert project["current_phase"] == "Build"


def test_controlling_pmo_requires_accepted_deliverables_and_only_warns_on_approval(
    client: TestClient, world: World, session: Session
) -> None:
    phase = _setup(client, world, session, PmoType.CONTROLLING)
    pm = world.headers["project_manager"]
    refused = _advance(client, world, pm)
    assert refused.status_code == 409
    assert refused.json()["code"] == "error.gate_deliverables_missing"
    assert "Charter" in refused.json()["detail"]
    assert "Memo" not in refused.json()["detail"]
    _review(client, world, phase, decision=None, accepted=False)
    assert _advance(client, world, pm).status_code == 409
    _review(client, world, phase, decision=None, accepted=True)
    moved = _advance(client, world, pm)
    assert moved.status_code == 200, moved.text
    assert [w["code"] for w in moved.json()["warnings"]] == ["gate.warning.not_approved"]


def test_supportive_pmo_only_warns_in_the_callers_language(
    client: TestClient, world: World, session: Session
) -> None:
    _setup(client, world, session, PmoType.SUPPORTIVE)
    moved = _advance(
        client, world, {**world.headers["project_manager"], "Accept-Language": "zh-CN"}
    )
    assert moved.status_code == 200, moved.text
    codes = [w["code"] for w in moved.json()["warnings"]]
    assert codes == ["gate.warning.not_approved", "gate.warning.deliverables_missing"]
    assert "阶段关口" in moved.json()["warnings"][0]["message"]


def test_last_phase_has_no_next(client: TestClient, world: World, session: Session) -> None:
    _setup(client, world, session, PmoType.SUPPORTIVE)
    pm = world.headers["project_manager"]
    assert _advance(client, world, pm).status_code == 200
    assert _advance(client, world, pm).status_code == 200
    last = _advance(client, world, pm)
    assert last.status_code == 409
    assert last.json()["code"] == "error.last_phase"


def test_gate_reviews_are_audited_and_a_decided_review_is_frozen(
    client: TestClient, world: World, session: Session
) -> None:
    phase = _setup(client, world, session, PmoType.DIRECTIVE)
    review = _review(client, world, phase, decision="conditional_go", accepted=True)
    assert review["decision"] == "conditional_go"
    assert review["approver_id"] == world.users["executive"].id
    change = client.patch(
        f"/api/v1/projects/{world.project_a.id}/gate-reviews/{review['id']}",
        json={"comments": "later", "version": review["version"]},
        headers=world.headers["executive"],
    )
    assert change.status_code == 409
    assert change.json()["code"] == "error.gate_review_decided"
    log = client.get(
        "/api/v1/audit",
        params={"entity": "gate_review", "entity_id": review["id"]},
        headers=world.headers["admin"],
    ).json()
    assert log["total"] == 1
    entry = log["items"][0]
    assert entry["user_id"] == world.users["executive"].id
    assert entry["after"]["decision"] == "conditional_go"


def test_conditional_go_needs_conditions(
    client: TestClient, world: World, session: Session
) -> None:
    phase = _setup(client, world, session, PmoType.DIRECTIVE)
    answer = client.post(
        f"/api/v1/projects/{world.project_a.id}/gate-reviews",
        json={"phase_id": phase, "decision": "conditional_go"},
        headers=world.headers["executive"],
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["conditions"]


def test_a_project_manager_prepares_reviews_but_cannot_decide(
    client: TestClient, world: World, session: Session
) -> None:
    phase = _setup(client, world, session, PmoType.DIRECTIVE)
    url = f"/api/v1/projects/{world.project_a.id}/gate-reviews"
    pm = world.headers["project_manager"]
    assert client.post(url, json={"phase_id": phase}, headers=pm).status_code == 201
    decided = client.post(url, json={"phase_id": phase, "decision": "go"}, headers=pm)
    assert decided.status_code == 403
    member = client.post(url, json={"phase_id": phase}, headers=world.headers["member"])
    assert member.status_code == 403


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"criterion": "nope", "result": "met"}, "assessments.0.criterion"),
        ({"criterion": "charter", "result": "n/a"}, "assessments.0.note"),
        ({"criterion": "charter", "result": "maybe"}, "assessments.0.result"),
    ],
)
def test_bad_assessments_name_the_field(
    client: TestClient, world: World, session: Session, item: dict[str, str], field: str
) -> None:
    phase = _setup(client, world, session, PmoType.DIRECTIVE)
    answer = client.post(
        f"/api/v1/projects/{world.project_a.id}/gate-reviews",
        json={"phase_id": phase, "assessments": [item]},
        headers=world.headers["executive"],
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == [field]


def test_phase_cannot_be_set_directly_once_a_lifecycle_exists(
    client: TestClient, world: World, session: Session
) -> None:
    _setup(client, world, session, PmoType.SUPPORTIVE)
    answer = client.patch(
        f"/api/v1/projects/{world.project_a.id}",
        json={"current_phase": "Closure", "version": 2},
        headers=world.headers["project_manager"],
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["current_phase"]


def test_tailoring_follows_the_pmo_policy(
    client: TestClient, world: World, session: Session
) -> None:
    _setup(client, world, session, PmoType.CONTROLLING)
    pm, pmo = world.headers["project_manager"], world.headers["pmo"]
    phases = client.get(f"/api/v1/projects/{world.project_a.id}/phases", headers=pm).json()
    build = phases[1]
    url = f"/api/v1/projects/{world.project_a.id}/phases/{build['id']}"
    refused = client.patch(url, json={"skipped": True, "version": build["version"]}, headers=pm)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "skipped"
    pmo_id = session.scalar(select(Pmo.id).where(Pmo.org_unit_id == world.dept_a.id))
    policy = client.patch(
        f"/api/v1/pmos/{pmo_id}/policy", json={"may_skip_phases": True}, headers=pmo
    )
    assert policy.status_code == 200, policy.text
    assert client.patch(f"/api/v1/pmos/{pmo_id}/policy", json={}, headers=pm).status_code == 403
    skipped = client.patch(url, json={"skipped": True, "version": build["version"]}, headers=pm)
    assert skipped.status_code == 200
    assert skipped.json()["status"] == "skipped"
    first = phases[0]
    waive = client.patch(
        f"/api/v1/projects/{world.project_a.id}/phases/{first['id']}",
        json={"deliverables": [], "version": first["version"]},
        headers=pm,
    )
    assert waive.status_code == 422
    assert "may_waive_deliverables" in waive.json()["errors"][0]["message"]


def test_template_phase_keys_must_be_unique(client: TestClient, world: World) -> None:
    body = {**TEMPLATE, "phases": [TEMPLATE["phases"][1], TEMPLATE["phases"][1]]}
    answer = client.post("/api/v1/lifecycle-templates", json=body, headers=world.headers["pmo"])
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "phases"
    denied = client.post(
        "/api/v1/lifecycle-templates", json=TEMPLATE, headers=world.headers["project_manager"]
    )
    assert denied.status_code == 403
