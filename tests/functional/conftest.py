"""Fixtures for the tests through HTTP: a private copy of the imported bundle per test module, and an
app client over it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from wegwijzer.app import create_app
from wegwijzer.db import Database


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
