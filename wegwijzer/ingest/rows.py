"""Turn importer records into HSDS table rows with stable ids (pure: no database).

``build_rows`` returns ``{table name: {id: {column: value}}}``; the store step
compares that with what is in the database and writes only the differences.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wegwijzer.ingest.ids import slugify, stable_id
from wegwijzer.ingest.records import (
    ContactInfo,
    ContactRec,
    ImportResult,
    OrganizationRec,
    PhoneRec,
    ScheduleRec,
    ServiceRec,
    SourceRef,
)
from wegwijzer.ingest.taxonomy import TaxonomyDef

Row = dict[str, Any]

# Parents before children: inserts follow this order, deletes the reverse.
TABLE_ORDER = [
    "taxonomy",
    "taxonomy_term",
    "organization",
    "program",
    "service",
    "location",
    "service_at_location",
    "address",
    "contact",
    "phone",
    "schedule",
    "service_area",
    "language",
    "funding",
    "cost_option",
    "required_document",
    "attribute",
]

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Frans", "en": "Engels", "de": "Duits", "ar": "Arabisch"}


def taxonomy_id(name: str) -> str:
    return stable_id("taxonomy", name)


def term_id(taxonomy: str, code: str) -> str:
    return stable_id("taxonomy_term", taxonomy, code)


def organization_id(rec: OrganizationRec) -> str:
    return stable_id("organization", rec.key, slugify(rec.name))


class RowSet:
    """Collects rows per table; the same id twice keeps the first (natural-key duplicates)."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, Row]] = {t: {} for t in TABLE_ORDER}

    def add(self, table: str, row: Row) -> str:
        self.tables[table].setdefault(row["id"], row)
        return str(row["id"])


def _prov(source: SourceRef | None) -> Row:
    if source is None:
        return {"source_fiche": None, "source_line_start": None, "source_line_end": None}
    return {
        "source_fiche": source.fiche,
        "source_line_start": source.line_start,
        "source_line_end": source.line_end,
    }


def _info_prov(info: ContactInfo, fallback: SourceRef | None) -> Row:
    if info.line_start is None or fallback is None:
        return _prov(fallback)
    return {
        "source_fiche": fallback.fiche,
        "source_line_start": info.line_start,
        "source_line_end": info.line_end or info.line_start,
    }


def build_rows(result: ImportResult, taxonomies: Iterable[TaxonomyDef]) -> dict[str, dict[str, Row]]:
    rows = RowSet()
    for tax in taxonomies:
        tid = rows.add("taxonomy", {"id": taxonomy_id(tax.name), "name": tax.name,
                                    "description": tax.description or tax.label, "uri": None, "version": None})
        for order, term in enumerate(tax.terms):
            rows.add("taxonomy_term", {
                "id": term_id(tax.name, term.code), "code": term.code, "name": term.name,
                "description": term.description or term.name, "parent_id": None, "taxonomy": tax.name,
                "language": "nl", "taxonomy_id": tid, "term_uri": None, "sort_order": order,
            })
    org_ids = {rec.key: organization_id(rec) for rec in result.organizations}
    known_terms = set(rows.tables["taxonomy_term"])
    locations = {rec.key: _add_org_contacts(rows, rec, org_ids[rec.key]) for rec in result.organizations}
    # A sub-organisation without offers of its own is where its parent's services are given.
    inherited: dict[str, list[str]] = {}
    for rec in result.organizations:
        if rec.parent_key and not rec.services:
            inherited.setdefault(rec.parent_key, []).extend(locations[rec.key])
    for order, rec in enumerate(result.organizations):
        _add_organization(rows, rec, order, org_ids, known_terms,
                          locations[rec.key] + inherited.get(rec.key, []))
    return rows.tables


def _add_org_contacts(rows: RowSet, rec: OrganizationRec, oid: str) -> list[str]:
    """Locations, phones, e-mails and people of one organisation; returns its location ids."""
    ids = [_add_contact_info(rows, oid, info, rec.source) for info in rec.contact_infos]
    return list(dict.fromkeys(lid for lid in ids if lid))


