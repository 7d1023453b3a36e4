"""Find the distinct offers (future services) inside a fiche's Werking body.

Offers are introduced by headings of these shapes:

* numbered sub-sections ("1. Individueel gerichte aanmeldingen", "2 Trajectbepaling"),
  validated as a numbering sequence (nested lists restart at 1);
* bullet headings: a short bullet item standing alone between blank lines and
  followed by prose ("• Individuele begeleiding (enkel voor secundair onderwijs)");
* named bullet offers: a bullet item standing alone between blank lines that starts with a
  short proper name (capitalised words), a colon and a long description of its own
  ("• Compagnon de Route: Een outreach- en activeringsprogramma …"; not "• NT2 alfa: …");
* short title lines followed by a question ("Klastraject" / "Wat?", "Herstel" / "Voor wie?");
* short title lines standing alone before prose that the fiche confirms as an offer's name:
  it is named by a Doelgroep bullet or a contact heading of the fiche ("Hopon", "Leertijd"), or
  it looks like a proper name and the prose right after it names it again ("I CAN BXL" / "I CAN
  BXL is een partnerschap …"); topic lines such as "Absolute schoolverzuimers" are no offers.
  Such a title opens a top-level part when no numbered section is open (its numbered
  sub-sections become its children), else a sub-offer; inside a numbered section a title
  that names a contact entry ("CVO Brussel") is an organisation's paragraph, not an offer.

A section whose children are headings groups them; its leaves are offers. A grouping that
also has substantial text of its own before or between its children (an umbrella offer such
as "NAFT", whose modules are FIX, Klastraject, …) is an offer too.
Bullet lists of short phrases never form headings (they are not separated by blanks).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from wegwijzer.ingest.clean import Block
from wegwijzer.text import fold_words

_NUMBERED_RE = re.compile(r"^(\d{1,2})(\.?)\s+(\S.*)$")
_TERMINAL = (".", ";", ",")
_MAX_HEADING = 100
_MAX_BULLET_HEADING = 80
_MAX_TITLE = 60  # a stand-alone title line
_NAMED_BULLET_RE = re.compile(r"^(?P<name>[^:;.,()]{3,40}?)\s*:\s+(?P<rest>[A-Z].*)$")
_MIN_NAMED_BULLET_TEXT = 150  # the description of a named bullet offer
_MIN_PROSE = 80


@dataclass
class Heading:
    name: str
    kind: str  # "numbered", "bullet", "named", "question", "title"
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


def named_bullet_heading(blocks: list[Block], index: int) -> Heading | None:
    """A stand-alone bullet "Name: Description …" whose description is an offer's own text."""
    block = blocks[index]
    if block.kind != "bullet" or not (block.gap_before and block.gap_after) or block.glyph in "-–o":
        return None
    match = _NAMED_BULLET_RE.match(block.text.strip())
    if not match or len(match.group("rest")) < _MIN_NAMED_BULLET_TEXT:
        return None
    name = match.group("name").strip()
    if len(name.split()) > 5 or not _proper_name(name, every_word=True):
        return None
    return Heading(_clean_name(name), "named", rest=match.group("rest").strip())


def _proper_name(text: str, every_word: bool = False) -> bool:
    """A name rather than a topic: several words, capitalised beyond the first ("Compagnon de
    Route", "I CAN BXL"); with ``every_word`` all words of three letters or more are."""
    words = [w.strip("‘’'\"“”()!?") for w in text.split()]
    long_words = [w for w in words if len(w) >= 3]
    if len(words) < 2 or not long_words or not words[0][:1].isupper():
        return False
    capitals = [w for w in words[1:] if w[:1].isupper()]
    if every_word:
        return all(w[:1].isupper() for w in long_words)
    return bool(capitals)


def _core(name: str) -> str:
    """A title without its parenthetical part, folded ("Leertijd (duaal)" -> "leertijd")."""
    return _fold(re.sub(r"\([^)]*\)", " ", name))


def _fold(text: str) -> str:
    return fold_words(text)


