"""Shared helpers for CLI commands: the database, consoles and user-facing errors."""

from __future__ import annotations

import sys

from rich.console import Console
from sqlalchemy.exc import ArgumentError, OperationalError

from wegwijzer.config import get_settings
from wegwijzer.db import Database

# Wide output when piped (tests, files): Rich would otherwise cut tables at 80 columns.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
console_err = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 200)


class CliError(Exception):
    """An error for the user: printed as one line, exit status ``exit_code``."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def open_database() -> Database:
    """Open the configured database and bring it to the current schema."""
    settings = get_settings()
    try:
        return Database.from_settings(settings)
    except ArgumentError:
        raise CliError(f"WEGWIJZER_DATABASE_URL is not a valid database URL: {settings.database_url!r}") from None
    except OperationalError as exc:
        raise CliError(f"cannot open the database {settings.database_url}: {exc.orig}") from None
    except ModuleNotFoundError as exc:
        raise CliError(f"the database driver is not installed: {exc.name}") from None
