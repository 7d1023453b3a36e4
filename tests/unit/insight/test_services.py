"""Records, links, CSV and JSON of the report (invented views)."""

from __future__ import annotations

import csv
import io

from tests.unit.match.service_views import view
from wegwijzer.insight.coverage import coverage_matrix, language_matrix, municipality_matrix
from wegwijzer.insight.services import (
    cell_link,
    cell_records,
    coverage_report,
    matrix_csv,
    municipalities,
    needs,
    report_json,
    to_csv,
)

VIEWS = [view("Jong", low=6, high=11, nood=["gedrag"], fase=["preventie"], municipalities=["jette"]),
         view("Zonder leeftijd", nood=["gedrag", "werk"], fase=["compensatie"])]


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_vocabulary_gives_18_needs_and_19_municipalities() -> None:
    assert len(needs()) == 18 and needs()[0] == "spijbelen"
    assert len(municipalities()) == 19 and "buiten-brussel" not in municipalities()


def test_coverage_csv_has_one_row_per_cell_with_dutch_columns() -> None:
    matrix = coverage_matrix(VIEWS, ["gedrag", "werk"], level="lager")
    rows = _rows(matrix_csv(matrix))
    assert len(rows) == 2 * 5
    assert list(rows[0]) == ["nood", "leeftijdsgroep", "fase", "onderwijsniveau", "aantal", "zonder_leeftijd",
                             "beoordeling", "link"]
    first = rows[0]
    assert (first["nood"], first["leeftijdsgroep"], first["aantal"], first["zonder_leeftijd"]) == ("gedrag", "6-11",
                                                                                                 "2", "1")
    assert first["beoordeling"] == "gedekt" and first["onderwijsniveau"] == "lager"
    assert [r["beoordeling"] for r in rows if r["nood"] == "werk"] == ["dun"] * 5


def test_cell_links_carry_the_profile() -> None:
    matrix = coverage_matrix(VIEWS, ["gedrag"], level="lager")
    link = cell_link(matrix, matrix.cell("gedrag", "6-11"))
    assert link == "/wegwijzer/resultaat?nood=gedrag&leeftijd=6&niveau=lager"
    lang = language_matrix(VIEWS, ["werk"])
    assert cell_link(lang, lang.cell("werk", "fr")) == "/wegwijzer/resultaat?nood=werk&taal=fr"
    places = municipality_matrix(VIEWS, ["jette"])
    assert cell_link(places, places.cell("jette", "preventie")) == "/zoeken?gemeente=jette&fase=preventie"


def test_municipality_records_have_no_phase_filter_column() -> None:
    records = cell_records(municipality_matrix(VIEWS, ["jette"]))
    assert [r["phase"] for r in records] == ["preventie", "interventie", "compensatie"]
    assert [r["count"] for r in records] == [1, 0, 0]
    assert "unknown_age" not in records[0]


def test_csv_quotes_and_defuses_formulas() -> None:
    text = to_csv([{"a": "=SUM(A1)", "b": "met, komma", "c": 3}], ["a", "b", "c"])
    assert text.splitlines() == ["a,b,c", "'=SUM(A1),\"met, komma\",3"]


def test_report_json_lists_gaps_thin_and_overlaps_with_service_names() -> None:
    report = coverage_report(VIEWS, overlap_min=2)
    data = report_json(report, VIEWS)
    assert data["thresholds"] == {"gap": 0, "thin": 1, "overlap": 2}
    cell = next(c for c in data["dekking"]["cells"] if (c["need"], c["age_band"]) == ("gedrag", "6-11"))
    assert {s["name"] for s in cell["services"]} == {"Jong", "Zonder leeftijd"}
    assert {"need": "gedrag", "age_band": "6-11", "count": 2} in data["dekking"]["overlaps"]
    assert {"need": "gedrag", "age_band": "12-14", "count": 1} in data["dekking"]["thin"]
    assert {"need": "spijbelen", "age_band": "6-11", "count": 0} in data["dekking"]["gaps"]
    assert data["gemeenten"]["without_municipality"] == 1
    assert len(data["taal"]["cells"]) == 18 * 2
