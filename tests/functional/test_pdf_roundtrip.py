"""PDF round trips: the published infobundle back into a database, and the network's PDF layout as text.

The PDFs are made here: the published one by `wegwijzer.publish` (WeasyPrint), the network's own by
rendering the bundled text (which is text extracted from the network's PDF) one page per `<pre>`.
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from tests.cli import run_cli
from tests.databases import home_url
from wegwijzer.db import Database
from wegwijzer.directory.hsds import Snapshot
from wegwijzer.directory.models import Metadata
from wegwijzer.editorial.models import Suggestion
from wegwijzer.ingest.parse import parse_infobundle
from wegwijzer.ingest.pdf import ATTACHMENT_NAME
from wegwijzer.ingest.reader import read_document
from wegwijzer.ingest.rows import build_rows
from wegwijzer.ingest.services import bundled_document, import_path
from wegwijzer.ingest.store import load_existing
from wegwijzer.ingest.taxonomy import load_taxonomies
from wegwijzer.publish.pdf import Attachment, WeasyPrintRenderer
from wegwijzer.publish.services import publication
from wegwijzer.text import fold

SEED = bundled_document().read_text(encoding="utf-8")
LINES_PER_PAGE = 57  # fits an A4 landscape page at 6.5 pt
NETWORK_CSS = (
    "@page { size: A4 landscape; margin: 12mm 10mm 16mm;"
    " @bottom-center { content: 'Netwerk ‘Samen tegen schooluitval’ Brussel   ' counter(page);"
    " font: 8pt 'Liberation Sans', 'DejaVu Sans'; } }"
    " body { margin: 0; }"
    " pre { font: 6.5pt/1.2 'DejaVu Sans Mono', 'Liberation Mono', monospace; margin: 0; break-after: page; }"
)
Tables = dict[str, dict[str, dict[str, Any]]]


def network_pdf(source: str) -> bytes:
    """The infobundle text as the network's PDF would hold it: one page per block of lines, a page footer.

    WeasyPrint draws no glyph for a line of spaces (a word processor draws the spaces); such a line is
    drawn as U+2800 (a blank glyph), so that the PDF has text there that shows nothing, as the network's has.
    """
    lines = [line if line.strip() or not line else "\u2800" for line in source.split("\n")]
    pages = ["\n".join(lines[i:i + LINES_PER_PAGE]) for i in range(0, len(lines), LINES_PER_PAGE)]
    body = "".join(f"<pre>\n{html.escape(page)}</pre>" for page in pages)  # the newline after <pre> is dropped
    document = f"<!doctype html><html lang='nl'><head><meta charset='utf-8'><style>{NETWORK_CSS}</style></head>"
    return WeasyPrintRenderer().render(f"{document}<body>{body}</body></html>")


def without_attachments(data: bytes) -> bytes:
    doc = pdfium.PdfDocument(data)
    for index in reversed(range(doc.count_attachments())):
        doc.del_attachment(index)
    buffer = io.BytesIO()
    doc.save(buffer)
    doc.close()
    return buffer.getvalue()


def rows_of(database: Database) -> Tables:
    with database.session() as session:
        tables = load_existing(session)
    return {name: {rid: {k: v for k, v in row.items() if k != "last_modified"} for rid, row in rows.items()}
            for name, rows in tables.items()}


@pytest.fixture(scope="module")
def source_db(imported_url: str) -> Database:
    database = Database(imported_url)
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def published(source_db: Database) -> bytes:
    """The infobundle as `wegwijzer publish infobundel --format pdf` makes it from the bundled data."""
    with source_db.session() as session:
        snap = Snapshot.load(session)
    return publication(snap, "pdf", WeasyPrintRenderer()).content


@pytest.fixture(scope="module")
def seed_as_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("network") / "infobundel-schooluitval-brussel.pdf"
    path.write_bytes(network_pdf(SEED))
    return path


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_published_pdf_into_an_empty_database_gives_the_same_records(
    published: bytes, source_db: Database, db: Database, tmp_path: Path
) -> None:
    summary = import_path(db, write(tmp_path, "infobundel.pdf", published))
    assert summary.source_kind == "pdf-data"
    assert (summary.organizations, summary.services) == (76, 122)
    source, copy = rows_of(source_db), rows_of(db)
    for table in source:  # every organisation, service, location, contact, phone, attribute …: ids and values
        assert copy[table] == source[table], table


def test_published_pdf_into_the_same_database_changes_nothing(
    published: bytes, imported_db: Database, tmp_path: Path
) -> None:
    before = rows_of(imported_db)
    with imported_db.session() as session:
        history = session.execute(select(func.count()).select_from(Metadata)).scalar_one()
    summary = import_path(imported_db, write(tmp_path, "infobundel.pdf", published))
    assert not summary.changed and summary.suggestions == 0
    assert rows_of(imported_db) == before
    with imported_db.session() as session:
        assert session.execute(select(func.count()).select_from(Metadata)).scalar_one() == history
        assert session.execute(select(func.count()).select_from(Suggestion)).scalar_one() == 0


def test_a_published_pdf_is_no_new_source_document_for_later_imports(imported_db: Database, tmp_path: Path) -> None:
    """An editor's change, published and imported back, is not proposed for undoing by the next .txt import."""
    with imported_db.session() as session:  # an editor changes an e-mail address, then the fiche is published
        sid, oid = session.execute(text("SELECT id, organization_id FROM service WHERE email IS NOT NULL ORDER BY id")
                                   ).first()
        session.execute(text("UPDATE service SET email = 'redacteur@example.org' WHERE id = :id"), {"id": sid})
        snap = Snapshot.load(session)
    fiche = publication(snap, "pdf", WeasyPrintRenderer(), organization_id=oid).content
    from_pdf = import_path(imported_db, write(tmp_path, "fiche.pdf", fiche))
    assert not from_pdf.changed and from_pdf.suggestions == 0
    from_txt = import_path(imported_db, bundled_document())
    assert from_txt.suggestions == 0
    with imported_db.session() as session:
        email = session.execute(text("SELECT email FROM service WHERE id = :id"), {"id": sid}).scalar_one()
    assert email == "redacteur@example.org"


