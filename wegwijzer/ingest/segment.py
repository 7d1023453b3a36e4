"""Split the infobundle into its parts: overview table and numbered infofiches.

Fiche titles look like " 12. Tracé Brussel vzw – …" or "25.1. Abrusco". Numbered
sub-sections inside a fiche ("1. Onderwijscentrum Brussel") look the same, so a
title is only accepted when it carries the *expected next* number and the
previous fiche already had its contact block (every fiche ends with one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TITLE_RE = re.compile(r"^\s?(\d{1,2}(?:\.\d{1,2})?)\.\s+(\S.*?)\s*$")
_CONTACT_RE = re.compile(r"^\s*Contact(?:gegevens)?\s*:?", re.IGNORECASE)
_OVERVIEW_RE = re.compile(r"SCHEMATISCHE\s+WEERGAVE", re.IGNORECASE)
_FICHES_RE = re.compile(r"^\s*INFOFICHES\b", re.IGNORECASE)

STANDARD_FIELDS = ("Doelgroep", "Doelstelling", "Aanmelding", "Financiering", "Kostprijs")
# A label, optionally narrowed by a short qualifier before its colon ("Kostprijs voor de
# doelgroep: gratis"); "Aanmelden:" is the verb form of "Aanmelding:".
_FIELD_RE = re.compile(
    r"^\s*(Doelgroep(?:en)?|Doelstelling(?:en)?|Aanmeld(?:ing|en)(?:svoorwaarden)?|Financiering|Kostprijs"
    r"|Werking)\s*(?:(?:\s(?:voor|van)\s[^:]{1,30})?:\s*(.*?)|)\s*$"
)
# The contact heading; also in lower case when it ends a sentence on a line of its own
# ("… en hun\ncontactgegevens:").
_CONTACT_FIELD_RE = re.compile(r"^\s*(?:Contactgegevens\s*(?::\s*(.*?)|)|contactgegevens\s*:)\s*$")
_TITLE_MAX_LEN = 140


@dataclass
class FicheSpan:
    number: str  # "12", "25.3"
    title: str  # title as printed, whitespace-normalised
    line_start: int  # 1-based, the title line
    line_end: int  # 1-based, inclusive


@dataclass
class Field:
    name: str  # canonical: "Doelgroep", "Doelstelling", "Aanmelding", "Financiering", "Kostprijs"
    lines: list[str]
    line_start: int
    line_end: int


@dataclass
class FicheParts:
    span: FicheSpan
    fields: dict[str, Field] = field(default_factory=dict)
    body_start: int = 0  # first line of the Werking body (1-based)
    body_end: int = 0  # last line of the body, inclusive
    contact_start: int | None = None  # the "Contactgegevens" line, if any
    contact_end: int | None = None


def next_numbers(current: str | None) -> list[str]:
    """Numbers that may follow ``current``: "25" -> ["26", "25.1"], "25.11" -> ["25.12", "26"]."""
    if current is None:
        return ["1"]
    if "." in current:
        major, minor = current.split(".")
        return [f"{major}.{int(minor) + 1}", str(int(major) + 1)]
    return [str(int(current) + 1), f"{current}.1"]


def _candidates(lines: list[str], start: int) -> list[tuple[int, str, str]]:
    found = []
    for index in range(start, len(lines)):
        match = _TITLE_RE.match(lines[index])
        if match and len(match.group(2)) <= _TITLE_MAX_LEN and match.group(2)[:1].isupper():
            found.append((index, match.group(1), " ".join(match.group(2).split())))
    return found


def find_fiches(lines: list[str]) -> list[FicheSpan]:
    """Locate the numbered infofiches in the raw lines (0-based list, 1-based result)."""
    start = _fiche_chapter_start(lines)
    candidates = _candidates(lines, start)
    spans: list[FicheSpan] = []
    current: str | None = None
    cursor = start
    while True:
        wanted = next_numbers(current)
        options = [c for c in candidates if c[0] >= cursor and c[1] in wanted]
        if not options:
            break
        chosen = _choose(lines, options, spans[-1].line_start - 1 if spans else None)
        if chosen is None:
            break
        index, number, title = chosen
        if spans:
            spans[-1].line_end = index  # previous fiche ends on the line before (1-based index)
        spans.append(FicheSpan(number, title, index + 1, len(lines)))
        current = number
        cursor = index + 1
    return spans


def _choose(lines: list[str], options: list[tuple[int, str, str]],
            previous_start: int | None) -> tuple[int, str, str] | None:
    """Prefer the first candidate reached after the previous fiche's contact block."""
    if previous_start is None:
        return options[0]
    for option in options:
        if any(_CONTACT_RE.match(lines[i]) for i in range(previous_start, option[0])):
            return option
    for option in options:  # a fiche without contact block: the next title opens a field list
        if any(_FIELD_RE.match(line) for line in lines[option[0] + 1:option[0] + 12]):
            return option
    return None


