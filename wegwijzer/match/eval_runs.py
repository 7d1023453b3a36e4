"""Rank functions for the evaluation: the matcher (structured profile, free text) and a BM25 baseline.

All three rank the same records (the :class:`ServiceView` list of the directory). For every mode,
"ineligible" is judged against the case's *structured* profile with the matcher's own hard
criteria (:func:`wegwijzer.match.eligibility.check`): a top-10 result whose service fails age,
level, school language or region for that young person.

* ``profile``  — the matcher with the structured profile only (no text);
* ``text``     — the matcher with only the case text (the profile is read from the text);
* ``baseline`` — plain BM25 (lower-case tokens, no stems, no synonyms, equal field weights) over
  the same records, query = the case text, no eligibility filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from wegwijzer.match.eligibility import EXCLUDED, check
from wegwijzer.match.evaluation import TOP_N, Case, Row
from wegwijzer.match.model import Profile, ServiceView

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from wegwijzer.search.bm25 import BM25Index

#: the fields the baseline indexes, all with weight 1 (plain BM25 over the whole record)
BASELINE_FIELDS = ("organization", "name", "description", "eligibility", "application")


def structured_profile(case: Case) -> Profile:
    """The case's profile as the matcher builds it from explicit options (validated slugs)."""
    from wegwijzer.match.profile import build_profile

    p = case.profile
    return build_profile(
        age=p.get("age"),
        level=p.get("level"),
        stream=p.get("stream"),
        needs=p.get("needs") or (),
        asker=p.get("asker"),
        school_language=p.get("school_language"),
        municipality=p.get("municipality"),
    )


def text_profile(case: Case) -> Profile:
    from wegwijzer.match.profile import build_profile

    return build_profile(text=case.text)


def baseline_index(views: Sequence[ServiceView]) -> BM25Index:
    from wegwijzer.search.analysis import PlainAnalyzer
    from wegwijzer.search.bm25 import BM25Index

    docs = {v.id: {f: getattr(v, f) or "" for f in BASELINE_FIELDS} for v in views}
    return BM25Index(docs, dict.fromkeys(BASELINE_FIELDS, 1.0), analyzer=PlainAnalyzer())


class EvalRunner:
    """``runner(case, mode) -> (top rows, ineligible ids)``: the rank function for :func:`evaluate`."""

    def __init__(self, views: Sequence[ServiceView]) -> None:
        self.views = list(views)
        self.by_id = {v.id: v for v in self.views}
        self._matcher = None
        self._baseline: BM25Index | None = None

    @classmethod
    def from_session(cls, session: Session) -> EvalRunner:
        from wegwijzer.match.views import load_service_views

        return cls(load_service_views(session))

    @property
    def matcher(self):  # type: ignore[no-untyped-def]
        if self._matcher is None:
            from wegwijzer.match.services import Matcher

            self._matcher = Matcher.from_views(self.views)
        return self._matcher

    def __call__(self, case: Case, mode: str) -> tuple[list[Row], set[str]]:
        truth = structured_profile(case)
        if mode == "profile":
            rows = self._match(truth)
        elif mode == "text":
            rows = self._match(text_profile(case))
        elif mode == "baseline":
            rows = self._bm25(case.text)
        else:
            raise ValueError(f"unknown mode {mode!r}")
        return rows, self.ineligible(truth, rows)

    def ineligible(self, truth: Profile, rows: Sequence[Row]) -> set[str]:
        """Ids of the rows whose service fails a hard criterion of the structured profile."""
        out = set()
        for service_id, _, _ in rows:
            view = self.by_id.get(service_id)
            if view is not None and check(truth, view).status == EXCLUDED:
                out.add(service_id)
        return out

    def _match(self, profile: Profile) -> list[Row]:
        result = self.matcher.run(profile, limit=TOP_N)
        return [(r.service_id, r.organization, r.service) for r in result.results[:TOP_N]]

    def _bm25(self, query: str) -> list[Row]:
        if self._baseline is None:
            self._baseline = baseline_index(self.views)
        order = {v.id: i for i, v in enumerate(self.views)}
        scores = self._baseline.score(query)
        best = sorted(scores, key=lambda sid: (-scores[sid], order[sid]))[:TOP_N]
        return [(sid, self.by_id[sid].organization, self.by_id[sid].name) for sid in best]
