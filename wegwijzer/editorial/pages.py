"""What the editorial pages show, computed from plain data (pure functions, no request, no session).

A service or organisation page lets a visitor report a change to the record itself and to its
parts (locations, contacts, phones, addresses, opening hours): :func:`record_parts` finds those
parts in the directory snapshot. The edit form sends only what the user changed
(:func:`changed_values`), compared with the values the form was rendered with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from wegwijzer.directory.hsds import Snapshot
from wegwijzer.editorial.fields import EDITABLE, FieldSpec
from wegwijzer.web.i18n import N_

#: record types with a page of their own (the others are parts of a service or organisation)
PAGE_TYPES: tuple[str, ...] = ("service", "organization")
TYPE_LABELS: dict[str, str] = {
    "service": N_("Dienst"),
    "organization": N_("Organisatie"),
    "location": N_("Locatie"),
    "contact": N_("Contactpersoon"),
    "phone": N_("Telefoonnummer"),
    "address": N_("Adres"),
    "schedule": N_("Openingsuren"),
}
ACTION_LABELS: dict[str, str] = {
    "create": N_("toegevoegd"),
    "update": N_("gewijzigd"),
    "delete": N_("verwijderd"),
    "revert": N_("teruggedraaid"),
}
STATUS_LABELS: dict[str, str] = {
    "pending": N_("Open"),
    "accepted": N_("Aanvaard"),
    "rejected": N_("Afgewezen"),
}
SOURCE_LABELS: dict[str, str] = {"web": N_("website"), "api": N_("API"), "import": N_("nieuwe infobundel")}
#: the history shows this many changes, the older ones are folded away in <details>
HISTORY_VISIBLE = 5
KEY_SEPARATOR = ":"


@dataclass(frozen=True)
class Part:
    """One editable record on a page: the record itself or one of its parts."""

    record_type: str
    record_id: str
    name: str = ""  # a short description of the part ("" for the page's own record)

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.record_type, self.record_type)


def _name(record_type: str, row: Mapping[str, Any]) -> str:
    if record_type == "phone":
        return str(row.get("number") or "")
    if record_type == "address":
        return ", ".join(str(row[k]) for k in ("address_1", "city") if row.get(k))
    if record_type == "schedule":
        times = "–".join(str(row[k]) for k in ("opens_at", "closes_at") if row.get(k))
        return str(row.get("description") or times or "")
    for key in ("name", "title", "email", "description"):
        if row.get(key):
            return str(row[key])
    return ""


def record_parts(snap: Snapshot, record_type: str, record_id: str) -> list[Part]:
    """The record and its editable parts, in page order, each once."""
    found: dict[tuple[str, str], Part] = {}

    def add(table: str, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            key = (table, str(row["id"]))
            if key not in found and table in EDITABLE:
                found[key] = Part(table, str(row["id"]), _name(table, row))

    def contacts(key: str, value: str) -> None:
        for contact in snap.kids("contact", key, value):
            add("contact", [contact])
            add("phone", snap.kids("phone", "contact_id", contact["id"]))

    def location(lid: str) -> None:
        row = snap.by_id.get("location", {}).get(lid)
        if row is None:
            return
        add("location", [row])
        add("address", snap.kids("address", "location_id", lid))
        add("phone", snap.kids("phone", "location_id", lid))
        add("schedule", snap.kids("schedule", "location_id", lid))
        contacts("location_id", lid)

    found[(record_type, record_id)] = Part(record_type, record_id)
    if record_type == "service":
        add("schedule", snap.kids("schedule", "service_id", record_id))
        add("phone", snap.kids("phone", "service_id", record_id))
        contacts("service_id", record_id)
        for sal in snap.kids("service_at_location", "service_id", record_id):
            contacts("service_at_location_id", sal["id"])
            add("phone", snap.kids("phone", "service_at_location_id", sal["id"]))
            add("schedule", snap.kids("schedule", "service_at_location_id", sal["id"]))
            location(sal["location_id"])
    elif record_type == "organization":
        add("phone", snap.kids("phone", "organization_id", record_id))
        contacts("organization_id", record_id)
        for loc in snap.kids("location", "organization_id", record_id):
            location(loc["id"])
    return list(found.values())


def field_key(record_type: str, record_id: str, field: str) -> str:
    """One field of one record as a form value ("contact:<id>:email")."""
    return KEY_SEPARATOR.join((record_type, record_id, field))


def parse_field_key(key: str) -> tuple[str, str, str] | None:
    """The (record type, record id, field) of a form value; None when it is not one."""
    pieces = key.split(KEY_SEPARATOR)
    if len(pieces) != 3 or not all(pieces) or pieces[0] not in EDITABLE or pieces[2] not in EDITABLE[pieces[0]]:
        return None
    return pieces[0], pieces[1], pieces[2]


@dataclass(frozen=True)
class FieldChoice:
    """One option of the "which data?" select of the suggestion form."""

    key: str
    part: Part
    spec: FieldSpec
    current: str


def field_choices(parts_with_values: Iterable[tuple[Part, Mapping[str, str]]]) -> list[FieldChoice]:
    """Every editable field of every part, with its current value."""
    out = []
    for part, values in parts_with_values:
        for name, spec in EDITABLE[part.record_type].items():
            out.append(FieldChoice(field_key(part.record_type, part.record_id, name), part, spec,
                                   values.get(name) or ""))
    return out


@dataclass(frozen=True)
class EditField:
    """One field of the edit form: the value shown and the value the form was based on."""

    spec: FieldSpec
    value: str
    original: str

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def changed(self) -> bool:
        return clean(self.value) != clean(self.original)


def edit_fields(record_type: str, base: Mapping[str, str], yours: Mapping[str, str] | None = None) -> list[EditField]:
    """The edit form's fields: ``base`` values (current), overridden by ``yours`` where given."""
    yours = yours or {}
    return [EditField(spec, yours.get(name, base.get(name) or ""), base.get(name) or "")
            for name, spec in EDITABLE[record_type].items()]