def _fiche_chapter_start(lines: list[str]) -> int:
    """Index after the "INFOFICHES" chapter heading, or after the overview, or 0."""
    for index, line in enumerate(lines):
        if _FICHES_RE.match(line):
            return index + 1
    return 0


def overview_range(lines: list[str]) -> tuple[int, int] | None:
    """0-based [start, end) of the schematic overview, if present."""
    start = next((i for i, line in enumerate(lines) if _OVERVIEW_RE.search(line)), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if _FICHES_RE.match(lines[i])), None)
    if end is None:
        end = next((i for i in range(start + 1, len(lines)) if _TITLE_RE.match(lines[i])), len(lines))
    return start + 1, end


def split_fiche(lines: list[str], span: FicheSpan) -> FicheParts:
    """Split a fiche into its standard fields, Werking body and contact block."""
    parts = FicheParts(span)
    first = span.line_start  # 0-based index of the line after the title
    last = span.line_end  # 0-based exclusive end
    contact = _last_contact_line(lines, first, last)
    end_of_text = contact if contact is not None else last
    labels: list[tuple[int, str, str]] = []
    for index in range(first, end_of_text):
        match = _FIELD_RE.match(lines[index])
        if match:
            labels.append((index, _canonical(match.group(1)), (match.group(2) or "").strip()))
            if labels[-1][1] == "Werking":
                break
    body_start = first
    for position, (index, name, inline) in enumerate(labels):
        if name == "Werking":
            body_start = index if inline else index + 1
            break
        if position + 1 < len(labels):
            value_end = labels[position + 1][0]
        else:
            value_end = _field_end(lines, index, end_of_text, bool(inline))
        value = [inline] + lines[index + 1:value_end]
        if name not in parts.fields:
            parts.fields[name] = Field(name, value, index + 1, value_end)
        else:  # a second label of the same field ("Aanmelden:" + "Aanmeldingsvoorwaarden:") adds to it
            known = parts.fields[name]
            parts.fields[name] = Field(name, known.lines + [""] + value, known.line_start, value_end)
        body_start = value_end
    parts.body_start = body_start + 1
    parts.body_end = end_of_text
    if contact is not None:
        parts.contact_start = contact + 1
        parts.contact_end = last
    return parts


def body_lines(lines: list[str], parts: FicheParts) -> list[str]:
    """Raw body lines; a "Werking: text" line contributes only its text."""
    body = list(lines[parts.body_start - 1:parts.body_end])
    if body:
        match = _FIELD_RE.match(body[0])
        if match and _canonical(match.group(1)) == "Werking":
            body[0] = match.group(2) or ""
    return body


def _canonical(label: str) -> str:
    for name in (*STANDARD_FIELDS, "Werking"):
        if label.startswith(name):
            return name
    if label.startswith("Aanmelden"):
        return "Aanmelding"
    return label


def _field_end(lines: list[str], index: int, stop: int, inline_value: bool) -> int:
    """Exclusive end of a field value: next field label, or the end of its paragraph(s).

    A value written on the label line ends at the first blank line; a value that
    starts on the next lines (bulleted lists) runs until the next label.
    """
    cursor = index + 1
    seen_text = inline_value
    while cursor < stop:
        line = lines[cursor]
        if _FIELD_RE.match(line) or _CONTACT_FIELD_RE.match(line):
            return cursor
        if not line.strip():
            if seen_text and not _bullet_continues(lines, cursor, stop):
                return cursor
        else:
            seen_text = True
        cursor += 1
    return cursor


def _bullet_continues(lines: list[str], blank: int, stop: int) -> bool:
    """After a blank line inside a field, does a bullet item of the same field follow?"""
    cursor = blank
    while cursor < stop and not lines[cursor].strip():
        cursor += 1
    head = lines[cursor].lstrip()[:1]
    return cursor < stop and (head in "•●\uf0b7\uf0fc-" or head.islower())


def _last_contact_line(lines: list[str], first: int, last: int) -> int | None:
    for index in range(last - 1, first - 1, -1):
        if _CONTACT_FIELD_RE.match(lines[index]):
            return index
    return None
