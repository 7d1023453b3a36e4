"""The website through HTTP on a real SQLite copy of the imported bundle (no patching)."""

from __future__ import annotations

import pytest

from wegwijzer.db import Database
from wegwijzer.web.cache import Directory, directory


@pytest.fixture(scope="module")
def data(web_db: Database) -> Directory:
    with web_db.session() as session:
        return directory(session)


@pytest.fixture(autouse=True)
def _forget_language(request: pytest.FixtureRequest) -> None:
    """Each test starts in Dutch: the language cookie of an earlier test is dropped."""
    if "client" in request.fixturenames:
        request.getfixturevalue("client").cookies.clear()
