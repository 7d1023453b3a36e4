"""The HSDS 3.0 API (``shared/hsds/3.0/schema/openapi.json``) and ``POST /api/match``.

Thin layer: a route validates its parameters (bad values give 422 JSON), calls a use case in
:mod:`wegwijzer.api.services` and returns the data as JSON (a Page object) or NDJSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response, Security
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPBearer
from sqlalchemy.orm import Session

from wegwijzer.accounts.deps import require_login
from wegwijzer.accounts.principal import Principal
from wegwijzer.api import services
from wegwijzer.api.edge import NDJSON, CachedRoute, HsdsJSONResponse, ndjson_response
from wegwijzer.api.encoding import page_bytes
from wegwijzer.api.pagination import page_object
from wegwijzer.api.schemas import (
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    ApiInfo,
    ListQuery,
    MatchRequest,
    MatchResponse,
    OrganizationQuery,
    OrganizationsQuery,
    Page,
    ServiceAtLocationsQuery,
    ServicesQuery,
    TaxonomyTermsQuery,
)
from wegwijzer.editorial.api import router as suggestions_router
from wegwijzer.insight.demand import record_match, record_search
from wegwijzer.match.profile import SLUG_FIELDS, ProfileError
from wegwijzer.search.schemas import SearchFilters

HSDS_VERSION = "3.0"
HSDS_PROFILE = "https://docs.openreferral.org/en/3.0/"

router = APIRouter(route_class=CachedRoute, default_response_class=HsdsJSONResponse)
#: documents ``Authorization: Bearer`` in the OpenAPI; the accounts middleware checks the token
BEARER = HTTPBearer(auto_error=False, description="Persoonlijke API-token (aan te maken op /account).")
T = TypeVar("T")

PAGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "HSDS Page-object (json) of alle resultaten, één JSON-object per regel (ndjson).",
        "content": {NDJSON: {"schema": {"type": "string"}}},
    },
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "Onbekende id."}}


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.db.session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def _call(fn: Callable[..., T], *args: Any) -> T:
    """Run a use case, turning its domain errors into HTTP errors."""
    try:
        return fn(*args)
    except services.NotFound as exc:
        raise HTTPException(404, detail=str(exc)) from None
    except services.InvalidRequest as exc:
        raise _invalid(exc.message_nl, exc.loc) from None
    except ProfileError as exc:
        raise _profile_error(exc.message_nl) from None


def _invalid(message_nl: str, loc: tuple[str, ...]) -> RequestValidationError:
    return RequestValidationError(
        [{"loc": loc, "msg": message_nl, "type": "value_error", "ctx": {"error": message_nl}}]
    )


def _profile_error(message_nl: str) -> RequestValidationError:
    """The matcher's Dutch message, naming the body field instead of the CLI option."""
    for name, (_taxonomy, _label, option) in {**SLUG_FIELDS, "age": ("", "", "--age")}.items():
        if f"voor {option}" in message_nl:
            return _invalid(message_nl.replace(f"voor {option}", f"voor {name}"), ("body", name))
    return _invalid(message_nl, ("body",))


def _listing(items: Sequence[dict[str, Any]], q: ListQuery) -> Response:
    if q.format == "ndjson":
        encoded = items.encoded(slice(None)) if isinstance(items, services.Rows) else None
        if encoded is not None:
            return Response(b"".join(e + b"\n" for e in encoded), media_type=NDJSON)
        return ndjson_response(items)
    page = page_object(items, q.page, q.per_page)
    if isinstance(items, services.Rows):  # the page's records as JSON made once per record
        start = (q.page - 1) * (q.per_page or DEFAULT_PER_PAGE)
        encoded = items.encoded(slice(start, start + page["size"]))
        if encoded is not None:
            return HsdsJSONResponse(page_bytes(page, encoded))
    return HsdsJSONResponse(page)


def _id(value: UUID) -> str:
    return str(value)


@router.get("/", response_model=ApiInfo, summary="Over deze API en HSDS")
def api_info(request: Request) -> Response:
    base = str(request.base_url).rstrip("/")
    return HsdsJSONResponse(
        {"version": HSDS_VERSION, "profile": HSDS_PROFILE, "openapi_url": f"{base}{request.app.openapi_url}"}
    )


@router.get("/services", response_model=Page, responses=PAGE_RESPONSES, summary="Diensten (gepagineerd)")
def services_list(request: Request, session: SessionDep, q: Annotated[ServicesQuery, Query()]) -> Response:
    if q.minimal and q.per_page is None:
        q = q.model_copy(update={"per_page": MAX_PER_PAGE})  # HSDS: "aim to return all services within one page"
    items = _call(services.list_services, session, q, q.minimal)
    if q.search:  # aggregated search demand (no text stored), never raises
        record_search(request.app.state.demand, q.search, SearchFilters(), len(items), q.page)
    return _listing(items, q)


