"""``restore_database``: put a backup made by ``backup_database`` back, all or nothing.

SQLite: the backup is checked (a SQLite file, sound, at a schema revision this version knows), copied
beside the database and brought to the current schema; then it replaces the database in one step —
by renaming when there is no database file, otherwise through SQLite's backup API into the live
file (one transaction, so a running application sees the old or the new data, never a mix).
PostgreSQL: ``pg_restore`` writes the archive as SQL and ``psql`` runs it in one transaction that
first clears schema ``public``; an error rolls everything back.
"""

from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from wegwijzer.db import make_engine, upgrade
from wegwijzer.dbtools import engines, pgtools, sqlitefiles
from wegwijzer.dbtools.errors import USAGE, DbToolError
from wegwijzer.dbtools.files import durable_rename, temporary_beside
from wegwijzer.dbtools.tables import count, data_table_names, reflect
from wegwijzer.dbtools.urls import DatabaseUrl, connection_problem, parse_url

PG_ARCHIVE_HEADER = b"PGDMP"


@dataclass
class RestoreResult:
    target: str
    backup: Path
    #: the schema revision of the backup, and the one of the restored database (head)
    backup_revision: str
    revision: str
    tables: dict[str, int] = field(default_factory=dict)


def backup_kind(path: Path) -> str:
    """``sqlite`` or ``postgresql`` (a pg_dump custom archive), from the file's first bytes."""
    if not path.is_file():
        raise DbToolError(f"no backup at {path}", USAGE)
    if engines.is_sqlite_file(path):
        return "sqlite"
    with path.open("rb") as handle:
        if handle.read(len(PG_ARCHIVE_HEADER)) == PG_ARCHIVE_HEADER:
            return "postgresql"
    raise DbToolError(f"{path} is not a backup made by `wegwijzer db backup` (neither a SQLite database "
                      "nor a pg_dump custom-format archive)", USAGE)


def restore_database(backup: Path, url: str) -> RestoreResult:
    """Replace the database at ``url`` by the backup; it ends at the current schema revision."""
    backup = backup.expanduser().resolve()
    kind = backup_kind(backup)
    db = parse_url(url, "database")
    if kind != db.backend:
        raise DbToolError(_cross_backend(kind, backup, db), USAGE)
    result = _restore_sqlite(backup, db) if db.is_sqlite else _restore_postgresql(backup, db)
    engine = make_engine(db.render())
    try:
        with engine.connect() as conn:
            meta = reflect(conn, data_table_names(conn))
            result.tables = {t.name: count(conn, t) for t in meta.sorted_tables}
    except SQLAlchemyError as exc:
        raise DbToolError(f"restored, but cannot read {db} afterwards: {connection_problem(exc)}") from None
    finally:
        engine.dispose()
    return result


def _cross_backend(kind: str, backup: Path, db: DatabaseUrl) -> str:
    if kind == "sqlite":
        return (f"{backup} is a SQLite backup and the database is PostgreSQL: that is a copy, not a restore — "
                f"wegwijzer db copy sqlite:///{backup} {db} --replace")
    return (f"{backup} is a PostgreSQL dump and the database is SQLite: restore it into a PostgreSQL database "
            f"(WEGWIJZER_DATABASE_URL=postgresql+psycopg://… wegwijzer db restore {backup} --yes), then "
            f"wegwijzer db copy postgresql+psycopg://… {db}")


def _upgrade(engine: Engine, where: str) -> None:
    try:
        upgrade(engine)
    except SQLAlchemyError as exc:
        raise DbToolError(f"cannot bring {where} to the current schema: {connection_problem(exc)}") from None
    finally:
        engine.dispose()


def _restore_sqlite(backup: Path, db: DatabaseUrl) -> RestoreResult:
    target = db.sqlite_path
    if target.exists() and target.stat().st_size > 0 and not engines.is_sqlite_file(target):
        raise DbToolError(f"{target} exists and is not a SQLite database: move it aside, then restore again")
    try:
        revision = sqlitefiles.revision(backup)
        engines.check_revision(revision, f"the backup {backup}")
        assert revision is not None
        problems = sqlitefiles.integrity_problems(backup)
        if problems:
            raise DbToolError(f"the backup {backup} fails its integrity check: {'; '.join(problems)}")
        target.parent.mkdir(parents=True, exist_ok=True)
        with temporary_beside(target) as temporary:
            sqlitefiles.online_copy(backup, temporary)
            if revision != engines.head():
                _upgrade(make_engine(f"sqlite:///{temporary}"), f"the backup {backup}")
            if target.exists() and target.stat().st_size > 0:
                sqlitefiles.online_copy(temporary, target)  # one transaction in the live file
            else:
                durable_rename(temporary, target)
    except sqlite3.Error as exc:
        raise DbToolError(f"restoring {backup} into {target} failed: {exc}; the database is unchanged") from None
    except OSError as exc:
        raise DbToolError(f"restoring {backup} into {target} failed: {exc.strerror or exc}; "
                          "the database is unchanged") from None
    return RestoreResult(str(db), backup, revision, engines.head())


def _restore_postgresql(backup: Path, db: DatabaseUrl) -> RestoreResult:
    pg_restore, psql = pgtools.tool("pg_restore"), pgtools.tool("psql")
    pgtools.run([pg_restore, "--list", str(backup)], db, f"reading {backup}")
    revision = pgtools.archive_revision(pg_restore, backup, db)
    engines.check_revision(revision, f"the backup {backup}")
    assert revision is not None
    engines.open_target(db, "database").dispose()  # reachable, and the database exists
    with tempfile.TemporaryDirectory(prefix="wegwijzer-restore-") as folder:
        # The whole script first: were pg_restore to fail half-way into a pipe, psql would commit a half restore.
        script = Path(folder) / "restore.sql"
        pgtools.run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--file=-",
                     str(backup)], db, f"reading {backup}", stdout=script)
        try:
            pgtools.run([psql, "--no-psqlrc", "--quiet", "--no-password", "--set=ON_ERROR_STOP=1",
                         "--single-transaction", f"--dbname={pgtools.conninfo(db)}",
                         f"--command={pgtools.CLEAR_PUBLIC}", f"--file={script}"], db, f"restoring {backup} into {db}")
        except DbToolError as exc:
            raise DbToolError(f"{exc}; the database is unchanged", exc.exit_code) from None
    engine = make_engine(db.render())
    try:
        restored = engines.revision_of(engine, db, "database")
    finally:
        engine.dispose()
    if restored != revision:
        raise DbToolError(f"after the restore {db} is at schema revision {restored}, the backup at {revision}")
    if revision != engines.head():
        _upgrade(make_engine(db.render()), f"the restored database {db}")
    return RestoreResult(str(db), backup, revision, engines.head())
