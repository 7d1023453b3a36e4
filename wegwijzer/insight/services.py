"""Use cases of the gaps-and-overlaps report: the three coverage matrices, the search demand, and
their rows for CSV and JSON (the website, ``wegwijzer report gaps`` and the downloads share them).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from wegwijzer.ingest.taxonomy import taxonomy_codes
from wegwijzer.insight.coverage import (
    AGE_BANDS,
    COVERED,
    GAP,
    OVERLAP,
    OVERLAP_MIN,
    THIN,
    Cell,
    Matrix,
    coverage_matrix,
    language_matrix,
    municipality_matrix,
)
from wegwijzer.insight.demand import BUCKETS, rows_since
from wegwijzer.insight.demand import today as utc_today
from wegwijzer.match.model import ServiceView

OUTSIDE_BRUSSELS = "buiten-brussel"
STATUS_NL = {GAP: "gat", THIN: "dun", COVERED: "gedekt", OVERLAP: "overlap"}
#: matrix kind -> (key of its rows, key of its columns) in the records
KEYS = {"dekking": ("need", "age_band"), "taal": ("need", "school_language"), "gemeenten": ("municipality", "phase")}
#: record key -> Dutch CSV column
CSV_HEADER = {
    "need": "nood", "municipality": "gemeente", "age_band": "leeftijdsgroep", "school_language": "onderwijstaal",
    "phase": "fase", "level": "onderwijsniveau", "count": "aantal", "unknown_age": "zonder_leeftijd",
    "status": "beoordeling", "link": "link", "kind": "soort", "result_bucket": "resultaat",
}


def needs() -> list[str]:
    """The need slugs in vocabulary order."""
    return list(taxonomy_codes()["nood"])


def municipalities() -> list[str]:
    """The 19 Brussels municipalities (the vocabulary's ``gemeente`` terms without "buiten Brussel")."""
    return [m for m in taxonomy_codes()["gemeente"] if m != OUTSIDE_BRUSSELS]


@dataclass(frozen=True)
class CoverageReport:
    coverage: Matrix  # need x age band
    language: Matrix  # need x school language
    municipalities: Matrix  # municipality x phase

    def matrices(self) -> dict[str, Matrix]:
        return {m.kind: m for m in (self.coverage, self.language, self.municipalities)}


def coverage_report(views: Sequence[ServiceView], phase: str | None = None, level: str | None = None,
                    overlap_min: int = OVERLAP_MIN) -> CoverageReport:
    """The three matrices of the report; phase and level filter the first two, level the third."""
    need_slugs = needs()
    return CoverageReport(
        coverage=coverage_matrix(views, need_slugs, phase=phase, level=level, overlap_min=overlap_min),
        language=language_matrix(views, need_slugs, phase=phase, level=level, overlap_min=overlap_min),
        municipalities=municipality_matrix(views, municipalities(), level=level, overlap_min=overlap_min),
    )


def cell_link(matrix: Matrix, cell: Cell) -> str:
    """Where a cell's offers are listed: the wegwijzer's result for that profile (needs), or the search
    with that municipality and phase (municipalities: the search filters on the locations)."""
    if matrix.kind == "gemeenten":
        return "/zoeken?" + urlencode({"gemeente": cell.row, "fase": cell.column})
    query: dict[str, Any] = {"nood": cell.row}
    if matrix.kind == "dekking" and cell.age is not None:
        query["leeftijd"] = cell.age
    if matrix.kind == "taal":
        query["taal"] = cell.column
    if matrix.level:
        query["niveau"] = matrix.level
    return "/wegwijzer/resultaat?" + urlencode(query)


def cell_records(matrix: Matrix) -> list[dict[str, Any]]:
    """One record per cell, row by row (the CSV rows and the JSON cells)."""
    row_key, column_key = KEYS[matrix.kind]
    out = []
    for row in matrix.rows:
        for column in matrix.columns:
            cell = matrix.cell(row, column)
            record: dict[str, Any] = {row_key: row, column_key: column}
            if matrix.kind != "gemeenten":
                record["phase"] = matrix.phase or ""
            record["level"] = matrix.level or ""
            record["count"] = cell.count
            if matrix.kind == "dekking":
                record["unknown_age"] = cell.unknown
            record["status"] = cell.status
            record["link"] = cell_link(matrix, cell)
            out.append(record)
    return out


def _safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(records: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    """Records as CSV (RFC 4180, Dutch column names, statuses in Dutch)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([CSV_HEADER.get(c, c) for c in columns])
    for record in records:
        row = [STATUS_NL.get(record[c], record[c]) if c == "status" else record.get(c, "") for c in columns]
        writer.writerow([_safe(v) for v in row])
    return buffer.getvalue()


def matrix_csv(matrix: Matrix) -> str:
    records = cell_records(matrix)
    return to_csv(records, list(records[0]) if records else list(KEYS[matrix.kind]))


def report_json(report: CoverageReport, views: Sequence[ServiceView]) -> dict[str, Any]:
    """The report for ``wegwijzer report gaps --json``: filters, thresholds and every cell (with the ids
    and names of its services), and the gaps, thin cells and overlaps of each matrix."""
    names = {v.id: v.name for v in views}
    out: dict[str, Any] = {
        "phase": report.coverage.phase, "level": report.coverage.level,
        "thresholds": {"gap": 0, "thin": 1, "overlap": report.coverage.overlap_min},
        "age_bands": [{"key": b.key, "low": b.low, "high": b.high} for b in AGE_BANDS],
    }
    for kind, matrix in report.matrices().items():
        cells = cell_records(matrix)
        for record, cell in zip(cells, (matrix.cell(r, c) for r in matrix.rows for c in matrix.columns),
                                strict=True):
            record["services"] = [{"id": sid, "name": names.get(sid, "")} for sid in cell.service_ids]
        out[kind] = {
            "cells": cells,
            **{name: [{k: r[k] for k in KEYS[kind]} | {"count": r["count"]} for r in cells if r["status"] == s]
               for name, s in (("gaps", GAP), ("thin", THIN), ("overlaps", OVERLAP))},
            **matrix.extra,
        }
    return out


@dataclass
class DemandSummary:
    """The counted questions of a period: per need, and the ones that found little by need and age band."""

    since: date | None
    total: int = 0
    by_need: dict[str, dict[str, int]] = field(default_factory=dict)  # need -> bucket -> count
    little: dict[tuple[str, str], int] = field(default_factory=dict)  # (need, band) -> found 0 or 1-2
    records: list[dict[str, Any]] = field(default_factory=list)  # summed over the days, for the CSV

    def needs(self) -> list[str]:
        """The needs asked for, in vocabulary order, "" (no need) last."""
        order = {slug: i for i, slug in enumerate(needs())}
        return sorted(self.by_need, key=lambda n: (n == "", order.get(n, len(order)), n))


DEMAND_COLUMNS = ("kind", "need", "age_band", "phase", "result_bucket", "count")


def demand_summary(session: Session, days: int | None = 365, today: date | None = None) -> DemandSummary:
    """The questions of the last ``days`` days (all when None)."""
    since = (today or utc_today()) - timedelta(days=days - 1) if days else None
    summed: dict[tuple[str, ...], int] = defaultdict(int)
    for row in rows_since(session, since):
        summed[(row.kind, row.need, row.age_band, row.phase, row.result_bucket)] += row.count
    summary = DemandSummary(since)
    for (kind, need, band, phase, result), count in sorted(summed.items()):
        summary.total += count
        per_need = summary.by_need.setdefault(need, dict.fromkeys(BUCKETS, 0))
        per_need[result] = per_need.get(result, 0) + count
        if result != "3+":
            summary.little[(need, band)] = summary.little.get((need, band), 0) + count
        summary.records.append(dict(zip(DEMAND_COLUMNS, (kind, need, band, phase, result, count), strict=True)))
    return summary


def demand_csv(summary: DemandSummary) -> str:
    return to_csv(summary.records, DEMAND_COLUMNS)
