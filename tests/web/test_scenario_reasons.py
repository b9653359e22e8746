"""The levelling scenario page: started work's over-allocation with the tasks causing it,
why there is no schedule, in English and Chinese (server-rendered, no browser)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient

from openpmo.db import audit
from openpmo.db.models import Assignment
from openpmo.schemas.capacity import ScenarioCreate
from openpmo.services.levelling import create_scenario
from openpmo.services.principal import SYSTEM
from openpmo.services.scheduling import reschedule
from tests import factories as f
from tests.web.conftest import WebApp

MONDAY = date(2026, 6, 1)


def _scenarios(web_app: WebApp) -> tuple[int, int]:
    """A portfolio where two started tasks overload one person, and a third task for them
    that has not started; levelled with delays allowed and within float."""
    with web_app.sessions() as session:
        audit.set_actor(session, None)
        unit = f.org_unit(session)
        folio = f.portfolio(session)
        person = f.resource(session, unit=unit, name="Shared expert")
        for code in ("HIGH", "LOW", "NEW"):
            project = f.project(
                session,
                unit,
                code=code,
                portfolio_id=folio.id,
                planned_start=MONDAY,
                planned_finish=date(2026, 6, 5),
            )
            task = f.task(session, project, wbs="1", name=f"{code} work", duration_days=5.0)
            session.add(Assignment(task_id=task.id, resource_id=person.id, units=100.0))
            reschedule(session, project)
            task.percent_complete = 0.0 if code == "NEW" else 20.0
        session.flush()
        ids = []
        for within_float in (False, True):
            data = ScenarioCreate(portfolio_id=folio.id, time_limit=5, within_float=within_float)
            ids.append(create_scenario(session, SYSTEM, data).id)
        session.commit()
    return ids[0], ids[1]


def test_the_scenario_names_started_tasks_and_why_there_is_no_schedule(
    web_app: WebApp, sign_in: Callable[[str], TestClient]
) -> None:
    levelled, within_float = _scenarios(web_app)
    client = sign_in("pmo")
    page = client.get(f"/resources/levelling/{levelled}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert "Started tasks causing it" in page.text
    assert "HIGH 1 HIGH work" in page.text
    assert "LOW 1 LOW work" in page.text
    assert "200 % / 100 %" in page.text
    assert 'id="scenario-reason"' not in page.text
    assert "Infeasible" not in page.text  # NEW waits for the started work: a schedule exists
    zh = client.get(f"/resources/levelling/{levelled}", headers={"Accept-Language": "zh-CN"})
    assert "造成超负荷的已开始任务" in zh.text
    assert "已开始的任务保持不动" in zh.text
    # Within float NEW cannot wait: the page says who, when and which task, in both languages.
    page = client.get(f"/resources/levelling/{within_float}", headers={"Accept-Language": "en"})
    assert (
        "Shared expert is needed 100 % on 2026-06-01 by tasks that cannot move within their "
        "float: NEW 1 NEW work; only 0 % is free." in page.text
    )
    zh = client.get(f"/resources/levelling/{within_float}", headers={"Accept-Language": "zh-CN"})
    assert (
        "Shared expert 在 2026-06-01 被无法在浮动时间内移动的任务需要 100%：NEW 1 NEW work"
        in zh.text
    )
