"""Service and organisation pages, and the schematic overview by phase (``/overzicht``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from wegwijzer.directory.hsds import organization_object, service_object
from wegwijzer.match.model import ServiceView
from wegwijzer.match.procedures import linked_services, load_procedures
from wegwijzer.search.schemas import SLUG_FACETS
from wegwijzer.web import params
from wegwijzer.web.cache import Directory, directory
from wegwijzer.web.i18n import N_
from wegwijzer.web.rendering import WebError, render
from wegwijzer.web.routes_search import PHASES

router = APIRouter()
#: facets shown on a service page, in this order
SERVICE_FACETS = ("fase", "nood", "onderwijsniveau", "studierichting", "doelgroep", "aanmeldroute",
                  "onderwijstaal", "gemeente")
ID_MAX = 64


def _load(request: Request) -> Directory:
    with request.app.state.db.session() as session:
        return directory(session)


def _missing(kind: str) -> WebError:
    return WebError(404, kind, title=N_("Pagina niet gevonden"))


def _provenance(row: dict[str, Any]) -> dict[str, Any]:
    return {"fiche": row.get("source_fiche"), "start": row.get("source_line_start"),
            "end": row.get("source_line_end")}


def procedures_for(view: ServiceView | None) -> list[tuple[str, str]]:
    """(id, title) of the procedures with a step that names this service."""
    if view is None:
        return []
    return [(p.id, p.title) for p in load_procedures() if any(linked_services(p, [view]).values())]


@router.get("/diensten/{service_id}", response_class=HTMLResponse)
def service_page(request: Request, service_id: str) -> HTMLResponse:
    params.check_language(request)
    data = _load(request)
    row = data.snapshot.by_id["service"].get(service_id[:ID_MAX])
    if row is None:
        raise _missing(N_("Deze dienst bestaat niet (meer). Zoek het aanbod opnieuw."))
    snap = data.snapshot
    obj = service_object(snap, service_id, nested_organization=False)
    org = snap.by_id["organization"][row["organization_id"]]
    view = next((v for v in data.views if v.id == service_id), None)
    facets = data.facets(service_id)
    context = {
        "service": obj, "row": row, "organization": org,
        "parent": snap.by_id["organization"].get(org.get("parent_organization_id") or ""),
        "facets": [(tax, facets[tax]) for tax in SERVICE_FACETS if facets.get(tax)],
        "free": view.free if view else None,
        "provenance": _provenance(row),
        "last_changed": row.get("last_modified") or data.last_modified(service_id),
        "procedures": procedures_for(view),
        "search_facets": SLUG_FACETS,
    }
    return render(request, "service.html", context)


@router.get("/organisaties/{organization_id}", response_class=HTMLResponse)
def organization_page(request: Request, organization_id: str) -> HTMLResponse:
    params.check_language(request)
    data = _load(request)
    snap = data.snapshot
    row = snap.by_id["organization"].get(organization_id[:ID_MAX])
    if row is None:
        raise _missing(N_("Deze organisatie bestaat niet (meer). Zoek het aanbod opnieuw."))
    obj = organization_object(snap, organization_id)
    children = [o for o in snap.organizations() if o.get("parent_organization_id") == organization_id]
    context = {
        "organization": obj, "row": row,
        "parent": snap.by_id["organization"].get(row.get("parent_organization_id") or ""),
        "children": children,
        "services": snap.kids("service", "organization_id", organization_id),
        "provenance": _provenance(row),
        "last_changed": data.last_modified(organization_id),
    }
    return render(request, "organization.html", context)


@dataclass
class OverviewRow:
    organization_id: str
    organization: str
    fiche: str | None
    cells: dict[str, list[ServiceView]] = field(default_factory=dict)  # phase -> services


def overview_rows(data: Directory, needs: tuple[str, ...], levels: tuple[str, ...]) -> list[OverviewRow]:
    """Organisations × phases from the services' ``fase`` attributes, optionally filtered (OR within a facet)."""
    rows: dict[str, OverviewRow] = {}
    for org in data.snapshot.organizations():
        rows[org["id"]] = OverviewRow(org["id"], org["name"], org.get("source_fiche"))
    for view in data.views:
        if needs and not view.slugs("nood") & set(needs):
            continue
        if levels and not view.slugs("onderwijsniveau") & set(levels):
            continue
        row = rows.get(view.organization_id)
        if row is None:
            continue
        for phase in PHASES:
            if phase in view.slugs("fase"):
                row.cells.setdefault(phase, []).append(view)
    return [row for row in rows.values() if row.cells]


@router.get("/overzicht", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    params.check_language(request)
    needs = params.slugs(request, "nood", "nood")
    levels = params.slugs(request, "onderwijsniveau", "onderwijsniveau")
    data = _load(request)
    rows = overview_rows(data, needs, levels)
    totals = {phase: sum(1 for r in rows if phase in r.cells) for phase in PHASES}
    return render(request, "overview.html", {"rows": rows, "phases": PHASES, "needs": needs, "levels": levels,
                                             "totals": totals})
