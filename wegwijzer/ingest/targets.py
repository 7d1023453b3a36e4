"""Target group and age range of one offer (service), from the most specific text first.

Order (the first source that states an age wins; the eligibility text is the first source
that exists):

1. the fiche's Doelgroep bullets that name the offer ("• Leerwinkel Brussel: voor alle
   Brusselaars vanaf 15 jaar …") — when the Doelgroep lists offers, each offer gets its own
   bullets, and offers no bullet names share the bullets no offer claimed;
2. the offer's own explicit target statement: a short paragraph of its own text with "voor
   wie", "doelgroep", "richt zich tot", "bedoeld voor", or (for a headed offer) the first
   sentence of its text, which defines it ("Compagnon de Route: … voor werkzoekende vrouwen
   (18-35 jaar)");
3. sentences elsewhere in the fiche (intro, Doelstelling, Aanmelding) that name the offer
   ("Voor de jongeren die … voor een NAFT-traject, gaat het om … (12 – 25 jaar)"); a complete
   range is preferred over a one-sided one;
4. the same for the sections the offer is part of (FIX is a module of NAFT);
5. the fiche's Doelgroep (or, when it lists offers, the bullets no offer claimed);
6. the offer's own text, where an age in a single item of a list ("• Meerderjarige
   leerlingen: …") is that item's, not the offer's;
7. the umbrella fiche's Doelgroep (25 for a partner fiche 25.x), weaker than the partner's
   own text ("Atelier Groot Eiland … vanaf 16 jaar" beats KANS's "6 tot 25 jaar"). The umbrella's
   range is not read here: the caller adds it only for an offer that names no education level
   of its own (see :func:`wegwijzer.ingest.parse`), because a level ("enkel voor secundair
   onderwijs", "jongeren uit het deeltijds onderwijs") is more specific than the umbrella's
   "6 tot 25 jaar" and the matcher checks the level itself; an unknown age only lowers the
   ranking, a wrong one excludes young people.

An explicit statement says whom the offer is for ("Onze doelgroep zijn …", "richt zich tot");
a paragraph that merely mentions "de doelgroep" ("zicht krijgen op de doelgroep (aangemelde
leerlingen)") is none, so it never beats the fiche's own "Doelgroep:" field. A "Voor wie?"
question is answered by the items that follow it: the statement is the question with its answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from wegwijzer.ingest.clean import Block, blocks
from wegwijzer.text import fold_words

Ages = tuple[int | None, int | None]
# "Onze doelgroep zijn …", "Doelgroep van KOOGO zijn …": a statement, not "zicht op de doelgroep"
_OWN_TARGET_RE = re.compile(
    r"\b(richt(?:en)? zich (?:op|tot)|voor wie\b|bedoeld voor"
    r"|doelgroep(?:en)?(?:\s+van\s+\S+)?\s*(?::|(?:is|zijn|bestaat|bestaan|omvat)\b))", re.I)
_QUESTION_RE = re.compile(r"^\s*voor wie\s*\?\s*$", re.I)
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z‘'“(])")
_MAX_STATEMENT = 400


def fold(text: str) -> str:
    return fold_words(text)


def _core(name: str) -> str:
    return fold(re.sub(r"\([^)]*\)", " ", name))


def _names(text: str, name: str) -> bool:
    """Does ``text`` name the offer ``name`` (its name without parenthetical part, as words)?"""
    core = _core(name)
    return len(core) >= 3 and re.search(rf"\b{re.escape(core)}\b", fold(text)) is not None


@dataclass
class DoelgroepItem:
    label: str  # text before the colon ("Leerwinkel Brussel"), or "" for a bullet without one
    text: str  # the whole bullet


@dataclass
class FicheTargets:
    """What the fiche says about target groups, shared by its offers."""

    doelgroep: str | None = None
    inherited: str | None = None  # the umbrella fiche's Doelgroep
    items: list[DoelgroepItem] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)  # intro and field sentences
    claimed: set[int] = field(default_factory=set)  # indexes of items some offer names


def doelgroep_items(doelgroep: str | None) -> list[DoelgroepItem]:
    """The bullets of a Doelgroep field, with their "Label:" when they have one."""
    if not doelgroep:
        return []
    found = [b for b in blocks(doelgroep.split("\n")) if b.kind == "bullet"]
    items = []
    for bullet in found:
        label, colon, _ = bullet.text.partition(":")
        items.append(DoelgroepItem(label.strip(" ‘’'\"“”") if colon and len(label) <= 60 else "", bullet.text))
    return items


def fiche_targets(doelgroep: str | None, inherited: str | None, texts: Sequence[str],
                  offer_names: Sequence[str]) -> FicheTargets:
    items = doelgroep_items(doelgroep)
    sentences = [s for text in texts if text for s in _SENTENCE_SPLIT_RE.split(" ".join(text.split()))]
    targets = FicheTargets(doelgroep, inherited, items, sentences)
    targets.claimed = {i for name in offer_names for i in _item_indexes(items, name)}
    return targets


def _item_indexes(items: list[DoelgroepItem], name: str) -> list[int]:
    core = _core(name)
    result = []
    for index, item in enumerate(items):
        alternatives = [_core(a) for a in re.split(r"/", item.label) if _core(a)]
        if any(a == core or re.search(rf"\b{re.escape(a)}\b", core) for a in alternatives if len(a) >= 3):
            result.append(index)
    return result


def explicit_statements(content: list[Block]) -> list[str]:
    """Short paragraphs of the offer's text that say whom it is for; a bare "Voor wie?" comes
    with the items that answer it."""
    found = []
    for index, block in enumerate(content):
        if _QUESTION_RE.match(block.text):
            answer = _answer(content[index + 1:])
            if answer:
                found.append(f"{block.text.strip()}\n{answer}")
        elif _OWN_TARGET_RE.search(block.text) and len(block.text) < _MAX_STATEMENT:
            found.append(block.text)
    return found


def _answer(following: list[Block]) -> str:
    """The bullets (or the one paragraph) right after a question, up to the next question."""
    items: list[str] = []
    for block in following:
        if block.text.strip().endswith("?") or (items and block.kind != "bullet"):
            break
        items.append(("• " if block.kind == "bullet" else "") + block.text)
        if block.kind != "bullet":
            break
    return "\n".join(items)


def own_statements(content: list[Block], headed: bool) -> list[str]:
    """The explicit statements, then (for a headed offer) the first sentence that defines it."""
    found = explicit_statements(content)
    first = next((b.text for b in content), None)
    if headed and first:
        found.append(_SENTENCE_SPLIT_RE.split(first)[0])
    return found


def target_of(name: str, content: list[Block], ancestors: Sequence[tuple[str, list[Block]]],
              description: str, fiche: FicheTargets, headed: bool,
              parse_ages: Callable[[str], Ages]) -> tuple[str | None, Ages]:
    """(eligibility text, (minimum age, maximum age)) of one offer."""
    own_items = [fiche.items[i].text for i in _item_indexes(fiche.items, name)] if headed else []
    statements = own_statements(content, headed)
    split = bool(fiche.claimed)
    fiche_level = fiche.doelgroep
    if split and not own_items:
        rest = [item.text for i, item in enumerate(fiche.items) if i not in fiche.claimed]
        fiche_level = "\n".join("• " + text for text in rest) or None
    explicit = explicit_statements(content)
    eligibility = ("\n".join("• " + t for t in own_items) if own_items else None) \
        or (explicit[0] if explicit else None) or fiche_level
    candidates: list[list[str]] = [own_items, statements]
    if headed:
        candidates.append(_naming_sentences(fiche.sentences, name, parse_ages))
        for parent_name, parent_content in reversed(ancestors):
            candidates.append(own_statements(parent_content, True))
            candidates.append(_naming_sentences(fiche.sentences, parent_name, parse_ages))
    if not (split and own_items):
        candidates.append([fiche_level or ""])
    candidates.append([f"{name}\n" + "\n".join(_text_for_ages(content, parse_ages))])
    for rank, texts in enumerate(candidates):
        for text in texts:
            ages = parse_ages(text) if text else (None, None)
            if ages != (None, None):
                if rank == 1 and not (own_items or explicit):
                    eligibility = text  # the sentence that defines the offer says whom it is for
                return eligibility, ages
    return eligibility, (None, None)


def _text_for_ages(content: list[Block], parse_ages: Callable[[str], Ages]) -> list[str]:
    """The offer's text for ages: an age in a single item of a list ("• Meerderjarige leerlingen:
    …" among the items of a counselling offer) is that item's, not the offer's; when several
    items state ages ("• Voor de kinderen tussen 6-12 jaar …", "• Ook voor de +12 jarigen …")
    together they span the offer's range."""
    bullets = [b for b in content if b.kind == "bullet"]
    with_ages = [b for b in bullets if parse_ages(b.text) != (None, None)]
    keep_bullets = len(bullets) < 2 or len(with_ages) >= 2
    return [b.text for b in content if b.kind != "bullet" or keep_bullets]


def _naming_sentences(sentences: list[str], name: str, parse_ages: Callable[[str], Ages]) -> list[str]:
    """Sentences naming the offer; those with a complete age range first."""
    naming = [s for s in sentences if _names(s, name)]
    return sorted(naming, key=lambda s: None in parse_ages(s))
