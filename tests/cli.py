"""Run the real `wegwijzer` command in a subprocess, against a given data folder or database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.databases import cli_environment


def run_cli(home: Path | None, *args: str, db_url: str | None = None) -> subprocess.CompletedProcess[str]:
    """`wegwijzer ARGS` with WEGWIJZER_HOME=home (and WEGWIJZER_DATABASE_URL=db_url when given; on a
    PostgreSQL test run, a database made for ``home`` otherwise)."""
    return subprocess.run(
        [sys.executable, "-m", "wegwijzer.cli.main", *args], capture_output=True, text=True,
        env=cli_environment(home, db_url), timeout=300,
    )
