"""Lay Dutch words and phrases -> vocabulary slugs (``data/concepts.yaml``).

:func:`detect` reads a free text ("hij spijbelt en heeft al 12 B-codes") and returns the slugs
per taxonomy it mentions; :func:`expand` gives extra search terms for a query. Both are pure:
the concept file is loaded and compiled once per process.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from wegwijzer.search.analysis import STOPWORDS, stem, tokens

_RESOURCE = "concepts.yaml"
NEGATIONS = frozenset({"niet", "nooit"})


@dataclass(frozen=True)
class Concept:
    taxonomy: str
    slug: str
    search: tuple[str, ...]  # analysed expansion terms
    phrases: tuple[str, ...]  # as written in the file
    search_text: str = ""


@dataclass(frozen=True)
class Pattern:
    """One phrase compiled to a sequence of (kind, value) word tests."""

    concept: Concept
    words: tuple[tuple[str, str], ...]  # kind: "stem" | "exact" | "prefix" | "suffix"

    def matches_at(self, folded: list[str], stemmed: list[str], i: int) -> bool:
        if i + len(self.words) > len(folded):
            return False
        for offset, (kind, value) in enumerate(self.words):
            word, word_stem = folded[i + offset], stemmed[i + offset]
            ok = (
                word_stem == value if kind == "stem"
                else word == value if kind == "exact"
                else word.startswith(value) if kind == "prefix"
                else word.endswith(value)
            )
            if not ok:
                return False
        return True


@dataclass(frozen=True)
class ConceptMatch:
    taxonomy: str
    slug: str
    phrase: str  # the words of the text that matched, folded
    start: int  # token index in tokens(text)
    end: int


@dataclass(frozen=True)
class ConceptIndex:
    concepts: tuple[Concept, ...]
    by_first: dict[tuple[str, str], tuple[Pattern, ...]]  # ("stem"|"exact", value) -> patterns
    wildcards: tuple[Pattern, ...]  # patterns whose first word is a prefix/suffix test


def _compile_phrase(phrase: str) -> tuple[tuple[str, str], ...]:
    raw = phrase.strip()
    if raw.startswith("=") or raw.endswith("*") or raw.startswith("*"):
        word = "".join(tokens(raw))
        kind = "exact" if raw.startswith("=") else "prefix" if raw.endswith("*") else "suffix"
        return ((kind, word),) if word else ()
    return tuple(("stem", stem(w)) for w in tokens(raw))


def _search_terms(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(stem(w) for w in tokens(text) if w not in STOPWORDS and len(w) > 1))


def compile_concepts(data: dict, allowed: dict[str, list[str]] | None = None) -> ConceptIndex:
    """Compile the concept file; with ``allowed`` (taxonomy -> slugs), unknown slugs raise ValueError."""
    concepts: list[Concept] = []
    by_first: dict[tuple[str, str], list[Pattern]] = {}
    wildcards: list[Pattern] = []
    for taxonomy, slugs in data.items():
        for slug, body in slugs.items():
            if allowed is not None and slug not in allowed.get(taxonomy, ()):
                raise ValueError(f"concepts.yaml: unknown slug {taxonomy}/{slug}")
            phrases = tuple(str(p) for p in body.get("phrases", []))
            search = str(body.get("search", ""))
            concept = Concept(taxonomy, slug, _search_terms(search), phrases, search)
            concepts.append(concept)
            for phrase in phrases:
                words = _compile_phrase(phrase)
                if not words:
                    continue
                pattern = Pattern(concept, words)
                if words[0][0] in ("stem", "exact"):
                    by_first.setdefault(words[0], []).append(pattern)
                else:
                    wildcards.append(pattern)
    return ConceptIndex(
        tuple(concepts), {k: tuple(v) for k, v in by_first.items()}, tuple(wildcards)
    )


@lru_cache(maxsize=1)
def concept_index() -> ConceptIndex:
    from wegwijzer.ingest.taxonomy import taxonomy_codes

    text = (resources.files("wegwijzer") / "data" / _RESOURCE).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return compile_concepts(yaml.load(text, Loader=loader), taxonomy_codes())  # noqa: S506 - a safe loader


def _negated(folded: list[str], i: int) -> bool:
    return any(folded[j] in NEGATIONS for j in range(max(0, i - 2), i))


def find_concepts(text: str, index: ConceptIndex | None = None) -> Iterator[ConceptMatch]:
    """Every phrase of the concept file found in ``text``, in text order (overlaps allowed)."""
    index = index or concept_index()
    folded = tokens(text)
    stemmed = [stem(w) for w in folded]
    for i, (word, word_stem) in enumerate(zip(folded, stemmed, strict=True)):
        candidates = (
            *index.by_first.get(("stem", word_stem), ()),
            *index.by_first.get(("exact", word), ()),
            *index.wildcards,
        )
        for pattern in candidates:
            if not pattern.matches_at(folded, stemmed, i):
                continue
            if pattern.words[0][1] not in NEGATIONS and _negated(folded, i):
                continue
            end = i + len(pattern.words)
            yield ConceptMatch(pattern.concept.taxonomy, pattern.concept.slug, " ".join(folded[i:end]), i, end)


def detect(text: str) -> dict[str, list[str]]:
    """Taxonomy -> slugs mentioned in ``text``, each list in order of first mention.

    >>> detect("Hij heeft al 12 B-codes en is somber")["nood"]
    ['spijbelen', 'welzijn']
    """
    out: dict[str, list[str]] = {}
    for match in find_concepts(text):
        slugs = out.setdefault(match.taxonomy, [])
        if match.slug not in slugs:
            slugs.append(match.slug)
    return out


def concept(taxonomy: str, slug: str) -> Concept | None:
    for c in concept_index().concepts:
        if c.taxonomy == taxonomy and c.slug == slug:
            return c
    return None


def expand(text: str, taxonomies: tuple[str, ...] = ("nood", "onderwijsniveau")) -> list[str]:
    """Extra query terms for the concepts ``text`` mentions (``B-codes`` -> spijbel, schoolverzuim, ...),
    leaving out terms the text already has. Only the given taxonomies expand (by default the needs and
    levels: expanding a municipality or an asker would flood a text search)."""
    own = {stem(w) for w in tokens(text)}
    found = detect(text)
    extra: dict[str, None] = {}
    for c in concept_index().concepts:
        if c.taxonomy in taxonomies and c.slug in found.get(c.taxonomy, ()):
            extra.update((t, None) for t in c.search if t not in own)
    return list(extra)


def concept_words() -> set[str]:
    """Every folded word of the concept file (phrases and search terms): part of the analyser's lexicon."""
    words: set[str] = set()
    for c in concept_index().concepts:
        for phrase in c.phrases:
            words.update(tokens(phrase))
        words.update(tokens(c.search_text))
    return words
