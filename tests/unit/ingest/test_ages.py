"""Ages and education levels from the real phrasings of the infobundle."""

from __future__ import annotations

import pytest

from wegwijzer.ingest.ages import fold, levels_from_text, parse_age_range

SECUNDAIR = ["secundair-1e-graad", "secundair-2e-graad", "secundair-3e-graad"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kinderen en jongeren tussen 6 en 14 jaar uit Brussel", (6, 14)),
        ("Try-Out richt zich op jongeren  tussen 12 en 18 jaar die nood hebben", (12, 18)),
        ("Laaggeschoolde jongeren - zonder diploma secundair onderwijs - tussen de 18 en 26 jaar.", (18, 26)),
        ("Kinderen en jongeren van 6 tot 25 jaar", (6, 25)),
        ("ingeschreven zijn in een Nederlandstalige school, van 6 tot 25 jaar, waarbij", (6, 25)),
        ("Iedereen van 6 tot 35 jaar", (6, 35)),
        ("jongeren 10 – 20 jaar", (10, 20)),
        ("Werkzoekenden met een arbeidsbeperking (18-65 jaar), woonachtig in Brussel", (18, 65)),
        ("Dagbesteding voor jongeren tussen 12-18j die dreigen uit te vallen", (12, 18)),
        ("16- tot 25-jarigen", (16, 25)),
        ("15-25 jaar", (15, 25)),
        ("12-18 jarigen", (12, 18)),
        ("NEET-jongeren (18-26), in samenwerking met", (18, 26)),
        ("Intensieve begeleiding van werkzoekende jongeren (+18 tot 30 jaar)", (18, 30)),
        ("voor gezinnen met kinderen van 0 tem 12jaar", (0, 12)),
        ("Tieners van 10 tot 14 jaar (5e leerjaar tot en met 1e middelbaar)", (10, 14)),
    ],
)
def test_closed_range_sets_minimum_and_maximum(text: str, expected: tuple[int, int]) -> None:
    assert parse_age_range(text) == expected


@pytest.mark.parametrize(
    ("text", "minimum"),
    [
        ("Werkzoekenden vanaf 18 jaar (met de juiste arbeidsvergunning)", 18),
        ("Jongeren vanaf 16 jaar en jongvolwassenen die vroegtijdig de schoolbanken verlaten", 16),
        ("Brusselaars (vanaf 15 jaar) met", 15),
        ("Vroegtijdig schoolverlaters (18+)", 18),
        ("Onderwijs voor vroegtijdig schoolverlaters die hun diploma via het TKO willen behalen (+18)", 18),
        ("+18-jarigen", 18),
        ("Ook voor de +12 jarigen is er een aanbod.", 12),
        ("Meerderjarige cursisten die hun diploma secundair onderwijs willen behalen", 18),
        ("Zij richten zich op Roma ouder dan 18 jaar", 18),
    ],
)
def test_vanaf_sets_only_minimum(text: str, minimum: int) -> None:
    assert parse_age_range(text) == (minimum, None)


@pytest.mark.parametrize(
    ("text", "maximum"),
    [
        ("Brusselse gezinnen met kinderen en jongeren tot 25 jaar met een hulpvraag", 25),
        ("De Klachtenlijn is er voor jongeren jonger dan 18 jaar en hun belangenbehartigers", 17),
        ("minderjarige leerplichtige leerlingen", 17),
        ("jongeren -18", 17),
        ("jongeren in het secundair onderwijs t.e.m. 24 jaar", 24),
    ],
)
def test_tot_sets_only_maximum(text: str, maximum: int) -> None:
    assert parse_age_range(text) == (None, maximum)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "een coachingstraject van 1 jaar",
        "Dataverzameling schooljaar 2024-2025",
        "te veel B-codes of 5B-codes",
        "een traject van 6 weken",
        "maximaal 3 maanden",
        "zie infofiche 25.1",
        "Marcqstraat 16-18",
        "Tel.: +32 (0)2 313 33 00",
        "+32 492 81 08 08",
        "0800-20 808",
        "JES gaat al 35 jaar aan de slag met jongeren",
        "een traject van 1 tot 3 jaar",
        "ingeschreven zijn bij Actiris, geen leeftijdsbegrenzing",
    ],
)
def test_non_age_numbers_give_no_range(text: str) -> None:
    assert parse_age_range(text) == (None, None)


def test_several_statements_give_widest_envelope() -> None:
    text = "kortgeschoolde cursisten, vanaf 16 jaar voor het Nederlands, vanaf 18 jaar voor het overige aanbod"
    assert parse_age_range(text) == (16, None)


