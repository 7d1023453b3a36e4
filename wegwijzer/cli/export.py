"""``wegwijzer export``: write the directory in open formats."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from wegwijzer.cli.common import CliError, console, open_database
from wegwijzer.config import get_settings
from wegwijzer.directory.export import ExportError, export_hsds
from wegwijzer.publish.opendata import OpenDataError
from wegwijzer.publish.opendata_export import Written, export_datapackage, export_json, export_ndjson

app = typer.Typer(help="Export the directory.", no_args_is_help=True)


@app.command("hsds")
def hsds_command(
    out: Annotated[Path, typer.Option("--out", help="Folder to write services.json and organizations.json to.")],
) -> None:
    """HSDS 3.0 JSON: full service and organization objects, validated against the HSDS schemas."""
    db = open_database()
    try:
        with db.session() as session:
            result = export_hsds(session, out)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    if result.errors:
        for line in result.errors[:20]:
            console.print(line)
        raise CliError(f"{len(result.errors)} HSDS validation errors; nothing was written.")
    if result.services == 0:
        console.print("[yellow]De gids is leeg:[/] voer eerst `wegwijzer import` uit.")
    for path in result.files:
        console.print(f"Geschreven: {path}")
    console.print(f"{result.services} diensten en {result.organizations} organisaties, geldig volgens HSDS 3.0.")



def _run(export: Callable[[Session], Written]) -> Written:
    db = open_database()
    try:
        with db.session() as session:
            return export(session)
    except OpenDataError as exc:
        raise CliError(str(exc)) from None


def _report(written: Written, where: str) -> None:
    if written.services == 0:
        console.print("[yellow]De gids is leeg:[/] voer eerst `wegwijzer import` uit.")
    console.print(where)
    console.print(f"{written.services} diensten en {written.organizations} organisaties.")


@app.command("datapackage")
def datapackage_command(
    out: Annotated[Path, typer.Option("--out", help="Folder for the CSV files and datapackage.json (new, empty "
                                                    "or an earlier datapackage, which is replaced whole).")],
) -> None:
    """HSDS 3.0 tabular form: one CSV per HSDS object plus a Frictionless datapackage.json."""
    written = _run(lambda session: export_datapackage(session, out, get_settings().base_url))
    _report(written, f"Geschreven: {len(written.paths) - 1} CSV-bestanden en datapackage.json in {out}")


@app.command("json")
def json_command(out: Annotated[Path, typer.Option("--out", help="File to write the JSON document to.")]) -> None:
    """One JSON document: every service as a full HSDS 3.0 object, the organisations and the taxonomies."""
    written = _run(lambda session: export_json(session, out))
    _report(written, f"Geschreven: {out}")


@app.command("ndjson")
def ndjson_command(
    out: Annotated[Path, typer.Option("--out", help="File to write one HSDS service object per line to.")],
) -> None:
    """NDJSON: one full HSDS 3.0 service object per line."""
    written = _run(lambda session: export_ndjson(session, out))
    _report(written, f"Geschreven: {out}")
