"""Kostprijs and Financiering lines of the infobundle."""

from __future__ import annotations

import pytest

from wegwijzer.ingest.costs import is_free, parse_costs, parse_funding


def _options(text: str) -> list[tuple[str | None, float | None]]:
    return [(c.option, c.amount) for c in parse_costs(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gratis", [("gratis", 0.0)]),
        ("Gratis", [("gratis", 0.0)]),
        ("voor de doelgroep: gratis", [("gratis", 0.0)]),
        ("gratis (inclusief trainingsweek)", [("gratis", 0.0)]),
        ("20 euro per schooljaar", [("per schooljaar", 20.0)]),
        ("€ 1,5 per lesuur", [("per lesuur", 1.5)]),
        ("25 euro", [(None, 25.0)]),
        ("€50 inschrijvingsgeld", [("inschrijvingsgeld", 50.0)]),
        ("1,50 euro/uur", [("per uur", 1.5)]),
        ("1.000 euro per jaar", [("per jaar", 1000.0)]),
        ("€ 1,5/lestijd, max. € 300/semester", [("per lestijd", 1.5), ("maximum per semester", 300.0)]),
        ("gratis via KANS, vanuit Vlaams-Brabant 30€/dag", [("gratis", 0.0), ("vanuit Vlaams-Brabant per dag", 30.0)]),
        (
            "CGG-tarieven: regulier 11€, verminderd tarief 4€, of 0€",
            [("regulier", 11.0), ("verminderd tarief", 4.0), ("gratis", 0.0)],
        ),
        (
            "De coaching kost 90 euro per kwartaal van 9 weken. Er is een tussenkomst van 50% van de VGC",
            [("coaching per kwartaal", 90.0)],
        ),
    ],
)
def test_parse_costs_reads_prices_and_gratis(text: str, expected: list[tuple[str | None, float]]) -> None:
    assert _options(text) == expected


@pytest.mark.parametrize("text", ["nvt", "n.v.t.", "", "afhankelijk van de opleiding", "Afhankelijk van project"])
def test_parse_costs_gives_nothing_without_a_price(text: str) -> None:
    assert parse_costs(text) == []


def test_cost_keeps_original_phrase_as_description() -> None:
    costs = parse_costs("gratis voor de Brusselse scholen, brede scholen en speelpleinen")
    assert [c.amount_description for c in costs] == ["gratis voor de Brusselse scholen, brede scholen en speelpleinen"]
    assert costs[0].currency == "EUR"


def test_allowance_paid_to_participant_is_not_a_cost() -> None:
    text = (
        "Gratis. De Samenlevingsdienst betaalt de vervoersonkosten en geeft een vergoeding (10 "
        "euro/dag) om andere kosten te dekken."
    )
    assert _options(text) == [("gratis", 0.0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gratis", True),
        ("Gratis", True),
        ("gratis voor de deelnemers", True),
        ("gratis vanuit KANS, 15€/dag vanuit andere provincies", True),
        ("20 euro per schooljaar", False),
        ("€ 1,5/lestijd, max. € 300/semester", False),
        ("CGG-tarieven: regulier 11€, verminderd tarief 4€, of 0€", False),
        ("meestal gratis", None),
        ("gratis of kleine bijdrage", None),
        ("Sommige delen van het aanbod zijn gratis, sommige trajecten of workshops zijn betalend", None),
        ("afhankelijk van de opleiding", None),
        ("nvt", None),
        ("", None),
    ],
)
def test_is_free(text: str, expected: bool | None) -> None:
    assert is_free(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "VGC, Vlaamse Gemeenschap, Actiris (GECO), Brussels Hoofdstedelijk Gewest",
            ["VGC", "Vlaamse Gemeenschap", "Actiris (GECO)", "Brussels Hoofdstedelijk Gewest"],
        ),
        ("Vlaams Ministerie van Onderwijs & Vorming", ["Vlaams Ministerie van Onderwijs & Vorming"]),
        ("Kind & Gezin (CKG ’t Sloebernest), VGC (Hopon)", ["Kind & Gezin (CKG ’t Sloebernest)", "VGC (Hopon)"]),
        (
            "Vlaamse overheid, Departement Onderwijs en Vorming en VGC",
            ["Vlaamse overheid", "Departement Onderwijs en Vorming", "VGC"],
        ),
        ("ESF en RBC", ["ESF", "RBC"]),
        ("VDAB-ESF-Actiris-VGC-Vlaamse Overheid", ["VDAB", "ESF", "Actiris", "VGC", "Vlaamse Overheid"]),
        ("Actiris-ESF-+", ["Actiris", "ESF+"]),
        ("Provincie Vlaams-Brabant", ["Provincie Vlaams-Brabant"]),
        (
            "Europees Sociaal Fonds (met Departement Onderwijs en Vorming)",
            ["Europees Sociaal Fonds (met Departement Onderwijs en Vorming)"],
        ),
        (
            "Youth Employment Initiative (YEI), Europees Sociaal Fonds (ESF) en financiering door het  BHG",
            ["Youth Employment Initiative (YEI)", "Europees Sociaal Fonds (ESF)", "BHG"],
        ),
        (
            "Departement Onderwijs & Vorming van de Vlaamse Gemeenschap, aangevuld met  projectmiddelen",
            ["Departement Onderwijs & Vorming van de Vlaamse Gemeenschap", "projectmiddelen"],
        ),
        (
            "voornamelijk subsidies vanuit BHG; de gemeenten beslissen over de aanwending ervan",
            ["subsidies vanuit BHG"],
        ),
        (
            "het project wordt gefinancierd door middel van privaat geld (sponsoring en giften) en "
            "publiek geld (subsidies en steunmaatregelen).",
            ["privaat geld (sponsoring en giften)", "publiek geld (subsidies en steunmaatregelen)"],
        ),
        ("• Leerwinkel Brussel: VGC\n• ‘Jump naar Werk’: Actiris, ESF en VGC", ["VGC", "Actiris", "ESF"]),
        ("giften en vrijwilligerswerking", ["giften en vrijwilligerswerking"]),
    ],
)
def test_parse_funding_splits_sources(text: str, expected: list[str]) -> None:
    assert parse_funding(text) == expected


@pytest.mark.parametrize("text", ["nvt", "", "afhankelijk van het project", "Afhankelijk van project"])
def test_parse_funding_gives_nothing_without_a_source(text: str) -> None:
    assert parse_funding(text) == []
