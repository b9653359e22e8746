"""Both languages: the switch, the default from the browser, and complete catalogs."""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from importlib import resources
from typing import Any

import pytest
from fastapi.testclient import TestClient

from openpmo.enums import (
    IssueStatus,
    Methodology,
    OrgUnitKind,
    PmoLevel,
    PmoType,
    ProjectStatus,
    ResourceKind,
    RiskStatus,
    Role,
)
from openpmo.i18n import catalog
from tests.web.conftest import log_in

NAV_EN = [
    "Dashboard",
    "Portfolio",
    "Projects",
    "Intake",
    "Resources",
    "Risks",
    "Reports",
    "Knowledge",
    "Admin",
]
NAV_ZH = ["仪表板", "项目组合", "项目", "立项管理", "资源", "风险", "报告", "知识库", "管理"]


def _nav(page: Any) -> list[str]:
    return [t.strip() for t in page.locator(".nav-item").all_inner_texts()]


@pytest.mark.browser
def test_switching_language_translates_the_page_and_back(page: Any) -> None:
    log_in(page, "pmo")
    page.wait_for_url("**/portfolio")
    assert _nav(page) == NAV_EN
    assert page.get_attribute("html", "lang") == "en"
    page.click(".topbar a[hreflang=zh-CN]")
    page.wait_for_url("**/portfolio")
    assert _nav(page) == NAV_ZH
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert page.inner_text("h1") == "项目组合概览"
    assert "ERP 系统升级" in page.inner_text("#projects")
    page.click(".topbar a[hreflang=en]")
    page.wait_for_url("**/portfolio")
    assert _nav(page) == NAV_EN
    assert "ERP Upgrade" in page.inner_text("#projects")


@pytest.mark.browser
def test_the_language_switch_keeps_the_filters(page: Any) -> None:
    log_in(page, "pmo")
    page.wait_for_url("**/portfolio")
    page.goto("/portfolio?status=on_hold&sort=name")
    page.click(".topbar a[hreflang=zh-CN]")
    page.wait_for_url("**/portfolio?status=on_hold&sort=name")
    assert page.inner_text("#total") == "共 1 个项目"


@pytest.mark.browser
def test_a_chinese_browser_gets_chinese_by_default(new_page: Callable[..., Any]) -> None:
    page = new_page(locale="zh-CN")
    page.goto("/login")
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert page.inner_text("h1") == "登录"


def test_member_sees_no_admin_entry_and_admin_pages_are_forbidden(
    sign_in: Callable[[str], TestClient],
) -> None:
    client = sign_in("member")
    assert 'data-nav="admin"' not in client.get("/portfolio").text
    assert client.get("/admin/users").status_code == 403


def test_both_catalogs_have_the_same_keys() -> None:
    assert set(catalog("en")) == set(catalog("zh-CN"))


def test_every_key_the_templates_use_is_in_the_catalogs() -> None:
    used: set[str] = set()
    templates = resources.files("openpmo.web").joinpath("templates")
    for entry in [*templates.iterdir(), *templates.joinpath("admin").iterdir()]:
        if entry.name.endswith(".html"):
            used |= set(
                re.findall(r"""\bt\(\s*["']([\w.]+)["']\s*[,)]""", entry.read_text("utf-8"))
            )
    assert used, "no keys found: the pattern is wrong"
    assert sorted(used - set(catalog("en"))) == []


@pytest.mark.parametrize(
    ("prefix", "enum"),
    [
        ("project_status", ProjectStatus),
        ("risk_status", RiskStatus),
        ("issue_status", IssueStatus),
        ("methodology", Methodology),
        ("pmo_type", PmoType),
        ("pmo_level", PmoLevel),
        ("org_unit_kind", OrgUnitKind),
        ("resource_kind", ResourceKind),
    ],
)
def test_every_enum_value_has_a_label(prefix: str, enum: type[StrEnum]) -> None:
    for language in ("en", "zh-CN"):
        missing = [v.value for v in enum if f"web.enum.{prefix}.{v.value}" not in catalog(language)]
        assert missing == [], language
    roles = [r.value for r in Role if f"web.role.{r.value}" not in catalog("zh-CN")]
    assert roles == []


def test_chinese_uses_the_agreed_vocabulary() -> None:
    zh = catalog("zh-CN")
    assert [zh[f"web.nav.{k}"] for k in ("portfolio", "risks", "knowledge")] == [
        "项目组合",
        "风险",
        "知识库",
    ]
    assert zh["web.risk.exposure"] == "风险敞口"
    assert zh["web.dependency.lag"] == "延隔"
