"""Costs ("Kostprijs") and funding sources ("Financiering") of a fiche.

``parse_costs`` turns a Kostprijs line into :class:`CostRec` records, one per clause that states
a price ("€ 1,5/lestijd", "20 euro per schooljaar") or that the offer is free ("gratis"). Money
paid *to* participants ("geeft een vergoeding (10 euro/dag)") is not a cost and is skipped.
``parse_funding`` splits a Financiering line into one string per source.
"""

from __future__ import annotations

import re

from wegwijzer.ingest.records import CostRec

__all__ = ["parse_costs", "is_free", "parse_funding"]

_NOT_APPLICABLE = re.compile(r"^\s*(?:nvt|n\.v\.t\.?|niet van toepassing|/|-)?\s*\.?\s*$", re.I)

# --- costs -------------------------------------------------------------------------------

# Sentence boundaries (";", a full stop before a capital, a bullet) and commas that are no
# decimal comma. Comma pieces without a price or "gratis" continue the previous piece.
_SENTENCE_SPLIT = re.compile(r";|\.\s+(?=[A-Z])|•|\n")
_COMMA_SPLIT = re.compile(r"(?<!\d),|,(?!\d)")
_AMOUNT = re.compile(
    r"(?:€\s*(?P<a1>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)"
    r"|(?P<a2>\d{1,3}(?:\.\d{3})+|\d+(?:[.,]\d+)?)\s*(?:€|euro\b|eur\b))"
    r"(?P<unit>\s*(?:/\s*|per\s+)(?P<per>[a-zà-ÿ]+))?",
    re.I,
)
_FREE = re.compile(r"\bgratis\b|\bkosteloos\b|\bkostenloos\b|\b0\s*(?:€|euro)", re.I)
# Money that goes to the participant, or a share paid by someone else: no price.
_NOT_A_PRICE = re.compile(r"vergoeding|betaalt|tussenkomst|terugbetaa|premie|uitkering", re.I)
# Hedges: the text does not say the offer is free (or paid) for everyone.
_HEDGE = re.compile(r"sommige|meestal|soms|afhankelijk|kleine bijdrage|bijdrage|betalend", re.I)
_LABEL_NOISE = re.compile(r"^(?:de|het|een|of|en|voor)(?:\s+|$)|\s*(?:kost(?:en)?|bedraagt|:)\s*$", re.I)
_MAX_LABEL_WORDS = 4


