"""A pure in-memory BM25F index: field-weighted term frequencies over an inverted index.

Used by the matcher for text relevance, by the evaluation as the plain BM25 baseline (with
:class:`~wegwijzer.search.analysis.PlainAnalyzer`), and by the database search as its alternative
ranking (``backend="bm25"``). Only documents that hold a query term are scored.

BM25F (Robertson & Zaragoza): per document and term, the field frequencies are length-normalised
per field and weighted, summed into one pseudo frequency ``tf``, then saturated once:
``score = sum_t idf(t) * tf * (k1 + 1) / (k1 + tf)``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain

import numpy as np

from wegwijzer.search.analysis import Analyzer, Vocabulary, tokens

K1 = 1.2
B = 0.75


class BM25Index:
    """``docs``: id -> field -> text; ``weights``: field -> weight (fields not listed weigh 1).

    Without an ``analyzer``, a Dutch :class:`Analyzer` is built whose compound lexicon is the
    words of the documents plus the concept file.
    """

    def __init__(
        self,
        docs: Mapping[str, Mapping[str, str]],
        weights: Mapping[str, float],
        analyzer: Analyzer | None = None,
        k1: float = K1,
        b: float = B,
    ) -> None:
        self._surface: Counter[str] | None = None
        if analyzer is None:
            from wegwijzer.search.concepts import concept_words

            self._surface = Counter(w for fields in docs.values() for text in fields.values() for w in tokens(text))
            analyzer = Analyzer(self._surface.keys() | concept_words())
        self.analyzer = analyzer
        analysed = {
            doc_id: {name: analyzer.terms(text) for name, text in fields.items() if text}
            for doc_id, fields in docs.items()
        }
        self._build(analysed, weights, k1, b)

    @classmethod
    def from_terms(
        cls,
        docs: Mapping[str, Mapping[str, Iterable[str]]],
        weights: Mapping[str, float],
        analyzer: Analyzer,
        k1: float = K1,
        b: float = B,
    ) -> BM25Index:
        """An index over pre-analysed documents (id -> field -> terms); ``analyzer`` analyses queries."""
        self = cls.__new__(cls)
        self._surface = None
        self.analyzer = analyzer
        self._build({d: {f: list(t) for f, t in fields.items()} for d, fields in docs.items()}, weights, k1, b)
        return self

    def _build(self, docs: Mapping[str, Mapping[str, list[str]]], weights: Mapping[str, float],
               k1: float, b: float) -> None:
        """The posting lists, computed with numpy: per document and term, the field frequencies are summed
        in the document's field order and saturated, with the same floating-point operations (in the same
        order) as the plain loop ``tf[term] += count * weight / (1 - b + b * len / avg)``, so every value is
        exactly that of the plain loop."""
        self.k1, self.b = k1, b
        self.weights = dict(weights)
        self.ids: list[str] = list(docs)
        self.doc_count = len(self.ids)
        totals: Counter[str] = Counter()
        for fields in docs.values():
            for name, terms in fields.items():
                totals[name] += len(terms)
        avg = {name: (totals[name] / self.doc_count) or 1.0 for name in totals} if self.doc_count else {}
        # every token as a term number, in segments: one per (document, non-empty field)
        seg_terms: list[list[str]] = []
        seg_doc: list[int] = []
        seg_slot: list[int] = []  # the field's place among the document's non-empty fields
        seg_len: list[int] = []
        seg_weight: list[float] = []
        seg_avg: list[float] = []
        for doc, fields in enumerate(docs.values()):
            slot = 0
            for name, terms in fields.items():
                if not terms:
                    continue
                seg_terms.append(terms)
                seg_doc.append(doc)
                seg_slot.append(slot)
                seg_len.append(len(terms))
                seg_weight.append(self.weights.get(name, 1.0))
                seg_avg.append(avg[name])
                slot += 1
        self._term_names = list(dict.fromkeys(chain.from_iterable(seg_terms)))  # in order of appearance
        vocabulary = self._terms = {term: i for i, term in enumerate(self._term_names)}
        token_terms = np.fromiter(map(vocabulary.__getitem__, chain.from_iterable(seg_terms)), dtype=np.int64,
                                  count=sum(seg_len))
        del seg_terms
        size = max(1, len(vocabulary))
        lengths = np.array(seg_len, dtype=np.int64)
        segment = np.repeat(np.arange(len(seg_len), dtype=np.int64), lengths)
        # counts per (segment, term), then count * norm per field
        keys, counts = np.unique(segment * size + token_terms, return_counts=True)
        seg_of, term_of = keys // size, keys % size
        norm = np.array(seg_weight, dtype=np.float64) / ((1 - b) + b * lengths / np.array(seg_avg, dtype=np.float64))
        contribution = counts * norm[seg_of]
        # summed per (document, term) over the fields, in field order: 0.0 + first + second ...
        doc_of = np.array(seg_doc, dtype=np.int64)[seg_of]
        pairs, pair_of = np.unique(doc_of * size + term_of, return_inverse=True)
        tf = np.zeros(len(pairs), dtype=np.float64)
        slot_of = np.array(seg_slot, dtype=np.int64)[seg_of]
        for slot in range(int(slot_of.max()) + 1 if len(slot_of) else 0):
            here = slot_of == slot
            tf[pair_of[here]] += contribution[here]  # one entry per pair and field
        values = tf * (k1 + 1) / (k1 + tf)
        # grouped by term, documents in index order
        pair_doc, pair_term = pairs // size, pairs % size
        order = np.lexsort((pair_doc, pair_term))
        self._positions = pair_doc[order].astype(np.int32)
        self._values = values[order]
        self._starts = np.concatenate(([0], np.cumsum(np.bincount(pair_term, minlength=len(vocabulary)))))
        self.postings: Mapping[str, dict[str, float]] = _Postings(self)

    def _span(self, term: str) -> tuple[int, int] | None:
        t = self._terms.get(term)
        if t is None:
            return None
        return int(self._starts[t]), int(self._starts[t + 1])

    def __len__(self) -> int:
        return self.doc_count

    def __contains__(self, term: object) -> bool:
        return term in self._terms

    def df(self, term: str) -> int:
        """How many documents hold the term."""
        span = self._span(term)
        return 0 if span is None else span[1] - span[0]

    def idf(self, term: str) -> float:
        df = self.df(term)
        return math.log(1 + (self.doc_count - df + 0.5) / (df + 0.5))

    def query_terms(self, query: str) -> list[str]:
        return self.analyzer.query_terms(query, known=self._terms)

    def score(self, query: str) -> dict[str, float]:
        """Document id -> BM25F score, for the documents that hold at least one query term."""
        return self.score_terms(dict.fromkeys(self.query_terms(query), 1.0))

    def score_terms(self, terms: Mapping[str, float]) -> dict[str, float]:
        """Like :meth:`score` for analysed terms, each with a query weight (e.g. 0.5 for expansions)."""
        lists = [(p, self.idf(t) * w) for t, w in terms.items() if w > 0 and (p := self.postings.get(t))]
        if not lists:
            return {}
        lists.sort(key=lambda pw: -len(pw[0]))  # start from the longest list, add the shorter ones
        first, factor = lists[0]
        acc = {doc: factor * value for doc, value in first.items()}
        get = acc.get
        for postings, factor in lists[1:]:
            for doc, value in postings.items():
                acc[doc] = get(doc, 0.0) + factor * value
        return acc

    def term_arrays(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The posting list of a term as arrays: positions in :attr:`ids` (ascending), and values."""
        span = self._span(term)
        if span is None or span[0] == span[1]:
            return None
        return self._positions[span[0]:span[1]], self._values[span[0]:span[1]]

    def score_array(self, terms: Mapping[str, float]) -> np.ndarray | None:
        """:meth:`score_terms` as a dense array over :attr:`ids` (0.0 for the documents without a
        query term), or None when no term is in the index. The same floating-point operations in the
        same order, so every score equals the one of :meth:`score_terms` exactly."""
        lists = [(arrays, self.idf(t) * w) for t, w in terms.items()
                 if w > 0 and (arrays := self.term_arrays(t)) is not None]
        if not lists:
            return None
        lists.sort(key=lambda pw: -len(pw[0][0]))  # the order of score_terms (a stable sort on the same keys)
        acc = np.zeros(self.doc_count, dtype=np.float64)
        for (positions, values), factor in lists:
            acc[positions] += factor * values  # positions are distinct within one list
        return acc

    def vocabulary(self) -> Vocabulary:
        """The surface words of the documents, for typo correction (only for indexes built from text)."""
        if self._surface is None:
            return Vocabulary(())
        return Vocabulary(self._surface.keys(), dict(self._surface))


class _Postings(Mapping[str, dict[str, float]]):
    """The posting lists as dicts (document id -> value, in index order), made on first use of a term."""

    def __init__(self, index: BM25Index) -> None:
        self._index = index
        self._made: dict[str, dict[str, float]] = {}

    def __getitem__(self, term: str) -> dict[str, float]:
        made = self._made.get(term)
        if made is None:
            arrays = self._index.term_arrays(term)
            if arrays is None:
                if term not in self._index:
                    raise KeyError(term)
                return {}
            ids = self._index.ids
            made = self._made[term] = {ids[i]: v for i, v in zip(arrays[0].tolist(), arrays[1].tolist(), strict=True)}
        return made

    def __contains__(self, term: object) -> bool:
        return term in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index._term_names)

    def __len__(self) -> int:
        return len(self._index._term_names)
