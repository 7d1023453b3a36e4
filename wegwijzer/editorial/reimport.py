"""A newer infobundle never overwrites editorial work: differences become suggestions (pure planning).

The baseline is what the last import wrote into each editable field. For an editable field of a
record that exists already:

* document value = baseline           -> left alone (even if an editor changed it since);
* document value = current value      -> nothing to suggest (the baseline moves);
* otherwise                           -> a pending suggestion attributed to the import, flagged as a
                                         conflict when the current value differs from the baseline too.

New records are inserted; columns editors cannot edit are written directly; records the document no
longer has are kept, with a suggestion to remove them (services: status -> inactive).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wegwijzer.editorial.fields import EDITABLE, REMOVE_FIELD, as_text

Row = dict[str, Any]
Tables = dict[str, dict[str, Row]]
Baseline = dict[str, dict[str, str]]  # record id -> field -> text the last import wrote
INACTIVE = ("inactive", "defunct")
VOCABULARY = ("taxonomy", "taxonomy_term")  # always the import's (from the vocabulary file)
# Columns that point at another record (for keeping what hangs under a record that is kept).
REFERENCES: dict[str, str | None] = {
    "organization_id": "organization", "parent_organization_id": "organization", "program_id": "program",
    "service_id": "service", "location_id": "location", "contact_id": "contact", "phone_id": "phone",
    "service_at_location_id": "service_at_location", "taxonomy_term_id": "taxonomy_term", "link_id": None,
}
# Which reference makes a record part of another (its owner), per editable type.
OWNER_COLUMNS: dict[str, tuple[str, ...]] = {
    "organization": ("parent_organization_id",), "service": ("organization_id",),
    "location": ("organization_id",), "address": ("location_id",),
    "contact": ("service_id", "location_id", "organization_id", "service_at_location_id"),
    "phone": ("contact_id", "service_id", "location_id", "organization_id", "service_at_location_id"),
    "schedule": ("service_id", "location_id", "service_at_location_id"),
}


@dataclass(frozen=True)
class ImportSuggestion:
    record_type: str
    record_id: str
    field: str
    original_value: str  # the value in the record now
    proposed_value: str  # the value in the new document
    conflict: bool  # an editor changed this since the last import
    note: str = ""


@dataclass
class ImportPlan:
    rows: Tables  # what the store step makes the tables equal to
    suggestions: list[ImportSuggestion] = field(default_factory=list)
    baseline: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)  # id -> (type, values)
    kept: set[str] = field(default_factory=set)  # records gone from the document but kept
    first_import: bool = False

    @property
    def conflicts(self) -> int:
        return sum(1 for s in self.suggestions if s.conflict)


def document_values(record_type: str, row: Row) -> dict[str, str]:
    return {name: as_text(row.get(name)) for name in EDITABLE[record_type]}


def _label(record_type: str, row: Row) -> str:
    for key in ("name", "number", "address_1", "description", "email", "byday", "url"):
        if row.get(key):
            return as_text(row[key])
    return str(row["id"])


def _field_suggestions(record_type: str, want: Row, have: Row, base: dict[str, str] | None
                       ) -> tuple[Row, list[ImportSuggestion]]:
    """The row to write (editable fields kept at their current values) and the suggestions."""
    base = base if base is not None else document_values(record_type, have)
    row, out = dict(want), []
    for name in EDITABLE[record_type]:
        if name not in want:
            continue
        doc, cur = as_text(want[name]), as_text(have.get(name))
        if doc == cur:
            continue
        row[name] = have.get(name)
        old = base.get(name, cur)
        if doc != old:
            out.append(ImportSuggestion(record_type, want["id"], name, cur, doc, conflict=cur != old))
    return row, out


def _removal(record_type: str, have: Row, base: dict[str, str]) -> ImportSuggestion | None:
    edited = document_values(record_type, have) != {**document_values(record_type, have), **base}
    if record_type == "service":
        status = as_text(have.get("status")) or "active"
        if status in INACTIVE:
            return None
        return ImportSuggestion("service", have["id"], "status", status, "inactive", conflict=edited)
    return ImportSuggestion(record_type, have["id"], REMOVE_FIELD, _label(record_type, have), "", conflict=edited)


def _keep_attached(rows: Tables, existing: Tables, kept: set[str]) -> None:
    """Keep the rows that hang under (or are needed by) a kept record, so that it stays whole."""
    changed = True
    while changed:
        changed = False
        present = {rid for table in rows.values() for rid in table}
        needed = {row.get(col) for table in rows.values() for rid, row in table.items() if rid in kept
                  for col in REFERENCES}
        for name, table in existing.items():
            if name in VOCABULARY:
                continue
            for rid, row in table.items():
                if rid in rows[name]:
                    continue
                refs = {col: row[col] for col in REFERENCES if row.get(col)}
                if rid not in needed and not set(refs.values()) & kept:
                    continue
                if all(REFERENCES[col] is None or value in present for col, value in refs.items()):
                    rows[name][rid] = dict(row)
                    kept.add(rid)
                    present.add(rid)
                    changed = True


def _with_successors(removal: ImportSuggestion, have: Row, desired: Tables, existing: Tables) -> ImportSuggestion:
    """Name the new records of the same kind and owner: often the removed one's replacement (a new number)."""
    kind = removal.record_type
    owner = next(((col, have[col]) for col in OWNER_COLUMNS[kind] if have.get(col)), None)
    if owner is None:
        return removal
    new = [_label(kind, row) for rid, row in desired.get(kind, {}).items()
           if rid not in existing.get(kind, {}) and row.get(owner[0]) == owner[1]]
    if not new:
        return removal
    note = "Nieuw in het document op dezelfde plaats: " + "; ".join(new)
    return ImportSuggestion(kind, removal.record_id, removal.field, removal.original_value,
                            removal.proposed_value, removal.conflict, note)


def plan_import(desired: Tables, existing: Tables, baseline: Baseline | None) -> ImportPlan:
    """Decide what an import writes and what it only suggests. ``baseline`` None: none stored yet (a
    directory filled before baselines existed), so the current values count as what the last import wrote."""
    rows: Tables = {name: dict(table) for name, table in desired.items()}
    for name in existing:
        rows.setdefault(name, {})
    plan = ImportPlan(rows=rows)
    plan.first_import = not any(existing.get(kind) for kind in EDITABLE)
    for kind in EDITABLE:
        for rid, want in desired.get(kind, {}).items():
            plan.baseline[rid] = (kind, document_values(kind, want))
    if plan.first_import:
        return plan
    if baseline is None:
        baseline = {rid: document_values(kind, row) for kind in EDITABLE for rid, row in existing.get(kind, {}).items()}
    gone: dict[str, tuple[str, Row]] = {}
    for kind in EDITABLE:
        for rid, want in desired.get(kind, {}).items():
            have = existing.get(kind, {}).get(rid)
            if have is not None:
                rows[kind][rid], found = _field_suggestions(kind, want, have, baseline.get(rid))
                plan.suggestions.extend(found)
        for rid, have in existing.get(kind, {}).items():
            if rid not in desired.get(kind, {}):
                gone[rid] = (kind, have)
                rows[kind][rid] = dict(have)
    plan.kept = set(gone)
    for rid, (kind, have) in gone.items():
        owned_by_gone = any(have.get(col) in gone for col in OWNER_COLUMNS[kind])
        if rid in baseline and not owned_by_gone:
            removal = _removal(kind, have, baseline[rid])
            if removal:
                plan.suggestions.append(_with_successors(removal, have, desired, existing))
    _keep_attached(rows, existing, plan.kept)
    return plan