def _to_float(raw: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        raw = raw.replace(".", "")
    return float(raw.replace(",", "."))


def _label(prefix: str) -> str | None:
    label = prefix.rsplit(":", 1)[-1].strip(" -–(").strip()
    while True:
        cleaned = _LABEL_NOISE.sub("", label).strip()
        if cleaned == label:
            break
        label = cleaned
    label = re.sub(r"^max\.?$", "maximum", label, flags=re.I)
    if not label or len(label.split()) > _MAX_LABEL_WORDS:
        return None
    return label


def _option(prefix: str, per: str | None, suffix: str) -> str | None:
    parts = [p for p in (_label(prefix), f"per {per.lower()}" if per else None) if p]
    if not per:
        tail = _label(suffix)
        if tail and not parts:
            parts.append(tail)
    return " ".join(parts) or None


def _clause_costs(clause: str) -> list[CostRec]:
    costs: list[CostRec] = []
    matches = list(_AMOUNT.finditer(clause))
    for i, m in enumerate(matches):
        start = matches[i - 1].end() if i else 0
        end = matches[i + 1].start() if i + 1 < len(matches) else len(clause)
        if _NOT_A_PRICE.search(clause[start : m.start()]):
            continue
        amount = _to_float(m.group("a1") or m.group("a2"))
        option = _option(clause[start : m.start()], m.group("per"), clause[m.end() : end])
        if amount == 0 and option is None:
            option = "gratis"
        costs.append(CostRec(option=option, amount=amount, amount_description=clause))
    if not matches and _FREE.search(clause):
        costs.append(CostRec(option="gratis", amount=0.0, amount_description=clause))
    return costs


def _has_price(text: str) -> bool:
    return bool(_AMOUNT.search(text) or _FREE.search(text))


def _clauses(text: str) -> list[str]:
    clauses: list[str] = []
    for sentence in _SENTENCE_SPLIT.split(text):
        pieces: list[str] = []
        for piece in _COMMA_SPLIT.split(sentence):
            piece = re.sub(r"\s+", " ", piece).strip(" .\t")
            if not piece:
                continue
            if pieces and not _has_price(piece):
                pieces[-1] = f"{pieces[-1]}, {piece}"
            else:
                pieces.append(piece)
        clauses.extend(pieces)
    return clauses


def parse_costs(text: str) -> list[CostRec]:
    """Cost options of a Kostprijs line; ``[]`` for "nvt", "afhankelijk van …" and empty text.

    >>> [(c.option, c.amount) for c in parse_costs("€ 1,5/lestijd, max. € 300/semester")]
    [('per lestijd', 1.5), ('maximum per semester', 300.0)]
    """
    if not text or _NOT_APPLICABLE.match(text):
        return []
    costs: list[CostRec] = []
    for clause in _clauses(text):
        costs.extend(_clause_costs(clause))
    return costs


def is_free(text: str) -> bool | None:
    """True when the line says the offer is free, False when it only names prices, else None.

    A line that opens with "gratis" and then names a price for another group ("gratis via KANS,
    vanuit Vlaams-Brabant 30€/dag") counts as free: the first clause is the main case. Hedged
    lines ("meestal gratis", "sommige delen zijn gratis", "gratis of kleine bijdrage") give None.
    """
    if not text or _NOT_APPLICABLE.match(text):
        return None
    costs = parse_costs(text)
    if not costs or _HEDGE.search(text):
        return None
    if all(c.amount == 0 for c in costs):
        return True
    return costs[0].amount == 0 and costs[0].option == "gratis"


# --- funding -----------------------------------------------------------------------------

_FUNDING_NONE = re.compile(r"^\s*(?:nvt|n\.v\.t\.?|afhankelijk van (?:het )?(?:project|aanbod))\s*\.?$", re.I)
# Prose lines: only what follows the verb names sources ("… met de steun van de VGC").
_PROSE_SOURCE = re.compile(
    r"(?:gefinancierd\s+(?:door\s+middel\s+van|door|via)|bekomen\s+via|met\s+de\s+steun\s+van)"
    r"\s+(?:de\s+|het\s+)?(.+)$",
    re.I,
)
_GRAFTED_ON = re.compile(r"^.*\bis\s+ge[eë]nt\s+op\s+", re.I)
_FINANCES_VERB = re.compile(r"\s+financiert\b.*$", re.I)
_LEADING_NOISE = re.compile(
    r"^(?:voornamelijk|hoofdzakelijk|grotendeels|deels|aangevuld\s+met|met\s+steun\s+van"
    r"|financiering\s+(?:door|vanuit|via)|middelen\s+van|\d+\s*%)\s+(?:de\s+|het\s+)?",
    re.I,
)
# An acronym-joined list "A-B-C" (at least one side in capitals, as in "VDAB-ESF-Actiris").
_ACRONYM_DASH = re.compile(r"(?<=[A-Z+])-(?=[A-Z])|(?<=[a-z])-(?=[A-Z]{2,}\b)")
_TITLE_WORD = re.compile(r"^[A-Z][a-zë]+$")


def _split_outside_parens(text: str, separators: re.Pattern[str]) -> list[str]:
    parts, depth, start = [], 0, 0
    for m in re.finditer(r"[()]|" + separators.pattern, text):
        token = m.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(text[start : m.start()])
            start = m.end()
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _keeps_en(left: str, right: str) -> bool:
    """True when "left en right" is one name ("Onderwijs en Vorming"), not two sources."""
    right_words = re.sub(r"\(.*?\)", "", right).split()
    left_words = left.split()
    if not right_words or not left_words:
        return True
    if left.rstrip().endswith(")"):
        return False
    if not right_words[0][:1].isupper():
        return True  # "giften en vrijwilligerswerking", "particulieren en bedrijven"
    return len(right_words) == 1 and bool(_TITLE_WORD.match(left_words[-1])) and bool(_TITLE_WORD.match(right_words[0]))


def _split_en(item: str) -> list[str]:
    pieces = _split_outside_parens(item, re.compile(r"\s+en\s+"))
    merged: list[str] = []
    for piece in pieces:
        if merged and _keeps_en(merged[-1], piece):
            merged[-1] = f"{merged[-1]} en {piece}"
        else:
            merged.append(piece)
    return merged


def _clean_source(item: str) -> str | None:
    item = _GRAFTED_ON.sub("", _FINANCES_VERB.sub("", item.strip(" .:;•-–")))
    previous = None
    while previous != item:
        previous, item = item, _LEADING_NOISE.sub("", item).strip()
    item = item.strip(" .:;•-–")
    if not item or _FUNDING_NONE.match(item) or re.fullmatch(r"\d+\s*%?", item):
        return None
    return item


def _segments(text: str) -> list[str]:
    """Bullets and lines; a "label: sources" bullet keeps only the sources."""
    segments = []
    for raw in re.split(r"[•\n]", text):
        raw = raw.strip()
        if ":" in raw:
            raw = raw.rsplit(":", 1)[1]
        if raw:
            segments.append(raw)
    return segments


def parse_funding(text: str) -> list[str]:
    """One entry per funding source, in order, without duplicates.

    Splits on commas, ";", bullets, " en " between sources and dashes between acronyms;
    keeps parentheses with their item and never splits on "&".
    """
    if not text or _FUNDING_NONE.match(text.strip()):
        return []
    text = text.replace("-+", "+")
    sources: list[str] = []
    for segment in _segments(text):
        clause = segment.split(";", 1)[0]  # "…; de gemeenten beslissen …" is commentary
        prose = _PROSE_SOURCE.search(clause)
        if prose:
            clause = prose.group(1)
        for item in _split_outside_parens(clause, re.compile(r",")):
            for part in _split_en(_ACRONYM_DASH.sub(",", item)):
                for sub in part.split(","):
                    source = _clean_source(sub)
                    if source and source not in sources:
                        sources.append(source)
    return sources
