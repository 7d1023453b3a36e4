"""A real ``wegwijzer serve`` in a subprocess, and requests to it on fresh connections.

Every request opens a new TCP connection (``Connection: close``), so the kernel hands it to whichever
worker accepts first. The server's log names the process of every request (``pid=…`` in each line);
requests are made one at a time and each waits for its own log line, so :class:`Reply` says which
worker answered.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

HTTP_LINE = re.compile(r" wegwijzer\.http pid=(\d+) method=(\S+) path=(\S+) status=(\d+) ")
WORKER_STARTED = re.compile(r"pid=(\d+) Application startup complete")
PARENT_STARTED = re.compile(r"Started parent process \[(\d+)\]")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_environment(home: Path, database_url: str, **settings: str) -> dict[str, str]:
    """This process's environment without any WEGWIJZER_* setting, plus the given ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEGWIJZER_")}
    env.update({"WEGWIJZER_HOME": str(home), "WEGWIJZER_DATABASE_URL": database_url, "WEGWIJZER_MAILER": "file",
                "WEGWIJZER_LINKCHECK_INTERVAL_HOURS": "0"})
    env.update({f"WEGWIJZER_{k.upper()}": v for k, v in settings.items()})
    return env


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    pid: int  # the worker process that answered

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


@dataclass
class Browser:
    """Cookies kept between requests, like a browser (no Secure cookies: the server runs in development)."""

    server: LiveServer
    cookies: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # sent with every request

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Reply:
        reply = self.server.request(method, path, form, self.cookies, self.headers)
        for name, value in reply.headers:
            if name.lower() != "set-cookie":
                continue
            for key, morsel in SimpleCookie(value).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[key] = morsel.value
                else:
                    self.cookies.pop(key, None)
        return reply

    def form_token(self, path: str) -> tuple[str, Reply]:
        """GET ``path``: the csrf_token of its form, and the reply (which worker made it)."""
        reply = self.request("GET", path)
        match = CSRF.search(reply.text)
        assert reply.status == 200 and match, f"no form on {path}: {reply.status}"
        return match.group(1), reply


class LiveServer:
    """``wegwijzer serve ARGS`` with its output in a log file; a context manager that stops it (SIGTERM)."""

    def __init__(self, env: dict[str, str], log: Path, *args: str, workers: int = 1) -> None:
        self.port = free_port()
        self.log_path = log
        self.workers = workers
        self.env = env
        self.args = ["serve", "--port", str(self.port), "--workers", str(workers), *args]
        self.proc: subprocess.Popen[bytes] | None = None
        self._seen_http = 0

    def __enter__(self) -> LiveServer:
        with self.log_path.open("wb") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "wegwijzer.cli.main", *self.args], env=self.env,
                                         stdout=out, stderr=subprocess.STDOUT)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        return self.proc.returncode

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def worker_pids(self) -> set[int]:
        return {int(p) for p in WORKER_STARTED.findall(self.log())}

    def parent_pid(self) -> int | None:
        found = PARENT_STARTED.search(self.log())
        return int(found.group(1)) if found else None

    def wait_ready(self, timeout: float = 240) -> set[int]:
        """Wait until every worker has started; their process ids."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None and self.proc.poll() is None, f"serve stopped:\n{self.log()[-3000:]}"
            pids = self.worker_pids()
            if len(pids) >= self.workers:
                self._seen_http = len(HTTP_LINE.findall(self.log()))
                return pids
            time.sleep(0.3)
        raise AssertionError(f"workers not started in {timeout} s:\n{self.log()[-3000:]}")

    def request(self, method: str, path: str, form: dict[str, str] | None = None,
                cookies: dict[str, str] | None = None, extra: dict[str, str] | None = None) -> Reply:
        """One request on a new connection; waits for its log line to learn which worker answered."""
        headers = {"Connection": "close", **(extra or {})}
        body = None
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            status, got_headers, content = response.status, response.getheaders(), response.read()
        finally:
            conn.close()
        return Reply(status, got_headers, content, self._pid_of(method, path.split("?")[0], status))

    def _pid_of(self, method: str, path: str, status: int, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = HTTP_LINE.findall(self.log())
            if len(lines) > self._seen_http:
                assert len(lines) == self._seen_http + 1, f"more than one request logged: {lines[self._seen_http:]}"
                self._seen_http += 1
                pid, got_method, got_path, got_status = lines[-1]
                assert (got_method, got_path, int(got_status)) == (method, path, status), lines[-1]
                return int(pid)
            time.sleep(0.02)
        raise AssertionError(f"no log line for {method} {path}")
