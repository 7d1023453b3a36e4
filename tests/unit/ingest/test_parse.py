"""parse_infobundle on the bundled document and on bad input."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

import wegwijzer
from wegwijzer.ingest.overlay import overlay_from_dict
from wegwijzer.ingest.parse import organization_name, parse_infobundle
from wegwijzer.ingest.records import ImportResult, InvalidDocumentError, OrganizationRec, ServiceRec

DOCUMENT = Path(wegwijzer.__file__).parent / "data" / "infobundel-schooluitval-brussel.txt"
KANS_PARTNERS = [f"25.{n}" for n in range(1, 12)]


@cache
def result() -> ImportResult:
    return parse_infobundle(DOCUMENT.read_text(encoding="utf-8"))


def org(key: str) -> OrganizationRec:
    return next(o for o in result().organizations if o.key == key)


def service_names(key: str) -> list[str]:
    return [s.name for s in org(key).services]


def all_services() -> list[ServiceRec]:
    return [s for o in result().organizations for s in o.services]


def test_counts_of_organisations_and_services() -> None:
    assert len(result().organizations) > 45
    assert len(all_services()) > 80


def test_every_fiche_is_an_organisation_with_a_report() -> None:
    fiches = [o.key for o in result().organizations if o.parent_key is None]
    assert len(fiches) == 51
    assert [r.fiche for r in result().reports] == fiches


@pytest.mark.parametrize("key", KANS_PARTNERS)
def test_kans_partner_fiches_are_organisations(key: str) -> None:
    assert org(key).fiche == key and org(key).services


def test_every_fiche_organisation_has_a_service() -> None:
    assert all(o.services for o in result().organizations if o.parent_key is None)


@pytest.mark.parametrize("key", ["9", "10", "14", "17", "36"])
def test_sub_organisations_split_by_contact_do_not_copy_the_fiche_offers(key: str) -> None:
    """The fiche's offers stay on the parent; the children carry their own contact entries."""
    children = [o for o in result().organizations if o.parent_key == key]
    assert children and org(key).services
    assert all(not child.services and child.contact_infos for child in children)


def test_overlay_split_with_a_service_gives_the_child_its_own_offer() -> None:
    assert [s.name for s in org("5/vcov").services] == ["Ondersteuning van ouderwerkingen"]


def test_keys_are_unique() -> None:
    keys = [o.key for o in result().organizations]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("1", "Vlaamse Gemeenschapscommissie (VGC)"),
        ("12", "Tracé Brussel vzw"),
        ("13", "Beroepenpunt"),
        ("25", "KANS Centraal Meldpunt Brussel"),
        ("25.1", "Abrusco"),
        ("25.2", "Groep INTRO"),
        ("25.3", "Tigo"),
        ("38", "Actiris"),
        ("31", "Startbanenprojecten JOJO (Scholen voor jongeren – Jongeren voor scholen) VEVE"),
    ],
)
def test_organisation_names_are_cleaned_titles(key: str, name: str) -> None:
    assert org(key).name == name


def test_full_title_is_kept_as_alternate_name() -> None:
    assert org("12").alternate_name.startswith("Tracé Brussel vzw – Leerwinkel Brussel")


@pytest.mark.parametrize(
    ("title", "name"),
    [("YAR Vlaanderen (Youth at risk): YAR Coaching", "YAR Vlaanderen (Youth at risk)"),
     ("Duaal leren / leren en werken", "Duaal leren / leren en werken"),
     ("A (x – y) B", "A (x – y) B")],
)
def test_organization_name(title: str, name: str) -> None:
    assert organization_name(title) == name


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("25.1", ["Individuele begeleiding (enkel voor secundair onderwijs)",
                  "Project Neerhof (enkel voor lager onderwijs)", "Klasactie", "Themawerking", "Herstel",
                  "Coach op school", "Taalkot"]),
        ("12", ["Leerwinkel Brussel", "‘Jump naar Werk’ en het Infopunt Jobstudent Brussel",
                "Bedrijfsbezoeken en informatie over duaal leren"]),
        ("26", ["Kickboks-traject", "Buddy-traject", "Opleidingstraject"]),
    ],
)
def test_service_names(key: str, expected: list[str]) -> None:
    assert service_names(key) == expected


