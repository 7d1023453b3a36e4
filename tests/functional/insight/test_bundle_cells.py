"""The gap report on the bundled infobundle, on cells counted by hand from
``wegwijzer/data/infobundel-schooluitval-brussel.txt``.

Each expected set names the fiches (number and offer) and why they count. A service counts when
it carries the need (the directory's ``nood`` facet, as the wegwijzer uses it) and the matcher does
not exclude it: its age range holds an age of the band (or it states no age: it then counts with an
unknown age, as the wegwijzer lists it), and it serves the level.
"""

from __future__ import annotations

from wegwijzer.insight.coverage import GAP, THIN, AgeBand, band_cell
from wegwijzer.insight.services import coverage_report
from wegwijzer.match.model import Profile, ServiceView
from wegwijzer.match.services import Matcher


def _offers(views: list[ServiceView], ids: tuple[str, ...]) -> set[tuple[str | None, str]]:
    by_id = {v.id: v for v in views}
    return {(by_id[i].fiche, by_id[i].name) for i in ids}


def _need(views: list[ServiceView], need: str) -> list[ServiceView]:
    return [v for v in views if need in v.slugs("nood")]


# Time-out offers for a 15-year-old (no level given):
# - 25.2 Groep INTRO, NAFT and Schoolondersteuning: "12 tot 25 jaar"; its third offer states no age.
# - 25.4 Try-out and 25.6 Tito: 12–18 ("dagbesteding voor jongeren van 12 tot 18 jaar").
# - 25.9 Wereld van Indra: "kinderen en jongeren van 6 tot 18 jaar".
# - 25 KANS Centraal Meldpunt Brussel: 6–25, the entry point for every time-out ("time-out en time-in").
# - 25.7 Huppeldepup and 25.8 Ark van Pollare: "lager en secundair onderwijs", no age stated.
# - 25.1 Abrusco, Project Neerhof: no age stated; "enkel voor lager onderwijs" is a level, which is only
#   checked when a level is given (see the primary-school test below).
# - 10 CLB, Aanmelding bij KANS and 1 VGC, Subsidiëring Abrusco: the network's own time-out need, no age.
# Not counted: 25.3 Tigo ("tussen 6 en 14 jaar") and 25.5 Atelier Groot Eiland ("vanaf 16 jaar").
TIME_OUT_AT_15 = {
    ("25.2", "NAFT (Naadloos Aansluitende Flexibele Trajecten)"), ("25.2", "Schoolondersteuning"),
    ("25.2", "Aanbod onderwijs en vrije tijd dat niet via KANS loopt"),
    ("25.4", "Try-out (Tonuso vzw & Alba vzw)"), ("25.6", "Tito"), ("25.9", "Wereld van Indra"),
    ("25", "KANS Centraal Meldpunt Brussel"), ("25.7", "Huppeldepup"), ("25.8", "Ark van Pollare"),
    ("25.1", "Project Neerhof (enkel voor lager onderwijs)"),
    ("10", "Aanmelding bij KANS Centraal Meldpunt Brussel"), ("1", "Subsidiëring Abrusco"),
}


def test_time_out_offers_for_a_15_year_old(views: list[ServiceView]) -> None:
    cell = band_cell(_need(views, "time-out"), "time-out", AgeBand("15", 15, 15))
    assert _offers(views, cell.service_ids) == TIME_OUT_AT_15
    # without a stated age: INTRO's third offer, Huppeldepup, Ark van Pollare, Neerhof, CLB, VGC
    assert cell.unknown == 6


def test_time_out_for_15_to_17_adds_the_offer_from_16(views: list[ServiceView]) -> None:
    cell = coverage_report(views).coverage.cell("time-out", "15-17")
    assert _offers(views, cell.service_ids) == TIME_OUT_AT_15 | {("25.5", "Atelier Groot Eiland")}
    assert cell.count == 13
    assert cell.age == 16  # the link's age: at 16 all 13 fit (at 15 not Atelier Groot Eiland)
    assert cell.status == "overlap"


# 18–24-year-olds without a diploma (level geen-school: left school without a qualification), need
# "diploma" (alsnog een diploma of kwalificatie behalen):
# - 36 Tweedekansonderwijs and its Traject- en cursistenbegeleiding: secundair volwassenenonderwijs, from 18.
# - 29 NEET-projecten (18–30), 30 YouthStart (16–30), 31 Startbanen JOJO (18–26), 35 LIFT (from 16),
#   39 Brusselse werkwinkels (from 18), 34 Ligo Digitale vaardigheden (from 16): for young people
#   without a school.
# - 15 Syntra Leertijd (15–25): dual learning that one can enter directly.
# - 12 Leerwinkel (from 15), 25 KANS (6–25), 25.2 INTRO Herstel (12–25), 26 R2G Opleidingstraject
#   (14–21), 27 Samenlevingsdienst (18–25): no level restriction.
WITHOUT_DIPLOMA_18_24 = {
    ("36", "Tweedekansonderwijs (secundair volwassenenonderwijs)"), ("36", "Traject- en cursistenbegeleiding"),
    ("29", "NEET-projecten"), ("30", "YouthStart"),
    ("31", "Startbanenprojecten JOJO (Scholen voor jongeren – Jongeren voor scholen) VEVE"),
    ("35", "LIFT Brussel"), ("39", "Verder aanbod i.k.v. preventie schooluitval"), ("34", "Digitale vaardigheden"),
    ("15", "Leertijd"), ("12", "Leerwinkel Brussel"), ("25", "KANS Centraal Meldpunt Brussel"), ("25.2", "Herstel"),
    ("26", "Opleidingstraject"), ("27", "Platform voor de samenlevingsdienst"),
}


