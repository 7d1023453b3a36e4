"""Find the distinct offers (future services) inside a fiche's Werking body.

Offers are introduced by headings of three shapes:

* numbered sub-sections ("1. Individueel gerichte aanmeldingen", "2 Trajectbepaling"),
  validated as a numbering sequence (nested lists restart at 1);
* bullet headings: a short bullet item standing alone between blank lines and
  followed by prose ("• Individuele begeleiding (enkel voor secundair onderwijs)");
* short title lines followed by a question ("Klastraject" / "Wat?", "Herstel" / "Voor wie?").

A section whose children are headings is a grouping, not an offer; its leaves are.
Bullet lists of short phrases never form headings (they are not separated by blanks).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from wegwijzer.ingest.clean import Block, blocks_to_text
from wegwijzer.ingest.overview import name_similarity
from wegwijzer.ingest.records import ContactInfo, OrganizationRec, SourceRef

_NUMBERED_RE = re.compile(r"^(\d{1,2})(\.?)\s+(\S.*)$")
_TERMINAL = (".", ";", ",")
_MAX_HEADING = 100
_MAX_BULLET_HEADING = 80


@dataclass
class Heading:
    name: str
    kind: str  # "numbered", "bullet", "question"
    number: int | None = None
    rest: str | None = None  # text after "Name:" on a numbered heading line


@dataclass
class Section:
    name: str
    kind: str
    depth: int
    heading_block: Block
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    @property
    def line_start(self) -> int:
        return self.heading_block.line_start

    @property
    def line_end(self) -> int:
        ends = [self.heading_block.line_end] + [b.line_end for b in self.blocks]
        ends += [child.line_end for child in self.children]
        return max(ends)

    def all_blocks(self) -> list[Block]:
        """Own content blocks followed by the children's (heading text included)."""
        result = list(self.blocks)
        for child in self.children:
            result.append(Block("para", child.name, child.line_start, child.line_start))
            result.extend(child.all_blocks())
        return result


def _starts_title(text: str) -> bool:
    first = text[:1]
    return first.isupper() or first in "‘'“\"(" or first.isdigit()


def numbered_heading(block: Block) -> Heading | None:
    """A numbered sub-section heading, possibly with text after "Name:"."""
    if block.kind != "para":
        return None
    match = _NUMBERED_RE.match(block.text)
    if not match or not _starts_title(match.group(3)):
        return None
    number, dot, title = int(match.group(1)), match.group(2), match.group(3).strip()
    head, colon, rest = title.partition(":")
    if colon and rest.strip() and len(head) <= 70:
        return Heading(_clean_name(head), "numbered", number, rest.strip())
    if len(title) > _MAX_HEADING or (not dot and len(title) > 60) or title.endswith(_TERMINAL):
        return None
    if len(title.split()) > 14:
        return None
    return Heading(_clean_name(title), "numbered", number)


def bullet_heading(blocks: list[Block], index: int) -> Heading | None:
    """A short bullet item standing alone and followed by a prose paragraph."""
    block = blocks[index]
    if block.kind != "bullet" or not (block.gap_before and block.gap_after) or block.glyph in "-–o":
        return None
    text = block.text.strip()
    if len(text) > _MAX_BULLET_HEADING or len(text.split()) > 10 or text.endswith((*_TERMINAL, ":", "…")):
        return None
    nxt = blocks[index + 1] if index + 1 < len(blocks) else None
    if nxt is None or nxt.kind != "para" or len(nxt.text) < 80 or numbered_heading(nxt):
        return None
    return Heading(_clean_name(text), "bullet")


def question_heading(blocks: list[Block], index: int) -> Heading | None:
    """A short title paragraph followed by a question such as "Voor wie?" or "Wat?"."""
    block = blocks[index]
    text = block.text.strip()
    if block.kind != "para" or len(text) > 70 or len(text.split()) > 8 or not _starts_title(text):
        return None
    if text.endswith((*_TERMINAL, ":", "?")):
        return None
    nxt = blocks[index + 1] if index + 1 < len(blocks) else None
    if nxt is None or not nxt.text.strip().endswith("?") or len(nxt.text) > 25:
        return None
    return Heading(_clean_name(text), "question")


_URL_PARENS_RE = re.compile(r"\s*\((?:[^()]*(?:www\.|https?://)[^()]*)\)")


def _clean_name(text: str) -> str:
    text = _URL_PARENS_RE.sub("", text)
    text = " ".join(text.split()).strip(" :–-")
    if text[:1] in "‘'“\"" and text[-1:] in "’'”\"":
        text = text[1:-1].strip()
    return text


