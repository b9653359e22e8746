"""Every page answers for the roles that may see it (no browser needed)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import WebApp

PAGES = (
    "/dashboard",
    "/portfolio",
    "/projects",
    "/resources",
    "/risks",
    "/reports",
    "/knowledge",
)
ADMIN_PAGES = ("/admin/users", "/admin/org-units", "/admin/pmos", "/admin/audit")


@pytest.mark.parametrize("user", ["admin", "pmo", "pm", "member"])
def test_every_page_renders_for_every_role(
    sign_in: Callable[[str], TestClient], web_app: WebApp, user: str
) -> None:
    client = sign_in(user)
    for path in (*PAGES, f"/projects/{web_app.seeded.erp_id}"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("user", ["admin", "pmo"])
def test_admin_pages_render_for_admin_and_pmo(
    sign_in: Callable[[str], TestClient], user: str
) -> None:
    client = sign_in(user)
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 200, path


def test_every_tab_renders(sign_in: Callable[[str], TestClient], web_app: WebApp) -> None:
    client = sign_in("pm")
    for tab in ("overview", "tasks", "dependencies", "risks", "issues", "unknown"):
        response = client.get(f"/projects/{web_app.seeded.erp_id}?tab={tab}")
        assert response.status_code == 200, tab


def test_my_projects_lists_what_the_user_manages(sign_in: Callable[[str], TestClient]) -> None:
    client = sign_in("pm2")
    text = client.get("/projects").text
    assert "PRJ-DC" in text
    assert "PRJ-ERP" not in text


def test_the_risks_page_puts_the_highest_exposure_first(
    sign_in: Callable[[str], TestClient],
) -> None:
    text = sign_in("pmo").get("/risks").text
    assert text.index("Key supplier late") < text.index("Data migration errors")


def test_the_audit_log_shows_an_edit_made_in_the_web(
    sign_in: Callable[[str], TestClient], web_app: WebApp
) -> None:
    from tests.web.conftest import csrf_of

    client = sign_in("pmo")
    target = f"/projects/{web_app.seeded.erp_id}"
    token = csrf_of(client.get(target).text)
    form = {"csrf_token": token, "version": "1", "name": "ERP Renamed"}
    assert client.post(target, data=form, follow_redirects=False).status_code == 303
    text = client.get("/admin/audit?entity=project").text
    assert "ERP Renamed" in text
    assert ">pmo<" in text


def test_static_assets_are_served_locally(web_client: TestClient) -> None:
    response = web_client.get("/static/app.css")
    assert response.status_code == 200
    assert "Noto Sans CJK SC" in response.text
    assert "http" not in response.text.replace("http://www.w3.org", "")


def test_the_portfolio_page_runs_as_many_queries_for_50_rows_as_for_1(
    sign_in: Callable[[str], TestClient], web_app: WebApp
) -> None:
    """Manager names come in one query for the page, not one per project row."""
    from sqlalchemy import event

    client = sign_in("pmo")
    engine = web_app.sessions.kw["bind"]

    def queries(path: str) -> tuple[int, int]:
        statements: list[object] = []

        def count(*args: object) -> None:
            statements.append(args[2])

        event.listen(engine, "before_cursor_execute", count)
        try:
            text = client.get(path).text
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return text.count('<td class="col-code">'), len(statements)

    for path in ("/portfolio", "/portfolio?q=PRJ-DC"):
        queries(path)  # fills the caches (principal, filter choices, status counts)
    many_rows, many_queries = queries("/portfolio")
    one_row, one_query = queries("/portfolio?q=PRJ-DC")
    assert (many_rows, one_row) == (50, 1)
    assert many_queries == one_query
