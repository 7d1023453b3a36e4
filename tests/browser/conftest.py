"""Browser tests: the real app served by uvicorn, driven by headless Debian Chromium, checked by axe-core.

Nothing is downloaded at test time: Playwright launches the system browser (``/usr/bin/chromium``, or
``WEGWIJZER_CHROMIUM``) and axe-core comes from ``node_modules`` (``npm ci`` at the repo root). When
either is missing the tests FAIL with a message saying how to install it; ``.ci/run`` installs both.

One server and one browser per session keep the run fast; every test gets a fresh browser context
(its own cookies and storage). Screenshots and axe reports go to ``tests/browser/artifacts/``
(git-ignored).

About the Content-Security-Policy: the site sends a strict CSP (no ``unsafe-inline``), which would block
the inline ``<script>`` that ``page.add_script_tag`` uses to inject axe-core. The ordinary contexts are
therefore opened with ``bypass_csp=True``; ``strict_context`` opens one without it, so the site's own
scripts and styles are still tested against the real policy (see ``test_csp.py``).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("WEGWIJZER_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # The site must work offline: no host but the loopback server resolves (cheaper than request routing,
    # which would send every request through Python).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}

# WCAG 2.1 level A and AA rules only.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],  # passes/incomplete are summarised only: much faster on long pages
}
BLOCKING_IMPACTS = {"serious", "critical"}

# Every axe run of the session, written to artifacts/axe-summary.json at the end.
AXE_RESULTS: dict[str, list[dict[str, Any]]] = {}


# --------------------------------------------------------------------------- server


class LiveServer:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def url(self, path: str = "/") -> str:
        return self.base_url + path


def _wait_until_answering(url: str, thread: threading.Thread, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if not thread.is_alive():
            pytest.fail(f"the web server thread died while starting (see the log above); last error: {last_error}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback only)
                if response.status < 500:
                    return
        except urllib.error.HTTPError as exc:  # a 4xx still means it answers
            if exc.code < 500:
                return
            last_error = exc
        except OSError as exc:
            last_error = exc
        time.sleep(0.1)
    pytest.fail(f"the web server at {url} did not answer within {timeout:.0f} s: {last_error}")


@pytest.fixture(scope="session")
def live_server(clone_imported: Callable[[], str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real app (``create_app``) on a free loopback port, over a copy of the imported bundle."""
    import uvicorn

    from wegwijzer.app import create_app
    from wegwijzer.config import Settings
    from wegwijzer.db import Database

    home = tmp_path_factory.mktemp("browser-home")
    url = clone_imported()
    database = Database(url)
    app = create_app(settings=Settings(home=home, database_url=url), database=database)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="auto")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="wegwijzer-live-server", daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(base_url + "/", thread)
        yield LiveServer(base_url)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        database.dispose()


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium, launched by Playwright (which downloads nothing)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's browser with `apt-get install -y chromium` "
            "(.ci/run does this) or point WEGWIJZER_CHROMIUM at a Chromium binary.",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extras declare it
        pytest.fail("the Python package `playwright` is missing: pip install -e '.[test]'", pytrace=False)

    # Playwright's launch() always starts the browser on a fresh, temporary user data dir (it passes
    # --user-data-dir itself and deletes the folder on close); HOME is pointed at a scratch folder too so
    # Chromium's own caches and crash reports stay out of the user's home.
    scratch = Path(tempfile.mkdtemp(prefix="wegwijzer-chromium-"))
    env = {
        **os.environ,
        "HOME": str(scratch),
        "XDG_CONFIG_HOME": str(scratch / "config"),
        "XDG_CACHE_HOME": str(scratch / "cache"),
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, env=env)
        try:
            yield browser
        finally:
            browser.close()
    shutil.rmtree(scratch, ignore_errors=True)


