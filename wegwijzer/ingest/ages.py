"""Ages and education levels from the Dutch phrasings of the infobundle.

``parse_age_range`` reads statements such as "tussen 12 en 18 jaar", "vanaf 16 jaar", "18+",
"jonger dan 18", "minderjarigen". Every statement becomes a :class:`_Bound` whose missing sides
are either *open* ("vanaf 16 jaar": no maximum) or *unspecified* (a condition such as "tot de
leeftijd van 25 jaar" or "moet 16 jaar zijn", which only adds one side). The result is the widest
envelope of all statements: an open side wins over any number.

``levels_from_text`` gives the ``onderwijsniveau`` slugs that a text names explicitly. Levels are
never inferred from ages (an age of 15 fits several levels); the matcher checks ages on its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["fold", "parse_age_range", "levels_from_text"]

# --- text normalisation -----------------------------------------------------------------

_WS = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-", "‐": "-", "−": "-"})


def fold(text: str) -> str:
    """Lower-case, strip accents (NFKD), unify quotes/dashes and collapse whitespace."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WS.sub(" ", stripped).strip().lower()


# --- ages -----------------------------------------------------------------------------

_N = r"(?<![\d.,/])(\d{1,2})(?![\d.,]\d)"  # 1-2 digit number, not part of 2024, 25.1, 1,5
_JAAR = r"\s*(?:-?jarig\w*|jaar\b|j\b)"  # "jaar", "12j", "-jarigen", " jarigen"
_MAX_AGE = 99
_MIN_PLAUSIBLE = 3  # "tot 1 jaar", "tot 2 jaar" are durations, never an age statement here

# Durations or facts that are no age statement, looked for just before a match.
_NOT_AGE_BEFORE = re.compile(
    r"\b(traject|duur|duurt|periode|gedurende|maximaal|termijn|looptijd|contract|sinds|"
    r"verlengd|verlengbaar)\s*(van\s*)?$"
)


@dataclass(frozen=True)
class _Bound:
    low: int | None
    high: int | None
    low_open: bool = False  # no minimum at all (as in "tot 25 jaar")
    high_open: bool = False  # no maximum at all (as in "vanaf 16 jaar")


def _range(m: re.Match[str]) -> _Bound | None:
    low, high = int(m.group(1)), int(m.group(2))
    if low >= high or high > _MAX_AGE:
        return None
    return _Bound(low, high)


def _from(m: re.Match[str]) -> _Bound:
    return _Bound(int(m.group(1)), None, high_open=True)


def _older_than(m: re.Match[str]) -> _Bound:
    # "ouder dan 18 jaar" is read as "18 and older" (its usual intent: adults); excluding the
    # 18-year-old would drop people the offer is meant for.
    return _Bound(int(m.group(1)), None, high_open=True)


def _until(m: re.Match[str]) -> _Bound | None:
    high = int(m.group(1))
    return _Bound(None, high, low_open=True) if high >= _MIN_PLAUSIBLE else None


def _younger_than(m: re.Match[str]) -> _Bound:
    return _Bound(None, int(m.group(1)) - 1, low_open=True)


def _max_condition(m: re.Match[str]) -> _Bound:
    return _Bound(None, int(m.group(1)))


def _min_condition(m: re.Match[str]) -> _Bound:
    values = [int(v) for v in m.groups() if v]
    return _Bound(min(values), None)


def _exact(m: re.Match[str]) -> _Bound:
    age = int(m.group(1))
    return _Bound(age, age)


