"""Free-text understanding: what a Dutch description of a case says about the young person.

``read_text(text)`` is pure and never raises: it returns only what it could read, as a dict
with the keys of a :class:`~wegwijzer.match.model.Profile` (``age``, ``level``, ``stream``,
``needs``, ``asker``, ``school_language``, ``municipality``). The lay words for needs come from
the search package's concept list (``wegwijzer.search.concepts.detect``), completed by a few
phrase rules of our own (:mod:`wegwijzer.match.phrases`).
"""

from __future__ import annotations

import re
from typing import Any

from wegwijzer.ingest.ages import fold
from wegwijzer.ingest.postcodes import is_brussels_postcode, municipality_for_name, municipality_for_postcode
from wegwijzer.match import phrases

MAX_TEXT = 20_000  # characters read; a longer text is cut (a case description is a few lines)

_NUMBER_WORDS = {
    "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10,
    "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16,
    "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20, "eenentwintig": 21,
    "tweeentwintig": 22, "drieentwintig": 23, "vierentwintig": 24, "vijfentwintig": 25,
    "zesentwintig": 26, "zevenentwintig": 27, "achtentwintig": 28, "negenentwintig": 29, "dertig": 30,
}
_NUM = r"(\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_PERSON = (r"(?:meisje|meid|jongen|jongeman|jonge vrouw|zoon|zoontje|dochter|dochtertje|kind|kindje|"
           r"leerling|scholier|jongere|tiener|puber|kleuter|broer|zus|neef|nicht|pleegkind|"
           r"cursist|student|man|vrouw|jongen|nieuwkomer)")
_NOT_AFTER_AGE = r"(?!\s*(?:euro|eur|%|keer|dagen|dag|uur|weken|maanden|b-codes?|codes?|leerlingen|km|minuten))"
_AGE_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (3, re.compile(_PERSON + r"\w* (?:van|is|wordt) (?:bijna |net |ongeveer )?" + _NUM + r"\b(?! ?(?:tot|-|maanden))"
                   + _NOT_AFTER_AGE)),
    (3, re.compile(r"\b" + _NUM + r" ?-? ?jarige?n?\b")),
    (2, re.compile(r"(?<!sinds )(?<!al )(?<!voor )(?<!na )(?<!over )(?<!duur van )\b" + _NUM
                   + r" jaar\b(?! (?:geleden|lang|later|terug|gewerkt|gestopt|aan het))")),
    (2, re.compile(r"\bleeftijd:? (?:van )?" + _NUM + r"\b")),
    (2, re.compile(r"\b(?:hij|zij|ze|die) is (?:bijna |net )?" + _NUM + r"\b" + _NOT_AFTER_AGE)),
    (1, re.compile(r"\bik ben (?:bijna |net )?" + _NUM + r"\b" + _NOT_AFTER_AGE)),
    (1, re.compile(r"\bvan " + _NUM + r"\b(?! ?(?:tot|-|op|naar|à|a\b))" + _NOT_AFTER_AGE)),
]

# Mentions of a level that is a goal or a wish, not where the young person is now.
_GOAL_BEFORE = re.compile(
    r"(?:\bwil\w*|\bzou\w*|graag|liever|\bnaar (?:het|de|een)|overstap\w*|overschakel\w*|inschrijven in|"
    r"beginnen (?:in|aan)|diploma|getuigschrift|attest|kwalificatie|na (?:het|de)|afgewerkt|"
    r"beeindigd|gedaan|informatie over|info over|(?:aanmelden|aanmelding|inschrijven|inschrijving|overgang|"
    r"overstap) (?:\w+ ){0,2}(?:voor|in|naar))\b[^.,;!?]{0,25}$"
)
_ORD = {"1": 1, "1e": 1, "1ste": 1, "eerste": 1, "2": 2, "2e": 2, "2de": 2, "tweede": 2, "3": 3, "3e": 3,
        "3de": 3, "derde": 3, "4": 4, "4e": 4, "4de": 4, "vierde": 4, "5": 5, "5e": 5, "5de": 5, "vijfde": 5,
        "6": 6, "6e": 6, "6de": 6, "zesde": 6, "7": 7, "7e": 7, "7de": 7, "zevende": 7}
