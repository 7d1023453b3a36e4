"""Search over the imported infobundle: Dutch analysis, typos, filters, facets, and the index in sync."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from tests.cli import run_cli
from wegwijzer.accounts.principal import Principal
from wegwijzer.db import Database
from wegwijzer.directory.models import Service
from wegwijzer.editorial.services import edit_record, record_values
from wegwijzer.search.index import reindex
from wegwijzer.search.models import SearchDocument
from wegwijzer.search.schemas import SLUG_FACETS, SearchFilters
from wegwijzer.search.services import fts_expression, search


@pytest.fixture(scope="module")
def session(imported_url: str) -> Iterator[Session]:
    database = Database(imported_url)
    with database.session() as s:
        yield s
    database.dispose()


def has_fts(session: Session) -> bool:
    """Whether the database has the FTS5 table (SQLite), to compare with."""
    return session.get_bind().dialect.name == "sqlite"


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{h.organization} {h.service}".lower() for h in response.results]


def test_every_active_service_is_indexed(session: Session) -> None:
    services = session.execute(select(func.count()).select_from(Service).where(Service.status == "active")).scalar()
    assert session.execute(select(func.count()).select_from(SearchDocument)).scalar() == services
    if has_fts(session):
        assert session.execute(text("SELECT count(*) FROM search_fts")).scalar() == services


def test_spijbelen_finds_truancy_services(session: Session) -> None:
    response = search(session, "spijbelen", per_page=10)
    assert response.total >= 5
    top = names(response)[:5]
    assert any("leerplicht" in n or "schoolverzuim" in n or "spijbel" in n for n in top)
    assert all("nood" in h.facets for h in response.results[:3])


def test_compound_schoolverzuim_is_found_from_its_parts(session: Session) -> None:
    assert search(session, "verzuim").total >= 1
    schoolverzuim = {h.service_id for h in search(session, "schoolverzuim", per_page=200).results}
    assert schoolverzuim <= {h.service_id for h in search(session, "school", per_page=200).results}


def test_typo_is_corrected_and_reported(session: Session) -> None:
    typo, right = search(session, "spijbleen"), search(session, "spijbelen")
    assert typo.corrections == {"spijbleen": "spijbelen"} and typo.suggestion == "spijbelen"
    assert [h.service_id for h in typo.results] == [h.service_id for h in right.results]
    assert right.corrections == {} and right.suggestion is None


def test_lay_words_expand_to_concepts(session: Session) -> None:
    response = search(session, "B-codes", per_page=50)
    assert "nood_spijbelen" in response.terms
    tagged = [h for h in response.results if "spijbelen" in h.facets.get("nood", [])]
    assert len(tagged) >= 3


@pytest.mark.parametrize("query", ["spijbelen", "uitsluiting definitief", "werk zoeken", "okan"])
def test_in_memory_backend_finds_the_same_services_as_fts5(session: Session, query: str) -> None:
    fts, memory = search(session, query, per_page=500), search(session, query, per_page=500, backend="bm25")
    assert fts.backend == "index" and memory.backend == "bm25"
    assert {h.service_id for h in fts.results} == {h.service_id for h in memory.results}
    assert fts.results[0].service_id in {h.service_id for h in memory.results[:3]}


def test_snippets_mark_the_matched_words(session: Session) -> None:
    response = search(session, "uitsluiting", per_page=5)
    assert response.results and all("«" in h.snippet and "»" in h.snippet for h in response.results)


@pytest.mark.parametrize("query", ['"abc OR (', "NEAR(a b)", "spijbel*", "-school", "a AND OR NOT",
                                   "'; DROP TABLE x; --", "^ : {} [] \"\"", "x" * 5000])
def test_fts_syntax_in_the_query_never_raises(session: Session, query: str) -> None:
    response = search(session, query)
    assert response.total >= 0


def test_fts_expression_quotes_every_term() -> None:
    assert fts_expression(["spijbel", 'a"b']) == '"spijbel" OR "a""b"'


def test_empty_query_lists_every_service_passing_the_filters(session: Session) -> None:
    everything = search(session, "", per_page=500)
    assert everything.total == session.execute(select(func.count()).select_from(SearchDocument)).scalar()
    needs = search(session, "", SearchFilters(nood=("werk",)), per_page=500)
    assert 0 < needs.total < everything.total
    assert all("werk" in h.facets["nood"] for h in needs.results)


@pytest.mark.parametrize("query", ["", "jongeren", "school"])
def test_facet_counts_equal_the_results_of_filtering_on_that_value(session: Session, query: str) -> None:
    base = SearchFilters(fase=("interventie",))
    response = search(session, query, base, per_page=1)
    for facet in SLUG_FACETS:
        for value, count in list(response.facets[facet].items())[:4]:
            # a facet's own filter is replaced by the value (its counts ignore its own filter)
            filtered = search(session, query, SearchFilters(**{**_as_kwargs(base), facet: (value,)}), per_page=1)
            assert filtered.total == count, (facet, value)
    free = search(session, query, SearchFilters(fase=("interventie",), free=True), per_page=1)
    assert free.total == response.facets["free"].get("true", 0)


def _as_kwargs(filters: SearchFilters) -> dict:
    return {f: filters.slugs(f) for f in SLUG_FACETS} | {"age": filters.age, "free": filters.free}


def test_filters_and_across_facets_or_within_one(session: Session) -> None:
    one = search(session, "", SearchFilters(nood=("werk",)), per_page=500).total
    either = search(session, "", SearchFilters(nood=("werk", "diploma")), per_page=500).total
    both = search(session, "", SearchFilters(nood=("werk",), fase=("compensatie",)), per_page=500).total
    assert either >= one >= both


def test_age_filter_keeps_services_whose_range_holds_the_age_or_is_unknown(session: Session) -> None:
    response = search(session, "", SearchFilters(age=8), per_page=500)
    assert response.total > 0
    for hit in response.results:
        assert hit.min_age is None or hit.min_age <= 8
        assert hit.max_age is None or hit.max_age >= 8
    assert search(session, "", SearchFilters(age=8), per_page=500).total < search(session, "", per_page=1).total


def test_paging_walks_through_all_results(session: Session) -> None:
    first, second = search(session, "", page=1, per_page=10), search(session, "", page=2, per_page=10)
    assert first.pages >= 2 and len(first.results) == 10
    assert not {h.service_id for h in first.results} & {h.service_id for h in second.results}


def test_reindex_without_changes_writes_nothing(imported_db: Database) -> None:
    with imported_db.session() as s:
        assert not reindex(s).changed


def test_index_follows_an_accepted_editorial_change(imported_db: Database) -> None:
    editor = Principal(user_id="u1", email="redacteur@example.org", role="redacteur")
    with imported_db.session() as s:
        assert search(s, "kwaxoplim").total == 0
        sid = search(s, "spijbelen").results[0].service_id
        state = record_values(s, "service", sid)
        changed = (state.values.get("description") or "") + " Ook bij kwaxoplim."
        assert edit_record(s, editor, "service", sid, {"description": changed}, state.version).applied
    with imported_db.session() as s:
        services = s.execute(select(func.count()).select_from(Service)).scalar()
        assert s.execute(select(func.count()).select_from(SearchDocument)).scalar() == services
        if has_fts(s):
            assert s.execute(text("SELECT count(*) FROM search_fts")).scalar() == services
        hits = search(s, "kwaxoplim")
        assert [h.service_id for h in hits.results] == [sid]


def test_deleted_service_leaves_the_index(imported_db: Database) -> None:
    with imported_db.session() as s:
        victim = search(s, "spijbelen").results[0].service_id
        s.execute(delete(Service).where(Service.id == victim))
        assert s.execute(select(func.count()).select_from(SearchDocument).where(SearchDocument.service_id == victim)
                         ).scalar() == 0
        if has_fts(s):
            assert s.execute(text("SELECT count(*) FROM search_fts WHERE service_id = :i"), {"i": victim}).scalar() == 0
        assert victim not in {h.service_id for h in search(s, "spijbelen", per_page=500).results}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("search-home")
    assert run_cli(home, "import").returncode == 0
    return home


def test_cli_search_json(home: Path) -> None:
    result = run_cli(home, "search", "spijbleen", "--json", "--age", "15", "--need", "spijbelen", "--per-page", "3")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["suggestion"] == "spijbelen" and data["total"] >= 1 and len(data["results"]) <= 3
    assert set(data["facets"]) >= {"fase", "nood", "gemeente", "age", "free"}


def test_cli_search_human_output_is_dutch(home: Path) -> None:
    result = run_cli(home, "search", "uitsluiting")
    assert result.returncode == 0 and "diensten gevonden" in result.stdout and "Facetten" in result.stdout


@pytest.mark.parametrize(("args", "allowed"), [
    (["--need", "verzonnen"], "spijbelen"), (["--level", "x"], "okan"), (["--municipality", "gent"], "ukkel"),
    (["--age", "200"], "leeftijd"),
])
def test_cli_search_rejects_invalid_values_with_exit_2(home: Path, args: list[str], allowed: str) -> None:
    result = run_cli(home, "search", "school", *args)
    assert result.returncode == 2 and allowed in result.stderr and "Traceback" not in result.stderr


def test_cli_search_with_fts_syntax_does_not_crash(home: Path) -> None:
    result = run_cli(home, "search", '"abc OR ( NEAR -x *')
    assert result.returncode == 0 and "Traceback" not in result.stderr


@pytest.mark.parametrize("query", ["spijbelen", "school", "Meisje van 13 blijft vaak weg van school", "okan taal"])
def test_scores_are_exactly_the_fts5_bm25_of_the_index(session: Session, query: str) -> None:
    """Ranking runs in memory; it must give FTS5's own bm25() for every result (FTS5: SQLite only; the
    backend agreement test shows PostgreSQL gives the same scores)."""
    from wegwijzer.search.models import TEXT_FIELDS

    if not has_fts(session):
        pytest.skip("FTS5 exists on SQLite only")
    response = search(session, query, per_page=500)
    weights = ", ".join(str(w) for w in (0.0, *TEXT_FIELDS.values()))
    rows = session.execute(text(f"SELECT service_id, bm25(search_fts, {weights}) FROM search_fts "
                                "WHERE search_fts MATCH :q"), {"q": fts_expression(response.terms)})
    fts = {sid: -score for sid, score in rows}
    assert response.total == len(fts)
    assert {h.service_id: h.score for h in response.results} == fts
    order = sorted(fts, key=lambda sid: -fts[sid])
    assert [fts[sid] for sid in order] == [h.score for h in response.results]
    page = search(session, query, page=2, per_page=5)
    assert [h.service_id for h in page.results] == [h.service_id for h in response.results[5:10]]
