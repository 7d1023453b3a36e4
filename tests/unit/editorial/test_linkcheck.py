"""The HTTP link checker against a real local server (never the internet), and the null checker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.linkserver import LinkServer, closed_port, link_server
from wegwijzer.config import Settings
from wegwijzer.editorial.linkcheck import (
    HttpLinkChecker,
    LinkResult,
    NullLinkChecker,
    is_http_url,
    make_link_checker,
    user_agent,
)


@pytest.fixture(scope="module")
def server() -> Iterator[LinkServer]:
    with link_server() as srv:
        yield srv


@pytest.fixture(scope="module")
def checker() -> HttpLinkChecker:
    return HttpLinkChecker(timeout=2, concurrency=4, agent=user_agent("https://wegwijzer.example.org"))


def check_one(checker: HttpLinkChecker, url: str) -> LinkResult:
    [result] = checker.check([url])
    return result


@pytest.mark.parametrize(("path", "ok", "status", "reason"), [
    ("/ok", True, 200, None),
    ("/missing", False, 404, "http_status"),
    ("/gone", False, 410, "http_status"),
    ("/error", False, 500, "http_status"),
    ("/no-head-405", True, 200, None),
    ("/no-head-403", True, 200, None),
    ("/no-head-501", True, 200, None),
])
def test_status_of_each_path(server: LinkServer, checker: HttpLinkChecker, path: str, ok: bool, status: int,
                             reason: str | None) -> None:
    result = check_one(checker, server.base + path)
    assert (result.ok, result.status_code, result.reason) == (ok, status, reason)


def test_head_refused_falls_back_to_get(server: LinkServer, checker: HttpLinkChecker) -> None:
    check_one(checker, server.base + "/no-head-405?fallback")
    assert ("HEAD", "/no-head-405") in server.seen.requests
    assert ("GET", "/no-head-405") in server.seen.requests


def test_a_working_page_is_asked_with_head_only(server: LinkServer, checker: HttpLinkChecker) -> None:
    server.seen.requests.clear()
    check_one(checker, server.base + "/ok?head-only")
    assert server.seen.requests == [("HEAD", "/ok")]


def test_redirect_is_followed_and_final_url_recorded(server: LinkServer, checker: HttpLinkChecker) -> None:
    result = check_one(checker, server.base + "/moved")
    assert result.ok and result.status_code == 200
    assert result.final_url == server.base + "/ok"


def test_endless_redirects_are_broken(server: LinkServer, checker: HttpLinkChecker) -> None:
    result = check_one(checker, server.base + "/loop")
    assert not result.ok and result.reason == "redirects"


def test_slow_page_beyond_the_timeout_is_a_timeout(server: LinkServer) -> None:
    quick = HttpLinkChecker(timeout=0.3, concurrency=1)
    result = check_one(quick, server.base + "/slow")
    assert not result.ok and result.reason == "timeout" and result.status_code is None


def test_connection_refused(checker: HttpLinkChecker) -> None:
    result = check_one(checker, f"http://127.0.0.1:{closed_port()}/")
    assert not result.ok and result.reason == "refused"


def test_tls_error_when_the_server_speaks_plain_http(server: LinkServer, checker: HttpLinkChecker) -> None:
    result = check_one(checker, server.base.replace("http://", "https://") + "/ok")
    assert not result.ok and result.reason == "tls"


def test_unknown_domain_is_a_dns_failure(checker: HttpLinkChecker) -> None:
    result = check_one(checker, "http://nergens.invalid/")  # .invalid never resolves (RFC 2606)
    assert not result.ok and result.reason == "dns"


@pytest.mark.parametrize("url", ["mailto:info@example.org", "ftp://example.org/", "www.example.org", "http://",
                                 "https://exa mple.org", ""])
def test_only_http_and_https_urls_are_fetched(checker: HttpLinkChecker, url: str) -> None:
    result = check_one(checker, url)
    assert not result.ok and result.reason == "invalid_url" and result.permanent


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.vgc.be", True), ("http://example.org/a?b=c", True), ("HTTPS://EXAMPLE.ORG", True),
    ("https://", False), ("javascript:alert(1)", False), ("//example.org", False), (" https://x.be", False),
])
def test_is_http_url(url: str, expected: bool) -> None:
    assert is_http_url(url) is expected


def test_polite_user_agent_names_the_site(server: LinkServer, checker: HttpLinkChecker) -> None:
    check_one(checker, server.base + "/ok?agent")
    assert "Wegwijzer-linkcheck/0.1 (+https://wegwijzer.example.org)" in server.seen.agents


def test_results_come_in_input_order_once_per_url(server: LinkServer, checker: HttpLinkChecker) -> None:
    urls = [server.base + p for p in ("/error", "/ok", "/missing", "/ok")]
    seen: list[str] = []
    results = checker.check(urls, on_result=lambda r: seen.append(r.url))
    assert [r.url for r in results] == [server.base + p for p in ("/error", "/ok", "/missing")]
    assert sorted(seen) == sorted(r.url for r in results)


def test_concurrency_is_bounded(server: LinkServer) -> None:
    server.seen.max_active = 0
    pair = HttpLinkChecker(timeout=5, concurrency=2)
    results = pair.check([f"{server.base}/busy?n={n}" for n in range(10)])
    assert all(r.ok for r in results)
    assert 1 <= server.seen.max_active <= 2


def test_null_checker_checks_nothing(server: LinkServer) -> None:
    server.seen.requests.clear()
    assert NullLinkChecker().check([server.base + "/ok"]) == []
    assert server.seen.requests == []


def test_settings_choose_the_checker() -> None:
    assert isinstance(make_link_checker(Settings(linkcheck="off")), NullLinkChecker)
    checker = make_link_checker(Settings(linkcheck="http", linkcheck_timeout_seconds=3, linkcheck_concurrency=2,
                                         base_url="https://wegwijzer.example.org"), timeout=1.5)
    assert isinstance(checker, HttpLinkChecker)
    assert (checker.timeout, checker.concurrency) == (1.5, 2)
    assert checker.agent.endswith("(+https://wegwijzer.example.org)")
