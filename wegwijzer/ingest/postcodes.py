"""Belgian postcodes -> Brussels municipality (gemeente) vocabulary slugs and provinces.

Pure lookup tables, no I/O. The 19 Brussels municipalities are identified by the slugs of the
``gemeente`` vocabulary; every postcode outside the Brussels-Capital Region maps to
:data:`OUTSIDE_BRUSSELS`.

Administrative ("big user") postcodes of the region (parliaments, ministries, broadcasters, EU
institutions) are mapped to the municipality the building lies in, as far as known; the ones
whose location is uncertain fall back to ``brussel-stad`` (every 10xx code is "Brussel").
"""

from __future__ import annotations

import re
import unicodedata

OUTSIDE_BRUSSELS = "buiten-brussel"
BRUSSELS_REGION = "Brussels Hoofdstedelijk Gewest"

#: Regular (territorial) postcodes of the Brussels-Capital Region.
_TERRITORIAL: dict[str, str] = {
    "1000": "brussel-stad",
    "1020": "brussel-stad",  # Laken
    "1030": "schaarbeek",
    "1040": "etterbeek",
    "1050": "elsene",
    "1060": "sint-gillis",
    "1070": "anderlecht",
    "1080": "sint-jans-molenbeek",
    "1081": "koekelberg",
    "1082": "sint-agatha-berchem",
    "1083": "ganshoren",
    "1090": "jette",
    "1120": "brussel-stad",  # Neder-Over-Heembeek
    "1130": "brussel-stad",  # Haren
    "1140": "evere",
    "1150": "sint-pieters-woluwe",
    "1160": "oudergem",
    "1170": "watermaal-bosvoorde",
    "1180": "ukkel",
    "1190": "vorst",
    "1200": "sint-lambrechts-woluwe",
    "1210": "sint-joost-ten-node",
}

#: Administrative postcodes (single large addressees) inside the region.
_ADMINISTRATIVE: dict[str, str] = {
    "1005": "brussel-stad",  # Brussels Parliament
    "1006": "brussel-stad",  # Flemish Community Commission council
    "1007": "brussel-stad",  # French Community Commission assembly
    "1008": "brussel-stad",  # Chamber of Representatives
    "1009": "brussel-stad",  # Senate
    "1010": "brussel-stad",  # Rijksadministratief Centrum
    "1011": "brussel-stad",  # Flemish Parliament
    "1012": "brussel-stad",  # Parliament of the French Community
    "1031": "schaarbeek",  # Christian social organisations
    "1033": "schaarbeek",  # broadcaster
    "1035": "brussel-stad",  # Brussels regional ministry
    "1041": "brussel-stad",  # International Press Center
    "1043": "schaarbeek",  # VRT
    "1044": "schaarbeek",  # RTBF
    "1045": "brussel-stad",
    "1046": "brussel-stad",  # European External Action Service
    "1047": "brussel-stad",  # European Parliament
    "1048": "brussel-stad",  # Council of the European Union
    "1049": "brussel-stad",  # European Commission
    "1099": "brussel-stad",  # Brussel X (mail centre)
    "1100": "brussel-stad",  # postal cheque office
    "1105": "brussel-stad",
    "1110": "evere",  # NATO
    "1212": "sint-joost-ten-node",
}

POSTCODE_MUNICIPALITY: dict[str, str] = {**_TERRITORIAL, **_ADMINISTRATIVE}

