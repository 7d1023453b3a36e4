"""The renderings shared on disk by the workers (wegwijzer.publish.shared_cache), on a real folder."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from wegwijzer.publish.shared_cache import Rendered, SharedCache

PDF = Rendered(b"%PDF-1.7 \n\x00 binary\nlines", "application/pdf", "infobundel-schooluitval-brussel.pdf")
DB = "sqlite:////srv/wegwijzer.sqlite3"


def test_a_written_rendering_reads_back_exactly(tmp_path: Path) -> None:
    cache = SharedCache(tmp_path / "publish")
    entry = cache.entry(DB, (1, "2026-11-28", 5, None), "https://wegwijzer.example", "pdf", "nl", None)
    assert cache.read(entry) is None
    assert cache.write(entry, PDF)
    assert cache.read(entry) == PDF
    assert sorted(p.name for p in (tmp_path / "publish").iterdir()) == [entry.name]  # no temporary file left


def test_entries_differ_by_data_state_base_url_format_language_and_organisation(tmp_path: Path) -> None:
    cache = SharedCache(tmp_path)
    base = (DB, (1,), "https://a", "pdf", "nl", None)
    variants = [base, (DB, (2,), "https://a", "pdf", "nl", None), (DB, (1,), "https://b", "pdf", "nl", None),
                (DB, (1,), "https://a", "html", "nl", None), (DB, (1,), "https://a", "pdf", "fr", None),
                (DB, (1,), "https://a", "pdf", "nl", "org-1"),
                ("postgresql://other", (1,), "https://a", "pdf", "nl", None)]
    assert len({cache.entry(*v).name for v in variants}) == len(variants)
    assert cache.entry(*base) == cache.entry(*base)  # the same in every process: digests, not hash()


def test_a_new_state_of_the_data_removes_the_older_renderings_of_that_database_only(tmp_path: Path) -> None:
    cache = SharedCache(tmp_path)
    old = cache.entry(DB, (1,), "", "pdf", "nl", None)
    old_fiche = cache.entry(DB, (1,), "", "pdf", "nl", "org-1")
    other_db = cache.entry("postgresql://other", (1,), "", "pdf", "nl", None)
    for entry in (old, old_fiche, other_db):
        cache.write(entry, PDF)
    new = cache.entry(DB, (2,), "", "pdf", "nl", None)
    cache.write(new, PDF)
    assert cache.read(old) is None and cache.read(old_fiche) is None
    assert cache.read(new) == PDF and cache.read(other_db) == PDF


@pytest.mark.parametrize("content", [b"", b"%PDF-1.7 no header", b'{"media_type": "x"}\n%PDF', b"\xff\xfe\n"])
def test_a_file_that_is_not_a_complete_entry_reads_as_missing(tmp_path: Path, content: bytes) -> None:
    cache = SharedCache(tmp_path)
    entry = cache.entry(DB, (1,), "", "pdf", "nl", None)
    (tmp_path / entry.name).write_bytes(content)
    assert cache.read(entry) is None


def test_an_unwritable_folder_is_logged_and_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    cache = SharedCache(blocker / "publish")
    entry = cache.entry(DB, (1,), "", "pdf", "nl", None)
    assert cache.write(entry, PDF) is False
    assert cache.read(entry) is None
    assert "publish_cache_not_written" in caplog.text
    with cache.lock(entry):  # rendering goes on without the lock
        pass


def test_the_rendering_lock_excludes_every_other_holder_until_released(tmp_path: Path) -> None:
    cache = SharedCache(tmp_path)
    entry = cache.entry(DB, (1,), "", "pdf", "nl", None)
    probe = os.open(tmp_path / f"{entry.database}.lock", os.O_RDWR | os.O_CREAT)
    try:
        with cache.lock(entry):
            with pytest.raises(BlockingIOError):  # another open file (another worker) must wait
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again
    finally:
        os.close(probe)