_RANGE_SEP = r"\s*(?:-|tot(?:\s+en\s+met)?|t\.e\.m\.?|tem)\s*"
# Ordered: a match blanks its span, so later (looser) patterns cannot re-read it.
_AGE_PATTERNS: list[tuple[re.Pattern[str], object]] = [
    # "tussen 12 en 18 jaar", "tussen de 15 en 24 jaar", "tussen 12-18j"
    (re.compile(rf"tussen\s+(?:de\s+)?{_N}\s*(?:en|-)\s*{_N}{_JAAR}"), _range),
    # "van 6 tot 25 jaar", "6-14 jaar", "+18 tot 30 jaar", "16- tot 25-jarigen", "0 tem 12jaar"
    (re.compile(rf"\+?{_N}-?{_RANGE_SEP}{_N}{_JAAR}"), _range),
    # "(18-26)" after a group name: bare range in parentheses
    (re.compile(rf"\(\s*\+?{_N}\s*-\s*{_N}\s*\)"), _range),
    (re.compile(rf"vanaf\s+(?:de\s+leeftijd\s+van\s+)?{_N}{_JAAR}"), _from),
    (re.compile(rf"ouder\s+dan\s+{_N}{_JAAR}"), _older_than),
    (re.compile(rf"jonger\s+dan\s+{_N}(?:{_JAAR})?"), _younger_than),
    (re.compile(rf"tot\s+de\s+leeftijd\s+van\s+{_N}{_JAAR}"), _max_condition),
    (re.compile(rf"(?:\btot|t\.e\.m\.?|\btem)\s+{_N}{_JAAR}"), _until),
    (re.compile(rf"(?:minimum|minstens|minimaal)\s+{_N}{_JAAR}"), _min_condition),
    # "die 16 jaar zijn of 15 jaar en …", "moet de cursist 16 jaar oud zijn"; not a passing fact
    # such as "eens de leerling 18 jaar is"
    (
        re.compile(
            rf"\b(?:die|moet(?:en)?(?:\s+\w+){{0,3}}?)\s+{_N}\s+jaar\s+(?:oud\s+)?(?:zijn|is)\b"
            rf"(?:\s+of\s+{_N}\s+jaar)?"
        ),
        _min_condition,
    ),
    (re.compile(rf"{_N}\s+jaar\s+oud\s+of\s+ouder"), _from),
    # "18+", "+18", "(+18)", "+12 jarigen"; not phone numbers such as "+32 2 …", "+32 (0)4…"
    (re.compile(rf"{_N}\s*\+(?![\d+])"), _from),
    (re.compile(r"(?<![\w+])\+(\d{1,2})(?!\d)(?!\s*\(0\))(?!\s*\d)"), _from),
    # "-18", "(-18)": under 18; not "16-18" (street numbers) nor "0800-20"
    (re.compile(r"(?<![\w\-])-(\d{1,2})(?!\d)(?!\s*\d)(?=\s*(?:\)|jaar|-?jarig|$|[\s,;.]))"), _younger_than),
    (re.compile(rf"(?<![\d\-]){_N}-?jarigen?\b"), _exact),
    (re.compile(r"\bminderjarig"), lambda m: _Bound(None, 17, low_open=True)),
    (re.compile(r"\bmeerderjarig"), lambda m: _Bound(18, None, high_open=True)),
]


def _age_statements(text: str) -> list[_Bound]:
    folded = fold(text)
    found: list[_Bound] = []
    for pattern, build in _AGE_PATTERNS:
        for m in pattern.finditer(folded):
            # Blank every match, also a rejected one, so looser patterns cannot re-read it.
            folded = folded[: m.start()] + "#" * (m.end() - m.start()) + folded[m.end() :]
            if _NOT_AGE_BEFORE.search(folded[max(0, m.start() - 25) : m.start()]):
                continue
            bound = build(m)  # type: ignore[operator]
            if bound is not None:
                found.append(bound)
    return found


def _envelope(bounds: list[_Bound]) -> tuple[int | None, int | None]:
    lows = [b.low for b in bounds if b.low is not None]
    highs = [b.high for b in bounds if b.high is not None]
    low = None if any(b.low_open for b in bounds) or not lows else min(lows)
    high = None if any(b.high_open for b in bounds) or not highs else max(highs)
    if low is not None and high is not None and low > high:
        return None, None  # contradictory conditions: better unknown than wrong
    return low, high


def parse_age_range(text: str) -> tuple[int | None, int | None]:
    """(minimum, maximum) age in whole years, inclusive; ``None`` where the text sets no limit.

    >>> parse_age_range("jongeren tussen 12 en 18 jaar")
    (12, 18)
    >>> parse_age_range("Werkzoekenden vanaf 18 jaar")
    (18, None)
    """
    if not text:
        return None, None
    return _envelope(_age_statements(text))


# --- education levels ------------------------------------------------------------------

_SECUNDAIR = ("secundair-1e-graad", "secundair-2e-graad", "secundair-3e-graad")
_LEVEL_ORDER = (
    "kleuter",
    "lager",
    *_SECUNDAIR,
    "okan",
    "dbso",
    "buitengewoon",
    "volwassenenonderwijs",
    "hoger",
    "geen-school",
)
_FIRST = r"(?:1e|1ste|eerste)"
_SECOND = r"(?:2e|2de|tweede)"
_THIRD = r"(?:3e|3de|derde)"

# Phrases that name a level without placing the young person in it: prerequisites
# ("de eerste graad beeindigd hebben"), goals ("een diploma secundair onderwijs behalen"),
# or a threat rather than a fact ("potentieel vroegtijdige schoolverlater").
_NOT_A_LEVEL = re.compile(
    rf"(?:de\s+)?(?:{_FIRST}|{_SECOND}|{_THIRD})\s+graad(?:\s+van\s+het\s+secundair\s+onderwijs)?"
    r"\s+(?:beeindigd|behaald|afgerond|gevolgd)"
    r"|diploma(?:'s)?\s+(?:van\s+het\s+)?(?:secundair|hoger)\s+onderwijs"
    r"|(?:hoger|secundair)\s+diploma"
    r"|(?:potentieel|dreigende?|mogelijke?|preventie\s+van|voorkomen\s+van)\s+"
    r"(?:\w+\s+){0,2}(?:vroegtijdig\w*\s+)?schoolverlat\w*"
    r"|eerste\s+twee\s+leerjaren"
)

