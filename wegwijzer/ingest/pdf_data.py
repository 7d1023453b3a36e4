"""The data a published PDF carries (``wegwijzer-hsds.json``) back to table rows (pure: bytes in, rows out).

``wegwijzer publish infobundel`` embeds the directory as HSDS 3.0 objects plus, per row id, the columns
HSDS has no place for (the bundle's order, the provenance); see ``docs/publishing.md``. Reading it gives
the same rows, with the same ids, as the database the PDF was made from. The attachment is checked
first (format, version, HSDS schema, references); a damaged one is refused with a Dutch message.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from wegwijzer.directory.models import Base
from wegwijzer.directory.validate import errors as hsds_errors
from wegwijzer.ingest.pdf import ATTACHMENT_NAME
from wegwijzer.ingest.records import ImportResult, InvalidDocumentError
from wegwijzer.ingest.rows import TABLE_ORDER, Row, build_rows
from wegwijzer.ingest.taxonomy import TaxonomyDef

FORMAT = "wegwijzer-hsds"
FORMAT_VERSION = 1
HSDS_VERSION = "3.0"
SCOPES = ("infobundel", "organization")
# Nested HSDS keys -> the table of the objects they hold.
CHILD_TABLES = {
    "services": "service", "organization": "organization", "program": "program", "programs": "program",
    "locations": "location", "location": "location", "service_at_locations": "service_at_location",
    "addresses": "address", "contacts": "contact", "phones": "phone", "schedules": "schedule",
    "service_areas": "service_area", "languages": "language", "funding": "funding", "cost_options": "cost_option",
    "required_documents": "required_document", "attributes": "attribute",
}
SKIPPED_KEYS = {"metadata", "accessibility", "organization_identifiers", "taxonomy_term", "taxonomy_detail"}
# Columns an import never writes: the row version and the change date belong to the database.
DATABASE_COLUMNS = {"version", "last_modified"}
EXTRA_COLUMNS = {"sort_order", "source_fiche", "source_line_start", "source_line_end"}
MAX_PROBLEMS = 5


@dataclass
class PublishedData:
    """Rows read from the attachment; ``partial`` for a one-organisation PDF (it removes nothing)."""

    rows: dict[str, dict[str, Row]]
    scope: str
    organizations: int
    services: int
    data_date: str | None = None

    @property
    def partial(self) -> bool:
        return self.scope != "infobundel"


def _refuse(name: str, problem: str) -> InvalidDocumentError:
    return InvalidDocumentError(f"{name}: de ingebedde gegevens ({ATTACHMENT_NAME}) zijn ongeldig: {problem}")


def load_payload(data: bytes, name: str) -> dict[str, Any]:
    """Parse and check the envelope: JSON object, format, version, HSDS version, scope, lists."""
    try:
        payload = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise _refuse(name, "geen UTF-8-tekst.") from None
    except json.JSONDecodeError as exc:
        raise _refuse(name, f"geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}); het bestand is "
                            "beschadigd.") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise _refuse(name, f"het formaat is niet '{FORMAT}'.")
    version = payload.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < FORMAT_VERSION:
        raise _refuse(name, f"onbekende versie {version!r} (verwacht: {FORMAT_VERSION}).")
    if payload.get("hsds_version") != HSDS_VERSION:
        raise _refuse(name, f"HSDS-versie {payload.get('hsds_version')!r} wordt niet ondersteund "
                            f"(verwacht: {HSDS_VERSION}).")
    if payload.get("scope", "infobundel") not in SCOPES:
        raise _refuse(name, f"onbekende reikwijdte {payload.get('scope')!r}.")
    for key in ("services", "organizations"):
        if not isinstance(payload.get(key), list) or not all(isinstance(i, dict) for i in payload[key]):
            raise _refuse(name, f"'{key}' is geen lijst van objecten.")
    if not isinstance(payload.get("records", {}), dict):
        raise _refuse(name, "'records' is geen object.")
    if not payload["organizations"]:
        raise _refuse(name, "er staan geen organisaties in.")
    return payload


def check_schema(payload: dict[str, Any], name: str) -> None:
    """Every service and organisation must validate against the HSDS 3.0 schemas."""
    problems: list[str] = []
    for kind, items in (("service", payload["services"]), ("organization", payload["organizations"])):
        for item in items:
            problems.extend(hsds_errors(item, kind))
            if len(problems) >= MAX_PROBLEMS:
                break
    if problems:
        raise _refuse(name, "niet geldig volgens HSDS 3.0: " + "; ".join(problems[:MAX_PROBLEMS]))


class _Collector:
    """Walks nested HSDS objects and keeps one row per (table, id): the table's columns only."""

    def __init__(self, records: dict[str, Any]) -> None:
        self.records = records
        self.tables: dict[str, dict[str, Row]] = {name: {} for name in TABLE_ORDER}
        self.problems: list[str] = []

    def add(self, table: str, obj: dict[str, Any]) -> None:
        rid = obj.get("id")
        if not isinstance(rid, str) or not rid or len(rid) > 36:
            self.problems.append(f"een {table} zonder geldige id")
            return
        extra = self.records.get(rid) if isinstance(self.records.get(rid), dict) else {}
        row: Row = {}
        for column in Base.metadata.tables[table].columns:
            if column.name in DATABASE_COLUMNS:
                continue
            value = extra.get(column.name) if column.name in EXTRA_COLUMNS else obj.get(column.name)
            if isinstance(value, dict | list):
                self.problems.append(f"{table} {rid}: veld {column.name} heeft een ongeldige waarde")
                value = None
            row[column.name] = value
        seen = self.tables[table].setdefault(rid, row)
        if seen != row:  # the same record nested in two places must say the same
            self.problems.append(f"{table} {rid} staat er twee keer in, met verschillende waarden")
        for key, value in obj.items():
            if key in SKIPPED_KEYS or key not in CHILD_TABLES:
                continue
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, dict):
                    self.add(CHILD_TABLES[key], child)


