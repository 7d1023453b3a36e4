from pathlib import Path

import pytest

from wegwijzer.ingest.reader import decode_document, read_document
from wegwijzer.ingest.records import InvalidDocumentError


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n\t ", "empty"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"abc\x00\x01\x02def", "binary"),
        ("Infobundel café".encode("latin-1"), "UTF-8"),
        (bytes(range(1, 32)) * 50, "binary"),
    ],
)
def test_unusable_bytes_are_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(InvalidDocumentError, match=message):
        decode_document(data, "x.txt")


def test_utf8_with_bom_and_windows_line_ends_is_read() -> None:
    assert decode_document("\ufeffDoelgroep: jongeren\r\nAanmelding: via CLB\r\n".encode()) == (
        "Doelgroep: jongeren\nAanmelding: via CLB\n"
    )


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidDocumentError, match="does not exist"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InvalidDocumentError, match="folder"):
        read_document(tmp_path)
