"""The match use case: service views and a text index held in memory, built once.

:class:`Matcher` precomputes per-facet inverted indexes, so a match scores only the services
that share a need with the profile or hold a term of the text (or, without needs and text, the
services that pass the level/language/region filters), then calls the pure
:func:`wegwijzer.match.matcher.match` on those candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from wegwijzer.match.eligibility import SERVED_BY
from wegwijzer.match.matcher import TEXT_CANDIDATE_MIN, match
from wegwijzer.match.model import MatchResult, ProcedureRef, Profile, ServiceView

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

    def run(self, profile: Profile, limit: int = 10) -> MatchResult:
        scores = self.text_scores(profile)
        return match(profile, self.candidates(profile, scores), limit=limit, text_scores=scores,
                     procedures=self.procedures)
