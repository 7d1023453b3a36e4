"""Login throttling and lock-out, stored in the database (safe with several workers).

Per account (the e-mail typed, whether or not it exists, so that the answer reveals nothing):
5 failures within 15 minutes lock it for 15 minutes. Per client (IP address): 20 failures
within 15 minutes. The decision is a pure function of the failure times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wegwijzer.accounts.models import LoginAttempt
from wegwijzer.accounts.services import aware, utcnow


@dataclass(frozen=True)
class Limit:
    failures: int
    window: timedelta
    lock: timedelta


ACCOUNT_LIMIT = Limit(failures=5, window=timedelta(minutes=15), lock=timedelta(minutes=15))
CLIENT_LIMIT = Limit(failures=20, window=timedelta(minutes=15), lock=timedelta(minutes=15))


def locked_until(failures: Sequence[datetime], limit: Limit) -> datetime | None:
    """When the lock caused by these failure times (any order) ends; None when they cause none.

    A lock starts at a failure that is the ``limit.failures``-th within ``limit.window``."""
    times = sorted(failures)
    n = limit.failures
    ends = [times[i] + limit.lock for i in range(n - 1, len(times)) if times[i] - times[i - n + 1] <= limit.window]
    return max(ends, default=None)


def _failures(session: Session, column: object, value: str, now: datetime, limit: Limit) -> list[datetime]:
    since = now - limit.window - limit.lock
    last_success = session.scalar(select(func.max(LoginAttempt.attempted_at)).where(
        column == value, LoginAttempt.succeeded.is_(True), LoginAttempt.attempted_at >= since))
    if last_success is not None:
        since = max(since, aware(last_success))
    rows = session.scalars(select(LoginAttempt.attempted_at).where(
        column == value, LoginAttempt.succeeded.is_(False), LoginAttempt.attempted_at > since))
    return [aware(t) for t in rows]


def lock_for(session: Session, email: str, client: str, now: datetime | None = None) -> datetime | None:
    """Until when logins for this e-mail or from this client are refused (None: not locked)."""
    moment = now or utcnow()
    ends = [
        locked_until(_failures(session, LoginAttempt.email, email, moment, ACCOUNT_LIMIT), ACCOUNT_LIMIT),
        locked_until(_failures(session, LoginAttempt.client, client, moment, CLIENT_LIMIT), CLIENT_LIMIT),
    ]
    live = [end for end in ends if end is not None and end > moment]
    return max(live, default=None)


def record_attempt(session: Session, email: str, client: str, succeeded: bool, now: datetime | None = None) -> None:
    session.add(LoginAttempt(email=email[:254], client=client[:64], attempted_at=now or utcnow(),
                             succeeded=succeeded))
    session.flush()
