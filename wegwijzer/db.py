"""Engine, sessions and schema upgrades (Alembic owns the schema)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from wegwijzer.config import Settings, get_settings

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class DatabaseError(RuntimeError):
    """A database problem with a user-facing message."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def pool_options(url: str, threads: int | None) -> dict[str, int]:
    """Connection pool sizes for ``threads`` concurrent requests (None: SQLAlchemy's 5 + 10 overflow).

    Every request holds one connection; a pool smaller than the threads closes the overflow connection
    after each request and opens a new one for the next (on PostgreSQL a new server process; on SQLite
    the schema read again), which under load costs more than the request itself. So the pool keeps
    ``threads + 2`` open (the threads, the demand flush, a spare) and allows as many again for bursts."""
    if threads is None or not (url.startswith("postgresql") or url.startswith("sqlite:///")) or ":memory:" in url:
        return {}
    return {"pool_size": threads + 2, "max_overflow": threads + 2}


def make_engine(url: str, echo: bool = False, threads: int | None = None) -> Engine:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if str(path) not in ("", ":memory:"):
            path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, future=True, **pool_options(url, threads))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(url: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to the given revision (default: the current schema)."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


class Database:
    """An engine plus a session factory, upgraded to the current schema on first use."""

    def __init__(self, url: str, echo: bool = False, auto_upgrade: bool = True, threads: int | None = None) -> None:
        self.url = url
        self.engine = make_engine(url, echo=echo, threads=threads)
        if auto_upgrade and current_revision(self.engine) != head_revision(url):
            upgrade(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Database:
        settings = settings or get_settings()
        return cls(settings.database_url, echo=settings.echo_sql, threads=settings.threads)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