def title_heading(blocks: list[Block], index: int, offer_names: Sequence[str] = (),
                  unit_names: Sequence[str] = (), nested: bool = False) -> Heading | None:
    """A short stand-alone title line before prose, confirmed as an offer's name by the fiche.

    ``offer_names`` (Doelgroep bullets) confirm it; ``unit_names`` (contact headings) confirm it
    at the top level but rule it out inside a numbered section, where such a title names an
    organisation's part of a shared topic ("3. Inschrijvingsprocedure" / "CVO Brussel").
    """
    block = blocks[index]
    text = block.text.strip()
    if block.kind != "para" or not (block.gap_before and block.gap_after) or len(text) > _MAX_TITLE:
        return None
    if len(text.split()) > 6 or not _starts_title(text) or text.endswith((*_TERMINAL, ":", "?", "!", "…")):
        return None
    nxt = blocks[index + 1] if index + 1 < len(blocks) else None
    if nxt is None or nxt.kind != "para" or len(nxt.text) < _MIN_PROSE or numbered_heading(nxt):
        return None
    core = _core(text)
    if len(core) < 3:
        return None
    named_unit = _matches(core, unit_names)
    if nested and named_unit:
        return None
    named_next = _proper_name(text) and re.search(rf"\b{re.escape(core)}\b", _fold(nxt.text)) is not None
    if not (named_next or named_unit or _matches(core, offer_names)):
        return None
    return Heading(_clean_name(text), "title")


def _matches(core: str, names: Sequence[str]) -> bool:
    cores = [_core(name) for name in names]
    return any(len(c) >= 3 and (c == core or c.startswith(core + " ") or core.startswith(c + " ")) for c in cores)


_URL_PARENS_RE = re.compile(r"\s*\((?:[^()]*(?:www\.|https?://)[^()]*)\)")


def _clean_name(text: str) -> str:
    text = _URL_PARENS_RE.sub("", text)
    text = " ".join(text.split()).strip(" :–-")
    if text[:1] in "‘'“\"" and text[-1:] in "’'”\"":
        text = text[1:-1].strip()
    return text


def find_sections(blocks: list[Block], offer_names: Sequence[str] = (),
                  unit_names: Sequence[str] = ()) -> tuple[list[Block], list[Section]]:
    """Split body blocks into intro blocks and a tree of headed sections.

    ``offer_names`` (the fiche's Doelgroep bullet labels) and ``unit_names`` (its contact
    headings) confirm stand-alone title lines as headings (see :func:`title_heading`).
    """
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
            heading = (bullet_heading(blocks, index) or named_bullet_heading(blocks, index)
                       or question_heading(blocks, index))
            if heading is not None:
                depth = len(numbering)
        if heading is None:
            nested = bool(numbering) and not (path and path[0].kind == "title")
            heading = title_heading(blocks, index, offer_names, unit_names, nested)
            if heading is not None:
                depth = _title_depth(path, numbering)
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


def _title_depth(path: list[Section], numbering: list[int]) -> int:
    """A title line inside an open numbered section is a sub-offer; otherwise it opens a
    top-level part (depth -1) and the numbering restarts under it."""
    if numbering and not (path and path[0].kind == "title"):
        return len(numbering)
    numbering.clear()
    return -1


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
    """Offers: sections without sub-headings, plus groupings with substantial text of their own
    (the grouping comes first, with only its own text)."""
    return [section for section, _ in offer_paths(sections)]


def offer_paths(sections: list[Section],
                ancestors: tuple[Section, ...] = ()) -> list[tuple[Section, tuple[Section, ...]]]:
    """Like :func:`leaf_sections`, with the sections each offer is part of (outermost first)."""
    result: list[tuple[Section, tuple[Section, ...]]] = []
    for section in sections:
        if section.children:
            if _has_own_offer_text(section):
                own = Section(section.name, section.kind, section.depth, section.heading_block, list(section.blocks))
                result.append((own, ancestors))
            result.extend(offer_paths(section.children, (*ancestors, section)))
        else:
            result.append((section, ancestors))
    return result


def _has_own_offer_text(section: Section) -> bool:
    """A grouping that is an offer itself: it has prose of its own (a long paragraph or several
    items) and names an offer rather than a topic — a title part ("Hopon"), a name with an
    acronym ("NAFT (…)"), or a section whose sub-offers are named offers within it
    ("Opleiding en tewerkstelling" / "• Compagnon de Route: …")."""
    own = section.blocks
    if not (any(b.kind == "para" and len(b.text) >= _MIN_PROSE for b in own) or len(own) >= 3):
        return False
    return (section.kind == "title" or bool(re.search(r"\b[A-Z]{3,}\b", section.name))
            or any(child.kind in ("named", "title") for child in section.children))
