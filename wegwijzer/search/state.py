"""The search index as the query side holds it in memory: one :class:`IndexState` per database.

Built from ``search_document`` alone (the pre-analysed terms, facets, ages and costs), so it is the
same on every backend. Documents are numbered in result tie-break order (sort order, then id).

Text: an inverted index in numpy arrays. Per term, a slice of document numbers (ascending, int32)
and of the term's *saturated frequency* ``(f * (k1 + 1)) / (f + k1 * (1 - b + b * |D| / avgdl))``,
where ``f`` is the field-weighted frequency and ``|D|`` the document's token count: exactly what
SQLite FTS5's ``bm25()`` computes per phrase and row (fts5_aux.c), so ``idf * value`` summed over
the query terms in query order is bit for bit FTS5's score (sign flipped). ``np.bincount`` adds the
contributions per document in input order starting from 0.0, the same additions as FTS5's loop.

Sets of documents: numpy bool masks while scoring, integer bitsets (bit i = document i) for the
facet counts, which are then ANDs and popcounts.

:func:`index_state` caches the state per database URL and rebuilds it when the token of the
``search_state`` row changes (every write to ``search_document`` sets a new random token, by
triggers on both backends; migration 0007), so checking for changes costs one tiny query.
"""

from __future__ import annotations

import ctypes
import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wegwijzer.directory.state import SEARCH_SETTING, token_query, token_value
from wegwijzer.memory import settle
from wegwijzer.search.analysis import Analyzer, Vocabulary
from wegwijzer.search.concepts import concept_words
from wegwijzer.search.models import TEXT_FIELDS, SearchDocument, SearchState
from wegwijzer.search.schemas import AGE_BANDS, SLUG_FACETS

TABLE = SearchDocument.__table__
STATE = SearchState.__table__
# FTS5's bm25() constants (fts5_aux.c)
FTS_K1 = 1.2
FTS_B = 0.75
CHUNK = 4096  # documents read and indexed at a time
CACHED_STATES = 4  # databases whose state a process keeps (the least recently used goes first)

STATE_COLUMNS = ("service_id", "sort_order", "words", "min_age", "max_age", "free", *SLUG_FACETS, *TEXT_FIELDS)


def batched(items: Iterable[Any], size: int) -> Iterable[list[Any]]:
    """Lists of ``size`` items (the last one shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def to_bits(mask: np.ndarray) -> int:
    """A bool mask over the documents as an integer bitset."""
    return int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")


def to_mask(bits: int, size: int) -> np.ndarray:
    """An integer bitset as a bool mask over ``size`` documents."""
    raw = np.frombuffer(bits.to_bytes((size + 7) // 8, "little"), dtype=np.uint8)
    return np.unpackbits(raw, count=size, bitorder="little").view(bool)


def bitset(indexes: Iterable[int], size: int) -> int:
    """The set of document numbers ``indexes`` as the bits of one integer (bit i = document i)."""
    mask = np.zeros(size, dtype=bool)
    mask[np.fromiter(indexes, dtype=np.int64)] = True
    return to_bits(mask)


class _Numbering(dict[str, int]):
    """Term -> number; a term looked up for the first time gets the next number."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number


@dataclass(frozen=True)
class DocFacts:
    """What a hit shows of one indexed service: its facets, ages and costs."""

    sort_order: int
    facets: dict[str, frozenset[str]]
    min_age: float | None
    max_age: float | None
    free: bool | None


