"""The match use case: service views and a text index held in memory, built once.

:class:`Matcher` precomputes per-facet inverted indexes, so a match looks only at the services
that share a need with the profile or hold a term of the text (or, without needs and text, the
services that pass the level/language/region filters).

It ranks them like the pure :func:`wegwijzer.match.matcher.match`, with the same result, but in
two stages so it stays fast on large directories:

1. Services with the same *signature* (every field the eligibility and the score read, except
   the text score) get the same verdict and the same signals, so the verdict and the non-text
   part of the score are computed once per signature; a candidate's score is then a few
   additions over its text score.
2. Only the best candidates (a prefix in ranking order, widened until it provably holds the top
   ``limit`` after duplicate demotion) are turned into results with reasons and routes; the
   excluded services are cut the same way.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from wegwijzer.match.eligibility import EXCLUDED, FITS, SERVED_BY, Verdict, check
from wegwijzer.match.matcher import (
    TEXT_CANDIDATE_MIN,
    TEXT_EXCLUDED_MIN,
    _procedures,
    demote_duplicates,
    normalise_scores,
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

    @classmethod
    def from_views(cls, views: Iterable[ServiceView]) -> Matcher:
        views = list(views)
        return cls(views, text_index=_build_index(views), procedures=_procedure_finder())

    @classmethod
    def from_session(cls, session: Session) -> Matcher:
        from wegwijzer.match.views import load_service_views

        return cls.from_views(load_service_views(session))

    def text_scores(self, profile: Profile) -> dict[str, float]:
        """Raw BM25F scores of the profile's text (or of its needs' labels), never raising."""
        if self.text_index is None:
            return {}
        query = (profile.text or "").strip()[:20_000] or need_query(profile)
        if not query:
            return {}
        try:
            terms = dict.fromkeys(self.text_index.query_terms(query), 1.0)
            if profile.text:
                from wegwijzer.search.concepts import expand

                for term in expand(query):
                    terms.setdefault(term, EXPANSION_WEIGHT)
            return dict(self.text_index.score_terms(terms))
        except Exception:  # noqa: BLE001 - hostile text must never break a match
            return {}

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

    def candidate_indexes(self, profile: Profile, text_scores: dict[str, float]) -> list[int]:
        """:meth:`candidates` as positions in :attr:`views`."""
        if profile.needs or text_scores:
            picked: set[int] = set()
            for need in profile.needs:
                picked.update(self.by_need.get(need, ()))
            top = max(text_scores.values(), default=0.0)
            if top > 0:
                order = self.order
                picked.update(order[sid] for sid, s in text_scores.items()
                              if s >= TEXT_CANDIDATE_MIN * top and sid in order)
            return sorted(picked)
        if profile.level:
            picked = set(self.level_free)
            for level in SERVED_BY.get(profile.level, frozenset({profile.level})):
                picked.update(self.by_level.get(level, ()))
            return sorted(picked)
        return list(range(len(self.views)))

    def run(self, profile: Profile, limit: int = 10) -> MatchResult:
        """The same result as :func:`match` over :meth:`candidates`, computed in two stages."""
        scores = self.text_scores(profile)
        texts = normalise_scores(scores)
        has_text = bool(texts)
        needs = profile.needs
        plans: dict[int, _Plan] = {}
        eligible: list[tuple[float, int, float]] = []  # (-round(score, 9), view position, score)
        excluded: list[tuple[float, int, float]] = []
        sig_of = self.sig_of
        views = self.views
        get_text = texts.get
        for i in self.candidate_indexes(profile, scores):
            sig = sig_of[i]
            plan = plans.get(sig)
            if plan is None:
                plan = plans[sig] = _Plan(profile, self.sig_view[sig], has_text)
            ts = get_text(views[i].id, 0.0) if has_text else 0.0
            if (needs or has_text) and not plan.shares_need and ts < TEXT_CANDIDATE_MIN:
                continue
            if plan.excluded:
                if plan.shares_need or (not needs and ts >= TEXT_EXCLUDED_MIN):
                    score = plan.score(ts)
                    excluded.append((-round(score, 9), i, score))
                continue
            score = plan.score(ts)
            eligible.append((-round(score, 9), i, score))

        results = self._results(profile, eligible, plans, texts, has_text, limit)
        shown = _prefix(excluded, max(limit, 10), self.tie)[: max(limit, 10)]
        out_excluded = [
            Excluded(service_id=views[i].id, service=views[i].name, organization=views[i].organization,
                     reasons=list(plans[sig_of[i]].verdict.excluded))
            for _, i, _ in shown
        ]
        return MatchResult(profile=profile, results=results, excluded=out_excluded,
                           procedures=_procedures(self.procedures, profile))

    def _results(self, profile: Profile, eligible: list[tuple[float, int, float]], plans: dict[int, _Plan],
                 texts: dict[str, float], has_text: bool, limit: int) -> list[Result]:
        if limit <= 0 or not eligible:
            return []
        views, sig_of = self.views, self.sig_of
        want = max(FIRST_CUT, 4 * limit)
        while True:
            head = _prefix(eligible, want, self.tie)
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
            full = score_service(profile, view, plans[sig_of[self.order[view.id]]].verdict,
                                 texts.get(view.id, 0.0), has_text=has_text)
            results.append(Result(rank=rank, service_id=view.id, service=view.name,
                                  organization_id=view.organization_id, organization=view.organization,
                                  score=s.score, eligibility=full.eligibility, reasons=full.reasons,
                                  route=route_sentence(view, profile.asker)))
        return results


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
