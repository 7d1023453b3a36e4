"""``wegwijzer serve`` on an empty database imports the bundle, serves, and stops cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_imports_bundle_on_first_start_and_exits_cleanly(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "WEGWIJZER_HOME": str(tmp_path / "home")}
    env.pop("WEGWIJZER_DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "wegwijzer.cli.serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    body = ""
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/zoeken?q=spijbelen", timeout=5) as response:
                    body = response.read().decode("utf-8")
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
    finally:
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=30)
    assert "<mark>" in body, output
    # uvicorn finishes open requests, runs the shutdown, then re-raises the signal it caught
    assert proc.returncode in (0, -signal.SIGTERM), output
    assert "Application shutdown complete" in output and "Traceback" not in output
    assert "event=first_start_import" in output
    assert "method=GET path=/zoeken status=200" in output
    assert (tmp_path / "home" / "wegwijzer.sqlite3").exists()
