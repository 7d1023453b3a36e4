"""Multi-organisation fiches: the fiche's organisation plus its sub-organisations.

Rules (automatic detection, ``mode`` None):

* contact entries with distinct headings that match top-level numbered sections split the fiche
  by section: each sub-organisation owns its section's text and offers;
* contact entries none of which names the fiche's organisation split it by contact: the text is
  shared, so the fiche's offers stay on the parent only and each sub-organisation carries its own
  contact entry (the rows step gives the parent's services at the children's locations);
* contact entries without a heading (e.g. "Meer info over …: x@y.be") stay on the parent.

``"none"`` disables splitting; a list of :class:`SubunitSpec` (overlay) names the
sub-organisations. A spec with ``service`` gets its own offer from the paragraphs that
mention it; a spec without one only carries its contacts (no copies of the parent's offers).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from wegwijzer.ingest.clean import Block, blocks_to_text
from wegwijzer.ingest.offers import Section
from wegwijzer.ingest.overview import name_similarity
from wegwijzer.ingest.records import ContactInfo, OrganizationRec, SourceRef

SIMILAR = 0.45  # a contact heading names this section
NAMES_PARENT = 0.7  # a contact heading names the fiche's own organisation


@dataclass
class Unit:
    """One organisation of a fiche with the text it owns."""

    org: OrganizationRec
    sections: list[Section]
    intro: list[Block]
    default_service: str | None = None  # name of the fallback service (else the org name)
    offers: bool = True  # False: a sub-organisation that only carries contacts


@dataclass
class SubunitSpec:
    """An editorial sub-organisation (overlay): its name and the text that identifies its paragraphs."""

    name: str
    match: list[str] = field(default_factory=list)
    service: str | None = None
    website: str | None = None
    email: str | None = None


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def set_links(org: OrganizationRec) -> None:
    """The organisation's own e-mail and website: the first of its contact entries."""
    org.email = next((e for info in org.contact_infos for e in info.emails), None)
    org.website = next((w for info in org.contact_infos for w in info.websites), None)


def _child(parent: OrganizationRec, name: str, contacts: list[ContactInfo],
           source_lines: tuple[int, int] | None = None) -> OrganizationRec:
    child = OrganizationRec(
        key=f"{parent.key}/{slug(name)}", fiche=parent.fiche, name=name,
        description=parent.description, parent_key=parent.key, program_name=parent.name,
        contact_infos=contacts, funding=list(parent.funding), source=parent.source,
    )
    if source_lines and parent.source:
        child.source = SourceRef(parent.fiche, *source_lines)
    elif contacts and parent.source and contacts[0].line_start:
        child.source = SourceRef(parent.fiche, contacts[0].line_start,
                                 max(c.line_end or c.line_start or 0 for c in contacts))
    set_links(child)
    return child


def _assign(tops: list[Section], headings: list[str]) -> list[tuple[Section, int]]:
    """One-to-one matching of sections to contact headings, best pairs first."""
    pairs = sorted(((name_similarity(top.name, h, acronyms=False), t, i)
                    for t, top in enumerate(tops) for i, h in enumerate(headings)), reverse=True)
    used_tops: set[int] = set()
    used_headings: set[int] = set()
    result: list[tuple[Section, int]] = []
    for score, t, i in pairs:
        if score >= SIMILAR and t not in used_tops and i not in used_headings:
            used_tops.add(t)
            used_headings.add(i)
            result.append((tops[t], i))
    return result


def split_subunits(parent: OrganizationRec, intro: list[Block], sections: list[Section],
                   mode: str | list[SubunitSpec] | None) -> list[Unit]:
    """The parent organisation, plus sub-organisations when the fiche describes several."""
    whole = [Unit(parent, sections, intro)]
    if mode == "none":
        return whole
    if isinstance(mode, list):
        units = _split_by_spec(parent, intro, sections, mode)
    else:
        units = _split_automatically(parent, intro, sections) or whole
    set_links(parent)
    return units


def _split_automatically(parent: OrganizationRec, intro: list[Block],
                         sections: list[Section]) -> list[Unit] | None:
    entries = [c for c in parent.contact_infos if c.heading and (c.addresses or c.phones or c.emails)]
    headings = [c.heading or "" for c in entries]
    if len({slug(h) for h in headings}) < 2:
        return None
    tops = [s for s in sections if s.kind == "numbered"]
    matched = _assign(tops, headings)
    if len(matched) >= 2 and len(matched) * 2 >= len(tops):
        return _split_by_sections(parent, intro, sections, tops, matched, entries)
    if all(name_similarity(parent.name, h, acronyms=False) < NAMES_PARENT for h in headings):
        units = [Unit(parent, sections, intro)]
        for entry in entries:
            units.append(Unit(_child(parent, entry.heading or "", [entry]), [], [], offers=False))
        _keep_unassigned(parent, units)
        return units
    return None


def _keep_unassigned(parent: OrganizationRec, units: list[Unit]) -> None:
    """The parent keeps the contact entries no sub-organisation took."""
    given = {id(info) for unit in units[1:] for info in unit.org.contact_infos}
    parent.contact_infos = [info for info in parent.contact_infos if id(info) not in given]


def _split_by_sections(parent: OrganizationRec, intro: list[Block], sections: list[Section],
                       tops: list[Section], matched: list[tuple[Section, int]],
                       entries: list[ContactInfo]) -> list[Unit]:
    by_section = {id(top): index for top, index in matched}
    free = [i for i in range(len(entries)) if i not in by_section.values()]
    units = [Unit(parent, [s for s in sections if s not in tops], intro)]
    for top in tops:
        index = by_section.get(id(top))
        if index is None and free:
            index = free.pop(0)
        contacts = [entries[index]] if index is not None else []
        child = _child(parent, top.name, contacts, (top.line_start, top.line_end))
        child.description = blocks_to_text(top.blocks[:1]) or parent.description
        units.append(Unit(child, top.children, top.blocks, default_service=None))
    _keep_unassigned(parent, units)
    return units


def _split_by_spec(parent: OrganizationRec, intro: list[Block], sections: list[Section],
                   specs: list[SubunitSpec]) -> list[Unit]:
    units = [Unit(parent, sections, intro)]
    everything = intro + [b for s in sections for b in [Block("para", s.name, s.line_start, s.line_start)]
                          + s.all_blocks()]
    for spec in specs:
        keys = [m.lower() for m in (spec.match or [spec.name])]
        own = [b for b in everything if any(k in b.text.lower() for k in keys)]
        contacts = [c for c in parent.contact_infos
                    if any(k in " ".join([c.heading or "", *c.emails, *c.websites]).lower() for k in keys)]
        child = _child(parent, spec.name, contacts)
        child.email = spec.email or child.email
        child.website = spec.website or child.website
        if own:
            child.description = blocks_to_text(own[:2])
        if spec.service:
            units.append(Unit(child, [], own, default_service=spec.service))
        else:
            units.append(Unit(child, [], own, offers=False))
    _keep_unassigned(parent, units)
    return units
