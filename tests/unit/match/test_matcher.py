"""The pure matcher and the in-memory Matcher on hand-made services (invented organisations)."""

from __future__ import annotations

import json

from tests.unit.match.service_views import view
from wegwijzer.match.matcher import match
from wegwijzer.match.model import ProcedureRef, Profile
from wegwijzer.match.services import Matcher

TRUANCY = view("Spijbelcoaching", "Coachhuis", low=12, high=18, nood=["spijbelen"], doelgroep=["jongere"],
               aanmeldroute=["via-kans"], fase=["interventie"], description="Coaching bij spijbelen en afwezigheid.")
GENERIC = view("Algemene begeleiding", "Breed Huis", low=6, high=30,
               nood=["spijbelen", "welzijn", "gedrag", "opvoeding", "werk"], doelgroep=["jongere"],
               aanmeldroute=["rechtstreeks"], fase=["interventie"])
YOUNG_ONLY = view("Kinderwerking", "Kleine Stap", low=6, high=12, nood=["spijbelen"], doelgroep=["jongere"])
NO_AGE = view("Spijbelpunt", "Open Deur", nood=["spijbelen"], doelgroep=["jongere"], aanmeldroute=["via-kans"],
              fase=["interventie"])
SCHOOL_ONLY = view("Teamvorming", "Vormingscentrum", nood=["spijbelen", "schoolondersteuning"],
                   doelgroep=["school"], aanmeldroute=["via-school"], fase=["preventie"])
NEET = view("Werktraject", "Jobhuis", low=18, high=30, nood=["werk", "diploma"], doelgroep=["jongere"],
            onderwijsniveau=["geen-school"], fase=["compensatie"], aanmeldroute=["rechtstreeks"])
SECOND_CHANCE = view("Tweedekansonderwijs", "Leercentrum", low=18, nood=["diploma"], doelgroep=["jongere"],
                     onderwijsniveau=["geen-school", "volwassenenonderwijs"], fase=["compensatie"])
UNRELATED = view("Huiswerkklas", "Studiehoek", low=6, high=14, nood=["leerproblemen"], doelgroep=["jongere"])
ALL = [TRUANCY, GENERIC, YOUNG_ONLY, NO_AGE, SCHOOL_ONLY, NEET, SECOND_CHANCE, UNRELATED]


def names(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.service for r in result.results]


def test_match_ranks_the_specific_service_first_and_leaves_out_the_ineligible() -> None:
    result = match(Profile(age=15, needs=["spijbelen"], asker="clb"), ALL)
    assert names(result)[0] == "Spijbelcoaching"
    assert "Kinderwerking" not in names(result)
    assert [e.service for e in result.excluded] == ["Kinderwerking"]
    assert result.excluded[0].reasons == ["leeftijd 15 valt buiten 6–12"]


def test_match_only_candidates_sharing_a_need() -> None:
    result = match(Profile(age=10, needs=["spijbelen"]), ALL)
    assert "Huiswerkklas" not in names(result)
    assert "Huiswerkklas" not in [e.service for e in result.excluded]


def test_match_unknown_eligibility_ranks_below_a_comparable_fit() -> None:
    result = match(Profile(age=15, needs=["spijbelen"], asker="clb"), [NO_AGE, TRUANCY])
    assert [(r.service, r.eligibility) for r in result.results] == [
        ("Spijbelcoaching", "fits"), ("Spijbelpunt", "unknown")]
    assert "leeftijd niet vermeld" in result.results[1].reasons


def test_match_penalises_school_only_services_for_a_young_asker() -> None:
    def team(asker: str):  # type: ignore[no-untyped-def]
        results = match(Profile(age=15, needs=["spijbelen"], asker=asker), ALL).results
        return next(r for r in results if r.service == "Teamvorming")

    young, school = team("jongere"), team("school")
    assert young.rank == 4 and "bedoeld voor scholen" in young.reasons
    assert school.score > 1.4 * young.score and "bedoeld voor scholen" not in school.reasons


def test_match_school_leaver_gets_compensation_not_school_offers() -> None:
    result = match(Profile(age=20, level="geen-school", needs=["diploma"], asker="jongere"), ALL)
    assert set(names(result)) == {"Tweedekansonderwijs", "Werktraject"}
    assert names(result)[0] == "Tweedekansonderwijs"  # only diploma, while the other also does werk


def test_match_pupil_is_not_sent_to_out_of_school_offers() -> None:
    result = match(Profile(age=19, level="secundair-3e-graad", needs=["werk"]), ALL)
    assert "Werktraject" not in names(result)
    assert any(e.service == "Werktraject" and e.reasons[0].startswith("onderwijsniveau") for e in result.excluded)


