"""The portfolio overview: filters, sorting, paging, summary counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import WebApp, log_in

pytestmark = pytest.mark.browser


def _signed_in(page: Any, user: str = "pmo") -> Any:
    log_in(page, user)
    page.wait_for_url("**/portfolio")
    return page


def _total(page: Any) -> int:
    return int(page.get_attribute("#total", "data-total"))


def _codes(page: Any) -> list[str]:
    return [c.strip() for c in page.locator("#projects tbody td.col-code").all_inner_texts()]


def test_the_list_pages_by_fifty_and_shows_the_total(page: Any, web_app: WebApp) -> None:
    _signed_in(page)
    assert _total(page) == web_app.seeded.total_projects
    assert len(_codes(page)) == 50
    page.click("a[rel=next]")
    assert len(_codes(page)) == web_app.seeded.total_projects - 50


def test_status_filter_narrows_the_rows_and_the_total(page: Any) -> None:
    _signed_in(page)
    before = _total(page)
    on_hold = int(page.locator("a[data-status=on_hold] .status-card-count").inner_text())
    page.click("a[data-status=on_hold]")
    page.wait_for_url("**status=on_hold**")
    assert _total(page) == on_hold == 1 < before
    assert _codes(page) == ["PRJ-DC"]
    assert page.get_attribute("a[data-status=on_hold]", "aria-pressed") == "true"
    page.click("a[data-status=proposed]")  # a second status widens the filter again
    assert _total(page) > 1
    badges = set(page.locator("#projects .badge").all_inner_texts())
    assert badges == {"On hold", "Proposed"}


def test_free_text_narrows_the_rows(page: Any) -> None:
    _signed_in(page)
    page.fill("input[name=q]", "migration")
    page.click(".filter-bar button[type=submit]")
    page.wait_for_url("**q=migration**")
    assert _codes(page) == ["PRJ-DC"]
    assert _total(page) == 1


def test_clicking_a_header_sorts_and_clicking_again_reverses(page: Any) -> None:
    _signed_in(page)
    page.click("th.sortable >> text=Code")
    page.wait_for_url("**sort=code**")
    codes = _codes(page)
    assert codes == sorted(codes)
    assert page.get_attribute("th.sorted", "aria-sort") == "ascending"
    page.click("th.sortable >> text=Code")
    page.wait_for_url("**sort=-code**")
    assert _codes(page)[0] == "PRJ-ERP"
    assert page.get_attribute("th.sorted", "aria-sort") == "descending"


def test_a_member_sees_only_the_projects_it_works_on(new_page: Callable[..., Any]) -> None:
    page = _signed_in(new_page(), "member")
    assert _codes(page) == ["PRJ-ERP"]


def test_root_redirects_to_the_portfolio(sign_in: Callable[[str], TestClient]) -> None:
    client = sign_in("pmo")
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/portfolio"


def test_unknown_sort_and_filters_are_ignored(sign_in: Callable[[str], TestClient]) -> None:
    client = sign_in("pmo")
    response = client.get("/portfolio?sort=password&status=bogus&manager=x&page=-3")
    assert response.status_code == 200
    assert 'data-total="58"' in response.text
