"""The in-memory BM25F index."""

from __future__ import annotations

import pytest

from wegwijzer.search.analysis import PlainAnalyzer
from wegwijzer.search.bm25 import BM25Index

DOCS = {
    "coach": {"name": "Spijbelcoaching", "description": "Coaching van jongeren die spijbelen."},
    "verzuim": {"name": "Programma Preventie Schoolverzuim", "description": "Projecten rond schoolverzuim."},
    "werk": {"name": "Jump naar werk", "description": "Een studentenjob of werk zoeken."},
    "uit": {"name": "Begeleiding", "description": "Na een tuchtuitsluiting of een definitieve uitsluiting."},
    "leeg": {"name": "Overleg", "description": ""},
}
WEIGHTS = {"name": 4.0, "description": 1.0}


@pytest.fixture(scope="module")
def index() -> BM25Index:
    return BM25Index(DOCS, WEIGHTS)


def test_only_documents_with_a_query_term_are_scored(index: BM25Index) -> None:
    assert set(index.score("studentenjob")) == {"werk"}


@pytest.mark.parametrize(("query", "expected"), [
    ("spijbelen", "coach"), ("school", "verzuim"), ("uitsluiting", "uit"), ("werk", "werk"),
])
def test_dutch_analysis_finds_inflections_and_compounds(index: BM25Index, query: str, expected: str) -> None:
    assert expected in index.score(query)


def test_name_field_weighs_more_than_description() -> None:
    docs = {"in-name": {"name": "Spijbelen", "description": "Een aanbod."},
            "in-text": {"name": "Een aanbod", "description": "Spijbelen."}}
    scores = BM25Index(docs, WEIGHTS).score("spijbelen")
    assert scores["in-name"] > scores["in-text"]


def test_rare_terms_weigh_more_than_common_ones() -> None:
    docs = {"a": {"name": "jeugdwerk Brussel"}, "b": {"name": "Brussel"}, "c": {"name": "Brussel"}}
    index = BM25Index(docs, WEIGHTS)
    assert index.idf(index.query_terms("jeugdwerk")[0]) > index.idf(index.query_terms("Brussel")[0]) > 0


def test_query_without_known_terms_scores_nothing(index: BM25Index) -> None:
    assert index.score("") == {} and index.score("de het een") == {} and index.score('"abc OR (') == {}


def test_plain_baseline_misses_compounds_and_inflections() -> None:
    plain = BM25Index(DOCS, WEIGHTS, PlainAnalyzer())
    assert plain.score("spijbelcoaching") and "coach" not in plain.score("spijbel")
    assert "verzuim" not in plain.score("school")


def test_weighted_terms_scale_the_score(index: BM25Index) -> None:
    full = index.score_terms({index.query_terms("spijbelen")[0]: 1.0})
    half = index.score_terms({index.query_terms("spijbelen")[0]: 0.5})
    assert half["coach"] == pytest.approx(full["coach"] / 2)


def test_index_from_pre_analysed_terms_scores_like_from_text(index: BM25Index) -> None:
    analysed = {d: {f: index.analyzer.terms(t) for f, t in fields.items() if t} for d, fields in DOCS.items()}
    again = BM25Index.from_terms(analysed, WEIGHTS, index.analyzer)
    assert again.score("schoolverzuim spijbelen") == pytest.approx(index.score("schoolverzuim spijbelen"))


def test_vocabulary_of_a_text_index_corrects_typos(index: BM25Index) -> None:
    assert index.vocabulary().correct("spijbleen") == "spijbelen"


@pytest.mark.parametrize("terms", [
    {"spijbel": 1.0}, {"school": 1.0, "verzuim": 0.5, "coaching": 1.0}, {"werk": 1.0, "begeleiding": 0.0},
    {"onbekend": 1.0}, {},
])
def test_score_array_holds_exactly_the_scores_of_score_terms(index: BM25Index, terms: dict[str, float]) -> None:
    expected = index.score_terms(terms)
    array = index.score_array(terms)
    if not expected:
        assert array is None
        return
    assert array is not None
    assert {doc: float(array[i]) for i, doc in enumerate(index.ids) if array[i] > 0} == expected


def test_an_index_from_the_same_terms_is_the_same_index(index: BM25Index) -> None:
    terms = {doc: {f: index.analyzer.terms(text) for f, text in fields.items()} for doc, fields in DOCS.items()}
    stored = BM25Index.from_terms(terms, WEIGHTS, index.analyzer)
    assert stored.postings == index.postings
    assert stored.ids == index.ids
