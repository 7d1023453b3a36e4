"""Editing a record when signed in (``/bewerken``): redacteurs, beheerders and partners of the
organisation with direct edit save at once; other partners send their changes as suggestions.

The form carries the record's version and the values it was based on (``was_<field>``), so only
what the user changed is sent, and a save based on an outdated version is refused with the
conflict page (:func:`wegwijzer.editorial.routes_common.conflict_page`): never silently overwritten.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from wegwijzer.accounts.csrf import verify_csrf
from wegwijzer.accounts.deps import LoggedIn
from wegwijzer.accounts.principal import Principal
from wegwijzer.editorial import services
from wegwijzer.editorial.errors import InvalidField
from wegwijzer.editorial.fields import EDITABLE
from wegwijzer.editorial.pages import (
    PAGE_TYPES,
    TYPE_LABELS,
    EditField,
    changed_values,
    edit_fields,
    record_parts,
    record_url,
)
from wegwijzer.editorial.routes_common import EditorialRoute, form_data, session_of, translate, version_of
from wegwijzer.editorial.routes_suggest import checked_record
from wegwijzer.web import params
from wegwijzer.web.cache import directory
from wegwijzer.web.filters import url_with
from wegwijzer.web.i18n import N_
from wegwijzer.web.rendering import WebError, render

router = APIRouter(route_class=EditorialRoute)
NOTICES: dict[str, str] = {
    "opgeslagen": N_("Uw wijzigingen zijn opgeslagen."),
    "voorgesteld": N_("Uw wijzigingen zijn als voorstel naar de redactie gestuurd."),
    "ongewijzigd": N_("U hebt niets gewijzigd."),
}


def _may_edit(principal: Principal, organization_id: str | None) -> None:
    if not (principal.is_editor or principal.represents(organization_id)):
        raise WebError(403, N_("U kunt alleen de gegevens van uw eigen organisatie bewerken."),
                       title=N_("Geen toegang"))


def edit_context(session: Session, principal: Principal, record_type: str, record_id: str,
                 fields: list[EditField] | None = None, version: int | None = None) -> dict[str, Any]:
    state = services.record_values(session, record_type, record_id)
    _may_edit(principal, state.organization_id)
    parts = []
    if record_type in PAGE_TYPES:
        parts = [p for p in record_parts(directory(session).snapshot, record_type, record_id)
                 if (p.record_type, p.record_id) != (record_type, record_id)]
    direct = principal.is_editor or services.direct_edit_enabled(session, state.organization_id)
    return {
        "record_type": record_type, "record_id": record_id, "record_label": state.label,
        "type_label": TYPE_LABELS[record_type],
        "record_url": record_url(record_type, record_id, state.organization_id),
        "fields": fields if fields is not None else edit_fields(record_type, state.values),
        "version": state.version if version is None else version,
        "parts": parts, "direct": direct, "errors": {},
    }


@router.get("/bewerken", response_class=HTMLResponse)
def edit_form(
    request: Request,
    principal: LoggedIn,
    record_type: Annotated[str, Query(alias="type")] = "",
    record_id: Annotated[str, Query(alias="id")] = "",
) -> HTMLResponse:
    params.check_language(request)
    record_type, record_id = checked_record(record_type, record_id)
    with session_of(request) as session:
        context = edit_context(session, principal, record_type, record_id)
    notices = [NOTICES[key] for key in NOTICES if request.query_params.get(key)]
    return render(request, "editorial_edit.html", {**context, "notices": notices})


@router.post("/bewerken", response_model=None)
def edit_submit(request: Request, principal: LoggedIn,
                form: Annotated[dict[str, str], Depends(form_data)]) -> Response:
    verify_csrf(request, form.get("csrf_token"))
    record_type, record_id = checked_record(form.get("type", ""), form.get("id", ""))
    version = version_of(form)
    changes = changed_values(record_type, form)
    back = url_with("/bewerken", {"type": record_type, "id": record_id})
    if not changes:
        return RedirectResponse(f"{back}&ongewijzigd=1", status_code=303)
    try:
        with session_of(request) as session:
            outcome = services.edit_record(session, principal, record_type, record_id, changes, version)
    except InvalidField as exc:
        fields = [EditField(spec, form.get(f"veld_{name}", ""), form.get(f"was_{name}", ""))
                  for name, spec in EDITABLE[record_type].items()]
        with session_of(request) as session:
            context = edit_context(session, principal, record_type, record_id, fields, version)
        context["errors"] = {"_form": translate(request, exc.message, **exc.values)}
        return render(request, "editorial_edit.html", {**context, "notices": []}, status_code=422)
    key = "opgeslagen" if outcome.applied else "voorgesteld"
    return RedirectResponse(f"{back}&{key}=1", status_code=303)
