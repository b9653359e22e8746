"""Logging in: checks the password, throttles repeated failures in the database (so
every worker process sees them) and refuses demo accounts outside demo mode."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.config import Settings
from openpmo.db.base import utcnow
from openpmo.db.models import LoginThrottle, User
from openpmo.errors import TooManyAttempts, Unauthorized
from openpmo.services import principal as principals
from openpmo.services import security
from openpmo.services.principal import Principal

__all__ = ["authenticate", "issue_token", "principal_for_token"]

#: Verified against when the user does not exist, so both cases take the same time.
_DUMMY_HASH = security.hash_password("no-such-user-password")


def _throttle(session: Session, username: str) -> LoginThrottle | None:
    return session.get(LoginThrottle, username.lower())


def _record_failure(session: Session, settings: Settings, username: str, now: datetime) -> None:
    entry = _throttle(session, username)
    window = timedelta(seconds=settings.login_lockout_seconds)
    if entry is None:
        entry = LoginThrottle(username=username.lower(), failures=0, first_failure_at=now)
        session.add(entry)
    elif now - entry.first_failure_at > window:
        entry.failures, entry.first_failure_at, entry.locked_until = 0, now, None
    entry.failures += 1
    if entry.failures >= settings.login_max_failures:
        entry.locked_until = now + window
    session.flush()


def authenticate(
    session: Session,
    settings: Settings,
    username: str,
    password: str,
    *,
    now: datetime | None = None,
) -> User:
    """The active user with this name and password.

    A failure is recorded even though the caller's transaction raises: the caller
    must commit the session before turning the error into a response.
    """
    now = now or utcnow()
    entry = _throttle(session, username)
    if entry is not None and entry.locked_until is not None and entry.locked_until > now:
        raise TooManyAttempts(seconds=int((entry.locked_until - now).total_seconds()) + 1)
    user = session.scalar(select(User).where(User.username == username))
    valid = security.verify_password(user.password_hash if user else _DUMMY_HASH, password)
    usable = (
        user is not None and user.is_active and (settings.env != "production" or not user.is_demo)
    )
    if not (valid and usable and user is not None):
        _record_failure(session, settings, username, now)
        raise Unauthorized("error.bad_credentials")
    if entry is not None:
        session.delete(entry)
        session.flush()
    return user


def issue_token(settings: Settings, user: User) -> str:
    return security.create_token(
        user.id, settings.secret_key, timedelta(minutes=settings.token_ttl_minutes)
    )


def principal_for_token(session: Session, settings: Settings, token: str) -> Principal:
    return principal_for_user_id(session, security.read_token(token, settings.secret_key))


def principal_for_user_id(session: Session, user_id: int) -> Principal:
    found = principals.principal_for_user_id(session, user_id)
    if found is None:
        raise Unauthorized("error.bad_token")
    return found
