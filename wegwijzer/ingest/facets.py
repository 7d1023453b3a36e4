"""Facet slugs for a service, from its Dutch texts and the rules in ``data/facet_rules.yaml``.

``classify`` is pure and data-driven: each taxonomy lists the fields it reads and, per slug, the
trigger patterns (regular expressions on folded text). Code only adds what a table cannot say:
``onderwijsniveau`` comes from :func:`levels_from_text` (graad logic), ``fase`` prefers the hint
from the schematic overview, and "enkel voor …" in a name or target group narrows levels and
target groups. An offer's defining paragraph that names whom it takes in ("Taalkot …, waarbij
jongeren uit het deeltijds onderwijs terecht kunnen") names its level, before the fiche's target
group. A section about funding other organisations (the ``policy`` rule) is policy, not an offer
for young people. Levels are never inferred from ages (documented in :mod:`.ages`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from wegwijzer.ingest.ages import fold, levels_from_text
from wegwijzer.ingest.taxonomy import taxonomy_codes

__all__ = ["FacetInput", "classify", "fold", "languages_from_text", "TAXONOMY_ORDER"]

TAXONOMY_ORDER = (
    "fase",
    "onderwijsniveau",
    "studierichting",
    "nood",
    "doelgroep",
    "aanmeldroute",
    "onderwijstaal",
    "gemeente",
)
_FIELDS = ("name", "description", "eligibility", "application", "definition")
_FIELD_JOIN = " | "  # keeps a pattern from matching across two fields


@dataclass
class FacetInput:
    """The texts of one service; fiche-level texts fill in when the service has none."""

    name: str = ""
    description: str = ""
    eligibility: str | None = None  # the service's own "Doelgroep"
    application: str | None = None  # the service's own "Aanmelding"
    organization_eligibility: str | None = None  # the fiche's "Doelgroep"
    organization_application: str | None = None  # the fiche's "Aanmelding"
    fase_hint: list[str] = field(default_factory=list)  # from the schematic overview
    definition: str = ""  # the paragraph that defines a headed offer (its first one)


# --- rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    slug: str
    patterns: tuple[re.Pattern[str], ...]
    remove: tuple[re.Pattern[str], ...] = ()

    def matches(self, text: str) -> bool:
        for pattern in self.remove:
            text = pattern.sub(" ", text)
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True)
class _TaxonomyRule:
    name: str
    fields: tuple[str, ...]
    fallback: tuple[str, ...] = ()
    remove: tuple[re.Pattern[str], ...] = ()
    terms: tuple[_Term, ...] = ()
    also: tuple[tuple[str, tuple[_Term, ...]], ...] = ()  # (field, terms)


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def _term(slug: str, spec: Any, allowed: set[str], taxonomy: str) -> _Term:
    if slug not in allowed:
        raise ValueError(f"facet_rules.yaml: unknown slug {slug!r} in taxonomy {taxonomy!r}")
    if isinstance(spec, dict):
        return _Term(slug, _compile(spec["patterns"]), _compile(spec.get("remove", [])))
    return _Term(slug, _compile(list(spec)))


def _terms(raw: dict[str, Any], allowed: set[str], taxonomy: str) -> tuple[_Term, ...]:
    return tuple(_term(slug, spec, allowed, taxonomy) for slug, spec in raw.items())


def _check_fields(names: list[str]) -> tuple[str, ...]:
    unknown = set(names) - set(_FIELDS)
    if unknown:
        raise ValueError(f"facet_rules.yaml: unknown fields {sorted(unknown)}")
    return tuple(names)


def _taxonomy_rule(name: str, raw: dict[str, Any], allowed: set[str]) -> _TaxonomyRule:
    also = tuple(
        (_check_fields([fld])[0], _terms(terms, allowed, name)) for fld, terms in (raw.get("also") or {}).items()
    )
    return _TaxonomyRule(
        name=name,
        fields=_check_fields(raw.get("fields", [])),
        fallback=_check_fields(raw.get("fallback", [])),
        remove=_compile(raw.get("remove", [])),
        terms=_terms(raw.get("terms") or {}, allowed, name),
        also=also,
    )


@dataclass(frozen=True)
class _PolicyRule:
    """A section that funds or subsidises others: fixed route, added needs, audiences dropped."""

    fields: tuple[str, ...] = ()
    term: _Term | None = None
    set: tuple[tuple[str, tuple[str, ...]], ...] = ()
    add: tuple[tuple[str, tuple[str, ...]], ...] = ()
    drop: tuple[tuple[str, tuple[str, ...]], ...] = ()
    otherwise: tuple[tuple[str, tuple[str, ...]], ...] = ()  # when a dropped taxonomy is left empty


def _slug_map(raw: dict[str, list[str]] | None, codes: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    for taxonomy, slugs in (raw or {}).items():
        unknown = set(slugs) - set(codes.get(taxonomy, []))
        if unknown:
            raise ValueError(f"facet_rules.yaml policy: unknown slugs {sorted(unknown)} in {taxonomy!r}")
    return tuple((taxonomy, tuple(slugs)) for taxonomy, slugs in (raw or {}).items())


def _load_rules() -> dict[str, Any]:
    text = (resources.files("wegwijzer") / "data" / "facet_rules.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def _policy() -> _PolicyRule:
    raw = _load_rules().get("policy") or {}
    if not raw:
        return _PolicyRule()
    codes = taxonomy_codes()
    term = _Term("policy", _compile(raw["patterns"]), _compile(raw.get("remove", [])))
    return _PolicyRule(_check_fields(raw["fields"]), term, _slug_map(raw.get("set"), codes),
                       _slug_map(raw.get("add"), codes), _slug_map(raw.get("drop"), codes),
                       _slug_map(raw.get("otherwise"), codes))


def _apply_policy(result: dict[str, list[str]], texts: dict[str, str]) -> None:
    rule = _policy()
    if rule.term is None or not rule.term.matches(_joined(texts, rule.fields)):
        return
    for taxonomy, slugs in rule.set:
        result[taxonomy] = list(slugs)
    for taxonomy, slugs in rule.add:
        result[taxonomy] = _ordered(taxonomy, set(result.get(taxonomy, [])) | set(slugs))
    for taxonomy, slugs in rule.drop:
        result[taxonomy] = [s for s in result.get(taxonomy, []) if s not in slugs]
    for taxonomy, slugs in rule.otherwise:
        result[taxonomy] = result.get(taxonomy) or list(slugs)


@lru_cache(maxsize=1)
def _rules() -> dict[str, _TaxonomyRule]:
    raw = _load_rules()["taxonomies"]
    codes = taxonomy_codes()
    unknown = set(raw) - set(codes)
    if unknown:
        raise ValueError(f"facet_rules.yaml: unknown taxonomies {sorted(unknown)}")
    return {name: _taxonomy_rule(name, spec, set(codes[name])) for name, spec in raw.items()}


# --- classification ------------------------------------------------------------------------


def _field_texts(fields: FacetInput) -> dict[str, str]:
    eligibility = fields.eligibility or fields.organization_eligibility or ""
    application = fields.application or fields.organization_application or ""
    raw = {
        "name": fields.name,
        "description": fields.description,
        "eligibility": eligibility,
        "application": application,
        "definition": fields.definition,
    }
    return {key: fold(value or "") for key, value in raw.items()}


def _joined(texts: dict[str, str], names: tuple[str, ...]) -> str:
    return _FIELD_JOIN.join(texts[n] for n in names if texts[n])


def _match_terms(terms: tuple[_Term, ...], text: str, remove: tuple[re.Pattern[str], ...]) -> set[str]:
    if not text:
        return set()
    for pattern in remove:
        text = pattern.sub(" ", text)
    return {term.slug for term in terms if term.matches(text)}


def _apply_rule(rule: _TaxonomyRule, texts: dict[str, str]) -> set[str]:
    found = _match_terms(rule.terms, _joined(texts, rule.fields), rule.remove)
    for fld, terms in rule.also:
        found |= _match_terms(terms, texts[fld], rule.remove)
    if not found and rule.fallback:
        found = _match_terms(rule.terms, _joined(texts, rule.fallback), rule.remove)
    return found


_ONLY = re.compile(r"\b(?:enkel|alleen|uitsluitend)\s+(?:voor|in|bij|met)?\s*(?:het\s+|de\s+)?([^),;:|]+)")


def _restriction(texts: dict[str, str]) -> str:
    """The phrases after "enkel voor" / "alleen" in the name or target group, joined."""
    phrases = [m.group(1) for key in ("name", "eligibility") for m in _ONLY.finditer(texts[key])]
    return _FIELD_JOIN.join(phrases)


# "waarbij jongeren uit het deeltijds onderwijs terecht kunnen", "kinderen uit het lager onderwijs"
_TAKES_IN = re.compile(
    r"\b(?:jongeren|leerlingen|kinderen|scholieren)\s+(?:uit|in|van)\s+(?:het|de)\s+((?:[\w-]+\s+){0,2}[\w-]+)")


_OPEN_TO_ALL = re.compile(r"\b(?:toegankelijk|open)\s+voor\s+(?:alle\b|iedereen)")


def _defined_levels(definition: str) -> set[str]:
    """Levels named by the offer's defining paragraph as the pupils it takes in (none when the
    paragraph also opens the offer to all)."""
    if _OPEN_TO_ALL.search(definition):
        return set()
    return {slug for m in _TAKES_IN.finditer(definition) for slug in levels_from_text(m.group(1))}


def _levels(rule: _TaxonomyRule, texts: dict[str, str], only: str) -> set[str]:
    """An "enkel voor …" restriction; else the levels of the name and target group, narrowed (or
    filled in) by the levels the offer's defining paragraph names."""
    restricted = set(levels_from_text(only)) if only else set()
    if restricted:
        return restricted
    named = set(levels_from_text(_joined(texts, rule.fields)))
    defined = _defined_levels(texts["definition"])
    return defined if defined and (not named or defined < named) else named


