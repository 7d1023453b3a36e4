"""The machine-readable data embedded in a published PDF (``wegwijzer-hsds.json``), so that it re-imports exactly.

The HSDS part is what ``wegwijzer export hsds`` writes (full service objects, and organisation
objects with their services). HSDS has no place for the bundle's order and provenance, so
``records`` adds them per row id. The format is described in ``docs/publishing.md``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from wegwijzer.directory.hsds import INTERNAL, SNAPSHOT_TABLES, Snapshot, organization_object, service_object

ATTACHMENT_NAME = "wegwijzer-hsds.json"
FORMAT = "wegwijzer-hsds"
FORMAT_VERSION = 1
HSDS_VERSION = "3.0"
DESCRIPTION = "Wegwijzer: HSDS 3.0 services and organizations of this document (format wegwijzer-hsds 1)"


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _organization_ids(snap: Snapshot, organization_id: str | None) -> list[str]:
    """Every organisation in the bundle's order, or one organisation and its sub-organisations."""
    ordered = [o["id"] for o in snap.organizations()]
    if organization_id is None:
        return ordered
    chosen = {organization_id}
    for _ in range(len(ordered)):  # descendants, however deep
        grown = chosen | {o["id"] for o in snap.organizations() if o.get("parent_organization_id") in chosen}
        if grown == chosen:
            break
        chosen = grown
    return [oid for oid in ordered if oid in chosen]


def _ids(value: Any, out: set[str]) -> set[str]:
    """Every ``id`` in nested HSDS objects."""
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            out.add(value["id"])
        for item in value.values():
            _ids(item, out)
    elif isinstance(value, list):
        for item in value:
            _ids(item, out)
    return out


def _records(snap: Snapshot, ids: set[str]) -> dict[str, dict[str, Any]]:
    """id -> {table, sort_order, source_fiche, …}: the non-HSDS columns of every row in the payload."""
    out: dict[str, dict[str, Any]] = {}
    for table in SNAPSHOT_TABLES:
        for rid, row in snap.by_id.get(table, {}).items():
            extra = {key: row[key] for key in sorted(INTERNAL) if row.get(key) is not None}
            if extra and rid in ids:
                out[rid] = {"table": table, **extra}
    return out


def payload(snap: Snapshot, organization_id: str | None = None, generated_at: datetime | None = None,
            data_date: datetime | None = None) -> dict[str, Any]:
    """The embedded document: the whole directory, or one organisation (and its sub-organisations)."""
    org_ids = _organization_ids(snap, organization_id)
    chosen = set(org_ids)
    services = [service_object(snap, s["id"]) for s in snap.services() if s["organization_id"] in chosen]
    organizations = [organization_object(snap, oid, with_services=True) for oid in org_ids]
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "hsds_version": HSDS_VERSION,
        "scope": "infobundel" if organization_id is None else "organization",
        "generated_at": _iso(generated_at),
        "data_date": _iso(data_date),
        "services": services,
        "organizations": organizations,
        "records": _records(snap, _ids([services, organizations], set())),
    }


def payload_bytes(data: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON (the PDF compresses the stream)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
