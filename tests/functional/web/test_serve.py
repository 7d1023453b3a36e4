"""``wegwijzer serve``: first start, clean stop, settings it refuses, and the reverse-proxy trust."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.functional.web.live_serve import Browser, LiveServer, free_port, serve_environment

CLIENT_LIMIT = 20  # failed logins from one client address within 15 minutes (wegwijzer.accounts.throttle)


def test_serve_imports_bundle_on_first_start_and_exits_cleanly(tmp_path: Path) -> None:
    port = free_port()
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
    assert f"pid={proc.pid} method=GET path=/zoeken status=200" in output  # one worker: this process
    assert (tmp_path / "home" / "wegwijzer.sqlite3").exists()


def _serve(tmp_path: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    env = serve_environment(tmp_path / "home", settings.pop("database_url", ""), **settings)
    if not env["WEGWIJZER_DATABASE_URL"]:
        del env["WEGWIJZER_DATABASE_URL"]
    return subprocess.run([sys.executable, "-m", "wegwijzer.cli.main", "serve", "--port", str(free_port()), *args],
                          env=env, capture_output=True, text=True, timeout=120)


def test_several_workers_on_an_in_memory_sqlite_database_are_refused(tmp_path: Path) -> None:
    result = _serve(tmp_path, "--workers", "2", database_url="sqlite://")
    assert result.returncode == 2, result.stderr
    assert "in-memory SQLite" in result.stderr and "--workers 1" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("setting", "value"), [("workers", "0"), ("workers", "many"), ("threads", "15"),
                                               ("proxy_headers", "perhaps")])
def test_a_bad_serving_setting_is_refused_with_its_name(tmp_path: Path, setting: str, value: str) -> None:
    result = _serve(tmp_path, **{setting: value})
    assert result.returncode == 2, result.stderr
    assert f"WEGWIJZER_{setting.upper()}" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "home" / "wegwijzer.sqlite3").exists()  # refused before anything was written


def test_production_without_a_secret_key_is_refused_before_any_worker_starts(tmp_path: Path) -> None:
    result = _serve(tmp_path, "--workers", "2", environment="production")
    assert result.returncode == 1
    assert "WEGWIJZER_SECRET_KEY" in result.stderr and "Traceback" not in result.stderr
    assert "Started parent process" not in result.stderr + result.stdout


def _fail_logins_from(browser: Browser, count: int) -> list[int]:
    statuses = []
    for n in range(count):
        token, _ = browser.form_token("/inloggen")
        reply = browser.request("POST", "/inloggen", {"email": f"niemand{n}@example.org", "password": "fout",
                                                       "csrf_token": token})
        statuses.append(reply.status)
    return statuses


@pytest.mark.parametrize("trusted", [True, False], ids=["proxy-headers", "no-proxy-headers"])
def test_login_throttle_counts_per_forwarded_client_only_behind_a_trusted_proxy(
        database_url: str, tmp_path: Path, trusted: bool) -> None:
    """With --proxy-headers, X-Forwarded-For from the trusted proxy (here 127.0.0.1) is the client address;
    without, the header is ignored: a client cannot escape the per-client limit by inventing addresses."""
    args = ["--proxy-headers", "--forwarded-allow-ips", "127.0.0.1"] if trusted else []
    env = serve_environment(tmp_path / "home", database_url)
    with LiveServer(env, tmp_path / "serve.log", *args) as live:
        live.wait_ready()
        first = Browser(live, headers={"X-Forwarded-For": "203.0.113.7"})
        assert _fail_logins_from(first, CLIENT_LIMIT) == [400] * CLIENT_LIMIT
        assert _fail_logins_from(first, 1) == [429]  # this client is locked out
        other = Browser(live, headers={"X-Forwarded-For": "198.51.100.9"})
        assert _fail_logins_from(other, 1) == ([400] if trusted else [429])