_ORDINAL = r"(1ste|1e|2de|2e|3de|3e|4de|4e|5de|5e|6de|6e|7de|7e|eerste|tweede|derde|vierde|vijfde|zesde|zevende)"
_GRADE_OF_YEAR = {1: "secundair-1e-graad", 2: "secundair-1e-graad", 3: "secundair-2e-graad",
                  4: "secundair-2e-graad", 5: "secundair-3e-graad", 6: "secundair-3e-graad",
                  7: "secundair-3e-graad"}
_GRADE = {1: "secundair-1e-graad", 2: "secundair-2e-graad", 3: "secundair-3e-graad"}

_LEVEL_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("okan", re.compile(r"\bokan\b|onthaalklas|anderstalige nieuwkomer|nieuwkomersklas")),
    ("buitengewoon", re.compile(r"buitengewoon (?:lager |secundair |basis)?onderwijs|\bbu ?so\b|\bbu ?ba ?o\b|"
                                r"\bbuo\b|buitengewone school|opleidingsvorm \d|\btype \d\b")),
    ("dbso", re.compile(r"\bdbso\b|\bdeeltijds\w*|duaal leren|\bduaal\b|leren en werken|\bcdo\b|\bleertijd\b")),
    ("volwassenenonderwijs", re.compile(r"volwassenenonderwijs|tweedekans\w*|\bcvo\b|avondschool|examencommissie")),
    ("hoger", re.compile(r"hogeschool|hoger onderwijs|universiteit|\bunief\b|\bbachelor\w*|\bhbo5?\b")),
    ("kleuter", re.compile(r"kleuter\w*")),
]
_SECONDARY = r"(?:middelbaar|secundair|\bso\b|jaar (?:aso|tso|bso|kso)|aso|tso|bso|kso|[ab][- ]?stroom)"
_YEAR_SECONDARY = re.compile(r"\b" + _ORDINAL + r" (?:jaar |leerjaar )?(?:van (?:het |de )?)?" + _SECONDARY)
_GRADE_RE = re.compile(r"\b" + _ORDINAL + r" graad\b")
_PRIMARY = re.compile(r"lager onderwijs|lagere school|basisschool|basisonderwijs|\blager\b|"
                      r"\b(?:1ste|1e|2de|2e|3de|3e|4de|4e|5de|5e|6de|6e|eerste|tweede|derde|vierde|vijfde|zesde) "
                      r"leerjaar\b(?! (?:van (?:het )?)?(?:secundair|middelbaar))")
_STROOM = re.compile(r"\b(?:[ab][- ]?stroom|1 ?[ab]\b|eerste jaar [ab]\b)")
_GENERIC_SECONDARY = re.compile(r"middelbare? school|middelbaar|secundair\w*|\bso\b")
# Left school: stronger than a mention of the grade the young person once was in
# ("gestopt in het vijfde jaar TSO", "net van het BuSO af").
_LEFT_SCHOOL = re.compile(
    r"gestopt (?:met|op|in|na|tijdens) (?:de |het |een )?(?:school|studie|studeren|middelbaar|secundair|\w+ jaar|"
    r"\w+ graad|\w+ middelbaar)|geen school meer|niet (?:meer )?ingeschreven|nergens (?:meer )?ingeschreven|"
    r"uitgeschreven|ongekwalificeerd|(?:vroegtijdig|vroegtijdige) schoolverlat\w*|schoolverlater|\bneet\b|"
    r"van (?:het |de )?(?:school|middelbaar|secundair|bu ?so|buitengewoon onderwijs|\w+ jaar) af\b|"
    r"van school (?:af|gegaan)|school (?:verlaten|afgebroken)|"
    r"alsnog (?:een |mijn |zijn |haar |het )?(?:diploma|getuigschrift)|diploma[^.;!?]{0,40}\balsnog\b|"
    r"(?:heb|heeft|hebben) (?:net |al |pas |nu |intussen )?(?:mijn |zijn |haar |een |het )?diploma\b|"
    r"afgestudeerd|schoolverzuimer|absolute? schoolverzuim|\bthuiszit\w*|werkzoekend\w*"
)
# Weaker hints, used only when no school level is named.
_OUT_OF_SCHOOL = re.compile(r"zonder (?:een )?(?:diploma|kwalificatie)|geen diploma|geen school (?:gevonden|meer)")

