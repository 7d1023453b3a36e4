"""Facet classification of services from their Dutch texts (rules in data/facet_rules.yaml)."""

from __future__ import annotations

import pytest

from wegwijzer.ingest.facets import TAXONOMY_ORDER, FacetInput, classify, fold, languages_from_text


def _facets(**kwargs: object) -> dict[str, list[str]]:
    return classify(FacetInput(**kwargs))  # type: ignore[arg-type]


def test_classify_returns_every_taxonomy() -> None:
    assert tuple(_facets(name="")) == TAXONOMY_ORDER


def test_fold_is_reexported_for_rules() -> None:
    assert fold("Oriëntering") == "orientering"


@pytest.mark.parametrize(
    ("application", "expected"),
    [
        ("via KANS", ["via-kans"]),
        (
            "Via KANS Centraal Meldpunt Brussel of via een onderling samenwerkingsakkoord met de school",
            ["via-kans", "via-school"],
        ),
        (
            "Via het CLB, leerlingen en ouders kunnen ook rechtstreeks langskomen of contact opnemen met het onthaal",
            ["via-clb", "rechtstreeks"],
        ),
        (
            "• Het CLB meldt de leerling aan via Kans Centraal Meldpunt Brussel. • Rechtstreeks aanmelden via "
            "hulpverlening  module ‘Dienst Ondersteunende Begeleiding’ (DOB)",
            ["via-kans", "via-clb", "via-partner"],
        ),
        ("A-document bij de Intersectorale toegangspoort", ["via-toegangspoort"]),
        ("School doet aanvraag met een GC-, IAC- of OV4-verslag opgemaakt door het CLB", ["via-school"]),
        ("Iedereen kan telefonisch of digitaal contact opnemen", ["rechtstreeks", "online"]),
        ("telefonisch of via de website www.syntrabrussel.be", ["rechtstreeks", "online"]),
        ("Via het inschrijvingsformulier op de website", ["online"]),
        (
            "Een werkzoekende jongere kan zich rechtstreeks inschrijven bij Actiris of aanmelden via een erkende "
            "partner van Actiris",
            ["rechtstreeks", "via-partner"],
        ),
        (
            "via spontane aanmelding bij een AZW-partner, of via een toeleiding door Actiris of een andere partner",
            ["rechtstreeks", "via-partner"],
        ),
        (
            "via KANS vanuit Brussel, via Meldpunt Schoolexterne interventies vanuit Vlaams-Brabant",
            ["via-kans", "via-partner"],
        ),
        ("nvt", ["niet-van-toepassing"]),
        ("n.v.t.", ["niet-van-toepassing"]),
    ],
)
def test_aanmeldroute_from_application(application: str, expected: list[str]) -> None:
    assert _facets(application=application)["aanmeldroute"] == expected


def test_email_address_is_not_an_online_route() -> None:
    facets = _facets(application="mogen steeds contact opnemen via koen.geurts@foyer.be of op 02/411.87.32.")
    assert "online" not in facets["aanmeldroute"]


def test_service_application_falls_back_to_fiche_application() -> None:
    facets = _facets(name="Taalkot", organization_application="Via KANS Centraal Meldpunt Brussel")
    assert facets["aanmeldroute"] == ["via-kans"]


def test_own_application_wins_over_fiche_application() -> None:
    facets = _facets(application="via de website", organization_application="via KANS")
    assert facets["aanmeldroute"] == ["online"]


@pytest.mark.parametrize(
    ("eligibility", "application", "expected"),
    [
        ("Scholen, leerkrachten, overheid, leerlingen en ouders", "nvt", ["jongere", "ouder", "school"]),
        ("Ouders, leerkrachten en professionele opvoeders", "", ["ouder", "school", "hulpverlener"]),
        ("Partners in de Brusselse jeugdhulp", "", ["hulpverlener"]),
        ("De ouderwerkingen van de scholen van het onderwijsnet", "", ["ouder"]),
        ("kinderen en jongeren tussen 6 en 14 jaar uit Brussel of een Brusselse school", "", ["jongere"]),
        ("Jongeren uit het Nederlandstalig onderwijs", "via KANS", ["jongere"]),  # the CLB registers only
        ("Werkzoekenden vanaf 18 jaar", "", ["jongere"]),
    ],
)
def test_doelgroep_from_eligibility_and_askers(eligibility: str, application: str, expected: list[str]) -> None:
    assert _facets(eligibility=eligibility, application=application)["doelgroep"] == expected


def test_school_where_pupil_is_enrolled_is_not_a_target_group() -> None:
    eligibility = "Kinderen en jongeren die ofwel school lopen in Brussel, ingeschreven in een Nederlandstalige school"
    assert _facets(eligibility=eligibility)["doelgroep"] == ["jongere"]


def test_ouder_dan_is_not_a_parent() -> None:
    assert "ouder" not in _facets(eligibility="Cursisten ouder dan 18 jaar")["doelgroep"]


