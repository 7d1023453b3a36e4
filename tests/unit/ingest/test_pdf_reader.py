"""Opening PDF files: the embedded Wegwijzer data, the text of the pages, and every way a PDF is unusable."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from wegwijzer.ingest.pdf import ATTACHMENT_NAME, is_pdf, open_pdf, pdf_text
from wegwijzer.ingest.reader import read_document
from wegwijzer.ingest.records import InvalidDocumentError
from wegwijzer.publish.pdf import Attachment, WeasyPrintRenderer

PROSE = "Doelgroep: jongeren tussen 12 en 18 jaar die dreigen uit te vallen op school. " * 8


def render(body: str, attachments: list[Attachment] | None = None) -> bytes:
    html = f"<!doctype html><html lang='nl'><head><meta charset='utf-8'></head><body>{body}</body></html>"
    return WeasyPrintRenderer().render(html, attachments or [])


def password_protected_pdf() -> bytes:
    """A minimal PDF with a standard security handler whose user password is not empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    file_id = b"<00112233445566778899aabbccddeeff>"
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [%s %s] >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, file_id, file_id, xref)
    return bytes(out)


def test_pdf_is_recognised_by_its_magic_bytes() -> None:
    assert is_pdf(b"%PDF-1.7\n...")
    assert is_pdf(b"\xef\xbb\xbf  %PDF-1.4")
    assert not is_pdf(b"Doelgroep: een tekst over %PDF-1.7 bestanden")
    assert not is_pdf(b"%PDF zonder versie")


def test_the_embedded_data_is_read_from_the_attachment() -> None:
    data = render(f"<p>{PROSE}</p>", [Attachment("andere.json", b"{}"), Attachment(ATTACHMENT_NAME, b'{"a": 1}')])
    document = open_pdf(data, "bundel.pdf")
    assert document.attachment == b'{"a": 1}'
    assert document.pages == 1


def test_a_pdf_without_our_attachment_has_no_embedded_data() -> None:
    assert open_pdf(render(f"<p>{PROSE}</p>", [Attachment("andere.json", b"{}")]), "x.pdf").attachment is None


def test_read_document_returns_the_text_of_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "fiche.pdf"
    path.write_bytes(render("<h1>12. Tracé Brussel vzw</h1><p>Doelgroep: jongeren</p><p>" + PROSE + "</p>"))
    text = read_document(path)
    assert text.startswith("12. Tracé Brussel vzw\n\nDoelgroep: jongeren\n")
    assert "dreigen uit te vallen" in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (password_protected_pdf(), "wachtwoord"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 20, "beschadigd"),
        (render("<div style='width:120mm;height:80mm;background:#234'></div>"), "geen tekst"),
        (render(""), "geen tekst"),
    ],
    ids=["password", "damaged", "image-only", "blank-page"],
)
def test_unusable_pdfs_are_refused_with_a_dutch_reason(data: bytes, message: str) -> None:
    with pytest.raises(InvalidDocumentError, match=message):
        open_pdf(data, "slecht.pdf")
        pdf_text(data, "slecht.pdf")


def test_a_truncated_pdf_is_refused() -> None:
    data = render(f"<p>{PROSE}</p>" * 40)
    with pytest.raises(InvalidDocumentError, match="beschadigd"):
        open_pdf(data[: len(data) // 2], "half.pdf")


def test_a_pdf_with_an_unreadable_page_count_is_refused() -> None:
    doc = pdfium.PdfDocument.new()
    buffer = io.BytesIO()
    doc.save(buffer)
    with pytest.raises(InvalidDocumentError, match="slecht.pdf"):
        open_pdf(buffer.getvalue(), "slecht.pdf")
