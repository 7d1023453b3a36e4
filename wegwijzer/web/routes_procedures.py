"""The procedures (stappenplannen): ``/procedures`` and ``/procedures/{id}``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from wegwijzer.match.procedures import get_procedure, linked_services, load_procedures
from wegwijzer.web import params
from wegwijzer.web.cache import directory
from wegwijzer.web.rendering import WebError, render

router = APIRouter()


@router.get("/procedures", response_class=HTMLResponse)
def procedure_list(request: Request) -> HTMLResponse:
    params.check_language(request)
    return render(request, "procedures.html", {"procedures": load_procedures()})


@router.get("/procedures/{procedure_id}", response_class=HTMLResponse)
def procedure_page(request: Request, procedure_id: str) -> HTMLResponse:
    params.check_language(request)
    procedure = get_procedure(procedure_id[:80])
    if procedure is None:
        raise WebError(404, "Deze procedure bestaat niet. Kies er een uit de lijst van procedures.",
                       title="Pagina niet gevonden")
    with request.app.state.db.session() as session:
        views = directory(session).views
    links = linked_services(procedure, views)
    related = [p for p in (get_procedure(r) for r in procedure.related) if p is not None]
    return render(request, "procedure.html", {"procedure": procedure, "links": links, "related": related})
