"""Search use case: a Dutch query plus facet filters in, ranked and highlighted services out.

Text relevance is BM25 with field weights, computed in memory over the pre-analysed terms of
``search_document`` (:mod:`wegwijzer.search.state`) on every backend, so SQLite and PostgreSQL give
the same results; the scores are exactly those of SQLite FTS5's ``bm25()`` over the same terms.
``backend="bm25"`` ranks with the BM25F index of :mod:`wegwijzer.search.bm25` instead. The query is
analysed by the same analyser, compounds are split, unknown words are corrected against the index
vocabulary and concepts expand the query. :func:`fts_expression` builds an FTS5 expression from
analysed, quoted terms only: no user syntax ever reaches ``MATCH``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijzer.caching import RESULTS
from wegwijzer.directory.models import Organization, Service
from wegwijzer.search.analysis import fold, highlight, stem
from wegwijzer.search.bm25 import BM25Index
from wegwijzer.search.concepts import detect, expand
from wegwijzer.search.index import facet_token
from wegwijzer.search.models import TEXT_FIELDS, SearchDocument
from wegwijzer.search.schemas import HIGHLIGHT, SLUG_FACETS, SearchFilters, SearchHit, SearchResponse
from wegwijzer.search.state import IndexState, index_state, to_bits, to_mask

TABLE = SearchDocument.__table__
_WORDS = re.compile(r"[a-z0-9]+")
EXPANDED_TAXONOMIES = ("nood", "onderwijsniveau")
SNIPPET_FIELDS = ("description", "eligibility", "application", "name")


def memory_index(session: Session, state: IndexState) -> BM25Index:
    """The in-memory BM25F index (``backend="bm25"``, the alternative ranking), built on first use per state."""
    index = getattr(state, "_bm25", None)
    if index is None:
        rows = session.execute(select(TABLE.c.service_id, *[TABLE.c[f] for f in TEXT_FIELDS]))
        terms = {row[0]: {f: (row[1 + n] or "").split() for n, f in enumerate(TEXT_FIELDS)} for row in rows}
        index = BM25Index.from_terms(terms, TEXT_FIELDS, state.analyzer)
        state._bm25 = index  # type: ignore[attr-defined]
    return index


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


def top(scores: np.ndarray, candidates: np.ndarray, wanted: int) -> np.ndarray:
    """The ``wanted`` best of ``candidates`` (ascending document numbers) by score, ties by number."""
    values = scores[candidates]
    if len(candidates) > wanted:
        kth = np.partition(values, len(values) - wanted)[len(values) - wanted]
        keep = values >= kth
        candidates, values = candidates[keep], values[keep]
    return candidates[np.lexsort((candidates, -values))][:wanted]


def rank(session: Session, state: IndexState, plan: QueryPlan, filters: SearchFilters, wanted: int,
         backend: str = "index") -> Ranked:
    """Total, facet counts and the ``wanted`` best passing services of a planned query.

    Every matching document is scored (numpy, over the postings of the query terms); counts use the
    matching set as a bitset. Ties: sort order, then id, which is the document number.
    """
    passes = filter_bits(state, filters)
    passing = state.all
    for bits in passes.values():
        passing &= bits
    passing_mask = None if passing == state.all else to_mask(passing, state.size)
    terms = plan.all_terms if plan.words else []
    scores: np.ndarray | None = None
    if not plan.words:
        matching, used = state.all, "none"
        selected = passing_mask if passing_mask is not None else np.ones(state.size, dtype=bool)
    else:
        if not terms:
            used = "none"
        elif backend == "bm25":
            used = "bm25"
            index = memory_index(session, state)
            scores = np.zeros(state.size, dtype=np.float64)
            number = state.number
            for sid, score in index.score_terms(dict.fromkeys(terms, 1.0)).items():
                if sid in number:
                    scores[number[sid]] = score
        else:
            used = "index"
            scores = state.scores(terms)
        hit = np.zeros(state.size, dtype=bool) if scores is None else scores > 0.0  # every contribution is > 0
        matching = to_bits(hit)
        selected = hit if passing_mask is None else hit & passing_mask
    candidates = np.flatnonzero(selected)
    total = len(candidates)
    if scores is None:
        best = candidates[:wanted].tolist()
        doc_scores = dict.fromkeys(best, 0.0)
    else:
        best = top(scores, candidates, wanted).tolist()
        doc_scores = {d: float(scores[d]) for d in best}
    ids = [state.ids[d] for d in best]
    return Ranked(total, ids, {state.ids[d]: doc_scores[d] for d in best},
                  facet_counts(state, matching, passes), used)


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
    hits: list[SearchHit] = []
    memo: dict[str, bool] = {}  # word -> matches the terms (shared by the snippets of one search)
    for sid in ids:
        row, doc = rows.get(sid), state.facts(sid)
        if row is None:
            continue
        texts = {"description": row.description, "eligibility": row.eligibility,
                 "application": row.application, "name": row.name}
        snippet = None
        if terms:
            snippet = next((s for f in SNIPPET_FIELDS if texts[f]
                            and (s := highlight(texts[f], terms, state.analyzer, marks=HIGHLIGHT, memo=memo))), None)
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
           per_page: int = 20, backend: str = "index") -> SearchResponse:
    """Services matching ``query`` (every service when it has no words) that pass ``filters``.

    ``backend``: "index" (the default, the same on every database: FTS5's bm25 over the index's terms)
    or "bm25" (the BM25F index of :mod:`wegwijzer.search.bm25`).

    The answer is kept per state of the data (:mod:`wegwijzer.caching`): the same search again, until
    the data changes, is a look-up. The response is shared: do not change it.
    """
    filters = filters or SearchFilters()
    page, per_page = max(1, page), max(1, min(per_page, 500))
    return RESULTS.answer(session, ("search", query, filters, page, per_page, backend),
                          lambda: _search(session, query, filters, page, per_page, backend))


def _search(session: Session, query: str, filters: SearchFilters, page: int, per_page: int,
            backend: str) -> SearchResponse:
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
