"""Contact blocks -> ContactInfo: field parsers (tables) and real blocks of the bundled document."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from wegwijzer.ingest.addresses import parse_postcode_line, parse_street_and_postcode, parse_street_line
from wegwijzer.ingest.contact_lines import clean_lines
from wegwijzer.ingest.contacts import extract_contacts, find_emails, find_websites, normalise_website
from wegwijzer.ingest.persons import email_matches_name, parse_person_line
from wegwijzer.ingest.phones import normalise_phone, phones_in_line
from wegwijzer.ingest.postcodes import (
    municipality_for_postcode,
    postcode_for_municipality_name,
    province_for_postcode,
)
from wegwijzer.ingest.records import ContactInfo
from wegwijzer.ingest.schedules import extract_schedules

DOCUMENT = Path(__file__).parents[3] / "wegwijzer" / "data" / "infobundel-schooluitval-brussel.txt"
FICHE_TITLE_RE = re.compile(r"^\s?\d{1,2}(?:\.\d{1,2})?\.\s+\S")
PHONE_FORMAT_RE = re.compile(
    r"^\+32 (?:[2349] \d{3} \d{2} \d{2}|[1-9]\d \d{2} \d{2} \d{2}|4\d\d \d{2} \d{2} \d{2}|800 \d{2} \d{3})$"
)


# ---------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("02/ 563 03 00", "+32 2 563 03 00"),
        ("02 529.88.52", "+32 2 529 88 52"),
        ("0489/54 66 22", "+32 489 54 66 22"),
        ("02-563 05 63", "+32 2 563 05 63"),
        ("0474791042", "+32 474 79 10 42"),
        ("0498/167176", "+32 498 16 71 76"),
        ("02/424. 22 20", "+32 2 424 22 20"),
        ("+32 2 313 33 00", "+32 2 313 33 00"),
        ("+32 (0)476 20 82 44", "+32 476 20 82 44"),
        ("+32 (0)2 313 33 00", "+32 2 313 33 00"),
        ("0032 2 553 93 76", "+32 2 553 93 76"),
        ("0800-20 808", "+32 800 20 808"),
        ("0800 35 123", "+32 800 35 123"),
        ("03 231 45 67", "+32 3 231 45 67"),
        ("015 28 00 00", "+32 15 28 00 00"),
        ("09 210 10 10", "+32 9 210 10 10"),
    ],
)
def test_phone_in_any_written_form_is_normalised(text: str, expected: str) -> None:
    assert normalise_phone(text) == expected


@pytest.mark.parametrize("text", ["1070", "02 55", "2023-2024", "01/09/2023", "0123456789012"])
def test_text_that_is_not_a_phone_number_is_refused(text: str) -> None:
    assert normalise_phone(text) is None


@pytest.mark.parametrize(
    ("line", "numbers", "description", "kind"),
    [
        ("Telefoon:  02 426 63 61", ["+32 2 426 63 61"], "Telefoon", "voice"),
        ("GSM: 0477 56 58 37", ["+32 477 56 58 37"], "GSM", "cell"),
        ("Fax: 02 411 00 00", ["+32 2 411 00 00"], "Fax", "fax"),
        ("Onthaal: 02 553 93 76", ["+32 2 553 93 76"], "Onthaal", "voice"),
        ("Mobiel : +32 (0)476 20 82 44", ["+32 476 20 82 44"], "Mobiel", "cell"),
        ("Tel  02 553 26 91 en 02 553 22 92", ["+32 2 553 26 91", "+32 2 553 22 92"], "Tel", "voice"),
        ("T 02 421 17 70", ["+32 2 421 17 70"], None, "voice"),
        ("0800-20 808 - klachtenlijn@kinderrechten.be", ["+32 800 20 808"], None, "voice"),
        ("info.bxl@tejo.be | 0495 87 34 08 | www.tejo.be", ["+32 495 87 34 08"], None, "cell"),
        ("02 553 30 20 02 553 05 82", ["+32 2 553 30 20", "+32 2 553 05 82"], None, "voice"),
    ],
)
def test_phone_line_keeps_label_as_description_and_type(
    line: str, numbers: list[str], description: str | None, kind: str
) -> None:
    found = phones_in_line(line)
    assert [p.number for p in found] == numbers
    assert {p.description for p in found} == {description}
    assert found[0].type == kind


# ---------------------------------------------------------------- e-mails and websites


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("mailto:Lop.brussel@vlaanderen.be", ["lop.brussel@vlaanderen.be"]),
        ("E-mail:   zorgloket@lscwbb.be  ", ["zorgloket@lscwbb.be"]),
        ("jojo@vlaanderen.be of veve@vlaanderen.be", ["jojo@vlaanderen.be", "veve@vlaanderen.be"]),
        ("(ateclu@perspective.brussels).", ["ateclu@perspective.brussels"]),
    ],
)
def test_email_is_lower_cased_without_mailto_and_punctuation(line: str, expected: list[str]) -> None:
    assert find_emails(line) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("www.vgc.be", "https://www.vgc.be"),
        ("https://www.lscwbb.be/", "https://www.lscwbb.be"),
        ("http://www.clbnbrussel.be/", "http://www.clbnbrussel.be"),
        ("https://www.clbbrussel.be/site/", "https://www.clbbrussel.be/site/"),
        ("www.ligo.be/brusselleer", "https://www.ligo.be/brusselleer"),
        ("WWW.Example.BE/Pad", "https://www.example.be/Pad"),
        ("javascript:void(0)", None),
    ],
)
def test_website_gets_scheme_and_loses_only_a_bare_root_slash(url: str, expected: str | None) -> None:
    assert normalise_website(url) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Website:  https://www.lscwbb.be/ ", ["https://www.lscwbb.be"]),
        ("https://www. grooteiland.be/", ["https://www.grooteiland.be"]),
        ("Voor meer info of contactmogelijkheden: www.actiris.be", ["https://www.actiris.be"]),
        ("info@roadtoglory.be", []),
    ],
)
def test_websites_are_found_in_a_line_but_not_in_email_domains(line: str, expected: list[str]) -> None:
    assert find_websites(line) == expected


# ---------------------------------------------------------------- addresses and postcodes


@pytest.mark.parametrize(
    ("line", "address_1", "address_2"),
    [
        ("Emile Jacqmainlaan 135", "Emile Jacqmainlaan 135", None),
        ("de Fiennesstraat71", "de Fiennesstraat 71", None),
        ("Leopold II-laan 178", "Leopold II-laan 178", None),
        ("Leopold II laan 184D", "Leopold II laan 184D", None),
        ("Marcqstraat 16-18", "Marcqstraat 16-18", None),
        ("Havenlaan 86c, bus 209", "Havenlaan 86c", "bus 209"),
        ("A. Vandenschrieckstraat 77", "A. Vandenschrieckstraat 77", None),
        ("Rue Haute 12", "Rue Haute 12", None),
    ],
)
def test_street_line_is_recognised(line: str, address_1: str, address_2: str | None) -> None:
    street = parse_street_line(line)
    assert street is not None
    assert (street.address_1, street.address_2) == (address_1, address_2)


@pytest.mark.parametrize(
    "line", ["Leersteuncentrum West-Brabant Brussel", "Gebouw 302 (2e & 3e verdieping)", "Directeur: Jan 12"]
)
def test_non_street_line_is_not_a_street(line: str) -> None:
    assert parse_street_line(line) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1000 Brussel", ("1000", "Brussel")),
        ("B-1000 Brussel", ("1000", "Brussel")),
        ("1080 Sint-Jans-Molenbeek", ("1080", "Sint-Jans-Molenbeek")),
        ("1210 Sint Joost Ten Node", ("1210", "Sint Joost Ten Node")),
        ("02 553 30 20", None),
    ],
)
def test_postcode_line_gives_code_and_city_as_written(line: str, expected: tuple[str, str] | None) -> None:
    assert parse_postcode_line(line) == expected


def test_street_without_postcode_gives_address_with_empty_postcode() -> None:
    [entry] = extract_contacts(["Try-out ", "Actieplek Brussel : Havenlaan 53 ",
                                "Actieplek Vilvoorde : het Zennelab en Houtem, Derdeschoofstraat 5 "])
    found = [(a.address_1, a.address_2, a.postal_code, a.city, a.municipality) for a in entry.addresses]
    assert found == [
        ("Havenlaan 53", "Actieplek Brussel", "", "Brussel", "brussel-stad"),
        ("Derdeschoofstraat 5", "Actieplek Vilvoorde, het Zennelab en Houtem", "", "", None),
    ]


def test_street_and_postcode_on_one_line_are_split() -> None:
    parsed = parse_street_and_postcode("Koning Albert II-laan 15, 1120 Brussel")
    assert parsed is not None
    assert parsed[0].address_1 == "Koning Albert II-laan 15"
    assert parsed[1] == ("1120", "Brussel")


@pytest.mark.parametrize(
    ("code", "municipality", "province"),
    [
        ("1000", "brussel-stad", "Brussels Hoofdstedelijk Gewest"),
        ("1020", "brussel-stad", "Brussels Hoofdstedelijk Gewest"),
        ("1130", "brussel-stad", "Brussels Hoofdstedelijk Gewest"),
        ("1080", "sint-jans-molenbeek", "Brussels Hoofdstedelijk Gewest"),
        ("1210", "sint-joost-ten-node", "Brussels Hoofdstedelijk Gewest"),
        ("1008", "brussel-stad", "Brussels Hoofdstedelijk Gewest"),
        ("1800", "buiten-brussel", "Vlaams-Brabant"),
        ("2800", "buiten-brussel", "Antwerpen"),
        ("1348", "buiten-brussel", "Waals-Brabant"),
        ("3000", "buiten-brussel", "Vlaams-Brabant"),
        ("9000", "buiten-brussel", "Oost-Vlaanderen"),
    ],
)
def test_postcode_maps_to_municipality_and_province(code: str, municipality: str, province: str) -> None:
    assert municipality_for_postcode(code) == municipality
    assert province_for_postcode(code) == province


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Molenbeek", "1080"), ("Sint-Jans-Molenbeek", "1080"), ("Schaerbeek", "1030"),
        ("Elsene/Ixelles", "1050"), ("Stad Brussel", "1000"), ("Laken", "1020"),
        ("Sint Joost ten Node", "1210"), ("Saint-Josse-ten-Noode", "1210"), ("Vilvoorde", None),
    ],
)
def test_municipality_name_in_dutch_or_french_gives_postcode(name: str, code: str | None) -> None:
    assert postcode_for_municipality_name(name) == code


# ---------------------------------------------------------------- persons


@pytest.mark.parametrize(
    ("line", "name", "title", "org"),
    [
        ("Directeur:  Kerlijn Quaghebeur", "Kerlijn Quaghebeur", "Directeur", None),
        ("Contactpersoon: Eva Trogh", "Eva Trogh", "Contactpersoon", None),
        ("Algemeen coördinator specifiek leersteuncentrum 467: Sam Leys", "Sam Leys",
         "Algemeen coördinator specifiek leersteuncentrum 467", None),
        ("Eva Trogh – coördinator", "Eva Trogh", "coördinator", None),
        ("Marie Lorent, trajectbegeleiding", "Marie Lorent", "trajectbegeleiding", None),
        ("Gregory De Sutter (coördintor)", "Gregory De Sutter", "coördintor", None),
        ("Directrice Mevrouw Catherine Kinet", "Catherine Kinet", "Directrice", None),
        ("Groep Intro: Yassin Kaddani", "Yassin Kaddani", None, "Groep Intro"),
        ("Contacteer Jeroen Weckhuysen op 0484 07 88 50", "Jeroen Weckhuysen", None, None),
    ],
)
def test_person_line_gives_name_title_or_organisation(
    line: str, name: str, title: str | None, org: str | None
) -> None:
    person = parse_person_line(line)
    assert person is not None
    assert (person.name, person.title, person.org) == (name, title, org)


@pytest.mark.parametrize(
    "line",
    ["Vlaamse Scholierenkoepel", "Cité des Métiers Bruxelles – Beroepenpunt Brussel", "Leopold II-laan 178",
     "Voor aanmeldingen:", "Klachtenlijn van het Kinderrechtencommissariaat:", "Tracé Brussel  vzw"],
)
def test_organisation_or_label_line_is_not_a_person(line: str) -> None:
    assert parse_person_line(line) is None


@pytest.mark.parametrize(
    ("email", "name", "expected"),
    [
        ("erin.aznag@yarvlaanderen.be", "Erin Aznag", True),
        ("marie@grooteiland.be", "Marie Lorent", True),
        ("gregory.desutter@x.be", "Gregory De Sutter", True),
        ("atrefois@perspective.brussels", "Anne Tréfois", True),
        ("info@scholierenkoepel.be", "Marie Lorent", False),
        ("werkwinkelzuid@tracebrussel.be", "Werkwinkel Anderlecht", False),
    ],
)
def test_email_built_from_a_name_belongs_to_that_person(email: str, name: str, expected: bool) -> None:
    assert email_matches_name(email, name) is expected


def test_inline_person_list_gives_one_contact_per_name_with_email() -> None:
    block = [
        " Contactgegevens: Anne Tréfois (atrefois@perspective.brussels); Donatienne Deby ",
        "(ddeby@perspective.brussels), Alin Teclu (ateclu@perspective.brussels).  ",
    ]
    [entry] = extract_contacts(block, 10)
    assert [(c.name, c.email) for c in entry.contacts] == [
        ("Anne Tréfois", "atrefois@perspective.brussels"),
        ("Donatienne Deby", "ddeby@perspective.brussels"),
        ("Alin Teclu", "ateclu@perspective.brussels"),
    ]


def test_person_with_email_and_phone_in_parentheses_gets_both() -> None:
    [entry] = extract_contacts(["Coördinator: Jan Peeters (jan.peeters@x.be, 0477 12 34 56) "])
    [person] = entry.contacts
    assert (person.title, person.email, [p.number for p in person.phones]) == (
        "Coördinator", "jan.peeters@x.be", ["+32 477 12 34 56"])
    assert entry.phones == [] and entry.emails == []


# ---------------------------------------------------------------- schedules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Openingsuren: maandag tot vrijdag van 9u tot 17u", [("MO,TU,WE,TH,FR", "09:00", "17:00")]),
        ("ma-vr 9.00-12.30 en 13.30-16.30",
         [("MO,TU,WE,TH,FR", "09:00", "12:30"), ("MO,TU,WE,TH,FR", "13:30", "16:30")]),
        ("woensdag 13u-17u", [("WE", "13:00", "17:00")]),
        ("dinsdag en donderdag van 9u30 tot 12u", [("TU,TH", "09:30", "12:00")]),
        ("tijdens de permanentie (Ma-Do 14-17u) of bellen", [("MO,TU,WE,TH", "14:00", "17:00")]),
        ("op maandag, dinsdag en donderdag van 17h00 tot 21h00.", [("MO,TU,TH", "17:00", "21:00")]),
        ("- Dinsdag 09.00 – 16.00 \n- Woensdag 09.00 – 12.00", [("TU", "09:00", "16:00"), ("WE", "09:00", "12:00")]),
        ("langs te komen op woensdagnamiddag om 13u30.", [("WE", "13:30", None)]),
        ("maandag t.e.m. donderdag van 9 tot 16 uur", [("MO,TU,WE,TH", "09:00", "16:00")]),
        ("van 9u tot 12u", [(None, "09:00", "12:00")]),
    ],
)
def test_opening_hours_phrasing_gives_one_schedule_per_time_range(
    text: str, expected: list[tuple[str | None, str, str | None]]
) -> None:
    found = extract_schedules(text)
    assert [(s.byday, s.opens_at, s.closes_at) for s in found] == expected
    assert all(s.description for s in found)


@pytest.mark.parametrize(
    "text", ["jongeren van 12-18 jaar", "schooljaar 2023-2024", "zo snel mogelijk", "20u per week"]
)
def test_text_without_opening_hours_gives_no_schedule(text: str) -> None:
    assert extract_schedules(text) == []


# ---------------------------------------------------------------- block mechanics


def test_link_dump_lines_and_footers_are_ignored() -> None:
    block = [
        "Contactgegevens ",
        "Abrusco ",
        "www.abrusco.be ",
        "http://www.dorifor.be/",
        "mailto:other@x.be",
        "tel:024266361",
        "javascript:void(0)",
        "Netwerk ‘Samen tegen schooluitval’ Brussel   96 ",
    ]
    [entry] = extract_contacts(block)
    assert (entry.heading, entry.websites) == ("Abrusco", ["https://www.abrusco.be"])
    assert (entry.emails, entry.phones) == ([], [])


def test_line_numbers_count_from_first_line_no() -> None:
    [entry] = extract_contacts(["Contactgegevens ", "", "VGC ", "Emile Jacqmainlaan 135 ", "1000 Brussel "], 974)
    assert (entry.line_start, entry.line_end) == (976, 978)


def test_block_starting_with_an_address_has_no_heading() -> None:
    [entry] = extract_contacts(["Grootgodhuisstraat 7, 1000 Brussel ", "info.bxl@tejo.be | 0495 87 34 08 "])
    assert entry.heading is None
    assert entry.addresses[0].municipality == "brussel-stad"


def test_sibling_sub_heading_inherits_the_group_heading() -> None:
    block = [
        "CVO X ", "Campus Kaai ", "Materiaalstraat 67 ", "1070 Anderlecht ", "",
        "Campus Rouppe ", "Rouppeplein 16 ", "1000 Brussel ", "",
        "Werkwinkel Y ", "Rouppeplein 15 ", "1000 Brussel ",
    ]
    headings = [e.heading for e in extract_contacts(block)]
    assert headings == ["CVO X – Campus Kaai", "CVO X – Campus Rouppe", "Werkwinkel Y"]


def test_two_column_lines_split_on_the_widest_gap() -> None:
    block = [
        "Werkwinkel A   Werkwinkel B ",
        "Rouppeplein 15     Birminghamstraat  225 ",
        "1000 Brussel     1070 Anderlecht ",
        "02/289 00 90     02/526 20 80 ",
    ]
    entries = extract_contacts(block)
    assert [(e.heading, e.addresses[0].address_1, e.phones[0].number) for e in entries] == [
        ("Werkwinkel A", "Rouppeplein 15", "+32 2 289 00 90"),
        ("Werkwinkel B", "Birminghamstraat 225", "+32 2 526 20 80"),
    ]


def test_new_street_after_a_complete_address_starts_a_new_entry() -> None:
    block = ["Kazernestraat 37 ", "1000 Brussel ", "02 279 65 17 ", "Lindestraat 255 ", "1140 Evere "]
    entries = extract_contacts(block)
    assert [e.addresses[0].municipality for e in entries] == ["brussel-stad", "evere"]


def test_stripped_lines_still_drop_link_dump_runs() -> None:
    block = ["Abrusco", "www.abrusco.be", "", "http://www.abrusco.be/", "mailto:x@y.be", "https://www.dorifor.be/"]
    [entry] = extract_contacts(block)
    assert entry.websites == ["https://www.abrusco.be"]
    assert entry.emails == []


def test_block_without_data_gives_no_entry() -> None:
    assert extract_contacts(["Contactgegevens: ", "zie hoger "]) == []


# ---------------------------------------------------------------- real blocks of the document


@cache
def document_lines() -> tuple[str, ...]:
    return tuple(DOCUMENT.read_text(encoding="utf-8").split("\n"))


def contact_block(title: str) -> tuple[list[str], int]:
    """Lines from the "Contactgegevens" heading after the fiche ``title`` up to the next fiche title."""
    lines = document_lines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(title))
    heading = next(i for i in range(start, len(lines)) if "Contactgegevens" in lines[i])
    end = next((i for i in range(heading + 1, len(lines)) if FICHE_TITLE_RE.match(lines[i])), len(lines))
    return list(lines[heading:end]), heading + 1


def contacts_of(title: str) -> list[ContactInfo]:
    block, first = contact_block(title)
    return extract_contacts(block, first)


def all_phones(entry: ContactInfo) -> list[str]:
    return [p.number for p in entry.phones] + [p.number for c in entry.contacts for p in c.phones]


def test_fiche_17_two_column_block_gives_five_services() -> None:
    entries = contacts_of("17. Gemeentelijke diensten")
    summary = [(e.heading, e.addresses[0].postal_code, e.addresses[0].municipality, all_phones(e)) for e in entries]
    assert summary == [
        ("Steunpunt Schoolvragen", "1070", "anderlecht", ["+32 2 529 88 52"]),
        ("Schoolbemiddelingsdienst Evere", "1140", "evere", ["+32 2 215 15 24"]),
        ("Schoolbemiddelig en begeleiding Déclic", "1030", "schaarbeek", ["+32 2 215 30 87"]),
        ("Intervalle", "1090", "jette", ["+32 2 423 11 59"]),
        ("Bravvo vzw - Nota Bene", "1000", "brussel-stad", ["+32 2 279 65 17"]),
    ]
    assert entries[0].addresses[0].address_1 == "de Fiennesstraat 71"
    assert entries[3].addresses[0].address_1 == "A. Vandenschrieckstraat 77"


@pytest.mark.parametrize(
    ("title", "index", "heading", "phones", "emails", "websites", "address"),
    [
        ("1. Vlaamse Gemeenschapscommissie", 0, "VGC", ["+32 2 563 03 00"], [], ["https://www.vgc.be"],
         ("Emile Jacqmainlaan 135", "1000", "brussel-stad")),
        ("2. Agentschap voor OnderwijsDiensten", 0, None, ["+32 2 553 93 76"], [], [],
         ("Koning Albert II-laan 15", "1210", "sint-joost-ten-node")),
        ("4. Pedagogische begeleidingsdienst", 1, "PBD bisdom Mechelen- Brussel", ["+32 470 20 04 07"], [],
         ["http://www.vikom.be/dienst-pedagogische-begeleiding/algemeen"],
         ("F. de Merodestraat 18", "2800", "buiten-brussel")),
        ("7. Vlaamse scholierenkoepel", 0, "Vlaamse Scholierenkoepel", ["+32 495 60 25 20"],
         ["info@scholierenkoepel.be"], ["https://www.scholierenkoepel.be"],
         ("Bloemenhofplein 12", "1000", "brussel-stad")),
        ("10. Centrum voor leerlingenbegeleiding", 1, "CLB GO! Brussel", ["+32 2 479 25 05"], [],
         ["https://www.clbbrussel.be/site/"], ("Technologiestraat 1", "1082", "sint-agatha-berchem")),
        ("12. Tracé Brussel", 2, "Leerwinkel Brussel", ["+32 2 233 37 60"], ["info@leerwinkel.brussels"], [],
         ("Rouppeplein 16", "1000", "brussel-stad")),
        ("15. Syntra Brussel", 0, "Campus Tour & Taxis", ["+32 2 421 17 70"], [], [],
         ("Havenlaan 86c", "1000", "brussel-stad")),
        ("15. Syntra Brussel", 1, "Campus Ukkel", ["+32 2 331 68 01"], [], [], ("Stallestraat 292", "1180", "ukkel")),
        ("18. Kinderrechtencommissariaat", 1, "Klachtenlijn van het Kinderrechtencommissariaat", ["+32 800 20 808"],
         ["klachtenlijn@kinderrechten.be"], ["https://www.kinderrechten.be"], None),
        ("19. Romawerking Foyer", 0, "Dienst Roma en woonwagenbewoners", ["+32 2 411 87 32"], ["koen.geurts@foyer.be"],
         [], ("Mommaertsstraat 22", "1080", "sint-jans-molenbeek")),
        ("21. I-mens", 1, "CKG Sloebernest", ["+32 2 424 22 20"], [], ["http://www.ckg.be"],
         ("Alphonse en Maurice Hellickxstraat 45", "1083", "ganshoren")),
        ("22. TEJO BXL", 0, None, ["+32 495 87 34 08"], ["info.bxl@tejo.be"], ["https://www.tejo.be"],
         ("Grootgodhuisstraat 7", "1000", "brussel-stad")),
        ("24. Centrum Geestelijke Gezondheidszorg", 0, "CGG Brussel deelwerking Kruidtuin", ["+32 2 511 06 60"],
         ["kruidtuin@cgg-brussel.be"], ["http://www.cgg-brussel.be"],
         ("Haachtsesteenweg 76", "1210", "sint-joost-ten-node")),
        ("25.3. Tigo", 0, "OBC Espero", ["+32 2 880 86 90"], [], ["https://www.obc-espero.be"],
         ("Middelweg 99", "1130", "brussel-stad")),
        ("25.7. Huppeldepup", 0, None, ["+32 498 16 71 76"], ["boerderij@huppeldepup-vzw.be"], [],
         ("Warandestraat 48", "1851", "buiten-brussel")),
        ("30. YouthStart", 0, "YouthStart Belgium VZW", ["+32 2 313 33 00", "+32 492 81 08 08"], ["info@youthstart.be"],
         ["https://www.youthstart.be"], ("Luchthavenlaan 10", "1800", "buiten-brussel")),
        ("31. Startbanenprojecten JOJO", 0,
         "Vlaamse overheid – Agentschap Onderwijsdiensten (AGODI) – Afdeling Scholen en Leerlingen",
         ["+32 2 553 26 91", "+32 2 553 22 92"], ["jojo@vlaanderen.be", "veve@vlaanderen.be"],
         ["https://onderwijs.vlaanderen.be/nl/directies-en-administraties/personeelszaken/startbanenprojecten-jojo-en-veve"],
         ("Koning Albert II-laan 15", "1120", "brussel-stad")),
        ("36. Secundair volwassenenonderwijs", 3, "CVO Lethas Brussel – Campus Rouppe", ["+32 2 514 25 00"],
         ["tko@cvolethas.be"], ["https://www.cvolethas.be"], ("Rouppeplein 16", "1000", "brussel-stad")),
        ("38. Actiris", 0, "Actiris hoofdkantoor", ["+32 800 35 123"], [], ["https://www.actiris.be"],
         ("Sterrenkundelaan 14", "1210", "sint-joost-ten-node")),
        ("39. Brusselse werkwinkels", 1, "Werkwinkel Anderlecht", ["+32 2 526 20 80"],
         ["werkwinkelzuid@tracebrussel.be"], [], ("Birminghamstraat 225", "1070", "anderlecht")),
    ],
)
def test_real_contact_block_entry_has_the_documented_facts(
    title: str, index: int, heading: str | None, phones: list[str], emails: list[str], websites: list[str],
    address: tuple[str, str, str] | None,
) -> None:
    entry = contacts_of(title)[index]
    assert entry.heading == heading
    assert all_phones(entry) == phones
    assert entry.emails == emails
    assert entry.websites == websites
    if address:
        found = entry.addresses[0]
        assert (found.address_1, found.postal_code, found.municipality) == address


@pytest.mark.parametrize(
    ("title", "count"),
    [("4. Pedagogische begeleidingsdienst", 3), ("9. Lokaal OverlegPlatform", 2),
     ("10. Centrum voor leerlingenbegeleiding", 3), ("12. Tracé Brussel", 4), ("21. I-mens", 2),
     ("25.10. REBOUND", 2), ("36. Secundair volwassenenonderwijs", 4), ("37. CAD1", 1),
     ("25. KANS Centraal Meldpunt", 1), ("39. Brusselse werkwinkels", 3)],
)
def test_real_block_has_one_entry_per_organisation(title: str, count: int) -> None:
    assert len(contacts_of(title)) == count


@pytest.mark.parametrize(
    ("title", "index", "name", "person_title", "email", "phones"),
    [
        ("3. Dienst Scholen en Studentenleven", 0, "Anne Tréfois", None, "atrefois@perspective.brussels", []),
        ("11. Leersteuncentra", 0, "Kerlijn Quaghebeur", "Directeur", None, []),
        ("11. Leersteuncentra", 0, "Sam Leys", "Algemeen coördinator specifiek leersteuncentrum 467", None, []),
        ("13. Beroepenpunt", 0, "Catherine Kinet", "Directrice", "catherine.kinet@cdm-bp.brussels",
         ["+32 476 20 82 44"]),
        ("25.4. Try-out", 0, "Pats Van Crombruggen", None, None, ["+32 479 99 09 62"]),
        ("25.5. Atelier Groot Eiland", 0, "Marie Lorent", "trajectbegeleiding", "marie@grooteiland.be",
         ["+32 472 34 00 17"]),
        ("25.6. Tito", 0, "Gregory De Sutter", "coördintor", "gregory.desutter@kiwoluwe.broedersvanliefde.be",
         ["+32 474 79 10 42"]),
        ("25.10. REBOUND", 1, "Kasper Nachtergaele", None, "kasper.nachtergaele@jes.be", ["+32 499 69 53 85"]),
        ("25.11. YAR Vlaanderen", 1, "Sander Tilkin", None, "sander.tilkin@yarvlaanderen.be", ["+32 487 37 71 06"]),
        ("27. Platform voor de samenlevingsdienst", 0, "Jeroen Weckhuysen", None, None, ["+32 484 07 88 50"]),
        ("30. YouthStart", 0, "Marc Ruysschaert", "Director Training & Partner Projects",
         "marc.ruysschaert@youthstart.be", ["+32 492 81 08 08"]),
    ],
)
def test_real_block_names_contact_persons_with_their_own_details(
    title: str, index: int, name: str, person_title: str | None, email: str | None, phones: list[str]
) -> None:
    entry = contacts_of(title)[index]
    person = next(c for c in entry.contacts if c.name == name)
    assert (person.title, person.email, [p.number for p in person.phones]) == (person_title, email, phones)


def test_fiche_13_director_in_right_column_joins_the_organisation_entry() -> None:
    [entry] = contacts_of("13. Beroepenpunt")
    assert entry.heading == "Cité des Métiers Bruxelles – Beroepenpunt Brussel"
    assert entry.emails == ["info@cdm-bp.brussels"]
    assert entry.addresses[0].city == "Sint-Joost-ten-Node"


def test_fiche_25_prose_after_the_contact_data_is_not_an_entry() -> None:
    [entry] = contacts_of("25. KANS Centraal Meldpunt")
    assert (entry.heading, entry.line_end) == ("KANS Centraal Meldpunt Brussel", 3860)


@cache
def every_block() -> list[tuple[int, list[str], list[ContactInfo]]]:
    lines = document_lines()
    blocks = []
    for index, line in enumerate(lines):
        if "Contactgegevens" in line:
            end = next((i for i in range(index + 1, len(lines)) if FICHE_TITLE_RE.match(lines[i])), len(lines))
            block = list(lines[index:end])
            blocks.append((index + 1, block, extract_contacts(block, index + 1)))
    return blocks


def test_every_contact_block_of_the_document_is_parsed() -> None:
    blocks = every_block()
    assert len(blocks) == 44
    assert all(entries for _, _, entries in blocks)


def test_every_email_of_every_block_is_found_and_none_is_invented() -> None:
    for first, block, entries in every_block():
        text = " ".join(line.text for line in clean_lines(block, first) if line)
        expected = set(find_emails(text))
        found = {e for entry in entries for e in entry.emails}
        found |= {c.email for entry in entries for c in entry.contacts if c.email}
        assert found == expected, first


def test_every_phone_of_the_document_blocks_is_well_formed_and_debris_links_are_not_used() -> None:
    numbers = [n for _, _, entries in every_block() for entry in entries for n in all_phones(entry)]
    websites = [w for _, _, entries in every_block() for entry in entries for w in entry.websites]
    assert len(numbers) == 64
    assert all(PHONE_FORMAT_RE.match(n) for n in numbers)
    assert "+32 2 894 74 71" not in numbers  # only a "tel:" link target, not written in the text
    assert not [w for w in websites if "google." in w or "dorifor" in w or "ateliergrooteiland" in w]


def test_every_address_of_the_document_blocks_has_a_postcode_and_municipality() -> None:
    every = [a for _, _, entries in every_block() for entry in entries for a in entry.addresses]
    found = [a for a in every if a.postal_code]
    assert len(found) == 55
    assert [(a.address_1, a.city) for a in every if not a.postal_code] == [
        ("Havenlaan 53", "Brussel"), ("Derdeschoofstraat 5", "")]
    assert all(re.fullmatch(r"\d{4}", a.postal_code) and a.municipality for a in found)
    outside = sorted({(a.postal_code, a.state_province) for a in found if a.municipality == "buiten-brussel"})
    assert outside == [("1745", "Vlaams-Brabant"), ("1750", "Vlaams-Brabant"), ("1800", "Vlaams-Brabant"),
                       ("1851", "Vlaams-Brabant"), ("2800", "Antwerpen")]
