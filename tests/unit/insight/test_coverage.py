"""The coverage matrices: the band rule, the thresholds and the matcher's rules per cell (invented views)."""

from __future__ import annotations

import pytest

from tests.unit.match.service_views import view
from wegwijzer.insight.coverage import (
    AGE_BANDS,
    COVERED,
    GAP,
    OVERLAP,
    OVERLAP_MIN,
    THIN,
    AgeBand,
    band_cell,
    band_of,
    coverage_matrix,
    language_matrix,
    municipality_matrix,
    status,
)

BAND = {band.key: band for band in AGE_BANDS}


def test_the_bands_are_the_issues_five_without_holes() -> None:
    assert [(b.low, b.high) for b in AGE_BANDS] == [(6, 11), (12, 14), (15, 17), (18, 24), (25, 30)]
    assert all(a.high + 1 == b.low for a, b in zip(AGE_BANDS, AGE_BANDS[1:], strict=False))


@pytest.mark.parametrize(("age", "band"), [
    (None, ""), (5, ""), (6, "6-11"), (11, "6-11"), (12, "12-14"), (14, "12-14"), (15, "15-17"), (17, "15-17"),
    (18, "18-24"), (24, "18-24"), (25, "25-30"), (30, "25-30"), (31, ""),
])
def test_band_of_an_age(age: int | None, band: str) -> None:
    assert band_of(age) == band


@pytest.mark.parametrize(("count", "overlap_min", "expected"), [
    (0, 10, GAP), (1, 10, THIN), (2, 10, COVERED), (9, 10, COVERED), (10, 10, OVERLAP), (40, 10, OVERLAP),
    (4, 5, COVERED), (5, 5, OVERLAP), (1, 2, THIN), (2, 2, OVERLAP),
])
def test_status_thresholds(count: int, overlap_min: int, expected: str) -> None:
    assert status(count, overlap_min) == expected


def test_default_overlap_threshold_is_a_full_result_page() -> None:
    assert OVERLAP_MIN == 10


@pytest.mark.parametrize(("low", "high", "bands"), [
    (16, 25, {"15-17", "18-24", "25-30"}),  # one age of 15-17 (16, 17) is enough
    (6, 14, {"6-11", "12-14"}),
    (12, 12, {"12-14"}),
    (18, None, {"18-24", "25-30"}),
    (None, 17, {"6-11", "12-14", "15-17"}),
    (0, 5, set()),  # toddlers only: in no band
])
def test_a_service_counts_in_every_band_where_it_fits_some_age(low: float | None, high: float | None,
                                                                bands: set[str]) -> None:
    service = view(low=low, high=high, nood=["time-out"])
    counted = {b.key for b in AGE_BANDS if band_cell([service], "time-out", b).count}
    assert counted == bands


def test_a_service_without_an_age_counts_everywhere_as_unknown() -> None:
    stated = view("Met leeftijd", low=12, high=18, nood=["spijbelen"])
    unstated = view("Zonder leeftijd", nood=["spijbelen"])
    cell = band_cell([stated, unstated], "spijbelen", BAND["12-14"])
    assert cell.count == 2
    assert cell.unknown == 1
    assert band_cell([stated, unstated], "spijbelen", BAND["25-30"]).service_ids == (unstated.id,)


def test_the_link_age_is_where_most_services_fit() -> None:
    services = [view("A", low=16, high=25, nood=["werk"]), view("B", low=17, high=20, nood=["werk"]),
                view("C", low=15, high=15, nood=["werk"])]
    cell = band_cell(services, "werk", BAND["15-17"])
    assert cell.count == 3
    assert cell.age == 17  # A and B fit 17; 15 and 16 have one or two


def test_the_link_age_on_a_tie_is_the_lowest() -> None:
    assert band_cell([view(nood=["werk"])], "werk", BAND["18-24"]).age == 18


