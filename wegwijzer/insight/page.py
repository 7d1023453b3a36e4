"""What the /inzicht page shows: translated labels, the SVG charts and the rows of their data tables.

Pure given a language: the report, the demand summary and a :class:`~wegwijzer.web.i18n.Labeller`
in, plain data (and SVG :class:`~markupsafe.Markup`, built by :mod:`wegwijzer.insight.charts`,
which escapes every label) out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from wegwijzer.insight import charts
from wegwijzer.insight.coverage import AGE_BANDS, COVERED, GAP, OVERLAP, THIN, Cell, Matrix
from wegwijzer.insight.services import DemandSummary, cell_link
from wegwijzer.web.i18n import N_, Labeller

#: taxonomy of the rows and columns of each matrix kind ("" : age bands)
AXES = {"dekking": ("nood", ""), "taal": ("nood", "onderwijstaal"), "gemeenten": ("gemeente", "fase")}
TITLES = {
    "dekking": N_("Aanbod per nood en leeftijdsgroep"),
    "taal": N_("Aanbod voor leerlingen uit Nederlandstalige en Franstalige scholen"),
    "gemeenten": N_("Aanbod met een adres in elke Brusselse gemeente"),
}
DESCRIPTIONS = {
    "dekking": N_("Aantal diensten per nood (rijen) en leeftijdsgroep (kolommen)."),
    "taal": N_("Aantal diensten per nood (rijen) voor leerlingen uit het Nederlandstalig en het Franstalig "
               "onderwijs (kolommen)."),
    "gemeenten": N_("Aantal diensten met een locatie in de gemeente (rijen), per fase (kolommen)."),
}
ROW_HEADERS = {"dekking": N_("Nood"), "taal": N_("Nood"), "gemeenten": N_("Gemeente")}
SUMMARY = N_("{gaps} cellen zonder aanbod, {thin} met één aanbod, {overlaps} met {n} of meer diensten.")


@dataclass(frozen=True)
class TableCell:
    count: int
    status: str
    status_label: str
    link: str
    unknown: int = 0


@dataclass(frozen=True)
class TableRow:
    slug: str
    label: str
    cells: list[TableCell]
    total: int


@dataclass(frozen=True)
class MatrixView:
    kind: str
    title: str
    row_header: str
    summary: str
    chart: Markup
    columns: list[str]
    rows: list[TableRow]
    counts: dict[str, int]  # status -> number of cells


def status_labels(gettext: Callable[[str], str], overlap_min: int) -> dict[str, str]:
    return {
        GAP: gettext("geen aanbod"),
        THIN: gettext("één aanbod"),
        COVERED: gettext("{low} tot {high}").format(low=2, high=overlap_min - 1),
        OVERLAP: gettext("{n} of meer (overlap)").format(n=overlap_min),
    }


def band_label(key: str) -> str:
    return key.replace("-", "–")


def _axis_label(label: Labeller, taxonomy: str, slug: str) -> str:
    return label(taxonomy, slug) if taxonomy else band_label(slug)


def matrix_view(matrix: Matrix, label: Labeller) -> MatrixView:
    gettext = label.gettext
    row_tax, col_tax = AXES[matrix.kind]
    statuses = status_labels(gettext, matrix.overlap_min)
    rows = [_axis_label(label, row_tax, r) for r in matrix.rows]
    columns = [_axis_label(label, col_tax, c) for c in matrix.columns]
    grid: list[list[Cell]] = [[matrix.cell(r, c) for c in matrix.columns] for r in matrix.rows]
    counts = {s: len(matrix.with_status(s)) for s in statuses}
    summary = gettext(SUMMARY).format(gaps=counts[GAP], thin=counts[THIN], overlaps=counts[OVERLAP],
                                      n=matrix.overlap_min)
    title = gettext(TITLES[matrix.kind])
    svg = charts.heatmap(f"grafiek-{matrix.kind}", title, gettext(DESCRIPTIONS[matrix.kind]) + " " + summary,
                         rows, columns, [[c.count for c in line] for line in grid],
                         [[c.status for c in line] for line in grid], list(statuses.items()))
    table = [
        TableRow(slug, text, [TableCell(c.count, c.status, statuses[c.status], cell_link(matrix, c), c.unknown)
                              for c in line], matrix.row_total(slug))
        for slug, text, line in zip(matrix.rows, rows, grid, strict=True)
    ]
    chart = Markup(svg)  # noqa: S704 - every label was escaped by ElementTree
    return MatrixView(matrix.kind, title, gettext(ROW_HEADERS[matrix.kind]), summary, chart, columns, table, counts)


@dataclass(frozen=True)
class DemandRow:
    slug: str
    label: str
    nothing: int  # found 0
    little: int  # found 1-2
    total: int
    bands: list[int]  # found 0 or 1-2, per age band (then "no age")


@dataclass(frozen=True)
class DemandView:
    chart: Markup | None
    columns: list[str]
    rows: list[DemandRow]
    total: int


def demand_view(summary: DemandSummary, label: Labeller) -> DemandView:
    gettext = label.gettext
    bands = [b.key for b in AGE_BANDS] + [""]
    columns = [band_label(b) for b in bands[:-1]] + [gettext("leeftijd niet gekend")]
    rows = []
    for need in summary.needs():
        per = summary.by_need[need]
        rows.append(DemandRow(need, label("nood", need) if need else gettext("geen nood gekend"),
                              per.get("0", 0), per.get("1-2", 0), sum(per.values()),
                              [summary.little.get((need, band), 0) for band in bands]))
    chart = None
    if rows:
        svg = charts.stacked_bars(
            "grafiek-vraag", gettext("Vragen die weinig of niets vonden, per nood"),
            gettext("Aantal zoekvragen en wegwijzervragen per nood die geen aanbod vonden, en die één of twee "
                    "aanbiedingen vonden."),
            [r.label for r in rows],
            [(gettext("niets gevonden"), [r.nothing for r in rows]),
             (gettext("één of twee gevonden"), [r.little for r in rows])])
        chart = Markup(svg)  # noqa: S704 - every label was escaped by ElementTree
    return DemandView(chart, columns, rows, summary.total)
