"""Database URLs as the tools accept them: SQLite files and PostgreSQL databases, passwords hidden."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from wegwijzer.dbtools.errors import USAGE, DbToolError

EXAMPLES = "e.g. sqlite:////path/to/wegwijzer.sqlite3 or postgresql+psycopg://user@host:5432/wegwijzer"


@dataclass(frozen=True)
class DatabaseUrl:
    """A parsed, supported database URL."""

    url: URL

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.url.get_backend_name()

    @property
    def is_sqlite(self) -> bool:
        return self.backend == "sqlite"

    @property
    def sqlite_path(self) -> Path:
        """The absolute path of the SQLite file."""
        return Path(self.url.database or "").expanduser().resolve()

    def render(self) -> str:
        """The URL with its password, for connecting (never print this)."""
        return self.url.render_as_string(hide_password=False)

    def __str__(self) -> str:
        """The URL for messages: the password shown as ``***``."""
        return self.url.render_as_string(hide_password=True)

    def same_database(self, other: DatabaseUrl) -> bool:
        if self.backend != other.backend:
            return False
        if self.is_sqlite:
            return self.sqlite_path == other.sqlite_path
        return ((self.url.host or "localhost", self.url.port or 5432, self.url.database)
                == (other.url.host or "localhost", other.url.port or 5432, other.url.database))


def parse_url(text: str, what: str = "database URL") -> DatabaseUrl:
    """Parse and check a URL; ``postgresql://`` and ``postgres://`` use psycopg 3 (the installed driver)."""
    raw = (text or "").strip()
    if "://" not in raw:
        raise DbToolError(f"{what} {raw!r} is not a database URL ({EXAMPLES})", USAGE)
    try:
        url = make_url(raw)
    except ArgumentError:
        # make_url's message repeats the URL, password included: say it without.
        raise DbToolError(f"{what} is not a valid database URL ({EXAMPLES})", USAGE) from None
    backend = url.get_backend_name()
    if backend in ("postgres", "postgresql") and "+" not in url.drivername:
        url = url.set(drivername="postgresql+psycopg")  # the driver Wegwijzer installs (psycopg 3)
    elif backend == "postgresql" and url.get_driver_name() != "psycopg":
        raise DbToolError(f"{what} {url.render_as_string(hide_password=True)}: use the psycopg driver "
                          "(postgresql+psycopg://…)", USAGE)
    elif backend == "sqlite" and "+" in url.drivername and url.get_driver_name() != "pysqlite":
        raise DbToolError(f"{what} {url.render_as_string(hide_password=True)}: use a plain sqlite:/// URL", USAGE)
    parsed = DatabaseUrl(url)
    if parsed.backend not in ("sqlite", "postgresql"):
        raise DbToolError(f"{what} {parsed}: only SQLite and PostgreSQL databases are supported", USAGE)
    if parsed.is_sqlite and (url.database in (None, "", ":memory:") or "mode=memory" in str(url.query)):
        raise DbToolError(f"{what} {parsed}: an in-memory SQLite database cannot be copied, backed up "
                          "or restored; give a file (sqlite:////path/to/file.sqlite3)", USAGE)
    if parsed.backend == "postgresql" and not url.database:
        raise DbToolError(f"{what} {parsed}: the URL names no database ({EXAMPLES})", USAGE)
    return parsed


def connection_problem(exc: BaseException) -> str:
    """The first line of a driver error, without SQLAlchemy's appended SQL and links."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return text[0] if text else type(orig).__name__