def test_open_side_wins_over_a_number() -> None:
    text = "Leertijd: Jongeren die 16 jaar zijn of 15 jaar ... Voltijdse dagopleidingen: 18+"
    assert parse_age_range(text) == (15, None)


def test_conditions_combine_into_one_range() -> None:
    text = (
        "Jongeren die 16 jaar zijn of 15 jaar en de eerste graad van het secundair onderwijs "
        "beëindigd hebben (al dan niet met vrucht), tot de leeftijd van 25 jaar (de opleiding "
        "stopt het jaar dat je 25 jaar wordt)"
    )
    assert parse_age_range(text) == (15, 25)


def test_passing_mention_of_an_age_is_no_condition() -> None:
    assert parse_age_range("Dit is mogelijk eens de leerling 18 jaar is en is ingeschreven bij de dienst.") == (
        None,
        None,
    )


def test_must_be_age_sets_minimum() -> None:
    text = "Op het moment van inschrijving moet de cursist 16 jaar oud zijn OF 15 jaar zijn en de eerste twee"
    assert parse_age_range(text) == (15, None)


def test_fold_strips_accents_and_case() -> None:
    assert fold("  Beëindigd  Oriëntering\n’t") == "beeindigd orientering 't"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kinderen / jongeren uit het lager (vnl. vanaf 4e leerjaar) en secundair onderwijs", ["lager", *SECUNDAIR]),
        ("Tieners van 10 tot 14 jaar (5e leerjaar tot en met 1e middelbaar)", ["lager", "secundair-1e-graad"]),
        ("Doedagen in 6e lj rond technische beroepen", ["lager"]),
        ("ouders van kinderen in het basisonderwijs", ["lager"]),
        ("workshops in groep voor leerlingen 4e jaar secundair onderwijs", ["secundair-2e-graad"]),
        ("leerlingen in de eerste, tweede en derde graad secundair onderwijs", SECUNDAIR),
        ("leerlingen en schoolteams in de eerste en tweede graad secundair onderwijs", SECUNDAIR[:2]),
        (
            "Ingeschreven zijn in de 2e of 3e graad regulier Nederlandstalig BSO, TSO of deeltijds onderwijs",
            ["secundair-2e-graad", "secundair-3e-graad", "dbso"],
        ),
        ("leerlingen in hun finaliteitsjaren van het Nederlandstalig secundair onderwijs", ["secundair-3e-graad"]),
        ("jongeren in het Nederlandstalig secundair onderwijs", SECUNDAIR),
        ("nieuwkomers in de OKAN-klas", ["okan"]),
        ("leerlingen uit het DBSO", ["dbso"]),
        ("Leren en werken/leertijd", ["dbso"]),
        ("leerlingen uit het buitengewoon onderwijs", ["buitengewoon"]),
        ("Secundair volwassenenonderwijs (Tweedekansonderwijs)", [*SECUNDAIR, "volwassenenonderwijs"]),
        ("studenten in het hoger onderwijs", ["hoger"]),
        ("Begeleiding van vroegtijdige schoolverlaters en NEET-jongeren", ["geen-school"]),
        ("jongeren die niet (voltijds) naar school gaan en niet werken", ["geen-school"]),
        ("Werkzoekenden vanaf 18 jaar", ["geen-school"]),
        (
            "Meerderjarige cursisten die hun diploma secundair onderwijs willen behalen",
            ["volwassenenonderwijs", "geen-school"],
        ),
    ],
)
def test_levels_from_text_names_explicit_levels(text: str, expected: list[str]) -> None:
    assert levels_from_text(text) == expected


def test_prerequisite_graad_is_not_a_level() -> None:
    text = "Jongeren die 15 jaar zijn en de eerste graad van het secundair onderwijs beëindigd hebben"
    assert levels_from_text(text) == []


def test_diploma_goal_is_not_secundair_level() -> None:
    text = "Jongeren tussen 16 en 30 jaar die maximaal een diploma secundair onderwijs hebben behaald"
    assert levels_from_text(text) == []


def test_the_act_of_leaving_school_is_not_a_level() -> None:
    assert levels_from_text("Informeren van jongeren bij het vroegtijdig schoolverlaten") == []


def test_potential_school_leaver_is_still_in_school() -> None:
    assert levels_from_text("Geïdentificeerd worden als potentieel vroegtijdige schoolverlater") == []


def test_job_seekers_among_pupils_do_not_make_offer_out_of_school_only() -> None:
    text = "Leerlingen, ouders, scholen, studenten, werkzoekenden, volwassenen en jongeren"
    assert levels_from_text(text) == []


def test_levels_are_not_inferred_from_ages() -> None:
    assert levels_from_text("jongeren tussen 12 en 18 jaar") == []