def test_groep_intro_naft_is_an_offer_and_its_modules_are_services() -> None:
    """NAFT has text of its own before its modules: an umbrella offer as well as a grouping."""
    names = service_names("25.2")
    for module in ["FIX", "Klastraject", "Individuele begeleiding", "Herstel", "Schoolondersteuning"]:
        assert module in names
    naft = next(s for s in org("25.2").services if s.name.startswith("NAFT"))
    assert names.index(naft.name) < names.index("FIX")
    assert "FIX" not in naft.description


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("7", ["De Conflixers"]),  # "• De Conflixers: Project waarbij …" (named bullet offer)
        ("32", ["Opleiding en tewerkstelling", "Compagnon de Route", "Digitize Me!"]),
        ("33", ["Lokale partnerschappen", "I CAN BXL"]),  # proper-name title named again below it
        ("21", ["Hopon", "Aanbod naar ouders toe", "CKG Sloebernest"]),  # titles named by contacts
        ("15", ["Leertijd", "Voltijdse dagopleidingen (VDO en PACT)"]),  # titles named by Doelgroep
    ],
)
def test_named_offers_are_services(key: str, expected: list[str]) -> None:
    names = service_names(key)
    assert all(name in names for name in expected), names


@pytest.mark.parametrize(
    ("key", "absent"),
    [("2", "Absolute schoolverzuimers"), ("34", "NT2 alfa"), ("36", "CVO Brussel"), ("17", "Algemeen Werking"),
     ("25.11", "Voortraject"), ("22", "Anoniem"), ("6", "Zomerschool en lenteschool")],
)
def test_topic_lines_and_term_bullets_are_not_offers(key: str, absent: str) -> None:
    assert absent not in service_names(key)


@pytest.mark.parametrize(("key", "name"), [("25", "KANS Centraal Meldpunt Brussel"), ("35", "LIFT Brussel")])
def test_fiche_without_distinct_offers_gets_one_service(key: str, name: str) -> None:
    assert service_names(key) == [name]


def test_short_bullet_lists_are_not_offers() -> None:
    assert "Groepsdynamica" not in service_names("25.2")
    assert not any(name.startswith("Hulp bij het zoeken") for name in service_names("17"))


@pytest.mark.parametrize(
    ("key", "children"),
    [
        ("10", {"VCLB Pieter Breughel", "CLB GO! Brussel", "CLB N-Brussel"}),
        ("5", {"GO! ouders", "KOOGO", "VCOV"}),
        ("4", {"PBD Vrij onderwijs – Regio Mechelen-Brussel", "PBD GO!", "PBD OVSG"}),
        ("36", {"CVO Brussel", "CVO Lethas Brussel"}),
        ("11", {"Leersteuncentrum Kasterlinden", "Leersteuncentrum West-Brabant-Brussel"}),
    ],
)
def test_multi_organisation_fiches_have_sub_organisations(key: str, children: set[str]) -> None:
    found = {o.name for o in result().organizations if o.parent_key == key}
    assert found == children
    assert all(o.key.startswith(key + "/") and o.program_name for o in result().organizations if o.parent_key == key)


def test_municipal_services_are_five_sub_organisations_with_their_own_contacts() -> None:
    children = [o for o in result().organizations if o.parent_key == "17"]
    assert len(children) == 5
    assert {"Intervalle", "Schoolbemiddelingsdienst Evere", "Steunpunt Schoolvragen"} <= {o.name for o in children}
    assert all(len(o.contact_infos) == 1 for o in children)


@pytest.mark.parametrize(("key", "single"), [("12", True), ("15", True), ("25.11", True)])
def test_overlay_keeps_ambiguous_fiches_whole(key: str, single: bool) -> None:
    assert (not any(o.parent_key == key for o in result().organizations)) is single


@pytest.mark.parametrize(
    ("key", "minimum", "maximum"),
    # 25.1's first offer is "(enkel voor secundair onderwijs)": its level, not KANS's 6-25, bounds it
    [("25", 6, 25), ("25.3", 6, 14), ("25.4", 12, 18), ("8", 10, 14), ("22", 10, 20), ("25.1", None, None)],
)
def test_age_ranges(key: str, minimum: int | None, maximum: int | None) -> None:
    service = org(key).services[0]
    assert (service.minimum_age, service.maximum_age) == (minimum, maximum)


@pytest.mark.parametrize(("key", "fees"), [("25.1", "gratis"), ("10", "gratis"), ("8", "20 euro per schooljaar")])
def test_fees(key: str, fees: str) -> None:
    assert org(key).services[0].fees_description == fees


def test_cost_options_are_parsed() -> None:
    assert [c.amount for c in org("8").services[0].cost_options] == [20.0]