class IndexState:
    """The index of one database as the query side needs it (see the module docstring).

    ``rows``: the ``STATE_COLUMNS`` of every document, in document order (sort order, then id; see
    :func:`ordered_rows`). They are read in chunks, so only one chunk of texts is in memory at a time.
    """

    def __init__(self, rows: Iterable[Mapping[str, Any]], chunk: int = CHUNK) -> None:
        self.ids: list[str] = []
        self._facets: list[tuple[str, ...]] = []  # per document, per facet: its space-separated slugs
        self._sort: list[int] = []
        self._free: list[bool | None] = []
        ages: list[tuple[float, float]] = []
        canon: dict[str, str] = {}
        self.word_counts: Counter[str] = Counter()
        self.vocab: dict[str, int] = _Numbering()
        postings: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        lengths: list[np.ndarray] = []
        for part in batched(rows, chunk):
            postings.append(self._chunk_postings(part, len(self.ids), lengths))
            for row in part:
                self.ids.append(row["service_id"])
                self._facets.append(tuple(canon.setdefault(v, v) for v in (row[f] or "" for f in SLUG_FACETS)))
                self._sort.append(row["sort_order"] or 0)
                self._free.append(None if row["free"] is None else bool(row["free"]))
                ages.append((math.nan if row["min_age"] is None else row["min_age"],
                             math.nan if row["max_age"] is None else row["max_age"]))
                self.word_counts.update((row["words"] or "").split())
        n = self.size = len(self.ids)
        self.number: dict[str, int] = {sid: i for i, sid in enumerate(self.ids)}
        self.min_age, self.max_age = np.array(ages, dtype=np.float64).reshape(n, 2).T.copy()
        self.vocab = dict(self.vocab)  # a plain dict from now on: looking up an unknown term adds nothing
        self._finish_postings(postings, np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64))
        self._facet_sets()
        self.analyzer = Analyzer(self.word_counts.keys() | concept_words())
        self.vocabulary = Vocabulary(self.word_counts.keys(), self.word_counts)
        self.all = (1 << n) - 1
        self._age_bits: dict[float, int] = {}

    def _chunk_postings(self, chunk: list[Mapping[str, Any]], first: int,
                        lengths: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(term, document, field-weighted frequency) of a chunk of documents, by term then document."""
        m = len(chunk)
        vocab = self.vocab
        keys, weights = [], []
        size = np.zeros(m, dtype=np.int64)
        for name, weight in TEXT_FIELDS.items():  # FTS5 column order: frequencies add up in this order
            split = [(row[name] or "").split() for row in chunk]
            counts = np.fromiter(map(len, split), dtype=np.int64, count=m)
            flat = list(chain.from_iterable(split))
            terms = np.fromiter(map(vocab.__getitem__, flat), dtype=np.int64, count=len(flat))  # new terms numbered
            keys.append(terms * m + np.repeat(np.arange(m, dtype=np.int64), counts))
            weights.append(np.full(len(flat), weight, dtype=np.float64))
            size += counts
        lengths.append(size)
        joined = np.concatenate(keys)
        if len(vocab) * m < 2**31:
            joined = joined.astype(np.int32)  # sorts faster
        pairs, inverse = np.unique(joined, return_inverse=True)
        pairs = pairs.astype(np.int64)
        # bincount adds in input order: per pair, field by field, position by position (as FTS5)
        freq = np.bincount(inverse.ravel(), weights=np.concatenate(weights), minlength=len(pairs))
        term, doc = np.divmod(pairs, m)
        return term.astype(np.int32), (doc + first).astype(np.int32), freq

    def _finish_postings(self, parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]], lengths: np.ndarray) -> None:
        """Place the chunks' postings grouped by term (documents ascending: chunks are in document
        order and sorted by term), freeing each chunk once placed, and saturate their frequencies."""
        n, terms = len(lengths), len(self.vocab)
        per_term = np.zeros(terms, dtype=np.int64)
        for term, _, _ in parts:
            per_term += np.bincount(term, minlength=terms)
        self.starts = np.concatenate(([0], np.cumsum(per_term))).astype(np.int64)
        self.doc = np.empty(int(self.starts[-1]), dtype=np.int32)
        freq = np.empty(int(self.starts[-1]), dtype=np.float64)
        placed = self.starts[:-1].copy()  # per term: where its next posting goes
        parts.reverse()
        while parts:
            term, doc, chunk_freq = parts.pop()
            here = np.bincount(term, minlength=terms)
            first = np.cumsum(here) - here  # per term: its first posting in the chunk
            at = placed[term] + (np.arange(len(term)) - first[term])
            self.doc[at], freq[at] = doc, chunk_freq
            placed += here
        # FTS5 bm25: avgdl over every token of every indexed column; per row k1 * (1 - b + b * |D| / avgdl)
        avgdl = int(lengths.sum()) / n if n else 1.0
        norms = FTS_K1 * (1 - FTS_B + FTS_B * lengths.astype(np.float64) / avgdl)
        # (f * (k1 + 1)) / (f + norm), in place
        denominator = norms[self.doc]
        denominator += freq
        freq *= FTS_K1 + 1.0
        freq /= denominator
        self.value = freq

    def _facet_sets(self) -> None:
        n = self.size
        facet_docs: dict[str, dict[str, list[int]]] = {f: {} for f in SLUG_FACETS}
        for i, values in enumerate(self._facets):
            for facet, joined in zip(SLUG_FACETS, values, strict=True):
                for value in joined.split():
                    facet_docs[facet].setdefault(value, []).append(i)
        self.facet_bits: dict[str, dict[str, int]] = {
            f: {v: bitset(ix, n) for v, ix in sorted(values.items())} for f, values in facet_docs.items()
        }
        low, high = self.min_age, self.max_age
        self.band_bits: dict[str, int] = {  # the service's age range overlaps the band (unknown ends: open)
            key: to_bits((np.isnan(low) | (low <= b_high)) & (np.isnan(high) | (high >= b_low)))
            for key, b_low, b_high in AGE_BANDS
        }
        self.free_bits: dict[str, int] = {
            key: bitset((i for i, v in enumerate(self._free) if v is value), n)
            for key, value in (("true", True), ("false", False), ("unknown", None))
        }

    @property
    def known(self) -> Mapping[str, int]:
        """The terms of the index."""
        return self.vocab

    def facts(self, service_id: str) -> DocFacts:
        i = self.number[service_id]
        low, high = float(self.min_age[i]), float(self.max_age[i])
        return DocFacts(
            sort_order=self._sort[i],
            facets={f: frozenset(v.split()) for f, v in zip(SLUG_FACETS, self._facets[i], strict=True)},
            min_age=None if math.isnan(low) else low, max_age=None if math.isnan(high) else high,
            free=self._free[i],
        )

    def age_bits(self, age: float) -> int:
        """The documents whose age range holds ``age`` (an unknown end is open)."""
        bits = self._age_bits.get(age)
        if bits is None:
            low, high = self.min_age, self.max_age
            bits = to_bits((np.isnan(low) | (age >= low)) & (np.isnan(high) | (age <= high)))
            if len(self._age_bits) < 256:
                self._age_bits[age] = bits
        return bits

    def df(self, term: str) -> int:
        t = self.vocab.get(term)
        return 0 if t is None else int(self.starts[t + 1] - self.starts[t])

    def idf(self, term: str) -> float:
        """FTS5's idf: log((N - n + 0.5) / (n + 0.5)), at least 1e-6."""
        hits = self.df(term)
        value = math.log((self.size - hits + 0.5) / (hits + 0.5))
        return value if value > 0.0 else 1e-6

    def scores(self, terms: Iterable[str]) -> np.ndarray | None:
        """FTS5 ``bm25()`` (sign flipped: higher is better) of every document, 0.0 for those holding
        no term; None when no term is in the index. Summed over ``terms`` in their order."""
        docs, values = [], []
        for term in terms:
            t = self.vocab.get(term)
            if t is None:
                continue
            start, end = int(self.starts[t]), int(self.starts[t + 1])
            if start < end:
                docs.append(self.doc[start:end])
                values.append(self.idf(term) * self.value[start:end])
        if not docs:
            return None
        return np.bincount(np.concatenate(docs), weights=np.concatenate(values), minlength=self.size)


