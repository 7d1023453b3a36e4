"""``wegwijzer db``: schema management, and moving and keeping data (copy, backup, restore)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table

from wegwijzer.cli.common import CliError, console, console_err, open_database
from wegwijzer.config import get_settings
from wegwijzer.db import current_revision, head_revision
from wegwijzer.dbtools import CopyReport, DbToolError, backup_database, copy_database, restore_database
from wegwijzer.dbtools.restore import backup_kind
from wegwijzer.dbtools.urls import parse_url

app = typer.Typer(help="Database schema (Alembic migrations), copies, backups and restores.", no_args_is_help=True)


@contextmanager
def _tool_errors() -> Iterator[None]:
    """The tools' errors as one line and their exit status (1: failed, 2: change the input)."""
    try:
        yield
    except DbToolError as exc:
        raise CliError(str(exc), exit_code=exc.exit_code) from None


@app.command("upgrade")
def upgrade_command() -> None:
    """Bring the database to the current schema (every command also does this by itself)."""
    db = open_database()
    console.print(f"Database {db.engine.url.render_as_string(hide_password=True)} "
                  f"is at schema revision {current_revision(db.engine)} (head {head_revision(db.url)}).")


def _print_copy(report: CopyReport) -> None:
    console.print(f"{report.source} → {report.target}")
    table = Table()
    table.add_column("Table")
    table.add_column("Source rows", justify="right")
    table.add_column("Target rows", justify="right")
    table.add_column("OK")
    for t in report.tables:
        verdict = "ok" if t.ok else ("[red]checksum differs[/]" if t.source_rows == t.target_rows
                                     else "[red]count differs[/]")
        table.add_row(t.name, str(t.source_rows), str(t.target_rows), verdict)
    console.print(table)


@app.command("copy")
def copy_command(
    source_url: Annotated[str, typer.Argument(help="Database to copy from, e.g. sqlite:////path/wegwijzer.sqlite3.",
                                              show_default=False)],
    target_url: Annotated[str, typer.Argument(help="Database to copy into, e.g. "
                                              "postgresql+psycopg://user@host:5432/wegwijzer.", show_default=False)],
    replace: Annotated[bool, typer.Option("--replace", help="Empty a target that holds data first "
                                          "(in the same transaction as the copy).")] = False,
) -> None:
    """Copy every table from SOURCE_URL into TARGET_URL and verify each (counts and checksums).

    SQLite and PostgreSQL, either way. The target is brought to the current schema; on any error or
    mismatch it is left as it was.
    """
    with _tool_errors(), Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console_err,
                                  transient=True) as bar:
        task = bar.add_task("Copying…", total=None)
        report = copy_database(source_url, target_url, replace=replace,
                               progress=lambda message: bar.update(task, description=message))
    _print_copy(report)
    if not report.ok:
        bad = ", ".join(t.name for t in report.tables if not t.ok)
        raise CliError(f"the copy does not match the source in {bad}: it was rolled back, "
                       f"the target {report.target} is unchanged")
    replaced = f" (after deleting {report.replaced_rows} rows that were there)" if report.replaced_rows else ""
    console.print(f"Copied {report.rows} rows in {len(report.tables)} tables into {report.target}{replaced}; "
                  "every table matches the source.")


@app.command("backup")
def backup_command(
    out: Annotated[Path | None, typer.Option("--out", help="Backup file to write (must not exist). Default: "
                                             "WEGWIJZER_HOME/backups/wegwijzer-YYYYmmdd-HHMMSS.sqlite3 or .dump "
                                             "(UTC).", show_default=False)] = None,
) -> None:
    """Back up the database (WEGWIJZER_DATABASE_URL), also while Wegwijzer runs.

    SQLite's online backup API, or pg_dump for PostgreSQL; the file appears only when complete and checked.
    """
    settings = get_settings()
    with _tool_errors():
        result = backup_database(settings.database_url, out=out, home=settings.home)
    console.print(f"Backup written: {result.path} ({result.size / 1_048_576:.1f} MB, schema revision "
                  f"{result.revision}).")


@app.command("restore")
def restore_command(
    backup: Annotated[Path, typer.Argument(help="A file written by `wegwijzer db backup`.", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: every row of the database is replaced "
                                      "by the backup.")] = False,
) -> None:
    """Replace the database (WEGWIJZER_DATABASE_URL) by a backup, all or nothing.

    The database ends at the current schema. A SQLite backup into PostgreSQL, or the reverse, is
    `wegwijzer db copy`.
    """
    settings = get_settings()
    with _tool_errors():
        backup_kind(backup.expanduser())
        target = parse_url(settings.database_url, "WEGWIJZER_DATABASE_URL")
        if not yes:
            raise CliError(f"restoring replaces every row of the database {target} by the backup: "
                           "add --yes to confirm", exit_code=2)
        result = restore_database(backup, settings.database_url)
    rows = sum(result.tables.values())
    upgraded = f", upgraded from {result.backup_revision}" if result.backup_revision != result.revision else ""
    console.print(f"Restored {result.backup} into {result.target}: {rows} rows in {len(result.tables)} tables, "
                  f"schema revision {result.revision}{upgraded}.")
