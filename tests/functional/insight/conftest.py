"""The bundled infobundle, imported once: its service views and a website client over a copy."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from wegwijzer.app import create_app
from wegwijzer.db import Database
from wegwijzer.match.model import ServiceView
from wegwijzer.match.views import load_service_views


@pytest.fixture(scope="module")
def insight_db(clone_imported: Callable[[], str]) -> Iterator[Database]:
    database = Database(clone_imported())
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def views(insight_db: Database) -> list[ServiceView]:
    with insight_db.session() as session:
        return load_service_views(session)


@pytest.fixture(scope="module")
def client(insight_db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(database=insight_db), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def _forget_language(request: pytest.FixtureRequest) -> None:
    """Each test starts in Dutch: the language cookie of an earlier test is dropped."""
    if "client" in request.fixturenames:
        request.getfixturevalue("client").cookies.clear()
