"""``wegwijzer report gaps``: the gaps-and-overlaps report of /inzicht on the terminal, as JSON or CSV."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from wegwijzer.cli.common import CliError, console, open_database
from wegwijzer.ingest.taxonomy import load_taxonomies, taxonomy_codes
from wegwijzer.insight.coverage import GAP, MAX_OVERLAP, MIN_OVERLAP, OVERLAP, OVERLAP_MIN, THIN, Matrix
from wegwijzer.insight.services import coverage_report, matrix_csv, report_json
from wegwijzer.match.views import load_service_views

report_app = typer.Typer(help="Reports on the directory: where the offer has gaps and overlaps.",
                         no_args_is_help=True)

#: cell status -> Rich style of its number
STYLE = {GAP: "bold red", THIN: "yellow", OVERLAP: "bold blue"}
TITLES = {"dekking": "Aanbod per nood en leeftijdsgroep", "taal": "Aanbod per nood en onderwijstaal van de school",
          "gemeenten": "Aanbod met een adres in de gemeente, per fase"}
MATRICES = tuple(TITLES)


def _slug(value: str | None, taxonomy: str, option: str) -> str | None:
    if value is None:
        return None
    allowed = taxonomy_codes()[taxonomy]
    if value not in allowed:
        raise CliError(f"ongeldige waarde '{value}' voor {option}; toegelaten: {', '.join(allowed)}", exit_code=2)
    return value


def _labels() -> dict[str, dict[str, str]]:
    return {tax.name: {t.code: t.name for t in tax.terms} for tax in load_taxonomies()}


def matrix_table(matrix: Matrix, labels: dict[str, dict[str, str]]) -> Table:
    row_tax = "gemeente" if matrix.kind == "gemeenten" else "nood"
    table = Table(title=TITLES[matrix.kind], title_justify="left", show_edge=False)
    table.add_column(row_tax)
    for column in matrix.columns:
        table.add_column(labels.get("onderwijstaal" if matrix.kind == "taal" else "fase", {}).get(column, column),
                         justify="right")
    for row in matrix.rows:
        cells = [matrix.cell(row, c) for c in matrix.columns]
        table.add_row(labels[row_tax].get(row, row),
                      *(f"[{STYLE[c.status]}]{c.count}[/]" if c.status in STYLE else str(c.count) for c in cells))
    return table


def _listing(matrix: Matrix, labels: dict[str, dict[str, str]]) -> None:
    row_tax = "gemeente" if matrix.kind == "gemeenten" else "nood"
    for status, heading in ((GAP, "Geen aanbod"), (THIN, "Eén aanbod"),
                            (OVERLAP, f"Overlap ({matrix.overlap_min} of meer)")):
        cells = matrix.with_status(status)
        console.print(f"[bold]{heading}[/] ({len(cells)}):", highlight=False)
        for cell in cells:
            console.print(f"  {labels[row_tax].get(cell.row, cell.row)} · {cell.column}: {cell.count}", highlight=False)


@report_app.command("gaps")
def gaps_command(
    phase: Annotated[str | None, typer.Option("--phase", help="Enkel diensten in deze fase.")] = None,
    level: Annotated[str | None, typer.Option("--level", help="Onderwijsniveau van de jongere (slug).")] = None,
    overlap: Annotated[int, typer.Option("--overlap", min=MIN_OVERLAP, max=MAX_OVERLAP,
                                         help="Overlap vanaf dit aantal diensten.")] = OVERLAP_MIN,
    as_json: Annotated[bool, typer.Option("--json", help="Schrijf het hele rapport als JSON.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Schrijf één matrix als CSV (zie --matrix).")] = False,
    matrix: Annotated[str, typer.Option("--matrix", help="Voor --csv: dekking, taal of gemeenten.")] = "dekking",
) -> None:
    """Hiaten en overlappen: per nood en leeftijdsgroep, per onderwijstaal en per gemeente."""
    phase = _slug(phase, "fase", "--phase")
    level = _slug(level, "onderwijsniveau", "--level")
    if matrix not in MATRICES:
        raise CliError(f"ongeldige waarde '{matrix}' voor --matrix; toegelaten: {', '.join(MATRICES)}", exit_code=2)
    if as_json and as_csv:
        raise CliError("kies --json of --csv, niet allebei", exit_code=2)
    database = open_database()
    with database.session() as session:
        views = load_service_views(session)
    report = coverage_report(views, phase, level, overlap)
    if as_json:
        json.dump(report_json(report, views), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    if as_csv:
        sys.stdout.write(matrix_csv(report.matrices()[matrix]))
        return
    labels = _labels()
    filters = ", ".join(f"{name} {value}" for name, value in (("fase", phase), ("onderwijsniveau", level)) if value)
    console.print(f"{len(views)} diensten{' · ' + filters if filters else ''}. Een dienst telt mee als de wegwijzer "
                  "hem toont voor die nood en minstens één leeftijd van de groep.", highlight=False)
    for item in report.matrices().values():
        console.print()
        console.print(matrix_table(item, labels))
        _listing(item, labels)
    console.print(f"\nZonder adres in een Brusselse gemeente: "
                  f"{report.municipalities.extra.get('without_municipality', 0)} diensten.", highlight=False)
