"""Shared fixtures: real databases (SQLite files; PostgreSQL when WEGWIJZER_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from wegwijzer.db import Database

PG_URL = os.environ.get("WEGWIJZER_TEST_DATABASE_URL", "")


def _new_database_url(tmp_path: Path) -> str:
    if not PG_URL:
        return f"sqlite:///{tmp_path / f'test-{uuid.uuid4().hex[:8]}.sqlite3'}"
    name = f"wegwijzer_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def _drop_database(url: str) -> None:
    if not url.startswith("postgresql"):
        return
    name = make_url(url).database
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    url = _new_database_url(tmp_path)
    yield url
    _drop_database(url)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def imported_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the bundled infobundle, imported once per test session (read-only use)."""
    from wegwijzer.ingest.services import bundled_document, import_path

    path = tmp_path_factory.mktemp("imported") / "bundle.sqlite3"
    database = Database(f"sqlite:///{path}")
    import_path(database, bundled_document())
    database.dispose()
    return path


@pytest.fixture
def imported_db(imported_sqlite: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the imported database, free to change."""
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(imported_sqlite, copy)
    database = Database(f"sqlite:///{copy}")
    yield database
    database.dispose()


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the CLI at a fresh data folder and database."""
    home = tmp_path / "home"
    monkeypatch.setenv("WEGWIJZER_HOME", str(home))
    monkeypatch.delenv("WEGWIJZER_DATABASE_URL", raising=False)
    from wegwijzer.config import get_settings

    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()
