"""Suggested changes: submit (anyone, rate-limited and spam-guarded), list, accept, reject."""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from wegwijzer.accounts.principal import Principal
from wegwijzer.directory.models import Organization
from wegwijzer.editorial.errors import AlreadyReviewed, InvalidField, RateLimited, SuggestionNotFound
from wegwijzer.editorial.fields import REMOVE_FIELD, as_text, field_label, normalize, spec
from wegwijzer.editorial.models import Suggestion
from wegwijzer.editorial.policy import may_edit_directly, require_editor, who
from wegwijzer.editorial.records import (
    Row,
    apply_changes,
    find_row,
    label_of,
    load_row,
    organization_of,
    remove_record,
    utc,
)
from wegwijzer.editorial.schemas import SuggestionView

STATUSES = ("pending", "accepted", "rejected")
SOURCES = ("web", "api")
HOURLY_LIMIT = 10  # anonymous submissions per client key per hour
MAX_NOTE = 2000
MAX_LINKS = 3
_LINK_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[A-Za-z]{2,}$")


def client_hash(client_key: str | None) -> str:
    """What is stored of the caller's key (an IP hash, say): hashed once more, never the raw value."""
    return hashlib.sha256(f"wegwijzer-suggestion:{client_key or ''}".encode()).hexdigest()


def _check_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidField("De toelichting is te lang (hoogstens {limit} tekens).", limit=MAX_NOTE)
    if "\x00" in note:
        raise InvalidField("Ongeldige tekens in de toelichting.")
    if len(_LINK_RE.findall(note)) > MAX_LINKS:
        raise InvalidField("Te veel links in de toelichting (hoogstens {limit}).", limit=MAX_LINKS)
    return note


def _check_email(email: str | None) -> str | None:
    email = (email or "").strip()
    if not email:
        return None
    if len(email) > 254 or not _EMAIL_RE.match(email):
        raise InvalidField("Geen geldig e-mailadres: {value}.", value=email)
    return email


def _rate_limit(session: Session, key: str, now: datetime) -> None:
    since = now - timedelta(hours=1)
    recent = session.execute(select(func.count()).select_from(Suggestion).where(
        Suggestion.client_key == key, Suggestion.submitted_by == "anoniem", Suggestion.created_at >= since,
    )).scalar_one()
    if recent >= HOURLY_LIMIT:
        raise RateLimited()


def submit_suggestion(
    session: Session, principal: Principal | None, record_type: str, record_id: str, field: str, value: str,
    note: str = "", submitter_email: str | None = None, source: str = "web", client_key: str | None = None,
    now: datetime | None = None,
) -> SuggestionView:
    """Propose a new value for one field. Anonymous allowed (rate-limited); a partner of the record's
    organisation with direct edit enabled gets it applied at once (status "accepted")."""
    now = utc(now)
    spec(record_type, field)
    if source not in SOURCES:
        raise InvalidField("Onbekende bron: {source}.", source=source)
    row = load_row(session, record_type, record_id)
    proposed = normalize(record_type, field, value) or ""
    note = _check_note(note)
    if len(_LINK_RE.findall(proposed)) > MAX_LINKS:
        raise InvalidField("Te veel links in de voorgestelde waarde (hoogstens {limit}).", limit=MAX_LINKS)
    email = _check_email(submitter_email)
    current = as_text(row.get(field))
    if proposed == current:
        raise InvalidField("Deze waarde verandert niets: ze staat er al zo.")
    key = client_hash(client_key)
    twin = session.execute(select(Suggestion).where(
        Suggestion.record_id == record_id, Suggestion.field_name == field, Suggestion.status == "pending",
        Suggestion.proposed_value == proposed, Suggestion.submitted_by == who(principal),
        Suggestion.client_key == key).limit(1)).scalar()
    if twin is not None:  # the same proposal again (a double click, a resent form): nothing new to review
        return _view(session, twin)
    if principal is None:
        _rate_limit(session, key, now)
    organization_id = organization_of(session, record_type, row)
    suggestion = Suggestion(
        id=str(uuid.uuid4()), record_type=record_type, record_id=record_id, organization_id=organization_id,
        field_name=field, original_value=current, proposed_value=proposed, note=note, submitter_email=email,
        submitted_by=who(principal), source=source, client_key=key, base_version=int(row["version"]),
        status="pending", created_at=now, review_note="", conflict=False,
    )
    if principal is not None and not principal.is_editor and may_edit_directly(session, principal, organization_id):
        apply_changes(session, record_type, record_id, {field: proposed or None}, int(row["version"]),
                      principal.label, now)
        suggestion.status, suggestion.reviewed_by, suggestion.reviewed_at = "accepted", principal.label, now
        suggestion.applied_value = proposed
    session.add(suggestion)
    session.flush()
    return _view(session, suggestion)


def _current(session: Session, s: Suggestion, rows: dict[str, Row | None]) -> Row | None:
    if s.record_id not in rows:
        rows[s.record_id] = find_row(session, s.record_type, s.record_id)
    return rows[s.record_id]


