"""Direct edits with a version check, review dates, and the record's editable state."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from wegwijzer.accounts.principal import Principal
from wegwijzer.editorial.errors import InvalidField, NotAllowed
from wegwijzer.editorial.fields import normalize
from wegwijzer.editorial.models import Suggestion
from wegwijzer.editorial.policy import may_edit_directly, require_principal
from wegwijzer.editorial.records import apply_changes, load_row, organization_of, record_state, stale, utc
from wegwijzer.editorial.schemas import EditOutcome, RecordState


def record_values(session: Session, record_type: str, record_id: str) -> RecordState:
    """The record's version and editable values (what an edit form starts from)."""
    return record_state(session, record_type, load_row(session, record_type, record_id))


def _normalized(record_type: str, changes: dict[str, str]) -> dict[str, str | None]:
    if not isinstance(changes, dict) or not changes:
        raise InvalidField("Geen wijzigingen ontvangen.")
    out = {field: normalize(record_type, field, value) for field, value in changes.items()}
    return out


def _check_ages(record_type: str, current: dict[str, str], wanted: dict[str, str | None]) -> None:
    if record_type != "service":
        return
    merged = {**current, **{k: v or "" for k, v in wanted.items()}}
    low, high = merged.get("minimum_age"), merged.get("maximum_age")
    if low and high and float(low) > float(high):
        raise InvalidField("De minimumleeftijd is hoger dan de maximumleeftijd.")


def edit_record(
    session: Session, principal: Principal | None, record_type: str, record_id: str, changes: dict[str, str],
    expected_version: int, now: datetime | None = None,
) -> EditOutcome:
    """Save an edit form. Editors, and partners of the owning organisation with direct edit enabled, write at
    once; other partners of the organisation get pending suggestions. StaleVersion when ``expected_version``
    is not the record's version (nothing written)."""
    principal = require_principal(principal)
    now = utc(now)
    row = load_row(session, record_type, record_id)
    organization_id = organization_of(session, record_type, row)
    if not (principal.is_editor or principal.represents(organization_id)):
        raise NotAllowed("U kunt alleen de gegevens van uw eigen organisatie wijzigen.")
    wanted = _normalized(record_type, changes)
    state = record_state(session, record_type, row)
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise InvalidField("Ongeldige versie.") from None
    if expected != state.version:
        raise stale(record_type, row, wanted, expected)
    wanted = {k: v for k, v in wanted.items() if (v or "") != state.values[k]}
    _check_ages(record_type, state.values, wanted)
    if may_edit_directly(session, principal, organization_id):
        version = apply_changes(session, record_type, record_id, wanted, expected, principal.label, now)
        return EditOutcome(applied=True, version=version)
    ids = []
    for field, value in wanted.items():
        suggestion = Suggestion(
            id=str(uuid.uuid4()), record_type=record_type, record_id=record_id, organization_id=organization_id,
            field_name=field, original_value=state.values[field], proposed_value=value or "", note="",
            submitter_email=None, submitted_by=principal.label, source="web", client_key=None,
            base_version=state.version, status="pending", created_at=now, review_note="", conflict=False,
        )
        session.add(suggestion)
        ids.append(suggestion.id)
    session.flush()
    return EditOutcome(applied=False, version=state.version, suggestion_ids=ids)


def _today(now: datetime) -> str:
    try:
        return now.astimezone(ZoneInfo("Europe/Brussels")).date().isoformat()
    except ZoneInfoNotFoundError:  # pragma: no cover - systems without a time zone database
        return now.date().isoformat()


def mark_checked(
    session: Session, principal: Principal | None, service_id: str, expected_version: int,
    now: datetime | None = None,
) -> EditOutcome:
    """Record that a service was checked today (assured_date, assurer_email): editors and its partners."""
    principal = require_principal(principal)
    now = utc(now)
    row = load_row(session, "service", service_id)
    if not (principal.is_editor or principal.represents(organization_of(session, "service", row))):
        raise NotAllowed("U kunt alleen de gegevens van uw eigen organisatie nakijken.")
    changes: dict[str, str | None] = {"assured_date": _today(now), "assurer_email": principal.email}
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise InvalidField("Ongeldige versie.") from None
    version = apply_changes(session, "service", service_id, changes, expected, principal.label, now)
    return EditOutcome(applied=True, version=version)

