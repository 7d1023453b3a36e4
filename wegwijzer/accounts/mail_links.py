"""One-time links by e-mail: password reset (valid 1 hour) and invitations (valid 7 days).

The link holds a random token; the table only its SHA-256. A reset request gets the same answer
whether the e-mail address exists or not.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from wegwijzer.accounts.crypto import digest, new_secret
from wegwijzer.accounts.mailer import Mailer
from wegwijzer.accounts.models import MailToken, User
from wegwijzer.accounts.services import (
    AccountError,
    aware,
    create_user,
    normalize_email,
    set_password,
    user_by_email,
    utcnow,
)
from wegwijzer.accounts.text import N_

logger = logging.getLogger("wegwijzer.accounts")

RESET, INVITE = "reset", "invite"
LIFETIME = {RESET: timedelta(hours=1), INVITE: timedelta(days=7)}
PATHS = {RESET: "/wachtwoord-herstellen/", INVITE: "/uitnodiging/"}
#: at most this many reset mails per account and hour (the answer stays the same)
RESETS_PER_HOUR = 3
INVALID_LINK = N_("Deze link is ongeldig, al gebruikt of verlopen. Vraag een nieuwe aan.")
MAIL_FAILED = N_("De e-mail kon niet verstuurd worden. Probeer het later opnieuw.")

RESET_MAIL = """Hallo,

Iemand (hopelijk u) vroeg een nieuw wachtwoord aan voor uw account op Wegwijzer ({email}).
Kies een nieuw wachtwoord via deze link (geldig tot 1 uur na deze e-mail, één keer te gebruiken):

{link}

Vroeg u niets aan? Dan kunt u deze e-mail negeren: uw wachtwoord blijft hetzelfde.
"""

INVITE_MAIL = """Hallo,

U bent uitgenodigd voor Wegwijzer schooluitval Brussel als {role} ({email}).
Kies uw wachtwoord via deze link (7 dagen geldig, één keer te gebruiken):

{link}
"""


def _issue(session: Session, user: User, purpose: str, now: datetime) -> str:
    plain = new_secret(32)
    session.add(MailToken(id=str(uuid.uuid4()), user_id=user.id, purpose=purpose, token_hash=digest(plain),
                          created_at=now, expires_at=now + LIFETIME[purpose]))
    session.flush()
    return plain


def link(base_url: str, purpose: str, token: str) -> str:
    return base_url.rstrip("/") + PATHS[purpose] + token


def request_reset(session: Session, email: str, mailer: Mailer, base_url: str, now: datetime | None = None) -> None:
    """Send a reset link when an active user has this address; silently nothing otherwise."""
    moment = now or utcnow()
    user = user_by_email(session, email)
    if user is None or not user.active:
        return
    recent = session.scalar(select(func.count()).select_from(MailToken).where(
        MailToken.user_id == user.id, MailToken.purpose == RESET, MailToken.created_at > moment - timedelta(hours=1)))
    if recent and recent >= RESETS_PER_HOUR:
        return
    token = _issue(session, user, RESET, moment)
    try:
        mailer.send(user.email, "Wegwijzer: nieuw wachtwoord kiezen",
                    RESET_MAIL.format(email=user.email, link=link(base_url, RESET, token)))
    except Exception:  # noqa: BLE001 - the answer must not reveal anything; the log tells the admin
        logger.exception("event=mail_failed purpose=reset")


def invite(session: Session, email: str, role: str, organization_ids: Iterable[str], mailer: Mailer,
           base_url: str, now: datetime | None = None) -> User:
    """Create the user (without password) and mail them a link to choose one.

    A user who never chose a password is invited again; anyone else: 409."""
    moment = now or utcnow()
    existing = user_by_email(session, normalize_email(email))
    if existing is not None and existing.password_hash is None and existing.active:
        user = existing
    else:
        user = create_user(session, email, role, organization_ids, password=None, now=moment)
    token = _issue(session, user, INVITE, moment)
    try:
        mailer.send(user.email, "Uitnodiging voor Wegwijzer",
                    INVITE_MAIL.format(role=user.role, email=user.email, link=link(base_url, INVITE, token)))
    except Exception as exc:
        logger.exception("event=mail_failed purpose=invite")
        raise AccountError(503, MAIL_FAILED) from exc
    return user


def user_for_link(session: Session, token: str, purpose: str, now: datetime | None = None) -> User | None:
    """The user a valid (unused, unexpired) link belongs to, else None."""
    if not token or len(token) > 100:
        return None
    row = session.scalars(select(MailToken).where(MailToken.token_hash == digest(token),
                                                  MailToken.purpose == purpose)).first()
    if row is None or row.used_at is not None or aware(row.expires_at) <= (now or utcnow()):
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.active else None


def use_link(session: Session, token: str, purpose: str, password: str, repeat: str,
             now: datetime | None = None) -> User:
    """Set the password through a link; the link (and the user's other links of this kind) then stop working."""
    moment = now or utcnow()
    user = user_for_link(session, token, purpose, moment)
    if user is None:
        raise AccountError(400, INVALID_LINK)
    if password != repeat:
        raise AccountError(400, N_("De twee wachtwoorden zijn niet gelijk."))
    set_password(session, user, password)
    session.execute(update(MailToken).where(MailToken.user_id == user.id, MailToken.purpose == purpose,
                                            MailToken.used_at.is_(None)).values(used_at=moment))
    return user
