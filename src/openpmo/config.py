"""One settings object, read from ``PMO_``-prefixed environment variables.

Nothing connects or reads files at import: call :func:`get_settings`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["development", "demo", "production"]

#: Used only in development and demo; production refuses it.
DEVELOPMENT_SECRET = "openpmo-development-secret-change-me"


class Settings(BaseSettings):
    """Runtime configuration of OpenPMO."""

    model_config = SettingsConfigDict(env_prefix="PMO_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./openpmo.db",
        description="SQLAlchemy URL: a SQLite file by default, postgresql+psycopg://...",
    )
    env: Environment = "development"
    secret_key: str = DEVELOPMENT_SECRET
    token_ttl_minutes: int = Field(default=8 * 60, ge=1)
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_seconds: int = Field(default=15 * 60, ge=1)
    default_currency: str = Field(default="CNY", min_length=3, max_length=3)
    sql_echo: bool = False
    worker_threads: int = Field(
        default=2, ge=1, le=200, description="Threads per worker process for synchronous handlers."
    )

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> Settings:
        if self.env == "production" and (
            self.secret_key == DEVELOPMENT_SECRET or len(self.secret_key) < 32
        ):
            raise ValueError(
                "PMO_SECRET_KEY must be set to a random string of at least 32 characters "
                "in production"
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
