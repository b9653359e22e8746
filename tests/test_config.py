"""Settings and the message catalogs."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from openpmo.config import Settings
from openpmo.i18n import catalog, negotiate, translate, unique_keys


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ValidationError, match="PMO_SECRET_KEY"):
        Settings(env="production")
    assert Settings(env="production", secret_key="k" * 40).env == "production"


def test_settings_come_from_pmo_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMO_DATABASE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("PMO_TOKEN_TTL_MINUTES", "30")
    settings = Settings()
    assert settings.database_url == "sqlite:///elsewhere.db"
    assert settings.token_ttl_minutes == 30


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"),
        ("en-US,en;q=0.9", "en"),
        ("zh-TW", "zh-CN"),
        ("fr-FR, en;q=0.5, zh;q=0.8", "zh-CN"),
        ("de", "en"),
        (None, "en"),
        ("", "en"),
    ],
)
def test_language_is_negotiated_by_quality(header: str | None, language: str) -> None:
    assert negotiate(header) == language


def test_a_message_key_given_twice_is_refused() -> None:
    with pytest.raises(ValueError, match=r"'a\.b' appears twice"):
        json.loads('{"a.b": "one", "a.c": "x", "a.b": "two"}', object_pairs_hook=unique_keys)


def test_both_catalogs_have_the_same_messages() -> None:
    assert catalog("en").keys() == catalog("zh-CN").keys()


def test_translation_formats_and_falls_back_to_the_key() -> None:
    assert translate("error.not_found", "en", entity="project", id=4) == "No project with id 4."
    assert translate("error.field.too_long", "zh-CN", max_length=5) == "最多 5 个字符"
    assert translate("no.such.key", "zh-CN") == "no.such.key"
