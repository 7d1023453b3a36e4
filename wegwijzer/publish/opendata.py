"""Open data: the directory as the HSDS 3.0 tabular datapackage, as JSON and as NDJSON.

The files are built in memory from one :class:`~wegwijzer.directory.hsds.Snapshot` (pure
functions: rows and dataset facts in, bytes out) and written by :mod:`opendata_files`
atomically. JSON and NDJSON hold the same full HSDS objects as the API (they come from the same
:class:`~wegwijzer.api.catalog.Catalog`), so the API and the files agree by construction; a
functional test checks it anyway.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wegwijzer.api.catalog import Catalog
from wegwijzer.directory.hsds import SNAPSHOT_TABLES, Snapshot
from wegwijzer.directory.models import ImportRun, Metadata
from wegwijzer.publish.opendata_format import CellError, csv_bytes, iso_datetime, table_rows
from wegwijzer.publish.opendata_schema import REFERENCES, HsdsTable, hsds_tables, table_schema

PACKAGE_NAME = "wegwijzer-hsds"
DATAPACKAGE = "datapackage.json"
HSDS_VERSION = "3.0"
PUBLISHER = "netwerk “Samen tegen schooluitval” (Brussel)"
LICENCE: dict[str, str] = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
}
ATTRIBUTION = f"Infobundel van het {PUBLISHER}, via Wegwijzer schooluitval Brussel (CC BY 4.0)."
HSDS_SOURCE: dict[str, str] = {"title": "Open Referral Human Services Data Specification (HSDS) 3.0",
                               "path": "https://docs.openreferral.org/en/3.0/"}
Row = dict[str, Any]


class OpenDataError(RuntimeError):
    """The open data could not be built or written; the message is Dutch and user-facing."""


@dataclass(frozen=True)
class SourceDocument:
    name: str
    sha256: str
    imported_at: datetime


@dataclass(frozen=True)
class DatasetInfo:
    """Facts about the data set that are not rows: when the data last changed, where it came from."""

    data_date: datetime | None = None
    sources: tuple[SourceDocument, ...] = ()
    homepage: str | None = None

    @property
    def date_text(self) -> str | None:
        """The date of the data (``YYYY-MM-DD``), or None for an empty directory."""
        return iso_datetime(self.data_date)[:10] if self.data_date else None


def dataset_info(session: Session, base_url: str | None = None) -> DatasetInfo:
    """The date of the data (its newest change, else its newest import) and the imported documents."""
    newest_change = session.execute(select(func.max(Metadata.last_action_date))).scalar_one()
    runs = session.execute(
        select(ImportRun.source_name, ImportRun.source_sha256, func.max(ImportRun.started_at))
        .group_by(ImportRun.source_name, ImportRun.source_sha256)
        .order_by(func.max(ImportRun.started_at).desc())
    ).all()
    sources = tuple(SourceDocument(name, sha, started) for name, sha, started in runs)
    newest_import = sources[0].imported_at if sources else None
    homepage = f"{base_url.rstrip('/')}/open-data" if base_url else None
    return DatasetInfo(data_date=newest_change or newest_import, sources=sources, homepage=homepage)


def dumps(data: Any, indent: int | None = None) -> bytes:
    separators = (",", ": ") if indent else (",", ":")
    return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators).encode("utf-8")


# ---- the tabular datapackage -------------------------------------------------------------------


def _row_order(row: Mapping[str, Any]) -> tuple[Any, ...]:
    return (row.get("sort_order") or 0, row.get("source_line_start") or 0, str(row.get("name") or ""), row["id"])


def ordered_rows(snap: Snapshot, table: str) -> list[Row]:
    """The rows of one table in a stable order: the directory's for organisations and services, the
    history by date, the others as they appear in the source document."""
    if table == "organization":
        return snap.organizations()
    if table == "service":
        return snap.services()
    rows = snap.by_id.get(table, {}).values()
    if table == "metadata":
        return sorted(rows, key=lambda r: (iso_datetime(r["last_action_date"]), r["id"]))
    return sorted(rows, key=_row_order)


def check_rows(tables: list[HsdsTable], rows: Mapping[str, list[Row]]) -> list[str]:
    """What would make the package invalid: a missing required value, a value outside its enum,
    a reference to a record that is not in the package (first problems only, readable)."""
    problems: list[str] = []
    ids = {t.name: {r["id"] for r in rows.get(t.name, [])} for t in tables}
    for table in tables:
        for row in rows.get(table.name, []):
            for f in table.fields:
                value = row.get(f.name)
                where = f"{table.name} {row.get('id', '?')} {f.name}"
                if value is None or (f.type != "string" and isinstance(value, str) and not value.strip()):
                    if f.required:
                        problems.append(f"{where}: verplicht veld is leeg")
                    continue
                if f.enum and value not in f.enum:
                    problems.append(f"{where}: {value!r} is niet een van {', '.join(f.enum)}")
                target = REFERENCES.get(f.name)
                if target in ids and f.name != "id" and value not in ids[target]:
                    problems.append(f"{where}: verwijst naar een onbekende {target} ({value})")
    return problems


def resource_descriptor(table: HsdsTable, present: frozenset[str], data: bytes, rows: int) -> dict[str, Any]:
    return {
        "name": table.name,
        "path": table.path,
        "title": table.name.replace("_", " ").capitalize(),
        "description": table.description,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "wegwijzer:rows": rows,
        "schema": table_schema(table, present),
    }


def package_descriptor(info: DatasetInfo, resources: list[dict[str, Any]]) -> dict[str, Any]:
    """The Frictionless Data Package descriptor: what, whose, which licence, from what, when."""
    sources: list[dict[str, str]] = [
        {"title": f"Infobundel van het {PUBLISHER}: {s.name} (sha256 {s.sha256})"} for s in info.sources[:1]
    ]
    sources.append(HSDS_SOURCE)
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Wegwijzer schooluitval Brussel: het aanbod tegen vroegtijdig schoolverlaten (HSDS 3.0)",
        "description": (
            "De organisaties en diensten uit de infobundel van het " + PUBLISHER + " als Open Referral "
            "HSDS 3.0 in tabelvorm: één CSV per HSDS-object. Gegevens van " + (info.date_text or "(leeg)") + ". "
            "Bron: " + ATTRIBUTION
        ),
        "keywords": ["HSDS", "Open Referral", "schooluitval", "Brussel", "onderwijs", "jongeren"],
        "licenses": [LICENCE],
        "sources": sources,
        "contributors": [{"title": PUBLISHER, "role": "publisher"},
                         {"title": "Wegwijzer schooluitval Brussel", "role": "wrangler"}],
        "wegwijzer:hsds_version": HSDS_VERSION,
        "wegwijzer:attribution": ATTRIBUTION,
        "resources": resources,
    }
    if info.homepage:
        package["homepage"] = info.homepage
    if info.data_date:
        package["created"] = iso_datetime(info.data_date)  # the date of the data: same data, same bytes
    return package


def tabular_files(snap: Snapshot, info: DatasetInfo) -> dict[str, bytes]:
    """File name -> content of the datapackage: ``datapackage.json`` first, then one CSV per table.

    Raises :class:`OpenDataError` when the rows would not make a valid package (nothing is built).
    """
    names = [t for t in SNAPSHOT_TABLES if t in snap.by_id]
    tables = hsds_tables(names)
    rows = {t.name: ordered_rows(snap, t.name) for t in tables}
    problems = check_rows(tables, rows)
    if problems:
        raise OpenDataError(f"{len(problems)} fouten in de gegevens; niets geschreven:\n" + "\n".join(problems[:20]))
    present = frozenset(names)
    csvs: dict[str, bytes] = {}
    resources = []
    for table in tables:
        try:
            data = csv_bytes(table_rows(table, rows[table.name]))
        except CellError as exc:
            raise OpenDataError(f"onbruikbare waarde, niets geschreven: {exc}") from None
        csvs[table.path] = data
        resources.append(resource_descriptor(table, present, data, len(rows[table.name])))
    return {DATAPACKAGE: dumps(package_descriptor(info, resources), indent=2) + b"\n", **csvs}


# ---- JSON and NDJSON ---------------------------------------------------------------------------


@dataclass
class HsdsDocuments:
    """The full HSDS objects of the directory, in the directory's order (as the API returns them)."""

    services: list[Row] = field(default_factory=list)
    organizations: list[Row] = field(default_factory=list)  # without their services
    organizations_with_services: list[Row] = field(default_factory=list)
    taxonomies: list[Row] = field(default_factory=list)
    taxonomy_terms: list[Row] = field(default_factory=list)

    @classmethod
    def from_catalog(cls, cat: Catalog) -> HsdsDocuments:
        return cls(
            services=[cat.services[s] for s in cat.service_ids],
            organizations=[cat.organizations[o] for o in cat.organization_ids],
            organizations_with_services=[cat.organization_with_services(o, True) for o in cat.organization_ids],
            taxonomies=list(cat.taxonomies.values()),
            taxonomy_terms=list(cat.terms.values()),
        )


def json_document(docs: HsdsDocuments, info: DatasetInfo) -> dict[str, Any]:
    """One JSON document: about the data set, then services, organisations and taxonomies."""
    return {
        "name": PACKAGE_NAME,
        "hsds_version": HSDS_VERSION,
        "license": LICENCE,
        "attribution": ATTRIBUTION,
        "data_date": iso_datetime(info.data_date) if info.data_date else None,
        "sources": [{"name": s.name, "sha256": s.sha256} for s in info.sources],
        "services": docs.services,
        "organizations": docs.organizations,
        "taxonomies": docs.taxonomies,
        "taxonomy_terms": docs.taxonomy_terms,
    }


def ndjson_bytes(objects: Iterable[Row]) -> bytes:
    """One compact JSON object per line (UTF-8, ``\\n`` after every line)."""
    return b"".join(dumps(obj) + b"\n" for obj in objects)


def json_bytes(data: Any) -> bytes:
    return dumps(data) + b"\n"