def _required(table: str) -> list[str]:
    return [c.name for c in Base.metadata.tables[table].columns
            if not c.nullable and not c.primary_key and c.default is None and c.server_default is None]


def check_references(tables: dict[str, dict[str, Row]], partial: bool) -> list[str]:
    """Missing required values and links to records that are not there (``partial``: links are not checked)."""
    known_terms = set(tables["taxonomy_term"])
    problems = []
    for table, rows in tables.items():
        required = _required(table)
        for rid, row in rows.items():
            problems.extend(f"{table} {rid}: {col} ontbreekt" for col in required if row.get(col) is None)
    for rid, row in tables["attribute"].items():
        if row["taxonomy_term_id"] not in known_terms:
            problems.append(f"attribute {rid}: onbekende taxonomieterm {row['taxonomy_term_id']}")
    links = {"organization_id": "organization", "parent_organization_id": "organization",
             "service_id": "service", "location_id": "location",
             "program_id": "program", "contact_id": "contact", "service_at_location_id": "service_at_location",
             "phone_id": "phone"}
    for table, rows in tables.items():
        for rid, row in rows.items():
            for column, target in links.items():
                value = row.get(column)
                if value and value not in tables[target] and not partial:
                    problems.append(f"{table} {rid}: {column} verwijst naar een ontbrekend record")
    return problems


def published_rows(data: bytes, name: str, taxonomies: Iterable[TaxonomyDef]) -> PublishedData:
    """The rows of the directory a published PDF was made from. Raises InvalidDocumentError when damaged."""
    payload = load_payload(data, name)
    check_schema(payload, name)
    collector = _Collector(payload.get("records") or {})
    for org in payload["organizations"]:
        collector.add("organization", org)
    for service in payload["services"]:
        collector.add("service", service)
    vocabulary = build_rows(ImportResult([], [], None, []), taxonomies)
    tables = collector.tables
    tables["taxonomy"], tables["taxonomy_term"] = vocabulary["taxonomy"], vocabulary["taxonomy_term"]
    scope = payload.get("scope", "infobundel")
    problems = collector.problems + check_references(tables, partial=scope != "infobundel")
    if problems:
        raise _refuse(name, summarize(problems))
    return PublishedData(rows=tables, scope=scope, organizations=len(tables["organization"]),
                         services=len(tables["service"]), data_date=payload.get("data_date"))


def summarize(problems: list[str]) -> str:
    more = f" (en nog {len(problems) - MAX_PROBLEMS})" if len(problems) > MAX_PROBLEMS else ""
    return "; ".join(problems[:MAX_PROBLEMS]) + more + "."


def merge_partial(published: dict[str, dict[str, Row]], existing: dict[str, dict[str, Row]],
                  name: str) -> dict[str, dict[str, Row]]:
    """A one-organisation PDF adds and updates its records and keeps everything else as it is.

    Refused when its records point at records that are neither in the PDF nor in the database.
    """
    merged = {table: {**existing.get(table, {}), **published.get(table, {})} for table in TABLE_ORDER}
    problems = check_references(merged, partial=False)
    if problems:
        raise InvalidDocumentError(
            f"{name}: deze PDF bevat één organisatie, maar verwijst naar gegevens die niet in de databank "
            f"staan ({summarize(problems)}) Importeer eerst de volledige infobundel."
        )
    return merged
