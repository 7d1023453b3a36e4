"""Opening the databases the tools work on: a consistent read-only snapshot of a source, a target
that is checked before anything is written, and the schema revision each one is at."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from wegwijzer.db import alembic_config, current_revision, make_engine, upgrade
from wegwijzer.dbtools.errors import USAGE, DbToolError
from wegwijzer.dbtools.urls import DatabaseUrl, connection_problem

SQLITE_HEADER = b"SQLite format 3\x00"


def known_revisions() -> list[str]:
    """Every schema revision this version of Wegwijzer knows, oldest first (the last is head)."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def head() -> str:
    return known_revisions()[-1]


def is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _sqlite_snapshot_engine(path: Path) -> Engine:
    """Read-only, and each transaction a real ``BEGIN``: every query of one copy sees the same snapshot
    even while the application writes (pysqlite would otherwise run each SELECT on its own)."""
    engine = create_engine(f"sqlite:///file:{quote(str(path))}?mode=ro&uri=true")

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA busy_timeout=5000")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def _check_connects(engine: Engine, db: DatabaseUrl, what: str, creatable: bool = False) -> None:
    try:
        with engine.connect() as conn:
            inspect(conn).get_table_names()
    except DBAPIError as exc:
        engine.dispose()
        problem = connection_problem(exc)
        if db.is_sqlite and "not a database" in problem:
            raise DbToolError(f"{what} {db.sqlite_path} is not a SQLite database", USAGE) from None
        if "does not exist" in problem and not db.is_sqlite and creatable:
            raise DbToolError(f"{what} {db}: {problem} (create it first, e.g. createdb {db.url.database})") from None
        raise DbToolError(f"cannot open the {what} {db}: {problem}") from None
    except ModuleNotFoundError as exc:
        raise DbToolError(f"the database driver is not installed: {exc.name}") from None


def open_source(db: DatabaseUrl, what: str = "source database") -> Engine:
    """An engine whose transactions are consistent, read-only snapshots of an existing database."""
    if db.is_sqlite:
        path = db.sqlite_path
        if not path.is_file():
            raise DbToolError(f"{what}: no SQLite database at {path}", USAGE)
        if not is_sqlite_file(path):
            raise DbToolError(f"{what} {path} is not a SQLite database", USAGE)
        engine = _sqlite_snapshot_engine(path)
    else:
        engine = create_engine(db.render(), connect_args={"connect_timeout": 10}).execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True)
    _check_connects(engine, db, what)
    return engine


def open_target(db: DatabaseUrl, what: str = "target database") -> Engine:
    """An engine on a database to write into (a SQLite file is created when missing)."""
    if db.is_sqlite and db.sqlite_path.exists() and not is_sqlite_file(db.sqlite_path) \
            and db.sqlite_path.stat().st_size > 0:
        raise DbToolError(f"{what} {db.sqlite_path} exists and is not a SQLite database", USAGE)
    connect_args = {} if db.is_sqlite else {"connect_timeout": 10}
    engine = make_engine(db.render()) if db.is_sqlite else create_engine(db.render(), connect_args=connect_args)
    _check_connects(engine, db, what, creatable=True)
    return engine


def revision_of(engine: Engine, db: DatabaseUrl, what: str) -> str | None:
    try:
        return current_revision(engine)
    except SQLAlchemyError as exc:
        raise DbToolError(f"cannot read the schema revision of the {what} {db}: {connection_problem(exc)}") from None


def check_revision(revision: str | None, where: str) -> None:
    """Refuse a database (or backup) this version cannot read: no revision, or one it does not know."""
    if revision is None:
        raise DbToolError(f"{where} is not a Wegwijzer database (it has no schema revision)", USAGE)
    if revision not in known_revisions():
        raise DbToolError(f"{where} is at schema revision {revision}, which this version of Wegwijzer does "
                          f"not know (it knows up to {head()}): was it written by a newer version?", USAGE)


def require_head(engine: Engine, db: DatabaseUrl, what: str) -> str:
    """The source of a copy must be at the current schema: copying never changes the source."""
    revision = revision_of(engine, db, what)
    check_revision(revision, f"the {what} {db}")
    if revision != head():
        raise DbToolError(f"the {what} {db} is at schema revision {revision}, this version expects {head()}: "
                          f"upgrade it first (WEGWIJZER_DATABASE_URL=… wegwijzer db upgrade)")
    assert revision is not None
    return revision


def prepare_target(engine: Engine, db: DatabaseUrl, tables: list[str], what: str = "target database") -> None:
    """Bring a target to the current schema; refuse one that holds someone else's tables or a newer schema."""
    revision = revision_of(engine, db, what)
    if revision is None and tables:
        raise DbToolError(f"the {what} {db} has tables ({', '.join(sorted(tables)[:5])}…) but is not a "
                          "Wegwijzer database: use an empty database", USAGE)
    if revision is not None:
        check_revision(revision, f"the {what} {db}")
    if revision != head():
        try:
            upgrade(engine)
        except (SQLAlchemyError, CommandError) as exc:
            raise DbToolError(f"cannot bring the {what} {db} to the current schema: "
                              f"{connection_problem(exc)}") from None
