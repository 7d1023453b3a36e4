"""The directory's contact data, and the link checker's runs and stored results.

:class:`ContactData` reads every website, e-mail address and phone number of the directory with
the record it belongs to (services, organisations, locations; contacts and phones through their
owner). :func:`run_link_check` checks the websites in use (outside any transaction: the network is
slow) and stores one ``link_check`` row per URL; :class:`LinkCheckSchedule` repeats that in a
background thread of ``wegwijzer serve`` (in its supervisor process only: with several workers the
check still runs once per interval).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from wegwijzer.config import Settings
from wegwijzer.db import Database
from wegwijzer.directory.models import Contact, Location, Organization, Phone, Service, ServiceAtLocation
from wegwijzer.editorial.freshness_models import LinkCheck
from wegwijzer.editorial.linkcheck import (
    LinkChecker,
    LinkResult,
    LinkState,
    aware,
    is_broken,
    make_link_checker,
    next_state,
)

logger = logging.getLogger("wegwijzer.linkcheck")
LINK_NAMESPACE = uuid.UUID("6c1b0f0e-5a43-4d3e-9a57-2f8e0c6b9d11")
PAGES = {"service": "/diensten/{}", "organization": "/organisaties/{}"}


@dataclass(frozen=True)
class RecordRef:
    """A record that holds contact data, and the public page where an editor finds it."""

    kind: str  # "service" | "organization" | "location"
    id: str
    name: str
    href: str = ""

    def __post_init__(self) -> None:
        if not self.href and self.kind in PAGES:
            object.__setattr__(self, "href", PAGES[self.kind].format(self.id))


Key = tuple[str, str]  # (owner kind, id); kinds: service, organization, location, sal


@dataclass
class ContactData:
    """Every website, e-mail and phone of the directory with its record, and who can be reached."""

    services: list[RecordRef] = field(default_factory=list)  # every service that is not defunct
    sites: list[tuple[RecordRef, str]] = field(default_factory=list)
    emails: list[tuple[RecordRef, str]] = field(default_factory=list)
    phones: list[tuple[RecordRef, str]] = field(default_factory=list)
    reach: set[Key] = field(default_factory=set)  # owners with at least one phone, e-mail or website
    service_keys: dict[str, set[Key]] = field(default_factory=dict)  # service -> its own, org's, locations'
    service_org: dict[str, RecordRef] = field(default_factory=dict)  # service -> its organisation

    def reachable(self, service_id: str) -> bool:
        """A phone, e-mail or website on the service, its organisation, or one of its locations."""
        return not self.reach.isdisjoint(self.service_keys.get(service_id, ()))

    def websites(self) -> dict[str, list[RecordRef]]:
        """URL -> the records that give it as their website (each record once)."""
        out: dict[str, list[RecordRef]] = defaultdict(list)
        for ref, url in self.sites:
            if ref not in out[url]:
                out[url].append(ref)
        return dict(out)

    @classmethod
    def load(cls, session: Session) -> ContactData:
        data = cls()
        orgs = {oid: RecordRef("organization", oid, name) for oid, name in session.execute(
            select(Organization.id, Organization.name))}
        services: dict[str, RecordRef] = {}
        for sid, name, oid, status in session.execute(
                select(Service.id, Service.name, Service.organization_id, Service.status)
                .join(Organization, Organization.id == Service.organization_id)
                .order_by(Organization.sort_order, Service.sort_order, Service.name)):
            services[sid] = RecordRef("service", sid, name)
            data.service_keys[sid] = {("service", sid), ("organization", oid)}
            data.service_org[sid] = orgs[oid]
            if status != "defunct":
                data.services.append(services[sid])
        sal_service: dict[str, str] = {}
        location_service: dict[str, str] = {}
        for sal_id, sid, lid in session.execute(
                select(ServiceAtLocation.id, ServiceAtLocation.service_id, ServiceAtLocation.location_id)):
            sal_service[sal_id] = sid
            location_service.setdefault(lid, sid)
            data.service_keys.setdefault(sid, set()).update({("sal", sal_id), ("location", lid)})
        locations: dict[str, RecordRef] = {}
        for lid, name, oid in session.execute(select(Location.id, Location.name, Location.organization_id)):
            # a location has no page of its own: link to its organisation, else to a service offered there
            page = orgs[oid] if oid in orgs else services.get(location_service.get(lid, ""))
            label = name or (page.name if page else lid)
            locations[lid] = RecordRef("location", lid, label, page.href if page else "")

        def owner(oid: str | None, sid: str | None, lid: str | None, sal_id: str | None) -> tuple[
                RecordRef | None, list[Key]]:
            keys = [k for k in (("service", sid), ("sal", sal_id), ("location", lid), ("organization", oid)) if k[1]]
            ref = (services.get(sid or "") or services.get(sal_service.get(sal_id or "", ""))
                   or locations.get(lid or "") or orgs.get(oid or ""))
            return ref, keys  # type: ignore[return-value]

        def add(target: list[tuple[RecordRef, str]], ref: RecordRef | None, keys: list[Key], value: str | None,
                ) -> None:
            value = (value or "").strip()
            if value and ref is not None:
                target.append((ref, value))
                data.reach.update(keys)

        for oid, website, email in session.execute(
                select(Organization.id, Organization.website, Organization.email)):
            add(data.sites, orgs[oid], [("organization", oid)], website)
            add(data.emails, orgs[oid], [("organization", oid)], email)
        for sid, url, email in session.execute(select(Service.id, Service.url, Service.email)):
            add(data.sites, services[sid], [("service", sid)], url)
            add(data.emails, services[sid], [("service", sid)], email)
        for lid, url in session.execute(select(Location.id, Location.url)):
            add(data.sites, locations[lid], [("location", lid)], url)
        contact_owner: dict[str, tuple[RecordRef | None, list[Key]]] = {}
        for cid, oid, sid, lid, sal_id, email in session.execute(select(
                Contact.id, Contact.organization_id, Contact.service_id, Contact.location_id,
                Contact.service_at_location_id, Contact.email)):
            contact_owner[cid] = owner(oid, sid, lid, sal_id)
            add(data.emails, *contact_owner[cid], email)
        for number, oid, sid, lid, sal_id, cid in session.execute(select(
                Phone.number, Phone.organization_id, Phone.service_id, Phone.location_id,
                Phone.service_at_location_id, Phone.contact_id)):
            ref, keys = owner(oid, sid, lid, sal_id)
            if ref is None and cid in contact_owner:
                ref, keys = contact_owner[cid]
            add(data.phones, ref, keys, number)
        return data


# --- stored link checks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkStatus:
    """A URL in use, its latest check (None: never checked) and the records that use it."""

    url: str
    records: list[RecordRef]
    check: LinkCheck | None

    @property
    def broken(self) -> bool:
        c = self.check
        return c is not None and is_broken(c.ok, c.consecutive_failures, c.status_code, c.reason)

    @property
    def failing(self) -> bool:
        return self.check is not None and not self.check.ok



def link_id(url: str) -> str:
    return str(uuid.uuid5(LINK_NAMESPACE, url))


def _state(row: LinkCheck) -> LinkState:
    return LinkState(row.ok, row.status_code, row.reason, row.final_url, row.last_checked_at,
                     row.first_seen_broken, row.consecutive_failures)


def store_results(session: Session, results: list[LinkResult], now: datetime,
                  keep: Collection[str] | None = None) -> None:
    """Update (or add) one row per result; with ``keep``, forget URLs no longer in use."""
    rows = {row.url: row for row in session.scalars(select(LinkCheck))}
    for result in results:
        row = rows.get(result.url)
        state = next_state(_state(row) if row else None, result, now)
        if row is None:
            row = rows[result.url] = LinkCheck(id=link_id(result.url), url=result.url)
            session.add(row)
        row.ok, row.status_code, row.reason, row.final_url = state.ok, state.status_code, state.reason, state.final_url
        row.last_checked_at, row.first_seen_broken = state.last_checked_at, state.first_seen_broken
        row.consecutive_failures = state.consecutive_failures
    if keep is not None:
        gone = [url for url in rows if url not in keep]
        if gone:
            session.execute(delete(LinkCheck).where(LinkCheck.url.in_(gone)))


def link_statuses(session: Session, websites: dict[str, list[RecordRef]]) -> list[LinkStatus]:
    """Every website in use with its latest check, sorted by URL."""
    rows = {row.url: row for row in session.scalars(select(LinkCheck).where(LinkCheck.url.in_(list(websites))))}
    return [LinkStatus(url, websites[url], rows.get(url)) for url in sorted(websites)]


def broken_links(session: Session, websites: dict[str, list[RecordRef]]) -> list[LinkStatus]:
    """The broken websites in use, longest broken first."""
    broken = [status for status in link_statuses(session, websites) if status.broken]
    return sorted(broken, key=lambda s: (aware(s.check.first_seen_broken or s.check.last_checked_at), s.url))  # type: ignore[union-attr]


def last_link_check(session: Session) -> datetime | None:
    return session.execute(select(func.max(LinkCheck.last_checked_at))).scalar_one()


@dataclass(frozen=True)
class LinkRun:
    urls: int  # websites selected for this run
    results: list[LinkResult]
    statuses: list[LinkStatus]  # after the run, the selected websites only

    @property
    def broken(self) -> list[LinkStatus]:
        return [s for s in self.statuses if s.broken]

    @property
    def failing(self) -> list[LinkStatus]:
        return [s for s in self.statuses if s.failing]


def run_link_check(database: Database, checker: LinkChecker, now: datetime | None = None, only: str | None = None,
                   on_start: Callable[[int], None] | None = None,
                   on_result: Callable[[LinkResult], None] | None = None) -> LinkRun:
    """Check the websites in use (those starting with ``only`` when given) and store the results."""
    with database.session() as session:
        websites = ContactData.load(session).websites()
    selected = {url: refs for url, refs in websites.items() if only is None or url.startswith(only)}
    if on_start is not None:
        on_start(len(selected))
    results = checker.check(sorted(selected), on_result=on_result)  # no transaction held while waiting
    now = now or datetime.now(UTC)
    with database.session() as session:
        if results:
            store_results(session, results, now, keep=websites if only is None else None)
        statuses = link_statuses(session, selected)
    return LinkRun(len(selected), results, statuses)


class LinkCheckSchedule:
    """Runs the link checker every ``interval_hours`` in a daemon thread (``wegwijzer serve``)."""

    def __init__(self, database: Database, checker: LinkChecker, interval_hours: float) -> None:
        self.database = database
        self.checker = checker
        self.interval = interval_hours * 3600
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="linkcheck-schedule", daemon=True)

    def start(self) -> LinkCheckSchedule:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        """A first run at start, then one every interval, until stopped."""
        while not self._stop.is_set():
            try:
                run = run_link_check(self.database, self.checker)
                logger.info("event=linkcheck_done urls=%s failing=%s broken=%s", run.urls, len(run.failing),
                            len(run.broken))
            except Exception:  # noqa: BLE001 - the next run tries again; the site keeps serving
                logger.exception("event=linkcheck_failed")
            self._stop.wait(self.interval)


def start_schedule(database: Database, settings: Settings) -> LinkCheckSchedule | None:
    """Start the background link checks when ``linkcheck_interval_hours`` > 0 (and the checker is on)."""
    if settings.linkcheck_interval_hours <= 0 or settings.linkcheck == "off":
        return None
    logger.info("event=linkcheck_scheduled every_hours=%s", settings.linkcheck_interval_hours)
    return LinkCheckSchedule(database, make_link_checker(settings), settings.linkcheck_interval_hours).start()
