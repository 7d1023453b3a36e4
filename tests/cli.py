"""Run the real `wegwijzer` command in a subprocess, against a given data folder or database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(home: Path | None, *args: str, db_url: str | None = None) -> subprocess.CompletedProcess[str]:
    """`wegwijzer ARGS` with WEGWIJZER_HOME=home (and WEGWIJZER_DATABASE_URL=db_url when given)."""
    env = {**os.environ}
    env.pop("WEGWIJZER_DATABASE_URL", None)
    env.pop("WEGWIJZER_DEBUG", None)
    if home is not None:
        env["WEGWIJZER_HOME"] = str(home)
    if db_url:
        env["WEGWIJZER_DATABASE_URL"] = db_url
    return subprocess.run(
        [sys.executable, "-m", "wegwijzer.cli.main", *args], capture_output=True, text=True, env=env, timeout=300
    )
