"""A real local web server for link checker tests (127.0.0.1, a thread; never the internet).

Paths: ``/ok`` 200, ``/moved`` 301 -> ``/ok``, ``/loop`` redirects forever, ``/missing`` 404,
``/gone`` 410, ``/error`` 500, ``/no-head-405`` (and ``-403``, ``-501``): HEAD refused, GET 200,
``/slow``: answers only after ``release`` is set (or 10 s), beyond any short test timeout.
Query strings are ignored, so ``/ok?n=1`` and ``/ok?n=2`` are distinct URLs for the same page.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Seen:
    """What the server saw: request lines, User-Agents, and the most ``/busy`` requests at the same time."""

    requests: list[tuple[str, str]] = field(default_factory=list)
    agents: set[str] = field(default_factory=set)
    active: int = 0
    max_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    release: threading.Event = field(default_factory=threading.Event)


class LinkServer(ThreadingHTTPServer):
    daemon_threads = True
    seen: Seen

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class Handler(BaseHTTPRequestHandler):
    server: LinkServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep test output quiet
        pass

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self._answer(with_body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(with_body=True)

    def _answer(self, with_body: bool) -> None:
        seen = self.server.seen
        path = urlsplit(self.path).path
        busy = path == "/busy"
        with seen.lock:
            seen.requests.append((self.command, path))
            seen.agents.add(self.headers.get("User-Agent", ""))
            seen.active += busy
            seen.max_active = max(seen.max_active, seen.active)
        try:
            self._route(path, with_body)
        finally:
            if busy and not self._released:
                self._release()

    _released = False

    def _release(self) -> None:
        """A /busy request stops counting as active BEFORE its answer goes out: once the client has the
        answer it may start its next request at once, which must not look like one too many at a time."""
        with self.server.seen.lock:
            self.server.seen.active -= 1
        self._released = True

    def _route(self, path: str, with_body: bool) -> None:
        if path == "/ok":
            self._send(200, with_body)
        elif path == "/busy":  # a page that keeps the request open a moment (concurrency test)
            self.server.seen.release.wait(0.2)
            self._release()
            self._send(200, with_body)
        elif path == "/moved":
            self._send(301, with_body, location="/ok")
        elif path == "/loop":
            self._send(302, with_body, location="/loop")
        elif path == "/missing":
            self._send(404, with_body)
        elif path == "/gone":
            self._send(410, with_body)
        elif path == "/error":
            self._send(500, with_body)
        elif path.startswith("/no-head-"):
            refused = int(path.removeprefix("/no-head-"))
            self._send(200 if with_body else refused, with_body)
        elif path == "/slow":
            self.server.seen.release.wait(10)
            self._send(200, with_body)
        else:
            self._send(404, with_body)

    def _send(self, status: int, with_body: bool, location: str | None = None) -> None:
        body = f"status {status}\n".encode()
        try:
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)
        except OSError:  # the client gave up (timeout test)
            pass


@contextmanager
def link_server() -> Iterator[LinkServer]:
    server = LinkServer(("127.0.0.1", 0), Handler)
    server.seen = Seen()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.seen.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def closed_port() -> int:
    """A local port nobody listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
