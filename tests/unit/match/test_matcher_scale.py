"""The two-stage :class:`Matcher` gives exactly the result of the pure :func:`match` (invented services)."""

from __future__ import annotations

import random

import pytest

from tests.unit.match.service_views import view
from wegwijzer.match.matcher import match
from wegwijzer.match.model import Profile
from wegwijzer.match.services import Matcher

NEEDS = ["spijbelen", "uitsluiting", "welzijn", "taal", "leren"]
LEVELS = ["lager", "secundair-1e-graad", "secundair-2e-graad", "secundair-3e-graad", "okan", "dbso", "geen-school"]
ROUTES = ["rechtstreeks", "via-clb", "via-kans", "via-school", "niet-van-toepassing"]
AUDIENCES = ["jongere", "ouder", "school", "clb"]
WORDS = ["spijbelen", "school", "begeleiding", "ouders", "taal", "werk", "coaching", "uitsluiting", "welzijn"]


def _views(count: int, seed: int = 3) -> list:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        low = rng.choice([None, 6, 12, 15])
        facets = {
            "nood": rng.sample(NEEDS, rng.randint(0, 2)), "onderwijsniveau": rng.sample(LEVELS, rng.randint(0, 2)),
            "aanmeldroute": rng.sample(ROUTES, rng.randint(0, 2)),
            "doelgroep": rng.sample(AUDIENCES, rng.randint(0, 2)),
            "fase": rng.sample(["preventie", "interventie", "compensatie"], rng.randint(0, 1)),
        }
        if rng.random() < 0.2:
            facets["onderwijstaal"] = [rng.choice(["nl", "fr"])]
        if rng.random() < 0.1:
            facets["gemeente"] = ["anderlecht"]
        out.append(view(f"Aanbod {i % 40}", f"Org {i // 40}", low=low, high=None if low is None else low + 10,
                        description=" ".join(rng.choices(WORDS, k=6)), fiche=f"fiche-{i % 7}",
                        municipalities=["anderlecht"] if i % 5 == 0 else [], **facets))
    return out


PROFILES = [
    Profile(), Profile(level="secundair-2e-graad"), Profile(age=15), Profile(needs=["spijbelen"]),
    Profile(age=15, level="okan", school_language="fr", needs=["taal", "welzijn"], asker="ouder"),
    Profile(needs=["uitsluiting"], municipality="anderlecht", asker="clb"),
    Profile(age=19, level="geen-school", needs=["leren"], asker="jongere"),
    Profile(text="mijn zoon spijbelt en wil niet naar school"), Profile(text="coaching", age=9),
    Profile(age_band=(11, 12), needs=["welzijn"]),
]


@pytest.mark.parametrize("limit", [0, 1, 10, 40])
@pytest.mark.parametrize("profile", PROFILES, ids=range(len(PROFILES)))
def test_matcher_run_equals_the_pure_match_on_its_candidates(profile: Profile, limit: int) -> None:
    matcher = Matcher.from_views(_views(600))
    scores = matcher.text_scores(profile)
    expected = match(profile, matcher.candidates(profile, scores), limit=limit, text_scores=scores,
                     procedures=matcher.procedures)
    assert matcher.run(profile, limit=limit).to_json() == expected.to_json()
    assert [r.score for r in matcher.run(profile, limit=limit).results] == [r.score for r in expected.results]


def test_matcher_groups_services_with_the_same_criteria() -> None:
    views = _views(600)
    matcher = Matcher(views + [v for v in views])
    assert len(matcher.sig_view) <= len(views) < len(matcher.views)


@pytest.mark.parametrize("profile", PROFILES, ids=range(len(PROFILES)))
def test_a_text_index_in_another_order_gives_the_same_result(profile: Profile) -> None:
    from wegwijzer.match.services import TEXT_FIELDS
    from wegwijzer.search.bm25 import BM25Index

    views = _views(300)
    docs = {v.id: {f: str(getattr(v, f) or "") for f in TEXT_FIELDS} for v in reversed(views)}
    docs["svc-elders-niet-in-de-gids"] = {"name": "spijbelen school coaching", "description": "spijbelen"}
    matcher = Matcher(views, text_index=BM25Index(docs, TEXT_FIELDS))
    scores = matcher.text_scores(profile)
    expected = match(profile, matcher.candidates(profile, scores), limit=10, text_scores=scores)
    assert matcher.run(profile, limit=10).to_json() == expected.to_json()


def test_from_session_reads_the_analysed_terms_of_the_search_index(imported_db) -> None:
    from wegwijzer.match.services import _build_index, _stored_index
    from wegwijzer.match.views import load_service_views

    with imported_db.session() as session:
        views = load_service_views(session)
        stored = _stored_index(session, views)
    analysed = _build_index(views)
    assert stored is not None and analysed is not None
    assert stored.ids == analysed.ids
    assert stored.postings == analysed.postings
    query = "spijbelende zoon, schoolverzuim"
    assert stored.query_terms(query) == analysed.query_terms(query)


def test_from_session_analyses_the_texts_when_the_search_index_does_not_fit(imported_db) -> None:
    from sqlalchemy import delete, select, update

    from wegwijzer.match.services import _stored_index
    from wegwijzer.match.views import load_service_views
    from wegwijzer.search.models import SearchDocument

    table = SearchDocument.__table__
    with imported_db.session() as session:
        views = load_service_views(session)
        first = session.execute(select(table.c.service_id).limit(1)).scalar_one()
        session.execute(update(table).where(table.c.service_id == first).values(name="iets anders"))
        assert _stored_index(session, views) is None  # a sampled row differs from a fresh analysis
        session.execute(delete(table).where(table.c.service_id == first))
        assert _stored_index(session, views) is None  # not every service is indexed
        matcher = Matcher.from_session(session)
    assert matcher.text_index is not None and len(matcher.text_index) == len(views)


def test_one_matcher_answering_many_questions_gives_each_the_pure_result() -> None:
    """Plans are kept per structured profile and shared by later questions (with other texts, other
    limits, in another order): every answer is still exactly the pure match's."""
    matcher = Matcher.from_views(_views(600))
    questions = [*PROFILES, Profile(text="school begeleiding", age=15), Profile(text="werk", age=15),
                 Profile(text="taal ouders", needs=["spijbelen"]), *reversed(PROFILES)]
    for limit in (10, 3):
        for profile in questions:
            scores = matcher.text_scores(profile)
            expected = match(profile, matcher.candidates(profile, scores), limit=limit, text_scores=scores,
                             procedures=matcher.procedures)
            assert matcher.run(profile, limit=limit).to_json() == expected.to_json(), profile


def test_plans_are_kept_for_a_bounded_number_of_profiles() -> None:
    from wegwijzer.match.services import PLAN_PROFILES

    matcher = Matcher.from_views(_views(100))
    for age in range(PLAN_PROFILES + 20):
        matcher.run(Profile(age=age % 100, needs=["spijbelen"], level=LEVELS[age // 100]))
    assert len(matcher._plans) == PLAN_PROFILES
