"""The login use case on a real database: rehash on login, lock-out, the code step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from wegwijzer.accounts import totp
from wegwijzer.accounts.login import LoginStep, code_step, password_step
from wegwijzer.accounts.passwords import hash_password, needs_rehash
from wegwijzer.accounts.services import AccountError, create_user, get_user
from wegwijzer.db import Database

EMAIL, PASSWORD = "redacteur@example.org", "correct horse battery staple"
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_login_rehashes_a_password_hashed_with_old_parameters(db: Database) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    with db.session() as session:
        user = create_user(session, EMAIL, "redacteur")
        user.password_hash = hash_password(PASSWORD, hasher=weak)
    with db.session() as session:
        assert password_step(session, EMAIL, PASSWORD, "127.0.0.1").next == "done"
    with db.session() as session:
        stored = get_user(session, EMAIL).password_hash
        assert stored is not None and not needs_rehash(stored)


def attempt(db: Database, password: str, client: str, now: datetime) -> LoginStep | AccountError:
    """One login as the web route makes it: the failed attempt is committed too."""
    with db.session() as session:
        try:
            return password_step(session, EMAIL, password, client, now=now)
        except AccountError as exc:
            return exc


def test_lock_ends_fifteen_minutes_after_the_fifth_failure(db: Database) -> None:
    with db.session() as session:
        create_user(session, EMAIL, "redacteur", password=PASSWORD)
    for minute in range(5):
        failed = attempt(db, "wrong password!", "10.0.0.1", T0 + timedelta(minutes=minute))
        assert isinstance(failed, AccountError) and failed.status == 400
    locked = attempt(db, PASSWORD, "10.0.0.2", T0 + timedelta(minutes=18))
    assert isinstance(locked, AccountError) and locked.status == 429 and locked.values == {"minutes": 1}
    assert isinstance(attempt(db, PASSWORD, "10.0.0.2", T0 + timedelta(minutes=19, seconds=1)), LoginStep)


def test_code_step_accepts_each_step_once(db: Database) -> None:
    secret = totp.new_secret()
    with db.session() as session:
        user = create_user(session, EMAIL, "redacteur", password=PASSWORD)
        user.totp_secret = secret
    with db.session() as session:
        first = password_step(session, EMAIL, PASSWORD, "10.0.0.1", now=T0)
        assert first.next == "totp"
        user_id = get_user(session, EMAIL).id
    code = totp.code_at(secret, T0)
    with db.session() as session:
        assert code_step(session, user_id, first.cookie, code, "10.0.0.1", now=T0).next == "done"
    with db.session() as session:
        second = password_step(session, EMAIL, PASSWORD, "10.0.0.1", now=T0 + timedelta(seconds=5))
    with pytest.raises(AccountError), db.session() as session:
        code_step(session, user_id, second.cookie, code, "10.0.0.1", now=T0 + timedelta(seconds=5))
