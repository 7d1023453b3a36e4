"""Store step: write the rows of an import into the database, changing only what differs.

Every insert, update and delete is recorded as HSDS ``metadata`` (the history), and a
service whose own row or any of its parts changed gets a new ``last_modified``.
Runs inside the caller's transaction: the caller commits or rolls back as a whole.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from wegwijzer.directory.models import Base
from wegwijzer.ingest.rows import TABLE_ORDER, Row

# Tables whose changes are written to the history (taxonomy definitions come from the vocabulary).
HISTORY_SKIP = {"taxonomy", "taxonomy_term"}
LABEL_FIELDS = ("name", "number", "address_1", "source", "option", "value", "code", "description")


@dataclass
class SyncStats:
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.inserted.values()) or any(self.updated.values()) or any(self.deleted.values())

    def total(self, kind: str) -> int:
        return sum(getattr(self, kind).values())


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _label(row: Row) -> str:
    for key in LABEL_FIELDS:
        if row.get(key):
            return str(row[key])
    return str(row["id"])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return bool(a == b)


def _parent_first(rows: list[Row]) -> list[Row]:
    """Order organisations so that a parent is inserted before its children."""
    ids = {r["id"] for r in rows}
    done: set[str] = set()
    ordered: list[Row] = []
    pending = list(rows)
    while pending:
        rest = []
        for r in pending:
            parent = r.get("parent_organization_id")
            if not parent or parent in done or parent not in ids:
                ordered.append(r)
                done.add(r["id"])
            else:
                rest.append(r)
        if len(rest) == len(pending):  # a cycle: insert the rest as they are
            ordered.extend(rest)
            break
        pending = rest
    return ordered


class _History:
    def __init__(self, updated_by: str, now: datetime) -> None:
        self.updated_by = updated_by
        self.now = now
        self.rows: list[Row] = []
        self.touched_services: set[str] = set()

    def record(self, table: str, row: Row, action: str, field_name: str, old: Any, new: Any) -> None:
        if table == "service":
            self.touched_services.add(row["id"])
        elif row.get("service_id"):
            self.touched_services.add(row["service_id"])
        elif table == "attribute" and row.get("link_entity") == "service":
            self.touched_services.add(row["link_id"])
        if table in HISTORY_SKIP:
            return
        self.rows.append({
            "id": str(uuid.uuid4()), "resource_id": row["id"], "resource_type": table,
            "last_action_date": self.now, "last_action_type": action, "field_name": field_name,
            "previous_value": _text(old), "replacement_value": _text(new), "updated_by": self.updated_by,
        })


def load_existing(session: Session) -> dict[str, dict[str, Row]]:
    """Every row of the import-owned tables: ``{table: {id: row}}``."""
    return {name: {r["id"]: dict(r) for r in session.execute(select(_table(name))).mappings()}
            for name in TABLE_ORDER}


def sync(
    session: Session, desired: dict[str, dict[str, Row]], updated_by: str, now: datetime,
    existing: dict[str, dict[str, Row]] | None = None,
) -> SyncStats:
    """Make the import-owned tables equal to ``desired``; record every change as metadata.

    ``existing`` is what :func:`load_existing` read in this transaction (read again when not given).
    An updated row of an editable table gets a new ``version``.
    """
    stats = SyncStats()
    history = _History(updated_by, now)
    if existing is None:
        existing = load_existing(session)
    for name in TABLE_ORDER:
        table = _table(name)
        want, have = desired.get(name, {}), existing[name]
        new_rows = [row for rid, row in want.items() if rid not in have]
        if name == "organization":
            new_rows = _parent_first(new_rows)
        for row in new_rows:
            history.record(name, row, "create", "record", "", _label(row))
        if new_rows:
            session.execute(insert(table), new_rows)
        stats.inserted[name] = len(new_rows)
        changed = 0
        for rid, row in want.items():
            old = have.get(rid)
            if old is None:
                continue
            diff = {k: v for k, v in row.items() if k != "version" and not _same(old.get(k), v)}
            if diff:
                changed += 1
                bump = {"version": table.c.version + 1} if "version" in table.c else {}
                session.execute(update(table).where(table.c.id == rid).values(**diff, **bump))
                for key, value in diff.items():
                    history.record(name, {**old, **row}, "update", key, old.get(key), value)
        stats.updated[name] = changed
    for name in reversed(TABLE_ORDER):
        table = _table(name)
        gone = [rid for rid in existing[name] if rid not in desired.get(name, {})]
        for rid in gone:
            history.record(name, existing[name][rid], "delete", "record", _label(existing[name][rid]), "")
        if gone:
            session.execute(delete(table).where(table.c.id.in_(gone)))
        stats.deleted[name] = len(gone)
    live_services = set(desired.get("service", {}))
    touched = sorted(history.touched_services & live_services)
    if touched:
        service = _table("service")
        session.execute(update(service).where(service.c.id.in_(touched)).values(last_modified=now))
    if history.rows:
        session.execute(insert(_table("metadata")), history.rows)
    stats.inserted["metadata"] = len(history.rows)
    return stats
