"""Load :class:`ServiceView` records from the directory (the adapter around the pure matcher).

:func:`load_service_views` reads only the columns the views need, with one query per table
(no full :class:`~wegwijzer.directory.hsds.Snapshot`), so it stays fast on large directories;
:func:`service_views` builds the same views from a snapshot that is already loaded.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijzer.directory.hsds import Snapshot
from wegwijzer.directory.models import Base
from wegwijzer.match.model import ServiceView


def _view(svc: Any, org: Any, parent: Any, facets: dict[str, set[str]] | None, municipalities: set[str],
          amounts: list[Any]) -> ServiceView:
    known = [a for a in amounts if a is not None]
    free = None if not known else all(float(a) == 0 for a in known)
    return ServiceView(
        id=svc["id"], name=svc["name"], organization_id=org["id"], organization=org["name"],
        description=svc.get("description") or "", eligibility=svc.get("eligibility_description") or "",
        application=svc.get("application_process") or "", fees=svc.get("fees_description") or "",
        minimum_age=svc.get("minimum_age"), maximum_age=svc.get("maximum_age"),
        facets={k: frozenset(v) for k, v in (facets or {}).items()}, municipalities=frozenset(municipalities),
        free=free, fiche=svc.get("source_fiche"), parent_organization=parent["name"] if parent else None,
    )


def service_views(snap: Snapshot) -> list[ServiceView]:
    """Every active service, in the bundle's order, with its facets and municipalities."""
    orgs = snap.by_id["organization"]
    locations = snap.by_id["location"]
    views = []
    for svc in snap.services():
        if svc.get("status") not in (None, "active"):
            continue
        facets: dict[str, set[str]] = {}
        for attr in snap.kids("attribute", "link_id", svc["id"]):
            if attr.get("link_type") and attr.get("value"):
                facets.setdefault(attr["link_type"], set()).add(attr["value"])
        municipalities = {
            addr["region"]
            for sal in snap.kids("service_at_location", "service_id", svc["id"])
            if sal["location_id"] in locations
            for addr in snap.kids("address", "location_id", sal["location_id"])
            if addr.get("region")
        }
        amounts = [c.get("amount") for c in snap.kids("cost_option", "service_id", svc["id"])]
        org = orgs[svc["organization_id"]]
        parent = orgs.get(org.get("parent_organization_id") or "")
        views.append(_view(svc, org, parent, facets, municipalities, amounts))
    return views


_SERVICE_COLUMNS = ("id", "name", "organization_id", "status", "description", "eligibility_description",
                    "application_process", "fees_description", "minimum_age", "maximum_age", "source_fiche",
                    "sort_order")


def _rows(session: Session, table: str, columns: tuple[str, ...]) -> list[Any]:
    t = Base.metadata.tables[table]
    return list(session.execute(select(*(t.c[c] for c in columns))).mappings())


def load_service_views(session: Session) -> list[ServiceView]:
    """The views of :func:`service_views`, read with one narrow query per table."""
    orgs = {r["id"]: r for r in _rows(session, "organization", ("id", "name", "parent_organization_id",
                                                                   "sort_order"))}
    services = sorted(_rows(session, "service", _SERVICE_COLUMNS),
                      key=lambda s: (orgs[s["organization_id"]]["sort_order"], s["sort_order"], s["name"]))
    facets: dict[str, dict[str, set[str]]] = {}
    for link_id, link_type, value in session.execute(select(*(
            Base.metadata.tables["attribute"].c[c] for c in ("link_id", "link_type", "value")))):
        if link_id and link_type and value:
            facets.setdefault(link_id, {}).setdefault(link_type, set()).add(value)
    locations = {r["id"] for r in _rows(session, "location", ("id",))}
    regions: dict[str, list[str]] = defaultdict(list)
    for location_id, region in session.execute(select(*(
            Base.metadata.tables["address"].c[c] for c in ("location_id", "region")))):
        if location_id and region:
            regions[location_id].append(region)
    municipalities: dict[str, set[str]] = defaultdict(set)
    for service_id, location_id in session.execute(select(*(
            Base.metadata.tables["service_at_location"].c[c] for c in ("service_id", "location_id")))):
        if service_id and location_id in locations:
            municipalities[service_id].update(regions.get(location_id, ()))
    amounts: dict[str, list[Any]] = defaultdict(list)
    for service_id, amount in session.execute(select(*(
            Base.metadata.tables["cost_option"].c[c] for c in ("service_id", "amount")))):
        if service_id:
            amounts[service_id].append(amount)
    views = []
    for svc in services:
        if svc.get("status") not in (None, "active"):
            continue
        org = orgs[svc["organization_id"]]
        parent = orgs.get(org.get("parent_organization_id") or "")
        sid = svc["id"]
        views.append(_view(svc, org, parent, facets.get(sid), municipalities.get(sid, set()),
                           amounts.get(sid, [])))
    return views
