"""The matcher: a profile and service views in, a ranked and explained :class:`MatchResult` out.

Pure: no database, no global state. :mod:`wegwijzer.match.services` keeps the views and a text
index in memory and hands this function only the candidates worth scoring.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from wegwijzer.match.eligibility import EXCLUDED, FITS, Verdict, check
from wegwijzer.match.model import Excluded, MatchResult, ProcedureRef, Profile, Result, ServiceView
from wegwijzer.match.ranking import Scored, route_sentence, score_service

TEXT_CANDIDATE_MIN = 0.15  # share of the best text score a service needs to be a candidate by text alone
TEXT_EXCLUDED_MIN = 0.35  # ... to be listed as excluded when the profile names no need
DUPLICATE_FACTOR = 0.7  # the same offer of sibling organisations (one fiche, one service name), per repeat
_SPACES = re.compile(r"\W+")


def normalise_scores(scores: Mapping[str, float] | None) -> dict[str, float]:
    """Raw text scores divided by the best one, so they lie in [0, 1]."""
    if not scores:
        return {}
    top = max(scores.values(), default=0.0)
    if top <= 0:
        return {}
    return {key: max(0.0, value) / top for key, value in scores.items() if value > 0}


def is_candidate(profile: Profile, view: ServiceView, text_score: float, has_text: bool) -> bool:
    if not profile.needs and not has_text:
        return True
    return bool(view.slugs("nood").intersection(profile.needs)) or text_score >= TEXT_CANDIDATE_MIN


def _sort_key(s: Scored) -> tuple[float, str, str, str]:
    return (-round(s.score, 9), s.view.name.casefold(), s.view.organization.casefold(), s.view.id)


def _offer_key(view: ServiceView) -> tuple[str, str]:
    return (view.fiche or view.parent_organization or view.organization_id, _SPACES.sub(" ", view.name.casefold()))


def demote_duplicates(scored: list[Scored]) -> list[Scored]:
    """The same offer repeated by sibling organisations (e.g. one per municipality) counts once.

    The best-scoring copy keeps its score; every further copy is multiplied by
    :data:`DUPLICATE_FACTOR` per earlier copy, so a top 10 shows different offers.
    """
    seen: dict[tuple[str, str], int] = {}
    out = []
    for s in sorted(scored, key=_sort_key):
        key = _offer_key(s.view)
        repeats = seen.get(key, 0)
        seen[key] = repeats + 1
        if repeats:
            s.score *= DUPLICATE_FACTOR ** repeats
        out.append(s)
    return sorted(out, key=_sort_key)


def match(
    profile: Profile,
    views: Iterable[ServiceView],
    *,
    limit: int = 10,
    text_scores: Mapping[str, float] | None = None,
    procedures: Callable[[Profile], list[ProcedureRef]] | None = None,
) -> MatchResult:
    """Rank ``views`` for ``profile``: eligible results, relevant excluded services, procedures.

    ``text_scores`` are raw text-relevance scores per service id (BM25); ``procedures`` finds the
    step-by-step procedures that go with the profile.
    """
    texts = normalise_scores(text_scores)
    has_text = bool(texts)
    scored: list[Scored] = []
    excluded: list[tuple[Scored, Verdict]] = []
    for view in views:
        ts = texts.get(view.id, 0.0)
        if not is_candidate(profile, view, ts, has_text):
            continue
        verdict = check(profile, view)
        if verdict.status == EXCLUDED:
            shares_need = bool(view.slugs("nood").intersection(profile.needs))
            if shares_need or (not profile.needs and ts >= TEXT_EXCLUDED_MIN):
                relevance = score_service(profile, view, Verdict(FITS), ts, has_text=has_text)
                excluded.append((relevance, verdict))
            continue
        scored.append(score_service(profile, view, verdict, ts, has_text=has_text))

    ranked = demote_duplicates(scored)[: max(0, limit)]
    results = [
        Result(rank=i, service_id=s.view.id, service=s.view.name, organization_id=s.view.organization_id,
               organization=s.view.organization, score=s.score,
               eligibility=s.eligibility,
               reasons=s.reasons, route=route_sentence(s.view, profile.asker))
        for i, s in enumerate(ranked, start=1)
    ]
    excluded.sort(key=lambda pair: _sort_key(pair[0]))
    out_excluded = [
        Excluded(service_id=s.view.id, service=s.view.name, organization=s.view.organization,
                 reasons=list(verdict.excluded))
        for s, verdict in excluded[: max(limit, 10)]
    ]
    refs = _procedures(procedures, profile)
    return MatchResult(profile=profile, results=results, excluded=out_excluded, procedures=refs)


def _procedures(finder: Callable[[Profile], list[ProcedureRef]] | None, profile: Profile) -> list[ProcedureRef]:
    if finder is None:
        return []
    try:
        return list(finder(profile))
    except Exception:  # noqa: BLE001 - procedures are an extra; a broken data file must not break a match
        return []