def _fase(rule: _TaxonomyRule, fields: FacetInput, texts: dict[str, str]) -> set[str]:
    allowed = set(taxonomy_codes()["fase"])
    hinted = {slug for slug in fields.fase_hint if slug in allowed}
    return hinted or _apply_rule(rule, texts)


def _ordered(taxonomy: str, slugs: set[str]) -> list[str]:
    return [code for code in taxonomy_codes()[taxonomy] if code in slugs]


def classify(fields: FacetInput) -> dict[str, list[str]]:
    """Facet slugs per taxonomy, every taxonomy present (possibly with an empty list).

    >>> classify(FacetInput(name="Time-out", eligibility="jongeren tussen 12 en 18 jaar",
    ...                     application="via KANS"))["aanmeldroute"]
    ['via-kans']
    """
    rules = _rules()
    texts = _field_texts(fields)
    only = _restriction(texts)
    result: dict[str, list[str]] = {}
    for taxonomy in TAXONOMY_ORDER:
        rule = rules.get(taxonomy)
        if rule is None:
            result[taxonomy] = []
            continue
        if taxonomy == "onderwijsniveau":
            slugs = _levels(rule, texts, only)
        elif taxonomy == "fase":
            slugs = _fase(rule, fields, texts)
        else:
            slugs = _apply_rule(rule, texts)
            if taxonomy == "doelgroep" and only:
                slugs = _match_terms(rule.terms, only, rule.remove) or slugs
        result[taxonomy] = _ordered(taxonomy, slugs)
    _apply_policy(result, texts)
    return result


