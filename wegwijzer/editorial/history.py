"""History (HSDS metadata rows of a record) and reverting one change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijzer.accounts.principal import Principal
from wegwijzer.directory.models import Metadata
from wegwijzer.editorial.errors import InvalidField, RecordNotFound
from wegwijzer.editorial.fields import EDITABLE, RECORD_TYPES, as_text, field_label, normalize
from wegwijzer.editorial.policy import require_editor
from wegwijzer.editorial.records import Row, apply_changes, find_row, stale, utc
from wegwijzer.editorial.schemas import EditOutcome, HistoryEntry

REVERTIBLE_ACTIONS = ("update", "revert")


def _valid_previous(record_type: str, field: str, previous: str) -> bool:
    try:
        normalize(record_type, field, previous)
    except InvalidField:
        return False
    return True


def _revertible(m: Metadata, row: Row | None) -> bool:
    return (row is not None and m.last_action_type in REVERTIBLE_ACTIONS
            and m.resource_type in RECORD_TYPES and m.field_name in EDITABLE[m.resource_type]
            and as_text(row.get(m.field_name)) == m.replacement_value
            and (m.previous_value == "" and not EDITABLE[m.resource_type][m.field_name].required
                 or m.previous_value != "" and _valid_previous(m.resource_type, m.field_name, m.previous_value)))


def history(session: Session, record_id: str) -> list[HistoryEntry]:
    """Every recorded change of this record, newest first; ``revertible`` when an editor may undo it now."""
    changes = session.execute(select(Metadata).where(Metadata.resource_id == record_id)
                              .order_by(Metadata.last_action_date.desc(), Metadata.id)).scalars().all()
    row = None
    if changes and changes[0].resource_type in RECORD_TYPES:
        row = find_row(session, changes[0].resource_type, record_id)
    return [HistoryEntry(
        id=m.id, field_name=m.field_name, field_label=field_label(m.resource_type, m.field_name),
        previous_value=m.previous_value, replacement_value=m.replacement_value, updated_by=m.updated_by,
        last_action_date=utc(m.last_action_date), last_action_type=m.last_action_type,
        revertible=_revertible(m, row), resource_type=m.resource_type,
    ) for m in changes]


def revert_change(
    session: Session, principal: Principal | None, metadata_id: str, now: datetime | None = None,
    expected_version: int | None = None,
) -> EditOutcome:
    """Write a change's previous value back, recorded as a new change of type "revert" (editors only).

    StaleVersion when the field no longer holds that change's value (or the record has another version
    than ``expected_version``): nothing written.
    """
    principal = require_editor(principal)
    change = session.get(Metadata, metadata_id) if isinstance(metadata_id, str) and len(metadata_id) <= 36 else None
    if change is None:
        raise RecordNotFound("Deze wijziging bestaat niet.")
    kind, field = change.resource_type, change.field_name
    if change.last_action_type not in REVERTIBLE_ACTIONS or kind not in RECORD_TYPES or field not in EDITABLE[kind]:
        raise InvalidField("Deze wijziging kan niet worden teruggedraaid.")
    row = find_row(session, kind, change.resource_id)
    if row is None:
        raise RecordNotFound()
    version = int(row["version"]) if expected_version is None else int(expected_version)
    if as_text(row.get(field)) != change.replacement_value:
        raise stale(kind, row, {field: change.previous_value}, version,
                    "Dit veld is sindsdien opnieuw gewijzigd; deze wijziging kan niet meer worden teruggedraaid.")
    previous = change.previous_value
    if previous:
        previous = normalize(kind, field, previous) or ""
    elif EDITABLE[kind][field].required:
        raise InvalidField("Dit veld is verplicht: {label}.", label=EDITABLE[kind][field].label)
    new_version = apply_changes(session, kind, change.resource_id, {field: previous or None}, version,
                                principal.label, now, action="revert")
    return EditOutcome(applied=True, version=new_version)