_STREAMS: list[tuple[str, re.Pattern[str]]] = [
    ("bso", re.compile(r"\bbso\b|beroepsonderwijs|beroepssecundair|beroepsrichting")),
    ("tso", re.compile(r"\btso\b|technisch (?:secundair )?onderwijs|technische richting")),
    ("aso", re.compile(r"\baso\b|algemeen secundair|algemeen vormend")),
    ("kso", re.compile(r"\bkso\b|kunstsecundair|kunstonderwijs|kunsthumaniora")),
]

_ME = r"\b(?:ik ben|ik werk|als|vanuit|namens|wij zijn|we zijn|ik bel als|ik schrijf als)\b[^.!?]{0,30}?\b"
_ASKER_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("clb", re.compile(_ME + r"(?:\bclb|leerlingenbegeleider bij)|\bclb-?(?:medewerker|anker|er|begeleider|"
                       r"consulent|arts|verpleegkundige|psycholoog)\b|\bclb'?er\b")),
    ("school", re.compile(_ME + r"(?:leerkracht|leraar|lerares|\bjuf\b|meester|directeur|directrice|directie|"
                          r"zorgco\w*|zorgleerkracht|leerlingbegeleider|graadco\w*|\bcpm\b|secretariaat|"
                          r"titularis|klastitularis|onderwijzer|schoolteam|leerlingenbegeleiding)|ik geef les|"
                          r"\bik werk (?:op|in|voor) (?:een|de|onze) (?:\w+ )?school|"
                          r"\bin mijn klas\b|\bmijn leerling")),
    ("hulpverlener", re.compile(_ME + r"(?:hulpverlener|jeugdwerker|maatschappelijk werk|straathoekwerker|"
                                r"psycholoog|consulent|jeugdhulp|opvoeder in|begeleider bij|assistent|"
                                r"welzijnswerker|buurtwerker|agent|politie|ocmw|vzw|beleidsmedewerker|ambtenaar|onderzoeker|"
                                r"medewerker van (?:een|de) (?:gemeente|organisatie|dienst))|"
                                r"\bmijn clie?nt|\bonze clie?nt")),
    ("ouder", re.compile(_ME + r"(?:de |een )?(?:moeder|vader|ouder|mama|papa|voogd|grootmoeder|grootvader|oma|"
                         r"opa|pleegouder|pleegmoeder|pleegvader|stiefmoeder|stiefvader)\b|"
                         r"\b(?:mijn|onze) (?:zoon|dochter|kind|kinderen|zoontje|dochtertje|stiefzoon|"
                         r"stiefdochter|pleegkind|pleegzoon|pleegdochter|kleinzoon|kleindochter|puber|tiener)\b")),
]
_SCHOOL_THIRD_PERSON = re.compile(
    r"\bde school (?:maakt|vraagt|zoekt|wil|meldt|ziet|heeft|denkt|merkt|stelt)|\bonze (?:school|leerling\w*|klas)\b|"
    r"\bin onze (?:school|klas)\b|\bde leerkracht (?:vraagt|zoekt|wil)"
)
_FIRST_PERSON = re.compile(r"\b(?:ik|mij|me|mijn)\b")