_LEVEL_PATTERNS: dict[str, re.Pattern[str]] = {
    "kleuter": re.compile(r"kleuter"),
    "lager": re.compile(
        r"lager\s+onderwijs|\blager\b(?!\s+(?:diploma|dan))|lagere\s+school|basisonderwijs|basisschool"
        r"|\bbasis(?:-|\s)en\s+secundair|\b[1-6](?:e|de|ste)\s+(?:leerjaar|lj)\b|\blagere\s+scholen"
    ),
    "secundair-1e-graad": re.compile(
        rf"{_FIRST}(?:,|\s+en|\s+of)?\s+(?:(?:{_SECOND}|{_THIRD})\s*,?\s*(?:en|of)?\s*)*graad"
        r"|\b[12](?:e|de|ste)\s+(?:jaar\s+)?(?:middelbaar|so|secundair)\b|\b[ab]-stroom"
        r"|\b[12](?:e|de|ste)\s+jaar\s+(?:van\s+het\s+)?secundair"
    ),
    "secundair-2e-graad": re.compile(
        rf"{_SECOND}(?:,|\s+en|\s+of)?\s+(?:{_THIRD}\s+)?graad"
        r"|\b[34](?:e|de)\s+(?:jaar\s+)?(?:middelbaar|so|secundair)\b"
    ),
    "secundair-3e-graad": re.compile(
        rf"{_THIRD}\s+graad|se-n-se|\b[5-7](?:e|de)\s+(?:jaar\s+)?(?:middelbaar|so|secundair)\b"
        r"|specialisatiejaar|finaliteitsjaren|laatstejaars"
    ),
    "okan": re.compile(r"\bokan\b|onthaalklas|anderstalige\s+nieuwkomer"),
    "dbso": re.compile(
        r"\bdbso\b|deeltijds\s+(?:beroeps\w*\s+)?(?:secundair\s+)?onderwijs|deeltijds\s+beroeps"
        r"|leren\s+en\s+werken|duaal\s+leren|\bduale\b|\bleertijd\b|\bcdo\b"
    ),
    "buitengewoon": re.compile(r"buitengewoon|\bbubao\b|\bbuso\b"),
    "volwassenenonderwijs": re.compile(
        r"volwassenenonderwijs|tweedekans|\btko\b|examencommissie|\bcvo\b|basiseducatie|cursist"
    ),
    "hoger": re.compile(r"hoger\s+onderwijs|hogeschool|universit"),
    "geen-school": re.compile(
        r"vroegtijdig\w*\s+schoolverlater|schoolverlaters|vroegtijdig\s+de\s+schoolbanken"
        r"|\bneet\b|geen\s+school|niet\s+(?:meer\s+)?(?:\(?voltijds\)?\s+)?naar\s+school"
        r"|geen\s+(?:onderwijs|opleiding)\s+of\s+(?:onderwijs|opleiding)|niet\s+ingeschreven"
        r"|absolute\s+schoolverzuimer|ongekwalificeerd|zonder\s+diploma"
        r"|diploma\s+(?:\S+\s+){0,6}?willen\s+behalen"
    ),
}
# Weak signs of being out of school; ignored when the text also names pupils or students
# ("Leerlingen, ouders, … werkzoekenden": an offer for everyone, not only for school leavers).
_OUT_OF_SCHOOL_WEAK = re.compile(r"werkzoekend|laaggeschoold|kortgeschoold")
_PUPILS = re.compile(r"leerling|scholier|\bstudent")
# Generic secondary education: all three graden unless a specific graad is named.
_SECUNDAIR_GENERIC = re.compile(r"secundair|middelbaar|\bso\b(?=\s|$|[,.)])")


def _keep_diploma(m: re.Match[str]) -> str:
    """Blank a non-level phrase but keep "diploma" for the "diploma … willen behalen" cue."""
    return " diploma " if m.group(0).startswith("diploma") else " "


def levels_from_text(text: str) -> list[str]:
    """``onderwijsniveau`` slugs the text names explicitly, in vocabulary order.

    "secundair onderwijs" alone means all three graden; a named graad ("2e of 3e graad")
    restricts to those. Prerequisites and goals ("de eerste graad beeindigd", "een diploma
    secundair onderwijs behalen") and threats ("potentieel vroegtijdige schoolverlater") are
    not levels.
    """
    if not text:
        return []
    folded = _NOT_A_LEVEL.sub(_keep_diploma, fold(text))
    found = {slug for slug, pattern in _LEVEL_PATTERNS.items() if pattern.search(folded)}
    if _OUT_OF_SCHOOL_WEAK.search(folded) and not _PUPILS.search(folded):
        found.add("geen-school")
    if not found & set(_SECUNDAIR) and _SECUNDAIR_GENERIC.search(folded):
        found.update(_SECUNDAIR)
    return [slug for slug in _LEVEL_ORDER if slug in found]
