"""Server-side login sessions: the cookie holds a random token, the table only its SHA-256."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from wegwijzer.accounts.crypto import digest, new_secret
from wegwijzer.accounts.models import LoginSession, User
from wegwijzer.accounts.principal import Principal
from wegwijzer.accounts.services import aware, principal_for_user, utcnow

SESSION_COOKIE = "wegwijzer_sessie"
#: between the password step and the code step
PENDING_LIFETIME = timedelta(minutes=10)
#: last-seen times are written at most this often
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Lifetimes:
    idle: timedelta
    absolute: timedelta

    @classmethod
    def of(cls, idle_minutes: int, max_hours: int) -> Lifetimes:
        return cls(timedelta(minutes=idle_minutes), timedelta(hours=max_hours))


@dataclass(frozen=True)
class SessionInfo:
    """The login behind a request's cookie."""

    token_hash: str
    user_id: str
    email: str
    #: None while the TOTP code is still to come
    principal: Principal | None
    pending_totp: bool
    totp_enabled: bool

    @property
    def needs_totp_setup(self) -> bool:
        """A beheerder without a second factor may do nothing but set it up."""
        return self.principal is not None and self.principal.is_admin and not self.totp_enabled


def expired(created_at: datetime, last_seen_at: datetime, now: datetime, lifetimes: Lifetimes,
            pending: bool = False) -> bool:
    """Whether a session ended: idle too long, or older than its absolute lifetime."""
    if pending:
        return now - created_at > min(PENDING_LIFETIME, lifetimes.absolute)
    return now - last_seen_at > lifetimes.idle or now - created_at > lifetimes.absolute


def start_session(session: Session, user: User, pending_totp: bool = False, now: datetime | None = None) -> str:
    """A new session (always a new id: a cookie planted before login never becomes a login).

    Returns the cookie value; the table keeps its digest."""
    moment = now or utcnow()
    value = new_secret(32)
    session.add(LoginSession(token_hash=digest(value), user_id=user.id, pending_totp=pending_totp,
                             created_at=moment, last_seen_at=moment))
    session.flush()
    return value


def end_session(session: Session, cookie: str | None) -> None:
    """Delete the session server-side (logout)."""
    if cookie:
        session.execute(delete(LoginSession).where(LoginSession.token_hash == digest(cookie)))


def find_session(session: Session, cookie: str | None, lifetimes: Lifetimes,
                 now: datetime | None = None) -> SessionInfo | None:
    """The live session behind a cookie value (expired ones are deleted), touching its last-seen time."""
    if not cookie or len(cookie) > 200:
        return None
    row = session.get(LoginSession, digest(cookie))
    if row is None:
        return None
    moment = now or utcnow()
    user = session.get(User, row.user_id)
    if user is None or not user.active or expired(aware(row.created_at), aware(row.last_seen_at), moment,
                                                  lifetimes, row.pending_totp):
        session.delete(row)
        return None
    if moment - aware(row.last_seen_at) >= TOUCH_EVERY:
        row.last_seen_at = moment
    return SessionInfo(token_hash=row.token_hash, user_id=user.id, email=user.email,
                       principal=None if row.pending_totp else principal_for_user(user),
                       pending_totp=row.pending_totp, totp_enabled=user.totp_secret is not None)