_LANG_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("fr", re.compile(r"franstalig\w*|\becole\b|\bl'ecole\b|enseignement|\bfrans(?:e)? school|"
                      r"in het frans (?:les|naar school|onderwijs)|\bcpms\b|\bpms\b|\bfwb\b")),
    ("nl", re.compile(r"nederlandstalig\w*|vlaamse school|in het nederlands|nederlandse school")),
]

_AMBIGUOUS_PLACES = {"vorst", "forest", "laken", "haren", "berchem", "brussel", "bruxelles", "brussels"}
_PLACE_PREP = re.compile(r"\b(?:in|uit|te|naar|rond|nabij|bij|gemeente|woont|wonen|school)\s+$")
_POSTCODE = re.compile(r"(?<![\d.,])\b(1\d{3})\b(?![.,]\d)(?!\s*(?:euro|eur|km|m\b|leerlingen|jongeren|uur|€))")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def read_text(text: str | None) -> dict[str, Any]:
    """What a Dutch case description says (only the keys it could read). Never raises."""
    out: dict[str, Any] = {}
    if not text or not isinstance(text, str):
        return out
    try:
        folded = fold(text[:MAX_TEXT]).replace("’", "'")
    except Exception:  # noqa: BLE001 - hostile input must never break the matcher
        return out
    for key, reader in _READERS:
        try:
            value = reader(folded, out)
        except Exception:  # noqa: BLE001 - one reader failing keeps the others
            value = None
        if value:
            out[key] = value
    return out


def read_age(folded: str, _: dict[str, Any] | None = None) -> int | None:
    best: tuple[int, int, int] | None = None  # (-priority, position, age)
    for priority, pattern in _AGE_PATTERNS:
        for m in pattern.finditer(folded):
            raw = m.group(1)
            age = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
            if age is None or not 0 <= age <= 120:
                continue
            cand = (-priority, m.start(), age)
            if best is None or cand < best:
                best = cand
            break
    return best[2] if best else None


def _current(folded: str, m: re.Match[str]) -> bool:
    """A level mention describes the present, not a goal ("wil naar het duaal leren")."""
    return not _GOAL_BEFORE.search(folded[max(0, m.start() - 40):m.start()])


def _first_current(pattern: re.Pattern[str], folded: str) -> re.Match[str] | None:
    for m in pattern.finditer(folded):
        if _current(folded, m):
            return m
    return None


def read_level(folded: str, found: dict[str, Any] | None = None) -> str | None:
    found = found or {}
    if _LEFT_SCHOOL.search(folded):
        return "geen-school"
    for slug, pattern in _LEVEL_RULES:
        if _first_current(pattern, folded):
            return slug
    m = _first_current(_YEAR_SECONDARY, folded)
    if m:
        return _GRADE_OF_YEAR[_ORD[m.group(1)]]
    m = _first_current(_GRADE_RE, folded)
    if m and _ORD[m.group(1)] in _GRADE:
        return _GRADE[_ORD[m.group(1)]]
    if _first_current(_STROOM, folded):
        return "secundair-1e-graad"
    if _first_current(_PRIMARY, folded):
        return "lager"
    if _OUT_OF_SCHOOL.search(folded):
        return "geen-school"
    age = found.get("age")
    in_secondary = _first_current(_GENERIC_SECONDARY, folded) or found.get("stream")
    if in_secondary and isinstance(age, int) and 11 <= age <= 20:
        return "secundair-1e-graad" if age <= 13 else "secundair-2e-graad" if age <= 15 else "secundair-3e-graad"
    return None


def read_stream(folded: str, _: dict[str, Any] | None = None) -> str | None:
    hits = [(m.start(), slug) for slug, pattern in _STREAMS if (m := pattern.search(folded))]
    return min(hits)[1] if hits else None


