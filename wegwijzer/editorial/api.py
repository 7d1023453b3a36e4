"""The suggestions API under ``/api/suggestions`` (the contract of issue 5).

- ``POST /api/suggestions``: anyone (rate-limited when anonymous) -> 201 ``{"id", "status"}``;
- ``GET /api/suggestions?status=…``, ``GET /api/suggestions/{id}``: redacteurs and beheerders;
- ``POST /api/suggestions/{id}/accept`` (optional ``{"value", "note"}``) and ``/reject``
  (``{"reason"}``): redacteurs and beheerders; 409 when already reviewed.

Authentication is the bearer token only (cookies are ignored under /api, so no CSRF is needed).
Editorial errors become ``{"detail": <Dutch text>}`` with their status in
:class:`wegwijzer.editorial.routes_common.EditorialRoute`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import JSONResponse

from wegwijzer.accounts.deps import Editor, MaybePrincipal
from wegwijzer.api.catalog import aware
from wegwijzer.editorial import services
from wegwijzer.editorial.api_schemas import (
    AcceptIn,
    RejectIn,
    Status,
    SuggestionCreated,
    SuggestionIn,
    SuggestionList,
    SuggestionOut,
)
from wegwijzer.editorial.routes_common import EditorialRoute, client_key, session_of

router = APIRouter(prefix="/suggestions", route_class=EditorialRoute, tags=["Voorgestelde wijzigingen"])
MAX_LIMIT = 1000


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"example": {"detail": description}}}}


EDITOR_ERRORS: dict[int | str, dict[str, Any]] = {
    401: _error("Niet aangemeld: geef een API-token mee (Authorization: Bearer …)."),
    403: _error("Alleen redacteurs en beheerders."),
}
ITEM_ERRORS: dict[int | str, dict[str, Any]] = {**EDITOR_ERRORS, 404: _error("Onbekende id.")}


def _utc(value: datetime | None) -> datetime | None:
    return aware(value) if value is not None else None


def out(view: Any) -> SuggestionOut:
    """The API form of a SuggestionView (times in UTC)."""
    result = SuggestionOut.model_validate(view)
    return result.model_copy(update={"created_at": _utc(result.created_at), "reviewed_at": _utc(result.reviewed_at)})


@router.post(
    "",
    status_code=201,
    response_model=SuggestionCreated,
    summary="Een wijziging voorstellen",
    description="Voor iedereen, ook zonder token (dan beperkt in aantal per uur). Een partner van de organisatie "
                "met rechtstreekse bewerking krijgt status `accepted`: de wijziging is meteen toegepast.",
    responses={404: _error("Onbekend record."), 422: _error("Onbekend veld of ongeldige waarde."),
               429: _error("Te veel voorstellen na elkaar.")},
)
def create(request: Request, principal: MaybePrincipal, body: SuggestionIn) -> JSONResponse:
    with session_of(request) as session:
        view = services.submit_suggestion(
            session, principal, body.record_type, body.record_id, body.field, body.value, note=body.note,
            submitter_email=body.submitter_email, source="api", client_key=client_key(request))
    created = SuggestionCreated(id=view.id, status=view.status)
    return JSONResponse(created.model_dump(), status_code=201)


@router.get("", response_model=SuggestionList, summary="Voorgestelde wijzigingen (redactie)",
            responses=EDITOR_ERRORS)
def listing(
    request: Request,
    principal: Editor,
    status: Annotated[Status | None, Query(description="pending, accepted of rejected (leeg: alle).")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Hoogstens zoveel, de oudste eerst.")] = 200,
) -> SuggestionList:
    with session_of(request) as session:
        items = services.list_suggestions(session, status=status, limit=limit)
        total = services.count_suggestions(session, status)
    return SuggestionList(items=[out(v) for v in items], total=total)


SuggestionId = Annotated[str, Path(max_length=64, description="Id van de voorgestelde wijziging.")]


@router.get("/{sid}", response_model=SuggestionOut, summary="Eén voorgestelde wijziging (redactie)",
            responses=ITEM_ERRORS)
def detail(request: Request, principal: Editor, sid: SuggestionId) -> SuggestionOut:
    with session_of(request) as session:
        return out(services.get_suggestion(session, sid))


@router.post("/{sid}/accept", response_model=SuggestionOut, summary="Een voorgestelde wijziging aanvaarden",
             description="Past de voorgestelde waarde toe, of `value` wanneer de redacteur ze aanpaste.",
             responses={**ITEM_ERRORS, 409: _error("Al behandeld."), 422: _error("Ongeldige waarde.")})
def accept(request: Request, principal: Editor, sid: SuggestionId,
           body: Annotated[AcceptIn | None, Body()] = None) -> SuggestionOut:
    body = body or AcceptIn()
    with session_of(request) as session:
        return out(services.accept_suggestion(session, principal, sid, value=body.value, note=body.note))


@router.post("/{sid}/reject", response_model=SuggestionOut, summary="Een voorgestelde wijziging afwijzen",
             responses={**ITEM_ERRORS, 409: _error("Al behandeld."), 422: _error("Een reden is verplicht.")})
def reject(request: Request, principal: Editor, sid: SuggestionId, body: RejectIn) -> SuggestionOut:
    with session_of(request) as session:
        return out(services.reject_suggestion(session, principal, sid, body.reason))
