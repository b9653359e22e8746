"""Every POST must echo the session's CSRF token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import log_in


def test_login_without_the_token_is_refused(web_client: TestClient) -> None:
    web_client.get("/login")
    response = web_client.post(
        "/login", data={"username": "pmo", "password": "correct-horse-battery"}
    )
    assert response.status_code == 403
    assert "Reload the page" in response.text
    assert "user_id" not in str(web_client.cookies)


def test_a_wrong_token_is_refused(
    sign_in: Callable[[str], TestClient],
) -> None:
    client = sign_in("pmo")
    response = client.post("/logout", data={"csrf_token": "forged"})
    assert response.status_code == 403
    assert client.get("/portfolio", follow_redirects=False).status_code == 200


@pytest.mark.browser
def test_a_form_posted_without_its_token_is_refused_in_the_browser(page: Any) -> None:
    log_in(page, "pmo")
    page.wait_for_url("**/portfolio")
    page.evaluate("document.querySelector('form.logout input[name=csrf_token]').remove()")
    page.click("form.logout button")
    assert page.locator(".error-code").inner_text() == "403"
    page.goto("/portfolio")
    assert page.url.endswith("/portfolio"), "the refused sign-out must not have signed out"