@router.get("/services/{id}", response_model=dict[str, Any], responses=NOT_FOUND, summary="Eén volledige dienst")
def service_detail(session: SessionDep, id: Annotated[UUID, Path(description="Id van de dienst.")]) -> Response:
    return HsdsJSONResponse(_call(services.get_service, session, _id(id)))


@router.get("/organizations", response_model=Page, responses=PAGE_RESPONSES, summary="Organisaties (gepagineerd)")
def organizations_list(session: SessionDep, q: Annotated[OrganizationsQuery, Query()]) -> Response:
    return _listing(_call(services.list_organizations, session, q), q)


@router.get(
    "/organizations/{id}",
    response_model=dict[str, Any],
    responses=NOT_FOUND,
    summary="Eén volledige organisatie met haar diensten",
)
def organization_detail(
    session: SessionDep,
    id: Annotated[UUID, Path(description="Id van de organisatie.")],
    q: Annotated[OrganizationQuery, Query()],
) -> Response:
    return HsdsJSONResponse(_call(services.get_organization, session, _id(id), q.full_service))


@router.get("/taxonomies", response_model=Page, responses=PAGE_RESPONSES, summary="Taxonomieën (gepagineerd)")
def taxonomies_list(session: SessionDep, q: Annotated[ListQuery, Query()]) -> Response:
    return _listing(_call(services.list_taxonomies, session, q.search), q)


@router.get("/taxonomies/{id}", response_model=dict[str, Any], responses=NOT_FOUND, summary="Eén taxonomie")
def taxonomy_detail(session: SessionDep, id: Annotated[UUID, Path(description="Id van de taxonomie.")]) -> Response:
    return HsdsJSONResponse(_call(services.get_taxonomy, session, _id(id)))


@router.get("/taxonomy_terms", response_model=Page, responses=PAGE_RESPONSES, summary="Taxonomietermen (gepagineerd)")
def taxonomy_terms_list(session: SessionDep, q: Annotated[TaxonomyTermsQuery, Query()]) -> Response:
    return _listing(_call(services.list_taxonomy_terms, session, q), q)


@router.get("/taxonomy_terms/{id}", response_model=dict[str, Any], responses=NOT_FOUND, summary="Eén taxonomieterm")
def taxonomy_term_detail(session: SessionDep, id: Annotated[UUID, Path(description="Id van de term.")]) -> Response:
    return HsdsJSONResponse(_call(services.get_taxonomy_term, session, _id(id)))


@router.get(
    "/service_at_locations", response_model=Page, responses=PAGE_RESPONSES, summary="Diensten op locaties (gepagineerd)"
)
def service_at_locations_list(session: SessionDep, q: Annotated[ServiceAtLocationsQuery, Query()]) -> Response:
    return _listing(_call(services.list_service_at_locations, session, q, q.postcode), q)


@router.get(
    "/service_at_locations/{id}",
    response_model=dict[str, Any],
    responses=NOT_FOUND,
    summary="Eén volledige dienst-op-locatie",
)
def service_at_location_detail(
    session: SessionDep, id: Annotated[UUID, Path(description="Id van de dienst-op-locatie.")]
) -> Response:
    return HsdsJSONResponse(_call(services.get_service_at_location, session, _id(id)))


@router.post(
    "/match",
    response_model=MatchResponse,
    summary="Welk aanbod past bij deze jongere, en waarom",
    description="Hetzelfde JSON-object als `wegwijzer match --json` (zie shared/docs/vocabulary.md).",
)
def match(request: Request, session: SessionDep, body: MatchRequest) -> Response:
    out = _call(services.run_match, session, body)
    record_match(request.app.state.demand, out["profile"]["needs"], out["profile"]["age"], len(out["results"]))
    return HsdsJSONResponse(out)


@router.get(
    "/me",
    summary="Wie ben ik (met een persoonlijke API-token)",
    description="E-mailadres, rol en organisaties van de eigenaar van de token in `Authorization: Bearer …`.",
    responses={401: {"description": "Geen, een ongeldige of een ingetrokken API-token."}},
    dependencies=[Security(BEARER)],
)
def me(principal: Annotated[Principal, Depends(require_login)]) -> Response:
    return HsdsJSONResponse({"email": principal.email, "role": principal.role,
                             "organization_ids": sorted(principal.organization_ids)})


router.include_router(suggestions_router)  # /api/suggestions: suggested changes (issue 5)
