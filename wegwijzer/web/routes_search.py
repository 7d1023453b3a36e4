"""The start page and the search page (``/`` and ``/zoeken``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from wegwijzer.insight.demand import record_search
from wegwijzer.search.schemas import SLUG_FACETS, SearchFilters, SearchResponse
from wegwijzer.search.services import search
from wegwijzer.web import params
from wegwijzer.web.cache import directory
from wegwijzer.web.i18n import N_, Labeller, dutch_labels
from wegwijzer.web.rendering import WebError, language, render

router = APIRouter()
PER_PAGE = 20
PHASES = ("preventie", "interventie", "compensatie")
#: the Dutch one-line explanation of each phase (msgids)
PHASE_TEXT = {
    "preventie": N_("Schoolklimaat en initiatieven die schooluitval voorkomen voor er problemen zijn."),
    "interventie": N_("Begeleiding en zorg wanneer schooluitval dreigt: spijbelen, conflict, uitsluiting, time-out."),
    "compensatie": N_("Na een ongekwalificeerde uitstroom: begeleiding, tweedekansonderwijs, de weg naar werk."),
}


@dataclass
class FacetOption:
    slug: str
    label: str
    count: int
    checked: bool


@dataclass
class Facet:
    name: str  # the query parameter, also the taxonomy
    label: str
    options: list[FacetOption]


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    params.check_language(request)
    with request.app.state.db.session() as session:
        views = directory(session).views
    counts = {phase: sum(1 for v in views if phase in v.slugs("fase")) for phase in PHASES}
    return render(request, "home.html", {"phases": PHASES, "phase_counts": counts, "phase_text": PHASE_TEXT,
                                         "total": len(views)})


def read_filters(request: Request) -> SearchFilters:
    return SearchFilters(
        **{facet: params.slugs(request, facet, facet) for facet in SLUG_FACETS},
        age=params.age(request), free=params.flag(request, "gratis"),
    )


def facet_panels(response: SearchResponse, labeller: Labeller) -> list[Facet]:
    panels = []
    for facet in SLUG_FACETS:
        counts = response.facets.get(facet, {})
        chosen = set(response.filters.slugs(facet))
        options = [FacetOption(slug, labeller(facet, slug), counts.get(slug, 0), slug in chosen)
                   for slug in dutch_labels()[facet] if counts.get(slug, 0) or slug in chosen]
        if options:
            panels.append(Facet(facet, labeller.taxonomy(facet), options))
    return panels


def active_filters(filters: SearchFilters, labeller: Labeller) -> list[tuple[str, str, str]]:
    """(parameter, value, label) of every chosen filter, for "remove" links."""
    out = [(facet, slug, labeller(facet, slug)) for facet in SLUG_FACETS for slug in filters.slugs(facet)]
    if filters.age is not None:
        out.append(("leeftijd", str(filters.age), str(filters.age)))
    if filters.free is not None:
        out.append(("gratis", "1" if filters.free else "0", ""))
    return out


@router.get("/zoeken", response_class=HTMLResponse)
def search_page(request: Request) -> HTMLResponse:
    params.check_language(request)
    query = params.text(request, "q")
    filters = read_filters(request)
    page = params.page(request)
    with request.app.state.db.session() as session:
        response = search(session, query, filters, page=page, per_page=PER_PAGE)
    if response.total and page > response.pages:
        raise WebError(404, "Pagina {page} bestaat niet: er zijn {pages} pagina's met resultaten.",
                       page=page, pages=response.pages)
    record_search(request.app.state.demand, query, filters, response.total, page)  # aggregated demand, never raises
    labeller = Labeller(language(request))
    context: dict[str, Any] = {
        "q": query, "response": response, "facets": facet_panels(response, labeller),
        "active": active_filters(filters, labeller), "filters": filters,
        "free_count": response.facets.get("free", {}).get("true", 0),
        "first": (page - 1) * PER_PAGE + 1, "last": (page - 1) * PER_PAGE + len(response.results),
    }
    return render(request, "search.html", context)
