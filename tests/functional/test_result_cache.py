"""Kept answers (wegwijzer/caching.py): a repeated question is answered from memory, a change to the
data (by any process) makes the next answer fresh, free-text matches are never kept."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from wegwijzer.app import create_app
from wegwijzer.caching import RESULTS, ResultCache, digest
from wegwijzer.db import Database, pool_options
from wegwijzer.memory import LARGE, settle
from wegwijzer.search.services import search


@pytest.fixture
def cache() -> Iterator[ResultCache]:
    RESULTS.clear()
    yield RESULTS
    RESULTS.clear()


def test_the_cache_keeps_the_most_recently_used_answers() -> None:
    cache = ResultCache(size=2)
    calls: list[str] = []

    def answer(key: str) -> str:
        calls.append(key)
        return key.upper()

    assert [cache.get(k, lambda k=k: answer(k)) for k in ("a", "b", "a", "c", "b", "a")] == list("ABACBA")
    assert calls == ["a", "b", "c", "b", "a"]  # "b" went out when "c" came (the least recently used)
    assert len(cache) == 2 and cache.hits == 1 and cache.misses == 5
    off = ResultCache(size=0)
    assert [off.get("x", lambda: len(calls)) for _ in range(2)] == [5, 5] and len(off) == 0


def test_a_digest_does_not_hold_the_text() -> None:
    key = digest(("een beschrijving van een jongere", 15))
    assert isinstance(key, bytes) and len(key) == 32 and b"jongere" not in key


def test_a_repeated_search_is_kept_and_a_change_answers_it_afresh(imported_db: Database,
                                                                  cache: ResultCache) -> None:
    with imported_db.session() as session:
        first = search(session, "spijbelen")
        assert search(session, "spijbelen") is first  # kept
        sid = first.results[0].service_id
    with imported_db.engine.begin() as conn:  # another process renames the best result
        conn.execute(text("UPDATE service SET name = 'Hernoemd aanbod' WHERE id = :id"), {"id": sid})
    with imported_db.session() as session:
        again = search(session, "spijbelen")
    assert again is not first
    assert next(h.service for h in again.results if h.service_id == sid) == "Hernoemd aanbod"


def test_api_pages_of_one_search_share_one_ranking(imported_db: Database, cache: ResultCache) -> None:
    with TestClient(create_app(database=imported_db)) as client:
        pages = [client.get(f"/api/services?search=school&per_page=5&page={n}").json() for n in (1, 2, 3)]
        misses = cache.misses
        client.get("/api/services?search=school&per_page=5&page=4")
        assert cache.misses == misses  # page 4: no new ranking
        ids = [s["id"] for p in pages for s in p["contents"]]
        assert len(ids) == len(set(ids)) == 15 and pages[0]["total_items"] == pages[2]["total_items"]


def test_free_text_matches_are_never_kept(imported_db: Database, cache: ResultCache) -> None:
    with TestClient(create_app(database=imported_db)) as client:
        before = len(cache)
        for _ in range(2):
            assert client.post("/api/match", json={"text": "mijn zoon van 15 spijbelt"}).status_code == 200
            assert client.get("/wegwijzer/resultaat", params={"tekst": "mijn zoon van 15 spijbelt"}).status_code == 200
        assert len(cache) == before
        client.post("/api/match", json={"needs": ["spijbelen"], "age": 15})
        client.post("/api/match", json={"needs": ["spijbelen"], "age": 15})
        assert len(cache) == before + 1 and cache.hits >= 1


def test_settle_freezes_only_after_large_builds() -> None:
    try:
        assert settle(LARGE - 1) is False
        assert settle(LARGE) is True and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_the_pool_holds_a_connection_per_thread() -> None:
    assert pool_options("postgresql+psycopg://x@h/db", 8) == {"pool_size": 10, "max_overflow": 10}
    assert pool_options("sqlite:////tmp/x.sqlite3", 3) == {"pool_size": 5, "max_overflow": 5}
    assert pool_options("sqlite:///:memory:", 8) == {}
    assert pool_options("postgresql+psycopg://x@h/db", None) == {}


def test_pages_joined_from_encoded_records_are_the_plain_encoding(imported_db: Database) -> None:
    """The API joins a page from each record's JSON made once; the bytes are exactly those of encoding
    the whole page (so ETags and clients see no difference)."""
    from wegwijzer.api.encoding import dumps
    from wegwijzer.api.pagination import page_object

    with TestClient(create_app(database=imported_db)) as client:
        for query in ("search=school&per_page=7&page=2", "full=true&per_page=3", "page=99", "search=spijbelen"):
            response = client.get(f"/api/services?{query}")
            assert response.status_code == 200
            assert response.content == dumps(response.json()), query
        lines = client.get("/api/services?search=school&format=ndjson").text.splitlines()
        assert len(lines) == client.get("/api/services?search=school").json()["total_items"]
    page = page_object([{"a": "é"}, {"b": [1, None]}], 1, 10)
    from wegwijzer.api.encoding import page_bytes

    assert page_bytes(page, [dumps(r) for r in page["contents"]]) == dumps(page)
