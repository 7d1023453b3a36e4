"""Belgian phone numbers: find them in a line of text and normalise to "+32 …" form.

Accepted input forms (as found in the infobundle): ``02/ 563 03 00``, ``02 529.88.52``,
``0489/54 66 22``, ``02-563 05 63``, ``0474791042``, ``+32 2 …``, ``+32 (0)476 20 82 44``,
``0032 …``, ``0800-20 808``. Output groups:

* zone 2/3/4/9 (one digit):  ``+32 2 563 03 00``
* other zones (two digits):  ``+32 15 12 34 56``
* mobiles 045x-049x:         ``+32 489 54 66 22``
* 0800/090x special numbers: ``+32 800 20 808``
"""

from __future__ import annotations

import re

from wegwijzer.ingest.records import PhoneRec

# A run of digits with separators; must start with 0, +32 or 0032.
_CANDIDATE_RE = re.compile(r"(?<![\w@.])(?:\+\s?32|0032|0)(?:\s?\(0\))?\s?\d[\d \t./-]*\d(?![\w@])")
_GROUP_RE = re.compile(r"\d+")
_INTL_PREFIX_RE = re.compile(r"^(?:\+\s?32|0032)(?:\s?\(0\))?")
_LABEL_RE = re.compile(
    r"^\s*(?P<label>(?:tel(?:efoon)?|telephone|t|gsm|mobiel|mobile|gsm-nummer|fax|f|onthaal|"
    r"secretariaat|algemeen(?: nummer)?|klachtenlijn|hulplijn|infolijn|noodnummer)\.?)\s*:?\s*(?=[+0(])",
    re.IGNORECASE,
)
_FAX_RE = re.compile(r"\b(?:fax|f)\b", re.IGNORECASE)
_ONE_DIGIT_ZONES = frozenset("2349")
_SPECIAL_PREFIXES = ("800", "900", "901", "902", "903", "904", "905", "906", "907", "908", "909")


def _expected_length(national: str) -> int | None:
    """Number of national digits (without the leading 0) for a number starting like ``national``."""
    if not national or national[0] == "0":
        return None
    if national[0] == "4" and len(national) > 1 and national[1] in "56789":
        return 9  # mobile: 4xx xx xx xx
    if national.startswith(_SPECIAL_PREFIXES):
        return 8  # 800 xx xxx
    return 8


def format_national(national: str) -> str:
    """Group national digits (no trunk 0) the Belgian way and prefix ``+32``."""
    if len(national) == 9 and national[0] == "4":
        parts = [national[:3], national[3:5], national[5:7], national[7:]]
    elif national.startswith(_SPECIAL_PREFIXES):
        parts = [national[:3], national[3:5], national[5:]]
    elif national[0] in _ONE_DIGIT_ZONES:
        parts = [national[:1], national[1:4], national[4:6], national[6:]]
    else:
        parts = [national[:2], national[2:4], national[4:6], national[6:]]
    return "+32 " + " ".join(p for p in parts if p)


def normalise_phone(text: str) -> str | None:
    """Normalise one Belgian number; None if ``text`` is not exactly one valid number."""
    numbers = _split_numbers(text.strip())
    return numbers[0] if len(numbers) == 1 else None


def _split_numbers(candidate: str) -> list[str]:
    """Cut a digit run that may hold several numbers ("02 553 30 20 02 553 05 82") into numbers."""
    international = _INTL_PREFIX_RE.match(candidate)
    rest = candidate[international.end():] if international else candidate
    groups = _GROUP_RE.findall(rest)
    if international:
        groups = ["0", *groups]
    numbers: list[str] = []
    digits = ""
    for group in groups:
        digits += group
        national = digits[1:] if digits.startswith("0") else ""
        expected = _expected_length(national)
        if expected is None and len(digits) > 1:
            return numbers  # does not look like a Belgian number: stop
        if expected is not None and len(national) == expected:
            numbers.append(format_national(national))
            digits = ""
        elif expected is not None and len(national) > expected:
            return numbers
    return numbers


def find_phone_numbers(line: str) -> list[tuple[int, int, str]]:
    """All Belgian numbers in ``line`` as (start, end, normalised number)."""
    found: list[tuple[int, int, str]] = []
    for match in _CANDIDATE_RE.finditer(line):
        for number in _split_numbers(match.group(0)):
            found.append((match.start(), match.end(), number))
    return found


def phone_type(number: str, label: str | None) -> str:
    if label and _FAX_RE.search(label):
        return "fax"
    return "cell" if number.startswith("+32 4") and len(number.replace(" ", "")) == 12 else "voice"


def phone_label(line: str) -> str | None:
    """The label in front of the first number ("Telefoon", "GSM", "Fax"…), without colon."""
    match = _LABEL_RE.match(line)
    if not match:
        return None
    label = match.group("label").rstrip(".")
    return None if label.lower() == "t" else label


def phones_in_line(line: str, description: str | None = None) -> list[PhoneRec]:
    """PhoneRecs for every number in ``line``; the line's label (if any) becomes the description."""
    label = phone_label(line)
    records: list[PhoneRec] = []
    for _, _, number in find_phone_numbers(line):
        records.append(PhoneRec(number=number, description=description or label, type=phone_type(number, label)))
    return records


def strip_phones(line: str) -> str:
    """``line`` with its phone numbers (and a leading phone label) removed."""
    without = _CANDIDATE_RE.sub(" ", line)
    return _LABEL_RE.sub("", without) if _LABEL_RE.match(line) else without
