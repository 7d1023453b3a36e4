"""Use cases for users and API tokens (the CLI, the web pages and the tests call these)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wegwijzer.accounts.crypto import digest, new_api_token
from wegwijzer.accounts.models import AccountOrganization, ApiToken, LoginSession, User
from wegwijzer.accounts.passwords import hash_password, policy_problem
from wegwijzer.accounts.principal import ROLES, Principal
from wegwijzer.accounts.text import N_
from wegwijzer.directory.models import Organization

EMAIL_MAX = 254
TOKEN_NAME_MAX = 100
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")
#: last-used dates of tokens are written at most this often
TOUCH_EVERY = timedelta(minutes=1)


class AccountError(Exception):
    """A refused account operation: an HTTP-like status and a Dutch message.

    ``template`` is the Dutch msgid with ``{name}`` placeholders (translated on the website),
    ``message`` the Dutch text with the values filled in."""

    def __init__(self, status: int, template: str, **values: object) -> None:
        self.status = status
        self.template = template
        self.values = values
        self.message = template.format(**values) if values else template
        super().__init__(self.message)


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes: they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def normalize_email(email: str) -> str:
    """Trimmed and lower-cased; raises AccountError (400) when it is not an e-mail address."""
    value = (email or "").strip().lower()
    if not value or len(value) > EMAIL_MAX or not _EMAIL.match(value):
        raise AccountError(400, N_("Dit is geen geldig e-mailadres."))
    return value


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(400, N_("Onbekende rol {role}: kies uit {roles}."), role=repr(role), roles=", ".join(ROLES))
    return role


def check_password(password: str) -> str:
    problem = policy_problem(password)
    if problem:
        raise AccountError(400, problem)
    return password


def check_organizations(session: Session, role: str, organization_ids: Iterable[str]) -> list[str]:
    """The distinct ids, all existing; only partners have (and need) organisations."""
    ids = list(dict.fromkeys(i.strip() for i in organization_ids if i and i.strip()))
    if role != "partner":
        if ids:
            raise AccountError(400, N_("Alleen een partner is aan organisaties gekoppeld."))
        return []
    if not ids:
        raise AccountError(400, N_("Een partner moet aan minstens één organisatie gekoppeld zijn."))
    known = set(session.scalars(select(Organization.id).where(Organization.id.in_(ids))))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise AccountError(400, N_("Onbekende organisatie: {ids}."), ids=", ".join(unknown))
    return ids


def user_by_email(session: Session, email: str) -> User | None:
    value = (email or "").strip().lower()
    return session.scalars(select(User).where(User.email == value)).first() if value else None


def get_user(session: Session, email: str) -> User:
    user = user_by_email(session, email)
    if user is None:
        raise AccountError(404, N_("Er is geen gebruiker met e-mailadres {email}."), email=(email or "").strip()[:254])
    return user


def create_user(session: Session, email: str, role: str, organization_ids: Iterable[str] = (),
                password: str | None = None, now: datetime | None = None) -> User:
    """A new active user; without a password the person cannot log in until they choose one
    (invitation or password reset)."""
    address = normalize_email(email)
    check_role(role)
    ids = check_organizations(session, role, organization_ids)
    if password is not None:
        check_password(password)
    if user_by_email(session, address) is not None:
        raise AccountError(409, N_("Er bestaat al een gebruiker met e-mailadres {email}."), email=address)
    user = User(id=str(uuid.uuid4()), email=address, role=role, active=True,
                password_hash=hash_password(password) if password is not None else None,
                created_at=now or utcnow())
    user.memberships = [AccountOrganization(organization_id=i) for i in ids]
    session.add(user)
    session.flush()
    return user


def principal_for_user(user: User) -> Principal:
    return Principal(user_id=user.id, email=user.email, role=user.role,  # type: ignore[arg-type]
                     organization_ids=user.organization_ids)


def end_sessions(session: Session, user_id: str, keep: str | None = None) -> None:
    """Log the user out everywhere (but for the session with token hash ``keep``)."""
    stmt = delete(LoginSession).where(LoginSession.user_id == user_id)
    if keep is not None:
        stmt = stmt.where(LoginSession.token_hash != keep)
    session.execute(stmt)


def set_password(session: Session, user: User, password: str, keep_session: str | None = None) -> None:
    """A new password; every other login session of the user ends."""
    check_password(password)
    user.password_hash = hash_password(password)
    end_sessions(session, user.id, keep=keep_session)


def set_active(session: Session, user: User, active: bool) -> None:
    """Disable (log out everywhere; tokens stop working) or enable a user."""
    user.active = active
    if not active:
        end_sessions(session, user.id)


def set_role(session: Session, user: User, role: str, organization_ids: Iterable[str] = ()) -> None:
    check_role(role)
    ids = check_organizations(session, role, organization_ids)
    user.role = role
    current = {m.organization_id: m for m in user.memberships}
    user.memberships = [current.get(i) or AccountOrganization(organization_id=i) for i in ids]
    session.flush()


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))


# --- API tokens -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewToken:
    id: str
    token: str  # shown once


def issue_token(session: Session, user: User, name: str = "cli", now: datetime | None = None) -> NewToken:
    label = (name or "").strip()
    if not label:
        raise AccountError(400, N_("Geef de token een naam."))
    if len(label) > TOKEN_NAME_MAX:
        raise AccountError(400, N_("De naam van de token mag hoogstens {max} tekens lang zijn."), max=TOKEN_NAME_MAX)
    if not user.active:
        raise AccountError(400, N_("De gebruiker {email} is uitgeschakeld."), email=user.email)
    plain = new_api_token()
    row = ApiToken(id=str(uuid.uuid4()), user_id=user.id, name=label, token_hash=digest(plain),
                   created_at=now or utcnow())
    session.add(row)
    session.flush()
    return NewToken(id=row.id, token=plain)


def create_token(session: Session, email: str, name: str = "cli", now: datetime | None = None) -> str:
    """A new personal API token for the user with this e-mail: the plain token (stored hashed)."""
    return issue_token(session, get_user(session, email), name, now).token


def revoke_token(session: Session, token_id: str, user_id: str | None = None, now: datetime | None = None) -> ApiToken:
    """Revoke a token by id (only among ``user_id``'s tokens when given)."""
    row = session.get(ApiToken, (token_id or "").strip()[:36])
    if row is None or (user_id is not None and row.user_id != user_id):
        raise AccountError(404, N_("Er is geen token met id {id}."), id=repr((token_id or "")[:64]))
    if row.revoked_at is None:
        row.revoked_at = now or utcnow()
    return row


def tokens_of(session: Session, user_id: str) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user_id)
                                .order_by(ApiToken.created_at.desc())))


def principal_for_token(session: Session, token: str, now: datetime | None = None) -> Principal | None:
    """The owner of a valid token (not revoked, user active), recording when it was used; else None."""
    if not token or len(token) > 200:
        return None
    row = session.scalars(select(ApiToken).where(ApiToken.token_hash == digest(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    moment = now or utcnow()
    if row.last_used_at is None or moment - aware(row.last_used_at) >= TOUCH_EVERY:
        row.last_used_at = moment
    return principal_for_user(user)
