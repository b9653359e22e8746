"""``/auth/token``: OAuth2 password login returning a bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from openpmo.api.deps import ApiRoute, CurrentUser, DbSession, SettingsDep
from openpmo.errors import OpenPMOError
from openpmo.schemas.org import Token, UserRead
from openpmo.services import auth, users

router = APIRouter(tags=["auth"], route_class=ApiRoute)


@router.post("/auth/token", response_model=Token)
def login(
    session: DbSession,
    settings: SettingsDep,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> Token:
    try:
        user = auth.authenticate(session, settings, form.username, form.password)
    except OpenPMOError:
        session.commit()  # keep the failure count: it is what throttles the next attempt
        raise
    return Token(access_token=auth.issue_token(settings, user))


@router.get("/auth/me", response_model=UserRead)
def me(session: DbSession, principal: CurrentUser) -> UserRead:
    assert principal.user_id is not None
    user = users.users.model
    return UserRead.model_validate(session.get(user, principal.user_id), from_attributes=True)
