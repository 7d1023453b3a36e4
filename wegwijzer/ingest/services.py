"""Import use case: read a document, parse it (pure), store the differences in one transaction."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wegwijzer.db import Database
from wegwijzer.directory.models import Base, ImportRun
from wegwijzer.editorial import importing as editorial_import
from wegwijzer.editorial.reimport import ImportPlan, Tables
from wegwijzer.ingest.parse import parse_infobundle
from wegwijzer.ingest.pdf import is_pdf, open_pdf, pdf_text
from wegwijzer.ingest.pdf_data import PublishedData, merge_partial, published_rows
from wegwijzer.ingest.reader import decode_document, read_bytes
from wegwijzer.ingest.records import FicheReport, ImportResult
from wegwijzer.ingest.rows import TABLE_ORDER, build_rows
from wegwijzer.ingest.store import SyncStats, load_existing, sync
from wegwijzer.ingest.taxonomy import load_taxonomies
from wegwijzer.search.index import reindex

BUNDLED_NAME = "infobundel-schooluitval-brussel.txt"


def bundled_document() -> Path:
    """The infobundle shipped inside the package (the default dataset)."""
    return Path(str(resources.files("wegwijzer").joinpath("data").joinpath(BUNDLED_NAME)))


@dataclass
class ImportSummary:
    source_name: str
    sha256: str
    organizations: int
    services: int
    table_counts: dict[str, int]
    stats: SyncStats
    reports: list[FicheReport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    suggestions: int = 0  # differences with editorial work, waiting in the review queue
    conflicts: int = 0  # of which an editor changed the field since the last import
    superseded: int = 0  # older pending import suggestions closed by this import
    source_kind: str = "text"  # "text", "pdf-text" (text read from a PDF) or "pdf-data" (a Wegwijzer PDF's data)

    @property
    def changed(self) -> bool:
        return self.stats.changed


Progress = Callable[[str], None]


def parse_document(text: str) -> ImportResult:
    """The pure part: text in, records out (with the editorial overlay applied)."""
    return parse_infobundle(text)


def import_text(
    db: Database,
    text: str,
    source_name: str,
    now: datetime | None = None,
    progress: Progress | None = None,
    source_kind: str = "text",
) -> ImportSummary:
    step = progress or (lambda _msg: None)
    step("Reading the document")
    result = parse_document(text)
    step("Building HSDS records")
    rows = build_rows(result, load_taxonomies())
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return store_rows(db, rows, source_name, sha, now=now, progress=progress, reports=result.reports,
                      warnings=result.warnings, source_kind=source_kind)


def store_rows(
    db: Database,
    rows: Tables,
    source_name: str,
    sha: str,
    now: datetime | None = None,
    progress: Progress | None = None,
    reports: list[FicheReport] | None = None,
    warnings: list[str] | None = None,
    source_kind: str = "text",
    published: PublishedData | None = None,
) -> ImportSummary:
    """Write the rows of a document in one transaction (differences with editorial work become suggestions).

    ``published``: the rows are the directory's own published data (a Wegwijzer PDF). Records that exist
    keep the baseline of the last imported document, and a one-organisation PDF removes nothing.
    """
    step = progress or (lambda _msg: None)
    now = now or datetime.now(UTC)
    step("Writing to the database")
    run_id = str(uuid.uuid4())
    with db.session() as session:
        existing = load_existing(session)
        if published is not None and published.partial:
            rows = merge_partial(rows, existing, source_name)
        # A newer document never overwrites editorial work: differences become suggestions.
        plan = editorial_import.plan(session, rows, existing)
        if published is not None:
            _keep_baselines(session, plan)
        stats = sync(session, plan.rows, updated_by=f"import:{source_name}", now=now, existing=existing)
        outcome = editorial_import.record_import(session, plan, source_name, run_id, now)
        reindex(session)  # the search index follows every write, in the same transaction
        if stats.changed or outcome.suggestions or outcome.superseded:
            session.add(ImportRun(
                id=run_id, started_at=now, source_name=source_name, source_sha256=sha,
                organizations=len(rows["organization"]), services=len(rows["service"]),
                inserted=stats.total("inserted"), updated=stats.total("updated"),
                deleted=stats.total("deleted"),
            ))
        counts = {
            name: session.execute(select(func.count()).select_from(Base.metadata.tables[name])).scalar_one()
            for name in [*TABLE_ORDER, "metadata"]
        }
    return ImportSummary(
        source_name=source_name, sha256=sha, organizations=counts["organization"], services=counts["service"],
        table_counts=counts, stats=stats, reports=list(reports or []), warnings=list(warnings or []),
        suggestions=outcome.suggestions, conflicts=outcome.conflicts, superseded=outcome.superseded,
        source_kind=source_kind,
    )


def _keep_baselines(session: Session, plan: ImportPlan) -> None:
    """Published data is not a new version of the source document: stored baselines stay as they are."""
    stored = editorial_import.load_baseline(session)
    if stored is None:
        return
    for rid, (kind, _values) in list(plan.baseline.items()):
        if rid in stored:
            plan.baseline[rid] = (kind, stored[rid])


def import_pdf(db: Database, data: bytes, source_name: str, progress: Progress | None = None) -> ImportSummary:
    """A Wegwijzer PDF imports its embedded data; any other PDF its text. InvalidDocumentError for bad input."""
    step = progress or (lambda _msg: None)
    step("Reading the PDF")
    document = open_pdf(data, source_name)
    sha = hashlib.sha256(data).hexdigest()
    if document.attachment is not None:
        published = published_rows(document.attachment, source_name, load_taxonomies())
        return store_rows(db, published.rows, source_name, sha, progress=progress, source_kind="pdf-data",
                          published=published)
    step("Extracting the text")
    return import_text(db, pdf_text(data, source_name), source_name, progress=progress, source_kind="pdf-text")


def import_path(db: Database, path: Path | None = None, progress: Progress | None = None) -> ImportSummary:
    """Import a file, text or PDF (default: the bundled infobundle). Raises InvalidDocumentError for bad input."""
    path = path or bundled_document()
    data = read_bytes(path)
    if is_pdf(data):
        return import_pdf(db, data, path.name, progress=progress)
    return import_text(db, decode_document(data, name=str(path)), source_name=path.name, progress=progress)


def import_bytes(db: Database, data: bytes, source_name: str) -> ImportSummary:
    if is_pdf(data):
        return import_pdf(db, data, source_name)
    return import_text(db, decode_document(data, source_name), source_name=source_name)


def last_import(db: Database) -> ImportRun | None:
    with db.session() as session:
        return session.execute(select(ImportRun).order_by(ImportRun.started_at.desc()).limit(1)).scalar()
