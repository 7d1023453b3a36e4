"""Recognise named contact persons in contact-block lines.

A person name is two to five capitalised words ("Kerlijn Quaghebeur", "Gregory De Sutter",
"Marie-Eve Joret", "Pats Van Crombruggen"), optionally with lower-case particles ("de", "van
der"), without digits and without generic organisation words ("vzw", "Centrum", …).
Recognised line shapes:

* ``Title: Name``             "Directeur:  Kerlijn Quaghebeur"  (a label without a role word is
                               returned as ``org``: "Groep Intro: Yassin Kaddani")
* ``Name – title``, ``Name, title``, ``Name (title)``
* ``Role [Mevrouw|Meneer] Name``  "Directrice Mevrouw Catherine Kinet"
* ``Contacteer Name op <phone>``
* ``Name (email[, phone]); Name (email)…``  inline lists
* a bare ``Name`` line, only when confirmed by the caller (e.g. a matching e-mail below)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_UPPER = "A-ZÀ-ÖØ-Ý"
_LOWER = "a-zß-öø-ÿ'’"
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*"
_PARTICLE = r"(?:van|de|der|den|du|le|la|von|ten|ter|d'|van't)"
NAME = rf"{_WORD}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_WORD}){{1,4}}"
_NAME_RE = re.compile(rf"^{NAME}$")
_HONORIFIC = r"(?i:mevrouw|mevr\.?|meneer|mr\.?|dhr\.?|de heer|madame|monsieur|mme\.?|m\.)"

ROLE_WORDS_RE = re.compile(
    r"\b(?:directeu?r\w*|directrice|director|co[öo]rdin\w*|contactpersoon|contact|verantwoordelijke|"
    r"medewerker\w*|begeleid\w*|\w*begeleiding|\w*begeleider|manager|voorzitter|consulent\w*|coach|"
    r"projectleider|teamleider|teamcoach|adviseur|secretaris|stafmedewerker|\w*werker|psycholoog|"
    r"maatschappelijk|head|responsable|chef|leidinggevende|zorgco\w*|trajectbegeleid\w*|"
    r"beleidsmedewerker|intaker|onthaal\w*|aanmeld\w*)\b",
    re.IGNORECASE,
)
_ORG_WORDS_RE = re.compile(
    r"\b(?:vzw|asbl|brussel|bruxelles|brussels|campus|centrum|dienst|werking|project|school|onderwijs|"
    r"stad|gemeente|vlaamse|vlaanderen|afdeling|huis|team|netwerk|platform|programma|leersteuncentrum)\b",
    re.IGNORECASE,
)
_LABELLED_RE = re.compile(
    rf"^(?P<label>[^:()@\d][^:()@]{{0,80}}?)\s*:\s*(?P<name>{NAME})\s*(?:\((?P<paren>[^)]*)\))?[.;,]?$"
)
_NAME_DASH_RE = re.compile(rf"^(?P<name>{NAME})\s*(?:[–—]|\s-\s|,)\s*(?P<title>[^\d@]{{2,80}})$")
_NAME_PAREN_RE = re.compile(rf"^(?P<name>{NAME})\s*\((?P<title>[^\d@)]{{2,80}})\)$")
_ROLE_NAME_RE = re.compile(
    rf"^(?P<title>[{_UPPER}][{_LOWER}]+(?:\s+[a-zß-ÿ]+)?)\s+(?:{_HONORIFIC}\s+)?(?P<name>{NAME})$"
)
_CONTACT_VERB_RE = re.compile(
    rf"^(?i:contacteer|bel|mail|neem contact op met|contact(?:eer)? met|contact:)\s+(?P<name>{NAME})"
    r"(?:\s+(?:op|via|:)\s+(?P<rest>.*))?$"
)
INLINE_PERSON_RE = re.compile(rf"(?P<name>{NAME})\s*\((?P<inside>[^)]*@[^)]*)\)")
_PAREN_NAME_RE = re.compile(rf"\((?P<name>{NAME})\)")
_HONORIFIC_PREFIX_RE = re.compile(rf"^{_HONORIFIC}\s+")


@dataclass
class PersonLine:
    name: str
    title: str | None = None
    org: str | None = None  # label that names an organisation rather than a role
    rest: str | None = None  # text after the name that may hold a phone / e-mail


def is_person_name(text: str) -> bool:
    """True for 2–5 capitalised words without organisation words or digits."""
    text = _HONORIFIC_PREFIX_RE.sub("", text.strip())
    if not _NAME_RE.match(text) or _ORG_WORDS_RE.search(text) or ROLE_WORDS_RE.search(text):
        return False
    return not any(word.isupper() and len(word) > 1 for word in text.split())


def _clean_title(title: str) -> str:
    return title.strip(" :;,.–-()")


def parse_person_line(text: str) -> PersonLine | None:
    """Recognise one of the person line shapes listed in the module docstring."""
    text = text.strip()
    match = _CONTACT_VERB_RE.match(text)
    if match and is_person_name(match.group("name")):
        return PersonLine(name=match.group("name"), rest=match.group("rest"))
    match = _LABELLED_RE.match(text)
    if match and is_person_name(match.group("name")):
        label = _clean_title(match.group("label"))
        paren = match.group("paren")
        if ROLE_WORDS_RE.search(label):
            return PersonLine(name=match.group("name"), title=label, rest=paren)
        return PersonLine(name=match.group("name"), org=label, rest=paren)
    for regex in (_NAME_PAREN_RE, _NAME_DASH_RE):
        match = regex.match(text)
        if match and is_person_name(match.group("name")):
            title = _clean_title(match.group("title"))
            if ROLE_WORDS_RE.search(title) or title[:1].islower():
                return PersonLine(name=match.group("name"), title=title)
    match = _ROLE_NAME_RE.match(text)
    if match and ROLE_WORDS_RE.match(match.group("title")) and is_person_name(match.group("name")):
        return PersonLine(name=_HONORIFIC_PREFIX_RE.sub("", match.group("name")), title=match.group("title"))
    return None


def bare_person_name(text: str) -> str | None:
    """The name if the whole line is a person name (needs confirmation by the caller)."""
    text = _HONORIFIC_PREFIX_RE.sub("", text.strip())
    return text if is_person_name(text) else None


def name_in_parentheses(text: str) -> str | None:
    """ "0470/20 04 07 (Fabian Willems)" -> "Fabian Willems"."""
    match = _PAREN_NAME_RE.search(text)
    return match.group("name") if match and is_person_name(match.group("name")) else None


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def email_matches_name(email: str, name: str) -> bool:
    """True when the e-mail's local part is built from the name: "erin.aznag", "marie", "atrefois"."""
    local = email.split("@", 1)[0].lower()
    parts = [_plain(p) for p in re.split(r"[._-]+", local) if p]
    words = [_plain(w) for w in re.split(r"[\s-]+", name) if w]
    if not parts or not words:
        return False
    first, rest = words[0], words[1:]
    last = "".join(w for w in rest if w not in {"van", "de", "der", "den", "le", "la", "du", "ten", "ter"}) or first
    full_last = "".join(rest)
    accepted = {first, last, full_last, first + last, first + full_last, first[0] + last, first[0] + full_last}
    accepted |= set(words)
    return all(p in accepted for p in parts)
