"""Entry point of the structural parser: infobundle text in, :class:`ImportResult` out.

Pure: no database, no ids. Steps: validate the text, find the fiches, read the
schematic overview (phase hints, :mod:`.phases`), build one organisation per fiche (or
several for multi-organisation fiches, :mod:`.subunits`) with its services (offers:
:mod:`.offers`; target groups and ages: :mod:`.targets`), attach the e-mail addresses and
websites the fiches write in their text (:mod:`.bodylinks`), then apply the editorial
overlay (``wegwijzer/data/overlay.yaml``).

Every contact entry of a fiche is kept (``ContactInfo`` with all its e-mails and websites);
``OrganizationRec.email``/``website`` are only the first of them, for convenience.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wegwijzer.ingest.bodylinks import Link, assign_links, host_of, service_links, text_links
from wegwijzer.ingest.clean import Block, blocks, blocks_to_text, clean_text
from wegwijzer.ingest.offers import Section, find_sections, offer_paths
from wegwijzer.ingest.overlay import Overlay, apply_overlay, load_overlay
from wegwijzer.ingest.overview import name_similarity
from wegwijzer.ingest.phases import group_phases, ordered, overview_phases
from wegwijzer.ingest.records import (
    ContactInfo,
    FicheReport,
    ImportResult,
    InvalidDocumentError,
    OrganizationRec,
    ServiceRec,
    SourceRef,
)
from wegwijzer.ingest.segment import (
    STANDARD_FIELDS,
    FicheParts,
    FicheSpan,
    body_lines,
    find_fiches,
    split_fiche,
)
from wegwijzer.ingest.subunits import set_links, split_subunits
from wegwijzer.ingest.targets import FicheTargets, doelgroep_items, fiche_targets, target_of

MIN_FICHES = 3  # fewer recognisable fiches: not an infobundle
_TITLE_SPLIT_RE = re.compile(r"\s+[–-]\s+|:\s+")
_MIN_DEFINITION = 60  # a defining paragraph is prose, not the rest of a heading line


def parse_infobundle(text: str, overlay: Overlay | None = None) -> ImportResult:
    """Parse the infobundle text. Raises :class:`InvalidDocumentError` for unusable input."""
    _validate(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    spans = find_fiches(lines)
    if len(spans) < MIN_FICHES:
        raise InvalidDocumentError(
            "Dit document is geen infobundel: er werden geen genummerde infofiches gevonden "
            "(this document has no recognisable infofiches)."
        )
    overlay = overlay if overlay is not None else load_overlay()
    titles = {span.number: span.title for span in spans}
    phases, unmatched, tail_missing = overview_phases(lines, titles, overlay)
    organizations: list[OrganizationRec] = []
    reports: list[FicheReport] = []
    target_groups: dict[str, str | None] = {}
    all_parts = [split_fiche(lines, span) for span in spans]
    warnings = _check_complete(all_parts, unmatched, tail_missing)
    partner_phases = group_phases(lines, all_parts)
    pending: list[FicheLinks] = []
    for parts in all_parts:
        span = parts.span
        target_groups[span.number] = field_text(parts, "Doelgroep")
        major = span.number.split(".")[0]
        inherited = target_groups.get(major) if "." in span.number else None
        fiche_phases = phases.get(span.number, set())
        if "." in span.number:
            fiche_phases = fiche_phases | partner_phases.get(major, set())
        hint = ordered(fiche_phases)
        organizations.extend(build_fiche(lines, parts, hint, overlay, inherited, pending))
        reports.append(_report(parts))
    _resolve_links(pending)
    warnings.extend(apply_overlay(organizations, overlay))
    return ImportResult(organizations, reports, _document_title(lines), warnings)


def _validate(text: str) -> None:
    if not text or not text.strip():
        raise InvalidDocumentError("Het document is leeg (the document is empty).")
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    letters = sum(1 for ch in sample if ch.isalpha())
    if bad > len(sample) * 0.01 or letters < len(sample) * 0.4:
        raise InvalidDocumentError(
            "Het document is geen leesbare tekst (binary or garbled input, not an infobundle)."
        )


def _document_title(lines: list[str]) -> str | None:
    for line in lines[:200]:
        if "SCHEMATISCHE" in line.upper() or "INFOFICHES" in line.upper():
            continue
        if "schooluitval" in line.lower() and len(line.strip()) < 120:
            return "Infobundel Samen tegen schooluitval Brussel"
    return None


TRUNCATION_UNMATCHED = 3  # overview rows without a fiche before we call the document cut off


def _check_complete(all_parts: list[FicheParts], unmatched: list[str], tail_missing: bool) -> list[str]:
    """Refuse a document that stops early; return warnings for smaller inconsistencies.

    The schematic overview (at the start) lists the organisations in the order of the
    fiches. A document that stops early leaves the overview's last organisations without a
    fiche; one renamed organisation in the middle is only a warning.
    """
    last = all_parts[-1]
    if len(unmatched) >= TRUNCATION_UNMATCHED or tail_missing:
        raise InvalidDocumentError(
            f"Het document lijkt onvolledig (truncated): het overzichtsschema noemt "
            f"{len(unmatched)} organisatie(s) zonder infofiche (o.a. {'; '.join(unmatched[:3])}); de laatste fiche is "
            f"{last.span.number}. {last.span.title}."
        )
    if unmatched:
        return ["Overzichtsschema: geen infofiche gevonden voor " + "; ".join(unmatched) + "."]
    return []


def _report(parts: FicheParts) -> FicheReport:
    missing = [name for name in STANDARD_FIELDS if name not in parts.fields]
    if parts.contact_start is None:
        missing.append("Contactgegevens")
    return FicheReport(parts.span.number, parts.span.title, missing)


def organization_name(title: str) -> str:
    """The organisation part of a fiche title ("Tracé Brussel vzw – Leerwinkel …" -> "Tracé Brussel vzw")."""
    depth = 0
    for index, char in enumerate(title):
        depth += char == "("
        depth -= char == ")"
        if depth == 0:
            match = _TITLE_SPLIT_RE.match(title, index)
            if match and index > 2:
                return title[:index].strip()
    return title.strip()


def field_text(parts: FicheParts, name: str) -> str | None:
    field = parts.fields.get(name)
    if field is None:
        return None
    text = clean_text("\n".join(field.lines))
    return text or None


@dataclass
class FicheLinks:
    """The text links of one fiche, resolved once every fiche's contact websites are known."""

    orgs: list[OrganizationRec]
    owners: list[tuple[list[str], set[int]]]
    links: list[Link]


