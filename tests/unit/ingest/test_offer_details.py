"""Per-offer target groups and ages, links written in the text, field labels, partner phases."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import wegwijzer
from wegwijzer.ingest.ages import parse_age_range
from wegwijzer.ingest.bodylinks import names_host, text_links
from wegwijzer.ingest.clean import Block
from wegwijzer.ingest.contacts import extract_contacts
from wegwijzer.ingest.parse import parse_infobundle
from wegwijzer.ingest.records import ImportResult, OrganizationRec, ServiceRec
from wegwijzer.ingest.segment import FicheSpan, split_fiche
from wegwijzer.ingest.targets import doelgroep_items, fiche_targets, target_of

DOCUMENT = Path(wegwijzer.__file__).parent / "data" / "infobundel-schooluitval-brussel.txt"


@cache
def result() -> ImportResult:
    return parse_infobundle(DOCUMENT.read_text(encoding="utf-8"))


def org(key: str) -> OrganizationRec:
    return next(o for o in result().organizations if o.key == key)


def service(key: str, start: str) -> ServiceRec:
    return next(s for s in org(key).services if s.name.startswith(start))


# --- target groups and ages ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "name", "minimum", "maximum"),
    [
        ("15", "Leertijd", 15, 25),  # Doelgroep bullet "• Leertijd: … tot de leeftijd van 25 jaar"
        ("15", "Voltijdse dagopleidingen", 18, None),  # "• Voltijdse dagopleidingen: 18+"
        ("32", "Compagnon de Route", 18, 35),  # its defining sentence, not the fiche's 6-35
        ("33", "I CAN BXL", 18, None),  # "Onze doelgroep zijn … vanaf 18 jaar"
        ("25.2", "NAFT", 12, 25),  # a sentence of the intro that names NAFT
        ("25.2", "FIX", 12, 25),  # module of NAFT: NAFT's target group
        ("21", "Hopon", 0, 15),
        ("21", "CKG Sloebernest", 0, 12),
        ("25.5", "Atelier Groot Eiland", 16, None),  # own text beats the umbrella's 6-25
    ],
)
def test_offer_ages_come_from_the_most_specific_text(key: str, name: str, minimum: int | None,
                                                     maximum: int | None) -> None:
    found = service(key, name)
    assert (found.minimum_age, found.maximum_age) == (minimum, maximum)


def test_doelgroep_bullets_that_name_offers_are_split_per_offer() -> None:
    assert service("12", "Leerwinkel").eligibility_description.startswith("• Leerwinkel Brussel:")
    jump = service("12", "‘Jump").eligibility_description
    assert "Jump naar werk" in jump and "Infopunt Jobstudent" in jump and "Leerwinkel" not in jump
    assert "Leerwinkel" not in service("12", "Bedrijfsbezoeken").eligibility_description


def test_doelgroep_items_keep_their_labels() -> None:
    items = doelgroep_items("• Leertijd: jongeren van 15 tot 25 jaar\n• Voltijdse dagopleidingen: 18+\n• Anderen")
    assert [i.label for i in items] == ["Leertijd", "Voltijdse dagopleidingen", ""]


def test_an_age_in_one_list_item_is_not_the_offers_but_several_items_span_it() -> None:
    assert service("17", "Onthaal en individuele begeleiding").minimum_age is None  # "• Meerderjarige …"
    assert service("16", "Jeugdwerk").minimum_age == 6  # "• … tussen 6-12 jaar", "• … de +12 jarigen"


def test_a_noisy_description_does_not_beat_the_fiche_target_group() -> None:
    content = [Block("para", "Meerderjarige leerlingen: zij kunnen ook terecht.", 1, 1)]
    fiche = fiche_targets("Leerlingen van 12 tot 18 jaar", None, [], ["Begeleiding"])
    _, ages = target_of("Begeleiding", content, [], "Meerderjarige leerlingen: …", fiche, False, parse_age_range)
    assert ages == (12, 18)


# --- links in the text ----------------------------------------------------------------------


def test_text_links_skip_link_dumps_but_keep_introduced_urls_and_broken_emails() -> None:
    lines = ["Zie ook onderwijs:", "https://roma.foyer.be", "", "http://www.dump.be/", "Contact:",
             "jan.peeters@g-", "", "o.be", "via de website www.go-"]
    found = {(link.kind, link.value) for link in text_links(lines, 1, len(lines))}
    assert found == {("website", "https://roma.foyer.be"), ("email", "jan.peeters@g-o.be")}


@pytest.mark.parametrize(
    ("name", "link", "expected"),
    [("Romawerking Foyer", "https://roma.foyer.be", True), ("Syntra Brussel", "https://www.syntrabrussel.be", True),
     ("Arktos Brussel", "x@arktos.be", True), ("Arktos Brussel", "x@emino.be", False),
     ("Leersteuncentra", "https://www.vlaanderen.be/x", False)],
)
def test_names_host(name: str, link: str, expected: bool) -> None:
    assert names_host(name, link) is expected


@pytest.mark.parametrize(
    ("key", "field", "value"),
    [("15", "website", "https://www.syntrabrussel.be"), ("19", "website", "https://roma.foyer.be"),
     ("11/leersteuncentrum-kasterlinden", "website", "https://www.kasterlinden.be/leersteuncentrum"),
     ("5/go-ouders", "email", "timothy.van.raemdonck@g-o.be"),
     ("33", "email", "aanmeldingenvlaamsbrabant@arktos.be")],
)
def test_links_written_in_the_fiche_text_belong_to_its_organisation(key: str, field: str, value: str) -> None:
    infos = org(key).contact_infos
    assert value in {v for info in infos for v in (info.emails if field == "email" else info.websites)}


def test_an_offer_takes_the_email_in_its_own_text() -> None:
    assert service("33", "I CAN BXL").email == "aanmeldingen.icanbxl@emino.be"
    assert not any(info.emails == ["aanmeldingen.icanbxl@emino.be"] for info in org("33").contact_infos)


# --- contact data, field labels, phases, schedules -----------------------------------------


def test_lower_case_contactgegevens_line_opens_the_contact_block() -> None:
    names = {o.name for o in result().organizations if o.parent_key == "14"}
    assert {"Arktos", "PROFO vzw", "Groep INTRO", "JES vzw"} <= names


def test_meer_info_over_a_topic_is_not_part_of_the_entry_above() -> None:
    lines = ["PROFO vzw", "Willebroekkaai 36, 1000 Brussel", "E annelies@profo.be", "",
             "Meer info over duaal leren: duaal@tracebrussel.be of 0484 977 086."]
    entries = extract_contacts(lines, 1)
    assert entries[0].emails == ["annelies@profo.be"]
    assert entries[1].heading is None and entries[1].emails == ["duaal@tracebrussel.be"]


@pytest.mark.parametrize(
    ("label", "field", "value"),
    [("Aanmelden: telefonisch", "Aanmelding", "telefonisch"),
     ("Kostprijs voor de doelgroep: gratis", "Kostprijs", "gratis")],
)
def test_field_label_variants(label: str, field: str, value: str) -> None:
    lines = [" 1. Fiche", "", "Doelgroep: iedereen", "", label, "", "Werking:", "", "Tekst.", "",
             "Contactgegevens", "", "X vzw"]
    parts = split_fiche(lines, FicheSpan("1", "Fiche", 1, len(lines)))
    assert parts.fields[field].lines[0] == value


def test_partner_fiches_take_the_phase_of_the_heading_that_introduces_them() -> None:
    assert "interventie" in org("25.3").services[0].facets["fase"]


def test_schedules_are_read_from_offer_text_with_dotted_times() -> None:
    schedules = org("25.6").services[0].schedules
    assert ("TU", "09:00", "16:00") in {(s.byday, s.opens_at, s.closes_at) for s in schedules}
