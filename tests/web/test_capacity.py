"""The capacity page's heat-map, charts and over-allocations are kept per view and language,
and a change of the data shows on the next render (no browser needed)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import select

from openpmo.db import audit
from openpmo.db.models import Assignment, Project
from tests import factories as f
from tests.web.conftest import WebApp

WINDOW = "/resources/capacity?from=2031-03-03&to=2031-03-16&q=Zo"


def _row(html: str, key: int) -> str:
    found = re.search(rf'<tr data-key="{key}">(.*?)</tr>', html, re.S)
    assert found, "no heat-map row for the person"
    return found.group(1)


def test_a_change_shows_on_the_next_render_and_names_are_escaped(
    sign_in: Callable[[str], TestClient], web_app: WebApp
) -> None:
    with web_app.sessions() as session:
        audit.set_actor(session, None)
        project = session.scalars(select(Project).limit(1)).one()
        person = f.resource(session, name="<b>Zoë & Co</b>")
        task = f.task(
            session,
            project,
            scheduled_start=datetime(2031, 3, 3, 8),
            scheduled_finish=datetime(2031, 3, 7, 17),
        )
        assignment = Assignment(task_id=task.id, resource_id=person.id, units=300.0)
        session.add(assignment)
        session.commit()
        person_id, assignment_id = person.id, assignment.id
    client = sign_in("pmo")
    first = client.get(WINDOW)
    assert first.status_code == 200
    row = _row(first.text, person_id)
    assert "&lt;b&gt;Zoë &amp; Co&lt;/b&gt;" in row
    assert "<b>" not in row
    assert re.search(r'class="hcell heat-over"[^>]*><a href="[^"]+">300</a>', row)
    assert "over-allocations" in first.text
    assert client.get(WINDOW).text == first.text  # kept: the same page again

    with web_app.sessions() as session:
        audit.set_actor(session, None)
        session.get_one(Assignment, assignment_id).units = 50.0
        session.commit()
    again = _row(client.get(WINDOW).text, person_id)
    assert "heat-over" not in again
    assert re.search(r'class="hcell heat-2"[^>]*>50</td>', again)