# --- languages -------------------------------------------------------------------------------

_LANGUAGE_NAMES = {
    "nederlands": "nl",
    "frans": "fr",
    "engels": "en",
    "duits": "de",
    "spaans": "es",
    "italiaans": "it",
    "portugees": "pt",
    "arabisch": "ar",
    "turks": "tr",
    "pools": "pl",
    "roemeens": "ro",
    "bulgaars": "bg",
    "russisch": "ru",
    "oekraiens": "uk",
    "berbers": "ber",
    "tamazight": "ber",
    "farsi": "fa",
    "perzisch": "fa",
    "dari": "prs",
    "pasjtoe": "ps",
    "somalisch": "so",
    "tigrinya": "ti",
    "lingala": "ln",
    "albanees": "sq",
    "romani": "rom",
}
_LANG = "(?:" + "|".join(sorted(_LANGUAGE_NAMES, key=len, reverse=True)) + ")"
# "in het Nederlands, Frans en Engels", "talen: Nederlands, Frans", "spreekt Arabisch"
_LANGUAGE_LIST = re.compile(
    rf"\b(?:in\s+het|in|talen\s*:?|spreekt|spreken|begeleiding\s+in|aanbod\s+in)\s+"
    rf"({_LANG}(?:\s*(?:,|/|en|of)\s*{_LANG})*)\b"
)
_LANGUAGE_WORD = re.compile(rf"\b{_LANG}\b")
# "Franstalig", "Nederlands- en Franstalig"; not the school regime ("Nederlandstalig onderwijs")
_TALIG = re.compile(
    r"\b(nederlands|frans|engels)(?:talig\w*\b|-)(?!\s+(?:\w+\s+)?(?:onderwijs|school|scholen|secundair))"
)
_MULTILINGUAL = re.compile(r"\b(?:meertalig|tweetalig)(?!heid)\w*")
_MULTILINGUAL_CODES = ("nl", "fr")  # in Brussels "meertalig/tweetalig" means at least these


def languages_from_text(text: str) -> list[str]:
    """ISO 639 codes of the languages a service is offered in, in order of mention.

    "meertalig"/"tweetalig" gives nl and fr (the Brussels pair). "Nederlandstalig onderwijs" is
    the school's regime (facet onderwijstaal), not a service language, and is ignored.
    """
    folded = fold(text or "")
    found: list[tuple[int, str]] = []
    for m in _LANGUAGE_LIST.finditer(folded):
        for word in _LANGUAGE_WORD.finditer(m.group(1)):
            found.append((m.start(1) + word.start(), _LANGUAGE_NAMES[word.group(0)]))
    for m in _TALIG.finditer(folded):
        found.append((m.start(), _LANGUAGE_NAMES[m.group(1)]))
    for m in _MULTILINGUAL.finditer(folded):
        found.extend((m.start(), code) for code in _MULTILINGUAL_CODES)
    codes: list[str] = []
    for _, code in sorted(found, key=lambda item: item[0]):
        if code not in codes:
            codes.append(code)
    return codes
