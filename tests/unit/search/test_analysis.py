"""The Dutch analyser: folding, stems, stop words, compounds and typo correction."""

from __future__ import annotations

import pytest

from wegwijzer.search.analysis import (
    Analyzer,
    PlainAnalyzer,
    Vocabulary,
    damerau_levenshtein,
    fold,
    stem,
    tokens,
)

LEXICON = ["spijbelen", "coaching", "school", "verzuim", "tucht", "uitsluiting", "jongeren", "werking",
           "leerplicht", "begeleiding", "huiswerk", "onderwijs", "centrum"]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(LEXICON)


def test_fold_strips_accents_and_lowers() -> None:
    assert fold("Oriëntering CRÈCHE") == "orientering creche"


def test_tokens_split_on_punctuation_and_hyphens() -> None:
    assert tokens("12 B-codes, (NT2)!") == ["12", "b", "codes", "nt2"]


@pytest.mark.parametrize(("a", "b"), [("leerling", "leerlingen"), ("uitsluiting", "uitsluitingen"),
                                      ("jongeren", "jongere"), ("afwezigheid", "afwezigheden")])
def test_inflections_share_a_stem(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_classic_stemmer_keeps_begeleiding_apart_from_beleid() -> None:
    assert stem("begeleiding") != stem("beleid")


def test_terms_drop_stop_words_and_single_letters(analyzer: Analyzer) -> None:
    assert analyzer.terms("de school en het B-attest") == [stem("school"), stem("attest")]


@pytest.mark.parametrize(("query", "document"), [
    ("spijbelen", "spijbelcoaching"),
    ("school", "schoolverzuim"),
    ("uitsluiting", "tuchtuitsluiting"),
    ("begeleiding", "leerplichtbegeleiding"),
    ("jongeren", "jongerenwerking"),  # linking "en"
])
def test_compound_parts_are_indexed(analyzer: Analyzer, query: str, document: str) -> None:
    assert set(analyzer.terms(query)) <= set(analyzer.terms(document))


def test_word_without_known_parts_is_not_split(analyzer: Analyzer) -> None:
    assert analyzer.parts("brusselaar") == ()
    assert Analyzer().parts("schoolverzuim") == ()  # no lexicon, no splitting


def test_query_splits_compound_only_when_unknown_to_the_index(analyzer: Analyzer) -> None:
    known = {stem("schoolverzuim")}
    assert analyzer.query_terms("schoolverzuim", known=known) == [stem("schoolverzuim")]
    assert stem("school") in analyzer.query_terms("schoolverzuim", known=set())


def test_plain_analyzer_only_lowercases_and_splits() -> None:
    assert PlainAnalyzer().terms("De Spijbelcoaching, B-codes") == ["de", "spijbelcoaching", "b", "codes"]


@pytest.mark.parametrize(("a", "b", "distance"), [
    ("spijbelen", "spijbelen", 0), ("spijbleen", "spijbelen", 1), ("schol", "school", 1),
    ("ab", "ba", 1), ("uitsluting", "uitsluiting", 1), ("kat", "hond", 4),
])
def test_damerau_levenshtein_counts_transpositions_as_one(a: str, b: str, distance: int) -> None:
    assert damerau_levenshtein(a, b) == distance


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    words = ["spijbelen", "schoolverzuim", "uitsluiting", "welzijn", "okan", "taal", "diploma", "tal"]
    return Vocabulary(words, {"taal": 5, "tal": 1})


@pytest.mark.parametrize(("typo", "fixed"), [
    ("spijbleen", "spijbelen"),  # transposition
    ("schoolverzium", "schoolverzuim"),
    ("uitsluting", "uitsluiting"),  # deletion
    ("welzijnn", "welzijn"),  # insertion
    ("diplomma", "diploma"),
    ("scholverzuum", "schoolverzuim"),  # two edits allowed from 8 letters
])
def test_vocabulary_corrects_typos(vocabulary: Vocabulary, typo: str, fixed: str) -> None:
    assert vocabulary.correct(typo) == fixed


@pytest.mark.parametrize("term", ["spijbelen", "oka", "xyz", "welzjjnn", "brood"])
def test_vocabulary_leaves_known_short_or_distant_terms_alone(vocabulary: Vocabulary, term: str) -> None:
    assert vocabulary.correct(term) is None


def test_vocabulary_prefers_the_more_frequent_candidate(vocabulary: Vocabulary) -> None:
    assert vocabulary.correct("taam") == "taal"
