"""Use cases of the user administration (beheerder only): change role and organisations, disable, enable."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijzer.accounts.models import User
from wegwijzer.accounts.principal import Principal
from wegwijzer.accounts.services import AccountError, set_active, set_role
from wegwijzer.accounts.text import N_
from wegwijzer.directory.models import Organization

NOT_YOURSELF = N_("U kunt uw eigen rol of account hier niet wijzigen; vraag het een andere beheerder.")


def find_user(session: Session, user_id: str) -> User:
    user = session.get(User, (user_id or "")[:36])
    if user is None:
        raise AccountError(404, N_("Deze gebruiker bestaat niet."))
    return user


def organization_choices(session: Session) -> list[tuple[str, str]]:
    """(id, name) of every organisation, by name."""
    return [(row.id, row.name) for row in session.execute(
        select(Organization.id, Organization.name).order_by(Organization.name))]


def change_user(session: Session, actor: Principal, user_id: str, role: str, organization_ids: Iterable[str]) -> User:
    user = find_user(session, user_id)
    if user.id == actor.user_id and role != user.role:
        raise AccountError(400, NOT_YOURSELF)
    set_role(session, user, role, organization_ids)
    return user


def switch_active(session: Session, actor: Principal, user_id: str, active: bool) -> User:
    user = find_user(session, user_id)
    if user.id == actor.user_id:
        raise AccountError(400, NOT_YOURSELF)
    set_active(session, user, active)
    return user
