"""``wegwijzer procedures`` and ``wegwijzer procedure ID``: the step-by-step plans of the infobundle."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from wegwijzer.cli.common import CliError, console, open_database
from wegwijzer.match.model import ServiceView
from wegwijzer.match.procedures import Procedure, Step, get_procedure, linked_services, load_procedures
from wegwijzer.match.views import load_service_views


def procedures_command() -> None:
    """List the procedures (stappenplannen) with their id and title."""
    table = Table(show_edge=False)
    for col in ("id", "titel", "stappen", "fiche"):
        table.add_column(col)
    procedures = load_procedures()
    for proc in procedures:
        table.add_row(proc.id, proc.title, str(len(proc.steps)), ", ".join(proc.fiches))
    console.print(table)
    console.print(f"{len(procedures)} procedures. Details: `wegwijzer procedure ID`.")


def procedure_command(
    procedure_id: Annotated[str, typer.Argument(metavar="ID", help="Id of the procedure, see `wegwijzer procedures`.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text.")] = False,
) -> None:
    """Show one procedure step by step, with the services of the directory each step refers to."""
    proc = get_procedure(procedure_id)
    if proc is None:
        ids = ", ".join(p.id for p in load_procedures())
        raise CliError(f"onbekende procedure {procedure_id!r}; kies uit: {ids}", exit_code=2)
    db = open_database()
    with db.session() as session:
        views = load_service_views(session)
    links = linked_services(proc, views)
    if as_json:
        out = proc.to_json()
        for i, step in enumerate(out["steps"]):
            step["linked_services"] = [
                {
                    "service_id": v.id,
                    "service": v.name,
                    "organization_id": v.organization_id,
                    "organization": v.organization,
                }
                for v in links.get(i, [])
            ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    _print_procedure(proc, links, have_directory=bool(views))


def _print_procedure(proc: Procedure, links: dict[int, list[ServiceView]], *, have_directory: bool) -> None:
    console.print(f"[bold]{escape(proc.title)}[/] ({proc.id})")
    console.print(escape(proc.summary))
    sources = "; ".join(f"fiche {s.fiche} {s.title} (regels {s.lines[0]}–{s.lines[1]})" for s in proc.sources)
    console.print(f"[dim]Bron: {escape(sources)}[/]")
    if proc.related:
        console.print(f"[dim]Zie ook: {', '.join(proc.related)}[/]")
    for i, step in enumerate(proc.steps):
        console.print()
        console.print(_step_header(i, step))
        console.print(f"   {escape(step.action)}")
        if step.threshold:
            console.print(f"   Drempel: {escape(step.threshold.text)}")
        console.print(f"   Termijn: {escape(step.time_limit.text) if step.time_limit else 'niet bepaald'}")
        for view in links.get(i, []):
            console.print(f"   → {escape(view.organization)}: {escape(view.name)} [dim]({view.id})[/]")
    if not have_directory:
        console.print("\nDe gids is leeg: voer `wegwijzer import` uit om de diensten bij elke stap te zien.")


def _step_header(index: int, step: Step) -> str:
    extras = [f"fiche {step.fiche}"]
    if step.track:
        extras.append(f"spoor: {step.track}")
    if step.optional:
        extras.append("indien van toepassing")
    return f"[bold]{index + 1}. {escape(step.actor)}[/] [dim]({escape(', '.join(extras))})[/]"
