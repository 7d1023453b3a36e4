"""Test databases on the backend under test: SQLite files, or PostgreSQL databases when
``WEGWIJZER_TEST_DATABASE_URL`` is set (CI runs the suite both ways).

Every database a test makes is new and private: an empty one, or a clone of the bundle imported once per
test session (a file copy on SQLite; ``CREATE DATABASE … TEMPLATE`` on PostgreSQL, so no test pays for an
import). PostgreSQL databases are dropped when their fixture ends and, as a safety net, at the end of the
session.
"""

from __future__ import annotations

import atexit
import os
import shutil
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_URL = os.environ.get("WEGWIJZER_TEST_DATABASE_URL", "")
BACKEND = "postgresql" if PG_URL.startswith("postgresql") else "sqlite"
PREFIX = f"wwt_{os.getpid()}_"
_created: list[str] = []


def _admin(sql: str) -> None:
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def _pg_url(name: str) -> str:
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def is_postgresql(url: str) -> bool:
    return url.startswith("postgresql")


def new_url(folder: Path, stem: str = "test") -> str:
    """A new empty database on the backend under test."""
    if BACKEND == "sqlite":
        folder.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{folder / f'{stem}-{uuid.uuid4().hex[:8]}.sqlite3'}"
    name = f"{PREFIX}{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"')
    _created.append(name)
    return _pg_url(name)


def clone(source_url: str, folder: Path, stem: str = "copy") -> str:
    """A new database holding what ``source_url`` holds (nobody may be connected to a PostgreSQL source)."""
    if not is_postgresql(source_url):
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{stem}-{uuid.uuid4().hex[:8]}.sqlite3"
        shutil.copy(make_url(source_url).database, target)
        return f"sqlite:///{target}"
    name = f"{PREFIX}{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(source_url).database}"')
    _created.append(name)
    return _pg_url(name)


def drop(url: str) -> None:
    """Drop a PostgreSQL test database (connections still open are ended); SQLite files go with tmp_path."""
    if not is_postgresql(url):
        return
    name = make_url(url).database
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if name in _created:
        _created.remove(name)


def sqlite_file(url: str) -> Path:
    """The file of a SQLite URL."""
    return Path(make_url(url).database or "")


@atexit.register
def _drop_leftovers() -> None:
    if BACKEND != "postgresql":
        return
    for name in list(_created):
        try:
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception:  # noqa: BLE001 - best effort at interpreter exit
            pass


_homes: dict[Path, str] = {}


def home_url(home: Path) -> str:
    """The database the CLI uses with ``WEGWIJZER_HOME=home``: the default SQLite file in it, or on a
    PostgreSQL run a database made for that folder (see :func:`cli_environment`)."""
    if BACKEND == "sqlite":
        return f"sqlite:///{home / 'wegwijzer.sqlite3'}"
    key = home.resolve()
    if key not in _homes:
        _homes[key] = new_url(home)
    return _homes[key]


def clone_into_home(source_url: str, home: Path) -> str:
    """Give the CLI of ``home`` a copy of ``source_url`` as its database; returns its URL."""
    home.mkdir(parents=True, exist_ok=True)
    if BACKEND == "sqlite":
        shutil.copy(make_url(source_url).database, home / "wegwijzer.sqlite3")
    else:
        _homes[home.resolve()] = clone(source_url, home)
    return home_url(home)


def cli_environment(home: Path | None, db_url: str | None = None) -> dict[str, str]:
    """The environment of a ``wegwijzer`` subprocess for data folder ``home`` on the backend under test."""
    env = {**os.environ}
    for name in ("WEGWIJZER_DATABASE_URL", "WEGWIJZER_DEBUG", "WEGWIJZER_TEST_DATABASE_URL"):
        env.pop(name, None)
    if home is not None:
        env["WEGWIJZER_HOME"] = str(home)
        if BACKEND == "postgresql" and not db_url:
            db_url = home_url(home)
    if db_url:
        env["WEGWIJZER_DATABASE_URL"] = db_url
    return env
