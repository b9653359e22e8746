"""Task calendars, elapsed durations and elapsed lags through the API: stored, validated,
and scheduled (dates hand-computed on the China calendar of 2025)."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests import factories as f
from tests.api.conftest import World


def url(world: World, path: str) -> str:
    return f"/api/v1/projects/{world.project_a.id}/{path}"


def _start(session: Session, world: World) -> None:
    world.project_a.planned_start = date(2025, 9, 26)  # a Friday
    session.commit()


def test_a_task_on_a_seven_day_calendar_works_the_weekend(
    client: TestClient, session: Session, world: World
) -> None:
    _start(session, world)
    h = world.headers["project_manager"]
    cal = client.post(
        url(world, "calendars"),
        headers=h,
        json={"name": "Seven days", "workdays": "1234567"},
    )
    assert cal.status_code == 201, cal.text
    body = cal.json()
    assert (body["base"], body["work_hours"], body["exceptions"]) == (
        None,
        "08:00-12:00, 13:00-17:00",
        [],
    )
    a = client.post(
        url(world, "tasks"), headers=h, json={"wbs": "1", "name": "A", "duration_days": 1}
    )
    b = client.post(
        url(world, "tasks"),
        headers=h,
        json={"wbs": "2", "name": "B", "duration_days": 2, "calendar_id": body["id"]},
    ).json()
    link = client.post(
        url(world, "dependencies"),
        headers=h,
        json={"predecessor_id": a.json()["id"], "successor_id": b["id"]},
    )
    assert link.status_code == 201
    # Saturday 27 and Sunday 28 September (a 调休 working day anyway) on its own week.
    task = client.get(url(world, f"tasks/{b['id']}"), headers=h).json()
    assert (task["calendar_id"], task["early_start"], task["early_finish"]) == (
        body["id"],
        "2025-09-27T08:00:00",
        "2025-09-28T17:00:00",
    )
    # The calendar inherits the project's holidays: an extra day off moves the task.
    edit = client.patch(
        url(world, f"calendars/{body['id']}"),
        headers={**h, "If-Match": 'W/"1"'},
        json={"exceptions": [{"day": "2025-09-27", "hours": ""}]},
    )
    assert edit.status_code == 200, edit.text
    assert edit.json()["exceptions"] == [{"day": "2025-09-27", "hours": ""}]
    task = client.get(url(world, f"tasks/{b['id']}"), headers=h).json()
    assert (task["early_start"], task["early_finish"]) == (
        "2025-09-28T08:00:00",
        "2025-09-29T17:00:00",
    )


def test_elapsed_duration_and_elapsed_lag_are_clock_time(
    client: TestClient, session: Session, world: World
) -> None:
    _start(session, world)
    h = world.headers["project_manager"]
    post = lambda body: client.post(url(world, "tasks"), headers=h, json=body).json()  # noqa: E731
    a = post({"wbs": "1", "name": "Pour", "duration_days": 1})
    cure = post({"wbs": "2", "name": "Cure", "duration_days": 3, "duration_elapsed": True})
    c = post({"wbs": "3", "name": "Strip", "duration_days": 1})
    client.post(
        url(world, "dependencies"),
        headers=h,
        json={"predecessor_id": a["id"], "successor_id": cure["id"]},
    )
    link = client.post(
        url(world, "dependencies"),
        headers=h,
        json={
            "predecessor_id": cure["id"],
            "successor_id": c["id"],
            "lag_days": 1,
            "lag_elapsed": True,
        },
    )
    assert link.json()["lag_elapsed"] is True
    cure = client.get(url(world, f"tasks/{cure['id']}"), headers=h).json()
    # Friday 17:00 + 72 h = Monday 29 September 17:00, + 24 h lag = Tuesday 17:00, so the
    # next task starts on the morning after: 1-8 October is National Day: Thursday 9 October.
    assert (cure["duration_elapsed"], cure["early_finish"]) == (True, "2025-09-29T17:00:00")
    strip = client.get(url(world, f"tasks/{c['id']}"), headers=h).json()
    assert strip["early_start"] == "2025-10-09T08:00:00"


def test_bad_calendar_input_names_the_field_and_stores_nothing(
    client: TestClient, session: Session, world: World
) -> None:
    _start(session, world)
    h = world.headers["project_manager"]
    bad = client.post(
        url(world, "calendars"),
        headers=h,
        json={"name": "Night", "exceptions": [{"day": "2025-10-01", "hours": "25:00-26:00"}]},
    )
    assert bad.status_code == 422
    fields = [e["field"] for e in bad.json()["errors"]]
    assert "exceptions.0.hours" in fields
    assert client.get(url(world, "calendars"), headers=h).json()["total"] == 0
    # A calendar of another project cannot be given to our task.
    theirs = f.task_calendar(session, world.project_b)
    session.commit()
    task = client.post(
        url(world, "tasks"),
        headers=h,
        json={"wbs": "1", "name": "A", "calendar_id": theirs.id},
    )
    assert task.status_code == 422
    assert [e["field"] for e in task.json()["errors"]] == ["calendar_id"]
    missing = client.post(
        url(world, "tasks"), headers=h, json={"wbs": "1", "name": "A", "calendar_id": 99999}
    )
    assert [e["field"] for e in missing.json()["errors"]] == ["calendar_id"]
    dup = client.post(url(world, "calendars"), headers=h, json={"name": "N"})
    again = client.post(url(world, "calendars"), headers=h, json={"name": "N"})
    assert dup.status_code == 201
    assert again.status_code == 422
    assert [e["field"] for e in again.json()["errors"]] == ["name"]


def test_editing_a_calendar_needs_its_version(
    client: TestClient, session: Session, world: World
) -> None:
    _start(session, world)
    h = world.headers["project_manager"]
    cal = client.post(url(world, "calendars"), headers=h, json={"name": "Night"}).json()
    ok = client.patch(
        url(world, f"calendars/{cal['id']}"),
        headers={**h, "If-Match": 'W/"1"'},
        json={"work_hours": "22:00-24:00"},
    )
    assert ok.status_code == 200
    stale = client.patch(
        url(world, f"calendars/{cal['id']}"),
        headers={**h, "If-Match": 'W/"1"'},
        json={"work_hours": "20:00-24:00"},
    )
    assert stale.status_code == 409
    member = client.post(
        url(world, "calendars"), headers=world.headers["member"], json={"name": "X"}
    )
    assert member.status_code == 403
