"""/inzicht through HTTP: public, accessible charts with data tables, filters, CSV downloads, bad input."""

from __future__ import annotations

import csv
import html
import io
import re
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient

SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def _csv(client: TestClient, path: str) -> list[dict[str, str]]:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(response.text)))


def test_insight_page_is_public_with_a_chart_and_a_table_per_matrix(client: TestClient) -> None:
    response = client.get("/inzicht")  # no login
    assert response.status_code == 200
    page = response.text
    assert "<h1>Hiaten en overlappen in het aanbod</h1>" in page
    charts = {svg.get("id"): svg for svg in (ET.fromstring(chart) for chart in SVG.findall(page))}
    assert {"grafiek-dekking", "grafiek-taal", "grafiek-gemeenten"} <= set(charts)
    for svg in charts.values():
        assert svg.get("role") == "img" and svg.get("aria-labelledby")
    assert page.count('<table class="data-table insight-table">') == len(charts)  # a data table beside each chart
    for path in ("/inzicht/dekking.csv", "/inzicht/taal.csv", "/inzicht/gemeenten.csv", "/inzicht/vraag.csv"):
        assert f'href="{path}"' in page
    assert 'href="/inzicht" aria-current="page"' in page  # in the main navigation


def test_insight_page_has_no_inline_style_or_script(client: TestClient) -> None:
    page = client.get("/inzicht").text
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # only the site's external enhance.js
    assert "'unsafe-inline'" not in client.get("/inzicht").headers["content-security-policy"]


def test_cells_link_to_the_wegwijzer_with_that_profile(client: TestClient) -> None:
    page = client.get("/inzicht?onderwijsniveau=geen-school").text
    link = "/wegwijzer/resultaat?nood=diploma&amp;leeftijd=18&amp;niveau=geen-school"
    assert f'<a href="{link}">14</a>' in page  # the 14 offers for 18-24-year-olds without a diploma
    result = client.get(link.replace("&amp;", "&"))
    assert result.status_code == 200
    assert "Tweedekansonderwijs" in result.text


def test_filters_change_the_counts_and_are_kept_in_the_downloads(client: TestClient) -> None:
    page = client.get("/inzicht?fase=compensatie&onderwijsniveau=lager&overlap=3").text
    assert '<option value="compensatie" selected>' in page
    assert 'href="/inzicht/dekking.csv?fase=compensatie&amp;onderwijsniveau=lager&amp;overlap=3"' in page
    rows = _csv(client, "/inzicht/dekking.csv?fase=compensatie&onderwijsniveau=lager&overlap=3")
    assert {(r["fase"], r["onderwijsniveau"]) for r in rows} == {("compensatie", "lager")}
    assert {r["beoordeling"] for r in rows} <= {"gat", "dun", "gedekt", "overlap"}
    assert all(r["beoordeling"] == "overlap" for r in rows if int(r["aantal"]) >= 3)


def test_coverage_csv_has_every_need_and_band(client: TestClient) -> None:
    rows = _csv(client, "/inzicht/dekking.csv")
    assert len(rows) == 18 * 5
    cell = next(r for r in rows if (r["nood"], r["leeftijdsgroep"]) == ("time-out", "15-17"))
    assert (cell["aantal"], cell["zonder_leeftijd"], cell["beoordeling"]) == ("13", "6", "overlap")
    assert cell["link"] == "/wegwijzer/resultaat?nood=time-out&leeftijd=16"


def test_language_and_municipality_csv(client: TestClient) -> None:
    language = _csv(client, "/inzicht/taal.csv")
    assert len(language) == 18 * 2 and {r["onderwijstaal"] for r in language} == {"nl", "fr"}
    places = _csv(client, "/inzicht/gemeenten.csv")
    assert len(places) == 19 * 3
    tito = next(r for r in places if (r["gemeente"], r["fase"]) == ("sint-lambrechts-woluwe", "interventie"))
    assert (tito["aantal"], tito["beoordeling"], tito["link"]) == (
        "1", "dun", "/zoeken?gemeente=sint-lambrechts-woluwe&fase=interventie")


def test_the_page_speaks_french_and_english(client: TestClient) -> None:
    french = html.unescape(client.get("/inzicht?lang=fr").text)
    assert "Lacunes et chevauchements dans l'offre" in french
    assert "<title id=\"grafiek-dekking-title\">Offre par besoin et tranche d'âge</title>" in french  # the chart
    english = client.get("/inzicht?lang=en").text
    assert "Gaps and overlaps in the offer" in english and "Offer by need and age group" in english


@pytest.mark.parametrize("query", ["fase=bogus", "onderwijsniveau=universiteit", "overlap=1", "overlap=veel",
                                   "dagen=0", "fase=preventie&fase=interventie", "lang=de"])
def test_bad_parameters_give_a_dutch_4xx_page(client: TestClient, query: str) -> None:
    for path in ("/inzicht", "/inzicht/dekking.csv"):
        response = client.get(f"{path}?{query}")
        assert 400 <= response.status_code < 500, (path, query)
        assert "text/html" in response.headers["content-type"]
        assert "Ongeldige" in response.text or "Onbekende" in response.text or "Kies hoogstens" in response.text
