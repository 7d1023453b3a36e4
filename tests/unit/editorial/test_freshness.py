"""Pure freshness rules: review due, e-mail and phone checks, the "broken link" rule, suggestion ages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from wegwijzer.editorial.freshness import (
    days_since,
    is_due,
    is_plus32_phone,
    looks_like_email,
    parse_day,
    summarize_suggestions,
)
from wegwijzer.editorial.linkcheck import LinkResult, is_broken, next_state

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("assured", "interval", "due"), [
    (None, 365, True),  # never checked
    ("", 365, True),
    ("geen datum", 365, True),  # not a date: treated as never checked
    ("2025-11-28", 365, True),  # exactly 365 days ago: due
    ("2025-11-29", 365, False),  # 364 days ago: not yet
    ("2026-11-28", 365, False),  # checked today
    ("2027-01-01", 365, False),  # a date in the future is not due
    ("2026-10-29", 30, True),  # 30 days with a 30-day interval
    ("2026-10-30", 30, False),
    ("2020-02-29", 365, True),
])
def test_is_due_at_the_boundaries(assured: str | None, interval: int, due: bool) -> None:
    assert is_due(assured, TODAY, interval) is due


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-11-28", date(2025, 11, 28)), ("2025-11-28T10:00:00", date(2025, 11, 28)), (" 2025-01-02 ", date(2025, 1, 2)),
    ("28/11/2025", None), ("2025-02-30", None), (None, None),
])
def test_parse_day(value: str | None, expected: date | None) -> None:
    assert parse_day(value) == expected


def test_days_since() -> None:
    assert days_since(date(2026, 11, 1), TODAY) == 27
    assert days_since(None, TODAY) is None


@pytest.mark.parametrize(("email", "valid"), [
    ("redacteur@example.org", True),
    ("info@scholierenkoepel.be", True),
    ("timothy.van.raemdonck@g-o.be", True),
    ("a+b@sub.domain.brussels", True),
    (" info@example.org ", True),  # surrounding white space is ignored
    ("", False),
    (None, False),
    ("info@example", False),  # no top-level domain
    ("info.example.org", False),  # no @
    ("info@@example.org", False),
    ("info @example.org", False),
    ("info@example..org", False),
    (".info@example.org", False),
    ("info.@example.org", False),
    ("info@-example.org", False),
    ("info@example.b", False),  # one-letter TLD
    ("info@example.org.", False),
    ("mailto:info@example.org", False),
    ("<script>@example.org", False),
    ("a" * 250 + "@example.org", False),  # longer than 254
])
def test_looks_like_email(email: str | None, valid: bool) -> None:
    assert looks_like_email(email) is valid


@pytest.mark.parametrize(("phone", "valid"), [
    ("+32 2 558 18 80", True),  # Brussels landline
    ("+32 495 60 25 20", True),  # mobile
    ("+32 800 35 123", True),  # free number
    ("+32.2.558.18.80", True),
    ("+32 2/558 18 80", True),
    ("+3225581880", True),
    ("02 558 18 80", False),  # national form
    ("0495 60 25 20", False),
    ("+32 02 558 18 80", False),  # trunk 0 after +32
    ("+32 2 558 18", False),  # too short
    ("+32 495 60 25 20 11", False),  # too long
    ("+33 1 23 45 67 89", False),  # not Belgian
    ("0032 2 558 18 80", False),
    ("1712", True),  # helpline short numbers
    ("102", True),
    ("116 000", True),
    ("12", False),
    ("", False),
    (None, False),
    ("bel ons", False),
])
def test_is_plus32_phone(phone: str | None, valid: bool) -> None:
    assert is_plus32_phone(phone) is valid


def fail(status: int | None = None, reason: str = "timeout") -> LinkResult:
    return LinkResult("https://voorbeeld.invalid", ok=False, status_code=status, reason=reason)


OK = LinkResult("https://voorbeeld.invalid", ok=True, status_code=200)


@pytest.mark.parametrize(("history", "broken"), [
    ([OK], False),
    ([fail()], False),  # one timeout: maybe a bad moment
    ([fail(), fail()], True),  # two runs in a row
    ([fail(500, "http_status"), fail(500, "http_status")], True),
    ([fail(), OK, fail()], False),  # a success resets the streak
    ([fail(404, "http_status")], True),  # gone at once
    ([fail(410, "http_status")], True),
    ([fail(403, "http_status")], False),
    ([fail(reason="invalid_url")], True),  # not an http(s) address: no use waiting
    ([fail(404, "http_status"), OK], False),
    ([fail(reason="dns"), fail(reason="refused"), fail(reason="tls")], True),
])
def test_broken_rule(history: list[LinkResult], broken: bool) -> None:
    state = None
    for step, result in enumerate(history):
        state = next_state(state, result, NOW + timedelta(days=step))
    assert state is not None
    assert is_broken(state.ok, state.consecutive_failures, state.status_code, state.reason) is broken


def test_failure_streak_keeps_the_first_failure_time() -> None:
    first = next_state(None, fail(), NOW)
    second = next_state(first, fail(500, "http_status"), NOW + timedelta(days=1))
    assert second.first_seen_broken == NOW and second.consecutive_failures == 2
    assert second.last_checked_at == NOW + timedelta(days=1) and second.status_code == 500
    healed = next_state(second, OK, NOW + timedelta(days=2))
    assert healed.ok and healed.first_seen_broken is None and healed.consecutive_failures == 0


def test_summarize_suggestions_counts_and_ages_per_organisation() -> None:
    pending = [("org-a", "Organisatie A", NOW - timedelta(days=3)),
               ("org-b", "Organisatie B", NOW - timedelta(days=40)),
               ("org-a", "Organisatie A", NOW - timedelta(days=10)),
               (None, "", NOW - timedelta(hours=5))]
    summary = summarize_suggestions(pending, NOW)
    assert summary.count == 4 and summary.oldest_days == 40
    rows = [(r.organization.id, r.organization.name, r.count, r.oldest_days) for r in summary.per_organization]
    assert rows == [("org-b", "Organisatie B", 1, 40), ("org-a", "Organisatie A", 2, 10), ("", "", 1, 0)]


def test_summarize_keeps_the_full_count_when_only_the_oldest_are_listed() -> None:
    summary = summarize_suggestions([("org-a", "Organisatie A", NOW - timedelta(days=3))], NOW, total=1500)
    assert summary.count == 1500 and summary.oldest_days == 3


def test_summarize_no_suggestions() -> None:
    summary = summarize_suggestions([], NOW)
    assert (summary.count, summary.oldest_days, summary.per_organization) == (0, None, [])


def test_naive_times_from_sqlite_are_read_as_utc() -> None:
    summary = summarize_suggestions([("x", "X", datetime(2026, 11, 18, 12, 0))], NOW)
    assert summary.oldest_days == 10