def build_fiche(lines: list[str], parts: FicheParts, fase_hint: list[str], overlay: Overlay,
                inherited_target_group: str | None = None,
                pending: list[FicheLinks] | None = None) -> list[OrganizationRec]:
    """The organisation(s) of one fiche, with their services.

    ``inherited_target_group`` is the Doelgroep of the umbrella fiche (25 for 25.x): partner
    offers that state neither an age nor an education level of their own take the umbrella's age
    range (a level is more specific than the umbrella's range). Links written in the
    fiche's text are added to ``pending`` (see :mod:`wegwijzer.ingest.bodylinks`); without it
    they are resolved at once.
    """
    span = parts.span
    body = blocks(body_lines(lines, parts), parts.body_start)
    contacts = _contacts(lines, parts)
    fields = {name: field_text(parts, name) for name in STANDARD_FIELDS}
    known = [item.label for item in doelgroep_items(fields["Doelgroep"]) if item.label]
    intro, sections = find_sections(body, known, [c.heading for c in contacts if c.heading])
    name = organization_name(span.title)
    org = OrganizationRec(
        key=span.number, fiche=span.number, name=name,
        description=_org_description(fields["Doelstelling"], intro or body),
        alternate_name=span.title if span.title != name else None,
        contact_infos=contacts,
        funding=_funding(fields["Financiering"]),
        source=SourceRef(span.number, span.line_start, max(span.line_start, span.line_end)),
    )
    set_links(org)
    mode = overlay.split_mode(span.number)
    units = split_subunits(org, intro, sections, mode)
    end = (parts.contact_start - 1) if parts.contact_start else span.line_end
    links = text_links(lines, span.line_start + 1, end)
    texts = [blocks_to_text(intro), fields["Doelstelling"], fields["Aanmelding"]]
    for unit in units:
        if not unit.offers:
            continue
        names = [leaf.name for leaf, _ in offer_paths(unit.sections)]
        targets = fiche_targets(fields["Doelgroep"], inherited_target_group, [t for t in texts if t], names)
        unit.org.services = _services(unit.org, unit.sections, unit.intro, fields, targets, fase_hint, span,
                                      unit.default_service)
        for service in unit.org.services if names else []:  # a fallback offer has no text of its own
            if service.source:
                service_links(service, unit.org.name, links, range(service.source.line_start,
                                                                    service.source.line_end + 1))
    keys = {spec.name: spec.match for spec in mode} if isinstance(mode, list) else {}
    owners = [([*keys.get(u.org.name, []), u.org.name] if i else [],
               {n for b in u.intro for n in range(b.line_start, b.line_end + 1)} if i else set())
              for i, u in enumerate(units)]
    fiche_links = FicheLinks([u.org for u in units], owners, links)
    if pending is None:
        _resolve_links([fiche_links])
    else:
        pending.append(fiche_links)
    return [unit.org for unit in units]


def _resolve_links(pending: list[FicheLinks]) -> None:
    """Attach each fiche's text links; a website of another fiche's contacts is that fiche's."""
    hosts: dict[str, set[str]] = {}
    for item in pending:
        for org in item.orgs:
            for info in org.contact_infos:
                for url in info.websites:
                    hosts.setdefault(host_of(url), set()).add(org.fiche)
    for item in pending:
        fiche = item.orgs[0].fiche
        foreign = {host for host, fiches in hosts.items() if fiches - {fiche}}
        assign_links(item.orgs, item.owners, item.links, foreign)


