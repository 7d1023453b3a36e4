"""The SVG charts: well-formed XML, accessible names, no inline style or script, labels escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from wegwijzer.insight.charts import STATUS_FILL, heatmap, stacked_bars
from wegwijzer.insight.coverage import COVERED, GAP, OVERLAP, THIN

NS = "{http://www.w3.org/2000/svg}"
LEGEND = [(GAP, "geen aanbod"), (THIN, "één aanbod"), (COVERED, "2 tot 9"), (OVERLAP, "10 of meer")]


def _heatmap(rows: list[str] | None = None) -> str:
    rows = rows or ["Spijbelen", "Werk"]
    return heatmap("grafiek-test", "Aanbod per nood", "Aantal diensten per nood en leeftijd.", rows,
                   ["6–11", "12–14"], [[0, 1], [4, 12]][: len(rows)], [[GAP, THIN], [COVERED, OVERLAP]][: len(rows)],
                   LEGEND)


def _bars() -> str:
    return stacked_bars("grafiek-bars", "Vragen", "Vragen per nood.", ["Spijbelen", "Werk", "Taal"],
                        [("niets gevonden", [3, 0, 1]), ("één of twee gevonden", [1, 2, 0])])


@pytest.fixture(params=["heatmap", "bars"])
def svg(request: pytest.FixtureRequest) -> ET.Element:
    return ET.fromstring(_heatmap() if request.param == "heatmap" else _bars())


def test_chart_is_well_formed_svg(svg: ET.Element) -> None:
    assert svg.tag == f"{NS}svg"
    assert float(svg.get("width", "0")) > 0 and float(svg.get("height", "0")) > 0
    assert svg.get("viewBox", "").startswith("0 0 ")


def test_chart_is_an_image_named_by_its_title_and_desc(svg: ET.Element) -> None:
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{NS}title"), svg.find(f"{NS}desc")
    assert title is not None and title.text and desc is not None and desc.text
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert list(svg)[:2] == [title, desc]  # first children, as SVG accessibility expects


def test_chart_has_no_inline_style_or_script(svg: ET.Element) -> None:
    for node in svg.iter():
        assert "style" not in node.attrib, node.tag
        assert not node.tag.endswith("script")
        assert not node.tag.endswith("style")
        assert not any(name.startswith("on") for name in node.attrib), node.attrib


def test_heatmap_shows_every_number_on_its_status_colour() -> None:
    svg = ET.fromstring(_heatmap())
    texts = [t.text for t in svg.iter(f"{NS}text")]
    for number in ("0", "1", "4", "12"):
        assert number in texts
    fills = [r.get("fill") for r in svg.iter(f"{NS}rect")]
    for status in (GAP, THIN, COVERED, OVERLAP):
        assert fills.count(STATUS_FILL[status]) == 2  # the cell and its legend swatch
    assert "10 of meer" in texts and "Spijbelen" in texts


def test_labels_are_escaped() -> None:
    hostile = '<script>alert("x")</script> & "quotes"'
    raw = heatmap("g", hostile, hostile, [hostile], [hostile], [[1]], [[THIN]], [(THIN, hostile)])
    assert "<script>" not in raw
    svg = ET.fromstring(raw)
    assert svg.find(f"{NS}title").text == hostile  # type: ignore[union-attr]
    assert hostile in [t.text for t in svg.iter(f"{NS}text")]
    assert not list(svg.iter(f"{NS}script"))


def test_stacked_bars_are_proportional_and_total_is_written() -> None:
    svg = ET.fromstring(_bars())
    bars = [r for r in svg.iter(f"{NS}rect") if r.get("height") != "14"]  # without the legend swatches
    widths = [float(r.get("width", "0")) for r in bars]
    assert widths == [240.0, 80.0, 160.0, 80.0]  # 3+1 is the longest bar (320), then 0+2 and 1+0
    texts = [t.text for t in svg.iter(f"{NS}text")]
    assert {"4", "2", "1"} <= set(texts)


def test_empty_bars_chart_is_still_valid() -> None:
    svg = ET.fromstring(stacked_bars("leeg", "Niets", "Geen gegevens.", [], [("a", [])]))
    assert svg.get("role") == "img"
