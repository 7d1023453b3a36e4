"""Assemble full HSDS 3.0 objects (service, organization) from the tables.

A :class:`Snapshot` holds the rows of every table, indexed by foreign key, so that a
whole export is built from one read of the database. The assembly functions are pure:
rows in, JSON-ready dicts out. ``None`` values are left out (HSDS fields are optional
strings, not nullable ones).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijzer.directory.models import Base

Row = dict[str, Any]
INTERNAL = {"source_fiche", "source_line_start", "source_line_end", "sort_order"}
ROW_VERSION = "version"  # the editable tables' optimistic-lock counter (an int; HSDS taxonomy.version is text)
# The HSDS tables a snapshot reads (not accounts, suggestions or other application tables).
SNAPSHOT_TABLES = (
    "organization", "program", "service", "location", "service_at_location", "address", "contact", "phone",
    "schedule", "service_area", "language", "funding", "cost_option", "required_document", "taxonomy",
    "taxonomy_term", "attribute", "metadata",
)
FK_INDEXES = {
    "program": ["organization_id"],
    "service": ["organization_id"],
    "location": ["organization_id"],
    "service_at_location": ["service_id", "location_id"],
    "address": ["location_id"],
    "contact": ["organization_id", "service_id", "location_id", "service_at_location_id"],
    "phone": ["organization_id", "service_id", "location_id", "contact_id", "service_at_location_id"],
    "schedule": ["service_id", "location_id", "service_at_location_id"],
    "service_area": ["service_id"],
    "language": ["service_id", "location_id", "phone_id"],
    "funding": ["organization_id", "service_id"],
    "cost_option": ["service_id"],
    "required_document": ["service_id"],
    "attribute": ["link_id"],
    "metadata": ["resource_id"],
}


def _sort_key(row: Row) -> tuple[Any, ...]:
    return (row.get("sort_order", 0), row.get("source_line_start") or 0, str(row.get("name") or ""), row["id"])


class Snapshot:
    """All directory rows, indexed by id and by foreign key."""

    def __init__(self, tables: dict[str, list[Row]]) -> None:
        self.by_id: dict[str, dict[str, Row]] = {t: {r["id"]: r for r in rows} for t, rows in tables.items()}
        self.children: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
        for table, keys in FK_INDEXES.items():
            for row in sorted(tables.get(table, []), key=_sort_key):
                for key in keys:
                    if row.get(key):
                        self.children[(table, key, row[key])].append(row)

    @classmethod
    def load(cls, session: Session) -> Snapshot:
        tables = {
            name: [dict(r) for r in session.execute(select(Base.metadata.tables[name])).mappings()]
            for name in SNAPSHOT_TABLES
        }
        return cls(tables)

    def kids(self, table: str, key: str, value: str) -> list[Row]:
        return self.children.get((table, key, value), [])

    def services(self) -> list[Row]:
        orgs = self.by_id["organization"]
        return sorted(
            self.by_id["service"].values(),
            key=lambda s: (orgs[s["organization_id"]]["sort_order"], s["sort_order"], s["name"]),
        )

    def organizations(self) -> list[Row]:
        return sorted(self.by_id["organization"].values(), key=_sort_key)


def _clean(row: Row) -> Row:
    out: Row = {}
    for key, value in row.items():
        if key in INTERNAL or value is None or (key == ROW_VERSION and isinstance(value, int)):
            continue
        if isinstance(value, datetime):
            value = _iso(value)
        elif isinstance(value, float) and value.is_integer() and key in ("minimum_age", "maximum_age", "amount"):
            value = int(value)
        out[key] = value
    return out


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _metadata(snap: Snapshot, rid: str) -> list[Row]:
    rows = sorted(snap.kids("metadata", "resource_id", rid), key=lambda r: (r["last_action_date"], r["id"]))
    return [_clean(r) for r in rows]


def _taxonomy_term(snap: Snapshot, tid: str) -> Row:
    term = snap.by_id["taxonomy_term"][tid]
    out = _clean(term)
    if term.get("taxonomy_id"):
        out["taxonomy_detail"] = _clean(snap.by_id["taxonomy"][term["taxonomy_id"]])
    return out


def attributes(snap: Snapshot, link_id: str) -> list[Row]:
    out = []
    for attr in snap.kids("attribute", "link_id", link_id):
        obj = _clean(attr)
        obj["taxonomy_term"] = _taxonomy_term(snap, attr["taxonomy_term_id"])
        obj["metadata"] = _metadata(snap, attr["id"])
        out.append(obj)
    return out


def _simple(snap: Snapshot, table: str, key: str, value: str) -> list[Row]:
    return [{**_clean(r), "attributes": attributes(snap, r["id"]), "metadata": _metadata(snap, r["id"])}
            for r in snap.kids(table, key, value)]


def _phones(snap: Snapshot, key: str, value: str) -> list[Row]:
    out = []
    for phone in snap.kids("phone", key, value):
        obj = _clean(phone)
        obj["languages"] = _simple(snap, "language", "phone_id", phone["id"])
        obj["attributes"] = attributes(snap, phone["id"])
        obj["metadata"] = _metadata(snap, phone["id"])
        out.append(obj)
    return out


def _contacts(snap: Snapshot, key: str, value: str) -> list[Row]:
    out = []
    for contact in snap.kids("contact", key, value):
        obj = _clean(contact)
        obj["phones"] = _phones(snap, "contact_id", contact["id"])
        obj["attributes"] = attributes(snap, contact["id"])
        obj["metadata"] = _metadata(snap, contact["id"])
        out.append(obj)
    return out


def location_object(snap: Snapshot, lid: str) -> Row:
    loc = snap.by_id["location"][lid]
    obj = _clean(loc)
    obj["languages"] = _simple(snap, "language", "location_id", lid)
    obj["addresses"] = _simple(snap, "address", "location_id", lid)
    obj["contacts"] = _contacts(snap, "location_id", lid)
    obj["accessibility"] = []
    obj["phones"] = _phones(snap, "location_id", lid)
    obj["schedules"] = _simple(snap, "schedule", "location_id", lid)
    obj["attributes"] = attributes(snap, lid)
    obj["metadata"] = _metadata(snap, lid)
    return obj


def _program(snap: Snapshot, pid: str) -> Row:
    return {**_clean(snap.by_id["program"][pid]), "attributes": attributes(snap, pid),
            "metadata": _metadata(snap, pid)}


def organization_object(snap: Snapshot, oid: str, with_services: bool = False) -> Row:
    org = snap.by_id["organization"][oid]
    obj = _clean(org)
    obj["funding"] = _simple(snap, "funding", "organization_id", oid)
    obj["contacts"] = _contacts(snap, "organization_id", oid)
    obj["phones"] = _phones(snap, "organization_id", oid)
    obj["locations"] = [location_object(snap, loc["id"]) for loc in snap.kids("location", "organization_id", oid)]
    obj["programs"] = [_program(snap, p["id"]) for p in snap.kids("program", "organization_id", oid)]
    obj["organization_identifiers"] = []
    obj["attributes"] = attributes(snap, oid)
    obj["metadata"] = _metadata(snap, oid)
    if with_services:
        obj["services"] = [service_object(snap, s["id"], nested_organization=False)
                           for s in snap.kids("service", "organization_id", oid)]
    return obj


def service_object(snap: Snapshot, sid: str, nested_organization: bool = True) -> Row:
    svc = snap.by_id["service"][sid]
    obj = _clean(svc)
    obj["phones"] = _phones(snap, "service_id", sid)
    obj["schedules"] = _simple(snap, "schedule", "service_id", sid)
    obj["service_areas"] = _simple(snap, "service_area", "service_id", sid)
    sals = []
    for sal in snap.kids("service_at_location", "service_id", sid):
        sal_obj = _clean(sal)
        sal_obj["contacts"] = _contacts(snap, "service_at_location_id", sal["id"])
        sal_obj["phones"] = _phones(snap, "service_at_location_id", sal["id"])
        sal_obj["schedules"] = _simple(snap, "schedule", "service_at_location_id", sal["id"])
        sal_obj["location"] = location_object(snap, sal["location_id"])
        sal_obj["attributes"] = attributes(snap, sal["id"])
        sal_obj["metadata"] = _metadata(snap, sal["id"])
        sals.append(sal_obj)
    obj["service_at_locations"] = sals
    obj["languages"] = _simple(snap, "language", "service_id", sid)
    if nested_organization:
        obj["organization"] = organization_object(snap, svc["organization_id"])
    obj["funding"] = _simple(snap, "funding", "service_id", sid)
    obj["cost_options"] = _simple(snap, "cost_option", "service_id", sid)
    if svc.get("program_id"):
        obj["program"] = _program(snap, svc["program_id"])
    obj["required_documents"] = _simple(snap, "required_document", "service_id", sid)
    obj["contacts"] = _contacts(snap, "service_id", sid)
    obj["attributes"] = attributes(snap, sid)
    obj["metadata"] = _metadata(snap, sid)
    return obj
