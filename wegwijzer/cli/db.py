"""``wegwijzer db``: schema management."""

from __future__ import annotations

import typer

from wegwijzer.cli.common import console, open_database
from wegwijzer.db import current_revision, head_revision

app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)


@app.command("upgrade")
def upgrade_command() -> None:
    """Bring the database to the current schema (every command also does this by itself)."""
    db = open_database()
    console.print(f"Database {db.engine.url.render_as_string(hide_password=True)} "
                  f"is at schema revision {current_revision(db.engine)} (head {head_revision(db.url)}).")
