"""``wegwijzer links check|report`` and ``wegwijzer review due``: is the directory still true?

``links check`` is a report: it exits 0 even when websites are broken (non-zero only for bad
options or a database problem), so it can run from cron and mail its output.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from wegwijzer.cli.common import CliError, console, console_err, open_database
from wegwijzer.config import get_settings
from wegwijzer.editorial.freshness import due_services
from wegwijzer.editorial.freshness_links import ContactData, LinkStatus, RecordRef, link_statuses, run_link_check
from wegwijzer.editorial.linkcheck import REASONS, LinkResult, aware, is_http_url, make_link_checker

links_app = typer.Typer(help="Check the websites in the directory (the link checker).", no_args_is_help=True)
review_app = typer.Typer(help="Review dates: which services an editor should check again.", no_args_is_help=True)

KIND = {"service": "dienst", "organization": "organisatie", "location": "locatie"}


def _records(refs: list[RecordRef]) -> str:
    return "\n".join(f"{KIND.get(ref.kind, ref.kind)}: {ref.name}" for ref in refs)


def reason_text(status: LinkStatus) -> str:
    check = status.check
    if check is None:
        return "nog niet gecontroleerd"
    if check.ok:
        return f"in orde ({check.status_code})"
    text = REASONS.get(check.reason or "", check.reason or "")
    return f"{text} ({check.status_code})" if check.status_code else text


def _day(moment: datetime | None) -> str:
    return aware(moment).strftime("%Y-%m-%d") if moment else ""  # type: ignore[union-attr]


def link_table(statuses: list[LinkStatus], title: str) -> Table:
    table = Table(title=title, show_edge=False, show_lines=True, title_justify="left")
    for col in ("website", "probleem", "sinds", "mislukt", "gebruikt door", "eindadres"):
        table.add_column(col, overflow="fold")
    for status in statuses:
        check = status.check
        final = check.final_url if check and check.final_url and check.final_url != status.url else ""
        table.add_row(status.url, reason_text(status), _day(check.first_seen_broken if check else None),
                      str(check.consecutive_failures) if check else "", _records(status.records), final or "")
    return table


@links_app.command("check")
def check_command(
    timeout: Annotated[float | None, typer.Option(
        min=0.1, max=300, help="Seconds to wait for each website (default: WEGWIJZER_LINKCHECK_TIMEOUT_SECONDS)."),
    ] = None,
    only: Annotated[str | None, typer.Option(
        help="Check only the websites whose address starts with this prefix (e.g. https://www.vgc.be).")] = None,
) -> None:
    """Check every website of services, organisations and locations; print the broken ones."""
    if only is not None and not is_http_url(only):
        raise CliError(f"--only moet een webadres zijn dat begint met http:// of https:// (niet {only!r}).",
                       exit_code=2)
    settings = get_settings()
    checker = make_link_checker(settings, timeout=timeout)
    if settings.linkcheck == "off":
        console.print("De linkcontrole staat uit (WEGWIJZER_LINKCHECK=off): er werd niets gecontroleerd.")
        return
    database = open_database()
    with Progress(TextColumn("Websites controleren"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console_err, transient=True) as progress:
        task = progress.add_task("links", total=None)

        def started(total: int) -> None:
            progress.update(task, total=total)

        def advanced(_result: LinkResult) -> None:
            progress.advance(task)

        run = run_link_check(database, checker, only=only, on_start=started, on_result=advanced)
    if only is not None and run.urls == 0:
        raise CliError(f"Geen enkele website in de gids begint met {only!r}.", exit_code=2)
    failing_not_broken = [s for s in run.failing if not s.broken]
    console.print(f"{run.urls} websites gecontroleerd: {run.urls - len(run.failing)} in orde, "
                  f"{len(run.broken)} kapot, {len(failing_not_broken)} mislukt (kapot na nog een mislukte controle).")
    if run.broken:
        console.print(link_table(run.broken, "Kapotte websites"))
    if failing_not_broken:
        console.print(link_table(failing_not_broken, "Deze keer mislukt"))


@links_app.command("report")
def report_command(
    all_links: Annotated[bool, typer.Option("--all", help="List every website, also those that work.")] = False,
) -> None:
    """Print the stored results of the last link checks."""
    database = open_database()
    with database.session() as session:
        statuses = link_statuses(session, ContactData.load(session).websites())
    checked = [s for s in statuses if s.check is not None]
    if not checked:
        console.print(f"{len(statuses)} websites in de gids; nog geen enkele gecontroleerd: "
                      "voer `wegwijzer links check` uit.")
        return
    last = max(aware(s.check.last_checked_at) for s in checked)  # type: ignore[union-attr, type-var]
    broken = [s for s in statuses if s.broken]
    failing = [s for s in statuses if s.failing and not s.broken]
    console.print(f"{len(statuses)} websites in de gids, {len(checked)} gecontroleerd (laatst op "
                  f"{last:%Y-%m-%d %H:%M} UTC): {len(broken)} kapot, {len(failing)} één keer mislukt.")
    if all_links:
        console.print(link_table(statuses, "Alle websites"))
        return
    if broken:
        console.print(link_table(broken, "Kapotte websites"))
    if failing:
        console.print(link_table(failing, "Eén keer mislukt"))


@review_app.command("due")
def due_command(
    days: Annotated[int | None, typer.Option(
        min=1, max=36500, help="Due when not checked for this many days (default: WEGWIJZER_REVIEW_INTERVAL_DAYS).",
    )] = None,
) -> None:
    """List the services that are due for review (not checked for N days, or never)."""
    interval = days or get_settings().review_interval_days
    database = open_database()
    with database.session() as session:
        due = due_services(session, datetime.now(UTC).date(), interval)
    if not due:
        console.print(f"Geen enkele dienst is aan een controle toe (termijn: {interval} dagen).")
        return
    table = Table(show_edge=False)
    for col in ("dienst", "organisatie", "laatst nagekeken", "dagen geleden", "id"):
        table.add_column(col)
    for item in due:
        table.add_row(item.service.name, item.organization.name, item.assured_date or "nooit",
                      "" if item.days is None else str(item.days), item.service.id)
    console.print(table)
    console.print(f"{len(due)} diensten zijn aan een controle toe (niet nagekeken in {interval} dagen).")
