"""Load :class:`ServiceView` records from the directory (the adapter around the pure matcher)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from wegwijzer.directory.hsds import Snapshot
from wegwijzer.match.model import ServiceView


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
        known = [a for a in amounts if a is not None]
        free = None if not known else all(float(a) == 0 for a in known)
        org = orgs[svc["organization_id"]]
        parent = orgs.get(org.get("parent_organization_id") or "")
        views.append(ServiceView(
            id=svc["id"], name=svc["name"], organization_id=org["id"], organization=org["name"],
            description=svc.get("description") or "", eligibility=svc.get("eligibility_description") or "",
            application=svc.get("application_process") or "", fees=svc.get("fees_description") or "",
            minimum_age=svc.get("minimum_age"), maximum_age=svc.get("maximum_age"),
            facets={k: frozenset(v) for k, v in facets.items()}, municipalities=frozenset(municipalities),
            free=free, fiche=svc.get("source_fiche"), parent_organization=parent["name"] if parent else None,
        ))
    return views


def load_service_views(session: Session) -> list[ServiceView]:
    return service_views(Snapshot.load(session))
