"""Open-data use cases: one state of the directory as downloadable files, and the file exports.

:class:`OpenData` holds one read of the directory and builds each file on demand (the website
caches it per data fingerprint); ``export_*`` write the files for ``wegwijzer export``.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy.orm import Session

from wegwijzer.api.catalog import Catalog
from wegwijzer.directory.hsds import Snapshot
from wegwijzer.directory.validate import errors as hsds_errors
from wegwijzer.publish.opendata import (
    DatasetInfo,
    HsdsDocuments,
    OpenDataError,
    dataset_info,
    json_bytes,
    json_document,
    ndjson_bytes,
    tabular_files,
)
from wegwijzer.publish.opendata_files import write_file, write_folder, zip_bytes

ZIP_NAME = "wegwijzer-hsds.zip"
#: download name -> media type, in the order the open-data page lists them
DOWNLOADS: dict[str, str] = {
    ZIP_NAME: "application/zip",
    "services.json": "application/json",
    "services.ndjson": "application/x-ndjson",
    "organizations.json": "application/json",
}


class OpenData:
    """One state of the directory and its open-data files (each built once, on first use)."""

    def __init__(self, snapshot: Snapshot, info: DatasetInfo) -> None:
        self.snapshot = snapshot
        self.info = info
        self._files: dict[str, bytes] = {}
        self._etags: dict[str, str] = {}
        self._lock = threading.Lock()

    @classmethod
    def load(cls, session: Session, base_url: str | None = None) -> OpenData:
        return cls(Snapshot.load(session), dataset_info(session, base_url))

    @cached_property
    def documents(self) -> HsdsDocuments:
        return HsdsDocuments.from_catalog(Catalog.build(self.snapshot))

    @property
    def services(self) -> int:
        return len(self.snapshot.by_id.get("service", {}))

    @property
    def organizations(self) -> int:
        return len(self.snapshot.by_id.get("organization", {}))

    def tabular(self) -> dict[str, bytes]:
        return tabular_files(self.snapshot, self.info)

    def _builders(self) -> dict[str, Callable[[], bytes]]:
        return {
            ZIP_NAME: lambda: zip_bytes(self.tabular(), self.info.data_date),
            "services.json": lambda: json_bytes(self.documents.services),
            "services.ndjson": lambda: ndjson_bytes(self.documents.services),
            "organizations.json": lambda: json_bytes(self.documents.organizations_with_services),
        }

    def file(self, name: str) -> bytes:
        """One download by name (see :data:`DOWNLOADS`); KeyError for any other name."""
        if name not in DOWNLOADS:
            raise KeyError(name)
        with self._lock:
            if name not in self._files:
                self._files[name] = self._builders()[name]()
            return self._files[name]

    def etag(self, name: str) -> str:
        """A strong ETag of one download (a hash of its bytes)."""
        if name not in self._etags:
            self._etags[name] = '"' + hashlib.sha256(self.file(name)).hexdigest()[:32] + '"'
        return self._etags[name]

    def json_document(self) -> bytes:
        return json_bytes(json_document(self.documents, self.info))

    def validation_errors(self, organizations: bool = True) -> list[str]:
        """The HSDS 3.0 schema errors of the full objects (empty when every object is valid)."""
        problems = [e for s in self.documents.services for e in hsds_errors(s, "service")]
        if organizations:
            problems += [e for o in self.documents.organizations for e in hsds_errors(o, "organization")]
        return problems


@dataclass
class Written:
    """What an export wrote."""

    paths: list[Path]
    services: int
    organizations: int


def _refuse_invalid(data: OpenData, organizations: bool) -> None:
    problems = data.validation_errors(organizations)
    if problems:
        raise OpenDataError(f"{len(problems)} HSDS-validatiefouten; niets geschreven:\n" + "\n".join(problems[:20]))


def export_datapackage(session: Session, out: Path, base_url: str | None = None) -> Written:
    """The HSDS tabular datapackage (CSV files and datapackage.json) as the whole content of ``out``."""
    data = OpenData.load(session, base_url)
    paths = write_folder(out, data.tabular())
    return Written(paths, data.services, data.organizations)


def export_json(session: Session, out: Path, validate: bool = True) -> Written:
    """One JSON document: services (full HSDS objects), organisations and taxonomies."""
    data = OpenData.load(session)
    if validate:
        _refuse_invalid(data, organizations=True)
    return Written([write_file(out, data.json_document())], data.services, data.organizations)


def export_ndjson(session: Session, out: Path, validate: bool = True) -> Written:
    """One full HSDS service object per line."""
    data = OpenData.load(session)
    if validate:
        _refuse_invalid(data, organizations=False)
    return Written([write_file(out, data.file("services.ndjson"))], data.services, data.organizations)
