"""Tokens and sessions are stored hashed; users, throttling and session lifetimes as pure rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from wegwijzer.accounts.crypto import digest
from wegwijzer.accounts.login import safe_next
from wegwijzer.accounts.models import ApiToken, LoginSession
from wegwijzer.accounts.services import (
    AccountError,
    create_token,
    create_user,
    get_user,
    principal_for_token,
    revoke_token,
    set_active,
)
from wegwijzer.accounts.sessions import Lifetimes, expired, find_session, start_session
from wegwijzer.accounts.throttle import ACCOUNT_LIMIT, Limit, locked_until
from wegwijzer.db import Database

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
EMAIL = "redacteur@example.org"


def test_api_token_is_stored_only_as_its_sha256(db: Database) -> None:
    with db.session() as session:
        create_user(session, EMAIL, "redacteur", password="long enough password")
        token = create_token(session, EMAIL, name="ci")
    with db.session() as session:
        row = session.scalars(select(ApiToken)).one()
        assert row.token_hash == digest(token) and token not in (row.token_hash, row.name, row.id)
        principal = principal_for_token(session, token)
        assert principal is not None and principal.email == EMAIL


def test_revoked_token_or_disabled_user_gives_no_principal(db: Database) -> None:
    with db.session() as session:
        create_user(session, EMAIL, "redacteur")
        first = create_token(session, EMAIL)
        second = create_token(session, EMAIL)
    with db.session() as session:
        row = session.scalars(select(ApiToken).where(ApiToken.token_hash == digest(first))).one()
        revoke_token(session, row.id)
    with db.session() as session:
        assert principal_for_token(session, first) is None
        assert principal_for_token(session, second) is not None
        set_active(session, get_user(session, EMAIL), False)
    with db.session() as session:
        assert principal_for_token(session, second) is None
        assert principal_for_token(session, "ww_unknown") is None


def test_session_cookie_is_stored_only_as_its_sha256(db: Database) -> None:
    lifetimes = Lifetimes.of(120, 12)
    with db.session() as session:
        user = create_user(session, EMAIL, "redacteur")
        cookie = start_session(session, user, now=T0)
    with db.session() as session:
        assert session.scalars(select(LoginSession.token_hash)).one() == digest(cookie)
        info = find_session(session, cookie, lifetimes, now=T0 + timedelta(minutes=5))
        assert info is not None and info.principal is not None and info.principal.email == EMAIL
        assert find_session(session, digest(cookie), lifetimes, now=T0) is None
        assert find_session(session, cookie, lifetimes, now=T0 + timedelta(hours=13)) is None
    with db.session() as session:
        assert session.scalars(select(LoginSession)).first() is None, "an expired session is deleted"


@pytest.mark.parametrize(("created", "seen", "now", "ended"), [
    (0, 0, 119, False), (0, 0, 121, True), (0, 600, 700, False), (0, 715, 721, True),
])
def test_session_ends_when_idle_or_too_old(created: int, seen: int, now: int, ended: bool) -> None:
    minutes = lambda m: T0 + timedelta(minutes=m)  # noqa: E731
    assert expired(minutes(created), minutes(seen), minutes(now), Lifetimes.of(120, 12)) is ended


def test_pending_totp_session_lasts_ten_minutes() -> None:
    lifetimes = Lifetimes.of(120, 12)
    assert not expired(T0, T0, T0 + timedelta(minutes=9), lifetimes, pending=True)
    assert expired(T0, T0, T0 + timedelta(minutes=11), lifetimes, pending=True)


def _at(*minutes: float) -> list[datetime]:
    return [T0 + timedelta(minutes=m) for m in minutes]


@pytest.mark.parametrize(("failures", "until"), [
    (_at(0, 1, 2, 3), None),
    (_at(0, 1, 2, 3, 4), T0 + timedelta(minutes=19)),
    (_at(0, 1, 2, 3, 16), None),  # the first fell out of the 15-minute window
    (_at(4, 3, 2, 1, 0), T0 + timedelta(minutes=19)),  # order does not matter
    (_at(0, 1, 2, 3, 4, 5), T0 + timedelta(minutes=20)),
])
def test_five_failures_in_fifteen_minutes_lock_for_fifteen(failures: list[datetime], until: datetime | None) -> None:
    assert locked_until(failures, ACCOUNT_LIMIT) == until


def test_limit_is_configurable() -> None:
    limit = Limit(failures=2, window=timedelta(minutes=1), lock=timedelta(minutes=5))
    assert locked_until(_at(0, 0.5), limit) == T0 + timedelta(minutes=5.5)


@pytest.mark.parametrize(("kwargs", "status"), [
    ({"email": "geen adres", "role": "redacteur"}, 400),
    ({"email": "a@example.org", "role": "koning"}, 400),
    ({"email": "a@example.org", "role": "redacteur", "password": "kort"}, 400),
    ({"email": "a@example.org", "role": "partner"}, 400),
    ({"email": "a@example.org", "role": "partner", "organization_ids": ["bestaat-niet"]}, 400),
    ({"email": EMAIL.upper(), "role": "redacteur"}, 409),
])
def test_create_user_refuses_bad_input(db: Database, kwargs: dict, status: int) -> None:
    with db.session() as session:
        create_user(session, EMAIL, "redacteur")
    with pytest.raises(AccountError) as caught, db.session() as session:
        create_user(session, **kwargs)
    assert caught.value.status == status and caught.value.message


@pytest.mark.parametrize(("value", "expected"), [
    ("/account", "/account"), ("/zoeken?q=a", "/zoeken?q=a"), (None, "/"), ("", "/"),
    ("https://evil.example/", "/"), ("//evil.example/", "/"), ("/\\evil.example", "/"), ("/a\r\nSet-Cookie: x", "/"),
])
def test_return_address_after_login_is_local(value: str | None, expected: str) -> None:
    assert safe_next(value) == expected
