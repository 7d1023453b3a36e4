"""The directory as HSDS objects, built once per database generation and shared by requests.

A :class:`Catalog` holds every service, organization, service_at_location, taxonomy and
taxonomy term as a ready JSON-able dict (full and list form) plus the indexes the filters need.
It is rebuilt when the database changes: the fingerprint is the token of the ``data_state`` row,
which triggers replace on every write to the directory (:mod:`wegwijzer.directory.state`).
Cached objects are shared: callers must not change them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from wegwijzer.api.encoding import dumps
from wegwijzer.directory.hsds import INTERNAL, Snapshot, organization_object, service_object
from wegwijzer.directory.state import data_token
from wegwijzer.memory import settle

if TYPE_CHECKING:
    from wegwijzer.match.services import Matcher

Row = dict[str, Any]


def one_to_one(obj: Row) -> Row:
    """The list form of an HSDS object: its own fields, without nested arrays and objects."""
    return {k: v for k, v in obj.items() if not isinstance(v, (list, dict))}


def _plain(row: Row) -> Row:
    return {k: v for k, v in row.items() if k not in INTERNAL and v is not None}


def aware(value: datetime) -> datetime:
    """A datetime in UTC; naive values (SQLite) are taken as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass
class Catalog:
    snapshot: Snapshot
    service_ids: list[str] = field(default_factory=list)  # directory order
    services: dict[str, Row] = field(default_factory=dict)  # full
    services_list: dict[str, Row] = field(default_factory=dict)
    service_terms: dict[str, frozenset[str]] = field(default_factory=dict)
    service_taxonomies: dict[str, frozenset[str]] = field(default_factory=dict)
    service_modified: dict[str, datetime | None] = field(default_factory=dict)
    organization_ids: list[str] = field(default_factory=list)
    organizations: dict[str, Row] = field(default_factory=dict)  # full, without services
    organizations_list: dict[str, Row] = field(default_factory=dict)
    sal_ids: list[str] = field(default_factory=list)
    sals: dict[str, Row] = field(default_factory=dict)  # full
    sals_list: dict[str, Row] = field(default_factory=dict)
    sal_service: dict[str, str] = field(default_factory=dict)
    sal_postcodes: dict[str, frozenset[str]] = field(default_factory=dict)
    taxonomies: dict[str, Row] = field(default_factory=dict)
    terms: dict[str, Row] = field(default_factory=dict)
    _matcher: Matcher | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _encoded: dict[tuple[str, str], bytes] = field(default_factory=dict)

    def encoded(self, kind: str, record_id: str) -> bytes:
        """The JSON of one record of ``kind`` (an attribute: "services", "services_list"), made once:
        a page of results is then joined from ready bytes instead of encoded again at every request."""
        key = (kind, record_id)
        found = self._encoded.get(key)
        if found is None:
            found = self._encoded[key] = dumps(getattr(self, kind)[record_id])
        return found

    @classmethod
    def build(cls, snap: Snapshot) -> Catalog:
        cat = cls(snapshot=snap)
        for org in snap.organizations():
            oid = org["id"]
            full = organization_object(snap, oid)
            cat.organization_ids.append(oid)
            cat.organizations[oid] = full
            cat.organizations_list[oid] = one_to_one(full)
        for svc in snap.services():
            cat._add_service(svc)
        cat._add_taxonomies()
        return cat

    def _add_service(self, svc: Row) -> None:
        snap, sid = self.snapshot, svc["id"]
        full = service_object(snap, sid)
        listed = one_to_one(full)
        listed["organization"] = self.organizations_list[svc["organization_id"]]
        if "program" in full:
            listed["program"] = one_to_one(full["program"])
        self.service_ids.append(sid)
        self.services[sid] = full
        self.services_list[sid] = listed
        term_ids = {a["taxonomy_term_id"] for a in snap.kids("attribute", "link_id", sid)}
        self.service_terms[sid] = frozenset(term_ids)
        terms = snap.by_id.get("taxonomy_term", {})
        self.service_taxonomies[sid] = frozenset(
            t["taxonomy_id"] for tid in term_ids if (t := terms.get(tid)) and t.get("taxonomy_id")
        )
        modified = svc.get("last_modified")
        self.service_modified[sid] = aware(modified) if isinstance(modified, datetime) else None
        for sal in full["service_at_locations"]:
            location = sal.get("location", {})
            sal_full = {**sal, "service": listed}
            sal_listed = {**one_to_one(sal), "location": one_to_one(location), "service": listed}
            self.sal_ids.append(sal["id"])
            self.sals[sal["id"]] = sal_full
            self.sals_list[sal["id"]] = sal_listed
            self.sal_service[sal["id"]] = sid
            self.sal_postcodes[sal["id"]] = frozenset(
                a["postal_code"].strip() for a in location.get("addresses", []) if a.get("postal_code")
            )

    def _add_taxonomies(self) -> None:
        snap = self.snapshot
        metadata = lambda rid: [_plain(m) for m in snap.kids("metadata", "resource_id", rid)]  # noqa: E731
        for tax in sorted(snap.by_id.get("taxonomy", {}).values(), key=lambda t: (t["name"], t["id"])):
            self.taxonomies[tax["id"]] = {**_plain(tax), "metadata": metadata(tax["id"])}
        order = {tid: i for i, tid in enumerate(self.taxonomies)}
        terms = sorted(
            snap.by_id.get("taxonomy_term", {}).values(),
            key=lambda t: (
                order.get(t.get("taxonomy_id") or "", len(order)),
                t.get("sort_order") or 0,
                t["name"],
                t["id"],
            ),
        )
        for term in terms:
            obj = _plain(term)
            if term.get("taxonomy_id") in self.taxonomies:
                obj["taxonomy_detail"] = one_to_one(self.taxonomies[term["taxonomy_id"]])
            obj["metadata"] = metadata(term["id"])
            self.terms[term["id"]] = obj

    def organization_with_services(self, oid: str, full_service: bool) -> Row:
        """The full organization with its services: full ones (without the organization) or list form."""
        sids = [s["id"] for s in self.snapshot.kids("service", "organization_id", oid)]
        if full_service:
            services = [{k: v for k, v in self.services[s].items() if k != "organization"} for s in sids]
        else:
            services = [{k: v for k, v in self.services_list[s].items() if k != "organization"} for s in sids]
        return {**self.organizations[oid], "services": services}

    def matcher(self, session_factory: Callable[[], Matcher]) -> Matcher:
        with self._lock:
            if self._matcher is None:
                self._matcher = session_factory()
                settle(len(self.service_ids))
            return self._matcher


def fingerprint(session: Session) -> tuple[Any, ...]:
    """Changes whenever an import or an edit changed the directory."""
    return data_token(session)


_CACHE: dict[str, tuple[tuple[Any, ...], Catalog]] = {}
_CACHE_LOCK = threading.Lock()


def catalog(session: Session) -> Catalog:
    """The catalog of the database behind ``session``, rebuilt only when its fingerprint changed."""
    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    mark = fingerprint(session)
    cached = _CACHE.get(key)
    if cached and cached[0] == mark:
        return cached[1]
    built = Catalog.build(Snapshot.load(session))
    settle(len(built.service_ids))
    with _CACHE_LOCK:
        _CACHE[key] = (mark, built)
    return built
