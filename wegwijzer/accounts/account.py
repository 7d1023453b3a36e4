"""Use cases of the account page: change password, turn TOTP on and off."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from wegwijzer.accounts import totp
from wegwijzer.accounts.models import User
from wegwijzer.accounts.passwords import verify_password
from wegwijzer.accounts.services import AccountError, set_password, utcnow
from wegwijzer.accounts.text import N_

WRONG_CURRENT = N_("Het huidige wachtwoord is onjuist.")


def change_password(session: Session, user: User, current: str, password: str, repeat: str,
                    keep_session: str | None) -> None:
    """A new password (the current one is asked again); other sessions of the user end."""
    if not verify_password(user.password_hash, current):
        raise AccountError(400, WRONG_CURRENT)
    if password != repeat:
        raise AccountError(400, N_("De twee wachtwoorden zijn niet gelijk."))
    set_password(session, user, password, keep_session=keep_session)


def pending_secret(user: User) -> str:
    """The secret shown on the set-up page (made once, kept until confirmed)."""
    if user.totp_pending_secret is None:
        user.totp_pending_secret = totp.new_secret()
    return user.totp_pending_secret


def enable_totp(session: Session, user: User, code: str, now: datetime | None = None) -> None:
    """Turn TOTP on when ``code`` fits the pending secret."""
    moment = now or utcnow()
    if user.totp_secret is not None:
        return
    secret = user.totp_pending_secret
    step = totp.matching_step(secret, code, moment) if secret else None
    if step is None:
        raise AccountError(400, N_("Deze code klopt niet. Controleer de tijd op uw toestel en probeer opnieuw."))
    user.totp_secret, user.totp_pending_secret, user.totp_last_step = secret, None, step


def disable_totp(session: Session, user: User, current: str) -> None:
    """Turn TOTP off (not for a beheerder; the password is asked again)."""
    if user.role == "beheerder":
        raise AccountError(403, N_("Voor een beheerder is de tweestapsverificatie verplicht."))
    if not verify_password(user.password_hash, current):
        raise AccountError(400, WRONG_CURRENT)
    user.totp_secret = None
    user.totp_pending_secret = None
    user.totp_last_step = None