def _new_context(
    browser: Any, live_server: LiveServer, *, bypass_csp: bool, viewport: dict[str, int], locale: str = "nl-BE"
) -> Any:
    context = browser.new_context(
        base_url=live_server.base_url, bypass_csp=bypass_csp, viewport=viewport, locale=locale, service_workers="block"
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def context(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A desktop (1280×900) context; CSP bypassed so axe-core can be injected."""
    context = _new_context(browser, live_server, bypass_csp=True, viewport=DESKTOP)
    yield context
    context.close()


@pytest.fixture
def mobile_context(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A phone-sized (390×844) context; CSP bypassed so axe-core can be injected."""
    context = _new_context(browser, live_server, bypass_csp=True, viewport=MOBILE)
    yield context
    context.close()


@pytest.fixture
def strict_context(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A desktop context that enforces the site's Content-Security-Policy (no axe injection here)."""
    context = _new_context(browser, live_server, bypass_csp=False, viewport=DESKTOP)
    yield context
    context.close()


class PageErrors:
    """JavaScript errors and console errors seen by a page."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"console: {msg.text}"))


@pytest.fixture
def page(context: Any) -> Iterator[Any]:
    page = context.new_page()
    errors = PageErrors(page)
    yield page
    # A page that throws is a bug even when the test's own assertions passed (404 responses log a
    # console error for the failed resource, which is expected on the 404 page and filtered there).
    unexpected = [e for e in errors.errors if "404" not in e and "Failed to load resource" not in e]
    assert not unexpected, "JavaScript errors on the page:\n" + "\n".join(unexpected)


@pytest.fixture
def mobile_page(mobile_context: Any) -> Iterator[Any]:
    yield mobile_context.new_page()


# --------------------------------------------------------------------------- artefacts and axe


def screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot as a test artefact (tests/browser/artifacts/<name>.png)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def _format_violation(violation: dict[str, Any]) -> str:
    targets = []
    for node in violation.get("nodes", [])[:8]:
        target = " ".join(str(t) for t in node.get("target", []))
        summary = (node.get("failureSummary") or "").replace("\n", " ")[:200]
        targets.append(f"      - {target}  ({summary})" if summary else f"      - {target}")
    more = len(violation.get("nodes", [])) - 8
    if more > 0:
        targets.append(f"      … and {more} more")
    return (
        f"  [{violation.get('impact')}] {violation['id']}: {violation.get('help')}\n"
        f"    {violation.get('helpUrl', '')}\n" + "\n".join(targets)
    )


def run_axe(page: Any) -> dict[str, Any]:
    """Inject axe-core (from node_modules) into the page and run the WCAG 2.1 A/AA rules."""
    if not AXE_JS.exists():
        pytest.fail(
            f"axe-core not found at {AXE_JS}: run `npm ci` at the repository root (.ci/run does this).", pytrace=False
        )
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Inline script tag: needs the context's bypass_csp=True under the site's strict CSP.
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)


def check_axe(page: Any, label: str) -> list[dict[str, Any]]:
    """Fail when axe-core reports a serious or critical WCAG 2.1 AA violation; return all violations.

    Every run is recorded (artifacts/axe-<label>.json and the session summary) with minor and moderate
    findings too, so they can be read without failing the build.
    """
    results = run_axe(page)
    violations = results.get("violations", [])
    AXE_RESULTS[label] = [
        {
            "id": v["id"],
            "impact": v.get("impact"),
            "help": v.get("help"),
            "nodes": len(v.get("nodes", [])),
            "targets": [" ".join(str(t) for t in n.get("target", [])) for n in v.get("nodes", [])[:10]],
        }
        for v in violations
    ]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{label}.json").write_text(
        json.dumps(
            {
                "url": page.url,
                "violations": violations,
                "incomplete": [
                    {"id": i["id"], "impact": i.get("impact"), "nodes": len(i.get("nodes", []))}
                    for i in results.get("incomplete", [])
                ],
            },
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(
            f"axe-core: {len(blocking)} serious/critical WCAG 2.1 AA violation(s) on {label} ({page.url}):\n"
            + "\n".join(_format_violation(v) for v in blocking),
            pytrace=False,
        )
    return violations


@pytest.fixture(scope="session", autouse=True)
def _axe_summary() -> Iterator[None]:
    yield
    if AXE_RESULTS:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "axe-summary.json").write_text(
            json.dumps(AXE_RESULTS, indent=2, ensure_ascii=False), encoding="utf-8"
        )
