"""Lay Dutch -> vocabulary slugs (data/concepts.yaml)."""

from __future__ import annotations

import pytest

from wegwijzer.ingest.taxonomy import taxonomy_codes
from wegwijzer.search.concepts import compile_concepts, concept_index, detect, expand

NEEDS = [
    ("Hij heeft al 12 B-codes", "spijbelen"),
    ("ze is vaak afwezig", "spijbelen"),
    ("hij blijft weg van school en spijbelt", "spijbelen"),
    ("aan het brossen", "spijbelen"),
    ("problematische afwezigheden", "spijbelen"),
    ("hij is somber en angstig", "welzijn"),
    ("depressief", "welzijn"),
    ("mijn zoon werd weggestuurd", "uitsluiting"),
    ("ze is buitengezet", "uitsluiting"),
    ("definitief uitgesloten", "uitsluiting"),
    ("na een tuchtuitsluiting", "uitsluiting"),
    ("anderstalige nieuwkomer", "taal"),
    ("heeft geen zin meer", "motivatie"),
    ("schoolmoe", "motivatie"),
    ("ruzie met klasgenoten", "pesten-conflict"),
    ("hij wordt gepest", "pesten-conflict"),
    ("zoekt een job", "werk"),
    ("werk zoeken", "werk"),
    ("een studentenjob", "werk"),
    ("alsnog een diploma halen", "diploma"),
    ("via de examencommissie", "diploma"),
    ("tweedekansonderwijs", "diploma"),
    ("agressief in de klas", "gedrag"),
    ("moeilijke klasgroep", "klasgroep"),
    ("vindt geen school", "inschrijving"),
    ("wil een klacht indienen", "rechten-klacht"),
    ("heeft dyslexie", "leerproblemen"),
    ("twijfelt over zijn studiekeuze", "orientering"),
    ("opvoedingsvragen", "opvoeding"),
    ("heeft even een time-out nodig", "time-out"),
    ("vorming voor het schoolteam", "schoolondersteuning"),
    ("cijfers over schooluitval en monitoring", "beleid"),
]


@pytest.mark.parametrize(("text", "need"), NEEDS)
def test_lay_phrasings_map_to_a_need(text: str, need: str) -> None:
    assert need in detect(text).get("nood", [])


def test_every_need_has_several_phrasings() -> None:
    index = concept_index()
    for slug in taxonomy_codes()["nood"]:
        concept = next(c for c in index.concepts if c.taxonomy == "nood" and c.slug == slug)
        assert len(concept.phrases) >= 5, slug
        assert concept.search, slug


def test_every_slug_in_the_file_is_a_vocabulary_slug() -> None:
    allowed = taxonomy_codes()
    for concept in concept_index().concepts:
        assert concept.slug in allowed[concept.taxonomy]


def test_unknown_slug_is_refused() -> None:
    with pytest.raises(ValueError, match="nood/verzonnen"):
        compile_concepts({"nood": {"verzonnen": {"phrases": ["x"]}}}, taxonomy_codes())


@pytest.mark.parametrize(("text", "taxonomy", "slug"), [
    ("anderstalige nieuwkomer", "onderwijsniveau", "okan"),
    ("zit in de OKAN", "onderwijsniveau", "okan"),
    ("zit in het DBSO", "onderwijsniveau", "dbso"),
    ("zit in het 5e leerjaar", "onderwijsniveau", "lager"),
    ("gestopt met school", "onderwijsniveau", "geen-school"),
    ("2e graad BSO", "studierichting", "bso"),
    ("op een Franstalige school", "onderwijstaal", "fr"),
    ("ik ben CLB-medewerker", "doelgroep", "clb"),
    ("mijn dochter", "doelgroep", "ouder"),
    ("aanmelding bij KANS", "aanmeldroute", "via-kans"),
    ("woont in Molenbeek", "gemeente", "sint-jans-molenbeek"),
    ("woont in Schaerbeek", "gemeente", "schaarbeek"),
])
def test_other_taxonomies_are_detected(text: str, taxonomy: str, slug: str) -> None:
    assert slug in detect(text).get(taxonomy, [])


def test_negated_phrase_is_ignored() -> None:
    assert "pesten-conflict" not in detect("hij wordt niet gepest").get("nood", [])


def test_phrases_that_start_with_a_negation_still_match() -> None:
    assert "geen-school" in detect("hij is niet meer ingeschreven").get("onderwijsniveau", [])


def test_ouder_as_comparison_is_not_a_parent() -> None:
    assert "ouder" not in detect("ouder dan 18 jaar").get("doelgroep", [])


def test_detect_keeps_order_of_first_mention() -> None:
    assert detect("somber, en ook B-codes, en weer somber")["nood"] == ["welzijn", "spijbelen"]


def test_text_without_concepts_detects_nothing() -> None:
    assert detect("") == {} and detect("Het weer is mooi vandaag.") == {}


def test_expand_adds_the_concept_terms_not_already_in_the_query() -> None:
    terms = expand("B-codes")
    assert "spijbel" in terms and "schoolverzuim" in terms
    assert "spijbel" not in expand("spijbelen")


def test_expand_of_unrelated_text_is_empty() -> None:
    assert expand("mooi weer") == []
