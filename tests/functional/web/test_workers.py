"""``wegwijzer serve --workers 2``: what one worker learns, the other knows.

A real server in a subprocess on the backend under test (SQLite file or PostgreSQL, the
``database_url`` fixture). Each request goes over a new connection, so either worker may answer; the
server log says which one did (see ``live_serve``). The tests keep asking until each worker has
answered, and check that a login, a form token and failed logins made on one worker count on the other.
"""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.accounts import PASSWORD, make_user
from tests.functional.web.live_serve import Browser, LiveServer, Reply, serve_environment
from tests.linkserver import LinkServer, link_server
from wegwijzer.db import Database
from wegwijzer.ingest.services import bundled_document, import_path

EDITOR = "redacteur@example.org"
LOCKED_OUT = "vergeetachtig@example.org"
TRIES = 300  # requests at most before both workers must have answered (about half each when idle; the
#             kernel may favour one worker for long stretches when the machine is busy)
CREATED = re.compile(r'<meta name="dcterms.created" content="([^"]+)">')


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    """Two workers on an empty database with two users; the bundle is imported by ``serve``."""
    database = Database(database_url)
    make_user(database, EDITOR, "redacteur")
    make_user(database, LOCKED_OUT, "redacteur")
    database.dispose()
    with LiveServer(serve_environment(tmp_path / "home", database_url), tmp_path / "serve.log", workers=2) as live:
        live.wait_ready()
        yield live
        returncode = live.stop()
    log = live.log()
    assert returncode in (0, -signal.SIGTERM), log[-3000:]
    assert "Traceback" not in log and "died" not in log, log[-3000:]


def until_each_worker(workers: set[int], attempt: Callable[[], Reply | tuple[Reply, ...]],
                      crossed: bool = False) -> list[Reply]:
    """Repeat ``attempt`` until every worker has answered its last request (with ``crossed``: a last
    request whose first request, the form, another worker answered); every reply."""
    replies: list[Reply] = []
    answered: set[int] = set()
    for _ in range(TRIES):
        result = attempt()
        step = result if isinstance(result, tuple) else (result,)
        replies.extend(step)
        if not crossed or step[0].pid != step[-1].pid:
            answered.add(step[-1].pid)
        if answered >= workers:
            return replies
    raise AssertionError(f"only workers {answered} of {workers} answered in {TRIES} tries")


def login(browser: Browser, email: str, password: str) -> tuple[Reply, Reply]:
    """The login form: GET (a form token bound to the anonymous cookie), then POST."""
    token, form_reply = browser.form_token("/inloggen")
    return form_reply, browser.request("POST", "/inloggen", {"email": email, "password": password,
                                                             "volgende": "/account", "csrf_token": token})


def test_two_workers_share_logins_form_tokens_login_throttle_and_renderings(server: LiveServer,
                                                                           tmp_path: Path) -> None:
    workers = server.worker_pids()
    assert len(workers) == 2 and server.parent_pid() not in workers
    log = server.log()
    imports = [line for line in log.splitlines() if "event=first_start_import" in line]
    assert len(imports) == 1 and f"pid={server.parent_pid()} " in imports[0]  # once, before the workers

    # Log in: each worker accepts a login posted with a form (token, cookie) the other worker made.
    browser = Browser(server)
    logins = until_each_worker(workers, lambda: login(browser, EDITOR, PASSWORD), crossed=True)
    assert all(r.status == 303 and r.header("location") == "/account" for r in logins[1::2]), \
        [(r.status, r.pid) for r in logins]
    session = browser.cookies["wegwijzer_sessie"]

    # The session is honoured by every worker.
    pages = until_each_worker(workers, lambda: browser.request("GET", "/account"))
    assert all(r.status == 200 and EDITOR in r.text for r in pages)
    assert browser.cookies["wegwijzer_sessie"] == session

    # A CSRF-protected form: each worker accepts a token the other made; neither accepts a forged one.
    def new_token() -> tuple[Reply, Reply]:
        token, page = browser.form_token("/account")
        return page, browser.request("POST", "/account/tokens", {"name": "cli", "csrf_token": token})

    posts = until_each_worker(workers, new_token, crossed=True)
    assert all(r.status == 200 and "ww_" in r.text for r in posts[1::2]), [r.status for r in posts]
    forged = until_each_worker(workers, lambda: browser.request("POST", "/account/tokens",
                                                                 {"name": "x", "csrf_token": "0" * 64}))
    assert {r.status for r in forged} == {403}

    # Failed logins count across workers: after 5 failures the account is locked on every worker,
    # even for the right password.
    stranger = Browser(server)
    failures = [login(stranger, LOCKED_OUT, "wrong password")[1] for _ in range(5)]
    assert [r.status for r in failures] == [400] * 5
    refused = until_each_worker(workers, lambda: login(stranger, LOCKED_OUT, PASSWORD)[1])
    assert all(r.status == 429 and "Te veel mislukte pogingen" in r.text for r in refused), \
        [(r.status, r.pid) for r in refused]

    # A rendering made by one worker is served by the other (shared on disk), not rendered again.
    first = server.request("GET", "/infobundel.html")
    assert first.status == 200, first.text[:500]
    time.sleep(1.1)  # a new rendering would carry a later "created" time
    again = until_each_worker(workers - {first.pid}, lambda: server.request("GET", "/infobundel.html"))
    created = CREATED.search(first.text)
    assert created and all(CREATED.search(r.text).group(1) == created.group(1) for r in again)  # type: ignore[union-attr]
    assert all(r.body == first.body for r in again)
    assert len(list((tmp_path / "home" / "cache" / "publish").glob("*.bin"))) == 1


def _directory_with_one_website(database_url: str, site: str) -> None:
    database = Database(database_url)
    import_path(database, bundled_document())
    with database.session() as session:
        session.execute(text("UPDATE organization SET website = :u WHERE website IS NOT NULL"), {"u": site})
        session.execute(text("UPDATE service SET url = NULL"))
        session.execute(text("UPDATE location SET url = NULL"))
    database.dispose()


@pytest.fixture
def links() -> Iterator[LinkServer]:
    with link_server() as srv:
        yield srv


def test_scheduled_link_check_runs_once_not_once_per_worker(database_url: str, tmp_path: Path,
                                                            links: LinkServer) -> None:
    _directory_with_one_website(database_url, links.base + "/ok")
    env = serve_environment(tmp_path / "home", database_url, linkcheck_interval_hours="1",
                            linkcheck_timeout_seconds="5")
    with LiveServer(env, tmp_path / "serve.log", workers=2) as live:
        workers = live.wait_ready()
        until_each_worker(workers, lambda: live.request("GET", "/api/"))  # both workers are fully up
        deadline = time.monotonic() + 30
        while "event=linkcheck_done" not in live.log() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)  # a second schedule (one per worker) would have checked by now
        log = live.log()
    assert log.count("event=linkcheck_scheduled") == 1 and log.count("event=linkcheck_done") == 1, log[-3000:]
    done = next(line for line in log.splitlines() if "event=linkcheck_done" in line)
    assert f"pid={live.parent_pid()} " in done and "urls=1 " in done
    assert links.seen.requests == [("HEAD", "/ok")]
