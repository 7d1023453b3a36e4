"""Hard criteria per service: fits, unknown or excluded, with Dutch reasons (invented services)."""

from __future__ import annotations

import pytest

from tests.unit.match.service_views import view
from wegwijzer.match.eligibility import EXCLUDED, FITS, UNKNOWN, check
from wegwijzer.match.model import Profile


def test_match_excludes_too_old() -> None:
    verdict = check(Profile(age=15), view(low=6, high=14))
    assert verdict.status == EXCLUDED
    assert verdict.excluded == ["leeftijd 15 valt buiten 6–14"]


def test_match_excludes_too_young_for_an_open_range() -> None:
    verdict = check(Profile(age=16), view(low=18))
    assert verdict.status == EXCLUDED and verdict.excluded == ["leeftijd 16 valt buiten vanaf 18"]


@pytest.mark.parametrize(("low", "high", "reason"), [
    (12, 25, "leeftijd 15 past (12–25)"), (15, None, "leeftijd 15 past (vanaf 15)"),
    (None, 17, "leeftijd 15 past (tot 17)"),
    (15, 15, "leeftijd 15 past (15–15)"),
])
def test_age_inside_the_range_fits(low: float | None, high: float | None, reason: str) -> None:
    verdict = check(Profile(age=15), view(low=low, high=high))
    assert verdict.status == FITS and reason in verdict.reasons


def test_a_record_without_ages_leaves_the_age_unknown() -> None:
    verdict = check(Profile(age=15), view())
    assert verdict.status == UNKNOWN and verdict.unknown == ["leeftijd niet vermeld"]


def test_no_age_in_the_profile_checks_nothing() -> None:
    assert check(Profile(), view(low=6, high=14)).status == FITS


@pytest.mark.parametrize(("level", "service_levels", "status"), [
    ("secundair-1e-graad", ["secundair-1e-graad", "secundair-2e-graad"], FITS),
    ("lager", ["secundair-1e-graad", "secundair-2e-graad", "secundair-3e-graad"], EXCLUDED),
    ("geen-school", ["secundair-2e-graad"], EXCLUDED),
    ("secundair-2e-graad", ["geen-school"], EXCLUDED),
    ("geen-school", ["geen-school", "volwassenenonderwijs"], FITS),
    ("volwassenenonderwijs", ["geen-school"], FITS),
    ("dbso", ["secundair-3e-graad"], FITS),
    ("secundair-2e-graad", ["dbso"], FITS),
    ("okan", ["secundair-1e-graad"], FITS),
    ("buitengewoon", ["lager"], FITS),
    ("hoger", ["secundair-3e-graad"], EXCLUDED),
    ("lager", [], FITS),
])
def test_level_served_with_implied_levels(level: str, service_levels: list[str], status: str) -> None:
    assert check(Profile(level=level), view(onderwijsniveau=service_levels)).status == status


def test_level_exclusion_names_the_levels_served() -> None:
    verdict = check(Profile(level="lager"), view(onderwijsniveau=["secundair-1e-graad", "secundair-2e-graad",
                                                                   "secundair-3e-graad"]))
    assert verdict.excluded == ["onderwijsniveau: enkel voor secundair onderwijs"]


def test_dual_learning_serves_a_school_leaver_only_when_entered_directly() -> None:
    direct = view(onderwijsniveau=["dbso"], aanmeldroute=["rechtstreeks"])
    through_school = view(onderwijsniveau=["dbso"], aanmeldroute=["via-clb", "via-school"])
    assert check(Profile(level="geen-school"), direct).status == FITS
    assert check(Profile(level="geen-school"), through_school).status == EXCLUDED


def test_stream_not_served_is_excluded() -> None:
    verdict = check(Profile(stream="aso"), view(studierichting=["bso", "tso"]))
    assert verdict.status == EXCLUDED and verdict.excluded == ["studierichting: enkel voor BSO, TSO"]


def test_school_language_requirement_excludes_french_speaking_schools() -> None:
    verdict = check(Profile(school_language="fr"), view(onderwijstaal=["nl"]))
    assert verdict.status == EXCLUDED
    assert verdict.excluded == ["enkel voor leerlingen uit het Nederlandstalig onderwijs"]
    assert check(Profile(school_language="nl"), view(onderwijstaal=["nl"])).status == FITS
    assert check(Profile(school_language="fr"), view(onderwijstaal=["fr", "nl"])).status == FITS


def test_an_offer_only_reached_through_kans_or_the_clb_is_for_dutch_language_schools() -> None:
    assert check(Profile(school_language="fr"), view(aanmeldroute=["via-kans"])).status == EXCLUDED
    assert check(Profile(school_language="fr"), view(aanmeldroute=["via-kans", "rechtstreeks"])).status == FITS
    assert check(Profile(school_language="nl"), view(aanmeldroute=["via-kans"])).status == FITS


def test_region_excludes_only_explicitly_local_services() -> None:
    local = view(gemeente=["evere"])
    located = view(municipalities=["evere"])
    assert check(Profile(municipality="jette"), local).status == EXCLUDED
    assert check(Profile(municipality="evere"), local).status == FITS
    assert check(Profile(municipality="jette"), located).status == FITS


def test_every_failing_criterion_is_listed() -> None:
    verdict = check(Profile(age=30, level="lager", school_language="fr"),
                    view(low=6, high=12, onderwijsniveau=["secundair-1e-graad"], onderwijstaal=["nl"]))
    assert len(verdict.excluded) == 3
