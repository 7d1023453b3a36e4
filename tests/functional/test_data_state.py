"""The data token (migration 0008): every write to a directory table changes it, on both backends;
writes elsewhere do not; the per-process caches rebuild on a change made outside the process."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from wegwijzer.api.catalog import catalog
from wegwijzer.app import create_app
from wegwijzer.db import Database
from wegwijzer.directory.state import data_token
from wegwijzer.web.cache import directory
from wegwijzer.web.cache import fingerprint as web_fingerprint


def token(db: Database) -> tuple:
    with db.session() as session:
        return data_token(session)


@pytest.mark.parametrize("statement", [
    "UPDATE phone SET number = number || ' ' WHERE id = (SELECT min(id) FROM phone)",
    "UPDATE service SET name = name || '!' WHERE id = (SELECT min(id) FROM service)",
    "DELETE FROM attribute WHERE id = (SELECT min(id) FROM attribute)",
    "UPDATE taxonomy_term SET name = name WHERE id = (SELECT min(id) FROM taxonomy_term)",
    "DELETE FROM metadata WHERE id = (SELECT min(id) FROM metadata)",
])
def test_a_write_to_a_directory_table_changes_the_token(imported_db: Database, statement: str) -> None:
    before = token(imported_db)
    assert before[0] == "token"
    with imported_db.engine.begin() as conn:
        assert conn.execute(text(statement)).rowcount == 1
    assert token(imported_db) != before


def test_writes_outside_the_directory_leave_the_token_alone(imported_db: Database) -> None:
    before = token(imported_db)
    with imported_db.engine.begin() as conn:
        conn.execute(text("INSERT INTO search_demand (day, kind, need, age_band, phase, result_bucket, count) "
                          "VALUES (:day, 'search', '', '', '', '0', 1)"), {"day": date(2026, 1, 5)})
    assert token(imported_db) == before


def test_a_rolled_back_write_leaves_the_token_alone(imported_db: Database) -> None:
    before = token(imported_db)
    with imported_db.engine.connect() as conn:
        conn.execute(text("UPDATE service SET name = name || '!'"))
        conn.rollback()
    assert token(imported_db) == before


def test_caches_rebuild_after_a_change_made_by_another_process(imported_db: Database) -> None:
    """Another worker or the command line changes a name: this process's caches see it next request."""
    with imported_db.session() as session:
        web_before, api_before = directory(session), catalog(session)
        assert directory(session) is web_before and catalog(session) is api_before  # unchanged: cached
        sid = api_before.service_ids[0]
    with imported_db.engine.begin() as conn:
        conn.execute(text("UPDATE service SET name = 'Een nieuwe naam' WHERE id = :id"), {"id": sid})
    with imported_db.session() as session:
        assert directory(session) is not web_before
        assert catalog(session).services[sid]["name"] == "Een nieuwe naam"
        assert web_fingerprint(session) == data_token(session)
    with TestClient(create_app(database=imported_db)) as client:
        assert client.get(f"/api/services/{sid}").json()["name"] == "Een nieuwe naam"


def test_every_transaction_that_writes_gives_a_new_token(imported_db: Database) -> None:
    """On PostgreSQL the token changes once per transaction (its first write), on SQLite at every row:
    either way each committed change is a new token, and a bulk load does not pay per statement."""
    seen = {token(imported_db)}
    for _ in range(3):
        with imported_db.engine.begin() as conn:
            for _ in range(50):  # many statements in one transaction
                conn.execute(text("UPDATE phone SET number = number WHERE id = (SELECT min(id) FROM phone)"))
        seen.add(token(imported_db))
    assert len(seen) == 4