#: Municipality names (Dutch, French, common short forms, former municipalities) -> postcode.
_NAME_POSTCODE: dict[str, str] = {
    "brussel": "1000", "bruxelles": "1000", "brussels": "1000", "stad brussel": "1000",
    "brussel stad": "1000", "brussel-stad": "1000", "ville de bruxelles": "1000",
    "bruxelles-ville": "1000", "laken": "1020", "laeken": "1020",
    "neder-over-heembeek": "1120", "haren": "1130",
    "schaarbeek": "1030", "schaerbeek": "1030",
    "etterbeek": "1040",
    "elsene": "1050", "ixelles": "1050",
    "sint-gillis": "1060", "saint-gilles": "1060",
    "anderlecht": "1070",
    "sint-jans-molenbeek": "1080", "molenbeek": "1080", "molenbeek-saint-jean": "1080",
    "koekelberg": "1081",
    "sint-agatha-berchem": "1082", "berchem-sainte-agathe": "1082", "berchem": "1082",
    "ganshoren": "1083",
    "jette": "1090",
    "evere": "1140",
    "sint-pieters-woluwe": "1150", "woluwe-saint-pierre": "1150",
    "oudergem": "1160", "auderghem": "1160",
    "watermaal-bosvoorde": "1170", "watermael-boitsfort": "1170", "bosvoorde": "1170",
    "ukkel": "1180", "uccle": "1180",
    "vorst": "1190", "forest": "1190",
    "sint-lambrechts-woluwe": "1200", "woluwe-saint-lambert": "1200",
    "sint-joost-ten-node": "1210", "saint-josse-ten-noode": "1210", "sint-joost": "1210",
    "saint-josse": "1210",
}

#: (first, last, province) for postcodes outside the Brussels region.
_PROVINCE_RANGES: list[tuple[int, int, str]] = [
    (1300, 1499, "Waals-Brabant"),
    (1500, 1999, "Vlaams-Brabant"),
    (2000, 2999, "Antwerpen"),
    (3000, 3499, "Vlaams-Brabant"),
    (3500, 3999, "Limburg"),
    (4000, 4999, "Luik"),
    (5000, 5999, "Namen"),
    (6000, 6599, "Henegouwen"),
    (6600, 6999, "Luxemburg"),
    (7000, 7999, "Henegouwen"),
    (8000, 8999, "West-Vlaanderen"),
    (9000, 9999, "Oost-Vlaanderen"),
]

_POSTCODE_RE = re.compile(r"^\d{4}$")
_SEPARATORS_RE = re.compile(r"[\s_'’]+")


def is_brussels_postcode(code: str) -> bool:
    return code.strip() in POSTCODE_MUNICIPALITY


def municipality_for_postcode(code: str) -> str:
    """Gemeente slug for a Belgian postcode; ``"buiten-brussel"`` outside the region.

    Unknown 10xx/11xx/12xx codes (administrative codes not in the table) fall back to
    ``brussel-stad`` since the post office names them all "Brussel".
    """
    code = code.strip()
    if code in POSTCODE_MUNICIPALITY:
        return POSTCODE_MUNICIPALITY[code]
    if _POSTCODE_RE.match(code) and 1000 <= int(code) <= 1299:
        return "brussel-stad"
    return OUTSIDE_BRUSSELS


def province_for_postcode(code: str) -> str | None:
    """Region/province name for a postcode (``"Brussels Hoofdstedelijk Gewest"`` inside Brussels)."""
    code = code.strip()
    if not _POSTCODE_RE.match(code):
        return None
    if municipality_for_postcode(code) != OUTSIDE_BRUSSELS:
        return BRUSSELS_REGION
    number = int(code)
    for first, last, province in _PROVINCE_RANGES:
        if first <= number <= last:
            return province
    return None


def _normalise_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS_RE.sub("-", plain).strip("-")


_NORMALISED_NAMES: dict[str, str] = {_normalise_name(k): v for k, v in _NAME_POSTCODE.items()}


def postcode_for_municipality_name(name: str) -> str | None:
    """Main postcode for a Brussels municipality name (Dutch or French, case/accents ignored).

    >>> postcode_for_municipality_name("Molenbeek")
    '1080'
    >>> postcode_for_municipality_name("Elsene/Ixelles")
    '1050'
    """
    for part in re.split(r"\s*/\s*", name):
        found = _NORMALISED_NAMES.get(_normalise_name(part))
        if found:
            return found
    return None


def municipality_for_name(name: str) -> str | None:
    """Gemeente slug for a municipality name, or None if it is not a Brussels municipality."""
    code = postcode_for_municipality_name(name)
    return POSTCODE_MUNICIPALITY[code] if code else None
