"""Read a source file into text, refusing what is not a usable text document."""

from __future__ import annotations

from pathlib import Path

from wegwijzer.ingest.records import InvalidDocumentError

SUPPORTED_SUFFIXES = {".txt", ""}
MAX_BYTES = 50 * 1024 * 1024


def decode_document(data: bytes, name: str = "document") -> str:
    """Bytes to text: empty, binary and non-UTF-8 input raise InvalidDocumentError."""
    if not data.strip():
        raise InvalidDocumentError(f"{name} is empty: there is nothing to import.")
    if data.startswith(b"%PDF"):
        raise InvalidDocumentError(
            f"{name} is a PDF file; this version imports the text form of the infobundle (.txt)."
        )
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
    """Read and decode a file, with a clear message for every way it can be unusable."""
    if not path.exists():
        raise InvalidDocumentError(f"{path} does not exist.")
    if path.is_dir():
        raise InvalidDocumentError(f"{path} is a folder, not a file.")
    if path.stat().st_size > MAX_BYTES:
        raise InvalidDocumentError(f"{path} is larger than {MAX_BYTES // (1024 * 1024)} MB; not an infobundle.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidDocumentError(f"{path} cannot be read: {exc.strerror}.") from None
    return decode_document(data, name=str(path))
