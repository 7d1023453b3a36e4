"""The match use case: service views and a text index held in memory, built once.

:class:`Matcher` precomputes per-facet inverted indexes, so a match looks only at the services
that share a need with the profile or hold a term of the text (or, without needs and text, the
services that pass the level/language/region filters).

It ranks them like the pure :func:`wegwijzer.match.matcher.match`, with the same result, but in
two stages so it stays fast on large directories:

1. Services with the same *signature* (every field the eligibility and the score read, except
   the text score) get the same verdict and the same signals, so the verdict and the non-text
   part of the score are computed once per signature; a candidate's score is then a few
   additions over its text score. Text scores, candidate sets and these scores are numpy arrays
   over the views (the same floating-point operations in the same order as the pure functions,
   so every score is bit-for-bit the same).
2. Only the best candidates (a prefix in ranking order, widened until it provably holds the top
   ``limit`` after duplicate demotion) are turned into results with reasons and routes; the
   excluded services are cut the same way.

:meth:`Matcher.from_session` builds its text index from the terms the search index
(``search_document``) already holds, analysed by the same Dutch analyser with the same lexicon,
instead of analysing every text again; it falls back to analysing the texts when that table does
not hold exactly the directory's services or a sample of its rows does not match a fresh analysis.
"""

from __future__ import annotations

import heapq
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from wegwijzer.match.eligibility import EXCLUDED, FITS, SERVED_BY, Verdict, check
from wegwijzer.match.matcher import (
    TEXT_CANDIDATE_MIN,
    TEXT_EXCLUDED_MIN,
    _procedures,
    demote_duplicates,
)
from wegwijzer.match.model import Excluded, MatchResult, ProcedureRef, Profile, Result, ServiceView
from wegwijzer.match.ranking import (
    Scored,
    active_weights,
    need_signal,
    penalty_factor,
    route_sentence,
    score_service,
    signal_values,
)

#: the facets the eligibility and the score read (with the age bounds and municipalities: a signature)
SIGNATURE_FACETS = ("nood", "onderwijsniveau", "studierichting", "onderwijstaal", "gemeente", "aanmeldroute",
                    "doelgroep", "fase")
FIRST_CUT = 64  # candidates turned into full results at first; doubled until the top ``limit`` is certain
ROUND_MARGIN = 1e-8  # raw scores this far below a cut may still round (9 decimals) onto it
PLAN_PROFILES = 64  # structured profiles whose plans (verdict and score parts per signature) a matcher keeps
STORED_SAMPLE = 64  # rows of search_document compared with a fresh analysis before their terms are used

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: fields of a service indexed for text relevance, with their BM25F weights
TEXT_FIELDS: dict[str, float] = {"name": 3.0, "organization": 1.5, "eligibility": 1.5, "description": 1.0,
                                 "application": 0.3}
EXPANSION_WEIGHT = 0.5  # query weight of the concept list's extra terms for the words of the text


def _build_index(views: Sequence[ServiceView]) -> Any | None:
    """The BM25F index of the search package, or None if it cannot be built (text relevance off)."""
    try:
        from wegwijzer.search.bm25 import BM25Index
    except Exception:  # noqa: BLE001 - text relevance is optional
        return None
    docs = {v.id: {f: str(getattr(v, f) or "") for f in TEXT_FIELDS} for v in views}
    return BM25Index(docs, TEXT_FIELDS)


