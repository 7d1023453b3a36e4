"""What the editorial services hand out: plain dataclasses, the same for web pages and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class SuggestionView:
    id: str
    record_type: str
    record_id: str
    record_label: str
    organization_id: str | None
    organization_name: str
    field: str
    field_label: str  # Dutch msgid
    current_value: str  # the value in the record now
    original_value: str  # the value when the suggestion was made
    proposed_value: str
    note: str
    submitter_email: str | None
    submitted_by: str  # principal label, "anoniem" or "import:<source>"
    source: str  # web | api | import
    status: str  # pending | accepted | rejected
    created_at: datetime
    base_version: int
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str
    conflict: bool  # the record changed since the suggestion / an editor changed it since the last import
    applied_value: str | None
    record_exists: bool = True
    import_run_id: str | None = None


@dataclass
class RecordState:
    record_type: str
    record_id: str
    version: int
    values: dict[str, str]  # editable field -> current text ("" when empty)
    label: str
    organization_id: str | None


@dataclass
class EditOutcome:
    applied: bool  # written at once (else: pending suggestions)
    version: int  # the record's version now
    suggestion_ids: list[str] = field(default_factory=list)


@dataclass
class HistoryEntry:
    id: str
    field_name: str
    field_label: str
    previous_value: str
    replacement_value: str
    updated_by: str
    last_action_date: datetime
    last_action_type: str  # create | update | delete | revert
    revertible: bool
    resource_type: str = ""