def _org_description(doelstelling: str | None, intro: list[Block]) -> str:
    first = next((b.text for b in intro if b.kind == "para" and len(b.text) > 60), None)
    parts = [p for p in (doelstelling, first) if p]
    return "\n\n".join(parts)


def _services(org: OrganizationRec, sections: list[Section], intro: list[Block],
              fields: dict[str, str | None], targets: FicheTargets, fase_hint: list[str], span: FicheSpan,
              default_name: str | None = None) -> list[ServiceRec]:
    services: list[ServiceRec] = []
    seen: set[str] = set()
    for leaf, ancestors in offer_paths(sections):
        content = leaf.all_blocks()
        description = blocks_to_text(content)
        if leaf.name.lower() in seen:
            continue
        seen.add(leaf.name.lower())
        parents = [(a.name, list(a.blocks)) for a in ancestors]
        services.append(_service(leaf.name, description, content, fields, targets, org, fase_hint,
                                 SourceRef(span.number, leaf.line_start, leaf.line_end), parents))
    if not services:
        content = intro or [b for s in sections for b in s.all_blocks()]
        description = blocks_to_text(content) or (fields["Doelstelling"] or "")
        line_end = max([b.line_end for b in content], default=span.line_start)
        services.append(_service(default_name or org.name, description, content, fields, targets, org,
                                 fase_hint, SourceRef(span.number, span.line_start, line_end), None))
    return services


def _service(name: str, description: str, content: list[Block], fields: dict[str, str | None],
             targets: FicheTargets, org: OrganizationRec, fase_hint: list[str], source: SourceRef,
             ancestors: list[tuple[str, list[Block]]] | None) -> ServiceRec:
    """One offer; ``ancestors`` is None for a fiche's single (fallback) offer."""
    headed = ancestors is not None
    eligibility, (age_min, age_max) = target_of(name, content, ancestors or [], description, targets,
                                                headed, _ages)
    own_text = f"{name}\n{description}"
    service = ServiceRec(
        name=name,
        description=description,
        eligibility_description=eligibility,
        application_process=fields["Aanmelding"],
        fees_description=fields["Kostprijs"],
        cost_options=_call("costs", "parse_costs", list, fields["Kostprijs"] or ""),
        funding=_funding(fields["Financiering"]),
        minimum_age=age_min,
        maximum_age=age_max,
        languages=_call("facets", "languages_from_text", list, f"{own_text}\n{eligibility or ''}"),
        schedules=_call("schedules", "extract_schedules", list, own_text),
        source=source,
    )
    if org.contact_infos:
        first = org.contact_infos[0]
        service.url = org.website
        service.email = org.email
        service.phones = list(first.phones)
    definition = _first_paragraph(content) if headed else ""
    service.facets = _facets(service, fields, fase_hint, definition)
    if (age_min, age_max) == (None, None) and targets.inherited and not service.facets.get("onderwijsniveau"):
        # the umbrella's range only for an offer that names no level of its own (see targets.py)
        service.minimum_age, service.maximum_age = _ages(targets.inherited)
    return service


def _first_paragraph(content: list[Block]) -> str:
    """The paragraph that defines a headed offer ("Taalkot is een initiatief …, waarbij …")."""
    return next((b.text for b in content if b.kind == "para" and len(b.text) >= _MIN_DEFINITION
                 and not b.text.strip().endswith("?")), "")


def _facets(service: ServiceRec, fields: dict[str, str | None], fase_hint: list[str],
            definition: str = "") -> dict[str, list[str]]:
    module = _module("facets")
    if module is None:
        return {"fase": list(fase_hint)} if fase_hint else {}
    data = module.FacetInput(
        name=service.name, description=service.description,
        eligibility=service.eligibility_description or "", application=service.application_process or "",
        organization_eligibility=fields["Doelgroep"] or "", organization_application=fields["Aanmelding"] or "",
        fase_hint=list(fase_hint), definition=definition,
    )
    return module.classify(data)


def _ages(text: str) -> tuple[int | None, int | None]:
    return _call("ages", "parse_age_range", lambda: (None, None), text)


def _funding(text: str | None) -> list[str]:
    return _call("costs", "parse_funding", list, text or "") if text else []


def _contacts(lines: list[str], parts: FicheParts) -> list[ContactInfo]:
    if parts.contact_start is None or parts.contact_end is None:
        return []
    raw = lines[parts.contact_start - 1:parts.contact_end]
    return _call("contacts", "extract_contacts", list, raw, parts.contact_start)


def _module(name: str) -> Any:
    try:
        return importlib.import_module(f"wegwijzer.ingest.{name}")
    except ImportError:
        return None


def _call(module_name: str, function: str, default: Callable[[], Any], *args: Any) -> Any:
    """Call a sibling module's function; the default while that module is not there yet."""
    module = _module(module_name)
    func = getattr(module, function, None) if module is not None else None
    return func(*args) if func is not None else default()


__all__ = ["parse_infobundle", "organization_name", "build_fiche", "name_similarity"]
