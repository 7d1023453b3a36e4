"""Read a PDF file: the data a Wegwijzer publication carries, or else the text of its pages.

A PDF published by ``wegwijzer publish infobundel`` carries the directory itself as an
embedded file, ``wegwijzer-hsds.json`` (see ``docs/publishing.md``); importing it gives back the
same records. Any other PDF (the network's own infobundle, or a publication whose attachment
was stripped) is read as text: the glyphs of every page with their positions, rebuilt into
lines by :mod:`wegwijzer.ingest.pdf_text` for the text parser.

PDFium (``pypdfium2``, a self-contained wheel) does the PDF work; no system library is needed.
Everything that makes a file unusable (a password, damage, pages without text) raises
:class:`InvalidDocumentError` with a Dutch message before anything is written.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from wegwijzer.ingest.pdf_text import Glyph, layout_text
from wegwijzer.ingest.records import InvalidDocumentError

ATTACHMENT_NAME = "wegwijzer-hsds.json"
_MAGIC_RE = re.compile(rb"(?:\xef\xbb\xbf)?[\s\x00]*%PDF-\d")
MIN_TEXT_CHARACTERS = 200  # fewer letters on all pages together: scanned pages or an empty document
_LOAD_ERRORS = {
    pdfium_c.FPDF_ERR_PASSWORD: "is beveiligd met een wachtwoord (versleuteld); "
    "sla het op zonder wachtwoord en probeer opnieuw",
    pdfium_c.FPDF_ERR_SECURITY: "gebruikt een beveiliging die niet ondersteund wordt (versleuteld)",
    pdfium_c.FPDF_ERR_FORMAT: "is beschadigd of geen geldig PDF-bestand",
    pdfium_c.FPDF_ERR_FILE: "kan niet gelezen worden",
}


@dataclass(frozen=True)
class PdfDocument:
    """What a PDF offers the importer: the embedded Wegwijzer data, if any, and the number of pages."""

    name: str
    pages: int
    attachment: bytes | None  # the content of wegwijzer-hsds.json


def is_pdf(data: bytes) -> bool:
    """PDF files start with ``%PDF-`` and a version (after a byte order mark or whitespace at most)."""
    return bool(_MAGIC_RE.match(data[:1024]))


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = _LOAD_ERRORS.get(exc.err_code or -1, "kan niet geopend worden")
        raise InvalidDocumentError(f"{name}: dit PDF-bestand {reason}.") from None


def _attachment(doc: pdfium.PdfDocument, name: str) -> bytes | None:
    for index in range(doc.count_attachments()):
        item = doc.get_attachment(index)
        try:
            if item.get_name() != ATTACHMENT_NAME:
                continue
            return bytes(item.get_data())
        except pdfium.PdfiumError:
            raise InvalidDocumentError(
                f"{name}: de ingebedde gegevens ({ATTACHMENT_NAME}) zijn beschadigd en kunnen niet gelezen worden."
            ) from None
    return None


def open_pdf(data: bytes, name: str) -> PdfDocument:
    """Open a PDF and read its embedded Wegwijzer data (None when it has none)."""
    doc = _open(data, name)
    try:
        pages = len(doc)
        if pages == 0:
            raise InvalidDocumentError(f"{name}: dit PDF-bestand heeft geen pagina's; er is niets te importeren.")
        return PdfDocument(name=name, pages=pages, attachment=_attachment(doc, name))
    finally:
        doc.close()


def _blank_marks(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> list[float]:
    """Baselines of text objects that draw no visible character (PDFium leaves them out of the text)."""
    marks = []
    buffer = (ctypes.c_ushort * 64)()
    matrix = pdfium_c.FS_MATRIX()
    for index in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = pdfium_c.FPDFPage_GetObject(page, index)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        size = pdfium_c.FPDFTextObj_GetText(obj, textpage, buffer, ctypes.sizeof(buffer))  # bytes, with NUL
        if size > ctypes.sizeof(buffer):
            continue  # a long text: not blank
        if bytes(buffer)[: max(0, size - 2)].decode("utf-16-le", errors="ignore").strip():
            continue
        if pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
            marks.append(matrix.f)
    return marks


def _page_glyphs(page: pdfium.PdfPage) -> tuple[list[Glyph], list[float]]:
    textpage = page.get_textpage()
    try:
        x, y = ctypes.c_double(), ctypes.c_double()
        box = pdfium_c.FS_RECTF()
        glyphs = []
        for index in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(textpage, index):
                continue  # spaces and line breaks PDFium guessed; the layout is rebuilt from positions
            code = pdfium_c.FPDFText_GetUnicode(textpage, index)
            if code in (0, 0x0D, 0x0A) or 0xD800 <= code <= 0xDFFF:
                continue
            pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y)
            pdfium_c.FPDFText_GetLooseCharBox(textpage, index, box)
            size = pdfium_c.FPDFText_GetFontSize(textpage, index)
            glyphs.append(Glyph(chr(code), x.value, y.value, size, max(0.0, box.right - box.left)))
        return glyphs, _blank_marks(page, textpage)
    finally:
        textpage.close()


def pdf_text(data: bytes, name: str) -> str:
    """The text of every page in reading order, shaped like the text the infobundle parser reads.

    Refuses a PDF without (enough) text: scanned pages or an empty document.
    """
    doc = _open(data, name)
    try:
        pages, marks = [], []
        for index in range(len(doc)):
            page = doc[index]
            try:
                glyphs, blanks = _page_glyphs(page)
            finally:
                page.close()
            pages.append(glyphs)
            marks.append(blanks)
    finally:
        doc.close()
    text = layout_text(pages, marks)
    if sum(ch.isalpha() for ch in text) < MIN_TEXT_CHARACTERS:
        raise InvalidDocumentError(
            f"{name}: dit PDF-bestand bevat (bijna) geen tekst — misschien zijn de pagina's gescand "
            "(afbeeldingen). Importeer een PDF met tekst, of de tekstversie (.txt) van de infobundel."
        )
    return text
