"""The link checker: is a website still there? Behind a small Protocol, chosen by setting.

``HttpLinkChecker`` asks each URL over the network (HEAD, then GET when HEAD is refused; redirects
followed, at most 5; a per-request timeout; a few requests at a time; a polite User-Agent).
``NullLinkChecker`` checks nothing and records nothing (``WEGWIJZER_LINKCHECK=off``).

A check never raises for a bad website: every failure becomes a :class:`LinkResult` with a short
reason code (see :data:`REASONS`). The rule that turns failures into "broken" lives here too
(:func:`next_state`, :func:`is_broken`), as pure functions.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import urlsplit

import httpx

from wegwijzer.config import Settings
from wegwijzer.web.i18n import N_

VERSION = "0.1"
MAX_REDIRECTS = 5
#: HEAD answered with one of these: ask again with GET (many servers refuse or mishandle HEAD)
HEAD_REFUSED = frozenset({403, 405, 501})
#: statuses that say "gone" at once: broken after a single failure
GONE = frozenset({404, 410})
#: failures in a row after which any failing URL counts as broken
FAILURES_FOR_BROKEN = 2

#: reason code -> Dutch description (a msgid of the website's catalogues)
REASONS: dict[str, str] = {
    "http_status": N_("Foutcode van de server"),
    "timeout": N_("Geen antwoord binnen de tijdslimiet"),
    "dns": N_("Domeinnaam niet gevonden"),
    "refused": N_("Verbinding geweigerd"),
    "tls": N_("Beveiligde verbinding (TLS) mislukt"),
    "redirects": N_("Te veel doorverwijzingen"),
    "invalid_url": N_("Geen geldig http- of https-adres"),
    "connection": N_("Verbindingsfout"),
}

OnResult = Callable[["LinkResult"], None]


@dataclass(frozen=True)
class LinkResult:
    """What one check of one URL found."""

    url: str
    ok: bool
    status_code: int | None = None
    reason: str | None = None  # a key of REASONS when not ok
    final_url: str | None = None  # where the redirects ended

    @property
    def permanent(self) -> bool:
        """A failure that will not go away by itself: 404/410 or an address that is not http(s)."""
        return not self.ok and (self.status_code in GONE or self.reason == "invalid_url")


class LinkChecker(Protocol):
    def check(self, urls: Iterable[str], on_result: OnResult | None = None) -> list[LinkResult]:
        """One result per distinct URL, in the order given; ``on_result`` is called as each arrives."""
        ...


class NullLinkChecker:
    """Checks nothing: no network access, no results (so nothing is recorded)."""

    def check(self, urls: Iterable[str], on_result: OnResult | None = None) -> list[LinkResult]:
        return []


def is_http_url(url: str) -> bool:
    """An absolute http or https URL with a host and no white space."""
    if not url or any(ch.isspace() for ch in url):
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def user_agent(base_url: str) -> str:
    return f"Wegwijzer-linkcheck/{VERSION} (+{base_url})"


def _chain(exc: BaseException) -> Iterable[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def classify_error(exc: BaseException) -> str:
    """The reason code for an exception raised while fetching a URL."""
    if isinstance(exc, httpx.TooManyRedirects):
        return "redirects"
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return "invalid_url"
    for cause in _chain(exc):
        if isinstance(cause, socket.gaierror):
            return "dns"
        if isinstance(cause, ConnectionRefusedError):
            return "refused"
        if isinstance(cause, ssl.SSLError):
            return "tls"
        if isinstance(cause, TimeoutError):
            return "timeout"
    text = " ".join(str(cause) for cause in _chain(exc)).lower()
    if "name or service not known" in text or "nodename nor servname" in text or "name resolution" in text:
        return "dns"
    if "connection refused" in text:
        return "refused"
    if "ssl" in text or "certificate" in text:
        return "tls"
    return "connection"


class HttpLinkChecker:
    """Checks URLs over HTTP(S) with httpx, ``concurrency`` at a time."""

    def __init__(self, timeout: float = 10.0, concurrency: int = 4, agent: str = user_agent(""),
                 max_redirects: int = MAX_REDIRECTS) -> None:
        self.timeout = timeout
        self.concurrency = max(1, concurrency)
        self.agent = agent
        self.max_redirects = max_redirects

    def check(self, urls: Iterable[str], on_result: OnResult | None = None) -> list[LinkResult]:
        unique = list(dict.fromkeys(urls))
        if not unique:
            return []
        results: dict[str, LinkResult] = {}
        limits = httpx.Limits(max_connections=self.concurrency * 2, max_keepalive_connections=self.concurrency)
        with (
            httpx.Client(timeout=self.timeout, follow_redirects=True, max_redirects=self.max_redirects,
                         headers={"User-Agent": self.agent}, limits=limits) as client,
            ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="linkcheck") as pool,
        ):
            futures = [pool.submit(self._check_one, client, url) for url in unique]
            for future in as_completed(futures):
                result = future.result()
                results[result.url] = result
                if on_result is not None:
                    on_result(result)
        return [results[url] for url in unique]

    def _check_one(self, client: httpx.Client, url: str) -> LinkResult:
        if not is_http_url(url):
            return LinkResult(url, ok=False, reason="invalid_url")
        try:
            response = client.head(url)
            if response.status_code in HEAD_REFUSED:
                with client.stream("GET", url) as streamed:  # the status is enough: the body is not read
                    response = streamed
        except Exception as exc:  # noqa: BLE001 - one odd website must never stop the run
            return LinkResult(url, ok=False, reason=classify_error(exc))
        status = response.status_code
        ok = status < 400
        return LinkResult(url, ok=ok, status_code=status, reason=None if ok else "http_status",
                          final_url=str(response.url))


def make_link_checker(settings: Settings, timeout: float | None = None) -> LinkChecker:
    """The checker the settings ask for (``linkcheck``: "http" or "off")."""
    if settings.linkcheck == "off":
        return NullLinkChecker()
    return HttpLinkChecker(timeout=timeout or settings.linkcheck_timeout_seconds,
                           concurrency=settings.linkcheck_concurrency, agent=user_agent(settings.base_url))


# --- the "broken" rule (pure) ------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkState:
    """The stored state of one URL (the columns of ``link_check`` that the rule needs)."""

    ok: bool
    status_code: int | None
    reason: str | None
    final_url: str | None
    last_checked_at: datetime
    first_seen_broken: datetime | None
    consecutive_failures: int


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def next_state(previous: LinkState | None, result: LinkResult, now: datetime) -> LinkState:
    """The state after one more check: a success clears the streak, a failure extends it."""
    if result.ok:
        return LinkState(True, result.status_code, None, result.final_url, now, None, 0)
    failures = (previous.consecutive_failures if previous else 0) + 1
    since = aware(previous.first_seen_broken) if previous and previous.first_seen_broken else now
    return LinkState(False, result.status_code, result.reason, result.final_url, now, since, failures)


def is_broken(ok: bool, consecutive_failures: int, status_code: int | None, reason: str | None) -> bool:
    """Broken: failed on 2 runs in a row, or failed once with 404/410 or a non-http(s) address."""
    if ok or consecutive_failures < 1:
        return False
    if status_code in GONE or reason == "invalid_url":
        return True
    return consecutive_failures >= FAILURES_FOR_BROKEN