def _view(session: Session, s: Suggestion, rows: dict[str, Row | None] | None = None,
          org_names: dict[str, str] | None = None) -> SuggestionView:
    row = _current(session, s, rows if rows is not None else {})
    if row is None:
        current, label = "", s.original_value if s.field_name == REMOVE_FIELD else ""
    elif s.field_name == REMOVE_FIELD:
        current = label = label_of(s.record_type, row)
    else:
        current, label = as_text(row.get(s.field_name)), label_of(s.record_type, row)
    if org_names is None:
        org_names = {}
    if s.organization_id and s.organization_id not in org_names:
        org = session.get(Organization, s.organization_id)
        org_names[s.organization_id] = org.name if org else ""
    changed = row is not None and s.status == "pending" and current != s.original_value
    return SuggestionView(
        id=s.id, record_type=s.record_type, record_id=s.record_id, record_label=label,
        organization_id=s.organization_id, organization_name=org_names.get(s.organization_id or "", ""),
        field=s.field_name, field_label=field_label(s.record_type, s.field_name), current_value=current,
        original_value=s.original_value, proposed_value=s.proposed_value, note=s.note,
        submitter_email=s.submitter_email, submitted_by=s.submitted_by, source=s.source, status=s.status,
        created_at=utc(s.created_at), base_version=s.base_version, reviewed_by=s.reviewed_by,
        reviewed_at=utc(s.reviewed_at) if s.reviewed_at else None, review_note=s.review_note or "",
        conflict=bool(s.conflict) or changed, applied_value=s.applied_value, record_exists=row is not None,
        import_run_id=s.import_run_id,
    )


def _load(session: Session, sid: str) -> Suggestion:
    found = session.get(Suggestion, sid) if isinstance(sid, str) and len(sid) <= 36 else None
    if found is None:
        raise SuggestionNotFound()
    return found


def get_suggestion(session: Session, sid: str) -> SuggestionView:
    return _view(session, _load(session, sid))


def list_suggestions(
    session: Session, status: str | None = None, organization_id: str | None = None,
    older_than_days: int | None = None, record_id: str | None = None, limit: int = 200,
    now: datetime | None = None,
) -> list[SuggestionView]:
    """Suggestions, oldest first, filtered by status, organisation, age (days) and record."""
    query = select(Suggestion)
    if status:
        if status not in STATUSES:
            raise InvalidField("Onbekende status: {status}.", status=status)
        query = query.where(Suggestion.status == status)
    if organization_id:
        query = query.where(Suggestion.organization_id == organization_id)
    if record_id:
        query = query.where(Suggestion.record_id == record_id)
    if older_than_days is not None:
        if older_than_days < 0:
            raise InvalidField("Het aantal dagen kan niet negatief zijn.")
        query = query.where(Suggestion.created_at <= utc(now) - timedelta(days=older_than_days))
    query = query.order_by(Suggestion.created_at, Suggestion.id).limit(max(1, min(int(limit), 1000)))
    rows: dict[str, Row | None] = {}
    names: dict[str, str] = {}
    return [_view(session, s, rows, names) for s in session.execute(query).scalars()]


def count_suggestions(session: Session, status: str | None = "pending") -> int:
    query = select(func.count()).select_from(Suggestion)
    if status:
        query = query.where(Suggestion.status == status)
    return int(session.execute(query).scalar_one())


def _close(session: Session, sid: str, values: dict[str, Any]) -> None:
    """Mark a pending suggestion reviewed; AlreadyReviewed when someone else was first."""
    result = session.execute(update(Suggestion).where(Suggestion.id == sid, Suggestion.status == "pending")
                             .values(**values).execution_options(synchronize_session=False))
    if not result.rowcount:
        raise AlreadyReviewed()


def accept_suggestion(
    session: Session, principal: Principal | None, sid: str, value: str | None = None, note: str = "",
    now: datetime | None = None, expected_version: int | None = None,
) -> SuggestionView:
    """Apply a suggestion (``value``: the editor's edited value). ``expected_version``: the record version
    the reviewer saw; StaleVersion when another change was saved since (nothing written)."""
    principal = require_editor(principal)
    now = utc(now)
    s = _load(session, sid)
    if s.status != "pending":
        raise AlreadyReviewed()
    note = _check_note(note)
    row = load_row(session, s.record_type, s.record_id)
    version = int(row["version"]) if expected_version is None else int(expected_version)
    if s.field_name == REMOVE_FIELD:
        remove_record(session, s.record_type, s.record_id, version, principal.label, now)
        final = ""
    else:
        final = s.proposed_value if value is None else (normalize(s.record_type, s.field_name, value) or "")
        apply_changes(session, s.record_type, s.record_id, {s.field_name: final or None}, version,
                      principal.label, now)
    _close(session, s.id, {"status": "accepted", "reviewed_by": principal.label, "reviewed_at": now,
                           "review_note": note, "applied_value": final})
    session.refresh(s)
    return _view(session, s)


def reject_suggestion(
    session: Session, principal: Principal | None, sid: str, reason: str, now: datetime | None = None,
) -> SuggestionView:
    """Close a suggestion without changing the record; the reason is required."""
    principal = require_editor(principal)
    reason = _check_note(reason)
    if not reason:
        raise InvalidField("Geef een reden op voor de weigering.")
    s = _load(session, sid)
    if s.status != "pending":
        raise AlreadyReviewed()
    _close(session, s.id, {"status": "rejected", "reviewed_by": principal.label, "reviewed_at": utc(now),
                           "review_note": reason})
    session.refresh(s)
    return _view(session, s)


def pending_for(session: Session, record_id: str) -> list[Suggestion]:
    return list(session.execute(select(Suggestion).where(
        Suggestion.record_id == record_id, Suggestion.status == "pending")).scalars())

