"""`wegwijzer publish infobundel`: the real command on a copy of the imported bundle, real WeasyPrint."""

from __future__ import annotations

import ctypes
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from tests.cli import run_cli
from wegwijzer.db import Database
from wegwijzer.directory.export import hsds_documents
from wegwijzer.directory.hsds import Snapshot
from wegwijzer.publish.document import build_document

ATTACHMENT = "wegwijzer-hsds.json"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(content: bytes) -> list[str]:
    """The text of every page (whitespace squashed)."""
    pdf = pdfium.PdfDocument(content)
    try:
        return [squash(page.get_textpage().get_text_range()) for page in pdf]
    finally:
        pdf.close()


def pdf_attachments(content: bytes) -> dict[str, bytes]:
    pdf = pdfium.PdfDocument(content)
    try:
        out = {}
        for i in range(pdf.count_attachments()):
            item = pdf.get_attachment(i)
            out[item.get_name()] = bytes(item.get_data())
        return out
    finally:
        pdf.close()


def pdf_internal_links(content: bytes) -> list[tuple[int, int]]:
    """(page index of the link, page index of its destination) of every internal link; -1: unresolved."""
    pdf = pdfium.PdfDocument(content)
    out = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            pos, link = ctypes.c_int(0), pdfium_c.FPDF_LINK()
            while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(pos), ctypes.byref(link)):
                dest = pdfium_c.FPDFLink_GetDest(pdf.raw, link)
                action = pdfium_c.FPDFLink_GetAction(link)
                if not dest and action and pdfium_c.FPDFAction_GetType(action) == pdfium_c.PDFACTION_GOTO:
                    dest = pdfium_c.FPDFAction_GetDest(pdf.raw, action)
                if dest:
                    out.append((index, pdfium_c.FPDFDest_GetDestPageIndex(pdf.raw, dest)))
                elif action and pdfium_c.FPDFAction_GetType(action) == pdfium_c.PDFACTION_GOTO:
                    out.append((index, -1))
    finally:
        pdf.close()
    return out


@pytest.fixture(scope="module")
def bundle_url(clone_imported: Callable[[], str]) -> str:
    return clone_imported()


@pytest.fixture(scope="module")
def snapshot(bundle_url: str) -> Snapshot:
    database = Database(bundle_url)
    with database.session() as session:
        snap = Snapshot.load(session)
    database.dispose()
    return snap