def _add_organization(
    rows: RowSet, rec: OrganizationRec, order: int, org_ids: dict[str, str], known_terms: set[str],
    location_ids: list[str],
) -> None:
    oid = org_ids[rec.key]
    parent_id = org_ids.get(rec.parent_key) if rec.parent_key else None
    rows.add("organization", {
        "id": oid, "name": rec.name, "alternate_name": rec.alternate_name, "description": rec.description or "",
        "email": rec.email, "website": rec.website, "tax_status": None, "tax_id": None,
        "year_incorporated": None, "legal_status": None, "logo": None, "uri": None,
        "parent_organization_id": parent_id, "sort_order": order, **_prov(rec.source),
    })
    for source in rec.funding:
        rows.add("funding", {"id": stable_id("funding", oid, slugify(source)), "organization_id": oid,
                             "service_id": None, "source": source, **_prov(rec.source)})
    program_id = None
    if rec.program_name:
        owner = parent_id or oid
        program_id = rows.add("program", {
            "id": stable_id("program", owner, slugify(rec.program_name)), "organization_id": owner,
            "name": rec.program_name, "alternate_name": None, "description": rec.program_name,
            **_prov(rec.source),
        })
    seen: dict[str, int] = {}
    for s_order, service in enumerate(rec.services):
        slug = slugify(service.name) or "dienst"
        seen[slug] = seen.get(slug, 0) + 1
        natural = slug if seen[slug] == 1 else f"{slug}-{seen[slug]}"
        _add_service(rows, oid, program_id, service, natural, s_order,
                     location_ids, known_terms)


def _add_contact_info(rows: RowSet, oid: str, info: ContactInfo, source: SourceRef | None) -> str | None:
    """One contact entry: an address makes a physical location, a website without an address a
    virtual one; phones attach to the location (else the organisation); e-mails and people
    become HSDS contacts (an e-mail without a person is a contact named after the entry)."""
    prov = _info_prov(info, source)
    location_id = None
    if info.addresses:
        first = info.addresses[0]
        location_id = _add_location(rows, oid, "physical", info, prov,
                                    stable_id("location", oid, first.postal_code, slugify(first.address_1)))
        for addr in info.addresses:
            rows.add("address", {
                "id": stable_id("address", location_id, addr.postal_code, slugify(addr.address_1)),
                "location_id": location_id, "attention": None, "address_1": addr.address_1,
                "address_2": addr.address_2, "city": addr.city, "region": addr.municipality,
                "state_province": addr.state_province, "postal_code": addr.postal_code,
                "country": addr.country, "address_type": "physical", **prov,
            })
    for url in info.websites[1 if location_id else 0:]:
        # each further website of the entry: a virtual location (HSDS has one url per location)
        extra = ContactInfo(heading=info.heading, websites=[url])
        lid = _add_location(rows, oid, "virtual", extra, prov, stable_id("location", oid, "virtual", url))
        location_id = location_id or lid
    if location_id:
        for sched in info.schedules:
            _add_schedule(rows, sched, prov, location_id=location_id)
    owner = {"location_id": location_id} if location_id else {"organization_id": oid}
    for phone in info.phones:
        _add_phone(rows, phone, prov, **owner)
    for person in info.contacts:
        _add_contact(rows, person, prov, organization_id=oid)
    person_emails = {p.email for p in info.contacts if p.email}
    for email in info.emails:
        if email not in person_emails:
            _add_contact(rows, ContactRec(email=email), prov, organization_id=oid, department=info.heading)
    return location_id


def _add_location(rows: RowSet, oid: str, kind: str, info: ContactInfo, prov: Row, lid: str) -> str:
    return rows.add("location", {
        "id": lid, "location_type": kind, "url": info.websites[0] if info.websites else None,
        "organization_id": oid, "name": info.heading, "alternate_name": None,
        "description": None, "transportation": None, "latitude": None,
        "longitude": None, "external_identifier": None, "external_identifier_type": None, **prov,
    })


def _add_phone(rows: RowSet, phone: PhoneRec, prov: Row, **owner: str | None) -> None:
    owner_id = next((v for v in owner.values() if v), "")
    row = {"location_id": None, "service_id": None, "organization_id": None, "contact_id": None,
           "service_at_location_id": None, **owner}
    rows.add("phone", {"id": stable_id("phone", owner_id, phone.number), **row, "number": phone.number,
                       "extension": None, "type": phone.type, "description": phone.description, **prov})