def clean(value: str | None) -> str:
    """A submitted text as compared: line endings unified, outer white space dropped."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def changed_values(record_type: str, form: Mapping[str, str]) -> dict[str, str]:
    """The fields whose submitted value (``veld_<name>``) differs from the form's base (``was_<name>``)."""
    out: dict[str, str] = {}
    for name in EDITABLE[record_type]:
        submitted = form.get(f"veld_{name}")
        if submitted is not None and clean(submitted) != clean(form.get(f"was_{name}")):
            out[name] = clean(submitted)
    return out


@dataclass(frozen=True)
class HistoryRow:
    """One change of the record or of one of its parts, for the history table."""

    entry: Any  # the editorial HistoryEntry
    part: Part
    own: bool  # a change of the page's own record (not of a part)


def merge_history(entries: Iterable[tuple[Part, Iterable[Any]]], own: Part) -> list[HistoryRow]:
    """The history entries of a record and its parts in one list, newest first."""
    rows = [HistoryRow(entry, part, part == own) for part, items in entries for entry in items]
    return sorted(rows, key=lambda r: (_aware(r.entry.last_action_date), str(r.entry.id)), reverse=True)


def _aware(value: datetime | None) -> datetime:
    if value is None:
        return datetime.min.replace(tzinfo=UTC)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def record_url(record_type: str, record_id: str, organization_id: str | None = None) -> str:
    """Where a record is shown: its own page, or the page of its organisation for a part."""
    if record_type == "service":
        return f"/diensten/{record_id}"
    if record_type == "organization":
        return f"/organisaties/{record_id}"
    return f"/organisaties/{organization_id}" if organization_id else "/"


def local_path(target: str | None, default: str = "/") -> str:
    """``target`` when it is a path on this site, else ``default`` (no open redirects)."""
    value = (target or "").strip()
    if value.startswith("/") and not value.startswith("//") and "\\" not in value and "\n" not in value:
        return value
    return default
