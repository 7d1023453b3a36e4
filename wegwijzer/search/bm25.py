"""A pure in-memory BM25F index: field-weighted term frequencies over an inverted index.

Used by the matcher for text relevance, by the evaluation as the plain BM25 baseline (with
:class:`~wegwijzer.search.analysis.PlainAnalyzer`), and by the database search on backends
without a native full-text index. Only documents that hold a query term are scored.

BM25F (Robertson & Zaragoza): per document and term, the field frequencies are length-normalised
per field and weighted, summed into one pseudo frequency ``tf``, then saturated once:
``score = sum_t idf(t) * tf * (k1 + 1) / (k1 + tf)``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

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
        self.k1, self.b = k1, b
        self.weights = dict(weights)
        self.ids: list[str] = list(docs)
        self.doc_count = len(self.ids)
        totals: Counter[str] = Counter()
        for fields in docs.values():
            for name, terms in fields.items():
                totals[name] += len(terms)
        avg = {name: (totals[name] / self.doc_count) or 1.0 for name in totals} if self.doc_count else {}
        pseudo: dict[str, dict[str, float]] = {}
        for doc_id, fields in docs.items():
            tf: dict[str, float] = {}
            for name, terms in fields.items():
                if not terms:
                    continue
                norm = self.weights.get(name, 1.0) / (1 - b + b * len(terms) / avg[name])
                for term, count in Counter(terms).items():
                    tf[term] = tf.get(term, 0.0) + count * norm
            for term, value in tf.items():
                pseudo.setdefault(term, {})[doc_id] = value * (k1 + 1) / (k1 + value)
        self.postings: dict[str, dict[str, float]] = pseudo

    def __len__(self) -> int:
        return self.doc_count

    def __contains__(self, term: object) -> bool:
        return term in self.postings

    def idf(self, term: str) -> float:
        df = len(self.postings.get(term, ()))
        return math.log(1 + (self.doc_count - df + 0.5) / (df + 0.5))

    def query_terms(self, query: str) -> list[str]:
        return self.analyzer.query_terms(query, known=self.postings)

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

    def vocabulary(self) -> Vocabulary:
        """The surface words of the documents, for typo correction (only for indexes built from text)."""
        if self._surface is None:
            return Vocabulary(())
        return Vocabulary(self._surface.keys(), dict(self._surface))
