"""The login use case: password step, then (when the user has TOTP) the code step.

Failures are recorded (throttling) and answered with one message that does not tell whether
the e-mail address exists. Every successful step starts a NEW session (session fixation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy.orm import Session

from wegwijzer.accounts import throttle, totp
from wegwijzer.accounts.models import User
from wegwijzer.accounts.passwords import hash_password, needs_rehash, verify_password
from wegwijzer.accounts.services import AccountError, user_by_email, utcnow
from wegwijzer.accounts.sessions import end_session, start_session
from wegwijzer.accounts.text import N_

WRONG_PASSWORD = N_("Onjuist e-mailadres of wachtwoord.")
WRONG_CODE = N_("Onjuiste, verlopen of al gebruikte code.")


@dataclass(frozen=True)
class LoginStep:
    cookie: str  # the new session's cookie value
    next: Literal["done", "totp", "totp_setup"]


def locked_message(until: datetime, now: datetime) -> AccountError:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    return AccountError(429, N_("Te veel mislukte pogingen. Probeer het over {minutes} minuten opnieuw."),
                        minutes=minutes)


def _check_lock(session: Session, email: str, client: str, now: datetime) -> None:
    until = throttle.lock_for(session, email, client, now)
    if until is not None:
        raise locked_message(until, now)


def password_step(session: Session, email: str, password: str, client: str, old_cookie: str | None = None,
                  now: datetime | None = None) -> LoginStep:
    """Check e-mail and password; raises AccountError (400 wrong, 429 locked). Commit also on error:
    the failed attempt is recorded."""
    moment = now or utcnow()
    address = (email or "").strip().lower()[:254]
    _check_lock(session, address, client, moment)
    user = user_by_email(session, address)
    usable = user is not None and user.active and user.password_hash is not None
    if not verify_password(user.password_hash if usable and user else None, password or ""):
        throttle.record_attempt(session, address, client, succeeded=False, now=moment)
        raise AccountError(400, WRONG_PASSWORD)
    assert user is not None and user.password_hash is not None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    end_session(session, old_cookie)
    if user.totp_secret:
        return LoginStep(start_session(session, user, pending_totp=True, now=moment), "totp")
    return _logged_in(session, user, client, moment)


def code_step(session: Session, user_id: str, pending_cookie: str, code: str, client: str,
              now: datetime | None = None) -> LoginStep:
    """Check the TOTP code of a pending login; a code is accepted once (same 30 s window refused)."""
    moment = now or utcnow()
    user = session.get(User, user_id)
    if user is None or not user.active or not user.totp_secret:
        raise AccountError(400, WRONG_CODE)
    _check_lock(session, user.email, client, moment)
    step = totp.matching_step(user.totp_secret, code, moment, user.totp_last_step)
    if step is None:
        throttle.record_attempt(session, user.email, client, succeeded=False, now=moment)
        raise AccountError(400, WRONG_CODE)
    user.totp_last_step = step
    end_session(session, pending_cookie)
    return _logged_in(session, user, client, moment)


def _logged_in(session: Session, user: User, client: str, now: datetime) -> LoginStep:
    throttle.record_attempt(session, user.email, client, succeeded=True, now=now)
    user.last_login_at = now
    cookie = start_session(session, user, now=now)
    needs_setup = user.role == "beheerder" and not user.totp_secret
    return LoginStep(cookie, "totp_setup" if needs_setup else "done")


def safe_next(value: str | None) -> str:
    """A local path to return to after login (anything else: the start page)."""
    if not value or len(value) > 500 or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/"
    if any(ch in value for ch in "\r\n\\"):
        return "/"
    return value
