"""``wegwijzer export``: write the directory in open formats."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wegwijzer.cli.common import CliError, console, open_database
from wegwijzer.directory.export import ExportError, export_hsds

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