def find_sections(blocks: list[Block]) -> tuple[list[Block], list[Section]]:
    """Split body blocks into intro blocks and a tree of headed sections."""
    intro: list[Block] = []
    roots: list[Section] = []
    path: list[Section] = []  # open sections, outermost first
    numbering: list[int] = []  # expected next number per numbered depth
    for index, block in enumerate(blocks):
        heading = numbered_heading(block)
        depth: int | None = None
        if heading is not None:
            depth = _numbered_depth(numbering, heading.number or 0)
            if depth is None:
                heading = None
        if heading is None:
            heading = bullet_heading(blocks, index) or question_heading(blocks, index)
            if heading is not None:
                depth = len(numbering)
        if heading is None or depth is None:
            target = path[-1].blocks if path else intro
            target.append(block)
            continue
        section = Section(heading.name, heading.kind, depth, block)
        if heading.rest:
            section.blocks.append(Block("para", heading.rest, block.line_start, block.line_end))
        while path and path[-1].depth >= depth:
            path.pop()
        (path[-1].children if path else roots).append(section)
        path.append(section)
    return intro, roots


def _numbered_depth(numbering: list[int], number: int) -> int | None:
    """Depth of a numbered heading, updating the expected numbers; None if out of sequence."""
    for depth in range(len(numbering) - 1, -1, -1):
        if numbering[depth] == number:
            del numbering[depth + 1:]
            numbering[depth] = number + 1
            return depth
    if number == 1:
        numbering.append(2)
        return len(numbering) - 1
    return None


def leaf_sections(sections: list[Section]) -> list[Section]:
    """Offers: sections without sub-headings (a section with children only groups them)."""
    result: list[Section] = []
    for section in sections:
        if section.children:
            result.extend(leaf_sections(section.children))
        else:
            result.append(section)
    return result


# --- multi-organisation fiches -------------------------------------------------------------

SIMILAR = 0.45  # a contact heading names this section
NAMES_PARENT = 0.7  # a contact heading names the fiche's own organisation


@dataclass
class Unit:
    """One organisation of a fiche with the text it owns."""

    org: OrganizationRec
    sections: list[Section]
    intro: list[Block]
    default_service: str | None = None  # name of the fallback service (else the org name)


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


def _child(parent: OrganizationRec, name: str, contacts: list[ContactInfo],
           source_lines: tuple[int, int] | None = None) -> OrganizationRec:
    child = OrganizationRec(
        key=f"{parent.key}/{slug(name)}", fiche=parent.fiche, name=name,
        description=parent.description, parent_key=parent.key, program_name=parent.name,
        contact_infos=contacts, funding=list(parent.funding), source=parent.source,
    )
    if source_lines and parent.source:
        child.source = SourceRef(parent.fiche, *source_lines)
    for info in contacts:
        child.email = child.email or (info.emails[0] if info.emails else None)
        child.website = child.website or (info.websites[0] if info.websites else None)
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
    """The parent organisation, plus sub-organisations when the fiche describes several.

    Automatic detection (``mode`` None): contact entries with distinct headings that
    match top-level numbered sections split the fiche by section; contact entries
    none of which names the fiche's organisation split it by contact (the text is
    shared, so every sub-organisation gets the fiche's offers). ``"none"`` disables
    splitting; a list of :class:`SubunitSpec` (overlay) names the sub-organisations.
    """
    whole = [Unit(parent, sections, intro)]
    if mode == "none":
        return whole
    if isinstance(mode, list):
        return _split_by_spec(parent, intro, sections, mode)
    entries = [c for c in parent.contact_infos if c.heading and (c.addresses or c.phones or c.emails)]
    headings = [c.heading or "" for c in entries]
    if len({slug(h) for h in headings}) < 2:
        return whole
    tops = [s for s in sections if s.kind == "numbered"]
    matched = _assign(tops, headings)
    if len(matched) >= 2 and len(matched) * 2 >= len(tops):
        return _split_by_sections(parent, intro, sections, tops, matched, entries)
    if all(name_similarity(parent.name, h, acronyms=False) < NAMES_PARENT for h in headings):
        units = [Unit(parent, sections, intro)]
        for entry in entries:
            units.append(Unit(_child(parent, entry.heading or "", [entry]), sections, intro))
        parent.contact_infos = []
        return units
    return whole


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
    parent.contact_infos = []
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
            units.append(Unit(child, sections, intro))
    given = {id(info) for unit in units[1:] for info in unit.org.contact_infos}
    parent.contact_infos = [info for info in parent.contact_infos if id(info) not in given]
    return units
