"""Search demand: what one question becomes, the upsert, the summary, and what is never stored."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect, select, text

from wegwijzer.db import Database
from wegwijzer.insight.demand import (
    DemandEvent,
    add,
    bucket,
    match_event,
    record,
    record_match,
    record_search,
    search_event,
)
from wegwijzer.insight.models import DEMAND_COLUMNS, SearchDemand
from wegwijzer.insight.services import demand_csv, demand_summary
from wegwijzer.search.schemas import SearchFilters

DAY = date(2026, 3, 2)


def _rows(db: Database) -> list[tuple]:
    with db.session() as session:
        return [(r.day, r.kind, r.need, r.age_band, r.phase, r.result_bucket, r.count)
                for r in session.scalars(select(SearchDemand).order_by(SearchDemand.kind, SearchDemand.need))]


@pytest.mark.parametrize(("found", "expected"), [(0, "0"), (1, "1-2"), (2, "1-2"), (3, "3+"), (250, "3+")])
def test_result_buckets(found: int, expected: str) -> None:
    assert bucket(found) == expected


def test_the_table_has_only_the_aggregate_columns(db: Database) -> None:
    columns = [c["name"] for c in inspect(db.engine).get_columns("search_demand")]
    assert sorted(columns) == sorted(DEMAND_COLUMNS)
    assert DEMAND_COLUMNS == ("day", "kind", "need", "age_band", "phase", "result_bucket", "count")


def test_a_search_event_prefers_the_filters_over_the_words() -> None:
    event = search_event("mijn zoon van 15 spijbelt", ["time-out"], 13, ["interventie", "preventie"], 4)
    assert event == DemandEvent("search", "time-out", "12-14", "interventie", "3+")


def test_a_search_event_reads_need_and_age_from_the_words_only_as_slugs() -> None:
    event = search_event("mijn zoon van 15 spijbelt", [], None, [], 0)
    assert event == DemandEvent("search", "spijbelen", "15-17", "", "0")


def test_a_search_without_a_known_need_or_age() -> None:
    assert search_event("xyzzy", [], None, [], 2) == DemandEvent("search", "", "", "", "1-2")


def test_a_match_event_keeps_the_first_need_and_the_band() -> None:
    assert match_event(["diploma", "werk"], 19, 7) == DemandEvent("match", "diploma", "18-24", "", "3+")
    assert match_event([], 40, 0) == DemandEvent("match", "", "", "", "0")


def test_add_is_an_upsert_per_day_and_dimensions(db: Database) -> None:
    nothing = DemandEvent("search", "werk", "18-24", "compensatie", "0")
    with db.session() as session:
        add(session, nothing, DAY)
        add(session, nothing, DAY)
        add(session, DemandEvent("search", "werk", "18-24", "compensatie", "3+"), DAY)
        add(session, nothing, date(2026, 3, 3))
    rows = _rows(db)
    assert (DAY, "search", "werk", "18-24", "compensatie", "0", 2) in rows
    assert (DAY, "search", "werk", "18-24", "compensatie", "3+", 1) in rows
    assert (date(2026, 3, 3), "search", "werk", "18-24", "compensatie", "0", 1) in rows
    assert len(rows) == 3


def test_record_search_counts_only_a_first_page_that_asked_something(db: Database) -> None:
    assert record_search(db, "", SearchFilters(), 122) is False  # the bare search page
    assert record_search(db, "time-out", SearchFilters(), 30, page=2) is False  # paging: the same question
    assert record_search(db, "", SearchFilters(nood=("werk",)), 30) is True
    assert record_match(db, ["werk"], 20, 1) is True
    assert [(r[1], r[2], r[5], r[6]) for r in _rows(db)] == [("match", "werk", "1-2", 1), ("search", "werk", "3+", 1)]


def test_recording_swallows_a_database_error(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE search_demand"))
    assert record(db, DemandEvent("search")) is False  # no exception
    assert record_search(db, "spijbelen", SearchFilters(), 3) is False


def test_summary_sums_a_period_by_need_and_band(db: Database) -> None:
    with db.session() as session:
        for day, event in [
            (DAY, DemandEvent("search", "werk", "18-24", "", "0")),
            (DAY, DemandEvent("match", "werk", "18-24", "", "1-2")),
            (DAY, DemandEvent("match", "werk", "18-24", "", "3+")),
            (DAY, DemandEvent("search", "", "", "", "0")),
            (date(2025, 1, 1), DemandEvent("search", "taal", "6-11", "", "0")),  # outside the last 30 days
        ]:
            add(session, event, day)
    with db.session() as session:
        summary = demand_summary(session, days=30, today=DAY)
        everything = demand_summary(session, days=None, today=DAY)
    assert summary.since == date(2026, 2, 1)
    assert summary.total == 4
    assert summary.by_need["werk"] == {"0": 1, "1-2": 1, "3+": 1}
    assert summary.little == {("werk", "18-24"): 2, ("", ""): 1}
    assert summary.needs() == ["werk", ""]  # vocabulary order, unknown need last
    assert everything.total == 5 and everything.needs() == ["taal", "werk", ""]
    lines = demand_csv(summary).splitlines()
    assert lines[0] == "soort,nood,leeftijdsgroep,fase,resultaat,aantal"
    assert "search,werk,18-24,,0,1" in lines and len(lines) == 5
