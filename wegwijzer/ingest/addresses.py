"""Recognise Belgian street lines, postcode + city lines and building/floor lines.

Street lines: "Emile Jacqmainlaan 135", "de Fiennesstraat71" (glued number, normalised to
"de Fiennesstraat 71"), "Leopold II-laan 178", "Havenlaan 86c, bus 209", "Rue Haute 12".
Postcode lines: "1000 Brussel", "B-1000 Brussel", "1080 Sint-Jans-Molenbeek".
Both may share a line: "Grootgodhuisstraat 7, 1000 Brussel".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wegwijzer.ingest.postcodes import (
    BRUSSELS_REGION,
    municipality_for_name,
    municipality_for_postcode,
    province_for_postcode,
)
from wegwijzer.ingest.records import AddressRec

_CITY = r"[A-ZÀ-Ý][A-Za-zÀ-ÿ'’]*(?:[ -]+[A-Za-zÀ-ÿ'’]+){0,4}"
_POSTCODE_LINE_RE = re.compile(rf"^\(?(?:B\s?-\s?)?(?P<pc>[1-9]\d{{3}})\s+(?P<city>{_CITY})\)?[.,;]?$")
_STREET_WORD = (
    r"(?:\w*(?:straat|laan|plein|kaai|steenweg|weg|lei|dreef|singel|markt|hof|park|baan|dijk|vest|"
    r"berg|pad|gracht|kade|wal|plaats|galerij|square|dam|veld|hoek)\b"
    r"|\b(?:rue|avenue|av\.|bd\.?|boulevard|chauss[ée]e|place|quai|square|chemin|all[ée]e|impasse|"
    r"clos|dr[èe]ve|passage|rond-point)\b)"
)
_STREET_WORD_RE = re.compile(_STREET_WORD, re.IGNORECASE)
_BOX = r"(?:,?\s*(?:bus|b\.|bte\.?|boîte)\s*[\w/-]+)"
_STREET_RE = re.compile(
    r"^(?P<street>[A-Za-zÀ-ÿ(][^@:]*?[A-Za-zÀ-ÿ.)'’])\s*"
    r"(?P<number>\d+[A-Za-z]?(?:\s?[-/]\s?\d+[A-Za-z]?)?)"
    rf"(?P<box>{_BOX})?\s*$"
)
_STREET_PC_RE = re.compile(
    rf"^(?P<street>.+?\d[A-Za-z]?{_BOX}?)\s*[,–-]?\s+(?P<pc_line>(?:B\s?-\s?)?[1-9]\d{{3}}\s+{_CITY})$"
)
_EXTRA_RE = re.compile(
    r"(?:gebouw|toren)\b|\bverdieping\b|^huis\s|^(?:bus|bte\.?|boîte)\s*\w+$"
    r"|\b\d+(?:ste|de|e)\s+(?:verdieping|étage)",
    re.IGNORECASE,
)
_BOX_RE = re.compile(rf"^{_BOX}$", re.IGNORECASE)


@dataclass
class StreetLine:
    address_1: str
    address_2: str | None = None


def parse_postcode_line(text: str) -> tuple[str, str] | None:
    """("1080", "Sint-Jans-Molenbeek") for a postcode + city line, else None."""
    match = _POSTCODE_LINE_RE.match(text.strip())
    if not match:
        return None
    return match.group("pc"), match.group("city").strip()


def parse_street_line(text: str) -> StreetLine | None:
    """Street + house number (+ box) line, else None. A glued number gets a space."""
    text = text.strip()
    match = _STREET_RE.match(text)
    if not match or not _STREET_WORD_RE.search(match.group("street")):
        return None
    street = match.group("street").strip()
    box = match.group("box")
    extra = [box.strip(" ,")] if box else []
    place, _, last = street.rpartition(",")
    if place and _STREET_WORD_RE.search(last) and not _STREET_WORD_RE.search(place):
        street, extra = last.strip(), [place.strip(), *extra]  # "het Zennelab, Derdeschoofstraat 5"
    address_1 = f"{street} {match.group('number').strip()}"
    return StreetLine(address_1=address_1, address_2=", ".join(extra) if extra else None)


def parse_street_and_postcode(text: str) -> tuple[StreetLine, tuple[str, str]] | None:
    """"Grootgodhuisstraat 7, 1000 Brussel" -> (street, (postcode, city))."""
    match = _STREET_PC_RE.match(text.strip())
    if not match:
        return None
    street = parse_street_line(match.group("street"))
    postcode = parse_postcode_line(match.group("pc_line"))
    if street is None or postcode is None:
        return None
    return street, postcode


def is_address_extra(text: str) -> bool:
    """Building names, floors and boxes: "Hendrik Consciencegebouw", "Astrotoren (Verdieping M)"."""
    text = text.strip()
    return bool(text) and len(text) <= 60 and bool(_EXTRA_RE.search(text))


def make_address(street: StreetLine, postcode: str, city: str, extras: list[str]) -> AddressRec:
    """Assemble an AddressRec; municipality and province follow from the postcode."""
    parts = [*extras]
    if street.address_2:
        parts.append(street.address_2)
    municipality = municipality_for_postcode(postcode)
    return AddressRec(
        address_1=street.address_1,
        postal_code=postcode,
        city=city,
        municipality=municipality,
        address_2=", ".join(parts) if parts else None,
        state_province=province_for_postcode(postcode) or BRUSSELS_REGION,
    )


def make_incomplete_address(street: StreetLine, extras: list[str]) -> AddressRec:
    """A street written without postcode ("Actieplek Brussel : Havenlaan 53").

    ``postal_code`` stays empty (never guessed). When a label word names a Brussels municipality
    ("Brussel"), that word becomes the city and gives the municipality; otherwise city,
    municipality and province stay empty.
    """
    parts = [*extras] + ([street.address_2] if street.address_2 else [])
    city, municipality = "", None
    for word in (w for extra in extras for w in re.split(r"[\s:,]+", extra) if w):
        found = municipality_for_name(word)
        if found:
            city, municipality = word, found
    return AddressRec(
        address_1=street.address_1,
        postal_code="",
        city=city,
        municipality=municipality,
        address_2=", ".join(parts) if parts else None,
        state_province=BRUSSELS_REGION if municipality else "",
    )
