"""Facet quality rules: whose target group, which level, which age, policy versus offer."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import wegwijzer
from wegwijzer.ingest.clean import Block
from wegwijzer.ingest.facets import FacetInput, classify
from wegwijzer.ingest.parse import parse_infobundle
from wegwijzer.ingest.records import ImportResult, ServiceRec
from wegwijzer.ingest.targets import explicit_statements

DOCUMENT = Path(wegwijzer.__file__).parent / "data" / "infobundel-schooluitval-brussel.txt"


@cache
def result() -> ImportResult:
    return parse_infobundle(DOCUMENT.read_text(encoding="utf-8"))


def service(key: str, start: str) -> ServiceRec:
    org = next(o for o in result().organizations if o.key == key)
    return next(s for s in org.services if s.name.startswith(start))


# --- target statements ------------------------------------------------------------------------


def test_a_paragraph_merely_mentioning_the_doelgroep_is_no_target_statement() -> None:
    noun = Block("para", "Via registratie trachten we zicht te krijgen op de doelgroep (aangemelde leerlingen).", 1, 1)
    statement = Block("para", "Onze doelgroep zijn langdurig werkzoekenden vanaf 18 jaar.", 2, 2)
    assert explicit_statements([noun, statement]) == [statement.text]


def test_the_fiche_doelgroep_field_wins_over_a_body_sentence_about_the_doelgroep() -> None:
    kans = service("25", "KANS")
    assert kans.eligibility_description.startswith("• Kinderen en jongeren die ofwel school lopen in Brussel")
    assert kans.facets["onderwijstaal"] == ["nl"]


def test_a_voor_wie_question_is_answered_by_the_items_that_follow() -> None:
    content = [Block("para", "Voor wie?", 1, 1), Block("bullet", "Je hebt nood aan rust.", 2, 2),
               Block("bullet", "Je wil jezelf beter leren kennen.", 3, 3), Block("para", "Doelstellingen?", 4, 4)]
    assert explicit_statements(content) == ["Voor wie?\n• Je hebt nood aan rust.\n• Je wil jezelf beter leren kennen."]


# --- levels from the defining paragraph ---------------------------------------------------------


def test_the_defining_paragraph_names_the_level_of_the_pupils_it_takes_in() -> None:
    definition = ("Taalkot is een initiatief met het Huis van het Nederlands, waarbij jongeren uit het "
                  "deeltijds onderwijs terecht kunnen om hun Nederlands te ontwikkelen.")
    facets = classify(FacetInput(name="Taalkot", definition=definition,
                                 eligibility="Jongeren uit het Nederlandstalig onderwijs"))
    assert facets["onderwijsniveau"] == ["dbso"]
    assert service("25.1", "Taalkot").facets["onderwijsniveau"] == ["dbso"]


def test_a_defining_paragraph_open_to_all_names_no_level() -> None:
    definition = ("Groepsvormingen gericht naar jongeren uit het secundaire onderwijs. Ze zijn toegankelijk "
                  "voor alle jongeren bij inschrijving.")
    assert classify(FacetInput(name="Digitaal", definition=definition))["onderwijsniveau"] == []


def test_the_defining_paragraph_only_narrows_the_target_groups_levels() -> None:
    definition = "Voor leerlingen uit het secundair onderwijs organiseren we workshops over werk."
    facets = classify(FacetInput(name="Jump", definition=definition,
                                 eligibility="leerlingen in hun finaliteitsjaren"))
    assert facets["onderwijsniveau"] == ["secundair-3e-graad"]


# --- the umbrella's age range -------------------------------------------------------------------


def test_an_offer_with_its_own_level_does_not_inherit_the_umbrella_age_range() -> None:
    assert (service("25.1", "Individuele begeleiding").minimum_age,
            service("25.1", "Individuele begeleiding").maximum_age) == (None, None)  # enkel voor secundair
    assert service("25.1", "Taalkot").minimum_age is None  # jongeren uit het deeltijds onderwijs
    assert service("25.10", "Transitiebegeleiding").minimum_age is None  # 2e of 3e graad


def test_an_offer_without_age_or_level_still_inherits_the_umbrella_age_range() -> None:
    klasactie = service("25.1", "Klasactie")
    assert (klasactie.minimum_age, klasactie.maximum_age) == (6, 25)


# --- doelgroep: for whom, not who registers ------------------------------------------------------


def test_registration_through_the_clb_or_kans_does_not_make_the_clb_the_doelgroep() -> None:
    facets = classify(FacetInput(name="FIX", eligibility="Voor wie?\n• Je hebt nood aan rust.",
                                 application="Het CLB meldt aan via KANS Centraal Meldpunt Brussel"))
    assert facets["doelgroep"] == ["jongere"]
    assert facets["aanmeldroute"] == ["via-kans", "via-clb"]
    for name in ("FIX", "Individuele begeleiding", "Soft Skils", "Herstel"):
        assert service("25.2", name).facets["doelgroep"] == ["jongere"], name


# --- policy sections ------------------------------------------------------------------------------


def test_a_section_about_subsidising_another_organisation_is_policy() -> None:
    definition = "De VGC zet in op de preventie van schooluitval door de ondersteuning en subsidiëring van vzw Abrusco."
    facets = classify(FacetInput(name="Abrusco", definition=definition,
                                 description="individuele begeleiding van jongeren"))
    assert facets["aanmeldroute"] == ["niet-van-toepassing"]
    assert "beleid" in facets["nood"]
    assert facets["doelgroep"] == ["hulpverlener"]


def test_funding_projects_in_schools_is_policy_for_schools() -> None:
    psv = service("1", "Programma Preventie Schoolverzuim")
    assert psv.facets["aanmeldroute"] == ["niet-van-toepassing"]
    assert psv.facets["doelgroep"] == ["school"]


def test_an_offer_funded_by_someone_else_is_no_policy_section() -> None:
    definition = "Het project wordt gesubsidieerd door de VGC en begeleidt jongeren naar werk."
    facets = classify(FacetInput(name="Project", definition=definition, description=definition,
                                 application="rechtstreeks"))
    assert facets["aanmeldroute"] == ["rechtstreeks"]
    assert facets["doelgroep"] == ["jongere"]


def test_police_and_prosecutor_are_a_procedure_not_an_offer_for_young_people() -> None:
    police = service("28", "Opvolging van schoolverzuim")
    assert police.facets["aanmeldroute"] == ["niet-van-toepassing"]
    assert not {"jongere", "ouder"} & set(police.facets["doelgroep"])
