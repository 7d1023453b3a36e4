"""Shared fixtures: real databases (SQLite files; PostgreSQL when WEGWIJZER_TEST_DATABASE_URL is set)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests import databases
from wegwijzer.db import Database


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A new empty database (SQLite file, or PostgreSQL when WEGWIJZER_TEST_DATABASE_URL is set)."""
    url = databases.new_url(tmp_path)
    yield url
    databases.drop(url)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def imported_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bundled infobundle imported once per test session. Never connect to it: clone it
    (:func:`clone_imported`); on PostgreSQL it is the template of the clones."""
    from wegwijzer.ingest.services import bundled_document, import_path

    url = databases.new_url(tmp_path_factory.mktemp("imported"), "bundle")
    database = Database(url)
    import_path(database, bundled_document())
    database.dispose()
    yield url
    databases.drop(url)


@pytest.fixture(scope="session")
def clone_imported(imported_template: str, tmp_path_factory: pytest.TempPathFactory) -> Callable[[], str]:
    """A factory of private copies of the imported bundle (dropped at the end of the session)."""
    made: list[str] = []

    def make() -> str:
        url = databases.clone(imported_template, tmp_path_factory.mktemp("clone"))
        made.append(url)
        return url

    yield make
    for url in made:
        databases.drop(url)


@pytest.fixture(scope="session")
def imported_url(clone_imported: Callable[[], str]) -> str:
    """One copy of the imported bundle shared by the whole session: read it, never change it."""
    return clone_imported()


@pytest.fixture
def imported_db(imported_template: str, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the imported database, free to change."""
    url = databases.clone(imported_template, tmp_path)
    database = Database(url)
    yield database
    database.dispose()
    databases.drop(url)


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