def test_match_reasons_and_route_are_dutch_and_explain() -> None:
    top = match(Profile(age=15, needs=["spijbelen"], asker="clb"), ALL).results[0]
    assert "leeftijd 15 past (12–18)" in top.reasons
    assert "nood: spijbelen" in top.reasons
    assert "aanmelden via KANS" in top.reasons
    assert top.route.startswith("Aanmelden via het CLB bij KANS Centraal Meldpunt Brussel")


def test_match_scores_are_between_0_and_1_and_ranks_are_consecutive() -> None:
    result = match(Profile(age=15, needs=["spijbelen", "welzijn"], asker="ouder"), ALL,
                   text_scores={TRUANCY.id: 12.0, GENERIC.id: 3.0})
    assert all(0.0 <= r.score <= 1.0 for r in result.results)
    assert [r.rank for r in result.results] == list(range(1, len(result.results) + 1))
    assert [r.score for r in result.results] == sorted((r.score for r in result.results), reverse=True)


def test_match_order_is_deterministic_with_ties_by_name() -> None:
    twins = [view(n, "Zelfde", nood=["taal"], low=6, high=18) for n in ("Beta", "Alfa", "Gamma")]
    assert names(match(Profile(needs=["taal"]), twins)) == ["Alfa", "Beta", "Gamma"]
    assert names(match(Profile(needs=["taal"]), list(reversed(twins)))) == ["Alfa", "Beta", "Gamma"]


def test_match_limit_and_without_any_criteria_lists_everything_eligible() -> None:
    assert len(match(Profile(), ALL, limit=3).results) == 3
    assert len(match(Profile(), ALL, limit=100).results) == len(ALL)


def test_match_same_offer_of_sibling_organisations_does_not_crowd_the_top() -> None:
    copies = [view("Leerplichtbegeleiding", f"Centrum {c}", low=6, high=18, nood=["spijbelen"], fiche="9")
              for c in "ABC"]
    other = view("Spijbelproject", "Project vzw", low=6, high=18, nood=["spijbelen", "motivatie"], fiche="12")
    result = match(Profile(age=12, needs=["spijbelen"]), [*copies, other])
    assert names(result)[:2] == ["Leerplichtbegeleiding", "Spijbelproject"]


def test_match_text_scores_bring_in_candidates_without_a_shared_need() -> None:
    result = match(Profile(age=10, needs=["spijbelen"]), ALL, text_scores={UNRELATED.id: 5.0})
    assert "Huiswerkklas" in names(result)


def test_match_json_follows_the_contract() -> None:
    result = match(Profile(age=15, needs=["spijbelen"], asker="clb", from_text={"age": 15}), ALL,
                   procedures=lambda p: [ProcedureRef("leerplichtbegeleiding", "Leerplicht")])
    data = json.loads(json.dumps(result.to_json()))
    assert set(data) == {"profile", "results", "excluded", "procedures"}
    assert set(data["profile"]) == {"age", "level", "stream", "needs", "asker", "school_language",
                                    "municipality", "from_text"}
    assert set(data["results"][0]) == {"rank", "service_id", "service", "organization_id", "organization",
                                       "score", "eligibility", "reasons", "route"}
    assert set(data["excluded"][0]) == {"service_id", "service", "organization", "reasons"}
    assert data["procedures"] == [{"id": "leerplichtbegeleiding", "title": "Leerplicht"}]


def test_match_a_failing_procedure_finder_does_not_break_the_match() -> None:
    def broken(_: Profile) -> list[ProcedureRef]:
        raise RuntimeError("kapot")

    assert match(Profile(needs=["spijbelen"]), ALL, procedures=broken).procedures == []


def test_matcher_uses_text_and_need_indexes() -> None:
    matcher = Matcher.from_views(ALL)
    by_text = matcher.run(Profile(text="Hij heeft veel afwezigheden en spijbelt", age=15))
    assert by_text.results[0].service == "Spijbelcoaching"
    assert matcher.candidates(Profile(needs=["diploma"]), {}) == [NEET, SECOND_CHANCE]


def test_matcher_without_needs_or_text_filters_by_level() -> None:
    matcher = Matcher.from_views(ALL)
    result = matcher.run(Profile(level="secundair-2e-graad"), limit=50)
    assert "Werktraject" not in names(result) and "Spijbelcoaching" in names(result)


def test_matcher_survives_hostile_text() -> None:
    matcher = Matcher.from_views(ALL)
    for text in ['"; DROP TABLE service; --', "spijbel* NEAR(a b) OR ^^^ (((", "😀" * 5000, "x " * 5000]:
        assert matcher.run(Profile(text=text)).results is not None
