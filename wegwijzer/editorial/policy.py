"""Who may do what: editors review and edit everything, partners their own organisation's records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijzer.accounts.principal import Principal
from wegwijzer.directory.models import Organization
from wegwijzer.editorial.errors import NotAllowed, NotAuthenticated, RecordNotFound
from wegwijzer.editorial.models import EditorialPolicy
from wegwijzer.editorial.records import utc

ANONYMOUS = "anoniem"


def require_principal(principal: Principal | None) -> Principal:
    if principal is None:
        raise NotAuthenticated()
    return principal


def require_editor(principal: Principal | None) -> Principal:
    principal = require_principal(principal)
    if not principal.is_editor:
        raise NotAllowed("Alleen redacteurs kunnen dit doen.")
    return principal


def direct_edit_enabled(session: Session, organization_id: str | None) -> bool:
    """May the partners of this organisation change its records without review? (default: no)"""
    if not organization_id:
        return False
    found = session.execute(select(EditorialPolicy.direct_edit)
                            .where(EditorialPolicy.organization_id == organization_id)).scalar()
    return bool(found)


def set_direct_edit(session: Session, principal: Principal | None, organization_id: str, enabled: bool,
                    now: datetime | None = None) -> bool:
    """Allow or forbid direct edits by this organisation's partners (beheerder only); the new setting."""
    principal = require_principal(principal)
    if not principal.is_admin:
        raise NotAllowed("Alleen een beheerder kan dit instellen.")
    if session.get(Organization, organization_id) is None:
        raise RecordNotFound()
    policy = session.get(EditorialPolicy, organization_id)
    if policy is None:
        policy = EditorialPolicy(organization_id=organization_id)
        session.add(policy)
    policy.direct_edit = bool(enabled)
    policy.updated_by = principal.label
    policy.updated_at = utc(now)
    session.flush()
    return policy.direct_edit


def may_edit_directly(session: Session, principal: Principal, organization_id: str | None) -> bool:
    """Editors always; a partner of the owning organisation when the beheerder allowed it."""
    return principal.is_editor or (principal.represents(organization_id)
                                   and direct_edit_enabled(session, organization_id))


def who(principal: Principal | None) -> str:
    return principal.label if principal is not None else ANONYMOUS