_CACHE: OrderedDict[str, tuple[tuple[Any, ...], IndexState]] = OrderedDict()
_BUILD = threading.Lock()


def fingerprint(session: Session) -> tuple[Any, ...]:
    """What changes whenever ``search_document`` does: the token of the state row (migration 0007),
    or, without that row, the count and generations of the documents."""
    token = session.execute(token_query(session, STATE, SEARCH_SETTING)).first()
    if token is not None:
        return token_value(token[0], bool(token[1]))
    return tuple(session.execute(
        select(func.count(), func.max(TABLE.c.generation), func.sum(TABLE.c.generation))
    ).one())


def ordered_rows(session: Session) -> Iterable[Mapping[str, Any]]:
    """Every document's ``STATE_COLUMNS`` in document order (sort order, then id by code point: the
    "C" collation on PostgreSQL, SQLite's default), streamed in chunks."""
    service_id = TABLE.c.service_id
    if session.get_bind().dialect.name == "postgresql":
        service_id = service_id.collate("C")
    query = (select(*[TABLE.c[n] for n in STATE_COLUMNS])
             .order_by(func.coalesce(TABLE.c.sort_order, 0), service_id)
             .execution_options(yield_per=CHUNK))
    return session.execute(query).mappings()


def _release_freed_memory() -> None:
    """Hand the memory the build freed back to the system (glibc keeps it for the process otherwise)."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def index_state(session: Session) -> IndexState:
    """The state of the session's database, built again only when the index changed (one build at a
    time per process: threads that need the same state wait for it instead of building it too)."""
    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    current = fingerprint(session)
    with _BUILD:
        cached = _CACHE.get(key)
        if cached and cached[0] == current:
            _CACHE.move_to_end(key)
            return cached[1]
        _CACHE.pop(key, None)  # free the old state before building the new one
        state = IndexState(ordered_rows(session))
        _release_freed_memory()
        _CACHE[key] = (current, state)
        settle(state.size)
        while len(_CACHE) > CACHED_STATES:
            _CACHE.popitem(last=False)
        return state


def forget_states() -> None:
    """Drop every cached state (frees its memory; the next search builds it again)."""
    _CACHE.clear()
