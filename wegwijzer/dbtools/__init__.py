"""Moving and keeping data: copy a database between SQLite and PostgreSQL, back it up, restore it.

The services here are what ``wegwijzer db copy``, ``db backup`` and ``db restore`` call; the CLI
only parses arguments and prints. See docs/operations.md.
"""

from wegwijzer.dbtools.backup import BackupResult, backup_database, default_backup_path
from wegwijzer.dbtools.copying import CopyReport, TableReport, copy_database
from wegwijzer.dbtools.errors import DbToolError
from wegwijzer.dbtools.restore import RestoreResult, restore_database

__all__ = [
    "BackupResult", "CopyReport", "DbToolError", "RestoreResult", "TableReport",
    "backup_database", "copy_database", "default_backup_path", "restore_database",
]
