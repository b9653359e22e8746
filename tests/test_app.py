"""Addresses that match no route."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_an_unknown_api_address_is_problem_json(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_an_unknown_page_is_the_styled_404_page_in_the_users_language(client: TestClient) -> None:
    response = client.get("/nothing-here", headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN"' in response.text