def _add_contact(
    rows: RowSet, person: ContactRec, prov: Row, department: str | None = None, **owner: str | None
) -> None:
    owner_id = next((v for v in owner.values() if v), "")
    natural = slugify(person.name or person.email or person.title or "contact")
    row = {"organization_id": None, "service_id": None, "service_at_location_id": None, "location_id": None,
           **owner}
    cid = rows.add("contact", {"id": stable_id("contact", owner_id, natural), **row, "name": person.name,
                               "title": person.title, "department": department, "email": person.email,
                               **prov})
    for phone in person.phones:
        _add_phone(rows, phone, prov, contact_id=cid)


def _add_schedule(rows: RowSet, sched: ScheduleRec, prov: Row, **owner: str | None) -> None:
    owner_id = next((v for v in owner.values() if v), "")
    row = {"service_id": None, "location_id": None, "service_at_location_id": None, **owner}
    rows.add("schedule", {
        "id": stable_id("schedule", owner_id, sched.byday, sched.opens_at, sched.closes_at,
                        slugify(sched.description or "")),
        **row, "valid_from": None, "valid_to": None, "dtstart": None, "timezone": None, "until": None,
        "count": None, "wkst": None, "freq": sched.freq if sched.byday else None, "interval": None,
        "byday": sched.byday, "byweekno": None, "bymonthday": None, "byyearday": None,
        "description": sched.description, "opens_at": sched.opens_at, "closes_at": sched.closes_at,
        "schedule_link": None, "attending_type": None, "notes": None, **prov,
    })


def _add_service(
    rows: RowSet, oid: str, program_id: str | None, svc: ServiceRec, natural: str, order: int,
    location_ids: list[str], known_terms: set[str],
) -> None:
    prov = _prov(svc.source)
    sid = rows.add("service", {
        "id": stable_id("service", oid, natural), "organization_id": oid, "program_id": program_id,
        "name": svc.name, "alternate_name": None, "description": svc.description or None, "url": svc.url,
        "email": svc.email, "status": "active", "interpretation_services": None,
        "application_process": svc.application_process, "fees_description": svc.fees_description,
        "wait_time": None, "fees": None, "accreditations": None,
        "eligibility_description": svc.eligibility_description,
        "minimum_age": svc.minimum_age, "maximum_age": svc.maximum_age,
        "assured_date": None, "assurer_email": None, "licenses": None, "alert": None,
        "sort_order": order, **prov,
    })
    for lid in dict.fromkeys(location_ids):
        rows.add("service_at_location", {"id": stable_id("service_at_location", sid, lid), "service_id": sid,
                                         "location_id": lid, "description": None, **prov})
    for phone in svc.phones:
        _add_phone(rows, phone, prov, service_id=sid)
    for person in svc.contacts:
        _add_contact(rows, person, prov, service_id=sid)
    for sched in svc.schedules:
        _add_schedule(rows, sched, prov, service_id=sid)
    for area in svc.service_areas:
        rows.add("service_area", {"id": stable_id("service_area", sid, slugify(area)), "service_id": sid,
                                  "name": area, "description": None, "extent": None, "extent_type": None,
                                  "uri": None, **prov})
    for code in svc.languages:
        rows.add("language", {"id": stable_id("language", sid, code), "service_id": sid, "location_id": None,
                              "phone_id": None, "name": LANGUAGE_NAMES.get(code, code), "code": code,
                              "note": None, **prov})
    for source in svc.funding:
        rows.add("funding", {"id": stable_id("funding", sid, slugify(source)), "organization_id": None,
                             "service_id": sid, "source": source, **prov})
    for i, cost in enumerate(svc.cost_options):
        rows.add("cost_option", {
            "id": stable_id("cost_option", sid, i, slugify(cost.amount_description or cost.option or "")),
            "service_id": sid, "valid_from": None, "valid_to": None, "option": cost.option,
            "currency": cost.currency if cost.amount is not None else None, "amount": cost.amount,
            "amount_description": cost.amount_description, **prov,
        })
    for taxonomy, codes in svc.facets.items():
        for code in codes:
            tid = term_id(taxonomy, code)
            if tid not in known_terms:
                raise ValueError(f"unknown {taxonomy} slug {code!r} for service {svc.name!r}")
            rows.add("attribute", {"id": stable_id("attribute", sid, tid), "link_id": sid,
                                   "taxonomy_term_id": tid, "link_type": taxonomy, "link_entity": "service",
                                   "value": code})