@pytest.mark.parametrize(
    ("key", "funding"),
    [("25.1", ["VGC", "Vlaamse Gemeenschap", "Actiris (GECO)", "Brussels Hoofdstedelijk Gewest"]),
     ("25.3", ["VAPH", "VGC"]), ("12", ["VGC", "Actiris", "ESF"])],
)
def test_funding(key: str, funding: list[str]) -> None:
    assert org(key).funding == funding
    assert org(key).services[0].funding == funding


@pytest.mark.parametrize(
    ("key", "phases"),
    [("1", ["preventie"]), ("15", ["interventie", "compensatie"]), ("22", ["interventie"]),
     ("35", ["compensatie"]), ("25.1", ["preventie", "interventie"]), ("40", ["compensatie"]),
     ("10", ["preventie", "interventie"])],
)
def test_phases_from_the_overview(key: str, phases: list[str]) -> None:
    assert org(key).services[0].facets["fase"] == phases


@pytest.mark.parametrize(("key", "phase"), [("20", "preventie"), ("23", "interventie"), ("25.8", "interventie")])
def test_fiches_missing_from_the_overview_take_the_phase_of_their_place(key: str, phase: str) -> None:
    assert phase in org(key).services[0].facets["fase"]


def test_service_description_and_provenance() -> None:
    service = org("25.1").services[0]
    assert service.description.startswith("Het doel van een individueel traject")
    assert "\n\n" in service.description
    assert service.source.fiche == "25.1" and service.source.line_start < service.source.line_end


def test_organisation_description_uses_doelstelling() -> None:
    assert org("25.1").description.startswith("Via preventief werken")


@pytest.mark.parametrize(("fiche", "missing"), [("1", "Doelgroep"), ("5", "Contactgegevens"), ("25", "Kostprijs")])
def test_fiche_reports_list_missing_fields(fiche: str, missing: str) -> None:
    report = next(r for r in result().reports if r.fiche == fiche)
    assert missing in report.missing


def test_complete_document_has_no_warnings() -> None:
    assert result().warnings == []


DEBRIS = re.compile(r"mailto:|javascript:|tel:\d|Netwerk ‘Samen tegen schooluitval’ Brussel\s+\d|\uf0fc|\uf0b7|^https?://\S+$",
                    re.MULTILINE)


def test_footers_link_dumps_and_debris_absent_from_every_text_field() -> None:
    for o in result().organizations:
        texts = [o.name, o.description, o.alternate_name or ""]
        for s in o.services:
            texts += [s.name, s.description, s.eligibility_description or "", s.application_process or "",
                      s.fees_description or ""]
        for text in texts:
            assert not DEBRIS.search(text), (o.key, text[:80])


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n ", "\x00\x01\x02binary\x00\x00" * 200, "\ufffd\ufffd\x07" * 500,
     "Het weer is vandaag mooi. Morgen regent het in Brussel.\n" * 50,
     "1. Inleiding\n\nDit is een verslag over de vergadering van het bestuur.\n\n2. Besluit\n\nGoedgekeurd.\n"],
)
def test_bad_input_raises_invalid_document_error(text: str) -> None:
    with pytest.raises(InvalidDocumentError):
        parse_infobundle(text)


@pytest.mark.parametrize("before", [" 20. IROJ", " 40. Actief Zoeken", "25.4. Try-out"])
def test_document_cut_off_between_fiches_is_refused(before: str) -> None:
    lines = DOCUMENT.read_text(encoding="utf-8").split("\n")
    cut = next(i for i, line in enumerate(lines) if line.strip().startswith(before.strip()))
    with pytest.raises(InvalidDocumentError, match="onvolledig"):
        parse_infobundle("\n".join(lines[:cut]))


@pytest.mark.parametrize("share", [0.3, 0.6, 0.9, 0.96])
def test_document_cut_off_mid_text_is_refused(share: float) -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    with pytest.raises(InvalidDocumentError, match="onvolledig"):
        parse_infobundle(text[: int(len(text) * share)])


def test_overlay_entries_need_a_reason() -> None:
    with pytest.raises(ValueError, match="reason"):
        overlay_from_dict({"organizations": {"12": {"split": "none"}}})


def test_parser_without_overlay_detects_sub_organisations_from_contacts() -> None:
    plain = parse_infobundle(DOCUMENT.read_text(encoding="utf-8"), overlay=overlay_from_dict({}))
    assert {o.name for o in plain.organizations if o.parent_key == "10"} == {
        "VCLB Pieter Breughel", "CLB GO! Brussel", "CLB N-Brussel"}
