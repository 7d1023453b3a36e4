"""Entry point of the structural parser: infobundle text in, :class:`ImportResult` out.

Pure: no database, no ids. Steps: validate the text, find the fiches, read the
schematic overview (phase hints), build one organisation per fiche (or several
for multi-organisation fiches) with its services, then apply the editorial
overlay (``wegwijzer/data/overlay.yaml``).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

from wegwijzer.ingest.clean import Block, blocks, blocks_to_text, clean_text
from wegwijzer.ingest.offers import Section, find_sections, leaf_sections, split_subunits
from wegwijzer.ingest.overlay import Overlay, apply_overlay, load_overlay
from wegwijzer.ingest.overview import PHASES, match_labels, name_similarity, overview_rows
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
    overview_range,
    split_fiche,
)

MIN_FICHES = 3  # fewer recognisable fiches: not an infobundle
_TITLE_SPLIT_RE = re.compile(r"\s+[–-]\s+|:\s+")
_OWN_TARGET_RE = re.compile(r"\b(richt(?:en)? zich (?:op|tot)|voor wie\b|doelgroep\b|bedoeld voor)", re.I)


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
    phases, unmatched, tail_missing = _overview_phases(lines, titles, overlay)
    organizations: list[OrganizationRec] = []
    reports: list[FicheReport] = []
    target_groups: dict[str, str | None] = {}
    all_parts = [split_fiche(lines, span) for span in spans]
    warnings = _check_complete(all_parts, unmatched, tail_missing)
    for parts in all_parts:
        span = parts.span
        target_groups[span.number] = field_text(parts, "Doelgroep")
        inherited = target_groups.get(span.number.split(".")[0]) if "." in span.number else None
        hint = _ordered(phases.get(span.number, set()))
        organizations.extend(build_fiche(lines, parts, hint, overlay, inherited))
        reports.append(_report(parts))
    warnings.extend(apply_overlay(organizations, overlay))
    return ImportResult(organizations, reports, _document_title(lines), warnings)


def _ordered(phases: set[str]) -> list[str]:
    return [phase for phase in PHASES if phase in phases]


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


def _overview_phases(lines: list[str], titles: dict[str, str],
                     overlay: Overlay) -> tuple[dict[str, set[str]], list[str], bool]:
    """fiche number -> phases from the schematic overview; labels matched to no fiche; and
    whether the overview's last organisation is among them."""
    found = overview_range(lines)
    if found is None:
        return {}, [], False
    start, end = found
    rows = overview_rows(lines[start:end], start + 1)
    labels = [row.label for row in rows]
    matches = match_labels(labels, titles)
    matches.update({label: fiche for label, fiche in overlay.overview_labels.items() if label in labels})
    result: dict[str, set[str]] = {}
    for row in rows:
        fiche = matches.get(row.label)
        if fiche is not None and fiche not in overlay.ignored_labels:
            result.setdefault(fiche, set()).update(row.phases)
    # in overview order, so that the last entry tells whether the overview's tail lacks fiches
    unmatched = [label for label in labels if label not in matches and label not in overlay.ignored_labels]
    kept = [label for label in labels if label not in overlay.ignored_labels]
    tail_missing = bool(kept) and kept[-1] in unmatched
    return _fill_by_order(result, list(titles)), unmatched, tail_missing


def _fill_by_order(phases: dict[str, set[str]], order: list[str]) -> dict[str, set[str]]:
    """Fiches absent from the overview take the phase of their place in the fiche order.

    The bundle orders fiches preventie -> interventie -> compensatie: a fiche between two
    known fiches gets the phases they share, else the latest phase of the one before it.
    """
    rank = {phase: index for index, phase in enumerate(PHASES)}
    filled = dict(phases)
    for position, fiche in enumerate(order):
        if fiche in phases:
            continue
        before = next((phases[f] for f in reversed(order[:position]) if f in phases), set())
        after = next((phases[f] for f in order[position + 1:] if f in phases), set())
        shared = before & after
        if shared:
            filled[fiche] = set(shared)
        elif before:
            filled[fiche] = {max(before, key=rank.__getitem__)}
        elif after:
            filled[fiche] = {min(after, key=rank.__getitem__)}
    return filled


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


