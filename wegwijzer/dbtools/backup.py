"""``backup_database``: a consistent copy of the live database in one file, written atomically.

SQLite: SQLite's online backup API (safe while the application runs), then ``PRAGMA integrity_check``
on the copy. PostgreSQL: ``pg_dump --format=custom``, then ``pg_restore --list`` to prove the archive
reads. Either way the file appears under its final name only when it is complete.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from wegwijzer.dbtools import engines, pgtools, sqlitefiles
from wegwijzer.dbtools.errors import USAGE, DbToolError
from wegwijzer.dbtools.files import durable_rename, temporary_beside
from wegwijzer.dbtools.urls import DatabaseUrl, parse_url

SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".dump"}


@dataclass(frozen=True)
class BackupResult:
    path: Path
    backend: str
    revision: str
    size: int


def default_backup_path(home: Path, backend: str, now: datetime | None = None) -> Path:
    """``HOME/backups/wegwijzer-YYYYmmdd-HHMMSS.sqlite3`` (or ``.dump``), time in UTC; ``-2``, ``-3``…
    when a backup of that second exists already."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    folder = home / "backups"
    candidate = folder / f"wegwijzer-{stamp}{SUFFIXES[backend]}"
    n = 2
    while candidate.exists():
        candidate = folder / f"wegwijzer-{stamp}-{n}{SUFFIXES[backend]}"
        n += 1
    return candidate


def _prepare_out(out: Path) -> Path:
    out = out.expanduser().resolve()
    if out.exists():
        raise DbToolError(f"{out} exists already: choose another --out (a backup never overwrites a file)", USAGE)
    try:
        out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise DbToolError(f"cannot create the folder {out.parent}: {exc.strerror}") from None
    return out


def backup_database(url: str, out: Path | None = None, home: Path | None = None) -> BackupResult:
    """Back up the database at ``url`` into ``out`` (default: a new file under ``home/backups``)."""
    db = parse_url(url, "database")
    if out is None:
        if home is None:
            raise ValueError("give out or home")
        out = default_backup_path(home, db.backend)
    out = _prepare_out(out)
    return _backup_sqlite(db, out) if db.is_sqlite else _backup_postgresql(db, out)


def _backup_sqlite(db: DatabaseUrl, out: Path) -> BackupResult:
    source = db.sqlite_path
    if not source.is_file():
        raise DbToolError(f"there is no database at {source}: nothing to back up")
    if not engines.is_sqlite_file(source):
        raise DbToolError(f"{source} is not a SQLite database")
    try:
        revision = sqlitefiles.revision(source)
        engines.check_revision(revision, f"the database {source}")
        with temporary_beside(out) as temporary:
            sqlitefiles.online_copy(source, temporary)
            problems = sqlitefiles.integrity_problems(temporary)
            if problems:
                raise DbToolError(f"the copy of {source} fails its integrity check ({'; '.join(problems)}); "
                                  "no backup was written")
            durable_rename(temporary, out)
    except sqlite3.Error as exc:
        raise DbToolError(f"backing up {source} failed: {exc}; no backup was written") from None
    except OSError as exc:
        raise DbToolError(f"writing {out} failed: {exc.strerror or exc}; no backup was written") from None
    assert revision is not None
    return BackupResult(out, "sqlite", revision, out.stat().st_size)


def _backup_postgresql(db: DatabaseUrl, out: Path) -> BackupResult:
    pg_dump, pg_restore = pgtools.tool("pg_dump"), pgtools.tool("pg_restore")
    engine = engines.open_source(db, "database")
    try:
        revision = engines.revision_of(engine, db, "database")
    finally:
        engine.dispose()
    engines.check_revision(revision, f"the database {db}")
    try:
        with temporary_beside(out) as temporary:
            pgtools.run([pg_dump, "--format=custom", "--no-password", f"--file={temporary}",
                         f"--dbname={pgtools.conninfo(db)}"], db, f"pg_dump of {db}")
            pgtools.run([pg_restore, "--list", str(temporary)], db, f"checking the dump of {db}")
            durable_rename(temporary, out)
    except DbToolError as exc:
        raise DbToolError(f"{exc}; no backup was written", exc.exit_code) from None
    except OSError as exc:
        raise DbToolError(f"writing {out} failed: {exc.strerror or exc}; no backup was written") from None
    assert revision is not None
    return BackupResult(out, "postgresql", revision, out.stat().st_size)