def _stored_index(session: Session, views: Sequence[ServiceView]) -> Any | None:
    """The text index of :func:`_build_index`, from the analysed terms stored in ``search_document``.

    :func:`wegwijzer.search.index.reindex` stores per service the terms of the same five texts,
    analysed by the same Dutch :class:`~wegwijzer.search.analysis.Analyzer`, whose compound lexicon
    is every word of the directory plus the concept file (the ``words`` column holds each service's
    share of it). So the index is the same, without analysing 100,000 texts again. None (analyse
    the texts) when the table does not hold exactly these services, or when a sample of rows differs
    from a fresh analysis (an index built by another version of the analyser or of the table).
    """
    try:
        from sqlalchemy import inspect, select

        from wegwijzer.search.analysis import MIN_HEAD, Analyzer, tokens
        from wegwijzer.search.bm25 import BM25Index
        from wegwijzer.search.concepts import concept_words
        from wegwijzer.search.models import SearchDocument

        table = SearchDocument.__table__
        if not inspect(session.get_bind()).has_table(table.name):
            return None
        fields = list(TEXT_FIELDS)
        rows = {row[0]: row for row in session.execute(
            select(table.c.service_id, table.c.words, *(table.c[f] for f in fields)))}
    except Exception:  # noqa: BLE001 - no usable search index: analyse the texts
        return None
    if len(rows) != len(views) or any(v.id not in rows for v in views):
        return None
    lexicon = set(concept_words())
    docs: dict[str, dict[str, list[str]]] = {}
    for view in views:
        row = rows[view.id]
        lexicon.update((row[1] or "").split())
        docs[view.id] = {f: (row[2 + n] or "").split() for n, f in enumerate(fields)}
    analyzer = Analyzer(lexicon)

    def lexical(words: Iterable[str]) -> set[str]:  # the words the Analyzer keeps of a lexicon
        return {w for w in words if len(w) >= MIN_HEAD and w not in analyzer.stopwords and not w.isdigit()}

    step = max(1, len(views) // STORED_SAMPLE)
    for view in views[::step]:
        texts = [str(getattr(view, f) or "") for f in fields]
        if lexical((rows[view.id][1] or "").split()) != lexical(w for t in texts for w in tokens(t)):
            return None
        if any(analyzer.terms(text) != docs[view.id][f] for f, text in zip(fields, texts, strict=True)):
            return None
    return BM25Index.from_terms(docs, TEXT_FIELDS, analyzer)


def _procedure_finder() -> Callable[[Profile], list[ProcedureRef]] | None:
    try:
        from wegwijzer.match.procedures import relevant_procedures
    except Exception:  # noqa: BLE001 - procedures are optional
        return None
    return relevant_procedures


def need_query(profile: Profile) -> str:
    """Words for text relevance when the profile has no text: the labels of its needs."""
    if not profile.needs:
        return ""
    from wegwijzer.ingest.taxonomy import load_taxonomies

    labels = {t.code: t.name for tax in load_taxonomies() if tax.name == "nood" for t in tax.terms}
    return " ".join(labels.get(n, n) for n in profile.needs)


class Matcher:
    """Views, per-facet inverted indexes and the text index of one directory snapshot."""

    def __init__(self, views: Iterable[ServiceView], *, text_index: Any | None = None,
                 procedures: Callable[[Profile], list[ProcedureRef]] | None = None) -> None:
        self.views: list[ServiceView] = list(views)
        self.by_id = {v.id: v for v in self.views}
        self.order = {v.id: i for i, v in enumerate(self.views)}
        self.by_need: dict[str, list[int]] = {}
        self.by_level: dict[str, list[int]] = {}
        self.level_free: list[int] = []  # services that name no onderwijsniveau (open to all levels)
        for i, view in enumerate(self.views):
            for need in view.slugs("nood"):
                self.by_need.setdefault(need, []).append(i)
            levels = view.slugs("onderwijsniveau")
            if not levels:
                self.level_free.append(i)
            for level in levels:
                self.by_level.setdefault(level, []).append(i)
        self.text_index = text_index
        self.procedures = procedures
        # per view: its signature number, and the parts of the ranking's tie-break
        signatures: dict[tuple, int] = {}
        self.sig_of: list[int] = []
        self.sig_view: list[ServiceView] = []
        for view in self.views:
            key = (tuple(view.slugs(f) for f in SIGNATURE_FACETS), view.minimum_age, view.maximum_age,
                   view.municipalities)
            sig = signatures.get(key)
            if sig is None:
                sig = signatures[key] = len(self.sig_view)
                self.sig_view.append(view)
            self.sig_of.append(sig)
        self.tie: list[tuple[str, str, str]] = [(v.name.casefold(), v.organization.casefold(), v.id)
                                                 for v in self.views]
        # the same as arrays, for run()
        self._sig = np.array(self.sig_of, dtype=np.intp)
        # plans per structured profile (see _plans_for): questions repeat their age, level and needs
        self._plans: OrderedDict[tuple[Any, ...], dict[int, _Plan]] = OrderedDict()
        self._plans_lock = threading.Lock()
        self._sig_needs = [v.slugs("nood") for v in self.sig_view]
        self._by_need = {k: np.array(v, dtype=np.intp) for k, v in self.by_need.items()}
        self._by_level = {k: np.array(v, dtype=np.intp) for k, v in self.by_level.items()}
        self._level_free = np.array(self.level_free, dtype=np.intp)
        # the text index's documents as view positions, and the other way round (None: the same order)
        self._text_to_view: np.ndarray | None = None
        self._view_to_text: np.ndarray | None = None
        if text_index is not None:  # a BM25Index (score_array, ids)
            ids = list(text_index.ids)
            if ids != [v.id for v in self.views]:
                position = {doc: i for i, doc in enumerate(ids)}
                self._text_to_view = np.array([self.order.get(doc, -1) for doc in ids], dtype=np.intp)
                self._view_to_text = np.array([position.get(v.id, -1) for v in self.views], dtype=np.intp)

    @classmethod
    def from_views(cls, views: Iterable[ServiceView]) -> Matcher:
        views = list(views)
        return cls(views, text_index=_build_index(views), procedures=_procedure_finder())

    @classmethod
    def from_session(cls, session: Session) -> Matcher:
        """The matcher of the directory in the database; the text index from the search index's terms."""
        from wegwijzer.match.views import load_service_views

        views = load_service_views(session)
        index = _stored_index(session, views)
        if index is None:
            return cls.from_views(views)
        return cls(views, text_index=index, procedures=_procedure_finder())

    def _query(self, profile: Profile) -> dict[str, float] | None:
        """The analysed query terms with their weights: the text's (plus concept expansions), or the
        needs' labels; None without a text index or a query."""
        if self.text_index is None:
            return None
        query = (profile.text or "").strip()[:20_000] or need_query(profile)
        if not query:
            return None
        terms = dict.fromkeys(self.text_index.query_terms(query), 1.0)
        if profile.text:
            from wegwijzer.search.concepts import expand

            for term in expand(query):
                terms.setdefault(term, EXPANSION_WEIGHT)
        return terms

    def text_scores(self, profile: Profile) -> dict[str, float]:
        """Raw BM25F scores of the profile's text (or of its needs' labels), never raising."""
        try:
            terms = self._query(profile)
            return {} if terms is None else dict(self.text_index.score_terms(terms))
        except Exception:  # noqa: BLE001 - hostile text must never break a match
            return {}

    def _text_array(self, profile: Profile) -> np.ndarray | None:
        """:meth:`text_scores` as an array over the text index's documents; None when it would be empty."""
        try:
            terms = self._query(profile)
            if terms is None:
                return None
            return self.text_index.score_array(terms)
        except Exception:  # noqa: BLE001 - hostile text must never break a match
            return None

    def candidates(self, profile: Profile, text_scores: dict[str, float]) -> list[ServiceView]:
        """The services worth scoring, in directory order."""
        if profile.needs or text_scores:
            picked: set[int] = set()
            for need in profile.needs:
                picked.update(self.by_need.get(need, ()))
            top = max(text_scores.values(), default=0.0)
            if top > 0:
                picked.update(self.order[sid] for sid, s in text_scores.items()
                              if s >= TEXT_CANDIDATE_MIN * top and sid in self.order)
        elif profile.level:
            picked = set(self.level_free)
            for level in SERVED_BY.get(profile.level, frozenset({profile.level})):
                picked.update(self.by_level.get(level, ()))
        else:
            picked = set(range(len(self.views)))
        return [self.views[i] for i in sorted(picked)]

    def _candidate_positions(self, profile: Profile, raw: np.ndarray | None, top: float) -> np.ndarray:
        """:meth:`candidates` as sorted positions in :attr:`views` (``raw``: :meth:`_text_array`)."""
        if profile.needs or raw is not None:
            picked = np.zeros(len(self.views), dtype=bool)
            for need in profile.needs:
                found = self._by_need.get(need)
                if found is not None:
                    picked[found] = True
            if top > 0:
                assert raw is not None
                hits = np.flatnonzero(raw >= TEXT_CANDIDATE_MIN * top)
                if self._text_to_view is not None:
                    hits = self._text_to_view[hits]
                    hits = hits[hits >= 0]
                picked[hits] = True
            return np.flatnonzero(picked)
        if profile.level:
            parts = [self._level_free]
            for level in SERVED_BY.get(profile.level, frozenset({profile.level})):
                found = self._by_level.get(level)
                if found is not None:
                    parts.append(found)
            return np.unique(np.concatenate(parts))
        return np.arange(len(self.views))

    def run(self, profile: Profile, limit: int = 10) -> MatchResult:
        """The same result as :func:`match` over :meth:`candidates`, computed in two stages."""
        raw = self._text_array(profile)
        top = float(raw.max()) if raw is not None and len(raw) else 0.0
        has_text = top > 0  # normalise_scores: texts only when the best raw score is positive
        needs = profile.needs
        positions = self._candidate_positions(profile, raw, top)
        sigs = self._sig[positions]

        # per signature met: does it share a need; then the plans of the signatures still in play
        count = len(self.sig_view)
        used = np.flatnonzero(np.bincount(sigs, minlength=count))
        shares = np.zeros(count, dtype=bool)
        wanted = set(needs)
        for sig in used.tolist():
            shares[sig] = not self._sig_needs[sig].isdisjoint(wanted)
        if has_text:
            assert raw is not None
            texts = raw / top  # normalise_scores: max(0, value) / top, and 0.0 where no term occurs
            if self._view_to_text is not None:
                texts = np.where(self._view_to_text >= 0, texts[self._view_to_text], 0.0)
            ts = texts[positions]
        else:
            ts = np.zeros(len(positions), dtype=np.float64)
        if needs or has_text:
            keep = shares[sigs] | (ts >= TEXT_CANDIDATE_MIN)
            positions, sigs, ts = positions[keep], sigs[keep], ts[keep]
            used = np.flatnonzero(np.bincount(sigs, minlength=count))

        plans: dict[int, _Plan] = {}
        active = active_weights(profile, has_text)
        width = len(active) - (1 if "text" in active else 0) - _before_count(active)
        excluded_sig = np.zeros(count, dtype=bool)
        before = np.zeros(count, dtype=np.float64)
        after = np.zeros((count, width), dtype=np.float64)
        near = np.zeros(count, dtype=bool)
        factor = np.zeros(count, dtype=np.float64)
        kept = self._plans_for(profile, has_text)
        for sig in used.tolist():
            plan = kept.get(sig)
            if plan is None:
                plan = kept[sig] = _Plan(profile, self.sig_view[sig], has_text)
            plans[sig] = plan
            excluded_sig[sig], before[sig], near[sig], factor[sig] = plan.excluded, plan.before, plan.near, plan.factor
            after[sig] = plan.after
        text_weight = active.get("text")
        total = sum(active.values())

        # _Plan._score, element-wise: the same operations in the same order
        x = before[sigs]
        if text_weight is not None:
            x = x + ts * text_weight
        for j in range(width):
            x = x + after[sigs, j]
        base = x / total
        base = np.where(near[sigs], np.minimum(1.0, base + 0.02), base)
        scores = np.maximum(0.0, np.minimum(1.0, base * factor[sigs]))

        out = excluded_sig[sigs]
        listed = out & (shares[sigs] | ((not needs) & (ts >= TEXT_EXCLUDED_MIN)))
        eligible = _Pool(positions[~out], scores[~out])
        excluded = _Pool(positions[listed], scores[listed])

        results = self._results(profile, eligible, plans, texts if has_text else None, has_text, limit)
        shown = _prefix(excluded.head(max(limit, 10)), max(limit, 10), self.tie)[: max(limit, 10)]
        views, sig_of = self.views, self.sig_of
        out_excluded = [
            Excluded(service_id=views[i].id, service=views[i].name, organization=views[i].organization,
                     reasons=list(plans[sig_of[i]].verdict.excluded))
            for _, i, _ in shown
        ]
        return MatchResult(profile=profile, results=results, excluded=out_excluded,
                           procedures=_procedures(self.procedures, profile))

    def _plans_for(self, profile: Profile, has_text: bool) -> dict[int, _Plan]:
        """The plans made so far for profiles like this one: a plan depends on the profile's structured
        fields (never on its text) and on the signature, so two questions with the same age, level,
        needs, … share them. The least recently used profile's plans go first. A plan for a signature
        that two threads miss at once is made twice, equal: either may be kept."""
        key = (profile.age, profile.level, profile.stream, tuple(profile.needs), profile.asker,
               profile.school_language, profile.municipality, profile.age_band, has_text)
        with self._plans_lock:
            kept = self._plans.get(key)
            if kept is None:
                kept = self._plans[key] = {}
                while len(self._plans) > PLAN_PROFILES:
                    self._plans.popitem(last=False)
            else:
                self._plans.move_to_end(key)
            return kept

    def _results(self, profile: Profile, eligible: _Pool, plans: dict[int, _Plan],
                 texts: np.ndarray | None, has_text: bool, limit: int) -> list[Result]:
        if limit <= 0 or not len(eligible):
            return []
        views, sig_of = self.views, self.sig_of
        want = max(FIRST_CUT, 4 * limit)
        while True:
            head = _prefix(eligible.head(want), want, self.tie)
            ranked = demote_duplicates([Scored(views[i], score) for _, i, score in head])[:limit]
            complete = len(head) == len(eligible)
            # every service outside the head scores at most the head's last score, so a top `limit`
            # that ends above it is final (demotion only lowers scores)
            if complete or (len(ranked) == limit and round(ranked[-1].score, 9) >= -head[-1][0]):
                break
            want *= 4
        results = []
        for rank, s in enumerate(ranked, start=1):
            view = s.view
            position = self.order[view.id]
            text = 0.0 if texts is None else float(texts[position])
            full = score_service(profile, view, plans[sig_of[position]].verdict, text, has_text=has_text)
            results.append(Result(rank=rank, service_id=view.id, service=view.name,
                                  organization_id=view.organization_id, organization=view.organization,
                                  score=s.score, eligibility=full.eligibility, reasons=full.reasons,
                                  route=route_sentence(view, profile.asker)))
        return results


def _before_count(active: dict[str, float]) -> int:
    """How many active signals come before ``text`` (all of them without text)."""
    names = list(active)
    return names.index("text") if "text" in active else len(names)


class _Pool:
    """Scored candidates (view positions, scores) that hand out the entries of their best ones."""

    def __init__(self, positions: np.ndarray, scores: np.ndarray) -> None:
        self.positions, self.scores = positions, scores

    def __len__(self) -> int:
        return len(self.positions)

    def head(self, count: int) -> list[tuple[float, int, float]]:
        """Entries (-round(score, 9), position, score) of at least every candidate that ranks among the
        first ``count`` or ties with the last of them (what :func:`_prefix` keeps of all of them)."""
        positions, scores = self.positions, self.scores
        if len(scores) > count:
            kth = np.partition(scores, len(scores) - count)[len(scores) - count]  # the count-th best
            keep = scores >= kth - ROUND_MARGIN
            positions, scores = positions[keep], scores[keep]
        return [(-round(score, 9), i, score) for i, score in zip(positions.tolist(), scores.tolist(), strict=True)]


def _prefix(pool: list[tuple[float, int, float]], count: int,
            tie: list[tuple[str, str, str]]) -> list[tuple[float, int, float]]:
    """The first ``count`` entries of ``pool`` in ranking order (score, name, organisation, id), plus every
    entry tied on score with the last of them, sorted."""
    if len(pool) > count:
        cut = heapq.nsmallest(count, [p[0] for p in pool])[-1]
        pool = [p for p in pool if p[0] <= cut]
    return sorted(pool, key=lambda p: (p[0], *tie[p[1]]))


class _Plan:
    """The verdict and the score of one signature as a function of the text score."""

    __slots__ = ("verdict", "excluded", "shares_need", "before", "after", "total", "text_weight", "near",
                 "factor", "fixed")

    def __init__(self, profile: Profile, view: ServiceView, has_text: bool) -> None:
        self.verdict = check(profile, view)
        self.excluded = self.verdict.status == EXCLUDED
        self.shares_need = bool(view.slugs("nood").intersection(profile.needs))
        verdict = Verdict(FITS) if self.excluded else self.verdict  # excluded: relevance as if it fits
        need, focus, _ = need_signal(profile.needs, view.slugs("nood"))
        signals = signal_values(profile, view, verdict, need, focus)
        active = active_weights(profile, has_text)
        names = list(active)
        split = names.index("text") if "text" in active else len(names)
        # the same summation order as score_service: sum(signals[k] * w for k in active)
        self.before = sum(signals[k] * active[k] for k in names[:split])
        self.after = [signals[k] * active[k] for k in names[split + 1:]]
        self.text_weight = active.get("text")
        self.total = sum(active.values())
        self.near = bool(profile.municipality and profile.municipality in view.municipalities)
        self.factor = penalty_factor(profile, view, verdict)
        self.fixed = None if self.text_weight is not None else self._score(0.0)

    def score(self, text_score: float) -> float:
        return self.fixed if self.fixed is not None else self._score(text_score)

    def _score(self, text_score: float) -> float:
        x = self.before
        if self.text_weight is not None:
            x = x + text_score * self.text_weight
        for term in self.after:
            x = x + term
        base = x / self.total
        if self.near:
            base = min(1.0, base + 0.02)
        return max(0.0, min(1.0, base * self.factor))