@pytest.mark.parametrize(
    ("name", "description", "expected"),
    [
        ("Opvolging van de leerplicht", "problematische afwezigheden en B-codes", ["spijbelen"]),
        ("Time-out", "tijdelijk schoolvervangend dagbestedingsaanbod", ["time-out"]),
        ("Taalkot", "Nederlands leren voor anderstalige nieuwkomers", ["taal"]),
        ("Klasinterventies", "werken rond groepsdynamiek en pesterijen", ["pesten-conflict", "klasgroep"]),
        ("Definitieve uitsluiting", "begeleiding bij een tuchtprocedure", ["uitsluiting"]),
        ("Klachtenlijn", "klachten over de rechten van kinderen", ["rechten-klacht"]),
        ("Infopunt Jobstudent", "studenten begeleiden naar studentenjobs", ["werk"]),
        ("Tweedekansonderwijs", "alsnog een diploma secundair onderwijs behalen", ["diploma"]),
        ("Arbeidsbemiddeling", "bemiddeling naar werk", ["werk"]),
        ("Scholieren zijn baas", "De vzw wordt gedragen door scholieren.", []),
    ],
)
def test_nood_from_name_and_description(name: str, description: str, expected: list[str]) -> None:
    assert _facets(name=name, description=description)["nood"] == expected


def test_diploma_ceiling_in_eligibility_is_no_diploma_need() -> None:
    facets = _facets(eligibility="jongeren die maximaal een diploma secundair onderwijs hebben behaald")
    assert "diploma" not in facets["nood"]


def test_fase_hint_wins_over_keywords() -> None:
    facets = _facets(description="vroegtijdige schoolverlaters en NEET-jongeren", fase_hint=["preventie"])
    assert facets["fase"] == ["preventie"]


def test_unknown_fase_hint_is_ignored() -> None:
    facets = _facets(description="Begeleiding van vroegtijdige schoolverlaters", fase_hint=["onbekend"])
    assert facets["fase"] == ["compensatie"]


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Vorming van leerkrachten en werken aan een positief schoolklimaat", ["preventie"]),
        ("Individuele begeleiding van leerlingen bij dreigende schooluitval", ["interventie"]),
        ("Begeleiding van vroegtijdige schoolverlaters en NEET-jongeren naar werk", ["compensatie"]),
    ],
)
def test_fase_keyword_fallback(description: str, expected: list[str]) -> None:
    assert _facets(description=description)["fase"] == expected


def test_levels_come_from_eligibility() -> None:
    eligibility = "Kinderen / jongeren uit het lager (vnl. vanaf 4e leerjaar) en secundair onderwijs"
    assert _facets(eligibility=eligibility)["onderwijsniveau"] == [
        "lager",
        "secundair-1e-graad",
        "secundair-2e-graad",
        "secundair-3e-graad",
    ]


def test_enkel_voor_in_name_restricts_levels() -> None:
    facets = _facets(
        name="Huiswerkbegeleiding (enkel voor lager onderwijs)",
        eligibility="Kinderen en jongeren uit het lager en secundair onderwijs",
    )
    assert facets["onderwijsniveau"] == ["lager"]


def test_enkel_voor_secundair_restricts_levels() -> None:
    facets = _facets(
        name="Coach op school, enkel voor secundair onderwijs", eligibility="leerlingen uit het basisonderwijs"
    )
    assert facets["onderwijsniveau"] == ["secundair-1e-graad", "secundair-2e-graad", "secundair-3e-graad"]


def test_studierichting_and_onderwijstaal_from_eligibility() -> None:
    eligibility = "Ingeschreven zijn in de 2e of 3e graad regulier Nederlandstalig BSO, TSO of deeltijds onderwijs"
    facets = _facets(eligibility=eligibility)
    assert facets["studierichting"] == ["tso", "bso"]
    assert facets["onderwijstaal"] == ["nl"]


@pytest.mark.parametrize(
    ("eligibility", "expected"),
    [
        ("Brusselse Jongeren die schoollopen in het Nederlandstalig onderwijs en hun gezin.", ["nl"]),
        ("ingeschreven zijn in een Nederlandstalige school", ["nl"]),
        ("Jongeren tussen 16 en 30 jaar, Nederlands- en Franstalig", ["nl", "fr"]),
        ("leerlingen uit het Franstalig onderwijs", ["fr"]),
        ("voor alle Brusselaars vanaf 15 jaar die op zoek zijn naar een Nederlandstalig educatief traject", []),
    ],
)
def test_onderwijstaal_only_for_the_school_regime(eligibility: str, expected: list[str]) -> None:
    assert _facets(eligibility=eligibility)["onderwijstaal"] == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dienst schoolverzuim Sint-Jans-Molenbeek", ["sint-jans-molenbeek"]),
        ("Werkwinkel Sint-Joos-Ten-Node", ["sint-joost-ten-node"]),
        ("Werkwinkel Brussel-Centrum", ["brussel-stad"]),
        ("Onderwijsloket Anderlecht en Schaarbeek", ["anderlecht", "schaarbeek"]),
        ("Kinderen uit Brussel", []),
    ],
)
def test_gemeente_from_name(name: str, expected: list[str]) -> None:
    assert _facets(name=name)["gemeente"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Begeleiding in het Nederlands, Frans en Engels", ["nl", "fr", "en"]),
        ("We werken met een meertalig team", ["nl", "fr"]),
        ("Franstalig", ["fr"]),
        ("Jongeren, Nederlands- en Franstalig", ["nl", "fr"]),
        ("De begeleiders spreken Arabisch en Turks", ["ar", "tr"]),
        ("aandacht voor taal en meertaligheid", []),
        ("in het Nederlandstalig onderwijs", []),
    ],
)
def test_languages_from_text(text: str, expected: list[str]) -> None:
    assert languages_from_text(text) == expected
