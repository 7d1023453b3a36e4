"""Fixtures for the tests through HTTP: a private copy of the imported bundle per test module, and an
app client over it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from wegwijzer.app import create_app
from wegwijzer.db import Database


@pytest.fixture(scope="module")
def web_db(clone_imported: Callable[[], str]) -> Iterator[Database]:
    database = Database(clone_imported())
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def client(web_db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(database=web_db), raise_server_exceptions=False) as test_client:
        yield test_client
