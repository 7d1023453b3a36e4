"""The review queue for redacteurs and beheerders (``/redactie``): filter the suggested changes by
status, organisation and age; compare current and proposed value side by side; accept (with an
optional edited value) or reject with a reason.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from wegwijzer.accounts.csrf import verify_csrf
from wegwijzer.accounts.deps import Editor
from wegwijzer.editorial import services
from wegwijzer.editorial.errors import EditorialError, InvalidField
from wegwijzer.editorial.pages import SOURCE_LABELS, STATUS_LABELS, TYPE_LABELS, record_url
from wegwijzer.editorial.routes_common import EditorialRoute, form_data, session_of, translate
from wegwijzer.web import params
from wegwijzer.web.cache import directory
from wegwijzer.web.i18n import N_
from wegwijzer.web.rendering import WebError, render

router = APIRouter(route_class=EditorialRoute)
#: the status filter: URL value -> service value (None: every status)
STATUS_FILTER: dict[str, str | None] = {"open": "pending", "aanvaard": "accepted", "afgewezen": "rejected",
                                        "alle": None}
AGE_FILTER = (7, 30)
ID_MAX = 64
LIMIT = 200
DONE: dict[str, str] = {
    "aanvaard": N_("De wijziging is aanvaard en staat in de gids."),
    "afgewezen": N_("De voorgestelde wijziging is afgewezen."),
}


def _bad_filter() -> WebError:
    return WebError(400, N_("Onbekende filter voor de meldingen."))


@router.get("/redactie", response_class=HTMLResponse)
def queue(request: Request, principal: Editor, status: str = "open", organisatie: str = "",
          ouder_dan: str = "") -> HTMLResponse:
    params.check_language(request)
    if status not in STATUS_FILTER:
        raise _bad_filter()
    days = None
    if ouder_dan:
        if not ouder_dan.isdigit() or int(ouder_dan) not in AGE_FILTER:
            raise _bad_filter()
        days = int(ouder_dan)
    organization_id = organisatie.strip()[:ID_MAX] or None
    with session_of(request) as session:
        organizations = [(o["id"], o["name"]) for o in directory(session).snapshot.organizations()]
        if organization_id and organization_id not in dict(organizations):
            raise _bad_filter()
        items = services.list_suggestions(session, status=STATUS_FILTER[status], organization_id=organization_id,
                                          older_than_days=days, limit=LIMIT)
        pending = services.count_suggestions(session, "pending")
    return render(request, "editorial_queue.html", {
        "items": items, "pending": pending, "status": status, "statuses": STATUS_FILTER,
        "organisatie": organization_id or "", "organizations": organizations, "ouder_dan": days,
        "ages": AGE_FILTER, "limit": LIMIT, "status_labels": STATUS_LABELS, "source_labels": SOURCE_LABELS,
        "type_labels": TYPE_LABELS,
    })


def item_context(session: Session, sid: str) -> dict[str, Any]:
    suggestion = services.get_suggestion(session, sid[:ID_MAX])
    try:  # the version the reviewer sees: accepting on an outdated page is refused (no lost update)
        version: int | None = services.record_values(session, suggestion.record_type, suggestion.record_id).version
    except EditorialError:
        version = None
    return {
        "record_version": version,
        "s": suggestion, "errors": {}, "values": {"waarde": suggestion.proposed_value},
        "record_url": record_url(suggestion.record_type, suggestion.record_id, suggestion.organization_id),
        "type_label": TYPE_LABELS.get(suggestion.record_type, suggestion.record_type),
        "status_labels": STATUS_LABELS, "source_labels": SOURCE_LABELS,
    }


@router.get("/redactie/suggesties/{sid}", response_class=HTMLResponse)
def item(request: Request, principal: Editor, sid: str) -> HTMLResponse:
    params.check_language(request)
    with session_of(request) as session:
        context = item_context(session, sid)
    done = request.query_params.get("verwerkt", "")
    return render(request, "editorial_item.html", {**context, "notice": DONE.get(done)})


def _item_with_error(request: Request, sid: str, field: str, message: str, values: dict[str, str]) -> HTMLResponse:
    with session_of(request) as session:
        context = item_context(session, sid)
    context["errors"] = {field: message}
    context["values"] = {**context["values"], **values}
    return render(request, "editorial_item.html", {**context, "notice": None}, status_code=422)


@router.post("/redactie/suggesties/{sid}/aanvaarden", response_model=None)
def accept(request: Request, principal: Editor, sid: str,
           form: Annotated[dict[str, str], Depends(form_data)]) -> Response:
    verify_csrf(request, form.get("csrf_token"))
    value, note = form.get("waarde"), form.get("toelichting", "")
    seen = form.get("versie", "")
    expected = int(seen) if seen.isdigit() and len(seen) < 10 else None
    try:
        with session_of(request) as session:
            services.accept_suggestion(session, principal, sid[:ID_MAX], value=value, note=note,
                                       expected_version=expected)
    except InvalidField as exc:
        return _item_with_error(request, sid, "waarde", translate(request, exc.message, **exc.values),
                                {"waarde": value or "", "toelichting": note})
    return RedirectResponse(f"/redactie/suggesties/{sid}?verwerkt=aanvaard", status_code=303)


@router.post("/redactie/suggesties/{sid}/afwijzen", response_model=None)
def reject(request: Request, principal: Editor, sid: str,
           form: Annotated[dict[str, str], Depends(form_data)]) -> Response:
    verify_csrf(request, form.get("csrf_token"))
    reason = form.get("reden", "").strip()
    if not reason:
        return _item_with_error(request, sid, "reden", translate(request, N_("Geef een reden op voor de afwijzing.")),
                                {"reden": ""})
    try:
        with session_of(request) as session:
            services.reject_suggestion(session, principal, sid[:ID_MAX], reason)
    except InvalidField as exc:
        return _item_with_error(request, sid, "reden", translate(request, exc.message, **exc.values),
                                {"reden": reason})
    return RedirectResponse(f"/redactie/suggesties/{sid}?verwerkt=afgewezen", status_code=303)
