"""Searches and matches on the website and the API are counted, aggregated and without personal data;
the command line does not count; a broken counter never breaks a search. Counts are kept in memory
and written in batches (``demand_flush_seconds``); the checks here write what the app holds first."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text

from tests.cli import run_cli
from wegwijzer.app import create_app
from wegwijzer.config import Settings
from wegwijzer.db import Database

SECRET = "Zwartebessenjenever"  # a word no offer contains, standing in for a description of a young person


@pytest.fixture
def fresh(imported_db: Database) -> Iterator[tuple[TestClient, Database]]:
    with TestClient(create_app(database=imported_db), raise_server_exceptions=False) as client:
        yield client, imported_db


def rows(db: Database, client: TestClient | None = None) -> list[tuple]:
    """The stored counts, after the app behind ``client`` wrote what it still held in memory."""
    if client is not None:
        client.app.state.demand.flush()
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT kind, need, age_band, phase, result_bucket, count FROM search_demand ORDER BY kind, need"))]


def test_a_web_search_without_results_counts_in_the_zero_bucket(fresh: tuple[TestClient, Database]) -> None:
    client, db = fresh
    assert client.get(f"/zoeken?q={SECRET}").status_code == 200
    assert rows(db, client) == [("search", "", "", "", "0", 1)]
    client.get(f"/zoeken?q={SECRET}xyz")
    assert rows(db, client) == [("search", "", "", "", "0", 2)]
    with db.engine.connect() as conn:
        day = conn.execute(text("SELECT day FROM search_demand")).scalar_one()
    assert str(day) == datetime.now(UTC).date().isoformat()


def test_a_web_search_counts_its_need_age_band_phase_and_bucket(fresh: tuple[TestClient, Database]) -> None:
    client, db = fresh
    client.get("/zoeken?q=time-out&nood=time-out&leeftijd=15&fase=interventie")
    client.get("/zoeken?q=time-out&nood=time-out&leeftijd=15&fase=interventie&pagina=1")
    assert rows(db, client) == [("search", "time-out", "15-17", "interventie", "3+", 2)]


def test_browsing_and_paging_are_not_counted(fresh: tuple[TestClient, Database]) -> None:
    client, db = fresh
    client.get("/zoeken")
    client.get("/zoeken?pagina=2")
    client.get("/")
    assert rows(db, client) == []


def test_a_web_match_is_counted(fresh: tuple[TestClient, Database]) -> None:
    client, db = fresh
    assert client.get("/wegwijzer/resultaat?nood=diploma&leeftijd=19&niveau=geen-school").status_code == 200
    assert client.get("/wegwijzer/resultaat?leeftijd=abc").status_code == 422  # a bad form is no question
    assert rows(db, client) == [("match", "diploma", "18-24", "", "3+", 1)]


def test_api_searches_and_matches_are_counted(fresh: tuple[TestClient, Database]) -> None:
    client, db = fresh
    assert client.get(f"/api/services?search={SECRET}").status_code == 200
    assert client.get("/api/services?search=spijbelen&per_page=2").status_code == 200
    assert client.get("/api/services").status_code == 200  # a listing, not a search
    assert client.post("/api/match", json={"age": 9, "needs": ["time-out"], "level": "lager"}).status_code == 200
    assert client.post("/api/match", json={"age": "oud"}).status_code == 422
    assert rows(db, client) == [("match", "time-out", "6-11", "", "3+", 1), ("search", "", "", "", "0", 1),
                        ("search", "spijbelen", "", "", "3+", 1)]


def test_nothing_personal_is_stored(fresh: tuple[TestClient, Database]) -> None:
    client, db = fresh
    description = f"Mijn dochter van 13 uit Molenbeek spijbelt, mail redacteur@example.org {SECRET}"
    client.get("/wegwijzer/resultaat", params={"tekst": description})
    client.get("/zoeken", params={"q": description[:200]})
    client.post("/api/match", json={"text": description, "municipality": "sint-jans-molenbeek"},
                headers={"X-Forwarded-For": "203.0.113.7"})
    client.app.state.demand.flush()
    columns = [c["name"] for c in inspect(db.engine).get_columns("search_demand")]
    assert sorted(columns) == ["age_band", "count", "day", "kind", "need", "phase", "result_bucket"]
    with db.engine.connect() as conn:
        stored = [str(v) for row in conn.execute(text(
            "SELECT kind, need, age_band, phase, result_bucket FROM search_demand")) for v in row]
    assert stored
    for fragment in (SECRET.lower(), "molenbeek", "example.org", "203.0.113", "13", "dochter"):
        assert not any(fragment in value.lower() for value in stored), fragment
    assert {r[1:3] for r in rows(db, client)} == {("spijbelen", "12-14")}  # what survives: a need and an age band


def test_a_broken_counter_never_breaks_a_search(fresh: tuple[TestClient, Database]) -> None:
    client, db = fresh
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE search_demand"))
    response = client.get("/zoeken?q=spijbelen")
    assert response.status_code == 200 and "Spijbelen" in response.text
    assert client.get("/wegwijzer/resultaat?nood=spijbelen&leeftijd=14").status_code == 200
    assert client.post("/api/match", json={"needs": ["spijbelen"]}).status_code == 200
    assert client.get("/api/services?search=spijbelen").status_code == 200


def test_the_command_line_does_not_count(imported_db: Database, tmp_path: Path) -> None:
    for args in (("search", "spijbelen"), ("match", "--need", "spijbelen", "--age", "14")):
        assert run_cli(tmp_path, *args, db_url=imported_db.url).returncode == 0
    assert rows(imported_db) == []


def test_counted_questions_show_on_the_insight_page(fresh: tuple[TestClient, Database]) -> None:
    client, _db = fresh
    client.get(f"/zoeken?q={SECRET}&nood=werk&leeftijd=19")
    client.get("/wegwijzer/resultaat?nood=werk&leeftijd=19")
    page = client.get("/inzicht").text
    assert 'id="grafiek-vraag"' in page
    assert "2 vragen in de laatste 365 dagen." in page
    assert "<tr><th scope=\"row\">Werk, stage, opleiding richting werk</th><td>2</td><td>1</td><td>0</td>" in page
    csv_text = client.get("/inzicht/vraag.csv").text
    assert "search,werk,18-24,,0,1" in csv_text and "match,werk,18-24,,3+,1" in csv_text
    assert SECRET not in csv_text


def test_counts_wait_in_memory_and_are_written_together(fresh: tuple[TestClient, Database]) -> None:
    client, db = fresh
    demand = client.app.state.demand
    demand.interval = 3600  # no background flush during this test
    for _ in range(3):
        client.get("/zoeken?q=spijbelen")
    client.post("/api/match", json={"needs": ["spijbelen"], "age": 14})
    assert demand.pending() == 4
    assert rows(db) == []  # nothing written yet: a search costs no write
    assert demand.flush() is True and demand.pending() == 0
    assert rows(db) == [("match", "spijbelen", "12-14", "", "3+", 1), ("search", "spijbelen", "", "", "3+", 3)]


def test_two_workers_add_up(imported_db: Database) -> None:
    with TestClient(create_app(database=imported_db)) as one, TestClient(create_app(database=imported_db)) as two:
        one.get("/zoeken?q=spijbelen")
        two.get("/zoeken?q=spijbelen")
        two.get("/zoeken?q=spijbelen")
        one.app.state.demand.flush()
        two.app.state.demand.flush()
        assert rows(imported_db) == [("search", "spijbelen", "", "", "3+", 3)]


def test_stopping_the_app_writes_what_it_held(imported_db: Database) -> None:
    with TestClient(create_app(database=imported_db)) as client:
        client.app.state.demand.interval = 3600
        client.get("/zoeken?q=spijbelen")
        assert rows(imported_db) == []
    assert rows(imported_db) == [("search", "spijbelen", "", "", "3+", 1)]


def test_the_background_flush_writes_within_the_interval(imported_db: Database) -> None:
    with TestClient(create_app(Settings(demand_flush_seconds=0.2), database=imported_db)) as client:
        client.get("/zoeken?q=spijbelen")
        deadline = time.monotonic() + 30
        while not rows(imported_db) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert rows(imported_db) == [("search", "spijbelen", "", "", "3+", 1)]
        assert client.app.state.demand.pending() == 0


def test_with_zero_seconds_every_question_is_written_at_once(imported_db: Database) -> None:
    with TestClient(create_app(Settings(demand_flush_seconds=0), database=imported_db)) as client:
        client.get("/zoeken?q=spijbelen")
        assert client.app.state.demand.pending() == 0
        assert rows(imported_db) == [("search", "spijbelen", "", "", "3+", 1)]


def test_counts_that_could_not_be_written_are_kept(fresh: tuple[TestClient, Database]) -> None:
    client, db = fresh
    demand = client.app.state.demand
    demand.interval = 3600
    with db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE search_demand RENAME TO search_demand_away"))
    client.get("/zoeken?q=spijbelen")
    assert demand.flush() is False and demand.pending() == 1  # kept, not lost
    with db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE search_demand_away RENAME TO search_demand"))
    client.get("/zoeken?q=spijbelen")
    assert demand.flush() is True and demand.pending() == 0
    assert rows(db) == [("search", "spijbelen", "", "", "3+", 2)]
