"""Charts as SVG strings, rendered on the server: pure functions, data in, well-formed SVG out.

Every chart is ``role="img"`` with a ``<title>`` and a ``<desc>`` (named by ``aria-labelledby``) and
uses presentation attributes only (``fill=``, ``font-size=``): the site's Content-Security-Policy
allows no inline ``style``, and no script is involved. The SVG is built with ElementTree, so every
label is escaped. The numbers are also in the data table next to each chart; colour is never the
only carrier of meaning (each cell shows its number, the legend names the thresholds).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from wegwijzer.insight.coverage import COVERED, GAP, OVERLAP, THIN

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
TEXT = "#1a1a1a"  # on every fill below the contrast is at least 7:1
#: fill per cell status: red (gap), amber (thin), green (covered), blue (overlap); all light, dark text
STATUS_FILL = {GAP: "#f7b5b0", THIN: "#fcdc9a", COVERED: "#cdebc5", OVERLAP: "#a9cfee"}
SERIES_FILL = ("#b2182b", "#ef8a62", "#67a9cf", "#2166ac")
FONT_SIZE = 12
CHAR_WIDTH = 7.0  # an estimate of the average width of a character at FONT_SIZE
ROW_HEIGHT = 24
CELL_WIDTH = 58
GAP_PX = 2
PAD = 8


def _width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _svg(chart_id: str, title: str, desc: str, width: float, height: float) -> ET.Element:
    svg = ET.Element("svg", {
        "xmlns": SVG_NS, "role": "img", "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
        "id": chart_id, "class": "chart", "width": _n(width), "height": _n(height),
        "viewBox": f"0 0 {_n(width)} {_n(height)}", "font-family": FONT, "font-size": str(FONT_SIZE),
    })
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = desc
    return svg


def _n(value: float) -> str:
    """A number for an attribute: no needless decimals."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _text(parent: ET.Element, x: float, y: float, text: str, anchor: str = "start", **attrs: str) -> None:
    node = ET.SubElement(parent, "text", {"x": _n(x), "y": _n(y), "text-anchor": anchor, "fill": TEXT, **attrs})
    node.text = text


def _rect(parent: ET.Element, x: float, y: float, w: float, h: float, fill: str, **attrs: str) -> None:
    ET.SubElement(parent, "rect", {"x": _n(x), "y": _n(y), "width": _n(w), "height": _n(h), "fill": fill,
                                   **attrs})


def _done(svg: ET.Element) -> str:
    return ET.tostring(svg, encoding="unicode")


def heatmap(chart_id: str, title: str, desc: str, rows: Sequence[str], columns: Sequence[str],
            counts: Sequence[Sequence[int]], statuses: Sequence[Sequence[str]],
            legend: Sequence[tuple[str, str]]) -> str:
    """A grid of numbered cells, coloured by status (``legend``: (status, label) in display order)."""
    label_w = max((_width(r) for r in rows), default=0) + PAD * 2
    cell_w = max(CELL_WIDTH, max((_width(c) for c in columns), default=0) + PAD)
    top = ROW_HEIGHT + PAD
    grid_h = len(rows) * (ROW_HEIGHT + GAP_PX)
    legend_w = sum(_width(text) + 34 for _, text in legend)
    width = max(label_w + len(columns) * (cell_w + GAP_PX), legend_w) + PAD
    height = top + grid_h + ROW_HEIGHT + PAD * 2
    svg = _svg(chart_id, title, desc, width, height)
    head = ET.SubElement(svg, "g", {"font-weight": "bold"})
    for j, column in enumerate(columns):
        _text(head, label_w + j * (cell_w + GAP_PX) + cell_w / 2, ROW_HEIGHT - 6, column, "middle")
    body = ET.SubElement(svg, "g")
    for i, row in enumerate(rows):
        y = top + i * (ROW_HEIGHT + GAP_PX)
        _text(body, label_w - PAD, y + ROW_HEIGHT - 7, row, "end")
        for j in range(len(columns)):
            x = label_w + j * (cell_w + GAP_PX)
            _rect(body, x, y, cell_w, ROW_HEIGHT, STATUS_FILL.get(statuses[i][j], "#ffffff"))
            _text(body, x + cell_w / 2, y + ROW_HEIGHT - 7, str(counts[i][j]), "middle")
    _legend(svg, PAD, top + grid_h + PAD, [(STATUS_FILL.get(status, "#ffffff"), text) for status, text in legend])
    return _done(svg)


def _legend(svg: ET.Element, x: float, y: float, items: Sequence[tuple[str, str]]) -> None:
    group = ET.SubElement(svg, "g")
    for fill, text in items:
        _rect(group, x, y + 3, 14, 14, fill, stroke=TEXT, **{"stroke-width": "0.5"})
        _text(group, x + 20, y + 15, text)
        x += _width(text) + 34


def stacked_bars(chart_id: str, title: str, desc: str, labels: Sequence[str],
                 series: Sequence[tuple[str, Sequence[int]]], bar_width: float = 320) -> str:
    """Horizontal bars, one per label, stacked from ``series`` ((name, one value per label)); the
    total is written after each bar."""
    label_w = max((_width(x) for x in labels), default=0) + PAD * 2
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    top_value = max(totals, default=0) or 1
    legend_w = sum(_width(name) + 34 for name, _ in series)
    width = max(label_w + bar_width + 60, legend_w + PAD)
    height = len(labels) * (ROW_HEIGHT + GAP_PX) + ROW_HEIGHT + PAD * 3
    svg = _svg(chart_id, title, desc, width, height)
    body = ET.SubElement(svg, "g")
    for i, label in enumerate(labels):
        y = PAD + i * (ROW_HEIGHT + GAP_PX)
        _text(body, label_w - PAD, y + ROW_HEIGHT - 7, label, "end")
        x = label_w
        for k, (_name, values) in enumerate(series):
            w = bar_width * values[i] / top_value
            if w > 0:
                _rect(body, x, y + 3, w, ROW_HEIGHT - 6, SERIES_FILL[k % len(SERIES_FILL)])
            x += w
        _text(body, x + 6, y + ROW_HEIGHT - 7, str(totals[i]))
    _legend(svg, PAD, PAD + len(labels) * (ROW_HEIGHT + GAP_PX) + PAD,
            [(SERIES_FILL[k % len(SERIES_FILL)], name) for k, (name, _) in enumerate(series)])
    return _done(svg)
