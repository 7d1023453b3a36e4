"""``wegwijzer import``: read the infobundle into the directory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table

from wegwijzer.cli.common import CliError, console, open_database
from wegwijzer.ingest.records import InvalidDocumentError
from wegwijzer.ingest.services import ImportSummary, import_path

TYPE_LABELS = {
    "organization": "organisaties", "program": "programma's", "service": "diensten",
    "location": "locaties", "service_at_location": "dienst-op-locatie", "address": "adressen",
    "phone": "telefoonnummers", "contact": "contactpersonen", "schedule": "openingsuren",
    "service_area": "werkgebieden", "language": "talen", "funding": "financiering",
    "cost_option": "kostprijzen", "required_document": "vereiste documenten",
    "taxonomy": "taxonomieën", "taxonomy_term": "taxonomietermen", "attribute": "kenmerken (facetten)",
    "metadata": "historiek (metadata)",
}

SOURCE_KINDS = {
    "pdf-data": "Gelezen uit de gegevens die in de PDF zitten (wegwijzer-hsds.json): dezelfde records als in de "
                "gids waaruit de PDF gemaakt werd.",
    "pdf-text": "Gelezen uit de tekst van de PDF (geen ingebedde Wegwijzer-gegevens gevonden).",
}


def import_command(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Infobundle file: text (.txt) or PDF (a Wegwijzer PDF imports its embedded data, any other PDF "
                 "its text). Default: the bundled infobundle.",
            show_default=False,
        ),
    ] = None,
    report: Annotated[bool, typer.Option(help="Show, per fiche, the fields that were not found.")] = True,
) -> None:
    """Import the infobundle (default: the bundled copy). A newer version proposes its changes for review."""
    db = open_database()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True) as bar:
        task = bar.add_task("Importeren…", total=None)
        try:
            summary = import_path(db, path, progress=lambda msg: bar.update(task, description=msg))
        except InvalidDocumentError as exc:
            raise CliError(f"{exc} Nothing was imported; the database is unchanged.") from None
    print_summary(summary, report)


def print_summary(summary: ImportSummary, report: bool) -> None:
    stats = summary.stats
    state = "bijgewerkt" if summary.changed else "ongewijzigd (al up-to-date)"
    console.print(f"[bold]Geïmporteerd:[/] {summary.source_name} — database {state}")
    if summary.source_kind in SOURCE_KINDS:
        console.print(SOURCE_KINDS[summary.source_kind])
    table = Table(title="Inhoud van de gids", show_edge=False)
    for col in ("type", "aantal", "nieuw", "gewijzigd", "verwijderd"):
        table.add_column(col, justify="right" if col != "type" else "left")
    for name, count in summary.table_counts.items():
        table.add_row(TYPE_LABELS.get(name, name), str(count), str(stats.inserted.get(name, 0)),
                      str(stats.updated.get(name, 0)), str(stats.deleted.get(name, 0)))
    console.print(table)
    if summary.suggestions or summary.superseded:
        console.print(
            f"[bold]Voorgestelde wijzigingen:[/] {summary.suggestions} nieuw in de wachtrij voor de redactie "
            f"(waarvan {summary.conflicts} conflict(en) met redactioneel werk); "
            f"{summary.superseded} oudere voorstel(len) van een import vervangen")
    else:
        console.print("Voorgestelde wijzigingen: 0 (geen verschillen met redactioneel werk)")
    for warning in summary.warnings:
        console.print(f"[yellow]Waarschuwing:[/] {warning}")
    if report:
        gaps = [r for r in summary.reports if r.missing]
        if gaps:
            console.print(f"[bold]Niet gevonden velden[/] ({len(gaps)} van {len(summary.reports)} fiches):")
            for r in gaps:
                console.print(f"  fiche {r.fiche} {r.title}: {', '.join(r.missing)}")
        else:
            console.print(f"Alle standaardvelden gevonden in {len(summary.reports)} fiches.")