def test_only_services_with_the_need_count() -> None:
    matrix = coverage_matrix([view("Ander", nood=["werk"]), view("Deze", nood=["diploma", "werk"])],
                             ["diploma"])
    assert [c.count for c in (matrix.cell("diploma", b.key) for b in AGE_BANDS)] == [1, 1, 1, 1, 1]


def test_the_level_filter_uses_the_matchers_implied_levels() -> None:
    primary = view("Lager", nood=["spijbelen"], onderwijsniveau=["lager"])
    dual = view("Duaal", nood=["spijbelen"], onderwijsniveau=["dbso"])
    open_to_all = view("Iedereen", nood=["spijbelen"])
    matrix = coverage_matrix([primary, dual, open_to_all], ["spijbelen"], level="secundair-2e-graad")
    assert set(matrix.cell("spijbelen", "15-17").service_ids) == {dual.id, open_to_all.id}
    assert matrix.level == "secundair-2e-graad"


def test_the_phase_filter_keeps_services_of_that_phase() -> None:
    prevention = view("P", nood=["welzijn"], fase=["preventie"])
    both = view("PI", nood=["welzijn"], fase=["preventie", "interventie"])
    matrix = coverage_matrix([prevention, both], ["welzijn"], phase="interventie")
    assert matrix.cell("welzijn", "12-14").service_ids == (both.id,)


def test_statuses_and_totals_of_a_matrix() -> None:
    young = view("Jong", low=6, high=11, nood=["gedrag"])
    older = view("Oud", low=18, high=30, nood=["gedrag"])
    matrix = coverage_matrix([young, older], ["gedrag", "beleid"], overlap_min=2)
    assert [c.column for c in matrix.with_status(THIN)] == ["6-11", "18-24", "25-30"]
    assert len(matrix.with_status(GAP)) == 2 + 5  # gedrag 12-14 and 15-17, and all of beleid
    assert matrix.row_total("gedrag") == 2
    assert matrix.column_total("18-24") == 1


def test_a_custom_band_counts_one_age() -> None:
    assert band_cell([view(low=15, high=15, nood=["werk"])], "werk", AgeBand("15", 15, 15)).count == 1
    assert band_cell([view(low=16, high=16, nood=["werk"])], "werk", AgeBand("15", 15, 15)).count == 0


def test_school_language_follows_the_matcher() -> None:
    dutch_only = view("Enkel nl", nood=["taal"], onderwijstaal=["nl"])
    via_kans = view("Via KANS", nood=["taal"], aanmeldroute=["via-kans"])
    direct = view("Rechtstreeks", nood=["taal"], aanmeldroute=["rechtstreeks"])
    matrix = language_matrix([dutch_only, via_kans, direct], ["taal"])
    assert set(matrix.cell("taal", "nl").service_ids) == {dutch_only.id, via_kans.id, direct.id}
    assert matrix.cell("taal", "fr").service_ids == (direct.id,)  # KANS-only routes serve Dutch-language schools


def test_municipalities_count_presence_and_services_without_a_place() -> None:
    here = view("Hier", fase=["preventie"], municipalities=["anderlecht"])
    twice = view("Twee", fase=["preventie", "compensatie"], municipalities=["anderlecht", "vorst"])
    abroad = view("Buiten", fase=["interventie"], municipalities=["buiten-brussel"])
    everywhere = view("Overal", fase=["interventie"])
    matrix = municipality_matrix([here, twice, abroad, everywhere], ["anderlecht", "vorst", "elsene"])
    assert matrix.cell("anderlecht", "preventie").count == 2
    assert matrix.cell("vorst", "compensatie").service_ids == (twice.id,)
    assert matrix.cell("elsene", "interventie").status == GAP
    assert matrix.extra == {"without_municipality": 2}
    assert matrix.columns == ("preventie", "interventie", "compensatie")


def test_a_local_service_counts_only_in_its_municipality() -> None:
    local = view("Lokaal", fase=["preventie"], gemeente=["jette"])
    matrix = municipality_matrix([local], ["jette", "evere"])
    assert matrix.cell("jette", "preventie").count == 1
    assert matrix.cell("evere", "preventie").count == 0
