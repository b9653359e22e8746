"""Logging in: tokens, throttling, demo accounts and the health check."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from openpmo.config import Settings
from openpmo.enums import Role
from tests import factories as f

TOKEN = "/api/v1/auth/token"


def login(client: TestClient, username: str, password: str) -> tuple[int, dict[str, str]]:
    response = client.post(TOKEN, data={"username": username, "password": password})
    return response.status_code, response.json()


def test_health_needs_no_token(client: TestClient) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_good_password_gets_a_bearer_token_that_works(
    client: TestClient, session: Session
) -> None:
    user = f.user(session, Role.EXECUTIVE)
    session.commit()
    status, body = login(client, user.username, f.PASSWORD)
    assert status == 200
    assert body["token_type"] == "bearer"
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["username"] == user.username
    assert "password" not in me.text


def test_a_wrong_password_or_unknown_user_is_a_401(client: TestClient, session: Session) -> None:
    user = f.user(session)
    session.commit()
    assert login(client, user.username, "wrong-password")[0] == 401
    status, body = login(client, "nobody-here", f.PASSWORD)
    assert status == 401
    assert body["code"] == "error.bad_credentials"


def test_repeated_failures_are_throttled_even_with_the_right_password(
    client: TestClient, session: Session, settings: Settings
) -> None:
    user = f.user(session)
    session.commit()
    for _ in range(settings.login_max_failures):
        assert login(client, user.username, "guess")[0] == 401
    status, body = login(client, user.username, f.PASSWORD)
    assert status == 429
    assert body["code"] == "error.too_many_attempts"


def test_a_success_clears_earlier_failures(
    client: TestClient, session: Session, settings: Settings
) -> None:
    user = f.user(session)
    session.commit()
    for _ in range(settings.login_max_failures - 1):
        login(client, user.username, "guess")
    assert login(client, user.username, f.PASSWORD)[0] == 200
    for _ in range(settings.login_max_failures - 1):
        login(client, user.username, "guess")
    assert login(client, user.username, f.PASSWORD)[0] == 200


def test_inactive_users_cannot_log_in(client: TestClient, session: Session) -> None:
    user = f.user(session, is_active=False)
    session.commit()
    assert login(client, user.username, f.PASSWORD)[0] == 401


def test_demo_accounts_are_refused_in_production(session: Session) -> None:
    import pytest

    from openpmo.errors import Unauthorized
    from openpmo.services.auth import authenticate

    user = f.user(session, is_demo=True)
    production = Settings(env="production", secret_key="x" * 40)
    with pytest.raises(Unauthorized):
        authenticate(session, production, user.username, f.PASSWORD)
    assert authenticate(session, Settings(env="demo"), user.username, f.PASSWORD).id == user.id


def test_an_expired_token_is_a_401(
    client: TestClient, session: Session, settings: Settings
) -> None:
    from datetime import UTC, datetime, timedelta

    from openpmo.services.security import create_token

    user = f.user(session)
    session.commit()
    old = create_token(
        user.id,
        settings.secret_key,
        timedelta(minutes=5),
        now=datetime.now(UTC) - timedelta(hours=1),
    )
    response = client.get("/api/v1/projects", headers={"Authorization": f"Bearer {old}"})
    assert response.status_code == 401
