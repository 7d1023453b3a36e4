"""The infobundle as a document model, built from the live directory (pure: a snapshot in, a model out).

The model follows the network's own infobundle: a title page, an introduction, the schematic
overview by phase, then one infofiche per organisation in the bundle's order ("N. Name") with the
sections Doelgroep, Doelstelling, Aanmelding, Financiering, Kostprijs and Werking, the specific
offers (services) as sub-headings with their own fields, and the Contactgegevens. Sub-organisations
follow their parent inside the parent's fiche. Every text comes from the HSDS objects the API
serves (:func:`~wegwijzer.directory.hsds.organization_object`, :func:`~wegwijzer.directory.hsds.service_object`),
so the document shows exactly what the API shows. Empty sections are left out.

Section labels are keys (``doelgroep``, ``kostprijs``, …); the templates translate them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from wegwijzer.directory.hsds import Snapshot, organization_object, service_object
from wegwijzer.publish.document_contacts import (
    ContactBlock,
    merged,
    organization_contacts,
    schedule_text,
    service_contacts,
)

Row = dict[str, Any]
#: the fields an infofiche states once for all its offers (the offers' own when they differ)
SHARED_FIELDS = (("doelgroep", "eligibility_description"), ("aanmelding", "application_process"),
                 ("kostprijs", "fees_description"))
#: the order of an organisation's sections, as in the infobundle
UNIT_ORDER = ("doelgroep", "doelstelling", "aanmelding", "financiering", "kostprijs")


@dataclass(frozen=True)
class Section:
    key: str  # doelgroep, doelstelling, aanmelding, financiering, kostprijs, wachttijd, talen, …
    text: str


@dataclass
class Offer:
    """One service: a sub-heading under Werking, its description and its own fields."""

    id: str
    name: str
    description: str
    sections: list[Section]
    minimum_age: float | None = None
    maximum_age: float | None = None
    phases: list[str] = field(default_factory=list)  # fase codes
    reviewed: str | None = None  # assured_date (YYYY-MM-DD): "laatst nagekeken"
    status: str | None = None  # only when not "active"
    contact: ContactBlock = field(default_factory=ContactBlock)

    @property
    def anchor(self) -> str:
        return f"dienst-{self.id}"


@dataclass
class Unit:
    """One organisation inside a fiche (the fiche's own, or a sub-organisation)."""

    id: str
    name: str
    alternate_name: str | None
    sections: list[Section]
    werking: str
    offers: list[Offer]
    contact: ContactBlock
    parent_id: str | None = None

    @property
    def anchor(self) -> str:
        return f"organisatie-{self.id}"

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


@dataclass
class Fiche:
    number: str | None  # "4", "25.1"; None for an organisation added outside the bundle
    organization: Unit
    parts: list[Unit]  # sub-organisations, in the bundle's order

    @property
    def title(self) -> str:
        """The fiche heading as the infobundle writes it: "4. Pedagogische begeleidingsdienst (PBD)"."""
        return f"{self.number}. {self.organization.name}" if self.number else self.organization.name

    @property
    def anchor(self) -> str:
        return self.organization.anchor

    def units(self) -> list[Unit]:
        return [self.organization, *self.parts]


@dataclass
class OverviewRow:
    organization_id: str
    organization: str
    fiche: str | None
    cells: dict[str, list[tuple[str, str]]]  # phase code -> (service id, service name)
    is_part: bool = False  # a sub-organisation (shown under its parent)

    @property
    def anchor(self) -> str:
        return f"organisatie-{self.organization_id}"


@dataclass(frozen=True)
class Phase:
    code: str
    name: str  # the Dutch term name from the data
    description: str


@dataclass
class Document:
    fiches: list[Fiche]
    overview: list[OverviewRow]
    phases: list[Phase]
    data_date: datetime | None  # the newest change in the data
    complete: bool = True  # the whole bundle (title page, contents, introduction, overview)

    @property
    def organization_count(self) -> int:
        return sum(len(f.units()) for f in self.fiches)

    @property
    def service_count(self) -> int:
        return sum(len(u.offers) for f in self.fiches for u in f.units())


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def split_description(description: str) -> tuple[str, str]:
    """(Doelstelling, Werking): the first paragraph states the aim, the rest describes the work.

    The importer stores an organisation's Doelstelling followed by the first paragraph of its
    Werking; joining the two parts with a blank line gives the description back unchanged.
    """
    text = description.strip()
    head, _sep, rest = text.partition("\n\n")
    return head.strip(), rest.strip()


def _funding(obj: Row) -> str:
    sources: list[str] = []
    for item in obj.get("funding") or []:
        source = _text(item.get("source"))
        if source and source not in sources:
            sources.append(source)
    return ", ".join(sources)


def _costs(svc: Row) -> str:
    if _text(svc.get("fees_description")):
        return _text(svc["fees_description"])
    options = [_text(c.get("amount_description") or c.get("option")) for c in svc.get("cost_options") or []]
    return "; ".join(o for o in options if o)


def _shared(values: list[str]) -> str:
    """The one value every offer has, or "" when they differ (or there is none)."""
    distinct = set(values)
    return values[0] if len(distinct) == 1 and values[0] else ""


def _phases(svc: Row) -> list[str]:
    return [a["value"] for a in svc.get("attributes") or [] if a.get("link_type") == "fase" and a.get("value")]


def _offer(svc: Row, shared: dict[str, str], unit_funding: str, unit_contact: ContactBlock) -> Offer:
    values = {"doelgroep": _text(svc.get("eligibility_description")),
              "aanmelding": _text(svc.get("application_process")), "kostprijs": _costs(svc)}
    sections = [Section(key, values[key]) for key in ("doelgroep", "aanmelding", "kostprijs")
                if values[key] and not shared.get(key)]
    funding = _funding(svc)
    if funding and set(funding.split(", ")) != set(unit_funding.split(", ")):
        sections.append(Section("financiering", funding))
    languages = ", ".join(_text(lang.get("name") or lang.get("code")) for lang in svc.get("languages") or [])
    hours = "; ".join(schedule_text(s) for s in svc.get("schedules") or [] if schedule_text(s))
    documents = "; ".join(_text(d.get("document")) for d in svc.get("required_documents") or [] if d.get("document"))
    areas = ", ".join(_text(a.get("name")) for a in svc.get("service_areas") or [] if a.get("name"))
    for key, text in (("wachttijd", _text(svc.get("wait_time"))), ("talen", languages), ("openingsuren", hours),
                      ("documenten", documents), ("werkgebied", areas), ("melding", _text(svc.get("alert")))):
        if text:
            sections.append(Section(key, text))
    status = _text(svc.get("status"))
    return Offer(
        id=svc["id"], name=_text(svc.get("name")), description=_text(svc.get("description")), sections=sections,
        minimum_age=svc.get("minimum_age"), maximum_age=svc.get("maximum_age"), phases=_phases(svc),
        reviewed=_text(svc.get("assured_date")) or None, status=status if status not in ("", "active") else None,
        contact=service_contacts(svc).without(unit_contact),
    )


def build_unit(snap: Snapshot, org_id: str) -> Unit:
    """One organisation with its sections, offers and contact details."""
    org = organization_object(snap, org_id)
    services = [service_object(snap, s["id"], nested_organization=False)
                for s in snap.kids("service", "organization_id", org_id)]
    doelstelling, werking = split_description(_text(org.get("description")))
    shared = {key: _shared([_text(s.get(col)) if key != "kostprijs" else _costs(s) for s in services])
              for key, col in SHARED_FIELDS}
    funding = _funding(org)
    values = {**shared, "doelstelling": doelstelling, "financiering": funding}
    contact = organization_contacts(org)
    offers = [_offer(s, shared, funding, contact) for s in services]
    # An organisation whose offer was taken from its Werking: its offer repeats the text; show it once.
    if doelstelling and any(doelstelling in o.description for o in offers):
        values["doelstelling"] = ""
    if werking and any(werking in o.description for o in offers):
        werking = ""
    name, alternate = _text(org.get("name")), _text(org.get("alternate_name"))
    return Unit(
        id=org_id, name=name, alternate_name=alternate if alternate and alternate != name else None,
        sections=[Section(key, values[key]) for key in UNIT_ORDER if values.get(key)],
        werking=werking, offers=offers, contact=contact, parent_id=org.get("parent_organization_id"),
    )


def _descendants(snap: Snapshot, org_id: str, ordered: list[Row]) -> list[str]:
    out: list[str] = []
    for row in ordered:
        if row.get("parent_organization_id") == org_id and row["id"] != org_id:
            out.append(row["id"])
            out.extend(_descendants(snap, row["id"], ordered))
    return out


def build_fiches(snap: Snapshot, organization_id: str | None = None) -> list[Fiche]:
    """The infofiches in the bundle's order; with ``organization_id`` only that organisation's fiche
    (with its sub-organisations)."""
    ordered = snap.organizations()
    orgs = snap.by_id["organization"]
    if organization_id is not None:
        tops = [orgs[organization_id]] if organization_id in orgs else []
    else:
        tops = [o for o in ordered if not o.get("parent_organization_id") or o["parent_organization_id"] not in orgs]
    fiches = []
    for top in tops:
        parts = [build_unit(snap, oid) for oid in _descendants(snap, top["id"], ordered)]
        fiche = Fiche(number=top.get("source_fiche"), organization=build_unit(snap, top["id"]), parts=parts)
        if parts:  # an offer given at the sub-organisations: their details follow in the same fiche
            known = merged([u.contact for u in fiche.units()])
            for offer in (o for u in fiche.units() for o in u.offers):
                offer.contact = offer.contact.without(known)
        fiches.append(fiche)
    return fiches


def phases(snap: Snapshot) -> list[Phase]:
    """The terms of the phase taxonomy (``fase``) in their order."""
    terms = [t for t in snap.by_id.get("taxonomy_term", {}).values() if t.get("taxonomy") == "fase"]
    terms.sort(key=lambda t: (t.get("sort_order") or 0, t.get("code") or ""))
    return [Phase(t.get("code") or t["id"], _text(t.get("name")), _text(t.get("description"))) for t in terms]


def overview(snap: Snapshot, phase_codes: list[str]) -> list[OverviewRow]:
    """Organisations × phases from the active services' ``fase`` attributes (as ``/overzicht``)."""
    rows: dict[str, OverviewRow] = {}
    for org in snap.organizations():
        rows[org["id"]] = OverviewRow(org["id"], _text(org.get("name")), org.get("source_fiche"), {},
                                      is_part=bool(org.get("parent_organization_id")))
    for svc in snap.services():
        if svc.get("status") not in (None, "active") or svc["organization_id"] not in rows:
            continue
        slugs = {a["value"] for a in snap.kids("attribute", "link_id", svc["id"]) if a.get("link_type") == "fase"}
        for code in phase_codes:
            if code in slugs:
                rows[svc["organization_id"]].cells.setdefault(code, []).append((svc["id"], _text(svc.get("name"))))
    return [row for row in rows.values() if row.cells]


def data_date(snap: Snapshot) -> datetime | None:
    """When the data last changed: the newest history (metadata) entry, in UTC."""
    newest: datetime | None = None
    for row in snap.by_id.get("metadata", {}).values():
        value = row.get("last_action_date")
        if isinstance(value, str):
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if not isinstance(value, datetime):
            continue
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        if newest is None or value > newest:
            newest = value
    return newest


def build_document(snap: Snapshot, organization_id: str | None = None) -> Document:
    """The whole infobundle, or (``organization_id``) the one fiche of that organisation."""
    terms = phases(snap)
    complete = organization_id is None
    fiches = build_fiches(snap, organization_id)
    order = {p.code: i for i, p in enumerate(terms)}
    for offer in (o for f in fiches for u in f.units() for o in u.offers):
        offer.phases.sort(key=lambda code: order.get(code, len(order)))
    return Document(
        fiches=fiches,
        overview=overview(snap, [p.code for p in terms]) if complete else [],
        phases=terms, data_date=data_date(snap), complete=complete,
    )
