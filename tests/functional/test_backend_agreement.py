"""Search and match give the same results on SQLite and PostgreSQL (issue 7), for the evaluation set.

On a PostgreSQL run (``WEGWIJZER_TEST_DATABASE_URL`` set) the bundle is imported into a fresh SQLite file
*and* a fresh PostgreSQL database and every evaluation case is searched and matched on both: same ids in
the same order, same totals, facet counts, corrections and snippets, scores equal within 1e-9.

On a SQLite-only run there is no second backend; the same cases then check the two equivalences the
agreement rests on, on one SQLite file: the default search and the BM25F search (``backend="bm25"``)
find the same services with the same totals and facet counts (only the ranking formula differs), and
the matcher built from the search index's stored terms (what the CLI uses) equals the one that analyses
every text again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.orm import Session

from tests import databases
from wegwijzer.db import Database
from wegwijzer.ingest.services import bundled_document, import_path
from wegwijzer.match.model import MatchResult
from wegwijzer.match.profile import build_profile
from wegwijzer.match.services import Matcher
from wegwijzer.match.views import load_service_views
from wegwijzer.search.schemas import SearchFilters, SearchResponse
from wegwijzer.search.services import search

CASES = yaml.safe_load((Path(__file__).parents[1] / "eval" / "cases.yaml").read_text(encoding="utf-8"))["cases"]
TEXTS = [c["text"] for c in CASES]
ON_POSTGRESQL = databases.BACKEND == "postgresql"
FILTERED = [
    ("", SearchFilters(nood=("werk",))),
    ("", SearchFilters(fase=("interventie",), age=15)),
    ("school", SearchFilters(onderwijsniveau=("secundair-1e-graad",), free=True)),
    ("spijbelen", SearchFilters(nood=("spijbelen", "uitsluiting"), age=13)),
    ("jongeren begeleiding", SearchFilters(gemeente=("anderlecht", "brussel-stad"), free=False)),
    ("spijbleen", SearchFilters(doelgroep=("ouder",))),
    ("werk zoeken", SearchFilters(aanmeldroute=("rechtstreeks", "online"), age=19)),
]
FILTER_IDS = [f"{i}-{query or 'leeg'}" for i, (query, _) in enumerate(FILTERED)]
TOLERANCE = 1e-9


@dataclass
class Side:
    """One database with the imported bundle: an open session and its matcher."""

    session: Session
    matcher: Matcher


def _import(url: str) -> Database:
    database = Database(url)
    import_path(database, bundled_document())
    return database


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Side, Side]]:
    """(SQLite, PostgreSQL) on a PostgreSQL run; on SQLite twice the same file, the second matcher
    analysing the texts instead of reading the stored terms."""
    folder = tmp_path_factory.mktemp("agreement")
    sqlite = _import(f"sqlite:///{folder / 'bundle.sqlite3'}")
    other_url = databases.new_url(folder, "other") if ON_POSTGRESQL else None
    other = _import(other_url) if other_url else sqlite
    try:
        with sqlite.session() as left, other.session() as right:
            if ON_POSTGRESQL:
                yield Side(left, Matcher.from_session(left)), Side(right, Matcher.from_session(right))
            else:
                yield (Side(left, Matcher.from_session(left)),
                       Side(right, Matcher.from_views(load_service_views(right))))
    finally:
        sqlite.dispose()
        if other_url:
            other.dispose()
            databases.drop(other_url)


def test_the_databases_compared_are_on_the_backends_under_test(sides: tuple[Side, Side]) -> None:
    left, right = sides
    assert left.session.get_bind().dialect.name == "sqlite"
    assert right.session.get_bind().dialect.name == ("postgresql" if ON_POSTGRESQL else "sqlite")
    assert len(left.matcher.views) == len(right.matcher.views) > 100


def _ranked(response: SearchResponse) -> list[tuple[str, float, str]]:
    return [(h.service_id, h.score, h.snippet) for h in response.results]


def assert_same_search(a: SearchResponse, b: SearchResponse) -> None:
    assert (a.total, a.facets, a.terms, a.corrections, a.suggestion) == (
        b.total, b.facets, b.terms, b.corrections, b.suggestion)
    if ON_POSTGRESQL:
        assert [h[0] for h in _ranked(a)] == [h[0] for h in _ranked(b)]
        assert [h[2] for h in _ranked(a)] == [h[2] for h in _ranked(b)]
        for (sid, x, _), (_, y, _) in zip(_ranked(a), _ranked(b), strict=True):
            assert abs(x - y) <= TOLERANCE, sid
        assert a.backend == b.backend
    else:  # the default and the BM25F ranking: the same services, ranked by another formula
        assert {h.service_id for h in a.results} == {h.service_id for h in b.results}
        assert (a.backend, b.backend) in {("index", "bm25"), ("none", "none")}  # none: no words to rank by


def _search_both(sides: tuple[Side, Side], query: str, filters: SearchFilters, per_page: int) -> None:
    left, right = sides
    other_backend = "index" if ON_POSTGRESQL else "bm25"
    a = search(left.session, query, filters, per_page=per_page)
    b = search(right.session, query, filters, per_page=per_page, backend=other_backend)
    assert_same_search(a, b)


@pytest.mark.parametrize("text", TEXTS, ids=[c["id"] for c in CASES])
def test_search_of_every_evaluation_case_agrees(sides: tuple[Side, Side], text: str) -> None:
    _search_both(sides, text, SearchFilters(), per_page=200 if ON_POSTGRESQL else 500)
    assert search(sides[0].session, text).total > 0


@pytest.mark.parametrize(("query", "filters"), FILTERED, ids=FILTER_IDS)
def test_filtered_search_agrees(sides: tuple[Side, Side], query: str, filters: SearchFilters) -> None:
    _search_both(sides, query, filters, per_page=500)
    assert search(sides[0].session, query, filters).total > 0  # the filters name values that exist


def test_second_page_agrees(sides: tuple[Side, Side]) -> None:
    left, right = sides
    if not ON_POSTGRESQL:
        pytest.skip("paging is compared across backends; the two rankings on SQLite differ by design")
    a, b = search(left.session, "school", page=3, per_page=7), search(right.session, "school", page=3, per_page=7)
    assert_same_search(a, b)
    assert len(a.results) == 7


def _match_json(result: MatchResult) -> tuple[dict[str, Any], list[float]]:
    """The CLI's ``match --json`` output, and the unrounded scores of its results."""
    return result.to_json(), [r.score for r in result.results]


@pytest.mark.parametrize("mode", ["profile", "text"])
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_match_of_every_evaluation_case_agrees(sides: tuple[Side, Side], case: dict, mode: str) -> None:
    profile = build_profile(**dict(case["profile"])) if mode == "profile" else build_profile(text=case["text"])
    left, right = sides
    (a, a_scores), (b, b_scores) = (_match_json(s.matcher.run(profile, limit=10)) for s in sides)
    assert [r["service_id"] for r in a["results"]] == [r["service_id"] for r in b["results"]]
    assert a == b
    assert all(abs(x - y) <= TOLERANCE for x, y in zip(a_scores, b_scores, strict=True))
    assert a["results"], "every evaluation case has results"