def test_a_one_fiche_pdf_into_the_same_database_changes_and_removes_nothing(
    imported_db: Database, tmp_path: Path
) -> None:
    with imported_db.session() as session:
        snap = Snapshot.load(session)
    kans = next(o["id"] for o in snap.organizations() if o["name"] == "KANS Centraal Meldpunt Brussel")
    fiche = publication(snap, "pdf", WeasyPrintRenderer(), organization_id=kans).content
    before = rows_of(imported_db)
    summary = import_path(imported_db, write(tmp_path, "fiche-25.pdf", fiche))
    assert summary.source_kind == "pdf-data" and not summary.changed and summary.suggestions == 0
    assert rows_of(imported_db) == before


def test_published_pdf_without_its_data_is_read_as_text_and_finds_most_records(
    published: bytes, source_db: Database, db: Database, tmp_path: Path
) -> None:
    """The text of the published layout through the network-layout parser: what matches by name (measured:
    58 of 76 organisations, 41 of 122 services; sub-organisations and offers are laid out differently)."""
    stripped = without_attachments(published)
    summary = import_path(db, write(tmp_path, "zonder-gegevens.pdf", stripped))
    assert summary.source_kind == "pdf-text"
    source, copy = rows_of(source_db), rows_of(db)
    for table, minimum in (("organization", 55), ("service", 38)):
        names = {fold(r["name"]) for r in source[table].values()}
        found = {fold(r["name"]) for r in copy[table].values()}
        assert len(names & found) >= minimum, (table, sorted(names - found))
    assert len(set(copy["organization"]) & set(source["organization"])) >= 55  # same names give the same ids


def test_the_network_pdf_layout_reads_as_the_same_text_and_records_as_the_txt(seed_as_pdf: Path) -> None:
    extracted = read_document(seed_as_pdf)
    # Line for line the same text (runs of trailing spaces aside: PDFium reads at most one).
    lines = [line.rstrip() for line in extracted.rstrip().split("\n")]
    assert lines == [line.rstrip() for line in SEED.rstrip().split("\n")]
    taxonomies = load_taxonomies()
    from_txt = build_rows(parse_infobundle(SEED), taxonomies)
    from_pdf = build_rows(parse_infobundle(extracted), taxonomies)
    for table in from_txt:  # same organisations and services, same ids, same provenance lines
        assert from_pdf[table] == from_txt[table], table


def test_cli_imports_the_network_pdf_like_the_txt(seed_as_pdf: Path, tmp_path: Path) -> None:
    result = run_cli(tmp_path / "home", "import", str(seed_as_pdf), "--no-report")
    assert result.returncode == 0, result.stderr
    assert "Gelezen uit de tekst van de PDF" in result.stdout
    engine = create_engine(home_url(tmp_path / "home"))
    with Session(engine) as session:
        count = session.execute(text("SELECT count(*) FROM service")).scalar_one()
    engine.dispose()
    assert count == 122


def _damaged_attachment() -> bytes:
    page = "<p>" + "Doelgroep: jongeren die dreigen uit te vallen. " * 20 + "</p>"
    html_doc = f"<!doctype html><html lang='nl'><head><meta charset='utf-8'></head><body>{page}</body></html>"
    return WeasyPrintRenderer().render(html_doc, [Attachment(ATTACHMENT_NAME, b'{"format": "wegwijzer-hsds", "ver')])


def _image_only() -> bytes:
    html_doc = "<!doctype html><html><body><div style='width:150mm;height:100mm;background:#345'></div></body></html>"
    return WeasyPrintRenderer().render(html_doc)


BAD_PDFS = {
    "damaged-attachment": (_damaged_attachment, "ingebedde gegevens"),
    "image-only": (_image_only, "geen tekst"),
    "damaged-file": (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40, "beschadigd"),
    "cut-off": (None, "beschadigd"),  # the published PDF, cut off halfway
}


@pytest.mark.parametrize("kind", sorted(BAD_PDFS))
def test_a_bad_pdf_is_refused_and_nothing_is_written(kind: str, published: bytes, tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = run_cli(home, "import", str(write(tmp_path, "goed.pdf", published)), "--no-report")
    assert first.returncode == 0, first.stderr
    engine = create_engine(home_url(home))

    def state() -> tuple[int, int, int]:
        with Session(engine) as session:
            return tuple(session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                         for t in ("service", "metadata", "import_run"))

    before = state()
    make, message = BAD_PDFS[kind]
    bad = make() if make else published[: len(published) // 2]
    result = run_cli(home, "import", str(write(tmp_path, f"{kind}.pdf", bad)))
    assert result.returncode != 0
    assert message in result.stderr and "unchanged" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert state() == before
    engine.dispose()
