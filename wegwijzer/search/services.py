"""Search use case: a Dutch query plus facet filters in, ranked and highlighted services out.

Text relevance is BM25 with field weights: SQLite's FTS5 ``bm25()`` where the FTS table exists,
the in-memory :class:`BM25Index` over ``search_document`` elsewhere (PostgreSQL until its own
full-text index arrives). Both search the same pre-analysed terms, so results agree. The query is
analysed by the same analyser, compounds are split, unknown words are corrected against the index
vocabulary and concepts expand the query. The FTS expression is built from analysed, quoted
terms only: no user syntax ever reaches ``MATCH``.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from wegwijzer.directory.models import Organization, Service
from wegwijzer.search.analysis import Analyzer, Vocabulary, fold, highlight, stem
from wegwijzer.search.bm25 import BM25Index
from wegwijzer.search.concepts import concept_words, detect, expand
from wegwijzer.search.index import facet_token
from wegwijzer.search.models import TEXT_FIELDS, SearchDocument
from wegwijzer.search.schemas import AGE_BANDS, HIGHLIGHT, SLUG_FACETS, SearchFilters, SearchHit, SearchResponse

TABLE = SearchDocument.__table__
_WORDS = re.compile(r"[a-z0-9]+")
EXPANDED_TAXONOMIES = ("nood", "onderwijsniveau")
SNIPPET_FIELDS = ("description", "eligibility", "application", "name")
# FTS5's bm25() constants (fts5_aux.c), for the in-memory computation of the same scores
FTS_K1 = 1.2
FTS_B = 0.75


@dataclass(frozen=True)
class DocFacts:
    """What a hit shows of one indexed service: its facets, ages and costs."""

    sort_order: int
    facets: dict[str, frozenset[str]]
    min_age: float | None
    max_age: float | None
    free: bool | None

    def fits_age(self, age: float) -> bool:
        return (self.min_age is None or age >= self.min_age) and (self.max_age is None or age <= self.max_age)

    def overlaps(self, low: float, high: float) -> bool:
        return (self.min_age is None or self.min_age <= high) and (self.max_age is None or self.max_age >= low)


def bitset(indexes: Iterable[int], size: int) -> int:
    """The set of document numbers ``indexes`` as the bits of one integer (bit i = document i)."""
    bits = bytearray((size + 7) // 8)
    for i in indexes:
        bits[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(bits, "little")


class IndexState:
    """The index as the query side needs it, cached per database until the index changes.

    Documents are numbered in result tie-break order (sort order, then id), so a set of documents
    is one integer bitset and facet counts are ANDs and popcounts. The text side is an inverted
    index (term -> document number -> field-weighted frequency) with the document lengths, from
    which :meth:`fts_scores` computes exactly the ``bm25()`` of the FTS5 table (same terms, same
    formula, same floating-point operations) without scoring every matching document.
    """

    def __init__(self, rows: Iterable[Mapping[str, Any]]) -> None:
        ordered = sorted(rows, key=lambda r: (r["sort_order"] or 0, r["service_id"]))
        self.size = len(ordered)
        self.ids: list[str] = [row["service_id"] for row in ordered]
        self.number: dict[str, int] = {sid: i for i, sid in enumerate(self.ids)}
        self.docs: dict[str, DocFacts] = {}
        self.postings: dict[str, dict[int, float]] = {}
        self.max_freq: dict[str, float] = {}
        lengths: list[int] = []
        facet_docs: dict[str, dict[str, list[int]]] = {f: {} for f in SLUG_FACETS}
        words: dict[str, int] = {}
        weights = list(TEXT_FIELDS.items())
        postings = self.postings
        for i, row in enumerate(ordered):
            facts = DocFacts(
                sort_order=row["sort_order"] or 0,
                facets={f: frozenset((row[f] or "").split()) for f in SLUG_FACETS},
                min_age=row["min_age"], max_age=row["max_age"], free=row["free"],
            )
            self.docs[row["service_id"]] = facts
            for facet, values in facts.facets.items():
                for value in values:
                    facet_docs[facet].setdefault(value, []).append(i)
            length = 0
            for name, weight in weights:
                terms = (row[name] or "").split()
                length += len(terms)
                for term in terms:
                    posting = postings.get(term)
                    if posting is None:
                        posting = postings[term] = {}
                    posting[i] = posting.get(i, 0.0) + weight
            lengths.append(length)
            for word in (row["words"] or "").split():
                words[word] = words.get(word, 0) + 1
        self.max_freq = {t: max(p.values()) for t, p in postings.items()}
        # FTS5 bm25: avgdl over every token of every indexed column; per row k1 * (1 - b + b * |D| / avgdl)
        avgdl = sum(lengths) / self.size if self.size else 1.0
        self.norms: list[float] = [FTS_K1 * (1 - FTS_B + FTS_B * n / avgdl) for n in lengths]
        self.min_norm = min(self.norms, default=1.0)
        self.all = (1 << self.size) - 1
        facts_list = [self.docs[sid] for sid in self.ids]
        self.facet_bits: dict[str, dict[str, int]] = {
            f: {v: bitset(ix, self.size) for v, ix in sorted(values.items())} for f, values in facet_docs.items()
        }
        self.band_bits: dict[str, int] = {
            key: bitset((i for i, d in enumerate(facts_list) if d.overlaps(low, high)), self.size)
            for key, low, high in AGE_BANDS
        }
        self.free_bits: dict[str, int] = {
            key: bitset((i for i, d in enumerate(facts_list) if d.free is value), self.size)
            for key, value in (("true", True), ("false", False), ("unknown", None))
        }
        self._facts = facts_list
        self._age_bits: dict[float, int] = {}
        self._term_bits: dict[str, int] = {}
        self.word_counts = words
        self.known: frozenset[str] = frozenset(postings)
        self.analyzer = Analyzer(words.keys() | concept_words())

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary(self.word_counts.keys(), self.word_counts)

    def age_bits(self, age: float) -> int:
        bits = self._age_bits.get(age)
        if bits is None:
            bits = self._age_bits[age] = bitset((i for i, d in enumerate(self._facts) if d.fits_age(age)), self.size)
        return bits

    def term_bits(self, term: str) -> int:
        """The documents holding ``term`` (cached for common terms, whose bitsets are costly to build)."""
        bits = self._term_bits.get(term)
        if bits is None:
            posting = self.postings.get(term, {})
            bits = bitset(posting, self.size)
            if len(posting) * 64 > self.size:
                self._term_bits[term] = bits
        return bits

    def idf(self, term: str) -> float:
        """FTS5's idf: log((N - n + 0.5) / (n + 0.5)), at least 1e-6."""
        hits = len(self.postings.get(term, ()))
        value = math.log((self.size - hits + 0.5) / (hits + 0.5))
        return value if value > 0.0 else 1e-6

    def fts_scores(self, terms: list[str], passing: int | None, wanted: int) -> dict[int, float]:
        """FTS5 ``bm25()`` (sign flipped: higher is better) of enough matching documents that the
        ``wanted`` best of those in ``passing`` (None: all) are among them, exactly ranked.

        Max-score pruning: terms are taken from the highest possible contribution down; a document
        holding none of the terms taken so far scores at most the sum of the bounds of the rest, so
        once the ``wanted``-th best score found is above that sum, no other document can reach it.
        The score of a document is summed over the query terms in query order, as FTS5 does.
        """
        parts = []
        for term in terms:
            posting = self.postings.get(term)
            if not posting:
                continue
            idf = self.idf(term)
            top = self.max_freq[term]
            bound = idf * ((top * (FTS_K1 + 1.0)) / (top + self.min_norm))
            parts.append((term, posting, idf, bound * (1 + 1e-9) + 1e-12))
        order = sorted(parts, key=lambda p: -p[3])
        rest = [0.0] * len(order)
        for j in range(len(order) - 2, -1, -1):
            rest[j] = rest[j + 1] + order[j + 1][3]
        mask = None if passing is None or passing == self.all else passing.to_bytes((self.size + 7) // 8, "little")
        norms, k1p = self.norms, FTS_K1 + 1.0
        scored = [(posting, idf) for _term, posting, idf, _bound in parts]
        scores: dict[int, float] = {}
        for j, (_term, posting, _idf, _bound) in enumerate(order):
            for doc in posting:
                if doc in scores or (mask is not None and not mask[doc >> 3] >> (doc & 7) & 1):
                    continue
                norm, total = norms[doc], 0.0
                for other, idf in scored:
                    f = other.get(doc)
                    if f:
                        total += idf * ((f * k1p) / (f + norm))
                scores[doc] = total
            if wanted and len(scores) >= wanted and j + 1 < len(order):
                if heapq.nlargest(wanted, scores.values())[-1] > rest[j]:
                    break
        return scores


_CACHE: dict[str, tuple[tuple[Any, ...], IndexState]] = {}

STATE_COLUMNS = ("service_id", "sort_order", "words", "min_age", "max_age", "free", *SLUG_FACETS, *TEXT_FIELDS)


def index_state(session: Session) -> IndexState:
    bind = session.get_bind()
    key = bind.engine.url.render_as_string(hide_password=True)
    fingerprint = tuple(session.execute(
        select(func.count(), func.max(TABLE.c.generation), func.sum(TABLE.c.generation))
    ).one())
    cached = _CACHE.get(key)
    if cached and cached[0] == fingerprint:
        return cached[1]
    _CACHE.pop(key, None)  # free the old state before building the new one
    state = IndexState(session.execute(select(*[TABLE.c[n] for n in STATE_COLUMNS])).mappings())
    _CACHE[key] = (fingerprint, state)
    return state


def memory_index(session: Session, state: IndexState) -> BM25Index:
    """The in-memory BM25F index of the backends without FTS5, built on first use (per state)."""
    index = getattr(state, "_bm25", None)
    if index is None:
        rows = session.execute(select(TABLE.c.service_id, *[TABLE.c[f] for f in TEXT_FIELDS]))
        terms = {row[0]: {f: (row[1 + n] or "").split() for n, f in enumerate(TEXT_FIELDS)} for row in rows}
        index = BM25Index.from_terms(terms, TEXT_FIELDS, state.analyzer)
        state._bm25 = index  # type: ignore[attr-defined]
    return index


def has_fts(session: Session) -> bool:
    if session.get_bind().dialect.name != "sqlite":
        return False
    found = session.execute(text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='search_fts'")).first()
    return found is not None


@dataclass
class QueryPlan:
    terms: list[str] = field(default_factory=list)  # from the words of the query
    extra: list[str] = field(default_factory=list)  # from concept expansion
    corrections: dict[str, str] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)

    @property
    def all_terms(self) -> list[str]:
        return list(dict.fromkeys([*self.terms, *self.extra]))


def plan_query(query: str, state: IndexState) -> QueryPlan:
    """Analyse a query against the index: stems, compound parts, typo corrections, concept expansion."""
    plan = QueryPlan(words=state.analyzer.words(query))
    for word in plan.words:
        term = stem(word)
        if term in state.known:
            plan.terms.append(term)
            continue
        parts = [p for p in state.analyzer.parts(word) if p in state.known]
        if parts:
            plan.terms.extend(parts)
            continue
        correction = state.vocabulary.correct(word)
        if correction:
            plan.corrections[word] = correction
            plan.terms.append(stem(correction))
        else:
            plan.terms.append(term)  # matches nothing, keeps the query honest
    plan.terms = list(dict.fromkeys(plan.terms))
    fixed = corrected(query, plan.corrections)  # concepts read the whole text ("B-codes", "geen zin meer")
    extra = [t for t in expand(fixed, EXPANDED_TAXONOMIES) if t in state.known]
    for taxonomy, slugs in detect(fixed).items():
        if taxonomy in EXPANDED_TAXONOMIES:
            extra += [t for s in slugs if (t := facet_token(taxonomy, s)) in state.known]
    plan.extra = [t for t in dict.fromkeys(extra) if t not in plan.terms]
    return plan


def corrected(query: str, corrections: Mapping[str, str]) -> str:
    """The folded query with corrected words replaced."""
    return _WORDS.sub(lambda m: corrections.get(m.group(), m.group()), fold(query))


def fts_expression(terms: Iterable[str]) -> str:
    """An FTS5 MATCH expression: every term quoted, joined by OR (user syntax never gets through)."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms if t)


FACETS = (*SLUG_FACETS, "age", "free")


@dataclass
class Ranked:
    """The documents passing the query and the filters: how many, the best ones, their scores."""

    total: int
    ids: list[str]  # the first ``wanted`` passing services, best first
    scores: dict[str, float]
    facets: dict[str, dict[str, int]]
    backend: str


def filter_bits(state: IndexState, filters: SearchFilters) -> dict[str, int]:
    """Per active filter, the documents it lets through."""
    out: dict[str, int] = {}
    for facet in SLUG_FACETS:
        slugs = filters.slugs(facet)
        if slugs:
            bits = 0
            for slug in slugs:
                bits |= state.facet_bits[facet].get(slug, 0)
            out[facet] = bits
    if filters.age is not None:
        out["age"] = state.age_bits(filters.age)
    if filters.free is not None:
        out["free"] = state.free_bits["true" if filters.free else "false"]
    return out


def facet_counts(state: IndexState, matching: int, passes: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """Per facet and value, the matching documents that have the value and pass every *other* filter,
    so the count of a value equals the number of results when that value is chosen (values of one
    facet are ORed)."""
    counts: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        base = matching
        for other, bits in passes.items():
            if other != facet:
                base &= bits
        if facet == "age":
            counts[facet] = {key: (base & bits).bit_count() for key, bits in state.band_bits.items()}
            continue
        values = state.free_bits if facet == "free" else state.facet_bits[facet]
        counts[facet] = {value: n for value, bits in values.items() if (n := (base & bits).bit_count())}
    return counts


def _first(bits: int, count: int) -> list[int]:
    """The ``count`` lowest set bits of ``bits``."""
    out: list[int] = []
    while bits and len(out) < count:
        low = bits & -bits
        out.append(low.bit_length() - 1)
        bits ^= low
    return out


def rank(session: Session, state: IndexState, plan: QueryPlan, filters: SearchFilters, wanted: int,
         backend: str = "auto") -> Ranked:
    """Total, facet counts and the ``wanted`` best passing services of a planned query.

    Counts need the whole matching set but no scores; only the passing documents are ranked, and of
    them only as many as the page needs (ties: sort order, then id, which is the document number).
    """
    passes = filter_bits(state, filters)
    passing = state.all
    for bits in passes.values():
        passing &= bits
    terms = plan.all_terms if plan.words else []
    if not plan.words:
        matching, used = state.all, "none"
    elif not terms:
        matching, used = 0, "none"
    elif backend != "bm25" and has_fts(session):
        matching, used = 0, "fts5"
        for term in terms:
            matching |= state.term_bits(term)
    else:
        memory = memory_index(session, state).score_terms(dict.fromkeys(terms, 1.0))
        number = state.number
        by_number = {number[sid]: score for sid, score in memory.items() if sid in number}
        matching, used = bitset(by_number, state.size), "bm25"
    selected = matching & passing
    total = selected.bit_count()
    if used == "none":
        best = _first(selected, wanted)
        doc_scores: dict[int, float] = dict.fromkeys(best, 0.0)
    else:
        if used == "fts5":
            doc_scores = state.fts_scores(terms, passing, wanted)
        else:
            doc_scores = by_number
        mask = selected.to_bytes((state.size + 7) // 8, "little")
        candidates = [d for d in doc_scores if mask[d >> 3] >> (d & 7) & 1]
        best = heapq.nsmallest(wanted, candidates, key=lambda d: (-doc_scores[d], d))
    ids = [state.ids[d] for d in best]
    scores = {state.ids[d]: doc_scores[d] for d in best}
    return Ranked(total, ids, scores, facet_counts(state, matching, passes), used)


def _hits(session: Session, state: IndexState, ids: list[str], scores: Mapping[str, float],
          terms: set[str]) -> list[SearchHit]:
    if not ids:
        return []
    rows = {r.id: r for r in session.execute(
        select(Service.id, Service.name, Service.description, Service.eligibility_description.label("eligibility"),
               Service.application_process.label("application"), Service.organization_id,
               Organization.name.label("organization"))
        .join(Organization, Organization.id == Service.organization_id).where(Service.id.in_(ids))
    )}
    hits = []
    for sid in ids:
        row, doc = rows.get(sid), state.docs[sid]
        if row is None:
            continue
        texts = {"description": row.description, "eligibility": row.eligibility,
                 "application": row.application, "name": row.name}
        snippet = None
        if terms:
            snippet = next((s for f in SNIPPET_FIELDS if texts[f]
                            and (s := highlight(texts[f], terms, state.analyzer, marks=HIGHLIGHT))), None)
        if snippet is None:
            snippet = highlight_free(row.description or row.eligibility or "")
        hits.append(SearchHit(
            service_id=sid, service=row.name, organization_id=row.organization_id, organization=row.organization,
            score=scores.get(sid, 0.0), snippet=snippet, min_age=doc.min_age, max_age=doc.max_age, free=doc.free,
            facets={f: sorted(doc.facets[f]) for f in SLUG_FACETS if doc.facets[f]},
        ))
    return hits


def highlight_free(text_: str, width: int = 30) -> str:
    """The start of a text, about ``width`` words (the snippet when no word matched)."""
    words = text_.split()
    return " ".join(words[:width]) + (" …" if len(words) > width else "")


def search(session: Session, query: str, filters: SearchFilters | None = None, page: int = 1,
           per_page: int = 20, backend: str = "auto") -> SearchResponse:
    """Services matching ``query`` (every service when it has no words) that pass ``filters``.

    ``backend``: "auto" (FTS5 where the table exists, else in-memory BM25) or "bm25" (always in-memory).
    """
    filters = filters or SearchFilters()
    page, per_page = max(1, page), max(1, min(per_page, 500))
    state = index_state(session)
    plan = plan_query(query, state)
    ranked = rank(session, state, plan, filters, page * per_page, backend)
    page_ids = ranked.ids[(page - 1) * per_page: page * per_page]
    suggestion = corrected(query, plan.corrections) if plan.corrections else None
    return SearchResponse(
        query=query, filters=filters, terms=plan.all_terms, corrections=plan.corrections, suggestion=suggestion,
        total=ranked.total, page=page, per_page=per_page,
        results=_hits(session, state, page_ids, ranked.scores, set(plan.all_terms)), facets=ranked.facets,
        backend=ranked.backend,
    )
