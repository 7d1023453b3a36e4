"""SQLite files: online copies with the backup API, integrity checks, the schema revision inside."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

BUSY_TIMEOUT_SECONDS = 5.0


@contextlib.contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection to an existing file (never creates one); closed afterwards."""
    mode = "ro" if read_only else "rw"
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode={mode}", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    try:
        yield conn
    finally:
        conn.close()


def online_copy(source: Path, target: Path) -> None:
    """Copy ``source`` into ``target`` with SQLite's backup API: a consistent snapshot even while other
    connections write, taken in one step; ``target`` is written in one transaction."""
    with connect(source) as src, connect(target) as dst:
        src.backup(dst)


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` finds wrong with a file (empty: the file is sound)."""
    with connect(path, read_only=True) as conn:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    return [] if result == ["ok"] else result[:5]


def revision(path: Path) -> str | None:
    """The Alembic revision in a SQLite file (``None``: not a Wegwijzer database)."""
    with connect(path, read_only=True) as conn:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()
        if not has_table:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None
