"""Signing in and out in the browser, and the redirects around it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of, log_in

pytestmark = pytest.mark.browser


def test_bad_password_shows_an_error_and_stays_on_login(page: Any) -> None:
    log_in(page, "pmo", password="not-the-password")
    assert "/login" in page.url
    assert page.locator(".alert-error").inner_text().strip() == "Wrong user name or password."
    assert page.input_value("input[name=username]") == "pmo"


def test_good_password_lands_on_the_portfolio(page: Any) -> None:
    log_in(page, "pmo")
    page.wait_for_url("**/portfolio")
    assert page.locator("h1").inner_text() == "Portfolio overview"
    assert "pmo" in page.locator(".user").inner_text()


def test_login_returns_to_the_page_first_asked_for(page: Any) -> None:
    page.goto("/portfolio?q=ERP")
    assert "/login?next=%2Fportfolio%3Fq%3DERP" in page.url
    page.fill("input[name=username]", "pmo")
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url("**/portfolio?q=ERP")
    assert page.input_value("input[name=q]") == "ERP"


def test_sign_out_ends_the_session(page: Any) -> None:
    log_in(page, "pmo")
    page.wait_for_url("**/portfolio")
    page.click("form.logout button")
    page.wait_for_url("**/login")
    page.goto("/portfolio")
    assert "/login?next=%2Fportfolio" in page.url


def test_pages_need_a_signed_in_user(web_client: TestClient) -> None:
    response = web_client.get("/portfolio?status=active", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fportfolio%3Fstatus%3Dactive"


def test_login_refuses_an_off_site_next(web_client: TestClient) -> None:
    token = csrf_of(web_client.get("/login").text)
    response = web_client.post(
        "/login",
        data={
            "username": "pmo",
            "password": "correct-horse-battery",
            "csrf_token": token,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/portfolio"


def test_repeated_failures_are_counted_and_throttle(web_client: TestClient) -> None:
    token = csrf_of(web_client.get("/login").text)
    statuses = [
        web_client.post(
            "/login", data={"username": "pmo", "password": "nope", "csrf_token": token}
        ).status_code
        for _ in range(6)
    ]
    assert statuses == [401, 401, 401, 401, 401, 429]
