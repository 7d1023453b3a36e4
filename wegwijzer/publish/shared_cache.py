"""Renderings shared by every worker of one data folder: files in ``<home>/cache/publish``.

Rendering the whole infobundle as PDF takes seconds; with several worker processes each would
render it again, and each copy would carry another "generated at" time. One file per database,
state of the data (fingerprint and base URL), format, language and organisation, named by digests:

    <database digest>-<state digest>-<format>-<language>-<organisation digest or "all">.bin

A file holds one JSON header line (media type, download name) and the rendered bytes. It is written
to a temporary file in the same folder and renamed, so a reader never sees half a file. One lock file
per database serialises renderings across processes (``fcntl.flock``; without it each process renders
on its own, which is slower but still correct). Writing an entry deletes the entries of older states
of the same database. Any file-system problem is logged and the rendering is served all the same.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger("wegwijzer.publish")
SUFFIX = ".bin"
MAX_ENTRIES = 200  # per database: the bundle in 3 languages and 2 formats, and the fiches asked for


@dataclass(frozen=True)
class Rendered:
    """What a download needs: the bytes, their media type and the file name."""

    content: bytes
    media_type: str
    filename: str


@dataclass(frozen=True)
class Entry:
    """Where one rendering lives: ``database`` and ``state`` are digests, ``name`` the file name."""

    database: str
    state: str
    name: str


def _digest(value: Any) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:20]


class SharedCache:
    """The renderings of one folder (created on first write)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def entry(self, database: str, fingerprint: tuple[Any, ...], base_url: str, fmt: str, lang: str,
              organization_id: str | None) -> Entry:
        db, state = _digest(database), _digest((fingerprint, base_url))
        scope = _digest(organization_id) if organization_id is not None else "all"
        return Entry(db, state, f"{db}-{state}-{fmt}-{lang}-{scope}{SUFFIX}")

    def read(self, entry: Entry) -> Rendered | None:
        """The stored rendering, or None (missing, unreadable or not one of ours)."""
        try:
            raw = (self.folder / entry.name).read_bytes()
        except OSError:
            return None
        header, sep, content = raw.partition(b"\n")
        try:
            meta = json.loads(header) if sep else None
            return Rendered(content, str(meta["media_type"]), str(meta["filename"]))
        except (ValueError, TypeError, KeyError):
            return None

    def write(self, entry: Entry, rendered: Rendered) -> bool:
        """Store atomically and forget older states of the database; False (logged) when that failed."""
        header = json.dumps({"media_type": rendered.media_type, "filename": rendered.filename}).encode()
        tmp: str | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=SUFFIX)
            with os.fdopen(fd, "wb") as handle:
                handle.write(header + b"\n" + rendered.content)
            os.replace(tmp, self.folder / entry.name)
            tmp = None
            self._prune(entry)
            return True
        except OSError as exc:
            logger.warning("event=publish_cache_not_written folder=%s error=%s", self.folder, exc.strerror or exc)
            return False
        finally:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)

    def _prune(self, keep: Entry) -> None:
        mine = list(self.folder.glob(f"{keep.database}-*{SUFFIX}"))
        current: list[tuple[float, Path]] = []
        for path in mine:
            if not path.name.startswith(f"{keep.database}-{keep.state}-"):
                path.unlink(missing_ok=True)  # an older state of the data: never asked again
            elif path.name != keep.name:
                try:
                    current.append((path.stat().st_mtime, path))
                except OSError:
                    continue
        for _, path in sorted(current)[: max(0, len(current) + 1 - MAX_ENTRIES)]:
            path.unlink(missing_ok=True)  # the oldest renderings beyond the limit

    @contextmanager
    def lock(self, entry: Entry) -> Iterator[None]:
        """Hold the database's rendering lock (shared by every process using this folder)."""
        if fcntl is None:  # pragma: no cover
            yield
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / f"{entry.database}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            logger.warning("event=publish_cache_unlocked folder=%s error=%s", self.folder, exc.strerror or exc)
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock
