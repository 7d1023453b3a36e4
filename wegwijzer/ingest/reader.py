"""Read a source file (text or PDF) into text, refusing what is not a usable document."""

from __future__ import annotations

from pathlib import Path

from wegwijzer.ingest.pdf import is_pdf, pdf_text
from wegwijzer.ingest.records import InvalidDocumentError

SUPPORTED_SUFFIXES = {".txt", ".pdf", ""}
MAX_BYTES = 50 * 1024 * 1024


def decode_document(data: bytes, name: str = "document") -> str:
    """Bytes to text: empty, binary and non-UTF-8 input raise InvalidDocumentError."""
    if not data.strip():
        raise InvalidDocumentError(f"{name} is empty: there is nothing to import.")
    if data.startswith(b"%PDF"):
        raise InvalidDocumentError(f"{name} is a PDF file, not a text document (read it with read_document).")
    if b"\x00" in data[:65536]:
        raise InvalidDocumentError(f"{name} is a binary file, not a text document.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidDocumentError(
            f"{name} is not valid UTF-8 text (invalid byte at position {exc.start}); "
            "save the document as UTF-8 and try again."
        ) from None
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(20, len(text[:65536]) // 100):
        raise InvalidDocumentError(f"{name} contains binary data, not a text document.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(path: Path) -> str:
    """The text of a file, text or PDF, with a clear message for every way it can be unusable.

    A PDF (``%PDF-`` at the start) is read as text by :func:`wegwijzer.ingest.pdf.pdf_text`.
    """
    data = read_bytes(path)
    if is_pdf(data):
        return pdf_text(data, str(path))
    return decode_document(data, name=str(path))


def read_bytes(path: Path) -> bytes:
    """The bytes of a file, refusing a missing file, a folder and anything too large to be an infobundle."""
    if not path.exists():
        raise InvalidDocumentError(f"{path} does not exist.")
    if path.is_dir():
        raise InvalidDocumentError(f"{path} is a folder, not a file.")
    if path.stat().st_size > MAX_BYTES:
        raise InvalidDocumentError(f"{path} is larger than {MAX_BYTES // (1024 * 1024)} MB; not an infobundle.")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidDocumentError(f"{path} cannot be read: {exc.strerror}.") from None