def test_offers_for_18_to_24_year_olds_without_a_diploma(views: list[ServiceView]) -> None:
    cell = coverage_report(views, level="geen-school").coverage.cell("diploma", "18-24")
    assert _offers(views, cell.service_ids) == WITHOUT_DIPLOMA_18_24
    assert cell.unknown == 0  # every one of them states its ages
    assert cell.age == 18


# Time-out for 6–11-year-olds in primary school (level lager):
# 25.3 Tigo (6–14), 25.9 Wereld van Indra (6–18), 25.1 Project Neerhof ("enkel voor lager onderwijs"),
# 25.7 Huppeldepup and 25.8 Ark van Pollare ("uit het lager en secundair onderwijs"), 25 KANS (6–25),
# and the CLB's Aanmelding bij KANS and the VGC's subsidy (no age, no level).
# Not counted: INTRO (from 12), Try-out and Tito (from 12), Atelier Groot Eiland (from 16).
def test_time_out_for_primary_school_children(views: list[ServiceView]) -> None:
    cell = coverage_report(views, level="lager").coverage.cell("time-out", "6-11")
    assert _offers(views, cell.service_ids) == {
        ("25.3", "Tigo"), ("25.9", "Wereld van Indra"), ("25.1", "Project Neerhof (enkel voor lager onderwijs)"),
        ("25.7", "Huppeldepup"), ("25.8", "Ark van Pollare"), ("25", "KANS Centraal Meldpunt Brussel"),
        ("10", "Aanmelding bij KANS Centraal Meldpunt Brussel"), ("1", "Subsidiëring Abrusco"),
    }


def test_no_compensation_diploma_offer_below_12(views: list[ServiceView]) -> None:
    # compensation (after an unqualified exit) for a diploma: second-chance education and NEET work are
    # for 15/16/18 and older; INTRO's Herstel (12–25) is the only one from 12 on.
    matrix = coverage_report(views, phase="compensatie").coverage
    assert matrix.cell("diploma", "6-11").status == GAP
    assert _offers(views, matrix.cell("diploma", "12-14").service_ids) == {("25.2", "Herstel")}
    assert matrix.cell("diploma", "12-14").status == THIN


def test_dutch_network_routes_narrow_time_out_for_french_language_schools(views: list[ServiceView]) -> None:
    language = coverage_report(views).language
    dutch, french = (set(language.cell("time-out", lang).service_ids) for lang in ("nl", "fr"))
    assert french < dutch
    # only through KANS (25.2 NAFT, 25.5, 25.7, 25.8) or only for Dutch-language schools (25 KANS, 25.1 Neerhof)
    assert {("25.5", "Atelier Groot Eiland"), ("25.7", "Huppeldepup"), ("25", "KANS Centraal Meldpunt Brussel"),
            ("25.1", "Project Neerhof (enkel voor lager onderwijs)")} <= _offers(views, tuple(dutch - french))
    # Tito can also be reached directly ("rechtstreeks voor jongeren ... van het Koninklijk Instituut Woluwe")
    assert ("25.6", "Tito") in _offers(views, tuple(french))


def test_municipalities_from_the_addresses(views: list[ServiceView]) -> None:
    places = coverage_report(views).municipalities
    assert len(places.rows) == 19
    # Tito's address is in 1200 Sint-Lambrechts-Woluwe (Koninklijk Instituut Woluwe): the one intervention there
    assert _offers(views, places.cell("sint-lambrechts-woluwe", "interventie").service_ids) == {("25.6", "Tito")}
    assert places.cell("sint-lambrechts-woluwe", "interventie").status == THIN
    # no fiche gives an address in Elsene
    assert all(places.cell("elsene", phase).status == GAP for phase in places.columns)


def test_the_report_agrees_with_the_wegwijzer(views: list[ServiceView]) -> None:
    """For one age, a cell holds exactly the wegwijzer's results that carry the need."""
    matcher = Matcher.from_views(views)
    for need, age, level in [("time-out", 15, None), ("diploma", 19, "geen-school"), ("spijbelen", 8, "lager"),
                             ("werk", 26, None), ("taal", 13, "okan")]:
        cell = band_cell(_need(views, need), need, AgeBand(str(age), age, age), level)
        outcome = matcher.run(Profile(age=age, level=level, needs=[need]), limit=500)
        shown = {r.service_id for r in outcome.results if need in matcher.by_id[r.service_id].slugs("nood")}
        assert set(cell.service_ids) == shown, (need, age, level)
        assert cell.service_ids  # each of these cells has offers
