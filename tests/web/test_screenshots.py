"""Full-page screenshots of the main pages, for people to look at (not a pass/fail check).

Runs only when ``PMO_SCREENSHOTS`` names a directory: ``PMO_SCREENSHOTS=/tmp/screens pytest
tests/web/test_screenshots.py``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import WebApp, log_in

pytestmark = pytest.mark.browser

TARGET = os.environ.get("PMO_SCREENSHOTS")


@pytest.mark.skipif(not TARGET, reason="set PMO_SCREENSHOTS=<dir> to take screenshots")
def test_take_screenshots(new_page: Callable[..., Any], web_app: WebApp) -> None:
    out = Path(str(TARGET))
    out.mkdir(parents=True, exist_ok=True)
    page = new_page()
    page.goto("/login")
    page.screenshot(path=str(out / "login.png"), full_page=True)
    log_in(page, "pmo")
    page.wait_for_url("**/portfolio")
    page.screenshot(path=str(out / "portfolio-en.png"), full_page=True)
    page.goto("/lang/zh-CN?next=/portfolio")
    page.screenshot(path=str(out / "portfolio-zh.png"), full_page=True)
    page.goto("/lang/en?next=/portfolio")
    erp = web_app.seeded.erp_id
    for tab in ("overview", "tasks", "dependencies", "risks", "issues"):
        page.goto(f"/projects/{erp}?tab={tab}")
        page.screenshot(path=str(out / f"project-{tab}.png"), full_page=True)
    page.goto(f"/projects/{erp}")
    if page.locator("input[name=name]").count():
        page.fill("input[name=name]", "")
        page.fill("input[name=planned_finish]", "2025-01-01")
        page.click("form.edit-form button[type=submit]")
        page.screenshot(path=str(out / "project-invalid.png"), full_page=True)
    for path in ("/projects", "/resources", "/risks", "/reports", "/knowledge", "/admin"):
        page.goto(path)
        page.screenshot(path=str(out / f"{path.strip('/')}.png"), full_page=True)
    member = new_page()
    log_in(member, "member")
    member.goto(f"/projects/{web_app.seeded.datacenter_id}")
    member.screenshot(path=str(out / "forbidden.png"), full_page=True)
