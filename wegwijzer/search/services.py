"""Search use case: a Dutch query plus facet filters in, ranked and highlighted services out.

Text relevance is BM25 with field weights: SQLite's FTS5 ``bm25()`` where the FTS table exists,
the in-memory :class:`BM25Index` over ``search_document`` elsewhere (PostgreSQL until its own
full-text index arrives). Both search the same pre-analysed terms, so results agree. The query is
analysed by the same analyser, compounds are split, unknown words are corrected against the index
vocabulary and concepts expand the query. The FTS expression is built from analysed, quoted
terms only: no user syntax ever reaches ``MATCH``.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class DocFacts:
    """What filtering and facet counting need of one indexed service."""

    sort_order: int
    facets: dict[str, frozenset[str]]
    min_age: float | None
    max_age: float | None
    free: bool | None

    def fits_age(self, age: float) -> bool:
        return (self.min_age is None or age >= self.min_age) and (self.max_age is None or age <= self.max_age)

    def overlaps(self, low: float, high: float) -> bool:
        return (self.min_age is None or self.min_age <= high) and (self.max_age is None or self.max_age >= low)


class IndexState:
    """The index as the query side needs it, cached per database until the index changes."""

    def __init__(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self.docs: dict[str, DocFacts] = {}
        self.terms: dict[str, dict[str, list[str]]] = {}
        words: dict[str, int] = {}
        for row in rows:
            sid = row["service_id"]
            self.docs[sid] = DocFacts(
                sort_order=row["sort_order"] or 0,
                facets={f: frozenset((row[f] or "").split()) for f in SLUG_FACETS},
                min_age=row["min_age"], max_age=row["max_age"], free=row["free"],
            )
            self.terms[sid] = {f: (row[f] or "").split() for f in TEXT_FIELDS}
            for word in (row["words"] or "").split():
                words[word] = words.get(word, 0) + 1
        self.word_counts = words
        self.known: frozenset[str] = frozenset(
            t for fields in self.terms.values() for ts in fields.values() for t in ts
        )
        self.analyzer = Analyzer(words.keys() | concept_words())

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary(self.word_counts.keys(), self.word_counts)

    @cached_property
    def bm25(self) -> BM25Index:
        return BM25Index.from_terms(self.terms, TEXT_FIELDS, self.analyzer)


_CACHE: dict[str, tuple[tuple[Any, ...], IndexState]] = {}


def index_state(session: Session) -> IndexState:
    bind = session.get_bind()
    key = bind.engine.url.render_as_string(hide_password=True)
    fingerprint = tuple(session.execute(
        select(func.count(), func.max(TABLE.c.generation), func.sum(TABLE.c.generation))
    ).one())
    cached = _CACHE.get(key)
    if cached and cached[0] == fingerprint:
        return cached[1]
    columns = [TABLE.c[n] for n in ("service_id", "sort_order", "words", "min_age", "max_age", "free",
                                     *SLUG_FACETS, *TEXT_FIELDS)]
    state = IndexState(session.execute(select(*columns)).mappings())
    _CACHE[key] = (fingerprint, state)
    return state


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


def _text_scores(session: Session, state: IndexState, terms: list[str],
                 backend: str) -> tuple[dict[str, float], str]:
    if not terms:
        return {}, "none"
    if backend != "bm25" and has_fts(session):
        weights = ", ".join(str(w) for w in (0.0, *TEXT_FIELDS.values()))
        rows = session.execute(
            text(f"SELECT service_id, bm25(search_fts, {weights}) FROM search_fts WHERE search_fts MATCH :q"),
            {"q": fts_expression(terms)},
        )
        return {sid: -score for sid, score in rows if sid in state.docs}, "fts5"
    return state.bm25.score_terms(dict.fromkeys(terms, 1.0)), "bm25"


def _failing(doc: DocFacts, filters: SearchFilters) -> list[str]:
    failed = [f for f in SLUG_FACETS if filters.slugs(f) and not doc.facets[f] & set(filters.slugs(f))]
    if filters.age is not None and not doc.fits_age(filters.age):
        failed.append("age")
    if filters.free is not None and doc.free is not filters.free:
        failed.append("free")
    return failed


def _count(counts: dict[str, dict[str, int]], facet: str, doc: DocFacts) -> None:
    bucket = counts[facet]
    if facet == "age":
        keys: Iterable[str] = [k for k, low, high in AGE_BANDS if doc.overlaps(low, high)]
    elif facet == "free":
        keys = ["unknown" if doc.free is None else str(doc.free).lower()]
    else:
        keys = doc.facets[facet]
    for key in keys:
        bucket[key] = bucket.get(key, 0) + 1


def filter_and_count(
    candidates: Mapping[str, float], state: IndexState, filters: SearchFilters
) -> tuple[list[str], dict[str, dict[str, int]]]:
    """The ids passing every filter, best first, and the facet counts.

    A facet's counts are taken over the candidates that pass every *other* filter, so the count of a
    value equals the number of results when that value is chosen (within a facet, values are ORed).
    """
    facets = (*SLUG_FACETS, "age", "free")
    counts: dict[str, dict[str, int]] = {f: {} for f in facets}
    passed = []
    for sid in candidates:
        doc = state.docs[sid]
        failed = _failing(doc, filters)
        if not failed:
            passed.append(sid)
            for facet in facets:
                _count(counts, facet, doc)
        elif len(failed) == 1:
            _count(counts, failed[0], doc)
    passed.sort(key=lambda s: (-candidates[s], state.docs[s].sort_order, s))
    counts["age"] = {k: counts["age"].get(k, 0) for k, _low, _high in AGE_BANDS}
    return passed, counts


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
    if plan.words:
        scores, used = _text_scores(session, state, plan.all_terms, backend)
    else:
        scores, used = dict.fromkeys(state.docs, 0.0), "none"
    ids, counts = filter_and_count(scores, state, filters)
    page_ids = ids[(page - 1) * per_page: page * per_page]
    suggestion = corrected(query, plan.corrections) if plan.corrections else None
    return SearchResponse(
        query=query, filters=filters, terms=plan.all_terms, corrections=plan.corrections, suggestion=suggestion,
        total=len(ids), page=page, per_page=per_page,
        results=_hits(session, state, page_ids, scores, set(plan.all_terms)), facets=counts, backend=used,
    )
