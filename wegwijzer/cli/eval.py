"""``wegwijzer eval``: matching quality per case and in total, profile vs. free text vs. BM25 baseline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from wegwijzer.cli.common import CliError, console, open_database
from wegwijzer.match.evaluation import MODES, CaseFileError, EvalReport, evaluate, load_cases

DEFAULT_CASES = Path("tests/eval/cases.yaml")
MODE_LABEL = {"profile": "profiel", "text": "tekst", "baseline": "BM25-basis"}


def _default_cases() -> Path | None:
    """tests/eval/cases.yaml of the working directory, else of the source checkout."""
    for candidate in (DEFAULT_CASES, Path(__file__).resolve().parents[2] / DEFAULT_CASES):
        if candidate.is_file():
            return candidate
    return None


def eval_command(
    cases: Annotated[
        Path | None, typer.Argument(help="YAML file with referral cases (default: tests/eval/cases.yaml).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
    mode: Annotated[str, typer.Option("--mode", help="profile, text, baseline or all (default: all).")] = "all",
) -> None:
    """Evaluate the matcher on referral cases: pass/fail, hits and ineligible results in the top 10."""
    modes = list(MODES) if mode == "all" else [mode]
    if any(m not in MODES for m in modes):
        raise CliError(
            f"ongeldige modus '{mode}' voor --mode; toegelaten waarden: {', '.join(MODES)}, all", exit_code=2
        )
    path = cases or _default_cases()
    if path is None:
        raise CliError(
            "geen casussen gevonden: geef het pad naar een YAML-bestand (tests/eval/cases.yaml)", exit_code=2
        )
    try:
        loaded = load_cases(path)
    except FileNotFoundError:
        raise CliError(f"bestand niet gevonden: {path}", exit_code=2) from None
    except CaseFileError as exc:
        raise CliError(f"ongeldig casusbestand: {exc}", exit_code=2) from None

    from wegwijzer.match.eval_runs import EvalRunner

    db = open_database()
    with db.session() as session:
        runner = EvalRunner.from_session(session)
    if not runner.views:
        raise CliError("de gids is leeg: voer eerst `wegwijzer import` uit.")
    report = evaluate(loaded, runner, modes)
    if json_out:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    print_report(report)


def print_report(report: EvalReport) -> None:
    table = Table(show_edge=False, title="Casussen")
    table.add_column("casus")
    for m in report.modes:
        table.add_column(MODE_LABEL[m])
        table.add_column("treffers", justify="right")
        table.add_column("niet-toegelaten", justify="right")
    for cid in report.case_ids:
        row = [cid]
        for m in report.modes:
            o = report.outcome(cid, m)
            verdict = "[green]ok[/]" if o.passed else "[red]faalt[/]"
            if o.forbidden:
                verdict += " [red](verboden)[/]"
            row += [verdict, f"{len(o.hits)}/{o.min_hits}", str(len(o.ineligible))]
        table.add_row(*row)
    console.print(table)

    totals = Table(show_edge=False, title="Totaal")
    totals.add_column("")
    for m in report.modes:
        totals.add_column(MODE_LABEL[m], justify="right")
    t = [report.totals(m) for m in report.modes]
    totals.add_row("geslaagd", *(f"{x.passed}/{x.cases} ({x.pass_rate:.0%})" for x in t))
    totals.add_row("niet-toegelaten in top 10", *(str(x.ineligible) for x in t))
    totals.add_row("casussen met niet-toegelaten", *(str(x.cases_with_ineligible) for x in t))
    console.print(totals)

    for m in report.modes:
        failures = report.failures(m)
        if failures:
            console.print(f"\n[bold]Gefaald ({MODE_LABEL[m]}):[/]")
            for o in failures:
                console.print(f"  {o.case_id}: {o.why}")
