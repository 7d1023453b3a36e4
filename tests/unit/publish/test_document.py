"""The published infobundle's document model: a snapshot of rows in, fiches, sections and the overview out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from wegwijzer.directory.hsds import Snapshot
from wegwijzer.publish.document import build_document, data_date, split_description

Row = dict[str, Any]
PHASES = ("preventie", "interventie", "compensatie")


def org(oid: str, name: str, fiche: str | None, order: int, parent: str | None = None, **kw: Any) -> Row:
    return {"id": oid, "name": name, "alternate_name": None, "description": kw.pop("description", ""),
            "email": None, "website": None, "parent_organization_id": parent, "sort_order": order,
            "source_fiche": fiche, **kw}


def svc(sid: str, oid: str, name: str, order: int = 0, **kw: Any) -> Row:
    return {"id": sid, "organization_id": oid, "name": name, "description": kw.pop("description", ""),
            "status": kw.pop("status", "active"), "sort_order": order, **kw}


def phase(sid: str, code: str) -> Row:
    return {"id": f"attr-{sid}-{code}", "link_id": sid, "taxonomy_term_id": f"term-{code}", "link_type": "fase",
            "link_entity": "service", "value": code}


def snapshot(orgs: list[Row], services: list[Row], **tables: list[Row]) -> Snapshot:
    terms = [{"id": f"term-{code}", "code": code, "name": code.capitalize(), "description": f"Fase {code}",
              "taxonomy": "fase", "sort_order": i} for i, code in enumerate(PHASES)]
    return Snapshot({"organization": orgs, "service": services, "taxonomy_term": terms, "taxonomy": [],
                     **tables})


def labelled(section_list: list[Any]) -> dict[str, str]:
    return {s.key: s.text for s in section_list}


def test_fiche_heading_is_number_dot_name_as_in_the_infobundle() -> None:
    doc = build_document(snapshot([org("o1", "Tracé Brussel vzw", "12", 1)], [svc("s1", "o1", "Trajecten")]))
    assert [f.title for f in doc.fiches] == ["12. Tracé Brussel vzw"]
    unnumbered = build_document(snapshot([org("o1", "Nieuwe organisatie", None, 1)], []))
    assert unnumbered.fiches[0].title == "Nieuwe organisatie"


def test_sections_follow_the_infobundle_order_and_empty_ones_are_left_out() -> None:
    orgs = [org("o1", "AGODI", "2", 1, description="Kwaliteitsvol onderwijs.\n\nAGODI heeft opdrachten.")]
    services = [svc("s1", "o1", "Discimus", eligibility_description="Scholen en ouders", application_process="nvt",
                    fees_description=None)]
    funding = [{"id": "f1", "organization_id": "o1", "source": "Vlaamse overheid"}]
    unit = build_document(snapshot(orgs, services, funding=funding)).fiches[0].organization
    assert [s.key for s in unit.sections] == ["doelgroep", "doelstelling", "aanmelding", "financiering"]
    assert labelled(unit.sections) == {"doelgroep": "Scholen en ouders", "doelstelling": "Kwaliteitsvol onderwijs.",
                                       "aanmelding": "nvt", "financiering": "Vlaamse overheid"}
    assert unit.werking == "AGODI heeft opdrachten."


def test_a_value_all_offers_share_is_stated_once_and_differing_values_per_offer() -> None:
    services = [svc("s1", "o1", "Time-out", order=0, eligibility_description="12 tot 18 jaar",
                    fees_description="gratis"),
                svc("s2", "o1", "Time-in", order=1, eligibility_description="6 tot 12 jaar", fees_description="gratis")]
    unit = build_document(snapshot([org("o1", "Abrusco", "25.1", 1)], services)).fiches[0].organization
    assert labelled(unit.sections) == {"kostprijs": "gratis"}
    assert [labelled(o.sections) for o in unit.offers] == [{"doelgroep": "12 tot 18 jaar"},
                                                            {"doelgroep": "6 tot 12 jaar"}]


@pytest.mark.parametrize(("description", "doelstelling", "werking"), [
    ("Doel.\n\nEerste alinea.\n\nTweede alinea.", "Doel.", "Eerste alinea.\n\nTweede alinea."),
    ("Alleen een doel.", "Alleen een doel.", ""),
    ("", "", ""),
    ("  Doel met witruimte.  \n\n  Werking.  ", "Doel met witruimte.", "Werking."),
])
def test_description_splits_into_doelstelling_and_werking(description: str, doelstelling: str, werking: str) -> None:
    assert split_description(description) == (doelstelling, werking)
    if werking:
        assert f"{doelstelling}\n\n{werking}" == description.strip().replace("  \n\n  ", "\n\n")


def test_text_that_an_organisations_offer_repeats_is_shown_once() -> None:
    orgs = [org("o1", "Beroepenpunt", "13", 1, description="Doel.\n\nHet Beroepenpunt informeert over beroepen."),
            org("o2", "PBD GO!", "4", 2, description="Het GO! telt 26 scholengroepen.")]
    services = [svc("s1", "o1", "Beroepenpunt", description="Het Beroepenpunt informeert over beroepen. Meer."),
                svc("s2", "o2", "PBD GO!", description="Het GO! telt 26 scholengroepen.\n\nElke cluster …")]
    first, second = (f.organization for f in build_document(snapshot(orgs, services)).fiches)
    assert (labelled(first.sections), first.werking) == ({"doelstelling": "Doel."}, "")
    assert first.offers[0].description.startswith("Het Beroepenpunt informeert")
    assert (labelled(second.sections), second.werking) == ({}, "")


def test_fiches_follow_the_bundles_order_not_the_names() -> None:
    orgs = [org("a", "Actiris", "38", 3), org("z", "Zonnebloem", "1", 1), org("m", "Middelpunt", "25.1", 2)]
    doc = build_document(snapshot(orgs, []))
    assert [f.title for f in doc.fiches] == ["1. Zonnebloem", "25.1. Middelpunt", "38. Actiris"]


def test_sub_organisations_follow_their_parent_inside_its_fiche() -> None:
    orgs = [org("p", "Pedagogische begeleidingsdienst (PBD)", "4", 1), org("c2", "PBD OVSG", "4", 3, parent="p"),
            org("c1", "PBD GO!", "4", 2, parent="p"), org("n", "Ouderkoepels", "5", 4)]
    services = [svc("s1", "c1", "Begeleiding GO!"), svc("s2", "c2", "Begeleiding OVSG")]
    doc = build_document(snapshot(orgs, services))
    assert [f.title for f in doc.fiches] == ["4. Pedagogische begeleidingsdienst (PBD)", "5. Ouderkoepels"]
    assert [p.name for p in doc.fiches[0].parts] == ["PBD GO!", "PBD OVSG"]
    assert [o.name for p in doc.fiches[0].parts for o in p.offers] == ["Begeleiding GO!", "Begeleiding OVSG"]
    assert (doc.organization_count, doc.service_count) == (4, 2)


def test_one_organisation_document_holds_its_fiche_and_parts_only() -> None:
    orgs = [org("p", "LOP", "9", 1), org("c", "LOP Basisonderwijs", "9", 2, parent="p"), org("x", "CLB", "10", 3)]
    doc = build_document(snapshot(orgs, []), organization_id="p")
    assert not doc.complete and doc.overview == []
    assert [u.name for f in doc.fiches for u in f.units()] == ["LOP", "LOP Basisonderwijs"]


def test_overview_has_organisations_by_phase_in_the_taxonomys_order() -> None:
    orgs = [org("o1", "VGC", "1", 1), org("o2", "Politie", "28", 2), org("o3", "Zonder fase", "30", 3)]
    services = [svc("s1", "o1", "Brede scholen"), svc("s2", "o1", "PPS"), svc("s3", "o2", "Spijbelcontrole"),
                svc("s4", "o3", "Iets"), svc("s5", "o2", "Gestopt", status="inactive")]
    attributes = [phase("s1", "preventie"), phase("s2", "preventie"), phase("s2", "interventie"),
                  phase("s3", "interventie"), phase("s5", "compensatie")]
    doc = build_document(snapshot(orgs, services, attribute=attributes))
    assert [p.code for p in doc.phases] == list(PHASES)
    rows = {r.organization: r.cells for r in doc.overview}
    assert list(rows) == ["VGC", "Politie"]  # an organisation without phase is not a row
    assert rows["VGC"] == {"preventie": [("s1", "Brede scholen"), ("s2", "PPS")], "interventie": [("s2", "PPS")]}
    assert rows["Politie"] == {"interventie": [("s3", "Spijbelcontrole")]}  # not the inactive one


def test_offer_carries_its_ages_phases_review_date_and_status() -> None:
    services = [svc("s1", "o1", "Time-out", minimum_age=12, maximum_age=18, assured_date="2026-03-03"),
                svc("s2", "o1", "Oud project", order=1, status="inactive")]
    attributes = [phase("s1", "interventie")]
    offers = build_document(snapshot([org("o1", "Abrusco", "25.1", 1)], services, attribute=attributes)) \
        .fiches[0].organization.offers
    assert (offers[0].minimum_age, offers[0].maximum_age, offers[0].phases) == (12, 18, ["interventie"])
    assert (offers[0].reviewed, offers[0].status) == ("2026-03-03", None)
    assert (offers[1].reviewed, offers[1].status) == (None, "inactive")


def test_offer_lists_only_contact_details_its_organisation_lacks() -> None:
    orgs = [org("o1", "JES", "32", 1, email="info@jes.example.org", website="www.jes.example.org")]
    services = [svc("s1", "o1", "Rebound", email="info@jes.example.org", url="https://www.jes.example.org/",
                    assured_date=None),
                svc("s2", "o1", "Stadslabo", email="labo@jes.example.org")]
    phones = [{"id": "p1", "organization_id": "o1", "number": "+32 2 411 68 83", "description": None},
              {"id": "p2", "service_id": "s1", "number": "+32 2 411 68 83", "description": None},
              {"id": "p3", "service_id": "s2", "number": "+32 470 00 00 00", "description": "GSM"}]
    unit = build_document(snapshot(orgs, services, phone=phones)).fiches[0].organization
    assert (unit.contact.emails, unit.contact.phones) == (["info@jes.example.org"], ["+32 2 411 68 83"])
    assert not unit.offers[0].contact
    assert (unit.offers[1].contact.emails, unit.offers[1].contact.phones) == (["labo@jes.example.org"],
                                                                             ["+32 470 00 00 00 (GSM)"])


def test_contact_block_has_addresses_hours_and_persons() -> None:
    orgs = [org("o1", "AGODI", "2", 1)]
    locations = [{"id": "l1", "organization_id": "o1", "location_type": "physical", "name": None}]
    addresses = [{"id": "a1", "location_id": "l1", "address_1": "Koning Albert II-laan 15",
                  "address_2": "Hendrik Consciencegebouw", "postal_code": "1210", "city": "Brussel",
                  "state_province": "Brussels Hoofdstedelijk Gewest", "country": "BE"}]
    schedules = [{"id": "h1", "location_id": "l1", "byday": "MO,TU", "opens_at": "09:00", "closes_at": "16:00"}]
    contacts = [{"id": "c1", "organization_id": "o1", "name": "Coördinator Voorbeeld", "title": "Coördinator",
                 "email": "coordinator@example.org"}]
    unit = build_document(snapshot(orgs, [], location=locations, address=addresses, schedule=schedules,
                                   contact=contacts)).fiches[0].organization
    assert unit.contact.addresses == [("Hendrik Consciencegebouw", "Koning Albert II-laan 15", "1210 Brussel")]
    assert unit.contact.hours == ["ma, di 09:00–16:00"]
    assert unit.contact.persons == ["Coördinator Voorbeeld, Coördinator – coordinator@example.org"]


def test_date_of_the_data_is_the_newest_history_entry() -> None:
    meta = [{"id": "m1", "resource_id": "o1", "last_action_date": datetime(2025, 1, 2, 10, 0)},
            {"id": "m2", "resource_id": "o1", "last_action_date": datetime(2026, 3, 4, 9, 30, tzinfo=UTC)}]
    snap = snapshot([org("o1", "VGC", "1", 1)], [], metadata=meta)
    assert data_date(snap) == datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
    assert data_date(snapshot([org("o1", "VGC", "1", 1)], [])) is None


def test_offer_given_at_sub_organisations_does_not_repeat_their_addresses() -> None:
    orgs = [org("p", "Duaal leren", "14", 1), org("c", "Partner vzw", "14", 2, parent="p")]
    locations = [{"id": "l1", "organization_id": "c", "location_type": "physical", "name": "Partner vzw"}]
    addresses = [{"id": "a1", "location_id": "l1", "address_1": "Werkhuizenstraat 3", "postal_code": "1080",
                  "city": "Sint-Jans-Molenbeek"}]
    at = [{"id": "sal1", "service_id": "s1", "location_id": "l1"}]
    doc = build_document(snapshot(orgs, [svc("s1", "p", "Leren en werken")], location=locations, address=addresses,
                                  service_at_location=at))
    fiche = doc.fiches[0]
    assert fiche.parts[0].contact.addresses == [("Partner vzw", "Werkhuizenstraat 3", "1080 Sint-Jans-Molenbeek")]
    assert not fiche.organization.offers[0].contact
