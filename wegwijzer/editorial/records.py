"""Reading and writing editable records: versions, labels, owners, and every applied change.

``apply_changes`` is the one place where an editorial change reaches a record: a conditional
``UPDATE ... SET version = version + 1 WHERE id = :id AND version = :expected`` (the row count tells
whether someone else saved first), one HSDS ``metadata`` row per changed field, the owning service's
``last_modified``, and the search index when a searchable text changed.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from wegwijzer.directory.models import Base
from wegwijzer.editorial.errors import InvalidField, RecordNotFound, StaleVersion
from wegwijzer.editorial.fields import EDITABLE, RECORD_TYPES, as_text, to_column
from wegwijzer.editorial.schemas import RecordState

Row = dict[str, Any]
# Fields whose change alters what search and matching see (the index is rebuilt after such a change).
SEARCHED: dict[str, set[str]] = {
    "service": {"name", "description", "eligibility_description", "application_process", "status",
                "minimum_age", "maximum_age"},
    "organization": {"name"},
    "address": {"region"},
}
_LABEL_FIELDS: dict[str, tuple[str, ...]] = {
    "service": ("name",), "organization": ("name",), "location": ("name", "url"),
    "contact": ("name", "email", "department", "title"), "phone": ("number",),
    "address": ("address_1",), "schedule": ("description", "byday"),
}
# Owner links, most specific first: (column, table it points to).
_OWNERS: dict[str, tuple[tuple[str, str], ...]] = {
    "service": (("organization_id", "organization"),),
    "location": (("organization_id", "organization"),),
    "address": (("location_id", "location"),),
    "contact": (("service_id", "service"), ("service_at_location_id", "service_at_location"),
                ("location_id", "location"), ("organization_id", "organization")),
    "phone": (("contact_id", "contact"), ("service_id", "service"),
              ("service_at_location_id", "service_at_location"), ("location_id", "location"),
              ("organization_id", "organization")),
    "schedule": (("service_id", "service"), ("service_at_location_id", "service_at_location"),
                 ("location_id", "location")),
    "service_at_location": (("service_id", "service"),),
}


def utc(now: datetime | None) -> datetime:
    now = now or datetime.now(UTC)
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


def table(record_type: str) -> Table:
    if record_type not in RECORD_TYPES:
        raise InvalidField("Onbekend soort gegeven: {record_type}.", record_type=record_type)
    return Base.metadata.tables[record_type]


def find_row(session: Session, record_type: str, record_id: str) -> Row | None:
    t = Base.metadata.tables[record_type]
    found = session.execute(select(t).where(t.c.id == record_id)).mappings().first()
    return dict(found) if found else None


def load_row(session: Session, record_type: str, record_id: str) -> Row:
    row = find_row(session, table(record_type).name, record_id)
    if row is None:
        raise RecordNotFound()
    return row


def label_of(record_type: str, row: Row) -> str:
    for key in _LABEL_FIELDS.get(record_type, ("name",)):
        if row.get(key):
            text = as_text(row[key])
            if record_type == "address" and row.get("city"):
                text = f"{text}, {row.get('postal_code') or ''} {row['city']}".replace("  ", " ")
            return text
    return str(row.get("id", ""))


def editable_values(record_type: str, row: Row) -> dict[str, str]:
    return {name: as_text(row.get(name)) for name in EDITABLE[record_type]}


def owner_chain(session: Session, record_type: str, row: Row) -> list[tuple[str, Row]]:
    """The record and its owners up to the organisation: [(type, row), ...]."""
    chain = [(record_type, row)]
    seen = {row["id"]}
    while len(chain) < 6:
        kind, current = chain[-1]
        parent = None
        for column, target in _OWNERS.get(kind, ()):
            if current.get(column):
                parent = (target, find_row(session, target, current[column]))
                break
        if parent is None or parent[1] is None or parent[1]["id"] in seen:
            break
        seen.add(parent[1]["id"])
        chain.append((parent[0], parent[1]))
    return chain


def organization_of(session: Session, record_type: str, row: Row) -> str | None:
    for kind, item in owner_chain(session, record_type, row):
        if kind == "organization":
            return str(item["id"])
    return None


def service_of(session: Session, record_type: str, row: Row) -> str | None:
    for kind, item in owner_chain(session, record_type, row):
        if kind == "service":
            return str(item["id"])
    return None


def record_state(session: Session, record_type: str, row: Row) -> RecordState:
    return RecordState(record_type=record_type, record_id=row["id"], version=int(row.get("version") or 1),
                       values=editable_values(record_type, row), label=label_of(record_type, row),
                       organization_id=organization_of(session, record_type, row))


def stale(record_type: str, row: Row, yours: dict[str, str | None], your_version: int,
          message: str | None = None) -> StaleVersion:
    return StaleVersion(record_type, row["id"], editable_values(record_type, row), int(row.get("version") or 1),
                        {k: v or "" for k, v in yours.items()}, your_version, message)


def _column_value(record_type: str, field: str, text: str | None) -> Any:
    if field in EDITABLE[record_type]:
        return to_column(record_type, field, text)
    return text or None


def _bump(session: Session, record_type: str, record_id: str, expected: int, values: Row) -> bool:
    t = table(record_type)
    result = session.execute(update(t).where(t.c.id == record_id, t.c.version == expected)
                             .values(version=t.c.version + 1, **values))
    return bool(result.rowcount)


def history_row(record_type: str, record_id: str, field: str, old: Any, new: Any, by: str, now: datetime,
                action: str) -> Row:
    return {"id": str(uuid.uuid4()), "resource_id": record_id, "resource_type": record_type,
            "last_action_date": now, "last_action_type": action, "field_name": field,
            "previous_value": as_text(old), "replacement_value": as_text(new), "updated_by": by}


def apply_changes(
    session: Session, record_type: str, record_id: str, changes: dict[str, str | None], expected_version: int,
    updated_by: str, now: datetime | None = None, action: str = "update",
) -> int:
    """Write ``changes`` (canonical texts) if the record is still at ``expected_version``; the new version.

    Raises StaleVersion (nothing written) when the record has another version, RecordNotFound when gone.
    """
    now = utc(now)
    row = load_row(session, record_type, record_id)
    if int(row["version"]) != expected_version:
        raise stale(record_type, row, changes, expected_version)
    diff = {k: v for k, v in changes.items() if as_text(row.get(k)) != (v or "")}
    if not diff:
        return expected_version
    values = {k: _column_value(record_type, k, v) for k, v in diff.items()}
    if not _bump(session, record_type, record_id, expected_version, values):
        raise stale(record_type, load_row(session, record_type, record_id), changes, expected_version)
    session.execute(insert(Base.metadata.tables["metadata"]), [
        history_row(record_type, record_id, k, row.get(k), values[k], updated_by, now, action) for k in diff])
    after_change(session, record_type, row, set(diff), now)
    return expected_version + 1


def remove_record(session: Session, record_type: str, record_id: str, expected_version: int, updated_by: str,
                  now: datetime | None = None) -> None:
    """Delete a record (and, by cascade, what hangs under it) if still at ``expected_version``."""
    now = utc(now)
    row = load_row(session, record_type, record_id)
    t = table(record_type)
    if int(row["version"]) != expected_version:
        raise stale(record_type, row, {}, expected_version)
    result = session.execute(delete(t).where(t.c.id == record_id, t.c.version == expected_version))
    if not result.rowcount:
        raise stale(record_type, load_row(session, record_type, record_id), {}, expected_version)
    session.execute(insert(Base.metadata.tables["metadata"]), [history_row(
        record_type, record_id, "record", label_of(record_type, row), "", updated_by, now, "delete")])
    baseline = Base.metadata.tables["import_baseline"]
    session.execute(delete(baseline).where(baseline.c.record_id == record_id))
    after_change(session, record_type, row, set(), now, reindex_always=True)


def after_change(session: Session, record_type: str, row: Row, fields: set[str], now: datetime,
                 reindex_always: bool = False) -> None:
    """Keep derived data true: the owning service's last change, and the search index."""
    service_id = service_of(session, record_type, row)
    if service_id:
        service = Base.metadata.tables["service"]
        session.execute(update(service).where(service.c.id == service_id).values(last_modified=now))
    if reindex_always or not fields.isdisjoint(SEARCHED.get(record_type, set())):
        from wegwijzer.search.index import reindex  # noqa: PLC0415 (search imports the directory models)

        reindex(session)


def dumps(values: dict[str, str]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True)
