""""Meld een wijziging": anyone (also anonymous) proposes a new value for one field of a record or
of one of its parts; a redacteur reviews it (``/redactie``).

The form works without JavaScript: the select's options show the current values; the page shows
the current value of the chosen field (``?veld=``), and enhance.js updates it when another is chosen.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from wegwijzer.accounts.csrf import verify_csrf
from wegwijzer.accounts.deps import current_principal
from wegwijzer.editorial import services
from wegwijzer.editorial.errors import EditorialError, InvalidField
from wegwijzer.editorial.fields import EDITABLE
from wegwijzer.editorial.pages import (
    TYPE_LABELS,
    FieldChoice,
    Part,
    field_choices,
    parse_field_key,
    record_parts,
    record_url,
)
from wegwijzer.editorial.routes_common import EditorialRoute, client_key, form_data, session_of, translate
from wegwijzer.web import params
from wegwijzer.web.cache import directory
from wegwijzer.web.i18n import N_
from wegwijzer.web.rendering import WebError, render

router = APIRouter(route_class=EditorialRoute)
ID_MAX = 64
#: the hidden field that people leave empty and form-filling bots do not
HONEYPOT = "website"


def checked_record(record_type: str, record_id: str) -> tuple[str, str]:
    """The (type, id) asked for, or a 404 page."""
    record_type, record_id = (record_type or "").strip(), (record_id or "").strip()[:ID_MAX]
    if record_type not in EDITABLE or not record_id:
        raise WebError(404, N_("Dit gegeven bestaat niet (meer)."), title=N_("Pagina niet gevonden"))
    return record_type, record_id


def _groups(session: Session, record_type: str, record_id: str,
            own_values: dict[str, str]) -> list[tuple[Part, list[FieldChoice]]]:
    """The record and each of its parts with their editable fields and current values."""
    groups = []
    for part in record_parts(directory(session).snapshot, record_type, record_id):
        if (part.record_type, part.record_id) == (record_type, record_id):
            values = own_values
        else:
            try:
                values = services.record_values(session, part.record_type, part.record_id).values
            except EditorialError:  # removed since the directory was loaded
                continue
        groups.append((part, field_choices([(part, values)])))
    return groups


def error_field(exc: InvalidField, values: dict[str, str]) -> str:
    """Which input of the form an invalid-value error is about."""
    if values.get("email") and exc.values.get("value") == values["email"].strip():
        return "email"
    return "toelichting" if "toelichting" in exc.message else "waarde"


def form_context(session: Session, record_type: str, record_id: str, selected: str,
                 values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    state = services.record_values(session, record_type, record_id)
    groups = _groups(session, record_type, record_id, state.values)
    choices = {choice.key: choice for _part, items in groups for choice in items}
    chosen = choices.get(selected)
    return {
        "record_type": record_type, "record_id": record_id, "record_label": state.label,
        "type_label": TYPE_LABELS[record_type],
        "record_url": record_url(record_type, record_id, state.organization_id),
        "groups": groups, "selected": chosen.key if chosen else "", "chosen": chosen,
        "values": values, "errors": errors, "honeypot": HONEYPOT,
    }


@router.get("/wijziging", response_class=HTMLResponse)
def suggest_form(
    request: Request,
    record_type: Annotated[str, Query(alias="type")] = "",
    record_id: Annotated[str, Query(alias="id")] = "",
    veld: str = "",
) -> HTMLResponse:
    params.check_language(request)
    record_type, record_id = checked_record(record_type, record_id)
    with session_of(request) as session:
        context = form_context(session, record_type, record_id, veld, {}, {})
    if context["chosen"] is not None:
        context["values"] = {"waarde": context["chosen"].current}
    return render(request, "editorial_suggest.html", context)


@router.post("/wijziging", response_class=HTMLResponse)
def suggest_submit(request: Request, form: Annotated[dict[str, str], Depends(form_data)]) -> HTMLResponse:
    verify_csrf(request, form.get("csrf_token"))
    record_type, record_id = checked_record(form.get("type", ""), form.get("id", ""))
    values = {k: form.get(k, "") for k in ("waarde", "toelichting", "email")}
    errors: dict[str, str] = {}
    if form.get(HONEYPOT, "").strip():
        errors["_form"] = translate(request, N_("Laat het veld voor robots leeg en verstuur de melding opnieuw."))
    target = parse_field_key(form.get("veld", ""))
    if target is None:
        errors["veld"] = translate(request, N_("Kies welk gegeven u wilt wijzigen."))
    if not errors and target is not None:
        try:
            with session_of(request) as session:
                view = services.submit_suggestion(
                    session, current_principal(request), target[0], target[1], target[2], values["waarde"],
                    note=values["toelichting"], submitter_email=values["email"] or None, source="web",
                    client_key=client_key(request))
            return render(request, "editorial_thanks.html", {
                "suggestion": view, "record_label": view.record_label, "record_type": record_type,
                "record_id": record_id,
                "record_url": record_url(record_type, record_id, view.organization_id)})
        except InvalidField as exc:
            errors[error_field(exc, values)] = translate(request, exc.message, **exc.values)
    with session_of(request) as session:
        context = form_context(session, record_type, record_id, form.get("veld", ""), values, errors)
    return render(request, "editorial_suggest.html", context, status_code=422 if "_form" not in errors else 400)