@pytest.fixture(scope="module")
def published_pdf(bundle_url: str, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("out") / "infobundel.pdf"
    result = run_cli(tmp_path_factory.mktemp("home"), "publish", "infobundel", "--format", "pdf", "--out", str(out),
                     db_url=bundle_url)
    assert result.returncode == 0, result.stderr
    assert f"Geschreven: {out}" in result.stdout
    return out.read_bytes()


def test_pdf_contains_every_organisation_and_service(published_pdf: bytes, snapshot: Snapshot) -> None:
    text = " ".join(pdf_pages(published_pdf))
    names = [o["name"] for o in snapshot.organizations()] + [s["name"] for s in snapshot.services()]
    assert len(names) > 150
    missing = [name for name in names if squash(name) not in text]
    assert missing == []


def test_pdf_has_more_pages_than_fiches_each_fiche_on_its_own_page(published_pdf: bytes,
                                                                    snapshot: Snapshot) -> None:
    pages = pdf_pages(published_pdf)
    fiches = build_document(snapshot).fiches
    assert len(pages) > len(fiches) + 3  # title page, contents, introduction, overview
    starts = [next((i for i, page in enumerate(pages) if page.startswith(f"{squash(f.title)} ")), None)
              for f in fiches]  # a page's text begins with its body; the running header comes last
    assert None not in starts
    assert starts == sorted(starts) and len(set(starts)) == len(starts)  # in order, each on a new page


def test_title_page_and_footer_give_the_date_of_the_data(published_pdf: bytes) -> None:
    pages = pdf_pages(published_pdf)
    assert "Samen tegen schooluitval" in pages[0] and "Stand van de gegevens:" in pages[0]
    date = re.search(r"Stand van de gegevens: (\d{1,2} \w+ \d{4})", pages[0]).group(1)  # type: ignore[union-attr]
    assert all(date in page for page in pages[1:])
    assert all(re.search(rf"\b{i} / {len(pages)}\b", page) for i, page in enumerate(pages[1:], 2))


def test_contents_links_lead_to_the_fiches(published_pdf: bytes, snapshot: Snapshot) -> None:
    pages = pdf_pages(published_pdf)
    links = pdf_internal_links(published_pdf)
    toc_pages = {i for i, page in enumerate(pages)  # the running header (last in the text) names the chapter
                 if page.startswith("Inhoud ") or " Inhoud Het Brusselse aanbod rond schooluitval " in page}
    toc_links = [(src, dest) for src, dest in links if src in toc_pages]
    fiches = build_document(snapshot).fiches
    assert len(toc_links) >= len(fiches) + 2
    assert all(0 <= dest < len(pages) for _src, dest in links)  # every internal link resolves
    targets = {dest for _src, dest in toc_links}
    for fiche in fiches:
        page = next(i for i, text in enumerate(pages) if text.startswith(f"{squash(fiche.title)} "))
        assert page in targets, fiche.title
    assert "Schematisch overzicht per fase" in pages[min(targets)] or "Inleiding" in pages[min(targets)]


def test_pdf_embeds_the_hsds_data_for_an_exact_reimport(published_pdf: bytes, bundle_url: str) -> None:
    files = pdf_attachments(published_pdf)
    assert list(files) == [ATTACHMENT]
    data: dict[str, Any] = json.loads(files[ATTACHMENT].decode("utf-8"))
    assert (data["format"], data["version"], data["hsds_version"], data["scope"]) == ("wegwijzer-hsds", 1, "3.0",
                                                                                     "infobundel")
    database = Database(bundle_url)
    with database.session() as session:
        services, organizations = hsds_documents(session)
    database.dispose()
    assert data["services"] == services
    assert data["organizations"] == organizations
    fiches = {rid: rec["source_fiche"] for rid, rec in data["records"].items() if rec["table"] == "organization"}
    assert len(fiches) == len(organizations) and "25.1" in fiches.values()


def test_html_format_writes_one_standalone_file(bundle_url: str, snapshot: Snapshot, tmp_path: Path) -> None:
    out = tmp_path / "infobundel.html"
    result = run_cli(tmp_path / "home", "publish", "infobundel", "--format", "html", "--out", str(out),
                     "--lang", "fr", db_url=bundle_url)
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html and "Table des matières" in html
    assert "<script" not in html and "<link" not in html
    assert all(o["name"].replace("&", "&amp;") in html for o in snapshot.organizations())


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--format", "docx", "ongeldig formaat 'docx'; toegelaten: pdf, html"),
    ("--lang", "de", "ongeldige taal 'de'; toegelaten: nl, fr, en"),
])
def test_bad_options_exit_2_with_a_message(option: str, value: str, message: str, tmp_path: Path,
                                          bundle_url: str) -> None:
    out = tmp_path / "x.pdf"
    result = run_cli(tmp_path / "home", "publish", "infobundel", option, value, "--out", str(out), db_url=bundle_url)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_unwritable_out_is_refused(tmp_path: Path, bundle_url: str) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    for out, message in ((tmp_path / "ontbreekt" / "x.pdf", "bestaat niet"), (folder, "is een map")):
        result = run_cli(tmp_path / "home", "publish", "infobundel", "--out", str(out), db_url=bundle_url)
        assert result.returncode == 1
        assert message in result.stderr and "Traceback" not in result.stderr
    assert list(folder.iterdir()) == []


def test_failed_run_leaves_an_existing_file_untouched(tmp_path: Path, bundle_url: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEGWIJZER_PDF_RENDERER", "off")  # the null renderer: no PDF can be made
    out = tmp_path / "infobundel.pdf"
    out.write_bytes(b"previous edition")
    result = run_cli(tmp_path / "home", "publish", "infobundel", "--format", "pdf", "--out", str(out),
                     db_url=bundle_url)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "PDF maken" in lines[0]
    assert out.read_bytes() == b"previous edition"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["infobundel.pdf"]
