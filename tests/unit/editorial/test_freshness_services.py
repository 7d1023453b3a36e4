"""Freshness use cases on a real SQLite file: contact data, stored link checks, due services, dashboard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.linkserver import LinkServer, link_server
from wegwijzer.accounts.principal import Principal
from wegwijzer.config import Settings
from wegwijzer.db import Database
from wegwijzer.directory.models import Contact, Location, Organization, Phone, Service, ServiceAtLocation
from wegwijzer.editorial.freshness import dashboard, due_services
from wegwijzer.editorial.freshness_links import (
    ContactData,
    LinkCheckSchedule,
    run_link_check,
    start_schedule,
    store_results,
)
from wegwijzer.editorial.freshness_models import LinkCheck
from wegwijzer.editorial.linkcheck import HttpLinkChecker, LinkResult, NullLinkChecker
from wegwijzer.editorial.services import reject_suggestion, submit_suggestion

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def org(session: Session, oid: str, **kw: object) -> Organization:
    row = Organization(id=oid, name=f"Organisatie {oid}", description="", **kw)
    session.add(row)
    return row


def svc(session: Session, sid: str, oid: str, **kw: object) -> Service:
    row = Service(id=sid, organization_id=oid, name=f"Dienst {sid}", **kw)
    session.add(row)
    return row


@pytest.fixture
def contacts_db(db: Database) -> Database:
    """Invented records: each service reaches (or not) people in a different way."""
    with db.session() as s:
        org(s, "o-site", website="https://o-site.example.org")
        org(s, "o-none")
        org(s, "o-mail", email="info@o-mail.example.org")
        s.flush()
        svc(s, "s-own-phone", "o-none", assured_date="2026-01-10")
        svc(s, "s-org-site", "o-site", url="https://o-site.example.org", assured_date="2025-11-28")
        svc(s, "s-nothing", "o-none", assured_date="2026-11-01")
        svc(s, "s-location", "o-none")
        svc(s, "s-contact", "o-none")
        svc(s, "s-org-mail", "o-mail", email="niet-geldig@", assured_date="2025-11-29")
        svc(s, "s-defunct", "o-none", status="defunct")
        s.add(Location(id="l-virtual", location_type="virtual", url="https://online.example.org",
                       organization_id="o-none", name="Online"))
        s.flush()
        s.add(ServiceAtLocation(id="sal-1", service_id="s-location", location_id="l-virtual"))
        s.add(Contact(id="c-1", service_id="s-contact", name="Coördinator", email="coordinator@example.org"))
        s.flush()
        s.add(Phone(id="p-1", service_id="s-own-phone", number="02 558 18 80"))
        s.add(Phone(id="p-2", contact_id="c-1", number="+32 2 558 18 80"))
    return db


def test_contact_data_finds_websites_with_every_record_using_them(contacts_db: Database) -> None:
    with contacts_db.session() as s:
        sites = ContactData.load(s).websites()
    assert set(sites) == {"https://o-site.example.org", "https://online.example.org"}
    assert [(r.kind, r.id, r.href) for r in sites["https://o-site.example.org"]] == [
        ("organization", "o-site", "/organisaties/o-site"), ("service", "s-org-site", "/diensten/s-org-site")]
    [location] = sites["https://online.example.org"]
    assert (location.kind, location.name, location.href) == ("location", "Online", "/organisaties/o-none")


def test_unreachable_services_have_no_phone_email_or_website_anywhere(contacts_db: Database) -> None:
    with contacts_db.session() as s:
        data = ContactData.load(s)
    reachable = {ref.id: data.reachable(ref.id) for ref in data.services}
    assert reachable == {"s-own-phone": True, "s-org-site": True, "s-nothing": False, "s-location": True,
                         "s-contact": True, "s-org-mail": True}  # the defunct service is left out


def test_phones_of_a_contact_belong_to_the_contacts_record(contacts_db: Database) -> None:
    with contacts_db.session() as s:
        data = ContactData.load(s)
    assert sorted((ref.id, number) for ref, number in data.phones) == [
        ("s-contact", "+32 2 558 18 80"), ("s-own-phone", "02 558 18 80")]


def test_due_services_never_checked_first_then_oldest(contacts_db: Database) -> None:
    with contacts_db.session() as s:
        due = due_services(s, NOW.date(), 365)
    assert [(d.service.id, d.days) for d in due] == [
        ("s-contact", None), ("s-location", None), ("s-org-site", 365)]


def test_dashboard_lists_the_problems(contacts_db: Database) -> None:
    with contacts_db.session() as s:
        store_results(s, [LinkResult("https://online.example.org", ok=False, status_code=404, reason="http_status")],
                      NOW - timedelta(days=2))
    with contacts_db.session() as s:
        board = dashboard(s, NOW, review_interval_days=300)
    assert board.services_total == 6
    assert {d.service.id for d in board.due} == {"s-location", "s-contact", "s-org-site", "s-org-mail", "s-own-phone"}
    assert [(b.url, [r.id for r in b.records]) for b in board.broken_links] == [
        ("https://online.example.org", ["l-virtual"])]
    assert [(i.record.id, i.value) for i in board.invalid_emails] == [("s-org-mail", "niet-geldig@")]
    assert [(i.record.id, i.value) for i in board.phone_problems] == [("s-own-phone", "02 558 18 80")]
    assert [(i.record.id, i.organization.id) for i in board.unreachable] == [("s-nothing", "o-none")]  # type: ignore[union-attr]
    assert board.contact_problem_count == 4
    assert board.last_link_check == NOW - timedelta(days=2)
    assert board.suggestions.count == 0


def test_a_first_failure_is_not_yet_broken_the_second_is(contacts_db: Database) -> None:
    timeout = [LinkResult("https://o-site.example.org", ok=False, reason="timeout")]
    for day in (0, 1):
        with contacts_db.session() as s:
            store_results(s, timeout, NOW + timedelta(days=day))
        with contacts_db.session() as s:
            broken = dashboard(s, NOW + timedelta(days=day)).broken_links
        assert [b.url for b in broken] == ([] if day == 0 else ["https://o-site.example.org"])
    with contacts_db.session() as s:
        row = s.scalars(select(LinkCheck)).one()
        assert (row.consecutive_failures, row.reason) == (2, "timeout")


@pytest.fixture
def served(contacts_db: Database) -> Iterator[tuple[Database, LinkServer]]:
    """The contacts_db directory with its websites pointing at a local server."""
    with link_server() as server:
        with contacts_db.session() as s:
            s.get(Organization, "o-site").website = server.base + "/ok"
            s.get(Service, "s-org-site").url = server.base + "/missing"
            s.get(Location, "l-virtual").url = server.base + "/moved"
        yield contacts_db, server


def test_run_stores_one_row_per_url_updated_in_place(served: tuple[Database, LinkServer]) -> None:
    database, server = served
    checker = HttpLinkChecker(timeout=2, concurrency=2)
    first = run_link_check(database, checker, now=NOW)
    second = run_link_check(database, checker, now=NOW + timedelta(days=1))
    assert first.urls == second.urls == 3
    assert [s.url for s in second.broken] == [server.base + "/missing"]
    with database.session() as s:
        rows = {row.url.removeprefix(server.base): row for row in s.scalars(select(LinkCheck))}
    assert set(rows) == {"/ok", "/missing", "/moved"}
    assert rows["/missing"].consecutive_failures == 2 and rows["/missing"].status_code == 404
    assert rows["/moved"].ok and rows["/moved"].final_url == server.base + "/ok"


def test_only_checks_urls_with_the_prefix_and_keeps_the_others(served: tuple[Database, LinkServer]) -> None:
    database, server = served
    checker = HttpLinkChecker(timeout=2, concurrency=2)
    run_link_check(database, checker, now=NOW)
    server.seen.requests.clear()
    run = run_link_check(database, checker, now=NOW, only=server.base + "/mi")
    assert run.urls == 1 and server.seen.requests == [("HEAD", "/missing")]
    with database.session() as s:
        assert len(s.scalars(select(LinkCheck)).all()) == 3


def test_a_full_run_forgets_urls_no_longer_in_use(served: tuple[Database, LinkServer]) -> None:
    database, server = served
    checker = HttpLinkChecker(timeout=2, concurrency=2)
    run_link_check(database, checker, now=NOW)
    with database.session() as s:
        s.get(Service, "s-org-site").url = None
    run_link_check(database, checker, now=NOW)
    with database.session() as s:
        assert server.base + "/missing" not in set(s.scalars(select(LinkCheck.url)))


def test_null_checker_records_nothing(served: tuple[Database, LinkServer]) -> None:
    database, server = served
    run = run_link_check(database, NullLinkChecker(), now=NOW)
    assert run.results == [] and server.seen.requests == []
    with database.session() as s:
        assert s.scalars(select(LinkCheck)).all() == []


def test_schedule_runs_the_checker_in_the_background(served: tuple[Database, LinkServer]) -> None:
    database, server = served
    schedule = LinkCheckSchedule(database, HttpLinkChecker(timeout=2, concurrency=2), interval_hours=24).start()
    try:
        for _ in range(200):  # wait (at most ~10 s) for the first run, which starts at once
            with database.session() as s:
                if len(s.scalars(select(LinkCheck)).all()) == 3:
                    break
            server.seen.release.wait(0.05)
    finally:
        schedule.stop()
    with database.session() as s:
        assert len(s.scalars(select(LinkCheck)).all()) == 3


def test_dashboard_counts_pending_suggestions_per_organisation(contacts_db: Database) -> None:
    with contacts_db.session() as s:
        for days, service_id in ((9, "s-nothing"), (2, "s-contact"), (4, "s-org-mail")):
            submit_suggestion(s, None, "service", service_id, "description", f"Nieuw {days}",
                              client_key=f"test-{days}", now=NOW - timedelta(days=days))
        done = submit_suggestion(s, None, "service", "s-org-site", "description", "Nieuw", client_key="test-x",
                                 now=NOW - timedelta(days=30))
    with contacts_db.session() as s:
        reject_suggestion(s, Principal("u-1", "redacteur@example.org", "redacteur"), done.id, "Niet nodig.")
    with contacts_db.session() as s:
        summary = dashboard(s, NOW).suggestions
    assert (summary.count, summary.oldest_days) == (3, 9)
    assert [(r.organization.id, r.count, r.oldest_days) for r in summary.per_organization] == [
        ("o-none", 2, 9), ("o-mail", 1, 4)]


def test_serve_starts_the_schedule_only_when_an_interval_is_set(served: tuple[Database, LinkServer]) -> None:
    database, _server = served
    assert start_schedule(database, Settings(linkcheck_interval_hours=0)) is None
    assert start_schedule(database, Settings(linkcheck="off", linkcheck_interval_hours=6)) is None
    schedule = start_schedule(database, Settings(linkcheck_interval_hours=6, linkcheck_timeout_seconds=2))
    assert isinstance(schedule, LinkCheckSchedule)
    schedule.stop()
