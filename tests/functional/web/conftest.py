"""The website through HTTP on a real SQLite copy of the imported bundle (no patching)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from wegwijzer.app import create_app
from wegwijzer.db import Database
from wegwijzer.web.cache import Directory, directory


@pytest.fixture(scope="module")
def web_db(imported_sqlite: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    copy = tmp_path_factory.mktemp("web") / "web.sqlite3"
    shutil.copy(imported_sqlite, copy)
    database = Database(f"sqlite:///{copy}")
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def client(web_db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(database=web_db), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def data(web_db: Database) -> Directory:
    with web_db.session() as session:
        return directory(session)


@pytest.fixture(autouse=True)
def _forget_language(request: pytest.FixtureRequest) -> None:
    """Each test starts in Dutch: the language cookie of an earlier test is dropped."""
    if "client" in request.fixturenames:
        request.getfixturevalue("client").cookies.clear()