def build_fiche(lines: list[str], parts: FicheParts, fase_hint: list[str], overlay: Overlay,
                inherited_target_group: str | None = None) -> list[OrganizationRec]:
    """The organisation(s) of one fiche, with their services.

    ``inherited_target_group`` is the Doelgroep of the umbrella fiche (25 for 25.x): partner
    offers that state no age of their own take the umbrella's age range.
    """
    span = parts.span
    body = blocks(body_lines(lines, parts), parts.body_start)
    intro, sections = find_sections(body)
    contacts = _contacts(lines, parts)
    fields = {name: field_text(parts, name) for name in STANDARD_FIELDS}
    fields["inherited"] = inherited_target_group
    name = organization_name(span.title)
    org = OrganizationRec(
        key=span.number, fiche=span.number, name=name,
        description=_org_description(fields["Doelstelling"], intro or body),
        alternate_name=span.title if span.title != name else None,
        contact_infos=contacts,
        funding=_funding(fields["Financiering"]),
        source=SourceRef(span.number, span.line_start, max(span.line_start, span.line_end)),
    )
    _set_links(org, contacts)
    units = split_subunits(org, intro, sections, overlay.split_mode(span.number))
    for unit in units:
        unit.org.services = _services(unit.org, unit.sections, unit.intro, fields, fase_hint, span,
                                      unit.default_service)
    return [unit.org for unit in units]


def _org_description(doelstelling: str | None, intro: list[Block]) -> str:
    first = next((b.text for b in intro if b.kind == "para" and len(b.text) > 60), None)
    parts = [p for p in (doelstelling, first) if p]
    return "\n\n".join(parts)


def _set_links(org: OrganizationRec, contacts: list[ContactInfo]) -> None:
    for info in contacts:
        if org.email is None and info.emails:
            org.email = info.emails[0]
        if org.website is None and info.websites:
            org.website = info.websites[0]


def _services(org: OrganizationRec, sections: list[Section], intro: list[Block],
              fields: dict[str, str | None], fase_hint: list[str], span: FicheSpan,
              default_name: str | None = None) -> list[ServiceRec]:
    leaves = leaf_sections(sections)
    services: list[ServiceRec] = []
    seen: set[str] = set()
    for leaf in leaves:
        content = leaf.all_blocks()
        description = blocks_to_text(content)
        if leaf.name.lower() in seen:
            continue
        seen.add(leaf.name.lower())
        services.append(_service(leaf.name, description, content, fields, org, fase_hint,
                                 SourceRef(span.number, leaf.line_start, leaf.line_end)))
    if not services:
        content = intro or [b for s in sections for b in s.all_blocks()]
        description = blocks_to_text(content) or (fields["Doelstelling"] or "")
        line_end = max([b.line_end for b in content], default=span.line_start)
        services.append(_service(default_name or org.name, description, content, fields, org, fase_hint,
                                 SourceRef(span.number, span.line_start, line_end)))
    return services


def _service(name: str, description: str, content: list[Block], fields: dict[str, str | None],
             org: OrganizationRec, fase_hint: list[str], source: SourceRef) -> ServiceRec:
    own_target = next((b.text for b in content if _OWN_TARGET_RE.search(b.text) and len(b.text) < 400), None)
    eligibility = own_target or fields["Doelgroep"]
    age_min, age_max = _ages(f"{name}\n{description}")
    if age_min is None and age_max is None:
        age_min, age_max = _ages(fields["Doelgroep"] or "")
    if age_min is None and age_max is None:
        age_min, age_max = _ages(fields.get("inherited") or "")
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
        schedules=_schedules(own_text),
        source=source,
    )
    if org.contact_infos:
        first = org.contact_infos[0]
        service.url = org.website
        service.email = org.email
        service.phones = list(first.phones)
    service.facets = _facets(service, fields, fase_hint)
    return service


def _facets(service: ServiceRec, fields: dict[str, str | None], fase_hint: list[str]) -> dict[str, list[str]]:
    module = _module("facets")
    if module is None:
        return {"fase": list(fase_hint)} if fase_hint else {}
    data = module.FacetInput(
        name=service.name, description=service.description,
        eligibility=service.eligibility_description or "", application=service.application_process or "",
        organization_eligibility=fields["Doelgroep"] or "", organization_application=fields["Aanmelding"] or "",
        fase_hint=list(fase_hint),
    )
    return module.classify(data)


def _ages(text: str) -> tuple[int | None, int | None]:
    return _call("ages", "parse_age_range", lambda: (None, None), text)


def _funding(text: str | None) -> list[str]:
    return _call("costs", "parse_funding", list, text or "") if text else []


def _schedules(text: str) -> list[Any]:
    if not re.search(r"\d{1,2}\s*(?:u|:|h)\s*\d{0,2}", text):
        return []
    return _call("schedules", "extract_schedules", list, text)


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
