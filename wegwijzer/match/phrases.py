"""Needs (``nood`` slugs) named in a case description.

The curated lay-word list belongs to the search package (``wegwijzer.search.concepts.detect``);
this module asks it first and adds a small set of phrase rules for how people *describe a case*
("blijft vaak weg", "heeft nood aan rust buiten de klas"), which a synonym list of single words
does not cover. If the concepts module is not installed, the phrase rules still work alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from wegwijzer.ingest.taxonomy import taxonomy_codes

# Phrase rules over folded text (lower case, no accents). Order does not matter.
_RULES: dict[str, tuple[str, ...]] = {
    "spijbelen": (r"spijbel\w*", r"\bb-?codes?\b", r"blijf\w* (?:\w+ ){0,3}weg", r"wegblijv\w*",
                  r"(?:problematisch\w* )?afwezig\w*", r"schoolverzuim\w*", r"verzuim\w*", r"leerplicht\w*",
                  r"komt? (?:\w+ ){0,2}niet (?:meer )?naar school", r"niet (?:meer )?naar school (?:gaan|komen|gaat)",
                  r"gaat (?:\w+ ){0,2}niet (?:meer )?naar school", r"te laat",
                  r"nergens (?:meer )?ingeschreven", r"niet (?:meer )?ingeschreven"),
    "motivatie": (r"gedemotiveerd", r"demotivatie", r"\bgeen zin\b", r"schoolmoe\w*", r"afhak\w*", r"motivatie\w*",
                  r"gemotiveerd", r"interesse verloren", r"ziet het niet meer zitten", r"verveelt? zich",
                  r"liever (?:\w+ ){0,6}dan (?:\w+ ){0,3}(?:school|schoolbanken|klas)", r"schoolbanken",
                  r"\bzin in school"),
    "gedrag": (r"gedrag\w*", r"agressie\w*", r"agressief", r"regels (?:\w+ ){0,2}overtre\w*", r"\btucht\w*",
               r"brutaal", r"vecht\w*", r"vandalisme", r"grensoverschrijd\w*", r"storend\w*", r"\bdelinquent\w*"),
    "welzijn": (r"somber\w*", r"angst\w*", r"depress\w*", r"\bstress\w*", r"trauma\w*", r"therapie", r"psychisch\w*",
                r"psycholog\w*", r"welzijn", r"zelfmoord\w*", r"suicid\w*", r"burn-?out", r"rouw\w*", r"eenzaam\w*",
                r"zit niet goed in (?:zijn|haar) vel", r"slecht in (?:zijn|haar) vel", r"mentale? gezondheid",
                r"paniek\w*", r"zelfverwond\w*", r"eetstoorni\w*"),
    "pesten-conflict": (r"\bpest\w*", r"gepest", r"ruzie\w*", r"conflict\w*", r"herstelgesprek\w*", r"no blame",
                        r"herstel\w*", r"bemiddel\w*", r"cyberpest\w*"),
    "klasgroep": (r"klassfeer", r"groepsdynamiek", r"klasinterventie", r"moeilijke klas\w*", r"klasgroep\w*",
                  r"\bde klas (?:is|loopt)", r"\bklas (?:\w+ ){0,7}(?:conflict\w*|onrustig|ruzie\w*)",
                  r"hele klas", r"sfeer in de klas", r"onrustige klas"),
    "uitsluiting": (r"uitgesloten", r"uitsluiting", r"weggestuurd", r"buitengezet", r"van school gestuurd",
                    r"tuchtdossier", r"tuchtprocedure", r"definitief (?:\w+ ){0,2}verwijderd", r"geschorst",
                    r"schorsing"),
    "inschrijving": (r"inschrijv\w*", r"inschrijven", r"geen school (?:gevonden|meer|vinden)",
                     r"school (?:zoeken|vinden)", r"weiger\w*", r"\bnieuwe school", r"andere school",
                     r"niet ingeschreven", r"nergens ingeschreven", r"\blop\b",
                     r"aanmelden (?:\w+ ){0,2}(?:voor|in|bij) (?:het |de |een )?(?:\w+ )?"
                     r"(?:middelbaar|secundair|school)",
                     r"school (?:kiezen|zoeken|vinden)"),
    "rechten-klacht": (r"klacht\w*", r"onrecht\w*", r"\brechten\b", r"\bberoep aantekenen", r"in beroep",
                       r"discrimin\w*", r"oneerlijk\w*", r"kinderrechten"),
    "taal": (r"zwak(?:ke)? nederlands", r"anderstalig\w*", r"nieuwkomer\w*", r"\bnt2\b", r"nederlands leren",
             r"taalachterstand\w*", r"taalondersteuning", r"spreekt (?:\w+ ){0,2}(?:geen|weinig|slecht) nederlands",
             r"kent (?:\w+ ){0,2}(?:geen|weinig) nederlands", r"\bokan\b", r"taalproblem\w*", r"taalzwak\w*"),
    "leerproblemen": (r"dyslex\w*", r"dyscalcul\w*", r"autis\w*", r"\bass\b", r"\badhd\b", r"\badd\b",
                      r"gc-?verslag", r"verslag\b", r"leersteun\w*", r"leerproblem\w*", r"leerstoorni\w*",
                      r"leermoeilijkhe\w*", r"concentratie\w*", r"specifieke onderwijsbehoeft\w*",
                      r"leerachterstand\w*", r"zittenblijv\w*", r"blijft zitten", r"slechte punten",
                      r"\bbuitengewoon onderwijs"),
    "orientering": (r"studiekeuze\w*", r"andere richting", r"(?:her)?orient\w*", r"wat na school", r"richting kiezen",
                    r"welke richting", r"welke studie", r"andere studie", r"studierichting", r"beroepskeuze",
                    r"wat (?:hij|zij|ze|ik) (?:wil|later)", r"\bduaal leren", r"leren en werken",
                    r"werkplekleren", r"op de werkvloer", r"welk beroep"),
    "opvoeding": (r"opvoed\w*", r"\bthuis\w*", r"armoede", r"\bgezin\w*", r"ouderschap", r"scheiding",
                  r"huiselijk\w*", r"\bouders?\b", r"dakloo\w*", r"huisvesting", r"zorgen thuis"),
    "time-out": (r"time-?out", r"dagbesteding", r"even weg van school", r"rustpauze",
                 r"rust (?:\w+ ){0,3}buiten (?:de )?(?:klas|school)", r"buiten de klas", r"adempauze",
                 r"tijdelijk (?:\w+ ){0,2}(?:weg|uit) (?:de |van )?(?:klas|school)", r"schoolvervangend\w*",
                 r"op adem (?:komen|laten komen)", r"\bafstand van school"),
    "diploma": (r"diploma\w*", r"examencommissie", r"tweedekans\w*", r"getuigschrift\w*", r"kwalificatie\w*",
                r"ongekwalificeerd", r"volwassenenonderwijs", r"middenjury", r"\bcvo\b"),
    "werk": (r"(?<!\bik )\bwerk\b(?! (?:op|in|bij|als|voor) )", r"\bwerken\b", r"werkvloer", r"\bjob\w*",
             r"studentenjob\w*", r"\bstage\w*", r"werkloos\w*",
             r"werkzoek\w*", r"\bneet\b", r"geld verdienen", r"beroepsopleiding\w*", r"\bvdab\b", r"\bactiris\b",
             r"vakopleiding"),
    "schoolondersteuning": (r"vorming\w*", r"schoolbeleid", r"coaching van (?:het )?team", r"\bons team\b",
                            r"professionalisering", r"nascholing\w*", r"lerarenteam",
                            r"ondersteuning van (?:de )?school",
                            r"schoolteam"),
    "beleid": (r"\bcijfers\b", r"monitoring", r"\bbeleid\w*", r"\bnetwerk\w*", r"statistiek\w*"),
}
_COMPILED = {slug: re.compile("|".join(f"(?:{p})" for p in pats)) for slug, pats in _RULES.items()}
# Words that only count with the phrase rules when nothing more specific was found.
# A concept the list finds in a phrase that, in a case description, means something else:
# "blijft vaak weg van school" is truancy, not a time-out.
_CONCEPT_VETO = {"time-out": re.compile(r"blijf\w* (?:\w+ ){0,3}weg van (?:de )?school")}
# "ik heb (net) mijn diploma" says the qualification is there, not that it is needed.
_HAS_DIPLOMA = re.compile(
    r"(?:heb|heeft|hebben) (?:net |al |pas |nu |intussen )?(?:mijn |zijn |haar |een |het )?diploma\b")
_WANTS_DIPLOMA = re.compile(r"alsnog|(?:be)?halen|examencommissie|tweedekans|geen diploma|zonder diploma")
_WEAK = {"opvoeding": re.compile(r"\bouders?\b"), "werk": re.compile(r"\bwerken\b")}


def _load_detect() -> Callable[[str], Any] | None:
    try:
        from wegwijzer.search.concepts import detect
    except Exception:  # noqa: BLE001 - the concept list is optional (not yet installed, broken data)
        return None
    return detect


def concept_slugs(text: str) -> dict[str, list[str]]:
    """``concepts.detect`` on the text, or {} when the concept list is not available or fails."""
    detect = _load_detect()
    if detect is None:
        return {}
    try:
        found = detect(text)
    except Exception:  # noqa: BLE001 - never let the concept list break a match
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(k): [str(s) for s in (v or [])] for k, v in found.items()}


def needs(folded: str) -> list[str]:
    """``nood`` slugs in vocabulary order: the concept list's plus the phrase rules'."""
    valid = taxonomy_codes()["nood"]
    own: set[str] = set()
    for slug, pattern in _COMPILED.items():
        weak = _WEAK.get(slug)
        if any(not (weak and weak.fullmatch(m.group(0))) for m in pattern.finditer(folded)):
            own.add(slug)  # a weak word alone ("ouders") names the asker, not a need
    found = {s for s in concept_slugs(folded).get("nood", []) if s in valid}
    found -= {slug for slug, veto in _CONCEPT_VETO.items() if slug not in own and veto.search(folded)}
    found |= own
    if _HAS_DIPLOMA.search(folded) and not _WANTS_DIPLOMA.search(folded):
        found.discard("diploma")
    return [slug for slug in valid if slug in found]
