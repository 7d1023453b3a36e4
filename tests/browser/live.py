"""Shared by the browser tests that run their own server (accounts, editorial): a uvicorn server on a
free port in a thread, and logging in through the real login form (with the TOTP code step)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import expect

from tests.accounts import PASSWORD, totp_code
from tests.browser.conftest import LiveServer, _wait_until_answering
from wegwijzer.db import Database


@contextmanager
def serve(app: Any) -> Iterator[LiveServer]:
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="auto"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    live = LiveServer(f"http://127.0.0.1:{sock.getsockname()[1]}")
    try:
        _wait_until_answering(live.url("/"), thread)
        yield live
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def log_in(page: Any, email: str, database: Database) -> None:
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: not url.endswith("/inloggen"))
    if "/inloggen/code" in page.url:
        page.get_by_label("Code").fill(totp_code(database, email))
        page.get_by_role("button", name="Bevestigen").click()
    expect(page.locator(".user-menu").get_by_text(email)).to_be_visible()