def read_needs(folded: str, _: dict[str, Any] | None = None) -> list[str]:
    return phrases.needs(folded)


def read_asker(folded: str, found: dict[str, Any] | None = None) -> str | None:
    hits = [(m.start(), slug) for slug, pattern in _ASKER_RULES if (m := pattern.search(folded))]
    if hits:
        return min(hits)[1]
    if _SCHOOL_THIRD_PERSON.search(folded):
        return "school"
    if _FIRST_PERSON.search(folded):
        return "jongere"
    return None


def read_school_language(folded: str, _: dict[str, Any] | None = None) -> str | None:
    hits = [(m.start(), slug) for slug, pattern in _LANG_RULES if (m := pattern.search(folded))]
    return min(hits)[1] if hits else None


def read_municipality(folded: str, _: dict[str, Any] | None = None) -> str | None:
    words = [(m.start(), m.group(0)) for m in _WORD.finditer(folded)]
    for i, (start, word) in enumerate(words):
        for size in (4, 3, 2, 1):  # longest name first: "sint jans molenbeek" before "molenbeek"
            if i + size > len(words):
                continue
            name = " ".join(w for _, w in words[i:i + size])
            slug = municipality_for_name(name) or (
                municipality_for_name(name[:-2]) if size == 1 and name.endswith("se") and len(name) > 6 else None)
            if not slug:
                continue
            if size == 1 and word in _AMBIGUOUS_PLACES and not _PLACE_PREP.search(folded[max(0, start - 12):start]):
                break
            if word in {"brussel", "bruxelles", "brussels"} and size == 1:
                break  # "in Brussel" names the region, not the City of Brussels
            return slug
    for m in _POSTCODE.finditer(folded):
        if is_brussels_postcode(m.group(1)):
            return municipality_for_postcode(m.group(1))
    return None


_READERS = (
    ("age", read_age),
    ("stream", read_stream),
    ("level", read_level),
    ("needs", read_needs),
    ("asker", read_asker),
    ("school_language", read_school_language),
    ("municipality", read_municipality),
)


_YEAR_PRIMARY = re.compile(r"\b" + _ORDINAL + r" leerjaar\b(?! (?:van (?:het )?)?(?:secundair|middelbaar))")
_KLEUTER_YEAR = re.compile(r"\b" + _ORDINAL + r" kleuter")


def read_age_band(text: str | None) -> tuple[int, int] | None:
    """Usual ages of the school year or stage the text names ("zesde leerjaar" -> (11, 12),
    "3e middelbaar" -> (14, 15), "secundaire school" -> (12, 19)); None if it names none. Never raises."""
    if not text or not isinstance(text, str):
        return None
    try:
        folded = fold(text[:MAX_TEXT])
        if _LEFT_SCHOOL.search(folded):
            return None
        if m := _first_current(_YEAR_SECONDARY, folded):
            year = _ORD[m.group(1)]
            return (11 + year, 12 + year)
        if (m := _first_current(_YEAR_PRIMARY, folded)) and _ORD[m.group(1)] <= 6:
            year = _ORD[m.group(1)]
            return (5 + year, 6 + year)
        if (m := _first_current(_KLEUTER_YEAR, folded)) and _ORD[m.group(1)] <= 3:
            return (2 + _ORD[m.group(1)], 3 + _ORD[m.group(1)])
        if m := _first_current(_GRADE_RE, folded):
            grade = _ORD[m.group(1)]
            return {1: (12, 14), 2: (14, 16), 3: (16, 19)}.get(grade)
        if _first_current(_GENERIC_SECONDARY, folded) or _first_current(re.compile(r"secundaire"), folded):
            return (12, 19)
    except Exception:  # noqa: BLE001 - a hint only
        return None
    return None


def fold_text(text: str) -> str:
    """The folded form the readers work on (exposed for tests)."""
    return fold(text[:MAX_TEXT])
